"""Rasa's NLG endpoint: Rasa names a response, we render it in the user's language.

Why: texts live in the Babel catalogs, not in the trained model, so a corrected
translation is live after a restart of `bot/` with no retraining.
"""

from __future__ import annotations

import logging
from typing import Any

from bot import metrics
from bot.content import SERVICES
from bot.language_policy import choose_for_message
from bot.languages import direction, is_supported
from bot.texts import RENDERERS, Context, render

log = logging.getLogger(__name__)
HANDOFF_STARTED = frozenset({"utter_handoff_waiting", "utter_handoff_offline"})
FORGET = "utter_forgetting"


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


FALLBACK_RESPONSES = frozenset({"utter_default", "utter_fallback_offer", "utter_out_of_scope"})
REFUSALS = frozenset({"person", "address", "user"})  # bot/booking/store.py TooMany


def known_service(value: Any) -> str:
    """A metric label from a fixed set: label values never come from a request as they are."""
    return str(value) if value in SERVICES else "unknown"


def count(name: str, lang: str, arguments: dict[str, Any]) -> None:
    """Metrics that the answers themselves tell (numbers only, no content)."""
    if name in FALLBACK_RESPONSES:
        metrics.FALLBACKS.labels(lang).inc()
    elif name == "utter_booking_done":
        appointment = arguments.get("appointment")
        service = appointment.get("service") if isinstance(appointment, dict) else None
        metrics.BOOKINGS.labels(known_service(service), "user").inc()
    elif name in HANDOFF_STARTED:
        metrics.HANDOFFS.labels(known_service(arguments.get("service"))).inc()
    elif name == "utter_booking_too_many":  # the action server refused a booking at a limit
        reason = arguments.get("reason")
        metrics.BOOKINGS_REFUSED.labels(reason if reason in REFUSALS else "person").inc()


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
    ctx = Context(
        lang=lang,
        slots=tracker.get("slots") or {},
        conversation_id=str(tracker.get("sender_id") or ""),
        entities=latest_entities(tracker),
        arguments=body.get("arguments") or {},
    )
    if name not in RENDERERS:
        log.error("no renderer for response %s", name)
        name = "utter_default"
    reply = render(name, ctx)
    count(name, lang, ctx.arguments)
    answer: dict[str, Any] = {
        "text": reply.text,
        "buttons": [button.as_dict() for button in reply.buttons],
        "language": lang,
        "direction": direction(lang),
    }
    if name in HANDOFF_STARTED:  # tells `bot/` to report the handoff state with the turn
        answer["handoff"] = True
    if name == FORGET:  # tells `bot/` to delete the conversation's data after this turn
        answer["forget"] = True
    if reply.attachment is not None:
        answer["attachment"] = reply.attachment.as_dict()
    if reply.venue is not None:
        answer["venue"] = reply.venue.as_dict()
    return answer
