"""Free-text wishes for a time, in every language, and the slots offered for them."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from bot.booking.calendar import CalendarConfig
from bot.booking.wish import AFTERNOON, MORNING, Wish, nearest, parse_wish
from tests.booking.conftest import calendar_dict

# Saturday 21 November 2026, afternoon: "next Tuesday" is 24 November.
NOW = datetime(2026, 11, 21, 15, 0)
TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "next Tuesday morning", Wish(TUESDAY, None, MORNING)),
        ("de", "nächsten Dienstag vormittags", Wish(TUESDAY, None, MORNING)),
        ("de", "am 3.12. um 10 Uhr", Wish(date(2026, 12, 3), time(10), MORNING)),
        ("de", "Montag 9 Uhr", Wish(date(2026, 11, 23), time(9), MORNING)),
        ("ar", "الثلاثاء القادم", Wish(TUESDAY)),
        ("ar", "يوم ٢٥ نوفمبر بعد الظهر", Wish(date(2026, 11, 25), None, AFTERNOON)),
        ("fa", "سه شنبه آینده", Wish(TUESDAY)),
        ("fa", "فردا ساعت ۱۰", Wish(date(2026, 11, 22), time(10), MORNING)),
        ("uk", "наступного вівторка", Wish(TUESDAY)),
        ("uk", "завтра о 10", Wish(date(2026, 11, 22), time(10), MORNING)),
        ("ru", "в следующий вторник утром", Wish(TUESDAY, None, MORNING)),
        ("ru", "25 ноября в 11", Wish(date(2026, 11, 25), time(11), MORNING)),
        ("tr", "gelecek salı öğleden sonra", Wish(TUESDAY, None, AFTERNOON)),
        ("tr", "yarın saat 14:30", Wish(date(2026, 11, 22), time(14, 30), AFTERNOON)),
    ],
)
def test_wishes_are_understood(lang: str, text: str, expected: Wish) -> None:
    assert parse_wish(text, lang, NOW) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "hello"), ("de", "0151 2345678"), ("ar", "شكرا"), ("en", "/inform"), ("en", "")],
)
def test_other_messages_are_no_wish(lang: str, text: str) -> None:
    assert not parse_wish(text, lang, NOW).understood


def test_offers_start_with_the_wished_day_and_part_of_day() -> None:
    cfg = CalendarConfig.from_dict(calendar_dict())
    now = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    slots = list(cfg.slots("foreigners_office", "permit_extension", now))
    thursday = date(2026, 11, 26)
    offers = nearest(slots, Wish(thursday, None, AFTERNOON), cfg.tz, 3)
    assert [cfg.local(s.start).date() for s in offers] == [thursday] * 3
    assert all(cfg.local(s.start).hour >= 14 for s in offers)
    at_nine = nearest(slots, Wish(date(2026, 11, 24), time(9, 0), MORNING), cfg.tz, 1)[0]
    assert cfg.local(at_nine.start).time() == time(9, 0)
