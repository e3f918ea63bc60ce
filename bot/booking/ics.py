"""The calendar file of a booking (.ics), so the appointment lands in the phone's calendar.

Why `icalendar`: a correct file needs escaping, line folding and time zones;
the library does that, and UTC times avoid shipping a VTIMEZONE block.
"""

from __future__ import annotations

from datetime import timezone

from icalendar import Calendar, Event

from bot.booking.store import Appointment
from bot.clock import utcnow

PRODID = "-//Landkreis Osnabrück//Komm Mit assistant//DE"


def calendar_file(item: Appointment, summary: str, location: str, description: str) -> bytes:
    """One VEVENT in UTC; the texts are already in the user's language."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{item.reference}@komm-mit.landkreis-osnabrueck.de")
    event.add("dtstamp", utcnow())
    event.add("dtstart", item.starts_at.astimezone(timezone.utc))
    event.add("dtend", item.ends_at.astimezone(timezone.utc))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    if item.status == "cancelled":
        event.add("status", "CANCELLED")
    cal.add_component(event)
    return bytes(cal.to_ical())
