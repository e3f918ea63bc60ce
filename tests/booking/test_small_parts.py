"""References, contact details, calendar files and the staff agenda."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from icalendar import Calendar

from bot.booking.agenda import agenda_rows, print_table, write_csv
from bot.booking.contact import parse_contact
from bot.booking.ics import calendar_file
from bot.booking.references import ALPHABET, find_reference, new_reference
from bot.booking.store import BookingStore, Who
from bot.clock import fixed_environment


def test_references_use_only_unambiguous_characters() -> None:
    refs = {new_reference() for _ in range(500)}
    assert len(refs) > 490
    for ref in refs:
        assert ref.startswith("KM-") and len(ref) == 7
        assert not set(ref[3:]) & set("0O1IL5SUVB8")
        assert set(ref[3:]) <= set(ALPHABET)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("cancel KM-7Q4P please", "KM-7Q4P"),
        ("km 7q4p", "KM-7Q4P"),
        ("KM7Q4P", "KM-7Q4P"),
        ("KM-7Q40", None),
        ("hello", None),
    ],
)
def test_references_are_found_however_typed(text: str, found: str | None) -> None:
    assert find_reference(text) == found


@pytest.mark.parametrize(
    ("text", "name", "reach"),
    [
        ("Ali Rahimi 0151 2345 6789", "Ali Rahimi", "0151 2345 6789"),
        ("olena@example.org", None, "olena@example.org"),
        ("رضا ۰۱۵۱۲۳۴۵۶۷۸", "رضا", "01512345678"),
        ("+49 541 501-0, Ayşe", "Ayşe", "+49 541 501-0"),
    ],
)
def test_contact_needs_a_phone_or_email(text: str, name: str | None, reach: str) -> None:
    contact = parse_contact(text)
    assert contact is not None and (contact.name, contact.reach) == (name, reach)


@pytest.mark.parametrize("text", ["yes", "12345", ""])
def test_no_contact_without_phone_email_or_name(text: str) -> None:
    assert parse_contact(text) is None


def test_calendar_file_has_the_utc_times_and_the_texts(store: BookingStore) -> None:
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(
        Who("conversation-1", "web", "ar"), "foreigners_office", "permit_extension", slot.start
    )
    cal = Calendar.from_ical(calendar_file(item, "موعد", "Kreishaus, Am Schölerberg 1", "KM"))
    event = next(iter(cal.walk("VEVENT")))
    assert event.decoded("dtstart") == slot.start
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert str(event["summary"]) == "موعد" and "Schölerberg" in str(event["location"])
    assert item.reference in str(event["uid"])


def test_agenda_lists_a_days_appointments_on_local_time_and_as_csv(store: BookingStore) -> None:
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    store.book(
        Who("conversation-1", "web", "ar"),
        "foreigners_office",
        "permit_extension",
        slot.start,
        contact_name="Ali",
        contact="0151 234567",
    )
    day = store.config.local(slot.start).date()
    table = agenda_rows(store, "foreigners_office", day)
    assert [(r["time"], r["language"], r["name"]) for r in table] == [("08:00", "ar", "Ali")]
    assert agenda_rows(store, "foreigners_office", day + timedelta(days=1)) == []
    out = io.StringIO()
    write_csv(table, out)
    assert out.getvalue().splitlines()[0].startswith("time,until,desk,reference")
    shown = io.StringIO()
    print_table("foreigners_office", day, table, shown)
    assert "08:00" in shown.getvalue() and "0151 234567" in shown.getvalue()


def test_staff_command_line_prints_the_agenda_as_csv(store: BookingStore, db_url: str) -> None:
    import os
    import subprocess
    import sys

    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(
        Who("conversation-1", "web", "tr"), "foreigners_office", "permit_extension", slot.start
    )
    day = store.config.local(slot.start).date().isoformat()
    env = {**os.environ, "KOMM_MIT_DATABASE_URL": db_url}
    command = [sys.executable, "-m", "bot", "agenda", "foreigners_office", "--date", day]
    out = subprocess.run(
        [*command, "--csv", "-"], env=env, capture_output=True, text=True, check=True
    )
    assert item.reference in out.stdout and ",tr," in out.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "agenda", "nowhere"], env=env, capture_output=True, text=True
    )
    assert bad.returncode != 0 and "unknown service" in bad.stderr


def test_staff_can_cancel_by_reference_and_the_person_is_told(
    store: BookingStore, db_url: str
) -> None:
    import os
    import subprocess
    import sys

    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    person = Who("tg-777", "telegram", "ar")
    item = store.book(person, "foreigners_office", "permit_extension", slot.start)
    # The command runs on the store's (fixed) clock, not on the machine's.
    env = {**os.environ, "KOMM_MIT_DATABASE_URL": db_url, **fixed_environment(store.clock())}
    command = [sys.executable, "-m", "bot", "cancel", item.reference.lower()]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert f"cancelled {item.reference}" in out.stdout
    assert store.upcoming(person.conversation_id) == []
    [notice] = store.take_channel_notices("telegram")
    assert (notice.kind, notice.language, notice.conversation_id) == (
        "cancelled_by_office",
        "ar",
        "tg-777",
    )
    again = subprocess.run(command, env=env, capture_output=True, text=True)
    assert again.returncode != 0 and "no upcoming appointment" in again.stderr
