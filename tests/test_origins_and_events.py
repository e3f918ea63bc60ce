"""Other websites may only use the chat API when allowed; pushed messages arrive by SSE."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from bot.booking.store import BookingStore, Who
from bot.settings import Settings
from bot.web.app import create_app
from bot.web.app_keys import BOOKING_STORE, EVENTS_POLL_SECONDS
from bot.web.web_ids import new_conversation_id
from tests.booking.conftest import fill, make_store
from tests.fakes import FakeRasa, serving

DISTRICT = "https://www.landkreis-osnabrueck.de"
WIDGET_USER = new_conversation_id()
URL = f"/api/v1/conversations/{WIDGET_USER}/messages"


@pytest.fixture
def store(tmp_path: Path) -> BookingStore:
    return make_store(f"sqlite:///{tmp_path / 'events.db'}")


@pytest.fixture
async def client(store: BookingStore) -> AsyncIterator[TestClient]:
    async with serving(FakeRasa()) as rasa_url:
        settings = Settings(rasa_url=rasa_url, actions_url=rasa_url, allowed_origins=(DISTRICT,))
        app = create_app(settings)
        app[BOOKING_STORE] = store
        app[EVENTS_POLL_SECONDS] = 0.05
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


async def test_a_forged_host_header_does_not_make_a_site_our_own(client: TestClient) -> None:
    headers = {"Host": "evil.example", "Origin": "http://evil.example"}
    resp = await client.post(URL, json={"text": "hallo"}, headers=headers)
    assert resp.status == 403
    assert "Access-Control-Allow-Origin" not in resp.headers


async def test_behind_a_proxy_only_the_configured_public_origin_is_our_own() -> None:
    public = "https://chat.example.org"
    async with serving(FakeRasa()) as rasa_url:
        settings = Settings(rasa_url=rasa_url, actions_url=rasa_url, public_origins=(public,))
        async with TestClient(TestServer(create_app(settings))) as client:
            ok = await client.post(URL, json={"text": "hallo"}, headers={"Origin": public})
            assert ok.status == 200
            loopback = str(client.make_url("")).rstrip("/")
            refused = await client.post(URL, json={"text": "hi"}, headers={"Origin": loopback})
            assert refused.status == 403


async def test_the_own_page_and_non_browser_clients_pass(client: TestClient) -> None:
    own = str(client.make_url("")).rstrip("/")
    assert (await client.post(URL, json={"text": "hi"}, headers={"Origin": own})).status == 200
    assert (await client.post(URL, json={"text": "hi"})).status == 200


async def read_event(resp: ClientResponse) -> tuple[int, dict[str, Any]]:
    """The next `event: message` of a stream: its id and data."""
    lines: list[bytes] = []
    while not lines or not lines[-1].startswith(b"data: "):
        line = await resp.content.readline()
        if line.strip():
            lines.append(line.strip())
    assert lines[-3] == b"event: message" and lines[-2].startswith(b"id: ")
    return int(lines[-2].removeprefix(b"id: ")), json.loads(lines[-1].removeprefix(b"data: "))


async def test_a_freed_time_is_pushed_as_a_server_sent_event_until_confirmed(
    client: TestClient, store: BookingStore
) -> None:
    booked = fill(store, "integration_commissioner", "discrimination")
    store.join_waitlist(Who(WIDGET_USER, "web", "fa"), "integration_commissioner", "discrimination")
    events = f"/api/v1/conversations/{WIDGET_USER}/events"
    resp = await client.get(events, headers={"Origin": DISTRICT})
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/event-stream")
    assert (await resp.content.readline()).startswith(b"retry: ")
    store.cancel(booked[0].conversation_id, booked[0].reference)
    notice_id, message = await read_event(resp)
    assert message["id"] == notice_id
    assert message["language"] == "fa" and message["direction"] == "rtl"
    assert message["buttons"][0]["payload"].startswith("/book_appointment")
    resp.close()
    # Not confirmed: a new stream (another tab, a reconnect without a cursor) gets it again.
    second = await client.get(events)
    assert (await read_event(second))[0] == notice_id
    second.close()
    # A reconnect after it (Last-Event-ID) does not repeat it; nor does anything once confirmed.
    notices = f"/api/v1/conversations/{WIDGET_USER}/notices"
    cursor = await client.get(notices, params={"after": str(notice_id)})
    assert (await cursor.json())["messages"] == []
    ack = await client.post(f"{notices}/ack", json={"up_to": notice_id})
    assert (await ack.json()) == {"acknowledged": 1}
    again = await client.get(notices)
    assert (await again.json())["messages"] == []  # delivered, not again
