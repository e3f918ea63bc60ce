"""Deleting the user's data: the question, the moment of deleting, the confirmation.

Why apart: `bot/` deletes the data itself after the user confirmed (bot/forget.py)
and then renders `utter_data_deleted` with what was cancelled.
"""

from __future__ import annotations

from bot.language.i18n import fmt_list
from bot.texts.common import paragraphs
from bot.texts.reply import Button, Context, Renderer, Reply, payload


def delete_my_data(ctx: Context) -> Reply:
    _ = ctx._
    text = paragraphs(
        _("Shall I delete everything this chat has stored about you?"),
        _(
            "That is this conversation, your messages to staff, your places on waiting lists "
            "and your contact details. Upcoming appointments booked in this chat are "
            "cancelled. This cannot be undone."
        ),
    )
    yes = Button(_("Yes, delete everything"), payload("affirm"))
    no = Button(_("No, keep it"), payload("deny"))
    return Reply(text, [yes, no])


def forgetting(ctx: Context) -> Reply:
    """Uttered by action_answer_affirm; `bot/` deletes the data and answers instead."""
    return Reply(ctx._("Deleting your data …"))


def data_deleted(ctx: Context) -> Reply:
    _ = ctx._
    cancelled = ctx.arguments.get("cancelled") or []
    parts = [_("Done: everything this chat had stored about you has been deleted.")]
    if cancelled:
        parts.append(
            _(
                "These appointments have been cancelled: {references}.",
                references=fmt_list([str(r) for r in cancelled], ctx.lang),
            )
        )
    parts.append(
        _(
            "The messages shown in your chat app stay on your device until you delete them "
            "there. If you write again, a new conversation starts."
        )
    )
    return Reply(paragraphs(*parts))


RENDERERS: dict[str, Renderer] = {
    "utter_delete_my_data": delete_my_data,
    "utter_forgetting": forgetting,
    "utter_data_deleted": data_deleted,
}
