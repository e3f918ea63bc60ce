"""The three services in general: what each does, where they are, hours, contact.

Why apart from the topics: these answers are built from the content file's facts
(address, rooms, hours, phone numbers), which change without a code change.
"""

from __future__ import annotations

from datetime import time

from bot.content import SERVICES
from bot.language.i18n import day_name, fmt_list, fmt_time
from bot.texts.common import paragraphs, service_buttons, website_of
from bot.texts.labels import service_name
from bot.texts.reply import Button, Context, Renderer, Reply, Venue, payload
from bot.texts.situation import registration_link, registration_office


def services_overview(ctx: Context) -> Reply:
    _ = ctx._
    service = ctx.entities.get("service")
    if service in SERVICES:
        return service_detail(ctx, str(service))
    text = _(
        '"Komm Mit – ankommen, beraten, teilhaben": three services of the Landkreis '
        "Osnabrück on one corridor of the Kreishaus:\n"
        "• Foreigners' office (Ausländerbehörde): residence and work permits, temporary "
        "protection, family reunification, naturalisation\n"
        "• Migrationszentrum of MaßArbeit: advice whatever your residence status, jobs, "
        "apprenticeships, recognition of qualifications, language courses\n"
        "• Integration commissioner: integration concept, events, volunteering, networks, "
        "help against discrimination\n"
        "Which one would you like to know more about?"
    )
    return Reply(text, service_buttons(ctx))


def service_detail(ctx: Context, service: str) -> Reply:
    _ = ctx._
    texts = {
        "foreigners_office": _(
            "The foreigners' office (Abteilung Integration/Ausländer) issues and extends "
            "residence and work permits, grants temporary protection, handles family "
            "reunification and naturalisation. What would you like to know?"
        ),
        "migration_centre": _(
            "The Migrationszentrum of MaßArbeit, the district's job centre, advises newcomers "
            "whatever their residence status: finding a job or an apprenticeship, recognition "
            "of qualifications, language courses and the #JobsForYou job fairs. What would "
            "you like to know?"
        ),
        "integration_commissioner": _(
            "The integration commissioner of the Landkreis Osnabrück is responsible for the "
            "district's integration concept, events, volunteering and networks, and helps "
            "against discrimination. What would you like to know?"
        ),
    }
    topics = [  # (service, button title, intent)
        ("foreigners_office", _("Residence permit"), "ask_residence_permit"),
        ("foreigners_office", _("Work permit"), "ask_work_permit"),
        ("foreigners_office", _("Ukraine: protection"), "ask_temporary_protection"),
        ("foreigners_office", _("Family reunification"), "ask_family_reunification"),
        ("foreigners_office", _("Naturalisation"), "ask_naturalization"),
        ("migration_centre", _("Find a job"), "ask_job_search"),
        ("migration_centre", _("Apprenticeship"), "ask_apprenticeship"),
        ("migration_centre", _("Recognition of qualifications"), "ask_recognition"),
        ("migration_centre", _("German courses"), "ask_language_course"),
        ("migration_centre", _("Job fair"), "ask_job_fair"),
        ("integration_commissioner", _("Events"), "ask_events"),
        ("integration_commissioner", _("Volunteering"), "ask_volunteering"),
        ("integration_commissioner", _("Discrimination"), "ask_discrimination"),
        ("integration_commissioner", _("About the commissioner"), "ask_integration_commissioner"),
    ]
    buttons = [Button(title, payload(intent)) for svc, title, intent in topics if svc == service]
    return Reply(texts[service], buttons)


def location(ctx: Context) -> Reply:
    _ = ctx._
    facts = ctx.facts
    service = ctx.service()
    parts = []
    if ctx.slots.get("residence_status") == "eu_citizen":
        # "where do I register my address?" from an EU citizen: not at the Kreishaus
        parts += [
            _(
                "As a citizen of the EU you register your address at {office}, not at the "
                "Kreishaus.",
                office=registration_office(ctx),
            ),
            registration_link(ctx),
        ]
    parts += [
        _(
            "All three Komm Mit services are in the Kreishaus, {address}. Map: {map_url}",
            address=facts.fact("kreishaus.address"),
            map_url=facts.fact("kreishaus.map_url"),
        )
    ]
    room = facts.service_fact(service, "room") if service else None
    if service and room:
        parts.append(
            _("The {service} is at: {room}.", service=service_name(ctx, service), room=room)
        )
    else:
        parts.append(_("In the Kreishaus, please ask at the reception for the way."))
    transport = facts.fact("kreishaus.public_transport")
    if transport:
        parts.append(_("By bus: {transport}", transport=transport))
    return Reply(
        paragraphs(*parts),
        [Button(_("Opening hours"), payload("ask_opening_hours"))],
        venue=kreishaus_venue(ctx),
    )


def kreishaus_venue(ctx: Context) -> Venue | None:
    """Only with confirmed coordinates: a wrong pin is worse than none."""
    coordinates = ctx.facts.fact("kreishaus.coordinates")
    if not coordinates:
        return None
    latitude, longitude = (float(x) for x in coordinates)
    return Venue(
        latitude,
        longitude,
        str(ctx.facts.fact("kreishaus.name")),
        str(ctx.facts.fact("kreishaus.address")),
    )


def hours_lines(ctx: Context, hours: list[dict[str, str]]) -> str:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    lines = []
    for entry in hours:
        start = fmt_time(_parse_time(entry["from"]), ctx.lang)
        end = fmt_time(_parse_time(entry["to"]), ctx.lang)
        lines.append(f"• {day_name(days.index(entry['day']), ctx.lang)}: {start} – {end}")
    return "\n".join(lines)


def _parse_time(value: str) -> time:
    hour, minute = (int(part) for part in value.split(":"))
    return time(hour, minute)


def opening_hours(ctx: Context) -> Reply:
    _ = ctx._
    service = ctx.service()
    services = [service] if service else list(SERVICES)
    parts = []
    for item in services:
        hours = ctx.facts.service_fact(item, "opening_hours")
        if hours:
            parts.append(
                _("Opening hours of the {service}:", service=service_name(ctx, item))
                + "\n"
                + hours_lines(ctx, hours)
            )
        else:
            parts.append(
                _(
                    "I do not have confirmed opening hours for the {service} yet. Please look "
                    "at {website} or ask at the office before you go.",
                    service=service_name(ctx, item),
                    website=website_of(ctx, item),
                )
            )
    return Reply(
        paragraphs(*parts), [Button(_("Book an appointment"), payload("book_appointment"))]
    )


def contact_lines(ctx: Context, service: str | None) -> str:
    _ = ctx._
    services = [service] if service else list(SERVICES)
    lines = []
    for item in services:
        phone = ctx.facts.service_fact(item, "phone")
        email = ctx.facts.service_fact(item, "email")
        name = service_name(ctx, item)
        if phone or email:
            known = fmt_list([str(value) for value in (phone, email) if value], ctx.lang)
            lines.append(_("{service}: {contact}", service=name, contact=known))
        elif switchboard := ctx.facts.fact("kreishaus.switchboard_phone"):
            lines.append(
                _(
                    "{service}: no direct phone number or e-mail address is confirmed yet. "
                    "The Kreishaus switchboard puts you through: {phone}. Website: {website}",
                    service=name,
                    phone=switchboard,
                    website=website_of(ctx, item),
                )
            )
        else:
            lines.append(
                _(
                    "{service}: I do not have a confirmed phone number or e-mail address yet. "
                    "Please ask at the office or look at {website}.",
                    service=name,
                    website=website_of(ctx, item),
                )
            )
    return "\n".join(f"• {line}" for line in lines)


def contact(ctx: Context) -> Reply:
    _ = ctx._
    service = ctx.service()
    return Reply(
        paragraphs(_("How to reach Komm Mit:"), contact_lines(ctx, service)),
        [Button(_("Where is it?"), payload("ask_location"))],
    )


RENDERERS: dict[str, Renderer] = {
    "utter_services_overview": services_overview,
    "utter_location": location,
    "utter_opening_hours": opening_hours,
    "utter_contact": contact,
}
