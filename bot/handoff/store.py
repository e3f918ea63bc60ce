"""Handoffs in the database: who answers a conversation (bot or staff), and its transcript.

Why the database decides: claiming is one conditional UPDATE (`status = 'waiting'`),
so two staff members (in any process) can never both get the same conversation;
at most one open handoff per conversation is a unique index. Messages for the
user go through the same outbox as booking notices, so every channel and every
`bot/` process delivers them the same way.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.booking.store import Who
from bot.db.columns import recipient_values
from bot.db.engine import shared_engine
from bot.db.outbox import notify
from bot.db.store import Store
from bot.db.tables import handoff_messages, handoffs, staff

OPEN_STATES = ("waiting", "claimed")
BEFORE = timedelta(microseconds=1)  # the conversation so far is older than its request


class NotFound(Exception):
    """No such handoff."""


@dataclass(frozen=True)
class Handoff:
    id: int
    conversation_id: str
    channel: str
    language: str
    service: str
    topic: str | None
    status: str
    offline: bool
    requested_at: datetime
    claimed_at: datetime | None
    claimed_by: int | None
    closed_at: datetime | None
    closed_by: str | None
    resumed_at: datetime | None
    seen_message_id: int

    @classmethod
    def from_row(cls, row: Any) -> Handoff:
        return cls.from_mapping(row._mapping)

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> Handoff:
        return cls(**{k: m[k] for k in cls.__dataclass_fields__})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    def state(self) -> dict[str, str]:
        """What a chat client is told while the handoff is open (`Turn.handoff`)."""
        return {"status": self.status, "service": self.service}

    @property
    def needs_resume(self) -> bool:
        """Closed, but Rasa's tracker was not resumed yet (Rasa was unreachable)."""
        return self.status == "closed" and self.resumed_at is None


@dataclass(frozen=True)
class Message:
    id: int
    handoff_id: int
    sender: str
    staff_id: int | None
    text: str
    original: str | None
    language: str | None
    created_at: datetime
    in_tracker: bool
    # JSON for the console: an answer's response name and values, or what was understood.
    details: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> Message:
        return cls.from_mapping(row._mapping)

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> Message:
        return cls(**{k: m[k] for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class QueueItem:
    handoff: Handoff
    unread: int
    last_message_at: datetime | None
    claimed_by_name: str | None


# (sender, text, language, at) or with a fifth item, the line's details for the console
# (bot/staff/transcript.py): {"response", "values"} of an answer, {"understood"} of a message.
HistoryLine = (
    tuple[str, str, str | None, datetime]
    | tuple[str, str, str | None, datetime, dict[str, Any] | None]
)


class HandoffStore(Store):
    # --- the user's side -------------------------------------------------------------------

    def current(self, conversation_id: str) -> Handoff | None:
        """The open handoff of a conversation, else a closed one still to be resumed."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(handoffs)
                .where(
                    handoffs.c.conversation_id == conversation_id,
                    or_(handoffs.c.status != "closed", handoffs.c.resumed_at.is_(None)),
                )
                .order_by(handoffs.c.id.desc())
                .limit(1)
            ).one_or_none()
        return Handoff.from_row(row) if row else None

    def request(
        self,
        who: Who,
        service: str,
        *,
        topic: str | None,
        offline: bool,
        history: Sequence[HistoryLine] = (),
    ) -> tuple[Handoff, bool]:
        """Open a handoff (with the conversation so far); (existing one, False) if open."""
        now = self.clock()
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    insert(handoffs).values(
                        **recipient_values(who),
                        service=service,
                        topic=topic,
                        status="waiting",
                        offline=offline,
                        requested_at=now,
                        seen_message_id=0,
                    )
                )
                handoff_id = int(result.inserted_primary_key[0])
                if history:
                    conn.execute(
                        insert(handoff_messages),
                        [_history_row(handoff_id, line, now) for line in history],
                    )
                return self._get(conn, handoff_id), True
        except IntegrityError:
            existing = self.current(who.conversation_id)
            if existing is None or not existing.is_open:
                raise
            return existing, False

    def add_user_message(
        self,
        handoff_id: int,
        text: str,
        language: str | None,
        details: dict[str, Any] | None = None,
    ) -> Message:
        """A message of the person to staff; `details` what the assistant understood of it
        (bot/handoff/details.py), like the lines of the conversation copied at the request."""
        stored = json.dumps(details, ensure_ascii=False) if details else None
        with self.engine.begin() as conn:
            return self._add(conn, handoff_id, "user", text, language=language, details=stored)

    def wrote_since_request(self, handoff: Handoff) -> bool:
        """Whether the person has written to staff since asking for them (the
        conversation copied at the request does not count)."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(handoff_messages.c.id)
                .where(
                    handoff_messages.c.handoff_id == handoff.id,
                    handoff_messages.c.sender == "user",
                    handoff_messages.c.created_at >= handoff.requested_at,
                )
                .limit(1)
            ).first()
        return found is not None

    def leave(self, handoff_id: int) -> Handoff | None:
        """The user went back to the bot (`/bot`); None when it was closed already."""
        return self._close(handoff_id, "user", None)

    def mark_resumed(self, handoff_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(handoffs).where(handoffs.c.id == handoff_id).values(resumed_at=self.clock())
            )

    def not_in_tracker(self, handoff_id: int) -> list[Message]:
        """Staff messages still to be written into Rasa's tracker, oldest first."""
        rows = self.rows(
            select(handoff_messages)
            .where(
                handoff_messages.c.handoff_id == handoff_id,
                handoff_messages.c.in_tracker.is_(False),
            )
            .order_by(handoff_messages.c.id)
        )
        return [Message.from_mapping(m) for m in rows]

    def mark_in_tracker(self, message_ids: Iterable[int]) -> None:
        ids = list(message_ids)
        if not ids:
            return
        with self.engine.begin() as conn:
            conn.execute(
                update(handoff_messages)
                .where(handoff_messages.c.id.in_(ids))
                .values(in_tracker=True)
            )

    def position(self, handoff: Handoff) -> int:
        """1 for the first person waiting for the service."""
        with self.engine.connect() as conn:
            ahead = conn.execute(
                select(func.count())
                .select_from(handoffs)
                .where(
                    handoffs.c.service == handoff.service,
                    handoffs.c.status == "waiting",
                    handoffs.c.id < handoff.id,
                )
            ).scalar_one()
        return int(ahead) + 1

    def expected_wait(self, service: str, *, sample: int, days: int) -> timedelta | None:
        """Median time to claim of the service's recent handoffs (None without data)."""
        since = self.clock() - timedelta(days=days)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(handoffs.c.requested_at, handoffs.c.claimed_at)
                .where(
                    handoffs.c.service == service,
                    handoffs.c.offline.is_(False),
                    handoffs.c.claimed_at.is_not(None),
                    handoffs.c.requested_at >= since,
                )
                .order_by(handoffs.c.id.desc())
                .limit(sample)
            ).all()
        if not rows:
            return None
        seconds = statistics.median((r.claimed_at - r.requested_at).total_seconds() for r in rows)
        return timedelta(seconds=max(seconds, 0))

    # --- the staff side --------------------------------------------------------------------

    def get(self, handoff_id: int) -> Handoff:
        with self.engine.connect() as conn:
            return self._get(conn, handoff_id)

    def claim(self, handoff_id: int, staff_id: int) -> bool:
        """True for exactly one of several staff members claiming the same conversation."""
        now = self.clock()
        with self.engine.begin() as conn:
            won = conn.execute(
                update(handoffs)
                .where(handoffs.c.id == handoff_id, handoffs.c.status == "waiting")
                .values(status="claimed", claimed_by=staff_id, claimed_at=now)
            ).rowcount
            if won != 1:
                return False
            handoff = self._get(conn, handoff_id)
            self._add(conn, handoff_id, "system", "claimed", staff_id=staff_id)
            notify(conn, handoff, "handoff_claimed", {"service": handoff.service}, now)
            return True

    def reply(
        self,
        handoff_id: int,
        staff_id: int,
        text: str,
        *,
        original: str | None = None,
        sent: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> Message:
        """A staff message: into the transcript and the user's outbox, in one transaction.

        `text` is the reply in the person's language, `original` what staff wrote or picked
        (a canned reply's or a machine-translated reply's own text); `sent`, when given, is
        what the person receives instead of `text` (a machine translation with its note and
        the original below it); `details` says how it was translated, for the console."""
        with self.engine.begin() as conn:
            handoff = self._get(conn, handoff_id)
            message = self._add(
                conn,
                handoff_id,
                "staff",
                text,
                staff_id=staff_id,
                original=original,
                language=handoff.language,
                in_tracker=False,
                details=json.dumps(details, ensure_ascii=False) if details else None,
            )
            notify(
                conn,
                handoff,
                "staff_message",
                {"text": sent or text, "service": handoff.service},
                self.clock(),
            )
            # Whoever answers has read everything up to their answer.
            conn.execute(
                update(handoffs)
                .where(handoffs.c.id == handoff_id, handoffs.c.seen_message_id < message.id)
                .values(seen_message_id=message.id)
            )
            return message

    def note(self, handoff_id: int, staff_id: int, kind: str, arguments: dict[str, Any]) -> None:
        """A system line in the transcript (e.g. an appointment booked by staff) plus a notice.

        The line keeps the notice's arguments, so the console can say what was booked."""
        with self.engine.begin() as conn:
            handoff = self._get(conn, handoff_id)
            details = json.dumps(arguments, ensure_ascii=False)
            self._add(conn, handoff_id, "system", kind, staff_id=staff_id, original=details)
            notify(conn, handoff, kind, arguments, self.clock())

    def transfer(self, handoff_id: int, staff_id: int, service: str) -> Handoff | None:
        """Move an open handoff to another service's queue (None: closed, or already there).

        The transcript stays; the claim is released (the other service takes it over);
        the person is told in their language (notice `handoff_transferred`), and the
        transcript says who passed it on from where to where.

        Fairness: the place in the new queue is by the *original* request time. The person
        asked for help once and has waited since; being sent to the right office is not
        their doing, so they must not go to the end of another line. The e-mail to staff
        (bot/handoff/notify.py) is reset, so the new service is told too."""
        now = self.clock()
        with self.engine.begin() as conn:
            before = self._get(conn, handoff_id)
            moved = conn.execute(
                update(handoffs)
                .where(
                    handoffs.c.id == handoff_id,
                    handoffs.c.status.in_(OPEN_STATES),
                    handoffs.c.service == before.service,
                    handoffs.c.service != service,
                )
                .values(
                    service=service,
                    status="waiting",
                    claimed_by=None,
                    claimed_at=None,
                    waiting_notified_at=None,
                )
            ).rowcount
            if moved != 1:
                return None
            handoff = self._get(conn, handoff_id)
            details = json.dumps({"from": before.service, "to": service})
            self._add(
                conn, handoff_id, "system", "transferred", staff_id=staff_id, original=details
            )
            notify(conn, handoff, "handoff_transferred", {"service": service}, now)
            return handoff

    def close(self, handoff_id: int, staff_id: int) -> Handoff | None:
        """Staff give the conversation back to the bot; None when it was closed already."""
        return self._close(handoff_id, "staff", staff_id)

    def messages(self, handoff_id: int, after: int = 0) -> list[Message]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(handoff_messages)
                .where(handoff_messages.c.handoff_id == handoff_id, handoff_messages.c.id > after)
                .order_by(handoff_messages.c.id)
            )
            return [Message.from_row(r) for r in rows]

    def mark_seen(self, handoff_id: int, message_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(handoffs)
                .where(handoffs.c.id == handoff_id, handoffs.c.seen_message_id < message_id)
                .values(seen_message_id=message_id)
            )

    def queue(self, services: Iterable[str] | None) -> list[QueueItem]:
        """Open handoffs of the given services (None: all), oldest first, with unread counts."""
        unread = (
            select(func.count())
            .where(
                handoff_messages.c.handoff_id == handoffs.c.id,
                handoff_messages.c.sender == "user",
                handoff_messages.c.id > handoffs.c.seen_message_id,
                handoff_messages.c.created_at >= handoffs.c.requested_at,
            )
            .scalar_subquery()
        )
        last = (
            select(func.max(handoff_messages.c.created_at))
            .where(
                handoff_messages.c.handoff_id == handoffs.c.id,
                handoff_messages.c.sender == "user",
            )
            .scalar_subquery()
        )
        query = (
            select(handoffs, unread.label("unread"), last.label("last_at"), staff.c.display_name)
            .select_from(handoffs.outerjoin(staff, staff.c.id == handoffs.c.claimed_by))
            .where(handoffs.c.status.in_(OPEN_STATES))
            .order_by(handoffs.c.requested_at, handoffs.c.id)
        )
        if services is not None:
            query = query.where(handoffs.c.service.in_(list(services)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            QueueItem(Handoff.from_row(r), int(r.unread or 0), r.last_at, r.display_name)
            for r in rows
        ]

    # --- telling staff by e-mail (bot/handoff/notify.py) -----------------------------------

    def waiting_since(self, before: datetime) -> list[Handoff]:
        """Unclaimed handoffs requested before `before` whose staff were not told yet."""
        rows = self.rows(
            select(handoffs)
            .where(
                handoffs.c.status == "waiting",
                handoffs.c.waiting_notified_at.is_(None),
                handoffs.c.requested_at < before,
            )
            .order_by(handoffs.c.requested_at, handoffs.c.id)
        )
        return [Handoff.from_mapping(m) for m in rows]

    def mark_notified(self, handoff_id: int) -> bool:
        """Take the e-mail of one handoff (True for exactly one process, before sending)."""
        with self.engine.begin() as conn:
            won = conn.execute(
                update(handoffs)
                .where(
                    handoffs.c.id == handoff_id,
                    handoffs.c.status == "waiting",
                    handoffs.c.waiting_notified_at.is_(None),
                )
                .values(waiting_notified_at=self.clock())
            ).rowcount
        return bool(won == 1)

    def unmark_notified(self, handoff_id: int) -> None:
        """The e-mail could not be sent: try again on the next round."""
        with self.engine.begin() as conn:
            conn.execute(
                update(handoffs).where(handoffs.c.id == handoff_id).values(waiting_notified_at=None)
            )

    def forget(self, conversation_id: str) -> int:
        """A person's "delete my data": every handoff of the conversation and its transcript."""
        with self.engine.begin() as conn:
            return self._delete(conn, handoffs.c.conversation_id == conversation_id)

    def purge(self, keep: timedelta = timedelta(days=90)) -> int:
        """Transcripts of handoffs that ended longer than `keep` ago are deleted."""
        cutoff = self.clock() - keep
        with self.engine.begin() as conn:
            return self._delete(
                conn,
                handoffs.c.status == "closed",
                handoffs.c.resumed_at.is_not(None),
                handoffs.c.closed_at < cutoff,
            )

    # --- internals -------------------------------------------------------------------------

    def _delete(self, conn: Connection, *conditions: Any) -> int:
        """Handoffs matching `conditions` and their transcripts; returns how many."""
        ids = [row.id for row in conn.execute(select(handoffs.c.id).where(*conditions))]
        if ids:
            conn.execute(delete(handoff_messages).where(handoff_messages.c.handoff_id.in_(ids)))
            conn.execute(delete(handoffs).where(handoffs.c.id.in_(ids)))
        return len(ids)

    def _get(self, conn: Connection, handoff_id: int) -> Handoff:
        row = conn.execute(select(handoffs).where(handoffs.c.id == handoff_id)).one_or_none()
        if row is None:
            raise NotFound(handoff_id)
        return Handoff.from_row(row)

    def _close(self, handoff_id: int, by: str, staff_id: int | None) -> Handoff | None:
        now = self.clock()
        with self.engine.begin() as conn:
            closed = conn.execute(
                update(handoffs)
                .where(handoffs.c.id == handoff_id, handoffs.c.status.in_(OPEN_STATES))
                .values(status="closed", closed_at=now, closed_by=by)
            ).rowcount
            if closed != 1:
                return None
            handoff = self._get(conn, handoff_id)
            self._add(conn, handoff_id, "system", f"closed_by_{by}", staff_id=staff_id)
            if by == "staff":
                notify(conn, handoff, "handoff_closed", {"service": handoff.service}, now)
            return handoff

    def _add(
        self,
        conn: Connection,
        handoff_id: int,
        sender: str,
        text: str,
        *,
        staff_id: int | None = None,
        original: str | None = None,
        language: str | None = None,
        in_tracker: bool = True,
        details: str | None = None,
    ) -> Message:
        values = {
            "handoff_id": handoff_id,
            "sender": sender,
            "staff_id": staff_id,
            "text": text,
            "original": original,
            "language": language,
            "created_at": self.clock(),
            "in_tracker": in_tracker,
            "details": details,
        }
        result = conn.execute(insert(handoff_messages).values(**values))
        return Message(id=int(result.inserted_primary_key[0]), **values)  # type: ignore[arg-type]


def _history_row(handoff_id: int, line: HistoryLine, now: datetime) -> dict[str, Any]:
    details = line[4] if len(line) > 4 else None
    return {
        "handoff_id": handoff_id,
        "sender": line[0],
        "text": line[1],
        "language": line[2],
        # Before the request, also under a fixed or skewed clock:
        # what the person writes later is told apart by time.
        "created_at": min(line[3], now - BEFORE),
        "in_tracker": True,
        "details": json.dumps(details, ensure_ascii=False) if details else None,
    }


@lru_cache(maxsize=4)
def handoff_store(url: str | None = None) -> HandoffStore:
    """One store per database URL and process, on the shared engine (bot/db/engine.py)."""
    return HandoffStore(shared_engine(url))
