"""Bookings and the waiting list in the application database.

Why the database decides: capacity is a unique constraint on (service, desk,
grid cell). Booking inserts the cells of one desk in one transaction; when a
concurrent booking got there first the insert fails and the next desk is tried.
No read-then-write in Python can double-book, on SQLite or PostgreSQL.

The methods are synchronous (SQLAlchemy 1.4 Core); async callers run them in a worker
thread with `await store.run(...)` (bot/db/store.py). The store also hands the outbox's
notices to the channels (bot/db/outbox.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, exists, func, insert, select, true, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.expression import ColumnElement

from bot.booking.calendar import CalendarConfig, Cell, Slot, calendar_config, free_slots
from bot.booking.references import new_reference
from bot.clock import utcnow
from bot.db.columns import recipient_values
from bot.db.engine import shared_engine
from bot.db.outbox import Outbox, drop_old_notices, notify
from bot.db.tables import appointments, desk_cells, outbox, waitlist
from bot.web.client_key import kind_of


class SlotTaken(Exception):
    """Every desk of that time was booked meanwhile."""


class TooMany(Exception):
    """A booking limit is reached: `reason` is "person" (this conversation's upcoming
    appointments), "address" (bookings from the client's address) or "user" (the
    channel user's, over all their conversations)."""

    def __init__(self, reason: str = "person") -> None:
        super().__init__(reason)
        self.reason = reason


class NotFound(Exception):
    """No such upcoming appointment in this conversation."""


@dataclass(frozen=True)
class Who:
    """Whose booking: the conversation identity, the channel and the reply language.

    `client` is the keyed hash of the sender's address or channel user
    (bot/web/client_key.py); None for bookings by staff, which no address limit concerns."""

    conversation_id: str
    channel: str
    language: str
    client: str | None = None


@dataclass(frozen=True)
class Appointment:
    reference: str
    conversation_id: str
    channel: str
    language: str
    service: str
    concern: str
    starts_at: datetime
    ends_at: datetime
    desk: int
    status: str
    contact_name: str | None
    contact: str | None

    @classmethod
    def from_row(cls, row: Any) -> Appointment:
        return cls.from_mapping(row._mapping)

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> Appointment:
        return cls(**{k: m[k] for k in cls.__dataclass_fields__})

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form (for action arguments and the NLG)."""
        return {
            "reference": self.reference,
            "service": self.service,
            "concern": self.concern,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
        }


class BookingStore(Outbox):
    def __init__(
        self,
        engine: Engine,
        config: CalendarConfig | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(engine, clock)
        self.config = config or calendar_config()

    # --- availability ----------------------------------------------------------------------

    def taken_cells(self, conn: Connection, service: str, start: datetime) -> set[Cell]:
        rows = conn.execute(
            select(desk_cells.c.desk, desk_cells.c.cell_start).where(
                desk_cells.c.service == service, desk_cells.c.cell_start >= start
            )
        )
        return {(r.desk, r.cell_start) for r in rows}

    def free(
        self,
        service: str,
        concern: str,
        *,
        after: datetime | None = None,
        limit: int | None = None,
    ) -> list[Slot]:
        """The next free slots of a concern, from `after` (or now) on, up to `limit`."""
        now = self.clock()
        with self.engine.connect() as conn:
            taken = self.taken_cells(conn, service, now)
        found: list[Slot] = []
        for slot, _desk in free_slots(self.config, service, concern, now, taken):
            if after is not None and slot.start < after:
                continue
            found.append(slot)
            if limit is not None and len(found) >= limit:
                break
        return found

    def is_free(self, service: str, concern: str, start: datetime) -> bool:
        return any(s.start == start for s in self.free(service, concern, after=start, limit=1))

    # --- booking ---------------------------------------------------------------------------

    def book(
        self,
        who: Who,
        service: str,
        concern: str,
        start: datetime,
        *,
        contact_name: str | None = None,
        contact: str | None = None,
        replaces: str | None = None,
    ) -> Appointment:
        """Book `start` on the first desk still free; moving cancels `replaces` atomically.

        Raises SlotTaken when no desk is free (also when `start` is not a valid slot),
        NotFound when `replaces` is not an upcoming appointment of this conversation,
        TooMany when a new booking would exceed a limit (per person, address or user).
        """
        if replaces is None and (same := self._already(who, service, concern, start)) is not None:
            # A retried "yes" (the answer to the first one was lost) books nothing twice.
            return same
        spec = self.config.concern(service, concern)
        now = self.clock()
        if replaces is None and (reason := self.refusal(who)) is not None:
            raise TooMany(reason)
        if spec is None or not self._is_slot(service, concern, start, now):
            raise SlotTaken(start.isoformat())
        slot = Slot(service, concern, start, start + timedelta(minutes=spec.minutes))
        grid = self.config.services[service].grid_minutes
        for desk in range(1, self.config.services[service].desks + 1):
            for _attempt in range(3):  # a reference collision is retried with a new one
                reference = new_reference()
                try:
                    return self._insert(
                        who, slot, desk, grid, reference, contact_name, contact, replaces
                    )
                except IntegrityError:
                    if not self._reference_exists(reference):
                        break  # this desk is taken: try the next one
        raise SlotTaken(start.isoformat())

    def _reference_exists(self, reference: str) -> bool:
        """After a failed insert: was it our new reference that another booking has (the
        insert was rolled back, so a row with it is someone else's), not the desk?"""
        with self.engine.connect() as conn:
            return bool(
                conn.execute(select(exists().where(appointments.c.reference == reference))).scalar()
            )

    def _already(self, who: Who, service: str, concern: str, start: datetime) -> Appointment | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(appointments).where(
                    appointments.c.conversation_id == who.conversation_id,
                    appointments.c.service == service,
                    appointments.c.concern == concern,
                    appointments.c.starts_at == start,
                    appointments.c.status == "booked",
                )
            ).first()
        return Appointment.from_row(row) if row is not None else None

    def _is_slot(self, service: str, concern: str, start: datetime, now: datetime) -> bool:
        """`start` is a bookable time of the calendar (not closed, in hours, in the horizon)."""
        for slot in self.config.slots(service, concern, now):
            if slot.start >= start:
                return slot.start == start
        return False

    def _insert(
        self,
        who: Who,
        slot: Slot,
        desk: int,
        grid: int,
        reference: str,
        contact_name: str | None,
        contact: str | None,
        replaces: str | None,
    ) -> Appointment:
        now = self.clock()
        with self.engine.begin() as conn:
            if replaces is not None:
                self._cancel_in(conn, who.conversation_id, replaces, now)
            result = conn.execute(
                insert(appointments).values(
                    reference=reference,
                    **recipient_values(who),
                    service=slot.service,
                    concern=slot.concern,
                    starts_at=slot.start,
                    ends_at=slot.end,
                    desk=desk,
                    status="booked",
                    contact_name=contact_name,
                    contact=contact,
                    created_at=now,
                    client=who.client,
                )
            )
            appointment_id = result.inserted_primary_key[0]
            conn.execute(
                insert(desk_cells),
                [
                    {
                        "appointment_id": appointment_id,
                        "service": slot.service,
                        "desk": desk,
                        "cell_start": cell,
                    }
                    for cell in slot.cells(grid)
                ],
            )
            # The person got a time: they no longer wait for this concern.
            conn.execute(
                delete(waitlist).where(
                    waitlist.c.conversation_id == who.conversation_id,
                    waitlist.c.service == slot.service,
                    waitlist.c.concern == slot.concern,
                )
            )
            row = conn.execute(select(appointments).where(appointments.c.id == appointment_id))
            return Appointment.from_row(row.one())

    # --- reading and cancelling ------------------------------------------------------------

    def upcoming(self, conversation_id: str) -> list[Appointment]:
        return self._booked(
            appointments.c.conversation_id == conversation_id,
            appointments.c.ends_at > self.clock(),
            order_by=[appointments.c.starts_at],
        )

    def at_limit(self, conversation_id: str) -> bool:
        """True when another booking would exceed `max_upcoming_per_person`."""
        return len(self.upcoming(conversation_id)) >= self.config.max_upcoming_per_person

    def refusal(self, who: Who) -> str | None:
        """Why a new booking would be refused ("person", "address", "user"), or None.

        Counted in the database, so the limits hold across every replica: the
        conversation's upcoming appointments, and those booked by the same client key
        within `per_address_days` that are still upcoming (a Telegram user is one
        person and gets the per-person limit over all their conversations)."""
        if self.at_limit(who.conversation_id):
            return "person"
        kind = kind_of(who.client)
        if kind is None:
            return None
        cfg = self.config
        limit = cfg.max_upcoming_per_address if kind == "address" else cfg.max_upcoming_per_person
        if limit <= 0:
            return None
        now = self.clock()
        with self.engine.connect() as conn:
            count = conn.execute(
                select(func.count())
                .select_from(appointments)
                .where(
                    appointments.c.client == who.client,
                    appointments.c.status == "booked",
                    appointments.c.ends_at > now,
                    # 0 days: every upcoming appointment counts, whenever it was booked
                    appointments.c.created_at > now - timedelta(days=cfg.per_address_days)
                    if cfg.per_address_days > 0
                    else true(),
                )
            ).scalar_one()
        return kind if count >= limit else None

    def find(self, conversation_id: str, reference: str) -> Appointment:
        """An upcoming appointment of this conversation; others' references give NotFound."""
        for item in self.upcoming(conversation_id):
            if item.reference == reference.upper():
                return item
        raise NotFound(reference)

    def cancel(self, conversation_id: str, reference: str) -> Appointment:
        with self.engine.begin() as conn:
            return self._cancel_in(conn, conversation_id, reference, self.clock())

    def cancel_by_staff(self, reference: str) -> Appointment:
        """Staff cancel by reference alone (they are trusted); the person is told in the chat."""
        now = self.clock()
        with self.engine.begin() as conn:
            item = self._cancel_in(conn, None, reference, now)
            notify(conn, item, "cancelled_by_office", item.as_dict(), now)
            return item

    def _cancel_in(
        self, conn: Connection, conversation_id: str | None, reference: str, now: datetime
    ) -> Appointment:
        mine = (
            appointments.c.conversation_id == conversation_id
            if conversation_id is not None
            else appointments.c.conversation_id.is_not(None)
        )
        row = conn.execute(
            select(appointments).where(
                appointments.c.reference == reference.upper(),
                mine,
                appointments.c.status == "booked",
                appointments.c.ends_at > now,
            )
        ).one_or_none()
        if row is None:
            raise NotFound(reference)
        item = Appointment.from_row(row)
        conn.execute(
            update(appointments)
            .where(appointments.c.id == row.id)
            .values(status="cancelled", cancelled_at=now, contact_name=None, contact=None)
        )
        conn.execute(delete(desk_cells).where(desk_cells.c.appointment_id == row.id))
        self._tell_first_waiting(conn, item, now)
        return item

    # --- waiting list ----------------------------------------------------------------------

    def join_waitlist(self, who: Who, service: str, concern: str) -> bool:
        """Put the person on the waiting list; False when they were already on it."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(waitlist).values(
                        **recipient_values(who),
                        service=service,
                        concern=concern,
                        created_at=self.clock(),
                    )
                )
        except IntegrityError:
            return False
        return True

    def _tell_first_waiting(self, conn: Connection, freed: Appointment, now: datetime) -> None:
        """A time became free: the first person waiting for this concern gets a notice."""
        first = conn.execute(
            select(waitlist)
            .where(
                waitlist.c.service == freed.service,
                waitlist.c.concern == freed.concern,
                waitlist.c.notified_at.is_(None),
                waitlist.c.conversation_id != freed.conversation_id,
            )
            .order_by(waitlist.c.created_at, waitlist.c.id)
            .limit(1)
        ).one_or_none()
        if first is None:
            return
        conn.execute(update(waitlist).where(waitlist.c.id == first.id).values(notified_at=now))
        arguments = {
            "service": freed.service,
            "concern": freed.concern,
            "starts_at": freed.starts_at.isoformat(),
        }
        notify(conn, first, "waitlist_slot_free", arguments, now)

    # --- expiry -----------------------------------------------------------------------------

    def purge(self) -> dict[str, int]:
        """Drop personal data that is no longer needed (run regularly by `bot/`).

        Contact details go as soon as the appointment is over; answered waiting-list
        entries after a week; old notices as `drop_old_notices` says (bot/db/outbox.py).
        """
        now = self.clock()
        week_ago = now - timedelta(days=7)
        with self.engine.begin() as conn:
            contacts = conn.execute(
                update(appointments)
                .where(
                    appointments.c.ends_at <= now,
                    (appointments.c.contact.is_not(None))
                    | (appointments.c.contact_name.is_not(None)),
                )
                .values(contact=None, contact_name=None)
            ).rowcount
            notices = drop_old_notices(conn, now)
            waiting = conn.execute(
                delete(waitlist).where(
                    waitlist.c.notified_at.is_not(None), waitlist.c.notified_at < week_ago
                )
            ).rowcount
        return {"contacts": contacts, "notices": notices, "waitlist": waiting}

    def forget(self, conversation_id: str) -> list[Appointment]:
        """A person's "delete my data": their upcoming appointments are cancelled (and
        returned, so they can be told), past ones lose every link to the person, and
        their waiting-list entries and undelivered messages go. One transaction."""
        now = self.clock()
        with self.engine.begin() as conn:
            upcoming = conn.execute(
                select(appointments.c.reference).where(
                    appointments.c.conversation_id == conversation_id,
                    appointments.c.status == "booked",
                    appointments.c.ends_at > now,
                )
            ).all()
            cancelled = [
                self._cancel_in(conn, conversation_id, row.reference, now) for row in upcoming
            ]
            conn.execute(
                update(appointments)
                .where(appointments.c.conversation_id == conversation_id)
                .values(
                    conversation_id=f"forgotten-{uuid.uuid4().hex}",
                    contact_name=None,
                    contact=None,
                    client=None,
                )
            )
            conn.execute(delete(waitlist).where(waitlist.c.conversation_id == conversation_id))
            conn.execute(delete(outbox).where(outbox.c.conversation_id == conversation_id))
        return cancelled

    def expire_appointments(self, keep: timedelta) -> int:
        """Appointments over for longer than `keep` are deleted (no agenda needs them)."""
        cutoff = self.clock() - keep
        with self.engine.begin() as conn:
            return int(
                conn.execute(delete(appointments).where(appointments.c.ends_at < cutoff)).rowcount
            )

    # --- staff -----------------------------------------------------------------------------

    def agenda(self, service: str, start: datetime, end: datetime) -> list[Appointment]:
        """Booked appointments of a service between two moments (staff view)."""
        return self._booked(
            appointments.c.service == service,
            appointments.c.starts_at >= start,
            appointments.c.starts_at < end,
            order_by=[appointments.c.starts_at, appointments.c.desk],
        )

    def _booked(
        self, *where: ColumnElement[bool], order_by: Sequence[ColumnElement[Any]]
    ) -> list[Appointment]:
        """Booked (not cancelled) appointments matching `where`, in `order_by` order."""
        rows = self.rows(
            select(appointments)
            .where(appointments.c.status == "booked", *where)
            .order_by(*order_by)
        )
        return [Appointment.from_mapping(m) for m in rows]


@lru_cache(maxsize=4)
def booking_store(url: str | None = None) -> BookingStore:
    """One store per database URL and process, on the shared engine (bot/db/engine.py)."""
    return BookingStore(shared_engine(url))
