"""The staff agenda: a service's appointments of one day, as a table or CSV.

Why a command line first: staff need their day's list before the staff console
exists; the console will use the same `BookingStore.agenda` query.
"""

from __future__ import annotations

import csv
import sys
from datetime import date, datetime, time, timedelta
from typing import TextIO

from bot.booking.store import Appointment, BookingStore

COLUMNS = (
    "time",
    "until",
    "desk",
    "reference",
    "concern",
    "language",
    "channel",
    "name",
    "contact",
)


def day_bounds(store: BookingStore, day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight on the Kreishaus clock (23 or 25 hours on DST days)."""
    tz = store.config.tz
    start = datetime.combine(day, time(), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
    return start, end


def rows(store: BookingStore, items: list[Appointment]) -> list[dict[str, str]]:
    return [
        {
            "time": store.config.local(i.starts_at).strftime("%H:%M"),
            "until": store.config.local(i.ends_at).strftime("%H:%M"),
            "desk": str(i.desk),
            "reference": i.reference,
            "concern": i.concern,
            "language": i.language,
            "channel": i.channel,
            "name": i.contact_name or "",
            "contact": i.contact or "",
        }
        for i in items
    ]


def agenda_rows(store: BookingStore, service: str, day: date) -> list[dict[str, str]]:
    if service not in store.config.services:
        raise SystemExit(f"unknown service {service!r}; one of: {', '.join(store.config.services)}")
    return rows(store, store.agenda(service, *day_bounds(store, day)))


def write_csv(table: list[dict[str, str]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(table)


def print_table(
    service: str, day: date, table: list[dict[str, str]], out: TextIO = sys.stdout
) -> None:
    out.write(f"Agenda {service} {day.isoformat()} ({len(table)} appointments)\n")
    if not table:
        return
    widths = {c: max(len(c), *(len(r[c]) for r in table)) for c in COLUMNS}
    out.write("  ".join(c.ljust(widths[c]) for c in COLUMNS).rstrip() + "\n")
    for row in table:
        out.write("  ".join(row[c].ljust(widths[c]) for c in COLUMNS).rstrip() + "\n")
