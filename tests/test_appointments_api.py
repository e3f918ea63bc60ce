"""The calendar file and the later notices, through the HTTP API of `bot/`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar

from bot.app import create_app
from bot.appointments_api import STORE_KEY
from bot.booking.store import BookingStore, Who
from bot.config import Settings
from tests.booking.conftest import fill, make_store

ALI = Who("conversation-ali-01", "web", "ar")


@pytest.fixture
def store(tmp_path: Path) -> BookingStore:
    return make_store(f"sqlite:///{tmp_path / 'api.db'}")


@pytest.fixture
async def client(store: BookingStore) -> AsyncIterator[TestClient]:
    app = create_app(Settings(rasa_url="http://127.0.0.1:9", actions_url="http://127.0.0.1:9"))
    app[STORE_KEY] = store
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_the_booking_conversation_downloads_its_calendar_file(
    client: TestClient, store: BookingStore
) -> None:
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(ALI, "foreigners_office", "permit_extension", slot.start)
    resp = await client.get(
        f"/api/v1/conversations/{ALI.conversation_id}/appointments/{item.reference}.ics?language=ar"
    )
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/calendar")
    assert item.reference in resp.headers["Content-Disposition"]
    event = next(iter(Calendar.from_ical(await resp.read()).walk("VEVENT")))
    assert event.decoded("dtstart") == slot.start
    assert "Ausländerbehörde" in str(event["summary"])
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(event["description"]))  # Arabic texts


async def test_another_conversation_gets_404_for_the_same_reference(
    client: TestClient, store: BookingStore
) -> None:
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(ALI, "foreigners_office", "permit_extension", slot.start)
    resp = await client.get(
        f"/api/v1/conversations/someone-else-01/appointments/{item.reference}.ics"
    )
    assert resp.status == 404
    assert (await resp.json())["error"]["message"]
    bad = await client.get(f"/api/v1/conversations/x/appointments/{item.reference}.ics")
    assert bad.status == 400


async def test_a_freed_time_reaches_the_waiting_person_once_in_their_language(
    client: TestClient, store: BookingStore
) -> None:
    booked = fill(store, "integration_commissioner", "discrimination")
    store.join_waitlist(ALI, "integration_commissioner", "discrimination")
    empty = await client.get(f"/api/v1/conversations/{ALI.conversation_id}/notices")
    assert (await empty.json())["messages"] == []
    store.cancel(booked[0].conversation_id, booked[0].reference)
    resp = await client.get(f"/api/v1/conversations/{ALI.conversation_id}/notices")
    [message] = (await resp.json())["messages"]
    assert message["language"] == "ar" and message["direction"] == "rtl"
    assert message["buttons"][0]["payload"].startswith("/book_appointment")
    again = await client.get(f"/api/v1/conversations/{ALI.conversation_id}/notices")
    assert (await again.json())["messages"] == []
