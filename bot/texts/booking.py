"""What the assistant says while booking, showing, moving and cancelling appointments.

Why together: the booking form, the list of appointments, the notices about them and
the calendar file all describe an appointment the same way (service, concern, time,
place, what to bring; labels in bot/texts/labels.py). Times are shown on the
Kreishaus clock (Europe/Berlin) and formatted by Babel for the user's locale.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from urllib.parse import quote

from bot.booking.calendar import calendar_config
from bot.booking.ics import calendar_file
from bot.booking.store import Appointment
from bot.content import SERVICES
from bot.language.i18n import day_name, fmt_day, fmt_list, fmt_time
from bot.texts.common import ask_at_office, paragraphs, when
from bot.texts.labels import concern_label, document_label, office
from bot.texts.reply import Attachment, Button, Context, Renderer, Reply, payload
from bot.texts.services import contact_lines

STOP = "stop"


def place(ctx: Context, service: str) -> str:
    _ = ctx._
    if service not in SERVICES:
        return str(ctx.facts.fact("kreishaus.address"))
    kreishaus = _(
        "{name}, {address}",
        name=ctx.facts.fact("kreishaus.name"),
        address=ctx.facts.fact("kreishaus.address"),
    )
    room = ctx.facts.service_fact(service, "room")
    where = room or _("room: please ask at the entrance of the Kreishaus")
    return f"{kreishaus} ({where})"


def example_notice(ctx: Context) -> str:
    """Said once, in the summary before "yes": the hours are the district's example.

    Only what the product does: an office's cancellation reaches the chat
    (BookingStore.cancel_by_staff writes it to the outbox). Gone once the calendar is
    confirmed; never on the offers, the confirmation or the calendar file, so nobody
    doubts a booking they have just made."""
    if not calendar_config().is_example:
        return ""
    return ctx._(
        "Good to know: the office has not yet confirmed the appointment hours offered in "
        "this chat. If the office has to cancel your appointment, you will get a message "
        "here in this chat."
    )


def stop_button(ctx: Context) -> Button:
    return Button(ctx._("Stop booking"), payload(STOP))


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _service(ctx: Context) -> str:
    return str(
        ctx.slots.get("booking_service") or ctx.arguments.get("service") or ctx.service() or ""
    )


# --- the booking form ------------------------------------------------------------------------


def ask_service(ctx: Context) -> Reply:
    _ = ctx._
    buttons = [
        Button(office(ctx, name), payload("inform", service=name))
        for name in calendar_config().services
    ]
    return Reply(
        _("Which service would you like an appointment with?"), [*buttons, stop_button(ctx)]
    )


def ask_concern(ctx: Context) -> Reply:
    _ = ctx._
    service = _service(ctx)
    services = calendar_config().services
    concerns = services[service].concerns if service in services else {}
    buttons = [
        Button(concern_label(ctx, key), payload("inform", booking_concern=key)) for key in concerns
    ]
    text = _("What is the appointment at the {service} about?", service=office(ctx, service))
    return Reply(text, [*buttons, stop_button(ctx)])


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _open_days(ctx: Context, service: str) -> str:
    """The weekdays with opening hours in the calendar ("Monday, Tuesday and Thursday")."""
    cal = calendar_config().services.get(service)
    days = sorted(day for day, ranges in (cal.hours if cal else {}).items() if ranges)
    return fmt_list([day_name(day, ctx.lang) for day in days], ctx.lang)


def _hours_that_day(ctx: Context, service: str, day: date) -> str:
    """ "8:00 – 12:00 and 14:00 – 17:00" in the user's locale (as the opening hours answer)."""
    ranges = calendar_config().hours_on(service, day)
    return fmt_list(
        [f"{fmt_time(start, ctx.lang)} – {fmt_time(end, ctx.lang)}" for start, end in ranges],
        ctx.lang,
    )


def _wished_time(value: Any) -> time | None:
    try:
        return time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def ask_time(ctx: Context) -> Reply:
    _ = ctx._
    service = _service(ctx)
    offers = [m for m in (_moment(v) for v in ctx.arguments.get("slots") or []) if m]
    buttons = [
        Button(when(ctx, m, short=True), payload("inform", booking_time=m.isoformat()))
        for m in offers
    ]
    more_after = ctx.arguments.get("more_after")
    if more_after:
        buttons.append(Button(_("Later dates"), payload("inform", booking_page=str(more_after))))
    buttons.append(stop_button(ctx))
    closed_day = _day(ctx.arguments.get("closed_day"))
    hours_day = _day(ctx.arguments.get("hours_day"))
    wished = _wished_time(ctx.arguments.get("wished_time"))
    if closed_day is not None:
        intro = paragraphs(
            _(
                "The {service} is closed on {day}.",
                service=office(ctx, service),
                day=fmt_day(closed_day, ctx.lang),
            ),
            _("Open days: {days}. The nearest free times:", days=_open_days(ctx, service)),
        )
    elif hours_day is not None and wished is not None:
        intro = _(
            "The {service} is not open at {time}. Opening hours on {day}: {hours}. "
            "The nearest free times:",
            service=office(ctx, service),
            time=fmt_time(wished, ctx.lang),
            day=fmt_day(hours_day, ctx.lang),
            hours=_hours_that_day(ctx, service, hours_day),
        )
    elif (wished_day := _day(ctx.arguments.get("wished_day"))) is not None:
        intro = _(
            "Free times on {day} at the {service}:",
            day=fmt_day(wished_day, ctx.lang),
            service=office(ctx, service),
        )
    elif ctx.arguments.get("wish_missed"):
        intro = _(
            "That time is not free. The nearest free times at the {service}:",
            service=office(ctx, service),
        )
    else:
        intro = _("Free times at the {service}:", service=office(ctx, service))
    hint = _(
        "Choose a time, or write a day and time that suits you, for example “Tuesday morning”."
    )
    return Reply(paragraphs(intro, hint), buttons)


def no_slots(ctx: Context) -> Reply:
    _ = ctx._
    service = _service(ctx)
    if ctx.arguments.get("paged"):
        text = _("There are no later free times at the {service}.", service=office(ctx, service))
        first = [Button(_("Back to the first free times"), payload("inform", booking_page="start"))]
    else:
        text = _(
            "Sorry, there is no free time at the {service} for this in the next {weeks} weeks.",
            service=office(ctx, service),
            weeks=calendar_config().horizon_days // 7,
        )
        first = []
    offer = _("I can put you on the waiting list and tell you here as soon as a time becomes free.")
    buttons = [
        *first,
        Button(_("Put me on the waiting list"), payload("inform", booking_time="waitlist")),
        stop_button(ctx),
    ]
    return Reply(paragraphs(text, offer), buttons)


def ask_contact(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Would you like to leave your name and a phone number or e-mail address, so that the "
        "office can reach you about this appointment? This is optional: the booking works "
        "without it."
    )
    consent = _(
        "If you send them, you agree that the office uses them only for this appointment. "
        "They are deleted after the appointment, or earlier when you ask."
    )
    buttons = [
        Button(_("Continue without"), payload("inform", booking_contact="none")),
        stop_button(ctx),
    ]
    return Reply(paragraphs(text, consent), buttons)


def summary_lines(ctx: Context, service: str, concern: str, start: datetime | None) -> str:
    _ = ctx._
    lines = [
        _("Service: {service}", service=office(ctx, service)),
        _("Concern: {concern}", concern=concern_label(ctx, concern)),
    ]
    if start is not None:
        lines.append(_("When: {when}", when=when(ctx, start)))
    lines.append(_("Where: {place}", place=place(ctx, service)))
    return "\n".join(lines)


def bring_lines(ctx: Context, service: str, concern: str) -> str:
    spec = calendar_config().concern(service, concern)
    if spec is None or not spec.bring:
        return ""
    items = "\n".join(f"• {document_label(ctx, key)}" for key in spec.bring)
    return ctx._("Please bring:\n{items}", items=items)


def ask_confirmed(ctx: Context) -> Reply:
    _ = ctx._
    service = _service(ctx)
    concern = str(ctx.slots.get("booking_concern") or "")
    start = _moment(ctx.slots.get("booking_time"))
    contact = ctx.slots.get("booking_contact")
    parts = [summary_lines(ctx, service, concern, start), bring_lines(ctx, service, concern)]
    if contact and contact not in ("none", "keep"):
        parts.append(_("Contact for the office: {contact}", contact=contact))
    if ctx.slots.get("booking_moving"):
        parts.append(
            _(
                "Your appointment {reference} will be cancelled when you confirm.",
                reference=ctx.slots["booking_moving"],
            )
        )
    parts.append(example_notice(ctx))
    parts.append(_("Shall I book this appointment?"))
    buttons = [Button(_("Yes, book it"), payload("affirm")), Button(_("No"), payload("deny"))]
    return Reply(paragraphs(*parts), buttons)


def invalid(ctx: Context) -> Reply:
    _ = ctx._
    hints = {
        "booking_service": _("Please choose a service with one of the buttons."),
        "booking_concern": _(
            "Please choose what the appointment is about with one of the buttons."
        ),
        "booking_time": _(
            "I did not understand that time. Choose a time with a button, or write a day, "
            "for example “next Tuesday” or “3.12. at 10:00”."
        ),
        "booking_contact": _(
            "Please send a phone number or an e-mail address, or choose “Continue without”."
        ),
        "booking_confirmed": _(
            "Please answer yes or no. To change something, write what, for example "
            "“another time” or “another phone number”."
        ),
        "cancel_reference": _("Please choose the appointment with one of the buttons."),
        "cancel_confirmed": _("Please answer yes or no."),
    }
    slot = str(ctx.arguments.get("slot") or "")
    return Reply(hints.get(slot, _("Please choose one of the buttons.")))


def time_taken(ctx: Context) -> Reply:
    return Reply(ctx._("Sorry, that time has just been taken. Please choose another one."))


def ics_attachment(ctx: Context, reference: str) -> Attachment | None:
    if not ctx.conversation_id:
        return None
    url = (
        f"/api/v1/conversations/{quote(ctx.conversation_id, safe='')}"
        f"/appointments/{quote(reference, safe='')}.ics?language={ctx.lang}"
    )
    return Attachment(url, f"{reference}.ics", "text/calendar")


def booking_done(ctx: Context) -> Reply:
    _ = ctx._
    item = ctx.arguments.get("appointment") or {}
    reference = str(item.get("reference") or "")
    service, concern = str(item.get("service") or ""), str(item.get("concern") or "")
    start = _moment(item.get("starts_at"))
    if ctx.arguments.get("by_staff"):
        head = _("A staff member has booked an appointment for you.")
    elif ctx.arguments.get("moved"):
        head = _("Your appointment has been moved.")
    else:
        head = _("Your appointment is booked.")
    parts = [
        head,
        _("Booking reference: {reference}", reference=reference),
        summary_lines(ctx, service, concern, start),
        bring_lines(ctx, service, concern),
        _("The calendar file below adds the appointment to your phone's calendar."),
    ]
    buttons = [Button(_("My appointments"), payload("show_appointments"))]
    return Reply(paragraphs(*parts), buttons, ics_attachment(ctx, reference))


def too_many(ctx: Context) -> Reply:
    _ = ctx._
    if ctx.arguments.get("reason") == "address":  # many bookings from one connection
        named = ctx.arguments.get("service")
        service = str(named) if named in SERVICES else None
        text = _(
            "Many appointments have been booked from this internet connection recently, so "
            "I cannot book another one here. A staff member can help you: ask for a person "
            "here, or contact the office."
        )
        person = payload("request_human", service=service) if service else payload("request_human")
        return Reply(
            paragraphs(text, contact_lines(ctx, service)), [Button(_("Talk to a person"), person)]
        )
    text = _(
        "You have reached the limit of upcoming appointments in this chat ({count}). Please "
        "cancel one before you book another.",
        count=calendar_config().max_upcoming_per_person,
    )
    return Reply(text, [Button(_("My appointments"), payload("show_appointments"))])


def not_booked(ctx: Context) -> Reply:
    _ = ctx._
    return Reply(
        _("All right, nothing was booked."),
        [Button(_("Choose another time"), payload("book_appointment"))],
    )


def stopped(ctx: Context) -> Reply:
    _ = ctx._
    text = _("I have stopped the booking. Nothing was booked.")
    if ctx.arguments.get("moving"):
        text = paragraphs(text, _("Your existing appointment stays as it was."))
    return Reply(text, [Button(_("Book an appointment"), payload("book_appointment"))])


def waitlisted(ctx: Context) -> Reply:
    _ = ctx._
    service = str(ctx.arguments.get("service") or "")
    concern = str(ctx.arguments.get("concern") or "")
    text = _(
        "You are on the waiting list for “{concern}” at the {service}. When a time becomes "
        "free, I will tell you here in the chat.",
        concern=concern_label(ctx, concern),
        service=office(ctx, service),
    )
    return Reply(text)


def waitlist_slot_free(ctx: Context) -> Reply:
    _ = ctx._
    service = str(ctx.arguments.get("service") or "")
    concern = str(ctx.arguments.get("concern") or "")
    start = _moment(ctx.arguments.get("starts_at"))
    text = _(
        "Good news: a time has become free at the {service} for “{concern}”: {when}. It is not "
        "reserved for you, so please book soon.",
        service=office(ctx, service),
        concern=concern_label(ctx, concern),
        when=when(ctx, start) if start else "",
    )
    return Reply(
        text,
        [
            Button(
                _("Book now"), payload("book_appointment", service=service, booking_concern=concern)
            )
        ],
    )


def calendar_file_for(item: Appointment, lang: str) -> bytes:
    """The booking's .ics with its texts in the user's language (web link and Telegram)."""
    ctx = Context(lang=lang)
    summary = ctx._("Appointment: {service}", service=office(ctx, item.service))
    description = paragraphs(
        ctx._("Booking reference: {reference}", reference=item.reference),
        ctx._("Concern: {concern}", concern=concern_label(ctx, item.concern)),
        bring_lines(ctx, item.service, item.concern),
    )
    return calendar_file(item, summary, place(ctx, item.service), description)


# --- showing, moving and cancelling -------------------------------------------------------------


def appointment_line(ctx: Context, item: dict[str, Any]) -> str:
    start = _moment(item.get("starts_at"))
    return ctx._(
        "{reference}: {when}, {service} ({concern})",
        reference=item.get("reference"),
        when=when(ctx, start) if start else "",
        service=office(ctx, str(item.get("service"))),
        concern=concern_label(ctx, str(item.get("concern"))),
    )


def _items(ctx: Context) -> list[dict[str, Any]]:
    return [i for i in ctx.arguments.get("appointments") or [] if isinstance(i, dict)]


def appointments_list(ctx: Context) -> Reply:
    _ = ctx._
    items = _items(ctx)
    lines = "\n".join(f"• {appointment_line(ctx, item)}" for item in items)
    buttons: list[Button] = []
    for item in items:
        ref = str(item.get("reference"))
        buttons.append(
            Button(
                _("Move {reference}", reference=ref),
                payload("move_appointment", booking_reference=ref),
            )
        )
        buttons.append(
            Button(
                _("Cancel {reference}", reference=ref),
                payload("cancel_appointment", booking_reference=ref),
            )
        )
    buttons.append(Button(_("Book an appointment"), payload("book_appointment")))
    return Reply(paragraphs(_("Your upcoming appointments:"), lines), buttons)


def no_appointments(ctx: Context) -> Reply:
    _ = ctx._
    text = _("You have no upcoming appointments booked in this chat.")
    other = _(
        "Appointments you made by phone or letter are not shown here. {ask}", ask=ask_at_office(ctx)
    )
    return Reply(
        paragraphs(text, other), [Button(_("Book an appointment"), payload("book_appointment"))]
    )


def ask_which(ctx: Context) -> Reply:
    _ = ctx._
    moving = ctx.arguments.get("purpose") == "move"
    intent = "move_appointment" if moving else "inform"
    buttons = [
        Button(
            appointment_line(ctx, item),
            payload(intent, booking_reference=str(item.get("reference"))),
        )
        for item in _items(ctx)
    ]
    text = (
        _("Which appointment would you like to move?")
        if moving
        else _("Which appointment would you like to cancel?")
    )
    return Reply(text, [*buttons, stop_button(ctx)])


def ask_cancel_confirmed(ctx: Context) -> Reply:
    _ = ctx._
    item = ctx.arguments.get("appointment") or {}
    text = paragraphs(_("Do you want to cancel this appointment?"), appointment_line(ctx, item))
    return Reply(
        text,
        [Button(_("Yes, cancel it"), payload("affirm")), Button(_("No, keep it"), payload("deny"))],
    )


def cancelled(ctx: Context) -> Reply:
    _ = ctx._
    item = ctx.arguments.get("appointment") or {}
    text = _("Your appointment has been cancelled: {line}", line=appointment_line(ctx, item))
    return Reply(text, [Button(_("Book a new appointment"), payload("book_appointment"))])


def cancelled_by_office(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "The office had to cancel your appointment: {line}. We are sorry. Please book a new "
        "appointment.",
        line=appointment_line(ctx, ctx.arguments),
    )
    return Reply(text, [Button(_("Book a new appointment"), payload("book_appointment"))])


def accessibility(ctx: Context) -> Reply:
    """Asked inside the booking; the form asks its question again right after."""
    _ = ctx._
    known = ctx.facts.fact("kreishaus.accessibility")
    if known:
        text = _("Access to the Kreishaus: {access}", access=known)
    else:
        text = _(
            "I do not have confirmed information yet about step-free access to the Kreishaus "
            "(entrance, lift). Please ask the office before your visit, so that they can "
            "help you on the day:"
        )
    service = ctx.slots.get("booking_service")
    reach = contact_lines(ctx, str(service) if service in SERVICES else None)
    goes_on = _("Your booking goes on: please answer the question below.")
    return Reply(paragraphs(text, "" if known else reach, goes_on))


def kept(ctx: Context) -> Reply:
    return Reply(ctx._("All right, your appointment stays as it is."))


def move_started(ctx: Context) -> Reply:
    _ = ctx._
    item = ctx.arguments.get("appointment") or {}
    text = _(
        "Let us find a new time for {line}. Your current appointment stays until you confirm "
        "the new one.",
        line=appointment_line(ctx, item),
    )
    return Reply(text)


RENDERERS: dict[str, Renderer] = {
    "utter_ask_booking_service": ask_service,
    "utter_ask_booking_concern": ask_concern,
    "utter_ask_booking_time": ask_time,
    "utter_booking_no_slots": no_slots,
    "utter_ask_booking_contact": ask_contact,
    "utter_ask_booking_confirmed": ask_confirmed,
    "utter_booking_accessibility": accessibility,
    "utter_booking_invalid": invalid,
    "utter_booking_time_taken": time_taken,
    "utter_booking_done": booking_done,
    "utter_staff_booked": booking_done,
    "utter_booking_too_many": too_many,
    "utter_booking_not_booked": not_booked,
    "utter_booking_stopped": stopped,
    "utter_booking_waitlisted": waitlisted,
    "utter_waitlist_slot_free": waitlist_slot_free,
    "utter_appointments_list": appointments_list,
    "utter_no_appointments": no_appointments,
    "utter_ask_cancel_reference": ask_which,
    "utter_ask_move_reference": ask_which,
    "utter_ask_cancel_confirmed": ask_cancel_confirmed,
    "utter_appointment_cancelled": cancelled,
    "utter_cancelled_by_office": cancelled_by_office,
    "utter_appointment_kept": kept,
    "utter_move_started": move_started,
}
