"""What the user reads about a handoff: queue, offline hours, a person joining, leaving.

Rendered like every other response (Rasa's NLG or the outbox), from the catalogs;
the buttons' `/bot` commands are bot/commands.py's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_timedelta

from bot.commands import LEAVE, LEAVE_AND_BOOK
from bot.handoff.hours import staffed_hours
from bot.language.i18n import babel_locale, fmt_number, native_digits
from bot.texts.common import paragraphs, service_buttons, when
from bot.texts.labels import office
from bot.texts.reply import Button, Context, Renderer, Reply


def back_button(ctx: Context) -> Button:
    return Button(ctx._("Back to the assistant"), LEAVE)


def hours_notice(ctx: Context) -> str:
    if staffed_hours().status == "confirmed":
        return ""
    return ctx._(
        "Please note: the chat hours of the staff are an example and not yet confirmed by "
        "the office."
    )


def duration(ctx: Context, seconds: float) -> str:
    """ "about 5 minutes" in the user's language (Babel), at least one minute."""
    text = format_timedelta(
        timedelta(seconds=max(seconds, 60)),
        granularity="minute",
        threshold=1.5,
        locale=babel_locale(ctx.lang),
    )
    return native_digits(text, ctx.lang)


def ask_service(ctx: Context) -> Reply:
    return Reply(
        ctx._("Which service should a staff member come from?"),
        service_buttons(ctx, "request_human"),
    )


def waiting(ctx: Context) -> Reply:
    _ = ctx._
    service = str(ctx.arguments.get("service") or "")
    position = int(ctx.arguments.get("position") or 1)
    wait = ctx.arguments.get("wait_seconds")
    expected = (
        _("The expected wait is about {duration}.", duration=duration(ctx, float(wait)))
        if isinstance(wait, (int, float))
        else _("I cannot say yet how long it will take.")
    )
    text = paragraphs(
        _(
            "I have passed your conversation to the {service}. A staff member will answer you "
            "here in the chat.",
            service=office(ctx, service),
        ),
        _(
            "You are number {position} in the queue. {expected}",
            position=fmt_number(position, ctx.lang),
            expected=expected,
        ),
        _("From now on, everything you write goes to the staff member, not to me."),
        hours_notice(ctx),
    )
    return Reply(text, [back_button(ctx)])


def offline(ctx: Context) -> Reply:
    _ = ctx._
    service = str(ctx.arguments.get("service") or "")
    opens = ctx.arguments.get("opens_at")
    try:
        back = when(ctx, datetime.fromisoformat(str(opens))) if opens else ""
    except ValueError:
        back = ""
    answer = (
        _("A staff member will answer you here in the chat from {when}.", when=back)
        if back
        else _("A staff member will answer you here in the chat on the next working day.")
    )
    text = paragraphs(
        _(
            "Nobody from the {service} is in the chat right now. Your conversation is kept, "
            "and everything you write now is kept for the staff.",
            service=office(ctx, service),
        ),
        answer,
        _("If you prefer, you can book an appointment instead."),
        hours_notice(ctx),
    )
    return Reply(
        text,
        [Button(_("Book an appointment instead"), LEAVE_AND_BOOK), back_button(ctx)],
    )


def claimed(ctx: Context) -> Reply:
    _ = ctx._
    service = str(ctx.arguments.get("service") or "")
    return Reply(
        _(
            "A staff member of the {service} has joined the conversation.",
            service=office(ctx, service),
        )
    )


def transferred(ctx: Context) -> Reply:
    """Staff passed the conversation on to another service (`HandoffStore.transfer`)."""
    _ = ctx._
    service = str(ctx.arguments.get("service") or "")
    return Reply(
        _(
            "Your conversation was passed to the {service}, who can help with this. Please "
            "wait, someone will answer here.",
            service=office(ctx, service),
        ),
        [back_button(ctx)],
    )


def waiting_acknowledged(ctx: Context) -> Reply:
    """While waiting for staff: "your message is kept for staff", with the place in the
    queue (staff are in the chat) or when they are next there (outside chat hours).

    Arguments: `service`; `position` (an int, while staff are in the chat) or `opens_at`
    (ISO moment, when they are next there); neither: the next working day. Said by `bot/`
    itself (`HandoffRouter.acknowledgement`), not by Rasa."""
    _ = ctx._
    name = office(ctx, str(ctx.arguments.get("service") or ""))
    position = ctx.arguments.get("position")
    opens = ctx.arguments.get("opens_at")
    try:
        opens_at = datetime.fromisoformat(str(opens)) if opens else None
    except ValueError:
        opens_at = None
    if isinstance(position, int):
        text = _(
            "Thank you, I have passed your message on. A staff member of the {service} will "
            "read it and answer you here. You are number {position} in the queue.",
            service=name,
            position=fmt_number(position, ctx.lang),
        )
    elif opens_at is not None:
        text = _(
            "Thank you, your message is kept for the {service}. Nobody is in the chat right "
            "now; a staff member will read it and answer you here from {when}.",
            service=name,
            when=when(ctx, opens_at),
        )
    else:
        text = _(
            "Thank you, your message is kept for the {service}. Nobody is in the chat right "
            "now; a staff member will read it and answer you here on the next working day.",
            service=name,
        )
    return Reply(text, [back_button(ctx)])


def staff_message(ctx: Context) -> Reply:
    return Reply(str(ctx.arguments.get("text") or "…"))  # the text is the staff member's own


def staff_label(ctx: Context, service: str) -> str:
    return ctx._("Staff member, {service}", service=office(ctx, service))


def closed(ctx: Context) -> Reply:
    _ = ctx._
    return Reply(
        _(
            "The staff member has ended the conversation. You are talking to the assistant "
            "again. How can I help you?"
        )
    )


def left(ctx: Context) -> Reply:
    return Reply(ctx._("You have left the queue. You are talking to the assistant again."))


def not_active(ctx: Context) -> Reply:
    return Reply(ctx._("You are talking to the assistant. How can I help you?"))


RENDERERS: dict[str, Renderer] = {
    "utter_ask_handoff_service": ask_service,
    "utter_handoff_waiting": waiting,
    "utter_handoff_offline": offline,
    "utter_handoff_claimed": claimed,
    "utter_handoff_transferred": transferred,
    "utter_staff_message": staff_message,
    "utter_handoff_closed": closed,
    "utter_handoff_left": left,
    "utter_handoff_not_active": not_active,
    "utter_waiting_acknowledged": waiting_acknowledged,
}
