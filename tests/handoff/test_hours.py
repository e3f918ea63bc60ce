"""Staffed chat hours: inside, outside, and the next opening across a public holiday."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.booking.calendar import CalendarConfig
from bot.handoff.hours import StaffedHours
from tests.booking.conftest import calendar_dict

HOURS = StaffedHours.from_dict(
    {"status": "example", "hours": {"foreigners_office": {"mon": ["08:00-12:00"]}}},
    CalendarConfig.from_dict(calendar_dict()),
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_inside_and_outside_staffed_hours() -> None:
    # Monday 23 November 2026: 09:00 UTC is 10:00 in Osnabrück.
    assert HOURS.is_staffed("foreigners_office", utc(2026, 11, 23, 9, 0))
    assert not HOURS.is_staffed("foreigners_office", utc(2026, 11, 23, 11, 30))
    assert not HOURS.is_staffed("migration_centre", utc(2026, 11, 23, 9, 0))


def test_next_opening_is_later_today_or_the_next_staffed_day() -> None:
    early = HOURS.next_opening("foreigners_office", utc(2026, 11, 23, 5, 0))
    assert early == utc(2026, 11, 23, 7, 0)  # 08:00 local, same day
    weekend = HOURS.next_opening("foreigners_office", utc(2026, 11, 21, 12, 0))
    assert weekend == utc(2026, 11, 23, 7, 0)


def test_a_public_holiday_is_skipped() -> None:
    # Easter Monday 2027 is 29 March: the next opening is Monday 5 April (summer time).
    after_easter = HOURS.next_opening("foreigners_office", utc(2027, 3, 27, 12, 0))
    assert after_easter == utc(2027, 4, 5, 6, 0)
