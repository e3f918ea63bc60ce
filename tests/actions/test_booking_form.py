"""The booking form's validation and actions: tracker fixtures in, exact events out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.identity
from actions.booking.form import ValidateAppointmentForm
from actions.booking.questions import ActionAskBookingTime
from actions.booking.start import ActionStartBooking, ActionStopBooking
from actions.booking.state import BOOKING_SLOTS
from actions.booking.submit import ActionSubmitBooking
from bot.booking.store import BookingStore, Who
from tests.booking.conftest import make_store
from tests.conftest import load_tracker

DOMAIN: dict[str, Any] = {
    "forms": {
        "appointment_form": {
            "required_slots": [
                "booking_service",
                "booking_concern",
                "booking_time",
                "booking_contact",
                "booking_confirmed",
            ]
        }
    },
    "slots": {},
}
Events = list[EventType]
Message = dict[str, Any]
MONDAY_8 = "2026-11-23T07:00:00+00:00"


@pytest.fixture
def booking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[BookingStore]:
    store = make_store(f"sqlite:///{tmp_path / 'actions.db'}")
    monkeypatch.setattr(actions.identity, "booking_store", lambda: store)
    yield store
    store.engine.dispose()


def others_take_the_first_time(booking: BookingStore) -> None:
    for i in range(2):  # both desks
        booking.book(
            Who(f"other-{i}", "web", "de"),
            "foreigners_office",
            "permit_extension",
            booking.free("foreigners_office", "permit_extension", limit=1)[0].start,
        )


async def run(action: Action, tracker: str | dict[str, Any]) -> tuple[Events, list[Message]]:
    """Runs the action on a tracker fixture (by name, or loaded and changed): events, messages."""
    raw = load_tracker(tracker) if isinstance(tracker, str) else tracker
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, Tracker.from_dict(raw), DOMAIN)
    return events, dispatcher.messages


async def validate(tracker: str | dict[str, Any]) -> tuple[Events, list[str]]:
    events, messages = await run(ValidateAppointmentForm(), tracker)
    return events, [m["response"] for m in messages]


async def test_a_time_button_fills_the_time(booking: BookingStore) -> None:
    events, said = await validate("booking_time_button")
    assert events == [SlotSet("booking_time", MONDAY_8)]
    assert said == []


async def test_a_time_taken_meanwhile_is_refused_politely(booking: BookingStore) -> None:
    others_take_the_first_time(booking)
    events, said = await validate("booking_time_button")
    assert events == [SlotSet("booking_time", None)]
    assert said == ["utter_booking_time_taken"]


async def test_an_arabic_wish_keeps_the_form_and_remembers_the_wished_day(
    booking: BookingStore,
) -> None:
    events, said = await validate("booking_time_wish_arabic")
    wish = {"day": "2026-11-24", "at": None, "part": None}
    assert events == [
        SlotSet("booking_time", None),
        SlotSet("booking_wish", wish),
        SlotSet("booking_after", None),
    ]
    assert said == []


async def test_a_question_during_the_form_rejects_so_the_rules_can_answer_it(
    booking: BookingStore,
) -> None:
    events, said = await validate("booking_question_during_form")
    assert events == [] and said == []


async def test_gibberish_gets_a_hint_and_the_question_again(booking: BookingStore) -> None:
    events, said = await validate("booking_gibberish_concern")
    assert events == [SlotSet("booking_concern", None)]
    assert said == ["utter_booking_invalid"]


async def test_a_concern_can_be_typed_by_its_label(booking: BookingStore) -> None:
    events, _ = await validate("booking_concern_by_label")
    assert events == [SlotSet("booking_concern", "naturalisation")]


async def test_a_typed_contact_is_kept(booking: BookingStore) -> None:
    events, _ = await validate("booking_contact_typed")
    assert events == [SlotSet("booking_contact", "Ayşe Yılmaz, 0151 2345678")]


async def test_submitting_books_and_clears_the_form(booking: BookingStore) -> None:
    events, messages = await run(ActionSubmitBooking(), "booking_confirmed_yes")
    assert events == [SlotSet(name, None) for name in BOOKING_SLOTS]
    [message] = messages
    assert message["response"] == "utter_booking_done"
    [item] = booking.upcoming("fixture-booking-0001")
    assert message["custom"] == {"komm_mit": {"signal": "booked", "service": item.service}}
    assert message["appointment"]["reference"] == item.reference
    assert (item.language, item.channel, item.starts_at.isoformat()) == ("ru", "web", MONDAY_8)


async def test_a_seat_lost_at_the_last_moment_asks_for_another_time(booking: BookingStore) -> None:
    others_take_the_first_time(booking)
    events, messages = await run(ActionSubmitBooking(), "booking_confirmed_yes")
    assert events == [
        SlotSet("booking_time", None),
        SlotSet("booking_confirmed", None),
        FollowupAction("appointment_form"),
    ]
    assert [m["response"] for m in messages] == ["utter_booking_time_taken"]
    assert booking.upcoming("fixture-booking-0001") == []


async def test_stopping_books_nothing_and_says_so(booking: BookingStore) -> None:
    events, messages = await run(ActionStopBooking(), "booking_question_during_form")
    assert SlotSet("booking_time", None) in events and SlotSet("requested_slot", None) in events
    assert [m["response"] for m in messages] == ["utter_booking_stopped"]
    assert booking.upcoming("fixture-booking-0001") == []


async def test_a_new_booking_starts_clean_with_the_topics_service(booking: BookingStore) -> None:
    events, _ = await run(ActionStartBooking(), "booking_service_from_topic")
    assert events == [
        *(SlotSet(name, None) for name in BOOKING_SLOTS),
        SlotSet("booking_service", "migration_centre"),
    ]


async def test_a_request_after_a_topic_books_for_that_topic(booking: BookingStore) -> None:
    """"یک Termin میخوام برای همین" after the naturalisation answer: that office, that concern."""
    raw = load_tracker("booking_service_from_topic")
    raw["slots"].update(language="fa", service="foreigners_office", topic="ask_naturalization")
    raw["latest_message"]["text"] = "یک Termin میخوام برای همین"
    events, _ = await run(ActionStartBooking(), raw)
    assert events == [
        *(SlotSet(name, None) for name in BOOKING_SLOTS),
        SlotSet("booking_service", "foreigners_office"),
        SlotSet("booking_concern", "naturalisation"),
    ]


async def test_another_service_named_in_the_request_wins_over_the_topic(
    booking: BookingStore,
) -> None:
    raw = load_tracker("booking_service_from_topic")
    raw["slots"].update(topic="ask_naturalization")
    raw["latest_message"]["entities"] = [{"entity": "service", "value": "integration_commissioner"}]
    events, _ = await run(ActionStartBooking(), raw)
    assert SlotSet("booking_service", "integration_commissioner") in events
    assert not any(e.get("name") == "booking_concern" and e.get("value") for e in events)


async def test_time_offers_do_not_overlap_and_can_page_on(booking: BookingStore) -> None:
    events, messages = await run(ActionAskBookingTime(), "booking_time_button")
    assert events == []
    [message] = messages
    assert message["response"] == "utter_ask_booking_time"
    offered = message["slots"]
    assert offered[0] == MONDAY_8 and len(offered) == 5
    assert offered[1] == "2026-11-23T07:30:00+00:00"  # 30-minute concern: no overlapping offers
    assert message["more_after"] > offered[-1]


async def test_starting_the_form_checks_the_prefilled_service_and_says_nothing_else(
    booking: BookingStore,
) -> None:
    events, said = await validate("booking_activation")
    assert events == [
        SlotSet("booking_service", "foreigners_office"),
        SlotSet("booking_concern", None),
        SlotSet("booking_time", None),
        SlotSet("booking_contact", None),
        SlotSet("booking_confirmed", None),
    ]
    assert said == []


async def test_at_the_limit_no_new_booking_starts(booking: BookingStore) -> None:
    person = Who("fixture-booking-0001", "web", "de")
    starts = sorted({s.start for s in booking.free("foreigners_office", "permit_extension")})
    for start in starts[: booking.config.max_upcoming_per_person]:
        booking.book(person, "foreigners_office", "permit_extension", start)
    events, messages = await run(ActionStartBooking(), "booking_service_from_topic")
    assert events == [
        *(SlotSet(name, None) for name in BOOKING_SLOTS),
        FollowupAction("action_listen"),
    ]
    assert [m["response"] for m in messages] == ["utter_booking_too_many"]
    [refused] = messages
    assert refused["custom"] == {"komm_mit": {"signal": "booking_refused", "reason": "person"}}


async def test_a_request_that_names_its_topic_skips_service_and_concern(
    booking: BookingStore,
) -> None:
    events, _ = await run(ActionStartBooking(), "booking_request_names_the_concern")
    assert events == [
        *(SlotSet(name, None) for name in BOOKING_SLOTS),
        SlotSet("booking_service", "foreigners_office"),
        SlotSet("booking_concern", "naturalisation"),
    ]


async def test_a_topic_answers_which_service_instead_of_leaving_the_form(
    booking: BookingStore,
) -> None:
    events, said = await validate("booking_service_answered_with_a_topic")
    assert events == [
        SlotSet("booking_service", "foreigners_office"),
        SlotSet("booking_concern", "permit_extension"),
    ]
    assert said == []


async def test_the_last_free_time_offers_no_later_dates(booking: BookingStore) -> None:
    last = booking.free("foreigners_office", "permit_extension")[-1]
    raw = load_tracker("booking_time_button")
    raw["slots"]["booking_after"] = (last.start - timedelta(minutes=1)).isoformat()
    events, messages = await run(ActionAskBookingTime(), raw)
    assert events == []
    [message] = messages
    assert message["slots"] == [last.start.isoformat()]
    assert message["more_after"] is None


async def test_no_thanks_at_the_contact_step_books_without_contact(booking: BookingStore) -> None:
    events, said = await validate("booking_contact_declined_with_thanks")
    assert events == [SlotSet("booking_contact", "none")]
    assert said == []


def time_answer(**entities: str) -> dict[str, Any]:
    """The time question answered with a button that sends these entities."""
    raw = load_tracker("booking_time_button")
    raw["latest_message"]["text"] = "/inform" + json.dumps(entities)
    raw["latest_message"]["entities"] = [{"entity": k, "value": v} for k, v in entities.items()]
    return raw


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        pytest.param(
            {"booking_time": "waitlist"},
            [SlotSet("booking_waitlist", True), SlotSet("requested_slot", None)],
            id="the waiting list ends the form without time, contact or summary",
        ),
        pytest.param(
            {"booking_page": MONDAY_8},
            [SlotSet("booking_after", MONDAY_8), SlotSet("booking_wish", None)],
            id="later dates",
        ),
        pytest.param(
            {"booking_page": "start"},
            [SlotSet("booking_after", None), SlotSet("booking_wish", None)],
            id="back to the first page of the offers",
        ),
    ],
)
async def test_the_waiting_list_and_paging_buttons_set_their_slots_and_say_nothing(
    booking: BookingStore, entities: dict[str, str], expected: Events
) -> None:
    events, said = await validate(time_answer(**entities))
    assert events == [SlotSet("booking_time", None), *expected]
    assert said == []


async def test_submitting_the_waiting_list_joins_it(booking: BookingStore) -> None:
    raw = load_tracker("booking_time_button")
    raw["slots"]["booking_waitlist"] = True
    events, messages = await run(ActionSubmitBooking(), raw)
    assert events == [SlotSet(name, None) for name in BOOKING_SLOTS]
    [message] = messages
    assert (message["response"], message["concern"]) == (
        "utter_booking_waitlisted",
        "permit_extension",
    )
    assert booking.upcoming("fixture-booking-0001") == []
    already_on_it = not booking.join_waitlist(
        Who("fixture-booking-0001", "web", "ru"), "foreigners_office", "permit_extension"
    )
    assert already_on_it


@pytest.mark.parametrize(
    "entities", [{"booking_time": "page:2"}, {"booking_time": "wish:{}"}, {"booking_page": "2"}]
)
async def test_a_button_we_never_sent_gets_the_hint_and_the_question_again(
    booking: BookingStore, entities: dict[str, str]
) -> None:
    events, said = await validate(time_answer(**entities))
    assert events == [SlotSet("booking_time", None)]
    assert said == ["utter_booking_invalid"]


async def test_a_wish_kept_as_json_text_before_the_slot_held_a_dict_still_counts(
    booking: BookingStore,
) -> None:
    offered = []
    for kept in ({"day": "2026-11-24", "at": None, "part": None}, '{"day": "2026-11-24"}'):
        raw = load_tracker("booking_time_button")
        raw["slots"]["booking_wish"] = kept
        _events, messages = await run(ActionAskBookingTime(), raw)
        [message] = messages
        offered.append(message["slots"])
    assert offered[0] == offered[1] and offered[0][0].startswith("2026-11-24")


async def test_a_day_in_the_request_is_kept_for_the_time_question(booking: BookingStore) -> None:
    raw = load_tracker("booking_request_names_the_concern")
    raw["latest_message"]["text"] = "Termin für die Einbürgerung, am Donnerstag nachmittags bitte"
    events, _ = await run(ActionStartBooking(), raw)
    [wish] = [e["value"] for e in events if e.get("name") == "booking_wish" and e["value"]]
    day = date.fromisoformat(wish["day"])
    today = booking.config.local(booking.clock()).date()
    assert day.weekday() == 3 and today < day <= today + timedelta(days=7)
    assert wish["part"] == "afternoon"
    assert SlotSet("booking_concern", "naturalisation") in events


async def test_a_request_without_a_day_sets_no_wish(booking: BookingStore) -> None:
    events, _ = await run(ActionStartBooking(), "booking_request_names_the_concern")
    assert not [e for e in events if e.get("name") == "booking_wish" and e["value"]]
