"""The time step of the booking form with typed wishes: tracker fixtures in, events out.

The store's clock is Friday 20 November 2026, 10:00 in Osnabrück; the test calendar opens
the foreigners office on Monday and Tuesday 08:00-10:00 and Thursday 14:00-15:00.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.form import ValidateAppointmentForm
from actions.booking.questions import ActionAskBookingTime
from bot.booking.store import BookingStore
from bot.language.supported import SUPPORTED
from bot.texts import Context, render
from tests.booking.conftest import action_store
from tests.conftest import load_tracker

FORM_SLOTS = ["booking_service", "booking_concern", "booking_time", "booking_contact"]
DOMAIN: dict[str, Any] = {
    "forms": {"appointment_form": {"required_slots": [*FORM_SLOTS, "booking_confirmed"]}},
    "slots": {},
}
TUESDAY_8_30 = "2026-11-24T08:30:00+01:00"
SATURDAY = "2026-11-28"


@pytest.fixture
def booking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[BookingStore]:
    yield from action_store(tmp_path / "wish.db", monkeypatch)


def typed(text: str, lang: str = "de", **slots: Any) -> dict[str, Any]:
    """The time question answered with typed text, in a conversation in `lang`."""
    raw = load_tracker("booking_time_wish_arabic")
    raw["slots"].update(language=lang, **slots)
    raw["latest_message"]["text"] = text
    raw["events"][-1]["text"] = raw["events"][-1]["parse_data"]["text"] = text
    return raw


async def validate(raw: dict[str, Any]) -> tuple[list[EventType], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateAppointmentForm().run(dispatcher, Tracker.from_dict(raw), DOMAIN)
    return events, [m["response"] for m in dispatcher.messages]


async def ask(raw: dict[str, Any]) -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    await ActionAskBookingTime().run(dispatcher, Tracker.from_dict(raw), DOMAIN)
    [message] = dispatcher.messages
    return message


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Dienstag um halb neun"),
        ("en", "tues at half past eight"),
        ("ar", "التلات الساعة تمانية ونص"),
        ("fa", "سه شنبه ساعت هشت و نیم"),
        ("uk", "у вівторок о пів на дев'яту"),
        ("ru", "во вторник в половине девятого"),
        ("tr", "salı saat sekiz buçukta"),
    ],
)
async def test_a_free_day_and_time_in_words_is_chosen_at_once(
    booking: BookingStore, lang: str, text: str
) -> None:
    events, said = await validate(typed(text, lang))
    assert events == [SlotSet("booking_time", TUESDAY_8_30), SlotSet("booking_wish", None)]
    assert said == []


async def test_a_time_typed_after_choosing_a_day_keeps_that_day(booking: BookingStore) -> None:
    tuesday = {"day": "2026-11-24", "at": None, "part": None}
    events, said = await validate(typed("um halb neun", booking_wish=tuesday))
    assert events == [SlotSet("booking_time", TUESDAY_8_30), SlotSet("booking_wish", None)]
    assert said == []


async def test_a_part_of_the_day_typed_after_a_day_offers_that_day(
    booking: BookingStore,
) -> None:
    thursday = {"day": "2026-11-26", "at": None, "part": None}
    events, _ = await validate(typed("nachmittags", booking_wish=thursday))
    wish = {"day": "2026-11-26", "at": None, "part": "afternoon"}
    assert SlotSet("booking_wish", wish) in events
    message = await ask(typed("nachmittags", booking_wish=wish))
    assert message["slots"][0] == "2026-11-26T13:00:00+00:00"  # 14:00 in Osnabrück


async def test_a_time_typed_on_a_later_page_stays_near_that_page(booking: BookingStore) -> None:
    page = "2026-11-30T08:00:00+01:00"  # "Later dates" showed Monday 30 November
    events, _ = await validate(typed("um neun", booking_after=page))
    assert SlotSet("booking_after", page) in events
    wish = {"day": None, "at": "09:00", "part": "morning"}
    message = await ask(typed("um neun", booking_wish=wish, booking_after=page))
    assert message["slots"][0] >= "2026-11-30"


async def test_a_saturday_is_closed_not_taken_and_the_nearest_open_days_are_offered(
    booking: BookingStore,
) -> None:
    events, said = await validate(typed("Samstag um 10"))  # tomorrow, Saturday 21 November
    wish = {"day": "2026-11-21", "at": "10:00", "part": "morning"}
    assert SlotSet("booking_wish", wish) in events
    assert said == []  # no "that time has just been taken"
    message = await ask(typed("Samstag um 10", booking_wish=wish))
    assert message["closed_day"] == "2026-11-21"
    assert message["slots"][0].startswith("2026-11-23")  # the next open day, Monday
    # A Saturday a week later: the Thursday before is as near as the Monday after.
    message = await ask(typed("", booking_wish={"day": SATURDAY, "at": "10:00"}))
    assert message["closed_day"] == SATURDAY
    offered_days = {slot[:10] for slot in message["slots"]}
    assert "2026-11-26" in offered_days and offered_days <= {"2026-11-26", "2026-11-30"}


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_closed_day_is_said_in_the_users_language_with_the_real_opening_days(
    lang: str,
) -> None:
    arguments = {"slots": ["2026-11-30T07:00:00+00:00"], "closed_day": SATURDAY}
    slots = {"booking_service": "foreigners_office"}
    text = render("utter_ask_booking_time", Context(lang=lang, slots=slots, arguments=arguments))
    english = render(
        "utter_ask_booking_time", Context(lang="en", slots=slots, arguments=arguments)
    ).text
    assert "{" not in text.text
    assert (text.text == english) == (lang == "en")
    if lang == "en":
        # bot/content/calendar.yml: the foreigners office opens Monday, Tuesday and Thursday.
        assert "closed on Saturday, November 28, 2026" in text.text
        assert "Open days: Monday, Tuesday, and Thursday." in text.text
        assert "not free" not in text.text
    if lang == "de":
        assert "28. November 2026 geschlossen" in text.text
        assert "Montag, Dienstag und Donnerstag" in text.text


async def test_a_time_outside_the_hours_on_an_open_day_gives_that_days_hours(
    booking: BookingStore,
) -> None:
    # Thursday 26 November: the test calendar opens 14:00-15:00.
    events, said = await validate(typed("Donnerstag um 18 Uhr"))
    wish = {"day": "2026-11-26", "at": "18:00", "part": "afternoon"}
    assert SlotSet("booking_wish", wish) in events and SlotSet("booking_time", None) in events
    assert said == []  # no "that time has just been taken"
    message = await ask(typed("Donnerstag um 18 Uhr", booking_wish=wish))
    assert message["hours_day"] == "2026-11-26" and message["wished_time"] == "18:00"
    assert message["closed_day"] is None
    assert message["slots"][:2] == ["2026-11-26T13:00:00+00:00", "2026-11-26T13:30:00+00:00"]


async def test_an_early_time_without_a_day_gives_the_hours_of_the_first_offered_day(
    booking: BookingStore,
) -> None:
    events, _ = await validate(typed("at 7 in the morning", "en"))
    wish = {"day": None, "at": "07:00", "part": "morning"}
    assert SlotSet("booking_wish", wish) in events
    message = await ask(typed("at 7 in the morning", "en", booking_wish=wish))
    assert message["slots"][0] == "2026-11-23T07:00:00+00:00"  # Monday 08:00, the nearest
    assert message["hours_day"] == "2026-11-23" and message["wished_time"] == "07:00"


async def test_a_time_inside_the_hours_that_is_not_free_is_still_not_free(
    booking: BookingStore,
) -> None:
    # Tuesday 09:45: inside 08:00-10:00, but a 30-minute concern cannot start then.
    message = await ask(typed("", booking_wish={"day": "2026-11-24", "at": "09:45"}))
    assert message["wish_missed"] is True
    assert message["hours_day"] is None and message["wished_time"] is None


async def test_a_closed_day_keeps_its_own_message_whatever_the_time(
    booking: BookingStore,
) -> None:
    message = await ask(typed("", booking_wish={"day": SATURDAY, "at": "18:00"}))
    assert message["closed_day"] == SATURDAY
    assert message["hours_day"] is None
