"""Deleting trackers from Rasa's SQL tracker store: one conversation, and by age."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.tracker_store import AwaitableTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.tracker_cleanup import delete_conversation, delete_older_than


@pytest.fixture
def store(tmp_path: Path) -> AwaitableTrackerStore:
    sql = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    return AwaitableTrackerStore(sql)


async def keep(store: AwaitableTrackerStore, sender: str, at: float) -> None:
    tracker = DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen", timestamp=at),
            UserUttered("hallo", {"name": "greet", "confidence": 1.0}, timestamp=at + 1),
        ],
    )
    await store.save(tracker)


async def events_of(store: AwaitableTrackerStore, sender: str) -> int:
    tracker = await store.retrieve(sender)
    return len(tracker.events) if tracker else 0


async def test_one_conversation_is_deleted_and_no_other(store: AwaitableTrackerStore) -> None:
    await keep(store, "tg-1", 1_000.0)
    await keep(store, "tg-2", 1_000.0)
    assert delete_conversation(store, "tg-1") == 2
    assert await events_of(store, "tg-1") == 0
    assert await events_of(store, "tg-2") == 2
    assert delete_conversation(store, "tg-1") == 0  # twice is fine


async def test_conversations_idle_since_the_cutoff_are_deleted(
    store: AwaitableTrackerStore,
) -> None:
    await keep(store, "old", 1_000.0)
    await keep(store, "recent", 5_000.0)
    assert delete_older_than(store, 4_000.0) == 1
    assert await events_of(store, "old") == 0
    assert await events_of(store, "recent") == 2
