"""What a turn's answers tell the metrics: bookings, handoffs, refusals, fallbacks.

Why here, from the messages Rasa returns: the actions signal what they did
(bot/signals.py), so rendering stays rendering and every count has one place.
Fallbacks are counted by the response Rasa names (`utter_action`), because one of
them comes from Rasa's own `action_default_fallback`, which no action of ours marks.
Numbers only, and label values only from fixed sets: never a value from a message as it is.
"""

from __future__ import annotations

from typing import Any

from bot import metrics
from bot.content import SERVICES
from bot.language.supported import DEFAULT, is_supported
from bot.signals import BOOKED, BOOKING_REFUSED, HANDOFF, read

FALLBACK_RESPONSES = frozenset({"utter_default", "utter_fallback_offer", "utter_out_of_scope"})
REFUSALS = frozenset({"person", "address", "user"})  # bot/booking/store.py TooMany


def known_service(value: Any) -> str:
    """A metric label from a fixed set: label values never come from a request as they are."""
    return str(value) if value in SERVICES else "unknown"


def count(messages: list[dict[str, Any]]) -> None:
    """Count what the bot messages of one turn say happened."""
    for message in messages:
        if message.get("utter_action") in FALLBACK_RESPONSES:
            language = message.get("language")
            metrics.FALLBACKS.labels(str(language) if is_supported(language) else DEFAULT).inc()
        said = read(message)
        if said is None:
            continue
        if said.name == BOOKED:
            metrics.BOOKINGS.labels(known_service(said.service), "user").inc()
        elif said.name == HANDOFF:
            metrics.HANDOFFS.labels(known_service(said.service)).inc()
        elif said.name == BOOKING_REFUSED:
            reason = said.reason if said.reason in REFUSALS else "person"
            metrics.BOOKINGS_REFUSED.labels(reason).inc()
