"""A fake Rasa server for tests of `bot/` without a trained model."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

Reply = list[dict[str, Any]]


class FakeRasa:
    """Records what reaches Rasa; answers with queued replies, else with `default`."""

    def __init__(self, default: Callable[[dict[str, Any]], Reply] | None = None) -> None:
        self.received: list[dict[str, Any]] = []
        self.answers: list[Reply] = []
        self.status = 200
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
        body = await request.json()
        self.received.append(body)
        if self.status != 200:
            return web.json_response({"error": "boom"}, status=self.status)
        return web.json_response(self.answers.pop(0) if self.answers else self.default(body))

    async def ready(self, request: web.Request) -> web.Response:
        return web.json_response({"ready": True})


@contextlib.asynccontextmanager
async def serving(fake: FakeRasa) -> AsyncIterator[str]:
    """Run the fake on a free port; yields its base URL."""
    app = web.Application()
    app.router.add_post("/webhooks/kommmit/webhook", fake.webhook)
    app.router.add_get("/webhooks/kommmit/ready", fake.ready)
    app.router.add_get("/health", fake.ready)
    server = TestServer(app)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()
