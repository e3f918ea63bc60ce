"""The booking form's state: one slot for each thing it remembers, none holding markers.

- `booking_time`: the chosen free time (ISO), None until there is one;
- `booking_after`: the offers start after this time (ISO; "Later dates"), None: the first;
- `booking_wish`: a wished day, clock time or part of the day (`{"day", "at", "part"}`),
  the offers are the free times nearest to it;
- `booking_waitlist`: True once the user asked for the waiting list instead of a time
  (then no time, contact or confirmation is asked);
- `booking_service`, `booking_concern`, `booking_contact` (text, "none", or "keep" when
  moving), `booking_confirmed` ("yes"/"no"), `booking_moving` (the reference being moved).

Why a typed answer for "which time?": that question has four kinds of answer (a time, a
page of offers, a wish, the waiting list). The form reads the message into one of the
types below and its validation turns that into the slots above in the same turn, so an
answer is never stored as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from bot.booking.wish import Wish

FORM = "appointment_form"
BOOKING_SLOTS = (
    "booking_service",
    "booking_concern",
    "booking_time",
    "booking_contact",
    "booking_confirmed",
    "booking_after",
    "booking_wish",
    "booking_moving",
    "booking_waitlist",
)
# Asked only when the booking is for a time, not for the waiting list.
FOR_A_TIME = ("booking_time", "booking_contact", "booking_confirmed")

# What the buttons of bot/texts/booking.py send: `/inform{"booking_time": WAITLIST_BUTTON}`
# and `/inform{"booking_page": FIRST_PAGE_BUTTON}` (the others send an ISO time).
WAITLIST_BUTTON = "waitlist"
FIRST_PAGE_BUTTON = "start"


@dataclass(frozen=True)
class Page:
    """The button "Later dates" (the offers after `after`) or "Back to the first" (None)."""

    after: datetime | None


@dataclass(frozen=True)
class Waitlist:
    """The button "Put me on the waiting list"."""


# The answer to "which time?": a time, a page of offers, a wish, or the waiting list.
TimeAnswer = datetime | Page | Wish | Waitlist


def moment(value: Any) -> datetime | None:
    """An ISO time from a button or a slot; None for None or anything else."""
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def wish_slot(wish: Wish) -> dict[str, str | None]:
    """The value of `booking_wish` for a wish."""
    return {
        "day": wish.day.isoformat() if wish.day else None,
        "at": wish.at.isoformat(timespec="minutes") if wish.at else None,
        "part": wish.part,
    }


def wish_of(value: Any) -> Wish:
    """The wish in `booking_wish` (a JSON text in conversations from before it was a dict)."""
    try:
        data = json.loads(value) if isinstance(value, str) else value
        return Wish(
            date.fromisoformat(data["day"]) if data.get("day") else None,
            time.fromisoformat(data["at"]) if data.get("at") else None,
            data.get("part"),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return Wish()
