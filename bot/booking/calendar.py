"""The appointment calendar: opening hours, concerns and closed days -> bookable times.

Why pure functions over a config: the same rules serve the bot, the staff agenda
and the tests, and the district edits `bot/content/calendar.yml` without code.
Local wall-clock times are turned into UTC here, once, with the IANA time zone,
so daylight-saving changes are handled by `zoneinfo`, not by arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import yaml

CALENDAR_FILE = Path(__file__).resolve().parent.parent / "content" / "calendar.yml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Cell = tuple[int, datetime]  # (desk, start of a grid cell in UTC)


@dataclass(frozen=True)
class Concern:
    key: str
    minutes: int
    bring: tuple[str, ...]
    intents: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceCalendar:
    service: str
    grid_minutes: int
    desks: int
    hours: dict[int, tuple[tuple[time, time], ...]]  # weekday -> local ranges
    concerns: dict[str, Concern]


@dataclass(frozen=True)
class Slot:
    """A bookable time for one concern: start and end in UTC."""

    service: str
    concern: str
    start: datetime
    end: datetime

    def cells(self, grid_minutes: int) -> list[datetime]:
        """The grid cells (UTC) this appointment occupies on one desk."""
        step = timedelta(minutes=grid_minutes)
        count = int((self.end - self.start) / step)
        return [self.start + i * step for i in range(count)]


def parse_range(text: str) -> tuple[time, time]:
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    if end <= start:
        raise ValueError(f"opening range {text!r} ends before it starts")
    return start, end


@dataclass(frozen=True)
class CalendarConfig:
    status: str
    tz: ZoneInfo
    horizon_days: int
    min_notice: timedelta
    offers_per_page: int
    max_upcoming_per_person: int
    # Bookings from one client address (or channel user) within `per_address_days` that
    # are still upcoming; 0 switches the limit off.
    max_upcoming_per_address: int
    per_address_days: int
    holiday_country: str
    holiday_subdivision: str | None
    closed_dates: frozenset[date]
    services: dict[str, ServiceCalendar]

    @property
    def is_example(self) -> bool:
        """True until the district confirms the hours: the user is told so."""
        return self.status != "confirmed"

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CalendarConfig:
        services: dict[str, ServiceCalendar] = {}
        for name, spec in (raw.get("services") or {}).items():
            grid = int(spec["grid_minutes"])
            concerns = {}
            for key, c in (spec.get("concerns") or {}).items():
                minutes = int(c["minutes"])
                if minutes <= 0 or minutes % grid:
                    raise ValueError(f"{name}.{key}: minutes must be a multiple of {grid}")
                concerns[key] = Concern(
                    key, minutes, tuple(c.get("bring") or ()), tuple(c.get("intents") or ())
                )
            hours = {
                WEEKDAYS.index(day): tuple(parse_range(r) for r in ranges)
                for day, ranges in (spec.get("hours") or {}).items()
            }
            services[name] = ServiceCalendar(name, grid, int(spec["desks"]), hours, concerns)
        closed = raw.get("closed") or {}
        hol = closed.get("holidays") or {}
        return cls(
            status=str(raw.get("status") or "example"),
            tz=ZoneInfo(str(raw.get("timezone") or "Europe/Berlin")),
            horizon_days=int(raw.get("horizon_days", 42)),
            min_notice=timedelta(hours=float(raw.get("min_notice_hours", 12))),
            offers_per_page=int(raw.get("offers_per_page", 5)),
            max_upcoming_per_person=int(raw.get("max_upcoming_per_person", 3)),
            max_upcoming_per_address=int(raw.get("max_upcoming_per_address", 20)),
            per_address_days=int(raw.get("per_address_days", 7)),
            holiday_country=str(hol.get("country") or "DE"),
            holiday_subdivision=hol.get("subdivision"),
            closed_dates=frozenset(date.fromisoformat(str(d)) for d in closed.get("dates") or []),
            services=services,
        )

    @classmethod
    def load(cls, path: Path = CALENDAR_FILE) -> CalendarConfig:
        return cls.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))

    # --- questions about days and times --------------------------------------------------

    def is_closed(self, day: date) -> bool:
        """Public holiday in Lower Saxony, or a date the district closed."""
        return day in self.closed_dates or day in _holidays(
            self.holiday_country, self.holiday_subdivision, day.year
        )

    def hours_on(self, service: str, day: date) -> tuple[tuple[time, time], ...]:
        """The service's opening ranges that day (local time); none on a closed day."""
        cal = self.services.get(service)
        if cal is None or self.is_closed(day):
            return ()
        return tuple(cal.hours.get(day.weekday()) or ())

    def concern(self, service: str, concern: str) -> Concern | None:
        cal = self.services.get(service)
        return cal.concerns.get(concern) if cal else None

    def concern_for_intent(self, intent: str | None) -> tuple[str, str] | None:
        """(service, concern) a topic intent stands for, e.g. ask_naturalization."""
        for service, cal in self.services.items():
            for concern in cal.concerns.values():
                if intent and intent in concern.intents:
                    return service, concern.key
        return None

    def local(self, moment: datetime) -> datetime:
        """A UTC moment on the Kreishaus wall clock."""
        return moment.astimezone(self.tz)

    def slots(self, service: str, concern: str, now: datetime) -> Iterator[Slot]:
        """Every time the concern could start (ignoring bookings), in order, within the horizon.

        Starts lie on the service's grid; the whole appointment fits in one opening range.
        """
        cal = self.services[service]
        length = timedelta(minutes=cal.concerns[concern].minutes)
        step = timedelta(minutes=cal.grid_minutes)
        earliest = now + self.min_notice
        today = self.local(now).date()
        for offset in range(self.horizon_days + 1):
            day = today + timedelta(days=offset)
            if self.is_closed(day):
                continue
            for opens, closes in cal.hours.get(day.weekday(), ()):
                start = datetime.combine(day, opens, tzinfo=self.tz)
                close = datetime.combine(day, closes, tzinfo=self.tz)
                while start + length <= close:
                    if start >= earliest:
                        utc = start.astimezone(timezone.utc)
                        yield Slot(service, concern, utc, utc + length)
                    start += step


def free_slots(
    config: CalendarConfig,
    service: str,
    concern: str,
    now: datetime,
    taken: Iterable[Cell],
) -> Iterator[tuple[Slot, int]]:
    """Slots with a desk whose cells are all free, with that desk (lowest first)."""
    cal = config.services[service]
    occupied = set(taken)
    for slot in config.slots(service, concern, now):
        cells = slot.cells(cal.grid_minutes)
        for desk in range(1, cal.desks + 1):
            if not any((desk, cell) in occupied for cell in cells):
                yield slot, desk
                break


@lru_cache(maxsize=16)
def _holidays(country: str, subdivision: str | None, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision, years=year)


@lru_cache(maxsize=1)
def calendar_config() -> CalendarConfig:
    return CalendarConfig.load()
