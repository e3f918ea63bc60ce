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
from actions.clarify import (
    COURTESY_BACK,
    TOPIC_ANSWERS,
    ask_what_is_meant,
    candidates,
    courtesy_back,
    second_need,
    stated_status,
    subtopic_answer,
)
from actions.situation import situation_step

FALLBACK_INTENT = "nlu_fallback"
# Statuses whose residence answer has its own variant (bot/texts/situation.residence_permit).
STATUS_ANSWERED = frozenset(
    {"eu_citizen", "german_citizen", "asylum_seeker", "duldung", "temporary_protection"}
)
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


# "Hallo! [something not understood]": the greeting leads the model's ranking of the whole
# message at least this clearly (when the parse result has no `courtesy` for it).
COURTESY_LEAD = 0.4


def greeting_back(tracker: Tracker) -> str | None:
    """ "Hello!" or "You're welcome!" for a greeting or thanks in a message not understood:
    the parse key `courtesy`, else a greeting or thanks ranked first among the real intents."""
    back = courtesy_back(tracker)
    if back is not None:
        return back
    ranked = (tracker.latest_message or {}).get("intent_ranking") or []
    real = [r for r in ranked if r.get("name") != FALLBACK_INTENT]
    if real and float(real[0].get("confidence") or 0.0) >= COURTESY_LEAD:
        return COURTESY_BACK.get(str(real[0].get("name")))
    return None


class ActionHandleFallback(NamedAction):
    """Greets or thanks back first when the message did; then the fallback reply; a second
    need the message asked about clearly (parse key `second_intent`) as one button after it."""

    action_name = "action_handle_fallback"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        back = greeting_back(tracker)
        if back is not None:
            say(dispatcher, back)
        offered, events = self.reply(dispatcher, tracker)
        also = second_need(tracker, "")
        if also is not None and also not in offered:
            say(dispatcher, "utter_also_asked", intent=also)
        return events

    def reply(self, dispatcher: Dispatcher, tracker: Tracker) -> tuple[list[str], Events]:
        """The fallback reply and the needs it offers as buttons."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        special = subtopic_answer(tracker)
        if special is not None:
            # Missed by the intent models, but the specific question is clear
            # ("Wohnsitzauflage?"): its answer, not "please rephrase".
            return [], say(dispatcher, special)
        if stated_status(tracker) in STATUS_ANSWERED:
            # "Ich bin aus Polen, wo melde ich mich an?": the question was missed, the
            # status was not, and its residence answer is what such a person needs first
            # (an EU citizen: no permit, register the address; a Duldung: the routes).
            step = situation_step(tracker, "ask_residence_permit", may_ask=False)
            answer = step.response(TOPIC_ANSWERS["ask_residence_permit"], None)
            return [], say(dispatcher, answer, *step.events, **step.arguments)
        if intent == FALLBACK_INTENT:
            # Unsure between real needs: ask which one (with "talk to a person").
            meant = candidates(tracker)
            if meant:
                return meant, ask_what_is_meant(dispatcher, meant)
        return [], self.not_understood(dispatcher, tracker, intent)

    def not_understood(self, dispatcher: Dispatcher, tracker: Tracker, intent: object) -> Events:
        if misses_in_a_row(tracker.events) >= 2:
            return say(dispatcher, "utter_fallback_offer")
        if intent == "out_of_scope":
            return say(dispatcher, "utter_out_of_scope")
        return say(dispatcher, "utter_default")
