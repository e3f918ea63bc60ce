"""What a person reads while booking: the example-calendar note and the hours of a day.

The calendar is a fixture (tests/booking/conftest.py), never the real file's state: the
foreigners office opens Monday and Tuesday 08:00-10:00 and Thursday 14:00-15:00.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from icalendar import Calendar

import bot.texts.booking
import bot.texts.common
from bot.booking.calendar import CalendarConfig
from bot.booking.store import BookingStore, Who
from bot.language.supported import SUPPORTED
from bot.texts import Context, render
from tests.booking.conftest import calendar_dict

SLOTS = {
    "booking_service": "foreigners_office",
    "booking_concern": "permit_extension",
    "booking_time": "2026-11-23T07:00:00+00:00",  # Monday 23 November, 08:00 in Osnabrück
    "booking_contact": "none",
}
NOTE_EN = "the office has not yet confirmed the appointment hours"
UseCalendar = Callable[[str], None]


@pytest.fixture
def use_calendar(monkeypatch: pytest.MonkeyPatch) -> UseCalendar:
    """Makes the texts read the fixture calendar with the given `status`."""

    def use(status: str) -> None:
        config = CalendarConfig.from_dict(calendar_dict(status=status))
        monkeypatch.setattr(bot.texts.booking, "calendar_config", lambda: config)
        monkeypatch.setattr(bot.texts.common, "calendar_config", lambda: config)

    return use


def note(lang: str) -> str:
    return bot.texts.booking.example_notice(Context(lang=lang))


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_summary_before_yes_says_once_that_the_hours_are_not_confirmed(
    use_calendar: UseCalendar, lang: str
) -> None:
    use_calendar("example")
    text = render("utter_ask_booking_confirmed", Context(lang=lang, slots=SLOTS)).text
    assert note(lang) and text.count(note(lang)) == 1
    assert "{" not in note(lang)
    assert (note(lang) == note("en")) == (lang == "en")
    # Just before the question, so it is read where the person decides.
    question = text.split("\n\n")[-1]
    assert text.split("\n\n")[-2] == note(lang)
    assert (
        question
        == bot.texts.booking.ask_confirmed(Context(lang=lang, slots=SLOTS)).text.split("\n\n")[-1]
    )


def test_the_note_says_what_happens_and_does_not_ask_to_doubt_the_booking(
    use_calendar: UseCalendar,
) -> None:
    use_calendar("example")
    text = render("utter_ask_booking_confirmed", Context(lang="en", slots=SLOTS)).text
    assert NOTE_EN in text
    assert "If the office has to cancel your appointment, you will get a message here" in text
    assert "example" not in text and "before you rely" not in text
    german = render("utter_ask_booking_confirmed", Context(lang="de", slots=SLOTS)).text
    assert "noch nicht bestätigt" in german and "hier im Chat eine Nachricht" in german


@pytest.mark.parametrize("lang", SUPPORTED)
def test_offers_confirmation_list_and_calendar_file_carry_no_note(
    use_calendar: UseCalendar, store: BookingStore, lang: str
) -> None:
    use_calendar("example")
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(
        Who("conv-1", "web", lang), "foreigners_office", "permit_extension", slot.start
    )
    appointment = {
        "reference": item.reference,
        "service": item.service,
        "concern": item.concern,
        "starts_at": item.starts_at.isoformat(),
    }
    offers = Context(lang=lang, slots=SLOTS, arguments={"slots": [slot.start.isoformat()]})
    done = Context(lang=lang, conversation_id="conv-1", arguments={"appointment": appointment})
    listed = Context(lang=lang, arguments={"appointments": [appointment]})
    texts = {
        "time offers": render("utter_ask_booking_time", offers).text,
        "confirmation": render("utter_booking_done", done).text,
        "staff booking": render("utter_staff_booked", done).text,
        "my appointments": render("utter_appointments_list", listed).text,
    }
    ics = Calendar.from_ical(bot.texts.booking.calendar_file_for(item, lang))
    event = next(iter(ics.walk("VEVENT")))
    texts["calendar file"] = str(event["description"])
    for where, text in texts.items():
        assert note(lang) not in text, where
    assert item.reference in texts["calendar file"]  # the file still says what it is


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_a_confirmed_calendar_has_no_note_anywhere(use_calendar: UseCalendar, lang: str) -> None:
    use_calendar("confirmed")
    assert note(lang) == ""
    text = render("utter_ask_booking_confirmed", Context(lang=lang, slots=SLOTS)).text
    use_calendar("example")
    with_note = render("utter_ask_booking_confirmed", Context(lang=lang, slots=SLOTS)).text
    assert text != with_note and note(lang) not in text
    assert with_note.replace(note(lang) + "\n\n", "") == text


# --- a time outside the opening hours on an open day ---------------------------------------

OUTSIDE = {
    "slots": ["2026-11-26T13:00:00+00:00"],
    "hours_day": "2026-11-26",
    "wished_time": "18:00",
}


@pytest.mark.parametrize("lang", SUPPORTED)
def test_a_time_outside_the_hours_is_told_with_that_days_hours(
    use_calendar: UseCalendar, lang: str
) -> None:
    use_calendar("confirmed")
    text = render("utter_ask_booking_time", Context(lang=lang, slots=SLOTS, arguments=OUTSIDE))
    english = render("utter_ask_booking_time", Context(lang="en", slots=SLOTS, arguments=OUTSIDE))
    assert "{" not in text.text
    assert (text.text == english.text) == (lang == "en")
    assert text.buttons[0].payload == '/inform{"booking_time": "2026-11-26T13:00:00+00:00"}'
    if lang == "en":
        assert "(Ausländerbehörde) is not open at 6:00\u202fPM." in text.text
        assert (
            "Opening hours on Thursday, November 26, 2026: 2:00\u202fPM – 3:00\u202fPM."
            in text.text
        )
        assert "not free" not in text.text and "closed on" not in text.text
    if lang == "de":
        assert "um 18:00 nicht geöffnet" in text.text
        assert "Öffnungszeiten am Donnerstag, 26. November 2026: 14:00 – 15:00." in text.text
    if lang == "fa":
        assert "۱۸:۰۰" in text.text and "۱۴:۰۰" in text.text


def test_several_ranges_that_day_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = calendar_dict()
    raw["services"]["foreigners_office"]["hours"]["thu"] = ["08:00-12:00", "14:00-17:00"]
    config = CalendarConfig.from_dict(raw)
    monkeypatch.setattr(bot.texts.booking, "calendar_config", lambda: config)
    monkeypatch.setattr(bot.texts.common, "calendar_config", lambda: config)
    arguments = {**OUTSIDE, "wished_time": "07:00"}
    text = render("utter_ask_booking_time", Context(lang="de", slots=SLOTS, arguments=arguments))
    assert "um 07:00 nicht geöffnet" in text.text
    assert "26. November 2026: 08:00 – 12:00 und 14:00 – 17:00." in text.text
