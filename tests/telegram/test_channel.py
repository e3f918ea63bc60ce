"""The Telegram channel: the real PTB application against a local Bot API double."""

from __future__ import annotations

import asyncio
import html
import time
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.booking.store import BookingStore, Who
from bot.clock import NOW_VARIABLE
from bot.handoff.store import HandoffStore
from bot.settings import Settings, SettingsError, TelegramSettings
from bot.staff.accounts import StaffAccounts
from bot.telegram.channel import TelegramChannel
from bot.texts import Context, render
from bot.texts.canned import canned_text
from bot.texts.channels import fixed_text
from bot.texts.handoff import back_button, staff_label
from bot.web.app import create_app
from bot.web.web_ids import new_conversation_id
from tests.booking.conftest import fill
from tests.fakes import FakeRasa
from tests.telegram.conftest import TOKEN, FakeBotApi, private_message, webhook_app

LONG_PAYLOAD = (
    '/book_appointment{"service": "integration_commissioner", '
    '"booking_concern": "integration_advice"}'
)


@pytest.fixture
def api(bot_api: tuple[FakeBotApi, str]) -> FakeBotApi:
    """The Bot API double the channel talks to."""
    return bot_api[0]


@pytest.fixture
def fake_rasa(rasa: tuple[FakeRasa, str]) -> FakeRasa:
    """The Rasa double the channel hands the messages to."""
    return rasa[0]


async def test_commands_are_registered_in_every_language(
    channel: TelegramChannel, api: FakeBotApi
) -> None:
    calls = api.sent("setMyCommands")
    assert {c.get("language_code") for c in calls} == {
        None,
        "de",
        "en",
        "ar",
        "fa",
        "uk",
        "ru",
        "tr",
    }
    ukrainian = next(c for c in calls if c.get("language_code") == "uk")["commands"]
    assert [c["command"] for c in ukrainian] == [
        "start",
        "language",
        "help",
        "appointments",
        "human",
        "bot",
        "delete",
    ]
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in c["description"]) for c in ukrainian)
    assert api.sent("deleteWebhook")  # polling mode


async def test_ukrainian_conversation_with_a_button_click(
    channel: TelegramChannel, api: FakeBotApi, fake_rasa: FakeRasa
) -> None:
    fake_rasa.answers = [
        [
            {
                "text": "Оберіть, будь ласка:",
                "buttons": [{"title": "Записатися", "payload": LONG_PAYLOAD}],
                "language": "uk",
            }
        ],
        [{"text": "Добре, записуємо.", "language": "uk"}],
    ]
    api.push(private_message("Привіт, мені потрібен термін", lang="uk"))
    [question] = await api.wait_for("sendMessage")
    assert question["parse_mode"] == "HTML"
    [[button]] = question["reply_markup"]["inline_keyboard"]
    assert button["text"] == "Записатися"
    assert len(button["callback_data"].encode()) <= 64  # long payloads are kept server-side
    assert api.sent("sendChatAction")[0]["action"] == "typing"
    user = {"id": 4242, "is_bot": False, "first_name": "Test", "language_code": "uk"}
    api.push(
        {
            "callback_query": {
                "id": "cb-1",
                "from": user,
                "chat_instance": "ci-1",
                "data": button["callback_data"],
                "message": {
                    "message_id": 101,
                    "date": int(time.time()),
                    "chat": {"id": 4242, "type": "private"},
                    "text": "Оберіть, будь ласка:",
                },
            }
        }
    )
    await api.wait_for("sendMessage", 2)
    assert api.sent("answerCallbackQuery")[0]["callback_query_id"] == "cb-1"
    assert api.sent("editMessageReplyMarkup")[0]["message_id"] == 101  # no second click
    assert [r["message"] for r in fake_rasa.received] == [
        "Привіт, мені потрібен термін",
        LONG_PAYLOAD,
    ]
    assert {r["sender"] for r in fake_rasa.received} == {"tg-4242"}
    assert fake_rasa.received[0]["metadata"]["channel"] == "telegram"


async def test_arabic_start_uses_telegrams_language_code(
    channel: TelegramChannel, api: FakeBotApi, fake_rasa: FakeRasa
) -> None:
    entities = [{"type": "bot_command", "offset": 0, "length": 6}]
    api.push(private_message("/start", user_id=777, lang="ar", entities=entities))
    [answer] = await api.wait_for("sendMessage")
    [received] = fake_rasa.received
    assert received["message"] == "/greet"
    assert received["metadata"]["language_hint"] == "ar"
    assert answer["chat_id"] == 777


async def test_voice_messages_get_a_polite_text_only_answer_in_the_users_language(
    channel: TelegramChannel, api: FakeBotApi, fake_rasa: FakeRasa
) -> None:
    voice = {"file_id": "v1", "file_unique_id": "u1", "duration": 3}
    api.push(private_message(None, lang="fa", voice=voice))  # type: ignore[arg-type]
    [answer] = await api.wait_for("sendMessage")
    assert answer["text"] == html.escape(fixed_text("not_text", "fa"), quote=False)
    assert fake_rasa.received == []


async def test_edited_messages_and_groups_are_answered_without_a_turn(
    channel: TelegramChannel, api: FakeBotApi, fake_rasa: FakeRasa
) -> None:
    edited = private_message("fixed typo", lang="ru")["message"]
    api.push({"edited_message": {**edited, "edit_date": int(time.time())}})
    group = private_message(
        "/start@KommMitBot",
        lang="tr",
        entities=[{"type": "bot_command", "offset": 0, "length": 17}],
    )
    group["message"]["chat"] = {"id": -1001, "type": "supergroup", "title": "Group"}
    api.push(group)
    answers = await api.wait_for("sendMessage", 2)
    assert answers[0]["text"] == html.escape(fixed_text("edited", "ru"), quote=False)
    assert answers[1]["chat_id"] == -1001
    assert answers[1]["text"] == html.escape(fixed_text("group", "tr"), quote=False)
    assert fake_rasa.received == []


async def test_a_429_is_retried_after_the_time_telegram_asks_for(
    channel: TelegramChannel, api: FakeBotApi
) -> None:
    too_many = {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    api.failures["sendMessage"] = [(429, too_many)]
    started = time.monotonic()
    api.push(private_message("hallo", lang="de"))
    calls = await api.wait_for("sendMessage", 2)
    assert time.monotonic() - started >= 1.0
    assert calls[0]["text"] == calls[1]["text"]  # the same message, delivered on the retry


async def test_long_answers_are_split_and_html_is_escaped(
    channel: TelegramChannel, api: FakeBotApi, fake_rasa: FakeRasa
) -> None:
    long_text = "<b>Kreishaus</b> & " + "Wort " * 1500
    fake_rasa.answers = [
        [{"text": long_text, "buttons": [{"title": "OK", "payload": "/affirm"}], "language": "de"}]
    ]
    api.push(private_message("<script>alert(1)</script>", lang="de"))
    parts = await api.wait_for("sendMessage", 2)
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert parts[0]["text"].startswith("&lt;b&gt;Kreishaus&lt;/b&gt; &amp; ")
    assert "reply_markup" not in parts[0] and parts[-1]["reply_markup"]  # buttons on the last part
    assert all(not p["text"].endswith("Wor") for p in parts)  # no word is cut
    assert fake_rasa.received[0]["message"] == "<script>alert(1)</script>"


async def test_a_booking_calendar_file_is_sent_as_a_document(
    channel: TelegramChannel, api: FakeBotApi, fake_rasa: FakeRasa, store: BookingStore
) -> None:
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(
        Who("tg-4242", "telegram", "uk"), "foreigners_office", "permit_extension", slot.start
    )
    attachment = {
        "url": f"/api/v1/x/{item.reference}.ics",
        "filename": f"{item.reference}.ics",
        "type": "text/calendar",
    }
    fake_rasa.answers = [
        [{"text": f"Номер запису: {item.reference}", "attachment": attachment, "language": "uk"}]
    ]
    api.push(private_message("/affirm", lang="uk"))
    [document] = await api.wait_for("sendDocument")
    assert document["document"]["filename"] == f"{item.reference}.ics"
    assert b"BEGIN:VEVENT" in document["document"]["body"]


async def test_a_freed_time_reaches_the_waiting_telegram_user(
    channel: TelegramChannel, api: FakeBotApi, store: BookingStore
) -> None:
    booked = fill(store, "integration_commissioner", "discrimination")
    store.join_waitlist(
        Who("tg-5151", "telegram", "ar"), "integration_commissioner", "discrimination"
    )
    store.cancel(booked[0].conversation_id, booked[0].reference)
    [notice] = await api.wait_for("sendMessage")
    assert notice["chat_id"] == 5151
    assert any("\u0600" <= ch <= "\u06ff" for ch in notice["text"])
    assert notice["reply_markup"]["inline_keyboard"]


@pytest.fixture
def friday_10am(monkeypatch: pytest.MonkeyPatch) -> None:
    """Friday 20 November 2026, 10:00 in Osnabrück. Set before the channel's threads start:
    changing the environment while they read the clock crashed under faketime."""
    monkeypatch.setenv(NOW_VARIABLE, "2026-11-20T09:00:00+00:00")


async def test_while_waiting_the_first_message_is_acknowledged_then_staff_replies_arrive_labelled(
    friday_10am: None,
    channel: TelegramChannel,
    api: FakeBotApi,
    fake_rasa: FakeRasa,
    store: BookingStore,
) -> None:
    # Friday 20 November 2026, 10:00 in Osnabrück: the foreigners' office is not in the chat.
    handoffs = HandoffStore(store.engine)
    staff = StaffAccounts(store.engine).create(
        "fo", "a long password!", services=["foreigners_office"]
    )
    handoff, _ = handoffs.request(
        Who("tg-6161", "telegram", "fa"), "foreigners_office", topic=None, offline=True
    )
    api.push(private_message("سلام، منتظرم", user_id=6161, lang="fa"))
    [ack] = await api.wait_for("sendMessage")  # "staff will read it, from Monday 08:00"
    assert [m.text for m in handoffs.messages(handoff.id)] == ["سلام، منتظرم"]
    assert fake_rasa.received[-1]["message"] == "سلام، منتظرم"
    expected = render(
        "utter_waiting_acknowledged",
        Context(
            lang="fa",
            arguments={
                "service": "foreigners_office",
                "opens_at": datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc).isoformat(),
            },
        ),
    )
    assert ack["chat_id"] == 6161
    assert html.unescape(ack["text"]) == expected.text
    [[back]] = ack["reply_markup"]["inline_keyboard"]
    assert back["text"] == back_button(Context(lang="fa")).title
    api.push(private_message("لطفاً زود جواب بدهید", user_id=6161, lang="fa"))
    for _ in range(50):  # a second message reaches staff ...
        if len(handoffs.messages(handoff.id)) == 2:
            break
        await asyncio.sleep(0.1)
    assert len(handoffs.messages(handoff.id)) == 2
    await asyncio.sleep(0.3)
    assert len(api.sent("sendMessage")) == 1  # ... and the bot says nothing more
    handoffs.claim(handoff.id, staff.id)
    handoffs.reply(handoff.id, staff.id, canned_text("hello", "fa", "foreigners_office"))
    _ack, joined, reply = await api.wait_for("sendMessage", 3)
    assert joined["chat_id"] == reply["chat_id"] == 6161
    label = staff_label(Context(lang="fa"), "foreigners_office")
    assert reply["text"].startswith(html.escape(label))
    assert canned_text("hello", "fa", "foreigners_office") in html.unescape(reply["text"])


# --- webhook mode ---------------------------------------------------------------------------


@pytest.fixture
async def webhook_client(
    bot_api: tuple[FakeBotApi, str], rasa: tuple[FakeRasa, str], store: BookingStore
) -> AsyncIterator[TestClient]:
    app = webhook_app(bot_api[1], rasa[1], store)
    async with TestClient(TestServer(app)) as client:
        await bot_api[0].wait_for("setWebhook")  # the channel starts in the background
        yield client


async def test_webhook_is_registered_with_the_secret(
    webhook_client: TestClient, api: FakeBotApi
) -> None:
    [registered] = await api.wait_for("setWebhook")
    assert registered["url"] == "https://chat.example.org/telegram/webhook"
    assert registered["secret_token"] == "s3cret-Token_1"


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
async def test_webhook_without_the_right_secret_is_refused(
    webhook_client: TestClient, fake_rasa: FakeRasa, headers: dict[str, str]
) -> None:
    update: dict[str, Any] = {"update_id": 1, **private_message("hallo", lang="de")}
    resp = await webhook_client.post("/telegram/webhook", json=update, headers=headers)
    assert resp.status == 403
    assert fake_rasa.received == []


async def test_webhook_with_the_secret_is_answered(
    webhook_client: TestClient, api: FakeBotApi, rasa: tuple[FakeRasa, str]
) -> None:
    update: dict[str, Any] = {"update_id": 1, **private_message("hallo", lang="de")}
    resp = await webhook_client.post(
        "/telegram/webhook",
        json=update,
        headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"},
    )
    assert resp.status == 200
    [answer] = await api.wait_for("sendMessage")
    assert answer["chat_id"] == 4242


async def test_without_telegram_settings_there_is_no_webhook(rasa: tuple[FakeRasa, str]) -> None:
    _, rasa_url = rasa
    app = create_app(Settings(rasa_url=rasa_url, actions_url=rasa_url))
    async with TestClient(TestServer(app)) as client:
        resp = await client.post("/telegram/webhook", json={})
        assert resp.status == 404


async def test_the_office_location_is_sent_as_a_venue_when_known(
    channel: TelegramChannel, api: FakeBotApi, fake_rasa: FakeRasa
) -> None:
    venue = {
        "latitude": 52.2,
        "longitude": 8.0,
        "title": "Kreishaus",
        "address": "Am Schölerberg 1",
    }
    fake_rasa.answers = [
        [{"text": "Kreishaus, Am Schölerberg 1", "venue": venue, "language": "de"}]
    ]
    api.push(private_message("wo ist das kreishaus", lang="de"))
    [sent] = await api.wait_for("sendVenue")
    assert (sent["latitude"], sent["longitude"], sent["title"]) == (52.2, 8.0, "Kreishaus")


async def test_a_sticker_does_not_crash_and_gets_an_answer(
    channel: TelegramChannel, api: FakeBotApi
) -> None:
    sticker = {
        "file_id": "s",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    api.push(private_message(None, lang="tr", sticker=sticker))  # type: ignore[arg-type]
    [answer] = await api.wait_for("sendMessage")
    assert answer["text"] == html.escape(fixed_text("not_text", "tr"), quote=False)


def test_api_base_url_may_be_given_with_or_without_the_bot_suffix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)
    for given in ("http://127.0.0.1:8081", "http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot"):
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", given)
        settings = Settings.from_env().telegram
        assert settings is not None and settings.api_root == "http://127.0.0.1:8081"
    monkeypatch.delenv("TELEGRAM_API_BASE_URL")
    default = Settings.from_env().telegram
    assert default is not None and default.api_root == "https://api.telegram.org"
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://chat.example.org/telegram/webhook")
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        Settings.from_env()
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    assert Settings.from_env().telegram is None


async def test_an_unreachable_telegram_does_not_stop_the_web_chat(
    rasa: tuple[FakeRasa, str],
) -> None:
    _, rasa_url = rasa
    telegram = TelegramSettings(token=TOKEN, api_base_url="http://127.0.0.1:9")
    app = create_app(Settings(rasa_url=rasa_url, actions_url=rasa_url, telegram=telegram))
    async with TestClient(TestServer(app)) as client:
        resp = await client.post(
            f"/api/v1/conversations/{new_conversation_id()}/messages", json={"text": "hallo"}
        )
        assert resp.status == 200
