"""Closed-loop load: N simulated users, each starting the next message only after
the answer to the previous one arrived (like people in a chat, unlike a flood).

Why aiohttp with one connection pool per user: a browser tab or a Telegram
webhook keeps its connection alive; the pool matches that and keeps the client
cheap enough to share two cores with the stack it measures.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import numpy as np

from bench.scripts import LANGUAGES, Phrases, Say

User = Callable[[Say, str, Phrases, random.Random], Awaitable[str]]  # -> outcome
# How a target takes one message: (session, conversation id, text) -> answer.
Send = Callable[[aiohttp.ClientSession, str, str], Awaitable[dict[str, Any]]]
TIMEOUT = aiohttp.ClientTimeout(total=30)


class Failed(Exception):
    """A request that did not get a usable answer (status, timeout, not JSON)."""


def address_of(conversation: str) -> str:
    """A private-range address of the simulated user's own (the same for the same id)."""
    digest = hashlib.sha256(conversation.encode()).digest()
    return f"10.{digest[0]}.{digest[1]}.{digest[2] or 1}"


def chat_api(base_url: str) -> Send:
    """Our public chat API, as the web widget uses it: the server issues each simulated
    conversation its id (`POST /api/v1/conversations`) before its first message."""
    issued: dict[str, str] = {}  # the simulated user's conversation -> the server's id

    async def send(session: aiohttp.ClientSession, conversation: str, text: str) -> dict[str, Any]:
        # Each simulated newcomer has an address of their own, as our proxy reports it
        # (the stack trusts it: KOMM_MIT_TRUST_PROXY=1); otherwise all share 127.0.0.1
        # and the calendar's per-address limit refuses bookings after the 20th.
        headers = {"X-Forwarded-For": address_of(conversation)}
        if conversation not in issued:
            async with session.post(
                f"{base_url}/api/v1/conversations", headers=headers, timeout=TIMEOUT
            ) as resp:
                body = await resp.text()
                if resp.status != 201:
                    raise Failed(f"{resp.status}: {body[:200]}")
            issued[conversation] = str(json.loads(body)["conversation_id"])
        url = f"{base_url}/api/v1/conversations/{issued[conversation]}/messages"
        async with session.post(url, json={"text": text}, headers=headers, timeout=TIMEOUT) as resp:
            body = await resp.text()
            if resp.status != 200:
                raise Failed(f"{resp.status}: {body[:200]}")
        answer = json.loads(body)
        if not answer.get("messages") and not answer.get("handoff"):
            raise Failed("no answer")
        return dict(answer)

    return send


def rasa_rest(base_url: str) -> Send:
    """Rasa's REST channel, as the `rasa init` starter bot offers it."""

    async def send(session: aiohttp.ClientSession, conversation: str, text: str) -> dict[str, Any]:
        url = f"{base_url}/webhooks/rest/webhook"
        async with session.post(
            url, json={"sender": conversation, "message": text}, timeout=TIMEOUT
        ) as resp:
            body = await resp.text()
            if resp.status != 200:
                raise Failed(f"{resp.status}: {body[:200]}")
        messages = json.loads(body)
        if not messages:
            raise Failed("no answer")
        return {"messages": messages}

    return send


@dataclass
class Result:
    users: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def conversations(self) -> int:
        return sum(self.outcomes.values())

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    @property
    def throughput(self) -> float:
        """Answered requests per second."""
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        return float(np.percentile(self.latencies_ms, p))

    def summary(self) -> dict[str, Any]:
        return {
            "users": self.users,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "errors": self.errors,
            "conversations": self.conversations,
            "outcomes": dict(self.outcomes),
            "throughput_rps": round(self.throughput, 2),
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "error_samples": self.error_samples[:5],
        }


async def run_load(
    send: Send,
    user: User,
    phrases: dict[str, Phrases],
    users: int,
    seconds: float,
    warmup: float = 3.0,
    seed: int = 8,
) -> Result:
    """Keep `users` conversations going for `warmup + seconds`; measure the last `seconds`.

    A request counts when it starts inside the measured window; users stop
    starting new requests when the window ends.
    """
    result = Result(users=users, seconds=seconds)
    start = time.monotonic()
    measure_from, stop_at = start + warmup, start + warmup + seconds

    class Stop(Exception):
        pass

    async def one_user(index: int) -> None:
        rng = random.Random(f"{seed}-{users}-{index}")
        connector = aiohttp.TCPConnector(limit=1)
        async with aiohttp.ClientSession(connector=connector) as session:
            while time.monotonic() < stop_at:
                lang = LANGUAGES[(index + result.conversations) % len(LANGUAGES)]
                conversation = f"bench-{users}-{index}-{uuid.uuid4().hex[:12]}"

                async def say(text: str, conversation: str = conversation) -> dict[str, Any]:
                    began = time.monotonic()
                    if began >= stop_at:
                        raise Stop
                    try:
                        answer = await send(session, conversation, text)
                    except (Failed, aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                        if began >= measure_from:
                            result.errors += 1
                            result.error_samples.append(f"{type(error).__name__}: {error}")
                        raise
                    if began >= measure_from:
                        result.latencies_ms.append((time.monotonic() - began) * 1000)
                    return answer

                try:
                    outcome = await user(say, lang, phrases[lang], rng)
                except Stop:
                    return
                except (Failed, aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                    await asyncio.sleep(0.5)  # a failed user waits a moment and starts anew
                    continue
                result.outcomes[outcome] += 1

    await asyncio.gather(*(one_user(i) for i in range(users)))
    return result
