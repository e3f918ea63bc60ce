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
