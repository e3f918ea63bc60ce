"""Other websites may only use the chat API when allowed; pushed messages arrive by SSE."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.appointments_api import STORE_KEY
from bot.booking.store import BookingStore, Who
from bot.config import Settings
from bot.events_api import POLL_KEY
from tests.booking.conftest import fill, make_store
from tests.fakes import FakeRasa, serving

DISTRICT = "https://www.landkreis-osnabrueck.de"
URL = "/api/v1/conversations/widget-user-01/messages"


@pytest.fixture
def store(tmp_path: Path) -> BookingStore:
    return make_store(f"sqlite:///{tmp_path / 'events.db'}")


@pytest.fixture
async def client(store: BookingStore) -> AsyncIterator[TestClient]:
    async with serving(FakeRasa()) as rasa_url:
        settings = Settings(rasa_url=rasa_url, actions_url=rasa_url, allowed_origins=(DISTRICT,))
        app = create_app(settings, telegram=None)
        app[STORE_KEY] = store
        app[POLL_KEY] = 0.05
        async with TestClient(TestServer(app)) as test_client:
            yield test_client


async def test_an_allowed_site_may_chat_and_read_the_answer(client: TestClient) -> None:
    resp = await client.post(URL, json={"text": "hallo"}, headers={"Origin": DISTRICT})
    assert resp.status == 200
    assert resp.headers["Access-Control-Allow-Origin"] == DISTRICT
    preflight = await client.options(
        URL, headers={"Origin": DISTRICT, "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Origin"] == DISTRICT


async def test_another_site_is_refused_politely(client: TestClient) -> None:
    headers = {"Origin": "https://evil.example", "Accept-Language": "uk-UA,uk;q=0.9"}
    resp = await client.post(URL, json={"text": "hallo"}, headers=headers)
    assert resp.status == 403
    body = await resp.json()
    assert body["error"]["code"] == "forbidden_origin" and body["language"] == "uk"
    assert "Access-Control-Allow-Origin" not in resp.headers
    preflight = await client.options(URL, headers={"Origin": "https://evil.example"})
    assert preflight.status == 403


async def test_the_own_page_and_non_browser_clients_pass(client: TestClient) -> None:
    own = str(client.make_url("")).rstrip("/")
    assert (await client.post(URL, json={"text": "hi"}, headers={"Origin": own})).status == 200
    assert (await client.post(URL, json={"text": "hi"})).status == 200


async def test_a_freed_time_is_pushed_once_as_a_server_sent_event(
    client: TestClient, store: BookingStore
) -> None:
    booked = fill(store, "integration_commissioner", "discrimination")
    store.join_waitlist(
        Who("widget-user-01", "web", "fa"), "integration_commissioner", "discrimination"
    )
    resp = await client.get(
        "/api/v1/conversations/widget-user-01/events", headers={"Origin": DISTRICT}
    )
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/event-stream")
    assert (await resp.content.readline()).startswith(b"retry: ")
    store.cancel(booked[0].conversation_id, booked[0].reference)
    lines = []
    while not lines or not lines[-1].startswith(b"data: "):
        line = await resp.content.readline()
        if line.strip():
            lines.append(line.strip())
    assert lines[-2] == b"event: message"
    message = json.loads(lines[-1].removeprefix(b"data: "))
    assert message["language"] == "fa" and message["direction"] == "rtl"
    assert message["buttons"][0]["payload"].startswith("/book_appointment")
    resp.close()
    again = await client.get("/api/v1/conversations/widget-user-01/notices")
    assert (await again.json())["messages"] == []  # delivered once, not twice
