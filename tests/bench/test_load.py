"""The closed loop keeps exactly N conversations going and counts failures."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from aiohttp import web

from bench import load
from bench.scripts import Phrases, Say
from tests.fakes import served

PHRASES = {lang: Phrases(["hi"], ["q1", "q2"], ["bye"]) for lang in load.LANGUAGES}


async def talker(say: Say, lang: str, phrases: Phrases, rng: random.Random) -> str:
    for text in ("one", "two", "three"):
        await say(text)
    return "booked"


@pytest.fixture
async def server() -> Any:
    state: dict[str, Any] = {"now": 0, "most": 0, "calls": 0, "fail_every": 0, "created": 0}
    state["addresses"] = {}  # conversation id -> the addresses its requests came from

    async def handle(request: web.Request) -> web.Response:
        forwarded = request.headers.get("X-Forwarded-For")
        state["addresses"].setdefault(request.match_info["cid"], set()).add(forwarded)
        state["calls"] += 1
        state["now"] += 1
        state["most"] = max(state["most"], state["now"])
        try:
            await asyncio.sleep(0.01)
            if state["fail_every"] and state["calls"] % state["fail_every"] == 0:
                return web.json_response({"error": "boom"}, status=503)
            return web.json_response({"messages": [{"text": "ok", "buttons": []}]})
        finally:
            state["now"] -= 1

    async def create(request: web.Request) -> web.Response:
        state["created"] += 1
        return web.json_response({"conversation_id": f"w-{state['created']}"}, status=201)

    app = web.Application()
    app.router.add_post("/api/v1/conversations", create)
    app.router.add_post("/api/v1/conversations/{cid}/messages", handle)
    async with served(app) as url:
        yield url, state


async def test_never_more_requests_in_flight_than_users(server: Any) -> None:
    url, state = server
    send = load.chat_api(url)
    result = await load.run_load(send, talker, PHRASES, users=4, seconds=0.6, warmup=0.1)
    assert state["most"] == 4
    assert result.errors == 0 and result.conversations > 4
    assert result.summary()["outcomes"] == {"booked": result.conversations}
    assert state["created"] >= result.conversations  # the server issued every conversation id
    assert result.throughput > 0 and result.percentile(50) >= 10


async def test_failed_answers_are_counted_as_errors(server: Any) -> None:
    url, state = server
    state["fail_every"] = 5
    send = load.chat_api(url)
    result = await load.run_load(send, talker, PHRASES, users=2, seconds=0.5, warmup=0)
    assert result.errors > 0
    assert "503" in result.error_samples[0]
    assert result.requests == len(result.latencies_ms) + result.errors


async def test_each_simulated_user_comes_from_an_address_of_its_own(server: Any) -> None:
    """The calendar limits bookings per address; one shared address would refuse them."""
    url, state = server
    send = load.chat_api(url)
    result = await load.run_load(send, talker, PHRASES, users=4, seconds=0.4, warmup=0)
    assert result.conversations >= 4
    seen = state["addresses"]
    assert all(len(addresses) == 1 and None not in addresses for addresses in seen.values())
    assert len({next(iter(addresses)) for addresses in seen.values()}) == len(seen)
