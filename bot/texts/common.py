"""Pieces many answers share: paragraphs, the legal note, next steps, moments, links.

Why here: an answer is composed of these, so a next-step button or the
"not legal advice" note reads the same in every answer that has one.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.booking.calendar import calendar_config
from bot.content import SERVICES
from bot.language.i18n import fmt_date, fmt_day, fmt_time
from bot.texts.labels import service_title
from bot.texts.reply import Button, Context, Reply, payload


def fact_date(ctx: Context, key: str) -> str:
    """A dated fact of the content file (ISO date), written for the person's language."""
    value = ctx.facts.fact(key)
    return fmt_date(date.fromisoformat(str(value)), ctx.lang) if value else ""


def paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def service_buttons(ctx: Context, intent: str = "ask_services_overview") -> list[Button]:
    """One button a service, each sending `intent` about it."""
    return [Button(service_title(ctx, name), payload(intent, service=name)) for name in SERVICES]


def next_steps(ctx: Context, service: str, documents: bool = False) -> list[Button]:
    """The useful next step after an answer: appointment, what to bring, a person."""
    _ = ctx._
    buttons = [Button(_("Book an appointment"), payload("book_appointment", service=service))]
    if documents:
        buttons.append(Button(_("What to bring"), payload("ask_required_documents")))
    buttons.append(Button(_("Talk to a person"), payload("request_human", service=service)))
    return buttons


def legal_note(ctx: Context) -> str:
    return ctx._("This is general information, not legal advice.")


def topic_reply(
    ctx: Context, service: str, *parts: str, legal: bool = False, documents: bool = False
) -> Reply:
    """An answer about one topic: its text, the legal note where it applies, next steps."""
    notes = (legal_note(ctx),) if legal else ()
    return Reply(paragraphs(*parts, *notes), next_steps(ctx, service, documents=documents))


def ask_at_office(ctx: Context) -> str:
    return ctx._("Please ask at the office in the Kreishaus.")


def website_of(ctx: Context, service: str | None) -> str:
    site = ctx.facts.service_fact(service, "website") if service else None
    return str(site or ctx.facts.fact("kreishaus.website"))


def when(ctx: Context, moment: datetime, *, short: bool = False) -> str:
    """A UTC moment as the user's locale writes it, on the Kreishaus clock."""
    local = calendar_config().local(moment)
    return ctx._(
        "{day}, {time}",
        day=fmt_day(local.date(), ctx.lang, short=short),
        time=fmt_time(local.time(), ctx.lang),
    )
