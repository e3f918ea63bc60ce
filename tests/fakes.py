"""Test servers: a fake Rasa for tests of `bot/` without a trained model, and a
background event loop that serves aiohttp apps to synchronous tests."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any, TypeVar

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.internal_auth import HEADER, is_internal
from tools.localhost import free_port

Reply = list[dict[str, Any]]


class Clock:
    """A clock tests move by hand (sessions, expiry, waits)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


T = TypeVar("T")


class FakeRasa:
    """Records what reaches Rasa; answers with queued replies, else with `default`."""

    def __init__(self, default: Callable[[dict[str, Any]], Reply] | None = None) -> None:
        self.received: list[dict[str, Any]] = []
        self.appended: list[dict[str, Any]] = []  # bodies of the internal "append events" route
        self.forgotten: list[str] = []  # conversations deleted through the internal route
        self.forget_status = 200
        self.expired_before: list[float] = []
        self.answers: list[Reply] = []
        self.status = 200
        self.is_ready = True  # False: like a Rasa still loading its model (503 on /ready)
        self.reply_language = "de"
        self.default = default or self.standard_reply

    def standard_reply(self, body: dict[str, Any]) -> Reply:
        lang = self.reply_language
        return [
            {
                "text": "antwort",
                "buttons": [{"title": "Ja", "payload": "/affirm"}],
                "language": lang,
                "direction": "rtl" if lang in ("ar", "fa") else "ltr",
                "utter_action": "utter_greet",
            }
        ]

    async def webhook(self, request: web.Request) -> web.Response:
        if not is_internal(request.headers.get(HEADER)):
            return web.json_response({"error": "forbidden"}, status=403)
        body = await request.json()
        self.received.append(body)
        if self.status != 200:
            return web.json_response({"error": "boom"}, status=self.status)
        return web.json_response(self.answers.pop(0) if self.answers else self.default(body))

    async def ready(self, request: web.Request) -> web.Response:
        return web.json_response({"ready": self.is_ready}, status=200 if self.is_ready else 503)

    async def forget(self, request: web.Request) -> web.Response:
        if not is_internal(request.headers.get(HEADER)):
            return web.json_response({"error": "forbidden"}, status=403)
        if self.forget_status != 200:
            return web.json_response({"error": "boom"}, status=self.forget_status)
        self.forgotten.append(str((await request.json())["sender"]))
        return web.json_response({"removed_events": 7})

    async def expire(self, request: web.Request) -> web.Response:
        if not is_internal(request.headers.get(HEADER)):
            return web.json_response({"error": "forbidden"}, status=403)
        self.expired_before.append(float((await request.json())["before"]))
        return web.json_response({"removed_conversations": 0})

    async def append_events(self, request: web.Request) -> web.Response:
        """Like the real channel: only with the internal token; records what was appended."""
        if not is_internal(request.headers.get(HEADER)):
            return web.json_response({"error": "forbidden"}, status=403)
        if self.status != 200:
            return web.json_response({"error": "boom"}, status=self.status)
        self.appended.append(await request.json())
        return web.json_response({"paused": False})


@contextlib.asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    """Serve `app` on a free port of this event loop; yields its base URL."""
    server = TestServer(app)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


@contextlib.asynccontextmanager
async def serving(fake: FakeRasa) -> AsyncIterator[str]:
    """Run the fake on a free port; yields its base URL."""
    app = web.Application()
    app.router.add_post("/webhooks/kommmit/webhook", fake.webhook)
    app.router.add_get("/webhooks/kommmit/ready", fake.ready)
    app.router.add_get("/health", fake.ready)
    app.router.add_post("/webhooks/kommmit/events", fake.append_events)
    app.router.add_post("/webhooks/kommmit/forget", fake.forget)
    app.router.add_post("/webhooks/kommmit/expire", fake.expire)
    async with served(app) as url:
        yield url


class BackgroundLoop:
    """An event loop in a daemon thread, serving aiohttp apps for synchronous tests
    (the stack's subprocesses, Playwright) and running coroutines on their behalf."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def serve(self, app: web.Application, port: int | None = None) -> str:
        """Start `app` on loopback; returns its base URL."""
        chosen = port or free_port()

        async def start() -> None:
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", chosen).start()

        self.run(start(), timeout=30)
        return f"http://127.0.0.1:{chosen}"

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
