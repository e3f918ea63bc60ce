"""`action_track_context`: keeps the conversation's language and service up to date.

Rasa runs it after every user message (custom slot mapping in domain.yml), so
the responses of the same turn are already rendered in the right language.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.action import Dispatcher, Domain, Events, NamedAction
from actions.identity import entity
from bot.content import SERVICES, content
from bot.entities import resolve
from bot.language.policy import choose_for_message, requested_language
from bot.language.supported import SUPPORTED


class ActionTrackContext(NamedAction):
    action_name = "action_track_context"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        latest = tracker.latest_message
        intent = (latest.get("intent") or {}).get("name")
        metadata = latest.get("metadata") or {}
        current_language = tracker.get_slot("language")
        requested = (
            requested_language(resolve("language", entity(tracker, "language"), SUPPORTED))
            if intent == "change_language"
            else None
        )
        language = choose_for_message(current_language, metadata, requested)
        events: Events = []
        if language != current_language:
            events.append(SlotSet("language", language))

        named = resolve("service", entity(tracker, "service"), SERVICES)
        service = named or content().topic_service(intent)
        if service and service != tracker.get_slot("service"):
            events.append(SlotSet("service", service))
        return events
