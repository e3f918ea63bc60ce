"""A greeting or thanks inside a booking request is answered before the booking starts.

Tracker fixtures in, exact events and messages out; the parse key `courtesy` is what
rasa_ext.linear_intents adds for "Hallo, ich brauche einen Termin".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.start import ActionStartBooking
from actions.booking.state import BOOKING_SLOTS
from bot.booking.store import BookingStore, Who
from tests.booking.conftest import action_store
from tests.conftest import load_tracker

STARTED = [
    *(SlotSet(name, None) for name in BOOKING_SLOTS),
    SlotSet("booking_service", "foreigners_office"),
    SlotSet("booking_concern", "naturalisation"),
]


@pytest.fixture
def booking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[BookingStore]:
    yield from action_store(tmp_path / "start.db", monkeypatch)


def request(text: str, lang: str, courtesy: str | None) -> dict[str, Any]:
    """ "… I need an appointment for my naturalisation", with the courtesy the NLU found."""
    raw = load_tracker("booking_request_names_the_concern")
    raw["slots"]["language"] = lang
    for parsed in (raw["latest_message"], raw["events"][-1]["parse_data"]):
        parsed["text"] = text
        if courtesy is not None:
            parsed["courtesy"] = courtesy
    raw["events"][-1]["text"] = text
    return raw


async def start(raw: dict[str, Any]) -> tuple[list[EventType], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ActionStartBooking().run(dispatcher, Tracker.from_dict(raw), {})
    return events, [m["response"] for m in dispatcher.messages]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hallo, ich brauche einen Termin für die Einbürgerung", "de"),
        ("Merhaba, vatandaşlık için randevu almak istiyorum", "tr"),
        ("سلام، برای تابعیت وقت می‌خواهم", "fa"),
    ],
)
async def test_a_greeting_in_the_request_is_greeted_back_and_the_booking_starts(
    booking: BookingStore, text: str, lang: str
) -> None:
    events, said = await start(request(text, lang, "greet"))
    assert said == ["utter_greet_back"]
    assert events == STARTED


async def test_thanks_in_the_request_are_answered(booking: BookingStore) -> None:
    events, said = await start(
        request("Danke! Ich brauche noch einen Termin für die Einbürgerung", "de", "thank")
    )
    assert said == ["utter_thanks_back"]
    assert events == STARTED


async def test_a_request_without_a_greeting_says_nothing_before_the_form(
    booking: BookingStore,
) -> None:
    events, said = await start(request("Termin für die Einbürgerung", "de", None))
    assert said == []
    assert events == STARTED


async def test_at_the_limit_the_greeting_comes_before_the_refusal(booking: BookingStore) -> None:
    person = Who("fixture-booking-0001", "web", "de")
    starts = sorted({s.start for s in booking.free("foreigners_office", "permit_extension")})
    for moment in starts[: booking.config.max_upcoming_per_person]:
        booking.book(person, "foreigners_office", "permit_extension", moment)
    events, said = await start(request("Hallo, ich brauche einen Termin", "de", "greet"))
    assert said == ["utter_greet_back", "utter_booking_too_many"]
    assert events == [
        *(SlotSet(name, None) for name in BOOKING_SLOTS),
        FollowupAction("action_listen"),
    ]


async def test_a_question_about_the_visit_is_answered_not_booked(booking: BookingStore) -> None:
    """ "Can I bring my child to the Termin?" mentions the appointment but asks about the
    visit: its answer (with a booking button), no booking started."""
    raw = request("Kann ich mein Kind zum Termin mitbringen?", "de", None)
    for parsed in (raw["latest_message"], raw["events"][-1]["parse_data"]):
        parsed["subtopic"] = {"name": "appointment_companions", "confidence": 0.8}
    events, said = await start(raw)
    assert said == ["utter_appointment_companions"]
    assert events == [
        *(SlotSet(name, None) for name in BOOKING_SLOTS),
        FollowupAction("action_listen"),
    ]
