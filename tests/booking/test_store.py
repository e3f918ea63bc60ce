"""Bookings in the database: capacity, identity, cancelling, moving, waiting list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect

from bot.booking.references import ALPHABET
from bot.booking.store import BookingStore, NotFound, SlotTaken, Who
from bot.db.outbox import notify
from tests.booking.conftest import fill

ALI = Who("conversation-ali", "web", "ar")
OLENA = Who("conversation-olena", "telegram", "uk")


def test_migrations_create_every_table(store: BookingStore) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"appointments", "desk_cells", "waitlist", "outbox", "alembic_version"} <= tables


def test_booking_takes_a_desk_and_the_time_disappears_when_all_desks_are_full(
    store: BookingStore,
) -> None:
    first = store.free("foreigners_office", "permit_extension", limit=1)[0]
    a = store.book(ALI, "foreigners_office", "permit_extension", first.start)
    b = store.book(OLENA, "foreigners_office", "permit_extension", first.start)
    assert (a.desk, b.desk) == (1, 2)
    assert a.reference.startswith("KM-") and all(c in ALPHABET for c in a.reference[3:])
    assert first.start not in [s.start for s in store.free("foreigners_office", "permit_extension")]
    with pytest.raises(SlotTaken):
        store.book(
            Who("third-person", "web", "de"), "foreigners_office", "permit_extension", first.start
        )


def test_times_outside_the_calendar_cannot_be_booked(store: BookingStore) -> None:
    first = store.free("foreigners_office", "permit_extension", limit=1)[0]
    with pytest.raises(SlotTaken):
        store.book(ALI, "foreigners_office", "permit_extension", first.start + timedelta(minutes=7))
    with pytest.raises(SlotTaken):
        store.book(ALI, "foreigners_office", "permit_extension", first.start - timedelta(days=7))


def test_a_reference_alone_does_not_open_someone_elses_booking(store: BookingStore) -> None:
    slot = store.free("integration_commissioner", "discrimination", limit=1)[0]
    mine = store.book(ALI, "integration_commissioner", "discrimination", slot.start)
    assert store.find(ALI.conversation_id, mine.reference.lower()) == mine
    with pytest.raises(NotFound):
        store.find(OLENA.conversation_id, mine.reference)
    with pytest.raises(NotFound):
        store.cancel(OLENA.conversation_id, mine.reference)
    assert store.upcoming(OLENA.conversation_id) == []
    assert [i.reference for i in store.upcoming(ALI.conversation_id)] == [mine.reference]


def test_cancelling_frees_the_time_and_tells_the_first_person_waiting(store: BookingStore) -> None:
    booked = fill(store, "integration_commissioner", "discrimination")
    assert len(booked) >= 3
    assert store.join_waitlist(ALI, "integration_commissioner", "discrimination")
    assert not store.join_waitlist(ALI, "integration_commissioner", "discrimination")  # once
    assert store.join_waitlist(OLENA, "integration_commissioner", "discrimination")
    freed = store.cancel(booked[2].conversation_id, booked[2].reference)
    assert [s.start for s in store.free("integration_commissioner", "discrimination")] == [
        freed.starts_at
    ]
    notices = store.pending_notices(ALI.conversation_id)
    assert [(n.kind, n.language, n.arguments["starts_at"]) for n in notices] == [
        ("waitlist_slot_free", "ar", freed.starts_at.isoformat())
    ]
    assert store.pending_notices(ALI.conversation_id) == notices  # reading marks nothing
    assert store.pending_notices(ALI.conversation_id, after=notices[0].id) == []
    assert store.ack_notices(ALI.conversation_id, notices[0].id - 1) == 0
    assert store.ack_notices(OLENA.conversation_id, notices[0].id) == 0  # not hers
    assert store.ack_notices(ALI.conversation_id, notices[0].id) == 1
    assert store.pending_notices(ALI.conversation_id) == []  # confirmed: delivered once
    assert store.pending_notices(OLENA.conversation_id) == []  # only the first in line


def test_moving_books_the_new_time_and_cancels_the_old_one_together(store: BookingStore) -> None:
    first, second = store.free("integration_commissioner", "discrimination", limit=3)[0::2]
    old = store.book(
        ALI, "integration_commissioner", "discrimination", first.start, contact="0151 234567"
    )
    new = store.book(
        ALI, "integration_commissioner", "discrimination", second.start, replaces=old.reference
    )
    assert [i.reference for i in store.upcoming(ALI.conversation_id)] == [new.reference]
    assert first.start in [
        s.start for s in store.free("integration_commissioner", "discrimination")
    ]


def test_a_failed_move_keeps_the_old_appointment(store: BookingStore) -> None:
    first, second = store.free("integration_commissioner", "discrimination", limit=3)[0::2]
    old = store.book(ALI, "integration_commissioner", "discrimination", first.start)
    store.book(OLENA, "integration_commissioner", "discrimination", second.start)
    with pytest.raises(SlotTaken):
        store.book(
            ALI, "integration_commissioner", "discrimination", second.start, replaces=old.reference
        )
    assert store.upcoming(ALI.conversation_id)[0].reference == old.reference


def test_times_are_stored_in_utc_and_read_back_aware(store: BookingStore) -> None:
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(ALI, "foreigners_office", "permit_extension", slot.start)
    assert item.starts_at == slot.start and item.starts_at.utcoffset() == timedelta(0)
    local = store.config.local(item.starts_at)
    assert local.utcoffset() == timedelta(hours=1)  # November: CET


def test_contact_details_expire_when_the_appointment_is_over(db_url: str) -> None:
    from tests.booking.conftest import NOW, make_store

    early = make_store(db_url)
    slot = early.free("foreigners_office", "permit_extension", limit=1)[0]
    early.book(
        ALI,
        "foreigners_office",
        "permit_extension",
        slot.start,
        contact_name="Ali",
        contact="0151 234567",
    )
    assert early.purge()["contacts"] == 0  # before the appointment: kept
    later = make_store(db_url, now=slot.end + timedelta(minutes=1))
    assert later.purge()["contacts"] == 1
    [row] = later.agenda("foreigners_office", NOW, NOW + timedelta(days=30))
    assert (row.contact_name, row.contact) == (None, None)
    assert row.reference  # the appointment itself stays for the office's records


def test_cancelling_drops_the_contact_details(store: BookingStore) -> None:
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(
        ALI, "foreigners_office", "permit_extension", slot.start, contact="ali@example.org"
    )
    store.cancel(ALI.conversation_id, item.reference)
    with store.engine.connect() as conn:
        from sqlalchemy import select

        from bot.db.tables import appointments

        row = conn.execute(select(appointments)).one()
    assert (row.status, row.contact) == ("cancelled", None)


def test_one_person_cannot_block_the_calendar(store: BookingStore) -> None:
    from bot.booking.store import TooMany

    limit = store.config.max_upcoming_per_person
    starts = sorted({s.start for s in store.free("foreigners_office", "permit_extension")})
    for start in starts[:limit]:
        last = store.book(ALI, "foreigners_office", "permit_extension", start)
    assert store.at_limit(ALI.conversation_id)
    slot = next(
        s for s in store.free("foreigners_office", "permit_extension") if s.start > last.starts_at
    )
    with pytest.raises(TooMany):
        store.book(ALI, "foreigners_office", "permit_extension", slot.start)
    moved = store.book(
        ALI, "foreigners_office", "permit_extension", slot.start, replaces=last.reference
    )
    assert moved.reference != last.reference  # moving is always allowed


def test_booking_the_same_time_again_in_the_same_conversation_books_nothing_twice(
    store: BookingStore,
) -> None:
    """A "yes" retried after a lost answer (e.g. a database restart) must not double-book."""
    who = Who("conversation-retry-01", "web", "de")
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    first = store.book(who, "foreigners_office", "permit_extension", slot.start)
    again = store.book(who, "foreigners_office", "permit_extension", slot.start)
    assert again.reference == first.reference
    assert len(store.upcoming(who.conversation_id)) == 1


def test_notices_nobody_confirmed_are_dropped_after_a_month(db_url: str) -> None:
    from tests.booking.conftest import NOW, make_store

    store = make_store(db_url)
    with store.engine.begin() as conn:
        notify(conn, ALI, "waitlist_offer", {}, NOW)
    assert len(store.pending_notices(ALI.conversation_id)) == 1
    assert make_store(db_url, now=NOW + timedelta(days=29)).purge()["notices"] == 0
    later = make_store(db_url, now=NOW + timedelta(days=31))
    assert later.purge()["notices"] == 1
    assert later.pending_notices(ALI.conversation_id) == []
