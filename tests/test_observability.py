"""Readiness, Prometheus metrics and JSON logs – without any message content."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.booking.store import Who
from bot.internal_auth import HEADER, internal_token
from bot.logs import JsonFormatter
from bot.settings import Settings
from bot.signals import BOOKING_REFUSED, Signal
from bot.texts import Context, render
from bot.web.app import create_app
from bot.web.app_keys import HANDOFF_STORE
from bot.web.web_ids import new_conversation_id
from tests.fakes import FakeRasa, serving

SECRET_TEXT = "meine Passnummer ist C01X00T47"


@pytest.fixture
def fake() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
async def client(fake: FakeRasa) -> AsyncIterator[TestClient]:
    async with serving(fake) as url:
        settings = Settings(rasa_url=url, actions_url=url)
        async with TestClient(TestServer(create_app(settings))) as test_client:
            yield test_client


def metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}}") or (not labels and line.startswith(name + " ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_messages_latency_fallbacks_and_the_queue_are_measured(
    client: TestClient, fake: FakeRasa
) -> None:
    before = await (await client.get("/metrics")).text()
    sent = metric(before, "komm_mit_messages_total", channel="web", language="de")
    fallback = {"text": "Wie bitte?", "language": "de", "utter_action": "utter_default"}
    fake.answers = [[fallback]]  # Rasa's answer: the fallback response, rendered in German
    resp = await client.post(
        f"/api/v1/conversations/{new_conversation_id()}/messages", json={"text": "Hallo"}
    )
    assert resp.status == 200
    handoffs = client.server.app[HANDOFF_STORE]
    handoffs.request(
        Who("metrics-conversation-02", "web", "uk"), "migration_centre", topic=None, offline=False
    )
    after = await (await client.get("/metrics")).text()
    assert metric(after, "komm_mit_messages_total", channel="web", language="de") == sent + 1
    assert metric(after, "komm_mit_response_seconds_count", channel="web") >= 1
    assert metric(after, "komm_mit_fallbacks_total", language="de") >= 1
    assert metric(after, "komm_mit_handoff_queue_length", service="migration_centre") >= 1
    assert "komm_mit_handoff_oldest_wait_seconds" in after
    assert "Hallo" not in after


async def test_ready_names_the_dependency_that_is_down() -> None:
    settings = Settings(rasa_url="http://127.0.0.1:9", actions_url="http://127.0.0.1:9")
    async with TestClient(TestServer(create_app(settings))) as client:
        ready = await client.get("/readyz")
        body = await ready.json()
    assert ready.status == 503
    assert body == {"status": "not ready", "rasa": False, "actions": False, "database": True}


def test_json_log_lines_have_fields_and_the_exception() -> None:
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("bot.test").makeRecord(
            "bot.test", logging.ERROR, __file__, 1, "failed for %s", ("x",), exc_info=True
        )
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(formatter.format(record))
    assert line["event"] == "failed for x" and line["level"] == "error"
    assert line["logger"] == "bot.test" and "timestamp" in line
    assert "ValueError: boom" in line["exception"]


async def test_no_message_text_reaches_the_logs(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = f"/api/v1/conversations/{new_conversation_id()}/messages"
    await client.post(url, json={"text": SECRET_TEXT})
    await client.post(url, json={"text": "x" * 5000})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "C01X00T47" not in logged


async def test_the_refusal_is_in_the_users_language_and_counted_in_metrics(
    client: TestClient, fake: FakeRasa
) -> None:
    before = metric(
        await (await client.get("/metrics")).text(),
        "komm_mit_bookings_refused_total",
        reason="address",
    )
    arguments = {"reason": "address", "service": "foreigners_office"}
    resp = await client.post(
        "/nlg",
        json={
            "response": "utter_booking_too_many",
            "arguments": arguments,
            "tracker": {"slots": {"language": "uk"}},
        },
        headers={HEADER: internal_token()},
    )
    answer = await resp.json()
    expected = render("utter_booking_too_many", Context(lang="uk", arguments=arguments))
    assert answer["text"] == expected.text and answer["language"] == "uk"
    english = render("utter_booking_too_many", Context(lang="en", arguments=arguments))
    assert english.text.split("\n")[0] not in answer["text"]  # translated, not the English
    assert [b["payload"] for b in answer["buttons"]] == [
        '/request_human{"service": "foreigners_office"}'
    ]
    rendered = metric(
        await (await client.get("/metrics")).text(),
        "komm_mit_bookings_refused_total",
        reason="address",
    )
    assert rendered == before  # rendering counts nothing; the action's signal does
    signal = Signal(BOOKING_REFUSED, reason="address").custom()
    fake.answers = [[{**answer, "utter_action": "utter_booking_too_many", "custom": signal}]]
    resp = await client.post(
        f"/api/v1/conversations/{new_conversation_id()}/messages", json={"text": "Termin"}
    )
    assert resp.status == 200
    after = metric(
        await (await client.get("/metrics")).text(),
        "komm_mit_bookings_refused_total",
        reason="address",
    )
    assert after == before + 1
