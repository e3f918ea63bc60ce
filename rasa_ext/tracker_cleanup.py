"""Deleting conversations from Rasa's tracker store (runs inside the Rasa process).

Why our own code: Rasa Open Source 3.6 can save and read trackers but not delete
them. "Delete my data" and the retention period need exactly that, for the
stores we configure: SQL (SQLite locally, PostgreSQL in production) and, in tests,
the in-memory store.

SQLite: deleted events are zeroed in the database file (`secure_delete`, set by
`make_engine`) and the write-ahead log is emptied after every deletion (`checkpoint`),
so no copy of a deleted message stays in the `-wal` file.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore

from bot.db.engine import checkpoint
from rasa_ext.tracker_store import CachedSQLTrackerStore


class UnsupportedStore(Exception):
    """The configured tracker store cannot delete conversations (use SQL)."""


def unwrap(store: Any) -> TrackerStore:
    """Rasa wraps the configured store (AwaitableTrackerStore); we need the real one."""
    inner = getattr(store, "_tracker_store", None)
    return unwrap(inner) if inner is not None else store  # type: ignore[no-any-return]


def delete_conversation(store: Any, sender_id: str) -> int:
    """Removes every event of one conversation; returns how many were removed."""
    real = unwrap(store)
    if isinstance(real, CachedSQLTrackerStore):
        real.drop(sender_id)
    if isinstance(real, SQLTrackerStore):
        with real.session_scope() as session:
            removed = (
                session.query(real.SQLEvent)
                .filter(real.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        checkpoint(real.engine)
        return int(removed)
    if isinstance(real, InMemoryTrackerStore):
        return 1 if real.store.pop(sender_id, None) is not None else 0
    raise UnsupportedStore(type(real).__name__)


def delete_older_than(store: Any, timestamp: float) -> int:
    """Removes conversations whose newest event is older than `timestamp` (Unix seconds)."""
    real = unwrap(store)
    if isinstance(real, CachedSQLTrackerStore):
        real.drop()
    if isinstance(real, SQLTrackerStore):
        event = real.SQLEvent
        with real.session_scope() as session:
            stale = (
                session.query(event.sender_id)
                .group_by(event.sender_id)
                .having(sa.func.max(event.timestamp) < timestamp)
                .all()
            )
            senders = [row[0] for row in stale]
            for start in range(0, len(senders), 500):
                session.query(event).filter(
                    event.sender_id.in_(senders[start : start + 500])
                ).delete(synchronize_session=False)
            session.commit()
        checkpoint(real.engine)
        return len(senders)
    if isinstance(real, InMemoryTrackerStore):
        old = [sender for sender, dump in real.store.items() if _newest_timestamp(dump) < timestamp]
        for sender in old:
            del real.store[sender]
        return len(old)
    raise UnsupportedStore(type(real).__name__)


def _newest_timestamp(dump: str) -> float:
    import json

    events = json.loads(dump).get("events") or []
    return max((float(e.get("timestamp") or 0) for e in events), default=0.0)
