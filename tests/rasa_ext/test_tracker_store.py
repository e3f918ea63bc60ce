"""Kept trackers: the same conversation as the database would rebuild, or a fresh read."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from rasa_ext.tracker_cleanup import delete_conversation, delete_older_than
from rasa_ext.tracker_store import CachedSQLTrackerStore

DOMAIN = Domain.from_dict({"slots": {"language": {"type": "any", "mappings": []}}})


def store(tmp_path: Path) -> CachedSQLTrackerStore:
    config = EndpointConfig(
        type="rasa_ext.tracker_store.CachedSQLTrackerStore",
        dialect="sqlite",
        db=str(tmp_path / "tracker.db"),
    )
    made = create_tracker_store(config, DOMAIN)
    real = getattr(made, "_tracker_store", made)
    assert isinstance(real, CachedSQLTrackerStore)  # not Rasa's silent in-memory fallback
    return real


async def said(s: CachedSQLTrackerStore, sender: str, text: str) -> None:
    tracker = await s.get_or_create_tracker(sender)
    tracker.update(UserUttered(text, {"name": "greet"}))
    tracker.update(ActionExecuted("action_listen"))
    await s.save(tracker)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = CachedSQLTrackerStore._retrieve

    async def counting(self: CachedSQLTrackerStore, sender_id: str, **kwargs: bool) -> object:
        seen.append(sender_id)
        return await original(self, sender_id, **kwargs)

    monkeypatch.setattr(CachedSQLTrackerStore, "_retrieve", counting)
    return seen


async def test_the_next_message_gets_the_saved_tracker_without_reading_events(
    tmp_path: Path, reads: list[str]
) -> None:
    s = store(tmp_path)
    await said(s, "c1", "hallo")
    reads.clear()
    tracker = await s.retrieve("c1")
    assert tracker is not None and tracker.latest_message.text == "hallo"
    assert reads == []


async def test_a_write_by_another_replica_means_reading_the_database(tmp_path: Path) -> None:
    mine, other = store(tmp_path), store(tmp_path)
    await said(mine, "c1", "one")
    await said(other, "c1", "two")  # the same conversation, handled elsewhere
    tracker = await mine.retrieve("c1")
    assert tracker is not None and tracker.latest_message.text == "two"


async def test_a_failed_turn_leaves_nothing_behind(tmp_path: Path) -> None:
    s = store(tmp_path)
    await said(s, "c1", "saved")
    tracker = await s.retrieve("c1")
    assert tracker is not None
    tracker.update(UserUttered("never saved", {"name": "greet"}))  # the turn crashes here
    again = await s.retrieve("c1")
    assert again is not None and again.latest_message.text == "saved"


async def test_deleted_conversations_are_gone_from_memory_too(tmp_path: Path) -> None:
    s = store(tmp_path)
    await said(s, "c1", "delete me")
    await said(s, "c2", "old")
    assert delete_conversation(s, "c1") > 0
    assert await s.retrieve("c1") is None
    assert delete_older_than(s, timestamp=10**12) == 1
    assert await s.retrieve("c2") is None


async def test_a_new_session_is_read_afresh(tmp_path: Path, reads: list[str]) -> None:
    s = store(tmp_path)
    tracker = await s.get_or_create_tracker("c1")
    for value in ("uk", "ar"):
        tracker.update(SessionStarted())
        tracker.update(SlotSet("language", value))
    await s.save(tracker)
    reads.clear()
    fresh = await s.retrieve("c1")
    assert reads == ["c1"]
    assert fresh is not None and fresh.get_slot("language") == "ar"
    assert sum(isinstance(e, SessionStarted) for e in fresh.events) == 1


async def test_sqlite_connections_are_kept_open(tmp_path: Path) -> None:
    import sqlalchemy as sa

    s = store(tmp_path)
    opened: list[object] = []
    sa.event.listen(s.engine, "connect", lambda connection, record: opened.append(connection))
    for n in range(5):
        await said(s, "c1", f"message {n}")
        await s.retrieve("c1")
    assert len(opened) == 1


async def test_every_event_is_stored_once_across_a_session_start(tmp_path: Path) -> None:
    """The events that start a session come before it; none may be written twice."""
    s = store(tmp_path)
    tracker = await s.get_or_create_tracker("c1", append_action_listen=False)
    tracker.update(SlotSet("session_started_metadata", {}))
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("hallo", {"name": "greet"}))
    await s.save(tracker)
    for text in ("zwei", "drei"):
        kept = await s.retrieve("c1")
        assert kept is not None
        kept.update(UserUttered(text, {"name": "greet"}))
        kept.update(ActionExecuted("action_listen"))
        await s.save(kept)
    stored = await store(tmp_path).retrieve_full_tracker("c1")
    assert stored is not None
    assert [e.as_dict()["event"] for e in stored.events] == [
        e.as_dict()["event"] for e in kept.events
    ]


async def test_the_embedded_tracker_store_writes_ahead(tmp_path: Path) -> None:
    s = store(tmp_path)
    with s.engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        sync = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    assert (mode, sync) == ("wal", 1)  # 1 = NORMAL


async def test_new_events_are_stored_as_rasa_stores_them(tmp_path: Path) -> None:
    """The same rows as Rasa's own `save`: Rasa, the console and deletion read them."""
    import json

    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore

    ours, rasas = store(tmp_path), SQLTrackerStore(DOMAIN, db=str(tmp_path / "rasa.db"))
    for s in (ours, rasas):
        tracker = await s.get_or_create_tracker("c1")
        tracker.update(UserUttered("مرحبا، أحتاج موعد", {"name": "book_appointment"}))
        tracker.update(SlotSet("language", "ar"))
        tracker.update(ActionExecuted("action_listen"))
        await s.save(tracker)
        kept = await s.retrieve("c1")
        assert kept is not None
        kept.update(UserUttered("شكرا", {"name": "thank"}))
        await s.save(kept)

    def rows(s: SQLTrackerStore) -> list[tuple[object, ...]]:
        table = s.SQLEvent.__table__
        with s.engine.connect() as connection:
            found = connection.execute(sa.select(table).order_by(table.c.id)).all()
        return [
            (r.sender_id, r.type_name, r.intent_name, r.action_name, json.loads(r.data))
            for r in found
        ]

    stored, expected = rows(ours), rows(rasas)
    for row in stored + expected:  # written at different moments
        row[4].pop("timestamp")
    assert len(stored) == 5 and stored == expected
    again = await store(tmp_path).retrieve("c1")  # read back from the table
    assert again is not None and again.latest_message.text == "شكرا"
    assert again.get_slot("language") == "ar"
