"""How a queue entry, a handoff and a message look to one staff member: the dicts that
the pages render, the JSON API returns and the live updates send.

Why one module: the pages, `/staff/api/...` and the event stream must show the same
fields in the viewer's language; the labels themselves come from bot/staff/ui.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.handoff.store import Handoff, Message, QueueItem
from bot.staff import ui
from bot.staff.accounts import Staff


def conversation_url(handoff_id: int) -> str:
    return f"/staff/conversations/{handoff_id}"


def queue_row(item: QueueItem, viewer: Staff, now: datetime) -> dict[str, Any]:
    h, lang = item.handoff, viewer.ui_language
    return {
        "id": h.id,
        "service": h.service,
        "service_label": ui.service_label(h.service, lang),
        "status": h.status,
        "mine": h.claimed_by == viewer.id,
        "claimed_by": item.claimed_by_name,
        "language": h.language,
        "language_label": ui.language_label(h.language, lang),
        "topic_label": ui.topic_label(h.topic, lang),
        "channel_label": ui.channel_label(h.channel, lang),
        "offline": h.offline,
        "waiting": ui.waited(h.requested_at, now, lang),
        "waiting_seconds": int((now - h.requested_at).total_seconds()),
        "unread": item.unread,
        "url": conversation_url(h.id),
    }


def handoff_view(handoff: Handoff, viewer: Staff, names: dict[int, str]) -> dict[str, Any]:
    lang = viewer.ui_language
    return {
        "id": handoff.id,
        "status": handoff.status,
        "service": handoff.service,
        "service_label": ui.service_label(handoff.service, lang),
        "language": handoff.language,
        "language_label": ui.language_label(handoff.language, lang),
        "topic_label": ui.topic_label(handoff.topic, lang),
        "channel_label": ui.channel_label(handoff.channel, lang),
        "requested": ui.moment(handoff.requested_at, lang),
        "offline": handoff.offline,
        "claimed_by": names.get(handoff.claimed_by or 0),
        "mine": handoff.claimed_by == viewer.id,
        "rtl": handoff.language in ("ar", "fa"),
    }


def message_row(message: Message, viewer: Staff, names: dict[int, str]) -> dict[str, Any]:
    lang = viewer.ui_language
    return {
        "id": message.id,
        "sender": message.sender,
        "staff_name": names.get(message.staff_id or 0),
        "text": message.text,
        "original": message.original if message.sender == "staff" else None,
        "language": message.language,
        "language_label": ui.language_label(message.language, lang) if message.language else None,
        "at": ui.moment(message.created_at, lang),
        "system": system_text(message, viewer, names) if message.sender == "system" else None,
    }


def system_text(message: Message, viewer: Staff, names: dict[int, str]) -> str:
    """A line the console wrote into the conversation (took over, gave back, booked)."""
    t = ui.gettext(viewer.ui_language)
    who = names.get(message.staff_id or 0, "–")
    if message.text == "claimed":
        return t("{name} took over the conversation.", name=who)
    if message.text == "closed_by_staff":
        return t("{name} gave the conversation back to the assistant.", name=who)
    if message.text == "closed_by_user":
        return t("The person went back to the assistant.")
    if message.text == "transferred":
        moved = _details(message)
        return t(
            "Passed on from {source} to {target} by {name}.",
            source=ui.service_label(str(moved.get("from") or ""), viewer.ui_language),
            target=ui.service_label(str(moved.get("to") or ""), viewer.ui_language),
            name=who,
        )
    if message.text == "staff_booked":
        appointment = _details(message).get("appointment") or {}
        start = appointment.get("starts_at")
        when = ui.moment(datetime.fromisoformat(start), viewer.ui_language) if start else "–"
        return t(
            "{name} booked an appointment: {reference}, {when}.",
            name=who,
            reference=appointment.get("reference", "–"),
            when=when,
        )
    return message.text


def _details(message: Message) -> dict[str, Any]:
    """The arguments a system line carries as JSON in `original` ({} when there are none)."""
    try:
        found: dict[str, Any] = json.loads(message.original) if message.original else {}
    except ValueError:
        return {}
    return found
