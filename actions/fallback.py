"""`action_handle_fallback`: first "please rephrase" (or "I only know the three
services" for off-topic messages), from the second miss in a row on an offer.

Why count events instead of keeping a counter slot: the tracker already knows how
many misunderstood messages came in a row, and a derived count cannot go stale.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

FALLBACK_INTENT = "nlu_fallback"
MISSES = frozenset({FALLBACK_INTENT, "out_of_scope"})


def misses_in_a_row(events: list[dict[str, Any]]) -> int:
    """How many of the latest user messages in a row were not understood or off-topic."""
    count = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent not in MISSES:
            break
        count += 1
    return count


class ActionHandleFallback(Action):
    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if misses_in_a_row(tracker.events) >= 2:
            dispatcher.utter_message(response="utter_fallback_offer")
        elif intent == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_default")
        return []
