"""What every custom action shares: its name as a class attribute, the `run` signature
written once, and `say` for the common "utter this and return these events".

Why a base class: rasa_sdk wants a class with `name()` and `run()` per action; without
it every action repeats the same six lines before it does anything of its own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, TypeAlias

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

Dispatcher: TypeAlias = CollectingDispatcher
Domain: TypeAlias = dict[str, Any]
Events: TypeAlias = list[EventType]
Slots: TypeAlias = dict[str, Any]


class NamedAction(Action, ABC):
    """An action named by `action_name` (abstract, so rasa_sdk registers only its subclasses)."""

    action_name: ClassVar[str] = ""

    def name(self) -> str:
        return self.action_name

    @abstractmethod
    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        """What the action says and which events it returns."""


def say(dispatcher: Dispatcher, response: str, *events: EventType, **arguments: Any) -> Events:
    """Utters `response` (rendered by `bot/` with `arguments`) and returns `events`."""
    dispatcher.utter_message(response=response, **arguments)
    return list(events)
