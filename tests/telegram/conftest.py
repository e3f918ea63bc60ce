"""A local Bot API test double and a fake Rasa, so the real PTB application can be driven.

`FakeBotApi` answers the Bot API methods the channel uses, records every call with
its parameters, serves queued updates to long polling, and can be told to fail a
method (e.g. 429 with `retry_after`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.booking.store import BookingStore
from bot.conversation import Conversations
from bot.forget import Forgetter
from bot.handoff.routing import HandoffRouter
from bot.handoff.store import HandoffStore
from bot.live import Live
from bot.rasa_client import RasaClient
from bot.settings import TelegramSettings
from bot.telegram.channel import TelegramChannel
from tests.booking.conftest import make_store
from tests.fakes import FakeRasa, served, serving

TOKEN = "123456:TEST-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Komm Mit", "username": "KommMitBot"}


@dataclass
class FakeBotApi:
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    next_update_id: int = 1
    next_message_id: int = 100
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def push(self, update: dict[str, Any]) -> None:
        self.updates.append({"update_id": self.next_update_id, **update})
        self.next_update_id += 1
        self.arrived.set()

    def sent(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def wait_for(
        self, method: str, count: int = 1, timeout: float = 15
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.sent(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{method} x{count} not called; calls: {self.calls}")
            await asyncio.sleep(0.05)
        return self.sent(method)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        if request.content_type == "application/json":
            params = await request.json()
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    params[key] = {"filename": value.filename, "body": value.file.read()}
                else:
                    try:
                        params[key] = json.loads(value)
                    except ValueError:
                        params[key] = value
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._updates(params)})
        self.calls.append((method, params))
        if self.failures.get(method):
            status, body = self.failures[method].pop(0)
            return web.json_response(body, status=status)
        return web.json_response({"ok": True, "result": self._result(method, params)})

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates:  # long polling, shortened for tests
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), timeout=0.5)
            except asyncio.TimeoutError:
                return []
        return list(self.updates)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "sendDocument", "sendVenue", "editMessageReplyMarkup"):
            self.next_message_id += 1
            chat_id = int(params.get("chat_id") or 0)
            return {
                "message_id": params.get("message_id") or self.next_message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": params.get("text", ""),
            }
        return True


def echo(body: dict[str, Any]) -> list[dict[str, Any]]:
    hint = (body.get("metadata") or {}).get("language_hint") or "de"
    return [{"text": f"echo: {body['message']}", "language": hint}]


@pytest.fixture
async def bot_api() -> AsyncIterator[tuple[FakeBotApi, str]]:
    fake = FakeBotApi()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", fake.handle)
    async with served(app) as url:
        yield fake, url


@pytest.fixture
async def rasa() -> AsyncIterator[tuple[FakeRasa, str]]:
    fake = FakeRasa(default=echo)
    async with serving(fake) as url:
        yield fake, url


@pytest.fixture
def store(tmp_path: Path) -> BookingStore:
    return make_store(f"sqlite:///{tmp_path / 'telegram.db'}")


@asynccontextmanager
async def polling_channel(
    api_url: str, rasa_url: str, store: BookingStore, **settings: Any
) -> AsyncIterator[TelegramChannel]:
    """The real PTB application in polling mode against the test double (not started)."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        client = RasaClient(rasa_url, session, 10)
        handoffs = HandoffStore(store.engine)
        conversations = Conversations(
            client,
            HandoffRouter(handoffs, client, Live()),
            Forgetter(store, handoffs, client),
        )
        yield TelegramChannel(
            TelegramSettings(token=TOKEN, api_base_url=api_url, notice_interval=0.2, **settings),
            conversations,
            store,
        )


WEBHOOK_SECRET = "s3cret-Token_1"


def webhook_app(
    api_url: str, rasa_url: str, store: BookingStore, **settings: Any
) -> web.Application:
    """`bot/` with the Telegram channel in webhook mode against the test double."""
    from bot.settings import Settings
    from bot.web.app import create_app
    from bot.web.app_keys import BOOKING_STORE

    telegram = TelegramSettings(
        token=TOKEN,
        api_base_url=api_url,
        webhook_url="https://chat.example.org/telegram/webhook",
        webhook_secret=WEBHOOK_SECRET,
        **settings,
    )
    app = create_app(Settings(rasa_url=rasa_url, actions_url=rasa_url, telegram=telegram))
    app[BOOKING_STORE] = store
    return app


@pytest.fixture
async def channel(
    bot_api: tuple[FakeBotApi, str], rasa: tuple[FakeRasa, str], store: BookingStore
) -> AsyncIterator[TelegramChannel]:
    """The real PTB application in polling mode against the test double."""
    async with polling_channel(bot_api[1], rasa[1], store) as running:
        await running.start()
        try:
            yield running
        finally:
            await running.stop()


def private_message(
    text: str, user_id: int = 4242, lang: str | None = "uk", **extra: Any
) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Test"}
    if lang:
        user["language_code"] = lang
    message = {
        "message_id": 1,
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private"},
        "from": user,
        **({"text": text} if text is not None else {}),
        **extra,
    }
    return {"message": message}
