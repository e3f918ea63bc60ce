"""Rasa's SQL tracker store, keeping recent conversations in memory between messages.

Why: for every message Rasa reads the conversation's events from the database,
parses them and replays them into a tracker, and at 50 concurrent conversations
that was the largest share of Rasa's CPU (docs/performance.md). The tracker Rasa
saved at the end of the last message is what the next read would rebuild, so it
is kept and handed back instead.

Why it stays correct:
- A kept tracker is handed out only while the database holds exactly the events
  it was saved with: the number and the highest id of the conversation's rows,
  read with one indexed query per message. A write by another Rasa replica, or a
  deletion, means reading from the database as before.
- It is handed out once: if the turn fails before saving, the next message reads
  the database, so unsaved events never come back.
- A tracker that gained events after it was saved, or that spans a new session
  (a fresh read starts at the last session), is not kept.
- Deleting conversations (`rasa_ext/tracker_cleanup.py`) drops kept trackers, because
  SQLite may reuse the ids of deleted rows.

With SQLite it uses our engine settings (`make_engine`): connections kept open instead
of one per query, and a write-ahead log.

New events are written with one SQLAlchemy Core insert (the same rows as Rasa's
`save`, their data encoded with orjson) instead of an ORM object per event: the ORM's
unit of work was a tenth of the Rasa process's time under load (docs/performance.md).
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.db.engine import make_engine
from bot.private_files import private_database_file
from rasa_ext import shared_states
from rasa_ext.keepalive import encode_json

Version = tuple[int, Any]  # (number of rows, highest id) of one conversation


class CachedSQLTrackerStore(SQLTrackerStore):
    """`type: rasa_ext.tracker_store.CachedSQLTrackerStore` in endpoints.yml; options as SQL."""

    KEEP = 256  # conversations kept; more than the busiest minute's concurrent ones

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("dialect", "sqlite") == "sqlite" and not kwargs.get("host") and not args:
            # Owner-only (0600) before Rasa creates it; make_engine corrects older files.
            private_database_file(str(kwargs.get("db") or "rasa.db"))
        super().__init__(*args, **kwargs)
        self._kept: OrderedDict[str, tuple[Version, int, DialogueStateTracker]] = OrderedDict()
        # Trackers handed out from memory, with how many of their events are stored.
        self._handed: dict[str, tuple[DialogueStateTracker, int]] = {}
        engine: sa.engine.Engine = getattr(self, "engine")  # noqa: B009  (untyped in Rasa)
        table = self.SQLEvent.__tablename__
        self._version_query = sa.text(
            f"SELECT count(id), max(id) FROM {table} WHERE sender_id = :sender_id"
        )
        self._insert = self.SQLEvent.__table__.insert()  # built once: its cache key too
        if engine.dialect.name == "sqlite":
            # Our SQLite settings (bot/db/engine.py): connections kept open, as Rasa uses
            # several per message; write-ahead log, synced at checkpoints (conversations
            # may lose their last messages in a power cut, never the file).
            engine.dispose()
            self.engine = make_engine(str(engine.url), sync_every_commit=False)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _version(self, sender_id: str) -> Version:
        # Plain SQL on a pooled connection: the ORM query cost five times as much (a
        # session, a commit, building the statement's cache key) twice per message.
        with self.engine.connect() as connection:
            return self._version_on(connection, sender_id)

    def _version_on(self, connection: sa.engine.Connection, sender_id: str) -> Version:
        count, highest = connection.execute(self._version_query, {"sender_id": sender_id}).one()
        return int(count), highest

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self._handed.pop(sender_id, None)
        kept = self._kept.pop(sender_id, None)
        if kept is not None:
            version, length, tracker = kept
            if len(tracker.events) == length and self._version(sender_id) == version:
                self._handed[sender_id] = (tracker, length)
                return tracker
        return await super().retrieve(sender_id)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Any]:
        """The events to write: after the stored ones.

        Rasa counts the stored events since the session start by timestamp, which
        matches a tracker read from the database. A tracker kept in memory also
        holds the events that started the session, so it says itself how many
        of its events are stored.
        """
        handed = self._handed.pop(tracker.sender_id, None)
        if handed is not None and handed[0] is tracker:
            return itertools.islice(tracker.events, handed[1], None)
        return super()._additional_events(session, tracker)  # type: ignore[no-any-return]

    def _row(self, sender_id: str, event: Event) -> dict[str, Any]:
        """The row Rasa's `save` writes for `event`."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": encode_json(data).decode(),
        }

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's `save` (events to the broker, then the new ones to the table) in one insert."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        handed = self._handed.get(sender_id)
        if handed is not None and handed[0] is tracker:  # no count query needed
            events = list(self._additional_events(None, tracker))
        else:
            with self.session_scope() as session:
                events = list(self._additional_events(session, tracker))
        self._kept.pop(sender_id, None)
        with self.engine.begin() as connection:
            if events:
                rows = [self._row(sender_id, event) for event in events]
                connection.execute(self._insert, rows)
            version = self._version_on(connection, sender_id)  # including what was written
        if sum(isinstance(event, SessionStarted) for event in tracker.events) > 1:
            return
        self._kept[sender_id] = (version, len(tracker.events), tracker)
        while len(self._kept) > self.KEEP:
            self._kept.popitem(last=False)

    def drop(self, sender_id: str | None = None) -> None:
        """Forget kept trackers (and the policies' kept states): one conversation, or all."""
        shared_states.forget(sender_id)
        if sender_id is None:
            self._kept.clear()
            self._handed.clear()
        else:
            self._kept.pop(sender_id, None)
            self._handed.pop(sender_id, None)
