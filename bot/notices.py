"""Messages that reach a user outside a turn (outbox), rendered once for every channel.

Why one renderer: a waiting-list notice or a staff member's reply must read the
same on the web chat (server-sent events) and on Telegram.
"""

from __future__ import annotations

from typing import Any

from bot.db.outbox import Notice
from bot.language.supported import direction
from bot.texts import Context, render
from bot.texts.handoff import staff_label


def notice_message(notice: Notice) -> dict[str, Any]:
    """A notice as a chat message; staff messages carry `sender: staff` and a label."""
    ctx = Context(
        lang=notice.language, conversation_id=notice.conversation_id, arguments=notice.arguments
    )
    reply = render(f"utter_{notice.kind}", ctx)
    message: dict[str, Any] = {
        "text": reply.text,
        "buttons": [b.as_dict() for b in reply.buttons],
        "language": notice.language,
        "direction": direction(notice.language),
    }
    if reply.attachment is not None:
        message["attachment"] = reply.attachment.as_dict()
    if notice.kind in ("handoff_claimed", "handoff_closed"):  # the widget's staff bar follows
        message["handoff"] = "claimed" if notice.kind == "handoff_claimed" else "closed"
    if notice.kind == "handoff_transferred":  # in another service's queue: waiting again
        message["handoff"] = "waiting"
    if notice.kind == "staff_message":
        message["sender"] = "staff"
        message["label"] = staff_label(ctx, str(notice.arguments.get("service") or ""))
    return message
