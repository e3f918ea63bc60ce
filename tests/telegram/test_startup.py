"""Nothing a person sends while the assistant starts (or Rasa restarts) is lost or
answered with "please try again": updates are taken only once Rasa is ready."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.booking.store import BookingStore
from bot.telegram.channel import TelegramChannel
from bot.texts.channels import fixed_text
from tests.fakes import FakeRasa
from tests.telegram.conftest import (
    WEBHOOK_SECRET,
    FakeBotApi,
    polling_channel,
    private_message,
    webhook_app,
)

SECRET = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
TRY_AGAIN = {html.escape(fixed_text("unavailable", lang), quote=False) for lang in ("uk", "de")}


@pytest.fixture
async def starting_channel(
    bot_api: tuple[FakeBotApi, str], rasa: tuple[FakeRasa, str], store: BookingStore
) -> AsyncIterator[TelegramChannel]:
    """A polling channel started as `bot/` starts it (in the background, not awaited)."""
    async with polling_channel(bot_api[1], rasa[1], store, ready_interval=0.1) as channel:
        starting = asyncio.create_task(channel.start_when_reachable())
        try:
            yield channel
        finally:
            starting.cancel()
            await channel.stop()


async def test_updates_queued_before_rasa_is_ready_are_answered_once_it_is(
    starting_channel: TelegramChannel, bot_api: tuple[FakeBotApi, str], rasa: tuple[FakeRasa, str]
) -> None:
    api, _ = bot_api
    fake_rasa, _ = rasa
    fake_rasa.is_ready = False  # still loading its model
    api.push(private_message("Привіт, мені потрібен термін", lang="uk"))
    api.push(private_message("Hallo, ich brauche einen Termin", user_id=5151, lang="de"))
    await api.wait_for("setMyCommands")  # the channel has started talking to Telegram
    await asyncio.sleep(1.0)
    assert fake_rasa.received == []
    assert api.sent("sendMessage") == []
    assert len(api.updates) == 2  # not fetched: they wait at Telegram
    fake_rasa.is_ready = True
    answers = await api.wait_for("sendMessage", 2)
    assert sorted(a["text"] for a in answers) == [
        "echo: Hallo, ich brauche einen Termin",
        "echo: Привіт, мені потрібен термін",
    ]
    assert not TRY_AGAIN & {a["text"] for a in api.sent("sendMessage")}
    # The action server limits bookings per Telegram user: a keyed hash, not the user id.
    clients = {r["metadata"]["client"] for r in fake_rasa.received}
    assert len(clients) == 2
    assert all(c.startswith("u-") and "4242" not in c and "5151" not in c for c in clients)


async def test_a_turn_waits_for_a_rasa_that_went_away_instead_of_saying_try_again(
    starting_channel: TelegramChannel, bot_api: tuple[FakeBotApi, str], rasa: tuple[FakeRasa, str]
) -> None:
    api, _ = bot_api
    fake_rasa, _ = rasa
    await api.wait_for("deleteWebhook")  # polling is about to start
    fake_rasa.status, fake_rasa.is_ready = 503, False  # Rasa restarts
    api.push(private_message("Привіт", lang="uk"))
    await asyncio.sleep(1.0)
    assert fake_rasa.received  # it reached Rasa, which failed
    assert api.sent("sendMessage") == []  # waiting, not "try again"
    fake_rasa.status, fake_rasa.is_ready = 200, True
    [answer] = await api.wait_for("sendMessage")
    assert answer["text"] == "echo: Привіт"
    api.push(private_message("ще одне", lang="uk"))  # polling runs again
    await api.wait_for("sendMessage", 2)


async def test_a_turn_that_fails_while_rasa_is_up_is_answered_with_try_again(
    starting_channel: TelegramChannel, bot_api: tuple[FakeBotApi, str], rasa: tuple[FakeRasa, str]
) -> None:
    api, _ = bot_api
    fake_rasa, _ = rasa
    fake_rasa.status = 500  # the turn failed, Rasa itself is up: sending again could repeat it
    api.push(private_message("Привіт", lang="uk"))
    [answer] = await api.wait_for("sendMessage")
    assert answer["text"] in TRY_AGAIN
    assert len(fake_rasa.received) == 1


@pytest.fixture
async def webhook_client(
    bot_api: tuple[FakeBotApi, str], rasa: tuple[FakeRasa, str], store: BookingStore
) -> AsyncIterator[TestClient]:
    rasa[0].is_ready = False  # still loading its model
    app = webhook_app(bot_api[1], rasa[1], store, ready_interval=0.1)
    async with TestClient(TestServer(app)) as client:
        await bot_api[0].wait_for("setMyCommands")
        yield client


async def test_the_webhook_answers_503_until_rasa_is_ready_then_200(
    webhook_client: TestClient, bot_api: tuple[FakeBotApi, str], rasa: tuple[FakeRasa, str]
) -> None:
    api, _ = bot_api
    fake_rasa, _ = rasa
    update: dict[str, Any] = {"update_id": 1, **private_message("hallo", lang="de")}
    resp = await webhook_client.post("/telegram/webhook", json=update, headers=SECRET)
    assert resp.status == 503  # Telegram delivers it again later
    assert fake_rasa.received == [] and api.sent("sendMessage") == []
    fake_rasa.is_ready = True
    await api.wait_for("setWebhook")
    resp = await webhook_client.post("/telegram/webhook", json=update, headers=SECRET)
    assert resp.status == 200
    [answer] = await api.wait_for("sendMessage")
    assert answer["text"] == "echo: hallo"
