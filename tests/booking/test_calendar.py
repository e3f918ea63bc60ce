"""Slot generation: opening hours, holidays, notice, capacity and daylight-saving time."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.booking.calendar import CALENDAR_FILE, CalendarConfig, free_slots
from tests.booking.conftest import NOW, calendar_dict

UTC = timezone.utc


def config(**overrides: object) -> CalendarConfig:
    return CalendarConfig.from_dict(calendar_dict(**overrides))


def starts(cfg: CalendarConfig, service: str, concern: str, now: datetime) -> list[datetime]:
    return [s.start for s in cfg.slots(service, concern, now)]


def test_slots_lie_in_opening_hours_on_the_grid_and_fit_completely() -> None:
    cfg = config()
    local = [cfg.local(s) for s in starts(cfg, "foreigners_office", "naturalisation", NOW)]
    assert local, "a week with opening hours must have slots"
    for moment in local:
        assert moment.weekday() in (0, 1, 3)  # Mon, Tue, Thu only
        assert moment.minute % 15 == 0
        if moment.weekday() == 3:  # 14:00-15:00 fits exactly one 60-minute appointment
            assert (moment.hour, moment.minute) == (14, 0)
        else:  # 08:00-10:00: last 60-minute start is 09:00
            assert (8, 0) <= (moment.hour, moment.minute) <= (9, 0)


def test_first_slot_respects_the_minimum_notice() -> None:
    cfg = config()
    # Monday 23 Nov 2026 07:30 local: 08:00 is too close (12 h notice), Tuesday 08:00 is fine.
    now = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    first = cfg.local(next(iter(cfg.slots("foreigners_office", "permit_extension", now))).start)
    assert first.date() == date(2026, 11, 24)
    assert (first.hour, first.minute) == (8, 0)


def test_public_holidays_of_lower_saxony_and_district_dates_are_closed() -> None:
    cfg = config(
        closed={"holidays": {"country": "DE", "subdivision": "NI"}, "dates": ["2027-03-30"]}
    )
    now = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
    days = {cfg.local(s).date() for s in starts(cfg, "foreigners_office", "permit_extension", now)}
    assert date(2027, 3, 29) not in days  # Easter Monday
    assert date(2027, 3, 30) not in days  # closed by the district
    assert date(2027, 3, 22) in days  # an ordinary Monday
    assert cfg.is_closed(date(2026, 10, 31))  # Reformation Day is a holiday in Lower Saxony
    assert not cfg.is_closed(date(2026, 11, 18))  # Repentance Day is not (only Saxony)


def test_daylight_saving_change_keeps_the_wall_clock_and_moves_utc() -> None:
    cfg = config()
    now = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
    by_day = {}
    for start in starts(cfg, "foreigners_office", "permit_extension", now):
        by_day.setdefault(cfg.local(start).date(), start)
    before, after = by_day[date(2027, 3, 23)], by_day[date(2027, 3, 30)]
    assert cfg.local(before).hour == cfg.local(after).hour == 8
    assert before.hour == 7 and after.hour == 6  # CET (UTC+1) before, CEST (UTC+2) after
    autumn = datetime(2027, 10, 20, 9, 0, tzinfo=UTC)
    by_day = {}
    for start in starts(cfg, "foreigners_office", "permit_extension", autumn):
        by_day.setdefault(cfg.local(start).date(), start)
    assert by_day[date(2027, 10, 26)].hour == 6 and by_day[date(2027, 11, 2)].hour == 7


def test_capacity_counts_desks_and_long_appointments_block_all_their_cells() -> None:
    cfg = config()
    slots = list(cfg.slots("integration_commissioner", "discrimination", NOW))
    first = slots[0]
    # One desk: a booking at 09:00-09:30 blocks 09:00 and also 08:45-starting overlaps.
    taken = {(1, cell) for cell in first.cells(15)}
    free = [
        s.start
        for s, _desk in free_slots(cfg, "integration_commissioner", "discrimination", NOW, taken)
    ]
    assert first.start not in free
    assert first.start + timedelta(minutes=15) not in free  # would overlap 09:15-09:30
    assert first.start + timedelta(minutes=30) in free
    # Two desks: the same time stays free on desk 2.
    office = next(iter(cfg.slots("foreigners_office", "permit_extension", NOW)))
    taken = {(1, cell) for cell in office.cells(15)}
    found = dict(free_slots(cfg, "foreigners_office", "permit_extension", NOW, taken))
    assert found[office] == 2


def test_a_concern_must_fit_the_grid() -> None:
    raw = calendar_dict()
    raw["services"]["foreigners_office"]["concerns"]["odd"] = {"minutes": 20}
    with pytest.raises(ValueError, match="multiple of 15"):
        CalendarConfig.from_dict(raw)


def test_the_shipped_calendar_loads_and_is_flagged_as_an_example() -> None:
    cfg = CalendarConfig.load(CALENDAR_FILE)
    assert set(cfg.services) == {
        "foreigners_office",
        "migration_centre",
        "integration_commissioner",
    }
    assert cfg.is_example, "hours are not confirmed by the district: the bot must say so"
    for service in cfg.services:
        assert next(iter(cfg.slots(service, next(iter(cfg.services[service].concerns)), NOW)), None)


def test_concern_intents_agree_with_the_topics_of_the_content_file() -> None:
    """Two files map questions to services: an appointment must go where the answer points."""
    from bot.content import content

    cfg = CalendarConfig.load(CALENDAR_FILE)
    for service, cal in cfg.services.items():
        for concern in cal.concerns.values():
            for intent in concern.intents:
                assert content().topic_service(intent) == service, (intent, concern.key)
