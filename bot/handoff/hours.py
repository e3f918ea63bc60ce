"""When a person can join a chat: staffed hours per service (`content/handoff.yml`).

Why a separate file from the appointment calendar: who watches the console is a
staffing decision, not an appointment grid; closed days are shared with the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.booking.calendar import WEEKDAYS, CalendarConfig, calendar_config, parse_range

HANDOFF_FILE = Path(__file__).resolve().parent.parent / "content" / "handoff.yml"
Ranges = tuple[tuple[time, time], ...]


@dataclass(frozen=True)
class StaffedHours:
    status: str
    hours: dict[str, dict[int, Ranges]]
    calendar: CalendarConfig
    wait_sample: int = 20
    wait_days: int = 14

    @classmethod
    def from_dict(cls, raw: dict[str, Any], calendar: CalendarConfig) -> StaffedHours:
        hours = {
            service: {
                WEEKDAYS.index(day): tuple(parse_range(r) for r in ranges)
                for day, ranges in (days or {}).items()
            }
            for service, days in (raw.get("hours") or {}).items()
        }
        return cls(
            status=str(raw.get("status") or "example"),
            hours=hours,
            calendar=calendar,
            wait_sample=int(raw.get("wait_sample", 20)),
            wait_days=int(raw.get("wait_days", 14)),
        )

    def _ranges(self, service: str, day: date) -> Ranges:
        if self.calendar.is_closed(day):
            return ()
        return self.hours.get(service, {}).get(day.weekday(), ())

    def is_staffed(self, service: str, now: datetime) -> bool:
        local = self.calendar.local(now)
        return any(
            opens <= local.time() < closes for opens, closes in self._ranges(service, local.date())
        )

    def next_opening(self, service: str, now: datetime) -> datetime | None:
        """When staff of the service are next in the console (within 60 days), as UTC."""
        local = self.calendar.local(now)
        for offset in range(0, 61):
            day = local.date() + timedelta(days=offset)
            for opens, _closes in self._ranges(service, day):
                start = datetime.combine(day, opens, tzinfo=self.calendar.tz)
                if start > local:
                    return start.astimezone(timezone.utc)
        return None


@lru_cache(maxsize=1)
def staffed_hours() -> StaffedHours:
    raw = yaml.safe_load(HANDOFF_FILE.read_text(encoding="utf-8")) or {}
    return StaffedHours.from_dict(raw, calendar_config())
