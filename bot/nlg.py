"""Rasa's NLG endpoint: Rasa names a response, we render it in the user's language.

Why: texts live in the Babel catalogs, not in the trained model, so a corrected
translation is live after a restart of `bot/` with no retraining. Rendering only
renders: what a turn did (delete, hand over, book) the actions signal themselves
(bot/signals.py), and `bot/turn_metrics.py` counts it.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.language.policy import choose_for_message
from bot.language.supported import direction, is_supported
from bot.texts import RENDERERS, Context, render

log = logging.getLogger(__name__)


class ReadValues(dict[str, Any]):
    """Slots or entities that remember which of them a renderer read: the transcript keeps
    only those (with the response name) to render the same answer for staff again."""

    def __init__(self, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read.add(key)
        return super().__contains__(key)

    def used(self) -> dict[str, Any]:
        return {key: self[key] for key in sorted(self.read) if dict.__contains__(self, key)}


RENDERED = "rendered"


def language_of(tracker: dict[str, Any]) -> str:
    """The slot set by action_track_context; if the action server was down, decide here."""
    slot = (tracker.get("slots") or {}).get("language")
    if is_supported(slot):
        return str(slot)
    metadata = (tracker.get("latest_message") or {}).get("metadata") or {}
    return choose_for_message(None, metadata)


def latest_entities(tracker: dict[str, Any]) -> dict[str, str]:
    entities = (tracker.get("latest_message") or {}).get("entities") or []
    return {str(e["entity"]): str(e["value"]) for e in entities if "entity" in e and "value" in e}


def invalid_request(body: Any) -> str | None:
    """Why an NLG request cannot be answered (a 400), or None when it can."""
    if not isinstance(body, dict):
        return "expected an object"
    if not isinstance(body.get("response"), str):
        return "response must be a string"
    for key in ("tracker", "arguments"):
        if not isinstance(body.get(key) or {}, dict):
            return f"{key} must be an object"
    tracker = body.get("tracker") or {}
    for key in ("slots", "latest_message"):
        if not isinstance(tracker.get(key) or {}, dict):
            return f"tracker.{key} must be an object"
    return None


def generate(body: dict[str, Any]) -> dict[str, Any]:
    """Answer one NLG request: {"response", "arguments", "tracker", "channel"}."""
    name = str(body.get("response") or "")
    tracker = body.get("tracker") or {}
    lang = language_of(tracker)
    slots, entities = ReadValues(tracker.get("slots") or {}), ReadValues(latest_entities(tracker))
    arguments = body.get("arguments") or {}
    ctx = Context(
        lang=lang,
        slots=slots,
        conversation_id=str(tracker.get("sender_id") or ""),
        entities=entities,
        arguments=arguments,
    )
    if name not in RENDERERS:
        log.error("no renderer for response %s", name)
        name = "utter_default"
    reply = render(name, ctx)
    answer: dict[str, Any] = {
        "text": reply.text,
        "buttons": [button.as_dict() for button in reply.buttons],
        "language": lang,
        "direction": direction(lang),
        # Rasa keeps what else we answer in the bot event's metadata: the staff transcript
        # renders the same answer in the console's language from it (bot/staff/transcript.py).
        RENDERED: {
            "response": name,
            "slots": slots.used(),
            "entities": entities.used(),
            "arguments": arguments,
        },
    }
    if reply.attachment is not None:
        answer["attachment"] = reply.attachment.as_dict()
    if reply.venue is not None:
        answer["venue"] = reply.venue.as_dict()
    return answer
