"""action_request_human and action_answer_affirm: tracker fixtures in, exact events out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.handoff
from actions.handoff import ActionAnswerAffirm, ActionRequestHuman
from bot.booking.calendar import CalendarConfig
from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.handoff.hours import StaffedHours
from bot.handoff.store import HandoffStore
from tests.booking.conftest import calendar_dict
from tests.conftest import load_tracker

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # 10:00 in Osnabrück
SATURDAY = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
HOURS = StaffedHours.from_dict(
    {
        "hours": {
            "foreigners_office": {"mon": ["08:00-12:00"]},
            "migration_centre": {"mon": ["08:00-12:00"]},
        }
    },
    CalendarConfig.from_dict(calendar_dict()),
)


class Clock:
    now = MONDAY_10

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HandoffStore]:
    url = f"sqlite:///{tmp_path / 'actions.db'}"
    upgrade(url)
    made = HandoffStore(make_engine(url), clock=Clock())
    monkeypatch.setattr(actions.handoff, "handoff_store", lambda: made)
    monkeypatch.setattr(actions.handoff, "staffed_hours", lambda: HOURS)
    yield made
    made.engine.dispose()


async def run(action: Any, fixture: str) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, Tracker.from_dict(load_tracker(fixture)), {})
    return dispatcher.messages, events


async def test_a_request_after_a_topic_goes_to_that_service(store: HandoffStore) -> None:
    messages, events = await run(ActionRequestHuman(), "handoff_request_after_a_topic")
    assert events == [SlotSet("handoff", "foreigners_office"), ConversationPaused()]
    [message] = messages
    assert message["response"] == "utter_handoff_waiting"
    assert (message["service"], message["position"], message["wait_seconds"]) == (
        "foreigners_office",
        1,
        None,
    )
    # bot/ reports the handoff state and counts it from this signal (bot/signals.py)
    assert message["custom"] == {"komm_mit": {"signal": "handoff", "service": "foreigners_office"}}
    handoff = store.current("tg-12345")
    assert handoff is not None
    assert (handoff.service, handoff.channel, handoff.language, handoff.topic) == (
        "foreigners_office",
        "telegram",
        "fa",
        "ask_work_permit",
    )
    lines = [(m.sender, m.text) for m in store.messages(handoff.id)]
    assert lines[0] == ("user", "سلام") and lines[-1] == ("user", "می‌خواهم با یک نفر صحبت کنم")
    assert ("bot", "برای اجازه کار ...") in lines


async def test_after_a_follow_up_question_staff_see_the_conversations_topic(
    store: HandoffStore,
) -> None:
    """ "What do I bring?" after the work permit: the clerk's topic line says work permit."""
    data = load_tracker("handoff_request_after_a_topic")
    asked = {"event": "user", "text": "چه مدارکی بیارم؟"}
    asked["parse_data"] = {"intent": {"name": "ask_required_documents", "confidence": 0.9}}
    data["events"][-1:-1] = [asked, {"event": "action", "name": "utter_required_documents"}]
    data["slots"]["topic"] = "ask_work_permit"
    await ActionRequestHuman().run(CollectingDispatcher(), Tracker.from_dict(data), {})
    handoff = store.current("tg-12345")
    assert handoff is not None and handoff.topic == "ask_work_permit"


async def test_without_a_topic_the_service_is_asked_with_buttons(store: HandoffStore) -> None:
    messages, events = await run(ActionRequestHuman(), "handoff_request_without_a_topic")
    assert events == []
    assert [m["response"] for m in messages] == ["utter_ask_handoff_service"]
    assert store.current("fixture-handoff-02") is None


async def test_the_chosen_service_is_taken_from_the_button(store: HandoffStore) -> None:
    messages, events = await run(ActionRequestHuman(), "handoff_service_chosen_by_button")
    assert events == [SlotSet("handoff", "migration_centre"), ConversationPaused()]
    assert messages[0]["service"] == "migration_centre"


async def test_outside_staffed_hours_the_next_opening_is_told(store: HandoffStore) -> None:
    Clock.now = SATURDAY
    try:
        messages, events = await run(ActionRequestHuman(), "handoff_request_after_a_topic")
    finally:
        Clock.now = MONDAY_10
    assert events == [SlotSet("handoff", "foreigners_office"), ConversationPaused()]
    [message] = messages
    assert message["response"] == "utter_handoff_offline"
    assert message["opens_at"] == "2026-11-23T07:00:00+00:00"  # Monday 08:00 in Osnabrück
    assert message["custom"] == {"komm_mit": {"signal": "handoff", "service": "foreigners_office"}}
    handoff = store.current("tg-12345")
    assert handoff is not None and handoff.offline


async def test_yes_after_two_misses_asks_which_service_to_hand_over_to(
    store: HandoffStore,
) -> None:
    messages, events = await run(ActionAnswerAffirm(), "handoff_yes_after_two_misses")
    assert events == []
    assert [m["response"] for m in messages] == ["utter_ask_handoff_service"]


async def test_yes_after_two_misses_about_a_topic_hands_over_at_once(
    store: HandoffStore,
) -> None:
    tracker = load_tracker("handoff_yes_after_two_misses")
    tracker["slots"]["service"] = "migration_centre"  # the conversation was about jobs
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerAffirm().run(dispatcher, Tracker.from_dict(tracker), {})
    assert events == [SlotSet("handoff", "migration_centre"), ConversationPaused()]
    assert dispatcher.messages[0]["response"] == "utter_handoff_waiting"
    assert dispatcher.messages[0]["custom"] == {
        "komm_mit": {"signal": "handoff", "service": "migration_centre"}
    }
    assert store.current("fixture-handoff-04") is not None


async def test_yes_after_anything_else_is_just_acknowledged() -> None:
    messages, events = await run(ActionAnswerAffirm(), "handoff_yes_after_a_greeting")
    assert events == []
    assert [m["response"] for m in messages] == ["utter_anything_else"]


async def test_yes_after_delete_my_data_signals_the_deletion() -> None:
    messages, events = await run(ActionAnswerAffirm(), "forget_yes_after_the_question")
    assert events == []
    assert messages == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {"komm_mit": {"signal": "forget"}},  # bot/ deletes after this turn
            "template": "utter_forgetting",
            "response": "utter_forgetting",
            "image": None,
            "attachment": None,
        }
    ]


async def test_yes_after_anything_else_carries_no_signal() -> None:
    messages, _ = await run(ActionAnswerAffirm(), "handoff_yes_after_a_greeting")
    assert [m["custom"] for m in messages] == [{}]
