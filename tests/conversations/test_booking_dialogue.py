"""Pattern 6: free text inside the booking: times in words, closed days, the contact step,
a correction at the summary, a side question; only a clear "stop" stops."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import NOW_VARIABLE
from bot.texts import Context
from bot.texts.common import when
from tests.conversations.seen import opening, reads_as, rendered
from tests.test_stack import MODEL, Chat, Stack, buttons, payloads, texts

pytestmark = pytest.mark.stack

# The stack's clock is fixed (bot/clock.py) so that "Thursday" and "tomorrow" name known days.
NOW = "2027-03-01T08:00:00+00:00"  # Monday 1 March 2027, 09:00 in Osnabrück
BERLIN = ZoneInfo("Europe/Berlin")
SATURDAY = date(2027, 3, 6)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(NOW_VARIABLE, NOW)
        running = Stack(tmp_path_factory.mktemp("stack"))  # its processes get the clock
    with running.started():
        yield running


def local(day: int, hour: int, minute: int) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=BERLIN)


def at_time_step(
    stack: Stack, lang: str, service: str, concern: str
) -> tuple[Chat, dict[str, Any]]:
    """A booking started with the buttons, now asking for a time."""
    chat = Chat(stack, hint=lang)
    chat.say(f'/book_appointment{{"service": "{service}"}}')
    offer = chat.say(f'/inform{{"booking_concern": "{concern}"}}')
    assert buttons(offer, "booking_time"), texts(offer)
    return chat, offer


def at_contact_step(stack: Stack, lang: str) -> Chat:
    chat, offer = at_time_step(stack, lang, "migration_centre", "recognition")
    asked = chat.say(buttons(offer, "booking_time")[-1]["payload"])
    assert buttons(asked, "booking_contact"), texts(asked)
    return chat


def is_summary(answer: dict[str, Any]) -> bool:
    return "/affirm" in payloads(answer) and "/deny" in payloads(answer)


# --- a time in words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "wish", "moment"),
    [
        ("de", "am Donnerstag um Viertel nach neun", local(4, 9, 15)),
        ("uk", "у четвер о пів на десяту", local(4, 9, 30)),
        ("ru", "в пятницу в 10 утра", local(5, 10, 0)),
        ("en", "wednesday quarter past ten", local(3, 10, 15)),
    ],
)
def test_a_day_and_time_in_words_is_the_time_in_the_summary(
    stack: Stack, lang: str, wish: str, moment: datetime
) -> None:
    chat, _offer = at_time_step(stack, lang, "migration_centre", "job_advice")
    asked = chat.say(wish)
    reads_as(asked, lang)
    contact = buttons(asked, "booking_contact")
    assert contact, texts(asked)  # the time was taken, the next question comes
    summary = chat.say(contact[0]["payload"])
    assert is_summary(summary)
    assert when(Context(lang=lang), moment) in texts(summary)


@pytest.mark.parametrize(
    ("lang", "wish"),
    [("ar", "بكرا الصبح"), ("fa", "فردا صبح"), ("tr", "yarın sabah")],
)
def test_tomorrow_morning_in_words_offers_tomorrows_morning(
    stack: Stack, lang: str, wish: str
) -> None:
    chat, _offer = at_time_step(stack, lang, "migration_centre", "job_advice")
    answer = chat.say(wish)
    reads_as(answer, lang)
    assert rendered("utter_booking_invalid", lang, {"slot": "booking_time"}) not in texts(answer)
    times = buttons(answer, "booking_time")
    assert times, texts(answer)
    first = datetime.fromisoformat(times[0]["payload"].split('"')[-2]).astimezone(BERLIN)
    assert first.date() == date(2027, 3, 2) and first.hour < 12, times


@pytest.mark.parametrize(
    ("lang", "wish"),
    [
        ("en", "saturday morning?"),
        ("ar", "ممكن يوم السبت؟"),
        ("fa", "شنبه صبح میشه؟"),
        ("uk", "а в суботу можна?"),
        ("tr", "cumartesi olur mu?"),
    ],
)
def test_saturday_is_closed_not_taken(stack: Stack, lang: str, wish: str) -> None:
    chat, _offer = at_time_step(stack, lang, "migration_centre", "job_advice")
    answer = chat.say(wish)
    reads_as(answer, lang)
    closed = rendered(
        "utter_ask_booking_time",
        lang,
        {"closed_day": SATURDAY.isoformat()},
        booking_service="migration_centre",
    ).split("\n\n")
    assert closed[0] in texts(answer)  # "The Migrationszentrum … is closed on Saturday, 6 March"
    assert closed[1] in texts(answer)  # "Open days: Monday … Friday. The nearest free times:"
    assert rendered("utter_booking_time_taken", lang) not in texts(answer)
    assert buttons(answer, "booking_time")


# --- the contact step ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("de", "kein Telefon bitte"),
        ("ru", "нет, без контактов"),
        ("fa", "نه شماره نمیدم"),
        ("ar", "لا، بدون رقم تلفون"),
        ("en", "no thanks, I'd rather not give my number"),
    ],
)
def test_refusing_the_contact_in_words_goes_on_to_the_summary(
    stack: Stack, lang: str, refusal: str
) -> None:
    chat = at_contact_step(stack, lang)
    summary = chat.say(refusal)
    reads_as(summary, lang)
    assert is_summary(summary), texts(summary)
    assert opening("utter_booking_stopped", lang) not in texts(summary)


@pytest.mark.parametrize(
    ("lang", "contact", "name"),
    [
        ("en", "I'm Ahmad Karimi, 0176 1234567", "Ahmad Karimi"),
        ("de", "Ich bin Ahmad Karimi, 0176 1234567", "Ahmad Karimi"),
        ("tr", "benim adım Ahmad Karimi, 0176 1234567", "Ahmad Karimi"),
        ("fa", "اسمم احمد کریمی هست، 0176 1234567", "احمد کریمی"),
    ],
)
def test_the_name_is_taken_without_my_name_is(
    stack: Stack, lang: str, contact: str, name: str
) -> None:
    chat = at_contact_step(stack, lang)
    summary = chat.say(contact)
    assert is_summary(summary), texts(summary)
    line = next(x for x in texts(summary).splitlines() if "1234567" in x)
    assert line.split(": ", 1)[-1].startswith(name), line


# --- at the summary -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "correction"),
    [
        ("en", "can I have another time please?"),
        ("fa", "میشه یه ساعت دیگه باشه؟"),
        ("ru", "а можно другое время?"),
    ],
)
def test_another_time_at_the_summary_asks_the_time_again(
    stack: Stack, lang: str, correction: str
) -> None:
    chat = at_contact_step(stack, lang)
    summary = chat.say('/inform{"booking_contact": "none"}')
    assert is_summary(summary)
    again = chat.say(correction)
    reads_as(again, lang)
    times = buttons(again, "booking_time")
    assert times, texts(again)  # the time is asked again, nothing cancelled
    assert opening("utter_booking_stopped", lang) not in texts(again)
    assert is_summary(chat.say(times[0]["payload"]))  # and the booking goes on


# --- side questions and stopping ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "question", "answer_name"),
    [
        ("fa", "آدرسش کجاست؟", "utter_location"),
        ("fa", "ساختمان برای ویلچر مناسب هست؟", "utter_booking_accessibility"),
        ("en", "is the building ok for a wheelchair?", "utter_booking_accessibility"),
        ("ar", "وين المكان بالضبط؟", "utter_location"),
        ("uk", "а де це знаходиться?", "utter_location"),
    ],
)
def test_a_side_question_is_answered_and_the_booking_goes_on(
    stack: Stack, lang: str, question: str, answer_name: str
) -> None:
    chat, _offer = at_time_step(stack, lang, "foreigners_office", "work_permit")
    answer = chat.say(question)
    reads_as(answer, lang)
    assert opening(answer_name, lang) in texts(answer)
    assert buttons(answer, "booking_time"), texts(answer)  # the time is asked again
    assert opening("utter_booking_stopped", lang) not in texts(answer)


@pytest.mark.parametrize(
    ("lang", "stop"),
    [("fa", "بس کن"), ("en", "stop please"), ("ar", "خلص وقف الحجز"), ("ru", "стоп, не надо")],
)
def test_only_stop_stops(stack: Stack, lang: str, stop: str) -> None:
    chat, _offer = at_time_step(stack, lang, "foreigners_office", "work_permit")
    answer = chat.say(stop)
    reads_as(answer, lang)
    assert opening("utter_booking_stopped", lang) in texts(answer)
    assert "/book_appointment" in payloads(answer)
