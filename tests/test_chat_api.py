"""The chat API against a stand-in Rasa: validation, languages, outages.

The stand-in speaks the `kommmit` channel's protocol and records what it got,
so these tests check what `bot/` sends and answers without a trained model.
The same API against the real stack is tested in test_stack.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.internal_auth import HEADER, internal_token
from bot.settings import Settings
from bot.web.app import create_app
from bot.web.chat_api import clean_text
from bot.web.client_key import address_key
from bot.web.web_ids import new_conversation_id
from tests.fakes import FakeRasa

CONVERSATION = new_conversation_id()
URL = f"/api/v1/conversations/{CONVERSATION}/messages"


async def test_a_message_goes_to_rasa_with_language_metadata(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    fake, _ = rasa
    fake.reply_language = "ar"
    resp = await client.post(
        URL, json={"text": "أحتاج إلى موعد في دائرة الأجانب لتجديد الإقامة", "language": "ar-SY"}
    )
    assert resp.status == 200
    body = await resp.json()
    assert body == {
        "language": "ar",
        "direction": "rtl",
        "messages": [{"text": "antwort", "buttons": [{"title": "Ja", "payload": "/affirm"}]}],
    }
    sent = fake.received[-1]
    assert sent["sender"] == CONVERSATION
    assert sent["metadata"]["language_hint"] == "ar"
    assert sent["metadata"]["detected_language"] == "ar"
    assert sent["metadata"]["channel"] == "web"


async def test_commands_and_buttons_skip_detection(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    fake, _ = rasa
    await client.post(URL, json={"text": "/language"})
    assert fake.received[-1]["message"] == "/change_language"
    assert "detected_language" not in fake.received[-1]["metadata"]


async def test_unsupported_language_gets_english_and_german_notice(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    fake, _ = rasa
    resp = await client.post(
        URL, json={"text": "Bonjour, j'ai besoin d'un rendez-vous pour mon titre de séjour"}
    )
    body = await resp.json()
    assert resp.status == 200
    text = body["messages"][0]["text"]
    assert "Sorry, I can only write in these languages" in text
    assert "Deutsch" in text and "العربية" in text and "Türkçe" in text
    assert fake.received == []  # nothing half-processed


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"text": ""}, 422, "empty"),
        ({"text": "   \n\t "}, 422, "empty"),
        ({"text": "x" * 2001}, 422, "too_long"),
        ({"text": 42}, 422, "invalid"),
        ({"text": "hallo", "language": ["de"]}, 422, "invalid"),
        ({"message": "hallo"}, 422, "invalid"),
        (["hallo"], 400, "invalid"),
    ],
)
async def test_bad_input_gets_a_clear_json_error(
    client: TestClient, payload: Any, status: int, code: str
) -> None:
    resp = await client.post(URL, json=payload)
    assert resp.status == status
    body = await resp.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]


async def test_not_json_and_binary_bodies_are_refused_politely(client: TestClient) -> None:
    for data in (b"hallo", b"\xff\xfe\x00\x01binary", b"{broken"):
        resp = await client.post(URL, data=data, headers={"Content-Type": "application/json"})
        assert resp.status == 400
        assert (await resp.json())["error"]["code"] == "invalid"


async def test_huge_body_is_refused_with_413(client: TestClient) -> None:
    resp = await client.post(URL, data=b'{"text": "' + b"a" * 200_000 + b'"}')
    assert resp.status == 413
    assert (await resp.json())["error"]["code"] == "too_long"


async def test_huge_chunked_body_without_length_is_refused_too(client: TestClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b"a" * 10_000

    resp = await client.post(URL, data=chunks())
    assert resp.status == 413


async def test_nlg_answers_rasa_and_nobody_else(client: TestClient) -> None:
    """Rasa sends the internal token (endpoints.yml); without it nothing is rendered."""
    body = {"response": "utter_greet", "tracker": {"slots": {"language": "uk"}}}
    assert (await client.post("/nlg", json=body)).status == 403
    resp = await client.post("/nlg", json=body, headers={HEADER: internal_token()})
    assert resp.status == 200
    assert (await resp.json())["language"] == "uk"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("می\u200cخواهم کار کنم", "می\u200cخواهم کار کنم"),  # ZWNJ: Persian spelling
        ("\U0001F469\u200d\U0001F4BB", "\U0001F469\u200d\U0001F4BB"),  # ZWJ: one emoji
        ("abc\u202edcba", "abcdcba"),  # a bidi override could disguise the text
        ("x\x00y\x07", "xy"),
        ("\u200b\u200c  ", ""),  # nothing visible: empty
    ],
)
def test_clean_text_keeps_what_spelling_needs_and_drops_what_disguises(
    typed: str, kept: str
) -> None:
    assert clean_text(typed) == kept


async def test_error_message_is_in_the_users_language(client: TestClient) -> None:
    resp = await client.post(URL, json={"text": "", "language": "uk"})
    body = await resp.json()
    assert body["language"] == "uk"
    assert body["error"]["message"] != "Please write a message."


async def test_bad_conversation_id_is_refused(client: TestClient) -> None:
    resp = await client.post("/api/v1/conversations/a b/messages", json={"text": "hallo"})
    assert resp.status in (400, 404)


async def test_html_is_passed_on_as_text_not_interpreted(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    fake, _ = rasa
    evil = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    resp = await client.post(URL, json={"text": evil})
    assert resp.status == 200
    assert fake.received[-1]["message"] == evil
    assert resp.headers["Content-Type"].startswith("application/json")


async def test_rasa_failure_is_a_polite_503(client: TestClient, rasa: tuple[FakeRasa, str]) -> None:
    fake, _ = rasa
    fake.status = 500
    resp = await client.post(URL, json={"text": "hallo", "language": "tr"})
    assert resp.status == 503
    body = await resp.json()
    assert body["error"]["code"] == "unavailable"
    assert body["language"] == "tr"


async def test_rasa_down_is_a_503_and_health_says_so() -> None:
    settings = Settings(
        rasa_url="http://127.0.0.1:9", actions_url="http://127.0.0.1:9", rasa_timeout_seconds=2
    )
    async with TestClient(TestServer(create_app(settings))) as client:
        resp = await client.post(URL, json={"text": "hello"})
        assert resp.status == 503
        ready = await client.get("/readyz")
        assert ready.status == 503
        assert (await ready.json())["rasa"] is False
        alive = await client.get("/healthz")  # the process itself is fine: no restart
        assert alive.status == 200


async def test_ready_when_rasa_actions_and_the_database_answer(client: TestClient) -> None:
    resp = await client.get("/readyz")
    assert resp.status == 200
    assert await resp.json() == {
        "status": "ready",
        "rasa": True,
        "actions": True,
        "database": True,
    }


async def test_demo_page_and_ui_texts_are_served(client: TestClient) -> None:
    page = await client.get("/")
    assert page.status == 200
    assert "/widget.js" in await page.text()
    widget = await client.get("/widget.js")
    assert widget.status == 200 and "attachShadow" in await widget.text()
    texts = await (await client.get("/api/v1/ui-texts?language=fa")).json()
    assert texts["direction"] == "rtl"
    assert texts["texts"]["send"] != "Send"


async def test_the_chat_api_sends_a_keyed_hash_of_the_address_not_the_address(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    fake, _ = rasa
    for _ in range(2):
        resp = await client.post(
            f"/api/v1/conversations/{new_conversation_id()}/messages", json={"text": "Hallo"}
        )
        assert resp.status == 200
    first, second = (r["metadata"]["client"] for r in fake.received)
    assert first == second == address_key("127.0.0.1")
    assert "127.0.0.1" not in first
