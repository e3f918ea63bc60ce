"""Bookings are limited per client address, not only per conversation: a script that
opens new conversation ids cannot fill the calendar from one address. The refusal is
polite, in the user's language, offers a person and the office, and shows in /metrics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.identity
from actions.booking.start import ActionStartBooking
from actions.booking.submit import ActionSubmitBooking
from bot.booking.calendar import CalendarConfig
from bot.booking.store import BookingStore, TooMany, Who
from bot.web.client_key import address_key, network_of, user_key
from bot.web.web_ids import new_conversation_id
from tests.booking.conftest import calendar_dict, make_store
from tests.conftest import load_tracker

LIMIT = 3
SHELTER = "203.0.113.7"


@pytest.fixture
def booking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[BookingStore]:
    config = CalendarConfig.from_dict(calendar_dict(max_upcoming_per_address=LIMIT))
    store = make_store(f"sqlite:///{tmp_path / 'limits.db'}", config)
    monkeypatch.setattr(actions.identity, "booking_store", lambda: store)
    yield store
    store.engine.dispose()


def confirmed(conversation: str, start: str, client: str, lang: str = "uk") -> Tracker:
    raw = load_tracker("booking_confirmed_yes")
    raw["sender_id"] = conversation
    raw["slots"]["language"] = lang
    raw["slots"]["booking_time"] = start
    raw["latest_message"]["metadata"] = {"channel": "web", "client": client}
    return Tracker.from_dict(raw)


async def submit(tracker: Tracker) -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    await ActionSubmitBooking().run(dispatcher, tracker, {})
    [said] = dispatcher.messages
    return dict(said)


async def test_the_address_limit_refuses_the_next_booking_from_new_conversation_ids(
    booking: BookingStore,
) -> None:
    starts = [s.start.isoformat() for s in booking.free("foreigners_office", "permit_extension")]
    shelter = address_key(SHELTER)
    for start in starts[:LIMIT]:  # a new conversation id for every booking
        said = await submit(confirmed(new_conversation_id(), start, shelter))
        assert said["response"] == "utter_booking_done"
    refused_in = new_conversation_id()
    said = await submit(confirmed(refused_in, starts[LIMIT], shelter))
    assert (said["response"], said["reason"]) == ("utter_booking_too_many", "address")
    assert booking.upcoming(refused_in) == []
    # A new booking does not even start from that address ...
    dispatcher = CollectingDispatcher()
    await ActionStartBooking().run(
        dispatcher, confirmed(new_conversation_id(), starts[LIMIT], shelter), {}
    )
    assert [(m["response"], m["reason"]) for m in dispatcher.messages] == [
        ("utter_booking_too_many", "address")
    ]
    # ... while other addresses book as before.
    other = await submit(
        confirmed(new_conversation_id(), starts[LIMIT], address_key("198.51.100.1"))
    )
    assert other["response"] == "utter_booking_done"


def test_the_store_counts_only_upcoming_bookings_of_the_window(booking: BookingStore) -> None:
    slots = booking.free("foreigners_office", "permit_extension")
    shelter = address_key(SHELTER)
    made = [
        booking.book(Who(f"conversation-{i}", "web", "ar", shelter), *key(slots[i]))
        for i in range(LIMIT)
    ]
    with pytest.raises(TooMany) as refused:
        booking.book(Who("conversation-x", "web", "ar", shelter), *key(slots[LIMIT]))
    assert refused.value.reason == "address"
    booking.cancel(made[0].conversation_id, made[0].reference)  # cancelled ones do not count
    booking.book(Who("conversation-x", "web", "ar", shelter), *key(slots[LIMIT]))
    # Staff bookings (no client key) are never limited by an address.
    booking.book(Who("conversation-y", "web", "ar"), *key(slots[LIMIT + 1]))


def key(slot: Any) -> tuple[str, str, Any]:
    return slot.service, slot.concern, slot.start


def test_a_channel_user_gets_the_per_person_limit_over_all_conversations(
    booking: BookingStore,
) -> None:
    slots = booking.free("foreigners_office", "permit_extension")
    person = user_key("telegram", 4242)
    limit = booking.config.max_upcoming_per_person
    for i in range(limit):
        booking.book(Who(f"tg-4242-{i}", "telegram", "uk", person), *key(slots[i]))
    assert booking.refusal(Who("tg-4242-new", "telegram", "uk", person)) == "user"


def test_client_keys_are_keyed_hashes_and_ipv6_counts_per_64() -> None:
    assert address_key(SHELTER) == address_key(SHELTER)
    assert SHELTER not in address_key(SHELTER) and address_key(SHELTER).startswith("a-")
    assert address_key(SHELTER) != address_key("203.0.113.8")
    assert network_of("2001:db8:1:2:aaaa::1") == network_of("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:ffff::2")
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:203.0.113.7") == address_key(SHELTER)
