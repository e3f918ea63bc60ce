"""`action_track_context`: keeps the conversation's language, service and topic up to date.

Rasa runs it after every user message (custom slot mapping in domain.yml), so
the responses of the same turn are already rendered in the right language.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.action import Dispatcher, Domain, Events, NamedAction
from actions.clarify import subtopic
from actions.identity import entity
from bot.content import SERVICES, content
from bot.entities import resolve
from bot.language.policy import choose_for_message, requested_language
from bot.language.supported import SUPPORTED, is_supported
from bot.language.switch import PREVIOUS
from bot.texts.subtopics import SUBTOPIC_TOPICS

# Topic intents that are follow-ups: about the topic and service of the conversation
# ("and what do I bring for that?"), so they change neither.
FOLLOW_UPS = frozenset({"ask_required_documents"})


class ActionTrackContext(NamedAction):
    action_name = "action_track_context"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        latest = tracker.latest_message
        # a specific question counts as its topic ("my card was stolen": residence permit)
        named_intent = (latest.get("intent") or {}).get("name")
        intent = SUBTOPIC_TOPICS.get(subtopic(tracker) or "") or named_intent
        metadata = latest.get("metadata") or {}
        current_language = tracker.get_slot("language")
        requested = requested_by(tracker) if named_intent == "change_language" else None
        language = choose_for_message(current_language, metadata, requested)
        events: Events = []
        if language != current_language:
            events.append(SlotSet("language", language))
            if is_supported(current_language):  # "wie vorher bitte" goes back to it
                events.append(SlotSet("previous_language", current_language))

        named = resolve("service", entity(tracker, "service"), SERVICES)
        current = tracker.get_slot("service")
        follow_up = intent in FOLLOW_UPS and current
        service = named or (None if follow_up else content().topic_service(intent))
        if service and service != current:
            events.append(SlotSet("service", service))
        events.extend(topic_events(intent, service, tracker.get_slot("topic")))
        return events


def requested_by(tracker: Tracker) -> str | None:
    """The language a switch request names; "previous" (`bot.language.switch`) is the one
    the conversation had before the last switch (None if there was none: the menu)."""
    named = entity(tracker, "language")
    if named == PREVIOUS:
        earlier = tracker.get_slot("previous_language")
        return str(earlier) if is_supported(earlier) else None
    return requested_language(resolve("language", named, SUPPORTED))


def topic_events(intent: str | None, service: str | None, topic: str | None) -> Events:
    """A new topic intent becomes the topic; another service named now drops the old one."""
    facts = content()
    if intent not in FOLLOW_UPS and facts.topic_service(intent):
        return [SlotSet("topic", intent)] if intent != topic else []
    if topic and service and facts.topic_service(topic) != service:
        return [SlotSet("topic", None)]
    return []
