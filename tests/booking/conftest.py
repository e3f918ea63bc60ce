"""A booking store on a fresh migrated database with a small calendar and a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import actions.identity
from bot.booking.calendar import CalendarConfig
from bot.booking.store import Appointment, BookingStore, Who
from bot.db.engine import make_engine
from bot.db.migrate import upgrade

# Friday 20 November 2026, 10:00 in Osnabrück.
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def calendar_dict(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "status": "example",
        "timezone": "Europe/Berlin",
        "horizon_days": 21,
        "min_notice_hours": 12,
        "offers_per_page": 5,
        "closed": {"holidays": {"country": "DE", "subdivision": "NI"}, "dates": []},
        "services": {
            "foreigners_office": {
                "grid_minutes": 15,
                "desks": 2,
                "hours": {"mon": ["08:00-10:00"], "tue": ["08:00-10:00"], "thu": ["14:00-15:00"]},
                "concerns": {
                    "permit_extension": {
                        "minutes": 30,
                        "bring": ["passport"],
                        "intents": ["ask_residence_permit"],
                    },
                    "naturalisation": {
                        "minutes": 60,
                        "bring": [],
                        "intents": ["ask_naturalization"],
                    },
                },
            },
            "integration_commissioner": {
                "grid_minutes": 15,
                "desks": 1,
                "hours": {"tue": ["09:00-10:00"]},
                "concerns": {"discrimination": {"minutes": 30, "bring": []}},
            },
        },
    }
    raw.update(overrides)
    return raw


def make_store(url: str, config: CalendarConfig | None = None, now: datetime = NOW) -> BookingStore:
    upgrade(url)
    return BookingStore(
        make_engine(url), config or CalendarConfig.from_dict(calendar_dict()), clock=lambda: now
    )


def action_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[BookingStore]:
    """A store on a fresh database that the actions use (`yield from` it in a fixture)."""
    made = make_store(f"sqlite:///{path}")
    monkeypatch.setattr(actions.identity, "booking_store", lambda: made)
    yield made
    made.engine.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bookings.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[BookingStore]:
    made = make_store(db_url)
    yield made
    made.engine.dispose()


def fill(store: BookingStore, service: str, concern: str) -> list[Appointment]:
    """Book every free time of a concern (one person each), so the calendar is full."""
    booked: list[Appointment] = []
    while free := store.free(service, concern, limit=1):
        who = Who(f"person-{len(booked):04d}", "web", "de")
        booked.append(store.book(who, service, concern, free[0].start))
    return booked
