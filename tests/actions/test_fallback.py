"""action_handle_fallback: rephrase first, then offer an appointment or a person."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionHandleFallback
from tests.conftest import load_tracker


@pytest.mark.parametrize(
    ("fixture", "response"),
    [
        ("one_miss", "utter_default"),
        ("two_misses_in_a_row", "utter_fallback_offer"),
        ("miss_after_an_understood_message", "utter_default"),
        ("off_topic", "utter_out_of_scope"),
        ("off_topic_then_miss", "utter_fallback_offer"),
    ],
)
async def test_fallback_response(fixture: str, response: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHandleFallback().run(
        dispatcher, Tracker.from_dict(load_tracker(fixture)), {}
    )
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == [response]
