"""What the user reads about a handoff: queue, offline hours, a person joining, leaving.

Rendered like every other response (Rasa's NLG or the outbox), from the catalogs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_timedelta

from bot.booking.texts import office, when
from bot.handoff.hours import staffed_hours
from bot.i18n import babel_locale, fmt_number, native_digits
from bot.responses import Button, Context, Reply, paragraphs, payload, response

LEAVE = "/bot"
LEAVE_AND_BOOK = "/bot book"


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


@response("utter_ask_handoff_service")
def ask_service(ctx: Context) -> Reply:
    _ = ctx._
    return Reply(
        _("Which service should a staff member come from?"),
        [
            Button(_("Foreigners' office"), payload("request_human", service="foreigners_office")),
            Button(_("Migrationszentrum"), payload("request_human", service="migration_centre")),
            Button(
                _("Integration commissioner"),
                payload("request_human", service="integration_commissioner"),
            ),
        ],
    )


@response("utter_handoff_waiting")
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


@response("utter_handoff_offline")
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


@response("utter_handoff_claimed")
def claimed(ctx: Context) -> Reply:
    _ = ctx._
    service = str(ctx.arguments.get("service") or "")
    return Reply(
        _(
            "A staff member of the {service} has joined the conversation.",
            service=office(ctx, service),
        )
    )


@response("utter_staff_message")
def staff_message(ctx: Context) -> Reply:
    return Reply(str(ctx.arguments.get("text") or "…"))  # the text is the staff member's own


def staff_label(ctx: Context, service: str) -> str:
    return ctx._("Staff member, {service}", service=office(ctx, service))


@response("utter_handoff_closed")
def closed(ctx: Context) -> Reply:
    _ = ctx._
    return Reply(
        _(
            "The staff member has ended the conversation. You are talking to the assistant "
            "again. How can I help you?"
        )
    )


@response("utter_handoff_left")
def left(ctx: Context) -> Reply:
    return Reply(ctx._("You have left the queue. You are talking to the assistant again."))


@response("utter_handoff_not_active")
def not_active(ctx: Context) -> Reply:
    return Reply(ctx._("You are talking to the assistant. How can I help you?"))
