"""The calendar file and the later notices, through the HTTP API of `bot/`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar

from bot.booking.calendar import Slot
from bot.booking.store import Appointment, BookingStore, Who
from bot.db.outbox import notify
from bot.settings import Settings
from bot.web.app import create_app
from bot.web.app_keys import BOOKING_STORE
from bot.web.web_ids import new_conversation_id
from tests.booking.conftest import fill, make_store

ALI = Who(new_conversation_id(), "web", "ar")


@pytest.fixture
def store(tmp_path: Path) -> BookingStore:
    return make_store(f"sqlite:///{tmp_path / 'api.db'}")


@pytest.fixture
async def client(store: BookingStore) -> AsyncIterator[TestClient]:
    app = create_app(Settings(rasa_url="http://127.0.0.1:9", actions_url="http://127.0.0.1:9"))
    app[BOOKING_STORE] = store
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


@pytest.fixture
def booked(store: BookingStore) -> tuple[Slot, Appointment]:
    """Ali's appointment at the first free time of the foreigners' office, and that time."""
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    return slot, store.book(ALI, "foreigners_office", "permit_extension", slot.start)


def ics_path(conversation_id: str, reference: str) -> str:
    return f"/api/v1/conversations/{conversation_id}/appointments/{reference}.ics"


async def test_the_booking_conversation_downloads_its_calendar_file(
    client: TestClient, booked: tuple[Slot, Appointment]
) -> None:
    slot, item = booked
    resp = await client.get(ics_path(ALI.conversation_id, item.reference) + "?language=ar")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/calendar")
    assert item.reference in resp.headers["Content-Disposition"]
    event = next(iter(Calendar.from_ical(await resp.read()).walk("VEVENT")))
    assert event.decoded("dtstart") == slot.start
    assert "Ausländerbehörde" in str(event["summary"])
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(event["description"]))  # Arabic texts


async def test_another_conversation_gets_404_for_the_same_reference(
    client: TestClient, booked: tuple[Slot, Appointment]
) -> None:
    _, item = booked
    resp = await client.get(ics_path(new_conversation_id(), item.reference))
    assert resp.status == 404
    assert (await resp.json())["error"]["code"] == "not_found"
    bad = await client.get(ics_path("x", item.reference))
    assert bad.status == 404
    assert (await bad.json())["error"]["code"] == "unknown_conversation"


async def test_a_freed_time_reaches_the_waiting_person_until_confirmed_in_their_language(
    client: TestClient, store: BookingStore
) -> None:
    url = f"/api/v1/conversations/{ALI.conversation_id}/notices"
    booked = fill(store, "integration_commissioner", "discrimination")
    store.join_waitlist(ALI, "integration_commissioner", "discrimination")
    empty = await client.get(url)
    assert (await empty.json())["messages"] == []
    store.cancel(booked[0].conversation_id, booked[0].reference)
    resp = await client.get(url)
    [message] = (await resp.json())["messages"]
    assert message["language"] == "ar" and message["direction"] == "rtl"
    assert message["buttons"][0]["payload"].startswith("/book_appointment")
    # Reading takes nothing away: fetched twice without confirming, it comes twice.
    assert (await (await client.get(url)).json())["messages"] == [message]
    ack = await client.post(f"{url}/ack", json={"up_to": message["id"]})
    assert ack.status == 200 and (await ack.json()) == {"acknowledged": 1}
    again = await client.get(url)
    assert (await again.json())["messages"] == []


async def test_notices_after_a_cursor_and_confirmations_only_up_to_an_id(
    client: TestClient, store: BookingStore
) -> None:
    url = f"/api/v1/conversations/{ALI.conversation_id}/notices"
    slot = store.free("integration_commissioner", "discrimination", limit=1)[0]
    arguments = {"service": "integration_commissioner", "concern": "discrimination"}
    with store.engine.begin() as conn:
        for _ in range(2):
            notify(
                conn,
                ALI,
                "waitlist_slot_free",
                {**arguments, "starts_at": slot.start.isoformat()},
                store.clock(),
            )
    first, second = (await (await client.get(url)).json())["messages"]
    assert first["id"] < second["id"]
    after = await client.get(f"{url}?after={first['id']}")
    assert [m["id"] for m in (await after.json())["messages"]] == [second["id"]]
    await client.post(f"{url}/ack", json={"up_to": first["id"]})
    assert [m["id"] for m in (await (await client.get(url)).json())["messages"]] == [second["id"]]
    bad: Any
    for bad in ({"up_to": "1"}, {"up_to": -1}, {"up_to": True}, [], None):
        resp = await client.post(f"{url}/ack", json=bad)
        assert resp.status == 422 and (await resp.json())["error"]["code"] == "invalid"
    resp = await client.post(f"{url}/ack", data=b"[[[[")
    assert resp.status == 422
    resp = await client.get(f"{url}?after=x&language=uk")
    assert resp.status == 400 and (await resp.json())["language"] == "uk"
