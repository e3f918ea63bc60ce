"""`action_handle_fallback`: "Do you mean …?" when the model ranked real needs close
to the top; otherwise first "please rephrase" (or "I only know the three services"
for off-topic messages), from the second miss in a row an offer.

Why count events instead of keeping a counter slot: the tracker already knows how
many misunderstood messages came in a row, and a derived count cannot go stale.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.action import Dispatcher, Domain, Events, NamedAction, say
from actions.clarify import ask_what_is_meant, candidates

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


class ActionHandleFallback(NamedAction):
    action_name = "action_handle_fallback"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == FALLBACK_INTENT:
            # Unsure between real needs: ask which one (with "talk to a person").
            meant = candidates(tracker)
            if meant:
                return ask_what_is_meant(dispatcher, meant)
        if misses_in_a_row(tracker.events) >= 2:
            return say(dispatcher, "utter_fallback_offer")
        if intent == "out_of_scope":
            return say(dispatcher, "utter_out_of_scope")
        return say(dispatcher, "utter_default")
