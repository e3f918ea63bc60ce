"""Who is talking: the conversation identity every booking is tied to.

Why the sender id and nothing else: it is what the channel authenticated (the
web chat's secret conversation id, later the Telegram user), so a booking
reference alone never lets anybody see or cancel someone else's appointment.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.booking.store import BookingStore, Who, booking_store
from bot.language.supported import DEFAULT, is_supported
from bot.web.client_key import kind_of


def who(tracker: Tracker) -> Who:
    metadata = tracker.latest_message.get("metadata") or {}
    language = tracker.get_slot("language")
    client = metadata.get("client")
    return Who(
        conversation_id=tracker.sender_id,
        channel=str(metadata.get("channel") or "web"),
        language=str(language) if is_supported(language) else DEFAULT,
        # the keyed hash of the address or channel user that `bot/` sent this message for
        client=client if isinstance(client, str) and kind_of(client) else None,
    )


def store() -> BookingStore:
    """The process's booking store (KOMM_MIT_DATABASE_URL or SQLite in var/)."""
    return booking_store()


def entity(tracker: Tracker, name: str) -> Any:
    """The latest value of an entity (button payloads carry their choice as entities)."""
    values = [
        e.get("value")
        for e in tracker.latest_message.get("entities", [])
        if e.get("entity") == name
    ]
    return values[-1] if values else None


def intent_of(tracker: Tracker) -> tuple[str | None, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)
