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


async def test_offers_on_the_wished_day_say_that_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"فردا صبح" / "Dienstag vormittags": the same intro as before the wish looked like
    the wish was not understood; when the offers are all that day's, the text names it."""
    import actions.identity
    from bot.booking.calendar import CalendarConfig
    from tests.booking.conftest import calendar_dict, make_store

    raw = calendar_dict()
    raw["services"]["foreigners_office"]["hours"]["tue"] = ["08:00-12:00"]
    store = make_store(f"sqlite:///{tmp_path / 'long.db'}", CalendarConfig.from_dict(raw))
    monkeypatch.setattr(actions.identity, "booking_store", lambda: store)
    wish = {"day": "2026-11-24", "at": None, "part": "morning"}
    message = await ask(typed("سه‌شنبه صبح", "fa", booking_wish=wish))
    assert {slot[:10] for slot in message["slots"]} == {"2026-11-24"}
    assert message["wished_day"] == "2026-11-24"
    slots = {"booking_service": "foreigners_office"}
    arguments = {"slots": message["slots"], "wished_day": message["wished_day"]}
    for lang, day in [("de", "am Dienstag, 24. November 2026"), ("en", "on Tuesday, November 24")]:
        context = Context(lang=lang, slots=slots, arguments=arguments)
        assert day in render("utter_ask_booking_time", context).text
    farsi = render("utter_ask_booking_time", Context(lang="fa", slots=slots, arguments=arguments))
    assert "سه‌شنبه" in farsi.text and "{" not in farsi.text
    store.engine.dispose()


async def test_offers_on_other_days_or_a_missed_wish_do_not_name_the_day(
    booking: BookingStore,
) -> None:
    # Tuesday morning in the test calendar (08:00-10:00): too few times, Thursday's follow.
    wish = {"day": "2026-11-24", "at": None, "part": "morning"}
    message = await ask(typed("Dienstag vormittags", booking_wish=wish))
    assert {slot[:10] for slot in message["slots"]} > {"2026-11-24"}
    assert message["wished_day"] is None
    message = await ask(typed("", booking_wish={"day": SATURDAY, "at": "10:00"}))
    assert message["wished_day"] is None and message["closed_day"] == SATURDAY
    message = await ask(typed("", booking_wish={"day": "2026-11-24", "at": "09:45"}))
    assert message["wished_day"] is None and message["wish_missed"] is True


def offered(raw: dict[str, Any], times: list[str]) -> dict[str, Any]:
    """The time question's offers, as the NLG recorded them, before the person's answer."""
    bot = {"event": "bot", "metadata": {"rendered": {"response": "utter_ask_booking_time",
                                                     "arguments": {"slots": times}}}}
    raw["events"].insert(len(raw["events"]) - 1, bot)
    return raw


async def test_a_typed_ordinal_takes_that_offered_time(booking: BookingStore) -> None:
    times = [s.start.isoformat() for s in booking.free("foreigners_office", "permit_extension")[:5]]
    events, said = await validate(offered(typed("давайте второе", "ru"), times))
    assert SlotSet("booking_time", times[1]) in events and said == []
    events, _ = await validate(offered(typed("اولی رو میخوام", "fa"), times))
    assert SlotSet("booking_time", times[0]) in events


async def test_an_ordinal_without_offers_since_the_last_message_is_not_a_choice(
    booking: BookingStore,
) -> None:
    raw = typed("второе", "ru")
    raw["events"].insert(len(raw["events"]) - 1, {"event": "user", "text": "earlier"})
    stale = offered(raw, ["2026-11-24T07:00:00+00:00"])
    stale["events"].insert(len(stale["events"]) - 2, stale["events"].pop(-2))  # before "earlier"
    events, _ = await validate(stale)
    assert not any(e.get("name") == "booking_time" and e.get("value") for e in events)
