"""Talk to Rasa's `kommmit` channel (see `rasa_ext/channel.py`).

Why one place: every channel sends through here, and any failure becomes one
exception, `RasaUnavailable`, which channels turn into a polite "try again".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.internal_auth import HEADER, internal_token

log = logging.getLogger(__name__)


# The key of the custom payload our channel adds to a turn's reply when `bot/` asks for
# what was understood ("with_parse": [slot names], for a message written while staff have
# the conversation; see rasa_ext/channel.py).
PARSE_REPORT = "kommmit_parse_report"


class RasaUnavailable(Exception):
    """Rasa is down, not ready, too slow, or the turn failed."""


@dataclass(frozen=True)
class Parsed:
    """What Rasa understood of one message: its parse data (intent, ranking, second
    intent) and the situation slots the tracker knows afterwards."""

    parse_data: dict[str, Any]
    slots: dict[str, Any]


class RasaClient:
    def __init__(self, base_url: str, session: aiohttp.ClientSession, timeout: float) -> None:
        self._base = base_url.rstrip("/")
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        messages = await self._post("webhook", body)
        if not isinstance(messages, list):
            raise RasaUnavailable("Rasa answered something that is not a list")
        return [m for m in messages if isinstance(m, dict)]

    async def send_for_staff(
        self, conversation_id: str, text: str, metadata: dict[str, Any], slots: Sequence[str]
    ) -> Parsed | None:
        """Log a message written while staff have the conversation (the tracker is paused,
        so nothing is answered) and return what Rasa understood of it, with the values of
        the named `slots` (None when the channel did not say, e.g. an older version)."""
        body = {
            "sender": conversation_id,
            "message": text,
            "metadata": metadata,
            "with_parse": list(slots),
        }
        messages = await self._post("webhook", body)
        for message in messages if isinstance(messages, list) else []:
            custom = message.get("custom") if isinstance(message, dict) else None
            report = custom.get(PARSE_REPORT) if isinstance(custom, dict) else None
            if isinstance(report, dict) and isinstance(report.get("parse_data"), dict):
                values = report.get("slots")
                return Parsed(report["parse_data"], values if isinstance(values, dict) else {})
        return None

    async def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        """Write events into a tracker (staff messages, resuming after a handoff)."""
        await self._internal("events", {"sender": conversation_id, "events": events})

    async def forget(self, conversation_id: str) -> int:
        """Delete a conversation's tracker; returns the number of events removed."""
        answer = await self._internal("forget", {"sender": conversation_id})
        return int(answer.get("removed_events") or 0)

    async def expire(self, before: float) -> int:
        """Delete trackers without activity since `before` (Unix seconds)."""
        answer = await self._internal("expire", {"before": before})
        return int(answer.get("removed_conversations") or 0)

    async def _internal(self, route: str, body: dict[str, Any]) -> dict[str, Any]:
        """One of our channel's internal routes (needs the shared internal token)."""
        answer = await self._post(route, body)
        return answer if isinstance(answer, dict) else {}

    async def _post(self, route: str, body: dict[str, Any]) -> Any:
        """POST `body` to a route of our channel with the internal token; the parsed JSON
        answer, or RasaUnavailable for any failure (connection, timeout, status, JSON)."""
        url = f"{self._base}/webhooks/kommmit/{route}"
        headers = {HEADER: internal_token()}
        try:
            async with self._session.post(
                url, json=body, headers=headers, timeout=self._timeout
            ) as resp:
                if resp.status != 200:
                    raise RasaUnavailable(f"Rasa answered {resp.status} to {route}")
                return await resp.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error

    async def ready(self) -> bool:
        return await _ok(self._session, f"{self._base}/webhooks/kommmit/ready")


async def _ok(session: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=3)) as resp:
            return resp.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def actions_ready(session: aiohttp.ClientSession, actions_url: str) -> bool:
    return await _ok(session, f"{actions_url.rstrip('/')}/health")
