"""The booking form hears refusals, names, corrections and side questions (issue 16).

Tracker fixtures in (the contact step and the summary of a booking), exact events and
the responses the user would see out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.identity
from actions.booking.form import ValidateAppointmentForm
from actions.booking.submit import ActionSubmitBooking
from bot.booking.store import BookingStore
from bot.texts import Context, render
from tests.actions.test_booking_form import DOMAIN
from tests.booking.conftest import make_store
from tests.conftest import load_tracker

MONDAY_8 = "2026-11-23T07:00:00+00:00"


@pytest.fixture
def booking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[BookingStore]:
    store = make_store(f"sqlite:///{tmp_path / 'talk.db'}")
    monkeypatch.setattr(actions.identity, "booking_store", lambda: store)
    yield store
    store.engine.dispose()


def said(
    text: str, intent: str, *, asked: str, language: str = "en", confidence: float = 0.9
) -> dict[str, Any]:
    """The form asked for `asked`; the user wrote `text`, classified as `intent`."""
    raw = load_tracker("booking_contact_declined_with_thanks")
    raw["slots"].update(language=language, requested_slot=asked)
    if asked == "booking_confirmed":
        raw["slots"]["booking_contact"] = "Ayşe Yılmaz, 0151 2345678"
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "metadata": {"channel": "web"},
    }
    raw["latest_message"] = message
    raw["events"][-1] = {"event": "user", "text": text, "parse_data": message}
    return raw


async def validate(raw: dict[str, Any]) -> tuple[list[EventType], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateAppointmentForm().run(dispatcher, Tracker.from_dict(raw), DOMAIN)
    return events, [m["response"] for m in dispatcher.messages]


def asked_next(raw: dict[str, Any], events: list[EventType]) -> str | None:
    """The question the form asks after these events (Rasa asks the first empty slot)."""
    slots = {**raw["slots"], **{e["name"]: e["value"] for e in events if e["event"] == "slot"}}
    required = DOMAIN["forms"]["appointment_form"]["required_slots"]
    return next((name for name in required if slots.get(name) is None), None)


# --- the contact step ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("kein Telefon bitte", "stop", "de"),
        ("nein, ohne Kontakt", "deny", "de"),
        ("no phone please", "stop", "en"),
        ("нет, без контактов", "stop", "ru"),
        ("без телефону", "ask_contact", "uk"),
        ("telefon vermek istemiyorum", "stop", "tr"),
        ("لا ما بدي أعطي رقمي", "stop", "ar"),
        ("شماره نمی‌دم", "ask_contact", "fa"),
    ],
)
async def test_a_refusal_in_words_books_on_without_contact(
    booking: BookingStore, text: str, intent: str, language: str
) -> None:
    """Whatever the classifier guessed (even "stop"), the booking goes on to the summary."""
    raw = said(text, intent, asked="booking_contact", language=language)
    events, responses = await validate(raw)
    assert SlotSet("booking_contact", "none") in events
    assert asked_next(raw, events) == "booking_confirmed"
    assert responses == []


async def test_the_name_is_stored_without_im(booking: BookingStore) -> None:
    raw = said("I'm Ahmad Karimi, 0176 1234567", "greet", asked="booking_contact")
    events, _ = await validate(raw)
    assert SlotSet("booking_contact", "Ahmad Karimi, 0176 1234567") in events


async def test_a_bare_name_is_a_name(booking: BookingStore) -> None:
    raw = said("Ahmad Karimi", "nlu_fallback", asked="booking_contact", confidence=0.3)
    events, responses = await validate(raw)
    assert SlotSet("booking_contact", "Ahmad Karimi") in events
    assert responses == []


async def test_a_booking_with_a_name_only_keeps_the_name(booking: BookingStore) -> None:
    raw = load_tracker("booking_confirmed_yes")
    raw["slots"]["booking_contact"] = "Ahmad Karimi"
    dispatcher = CollectingDispatcher()
    await ActionSubmitBooking().run(dispatcher, Tracker.from_dict(raw), DOMAIN)
    [item] = booking.upcoming("fixture-booking-0001")
    assert (item.contact_name, item.contact) == ("Ahmad Karimi", None)


async def test_a_clear_stop_at_the_contact_step_still_stops(booking: BookingStore) -> None:
    """No slot: the form rejects, and the rule for `stop` leaves the booking."""
    raw = said("abbrechen", "stop", asked="booking_contact")
    events, responses = await validate(raw)
    assert events == [] and responses == []


# --- the summary -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("another time please", "book_appointment", "en"),
        ("other day", "inform", "en"),
        ("поменяйте время", "deny", "ru"),
        ("başka saat", "nlu_fallback", "tr"),
        ("وقت آخر", "deny", "ar"),
        ("وقت دیگه", "stop", "fa"),
    ],
)
async def test_another_time_at_the_summary_asks_for_the_time_again(
    booking: BookingStore, text: str, intent: str, language: str
) -> None:
    raw = said(text, intent, asked="booking_confirmed", language=language)
    events, responses = await validate(raw)
    assert SlotSet("booking_confirmed", None) in events
    assert SlotSet("booking_time", None) in events
    assert SlotSet("booking_contact", "Ayşe Yılmaz, 0151 2345678") not in events  # kept as it was
    assert asked_next(raw, events) == "booking_time"
    assert responses == []  # no "please answer yes or no", no cancelling


async def test_a_wished_day_at_the_summary_offers_times_on_that_day(booking: BookingStore) -> None:
    raw = said("lieber Donnerstag", "inform", asked="booking_confirmed", language="de")
    events, _ = await validate(raw)
    assert SlotSet("booking_confirmed", None) in events
    assert SlotSet("booking_wish", {"day": "2026-11-26", "at": None, "part": None}) in events
    assert asked_next(raw, events) == "booking_time"


async def test_another_number_at_the_summary_asks_for_the_contact_again(
    booking: BookingStore,
) -> None:
    raw = said("другой номер телефона", "inform", asked="booking_confirmed", language="ru")
    events, _ = await validate(raw)
    assert SlotSet("booking_contact", None) in events
    assert asked_next(raw, events) == "booking_contact"


async def test_a_new_number_at_the_summary_replaces_the_old_one(booking: BookingStore) -> None:
    raw = said("change the number to 0176 1234567", "inform", asked="booking_confirmed")
    events, _ = await validate(raw)
    assert SlotSet("booking_contact", "0176 1234567") in events
    assert asked_next(raw, events) == "booking_confirmed"


async def test_another_concern_at_the_summary_asks_for_the_concern_again(
    booking: BookingStore,
) -> None:
    raw = said("anderes Anliegen", "inform", asked="booking_confirmed", language="de")
    events, _ = await validate(raw)
    assert SlotSet("booking_concern", None) in events and SlotSet("booking_time", None) in events
    assert asked_next(raw, events) == "booking_concern"


@pytest.mark.parametrize(
    ("text", "intent", "answer"), [("да", "affirm", "yes"), ("nein", "deny", "no")]
)
async def test_yes_and_no_at_the_summary_still_answer_it(
    booking: BookingStore, text: str, intent: str, answer: str
) -> None:
    raw = said(text, intent, asked="booking_confirmed")
    events, _ = await validate(raw)
    assert SlotSet("booking_confirmed", answer) in events


# --- side questions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "text", "intent", "language"),
    [
        ("booking_contact", "is the building accessible by wheelchair?", "ask_location", "en"),
        (
            "booking_confirmed",
            "Gibt es einen Aufzug? Ich sitze im Rollstuhl.",
            "nlu_fallback",
            "de",
        ),
        ("booking_concern", "هل يوجد مصعد؟ أنا على كرسي متحرك", "ask_location", "ar"),
        ("booking_contact", "ساختمون آسانسور داره؟ ویلچر دارم", "out_of_scope", "fa"),
    ],
)
async def test_a_wheelchair_question_is_answered_and_the_booking_goes_on(
    booking: BookingStore, asked: str, text: str, intent: str, language: str
) -> None:
    raw = said(text, intent, asked=asked, language=language)
    events, responses = await validate(raw)
    assert responses == ["utter_booking_accessibility"]
    assert SlotSet(asked, None) in events  # the form asks the same question again
    assert asked_next(raw, events) == asked


async def test_a_location_question_is_left_to_the_rules_that_answer_it_inside_the_form(
    booking: BookingStore,
) -> None:
    """The form rejects; stories/forms.yml answers ask_location and goes on with the form."""
    raw = said("where is it?", "ask_location", asked="booking_contact")
    events, responses = await validate(raw)
    assert events == [] and responses == []


@pytest.mark.parametrize(
    ("language", "unknown", "goes_on"),
    [
        ("en", "I do not have confirmed information", "Your booking goes on"),
        ("de", "habe ich noch keine bestätigten Informationen", "Ihre Buchung geht weiter"),
        ("fa", "هنوز اطلاعات تأییدشده‌ای", "رزرو شما ادامه دارد"),
        ("ar", "ليس لدي بعد معلومات مؤكدة", "حجزك مستمر"),
    ],
)
def test_the_wheelchair_answer_says_honestly_that_access_is_not_confirmed(
    language: str, unknown: str, goes_on: str
) -> None:
    """The fact is a placeholder: no claim about access, the office's contact, the next step."""
    ctx = Context(lang=language, slots={"booking_service": "foreigners_office"})
    text = render("utter_booking_accessibility", ctx).text
    assert unknown in text and goes_on in text
    assert "•" in text  # how to reach the office before the visit


@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("actually can we do 9 instead?", "deny", "en"),
        ("lieber um 9, geht das?", "inform", "de"),
        ("а можно лучше в 9?", "book_appointment", "ru"),
        ("۹ بهتر نیست؟", "inform", "fa"),
    ],
)
async def test_another_hour_at_the_summary_moves_the_time_on_the_same_day(
    booking: BookingStore, text: str, intent: str, language: str
) -> None:
    """The summary's time is Monday 23 November, 08:00; "9 instead" is 09:00 that day."""
    raw = said(text, intent, asked="booking_confirmed", language=language)
    events, responses = await validate(raw)
    assert SlotSet("booking_confirmed", None) in events
    assert SlotSet("booking_time", "2026-11-23T09:00:00+01:00") in events
    assert asked_next(raw, events) == "booking_confirmed"  # the summary again, nothing cancelled
    assert responses == []


@pytest.mark.parametrize("text", ["0176 1234567 please", "am 9.12. lieber", "nein"])
async def test_a_number_that_is_no_hour_does_not_move_the_time(
    booking: BookingStore, text: str
) -> None:
    raw = said(text, "deny", asked="booking_confirmed", language="de")
    events, _ = await validate(raw)
    assert SlotSet("booking_time", "2026-11-23T09:00:00+01:00") not in events
