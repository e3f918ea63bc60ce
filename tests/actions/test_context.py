"""action_track_context: exact slot events for tracker fixtures (tests/fixtures/trackers)."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import ActionTrackContext
from tests.conftest import load_tracker


async def run(fixture: str) -> list[dict[str, object]]:
    dispatcher = CollectingDispatcher()
    events = await ActionTrackContext().run(
        dispatcher, Tracker.from_dict(load_tracker(fixture)), {}
    )
    assert dispatcher.messages == []
    return events


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        # The client's hint decides the first reply language (text not clear).
        ("first_message_with_hint", [SlotSet("language", "uk")]),
        # "können wir arabisch sprechen": the explicit wish wins over German text and hint.
        (
            "explicit_switch_to_arabic",
            [SlotSet("language", "ar"), SlotSet("previous_language", "de")],
        ),
        # Clearly writing Turkish switches; the topic sets the responsible service and
        # becomes the topic of follow-ups ("what do I bring for that?").
        (
            "clear_turkish_in_german_conversation",
            [
                SlotSet("language", "tr"),
                SlotSet("previous_language", "de"),
                SlotSet("service", "foreigners_office"),
                SlotSet("topic", "ask_residence_permit"),
            ],
        ),
        # "wie vorher bitte" (payload from bot/commands.py) goes back to Arabic, and German
        # becomes the language to go back to.
        (
            "back_to_previous_language",
            [SlotSet("language", "ar"), SlotSet("previous_language", "de")],
        ),
        # No earlier language in this chat: nothing changes (the reply is the menu).
        ("back_without_previous_language", []),
        # "ok" in a Farsi conversation changes nothing.
        ("short_text_keeps_farsi", []),
        # A named service beats the topic's service.
        ("named_service_wins_over_topic", [SlotSet("service", "migration_centre")]),
    ],
)
async def test_context_events(fixture: str, expected: list[dict[str, object]]) -> None:
    assert await run(fixture) == expected


async def test_a_specific_question_sets_its_topics_service() -> None:
    """ "My Duldung got lost" read as an apprenticeship question by the intent models, with
    the sub-topic lost_documents: the conversation is about the residence permit now, so a
    bare "an appointment, please" next books at the foreigners' office."""
    raw = load_tracker("short_text_keeps_farsi")
    for parsed in (raw["latest_message"], raw["events"][-1]["parse_data"]):
        parsed["intent"] = {"name": "ask_apprenticeship", "confidence": 0.4}
        parsed["subtopic"] = {"name": "lost_documents", "confidence": 0.6}
    dispatcher = CollectingDispatcher()
    events = await ActionTrackContext().run(dispatcher, Tracker.from_dict(raw), {})
    assert SlotSet("service", "foreigners_office") in events
    assert SlotSet("topic", "ask_residence_permit") in events
