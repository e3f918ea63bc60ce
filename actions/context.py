"""`action_track_context`: keeps the conversation's language and service up to date.

Rasa runs it after every user message (custom slot mapping in domain.yml), so
the responses of the same turn are already rendered in the right language.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import entity
from bot.content import SERVICES, content
from bot.entities import resolve
from bot.language_policy import choose_for_message, requested_language
from bot.languages import SUPPORTED


class ActionTrackContext(Action):
    def name(self) -> str:
        return "action_track_context"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
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
        events: list[EventType] = []
        if language != current_language:
            events.append(SlotSet("language", language))

        named = resolve("service", entity(tracker, "service"), SERVICES)
        service = named or content().topic_service(intent)
        if service and service != tracker.get_slot("service"):
            events.append(SlotSet("service", service))
        return events
