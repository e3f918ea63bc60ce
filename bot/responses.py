"""What the assistant says: one renderer per Rasa response name.

Why here and not in domain.yml: texts come from the Babel catalogs at run time
(Rasa calls our NLG endpoint), facts from the content file, so a text or a fact
is fixed without retraining. Every `_("...")` below is extracted by `make catalogs`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from bot.content import SERVICES, Content, content
from bot.i18n import Gettext, day_name, fmt_date, fmt_list, fmt_number, fmt_time, gettext_for
from bot.languages import NATIVE_NAMES, SUPPORTED


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Attachment:
    """A file the user can download (e.g. a booking's .ics), by a link of `bot/`."""

    url: str
    filename: str
    media_type: str

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "filename": self.filename, "type": self.media_type}


@dataclass(frozen=True)
class Venue:
    """A place a channel can show on a map (Telegram sends it as a venue)."""

    latitude: float
    longitude: float
    title: str
    address: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "latitude": self.latitude,
            "longitude": self.longitude,
            "title": self.title,
            "address": self.address,
        }


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Sequence[Button] = ()
    attachment: Attachment | None = None
    venue: Venue | None = None


@dataclass
class Context:
    """What a renderer may look at: language, slots, the latest entities, arguments."""

    lang: str
    slots: dict[str, Any] = field(default_factory=dict)
    conversation_id: str = ""
    entities: dict[str, str] = field(default_factory=dict)
    arguments: dict[str, Any] = field(default_factory=dict)
    facts: Content = field(default_factory=content)

    @property
    def _(self) -> Gettext:
        return gettext_for(self.lang)

    def service(self) -> str | None:
        """The service this turn is about: named now, else the topic of the conversation."""
        for candidate in (self.entities.get("service"), self.slots.get("service")):
            if candidate in SERVICES:
                return str(candidate)
        return None


Renderer = Callable[[Context], Reply]
RENDERERS: dict[str, Renderer] = {}


def response(*names: str) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        for name in names:
            RENDERERS[name] = func
        return func

    return register


def render(name: str, ctx: Context) -> Reply:
    return RENDERERS[name](ctx)


# --- shared pieces -------------------------------------------------------------------


def payload(intent: str, **entities: str) -> str:
    """A button payload Rasa understands without NLU: `/intent{"entity": "value"}`."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def service_name(ctx: Context, service: str) -> str:
    _ = ctx._
    names = {
        "foreigners_office": _("foreigners' office (Ausländerbehörde)"),
        "migration_centre": _("Migrationszentrum of MaßArbeit"),
        "integration_commissioner": _("integration commissioner (Integrationsbeauftragter)"),
    }
    return names[service]


def service_buttons(ctx: Context) -> list[Button]:
    _ = ctx._
    return [
        Button(
            _("Foreigners' office"), payload("ask_services_overview", service="foreigners_office")
        ),
        Button(
            _("Migrationszentrum"), payload("ask_services_overview", service="migration_centre")
        ),
        Button(
            _("Integration commissioner"),
            payload("ask_services_overview", service="integration_commissioner"),
        ),
    ]


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


def paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


# --- conversation ----------------------------------------------------------------------


@response("utter_greet")
def greet(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Hello! I am the Komm Mit assistant of the Landkreis Osnabrück. I answer questions "
        "about the three services in the Kreishaus: the foreigners' office, the "
        "Migrationszentrum and the integration commissioner. What can I help you with?"
    )
    return Reply(
        text, [*service_buttons(ctx), Button(_("Change language"), payload("change_language"))]
    )


@response("utter_goodbye")
def goodbye(ctx: Context) -> Reply:
    return Reply(ctx._("Goodbye and all the best! You can write to me again at any time."))


@response("utter_you_are_welcome")
def you_are_welcome(ctx: Context) -> Reply:
    return Reply(ctx._("You're welcome! Is there anything else I can help you with?"))


@response("utter_anything_else")
def anything_else(ctx: Context) -> Reply:
    _ = ctx._
    return Reply(_("All right. What else can I help you with?"), service_buttons(ctx))


@response("utter_bot_challenge")
def bot_challenge(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "I am an automated assistant (a chatbot), not a person. I give general information "
        "and show you where to go. If you would like to talk to a person, tell me."
    )
    return Reply(text, [Button(_("Talk to a person"), payload("request_human"))])


@response("utter_help")
def help_(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Write your question in your own words and in your own language, for example "
        '"I need an appointment" or "How do I extend my residence permit?". I tell you '
        "which service is responsible, what to bring and where to go. To change the "
        "language, write /language."
    )
    return Reply(
        text,
        [
            Button(_("All services"), payload("ask_services_overview")),
            Button(_("Change language"), payload("change_language")),
            Button(_("Talk to a person"), payload("request_human")),
        ],
    )


def language_buttons() -> list[Button]:
    """The supported languages by their native names, each switching the chat to it."""
    return [
        Button(NATIVE_NAMES[code], payload("change_language", language=code)) for code in SUPPORTED
    ]


@response("utter_choose_language")
def choose_language(ctx: Context) -> Reply:
    return Reply(ctx._("Which language would you like me to use?"), language_buttons())


@response("utter_language_changed")
def language_changed(ctx: Context) -> Reply:
    _ = ctx._
    if ctx.entities.get("language") not in NATIVE_NAMES:  # e.g. "can we speak French?"
        return Reply(
            _("Sorry, I cannot write in that language. Please choose one of these:"),
            language_buttons(),
        )
    return Reply(
        _("Okay, from now on I will write in English. How can I help you?"),
        service_buttons(ctx),
    )


@response("utter_out_of_scope")
def out_of_scope(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Sorry, I can only help with questions about the foreigners' office, the "
        "Migrationszentrum and the integration commissioner of the Landkreis Osnabrück."
    )
    return Reply(text, service_buttons(ctx))


@response("utter_default")
def default(ctx: Context) -> Reply:
    _ = ctx._
    return Reply(
        _(
            "Sorry, I did not understand that. Could you say it in other words? For example: "
            '"I need an appointment" or "Where is the foreigners\' office?"'
        )
    )


@response("utter_fallback_offer")
def fallback_offer(ctx: Context) -> Reply:
    _ = ctx._
    return Reply(
        _(
            "I'm sorry, I still did not understand you. Shall I pass you to a staff member? "
            "You can also book an appointment."
        ),
        [
            Button(_("Yes, talk to a person"), payload("affirm")),
            Button(_("Book an appointment"), payload("book_appointment")),
        ],
    )


# --- the three services in general -------------------------------------------------------


@response("utter_services_overview")
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
    topics = {
        "foreigners_office": [
            (_("Residence permit"), "ask_residence_permit"),
            (_("Work permit"), "ask_work_permit"),
            (_("Ukraine: protection"), "ask_temporary_protection"),
            (_("Family reunification"), "ask_family_reunification"),
            (_("Naturalisation"), "ask_naturalization"),
        ],
        "migration_centre": [
            (_("Find a job"), "ask_job_search"),
            (_("Apprenticeship"), "ask_apprenticeship"),
            (_("Recognition of qualifications"), "ask_recognition"),
            (_("German courses"), "ask_language_course"),
            (_("Job fair"), "ask_job_fair"),
        ],
        "integration_commissioner": [
            (_("Events"), "ask_events"),
            (_("Volunteering"), "ask_volunteering"),
            (_("Discrimination"), "ask_discrimination"),
            (_("About the commissioner"), "ask_integration_commissioner"),
        ],
    }
    buttons = [Button(title, payload(intent)) for title, intent in topics[service]]
    return Reply(texts[service], buttons)


@response("utter_location")
def location(ctx: Context) -> Reply:
    _ = ctx._
    facts = ctx.facts
    service = ctx.service()
    parts = [
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


@response("utter_opening_hours")
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


@response("utter_contact")
def contact(ctx: Context) -> Reply:
    _ = ctx._
    service = ctx.service()
    return Reply(
        paragraphs(_("How to reach Komm Mit:"), contact_lines(ctx, service)),
        [Button(_("Where is it?"), payload("ask_location"))],
    )


# --- foreigners' office ----------------------------------------------------------------


@response("utter_residence_permit")
def residence_permit(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Residence permits are issued and extended by the foreigners' office "
        "(Ausländerbehörde). Apply for the extension in good time, several weeks before your "
        "permit expires. If you apply before it expires, your permit usually stays valid "
        "until the decision, and you receive a certificate for this "
        "(Fiktionsbescheinigung)."
    )
    return topic_reply(ctx, "foreigners_office", text, legal=True, documents=True)


@response("utter_work_permit")
def work_permit(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Whether you may work is written on your residence document (for example "
        '"Erwerbstätigkeit erlaubt"). If it says that work needs permission, the '
        "foreigners' office decides – usually for a concrete job offer. The Migrationszentrum "
        "helps you find a job."
    )
    return topic_reply(ctx, "foreigners_office", text, legal=True)


@response("utter_temporary_protection")
def temporary_protection(ctx: Context) -> Reply:
    _ = ctx._
    until = ctx.facts.fact("law.temporary_protection_until")
    text = _(
        "People who fled the war in Ukraine can receive a residence permit for temporary "
        "protection (§ 24 Residence Act). The EU has extended temporary protection until "
        "{until}. With this permit you may work. The foreigners' office issues and extends "
        "it; the Migrationszentrum helps with work and language courses.",
        until=fmt_date(date.fromisoformat(until), ctx.lang),
    )
    link = str(ctx.facts.fact("official_links.germany4ukraine"))
    return topic_reply(ctx, "foreigners_office", text, link, legal=True, documents=True)


@response("utter_family_reunification")
def family_reunification(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Spouses and minor children can often join a family member who lives in Germany. "
        "They usually apply for a family reunification visa at the German embassy or "
        "consulate in their country. The rules depend a lot on your own residence status – "
        "for people with subsidiary protection, family reunification is currently suspended "
        "except for hardship cases. The foreigners' office advises you on your case."
    )
    return topic_reply(ctx, "foreigners_office", text, legal=True)


@response("utter_naturalization")
def naturalization(ctx: Context) -> Reply:
    _ = ctx._
    facts = ctx.facts
    text = _(
        "You can usually apply for German citizenship after {years} years of legal residence "
        "in Germany if you can support yourself without social benefits (with some "
        "exceptions), speak German at level {level}, pass the naturalisation test and commit "
        "to the free democratic basic order. Since {since} you generally do not have to give "
        "up your previous citizenship. In the Landkreis Osnabrück, the foreigners' office "
        "handles applications.",
        years=fmt_number(facts.fact("law.naturalisation_min_years"), ctx.lang),
        level=facts.fact("law.naturalisation_language_level"),
        since=fmt_date(
            date.fromisoformat(facts.fact("law.multiple_citizenship_allowed_since")), ctx.lang
        ),
    )
    return topic_reply(ctx, "foreigners_office", text, legal=True, documents=True)


@response("utter_required_documents")
def required_documents(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "What to bring depends on your concern; the office tells you the exact list. "
        "Usually needed:\n"
        "• your passport or other identity document\n"
        "• your current residence document, if you have one\n"
        "• a recent biometric passport photo\n"
        "• your registration certificate (Meldebescheinigung)\n"
        "• papers about work, income or benefits\n"
        "• for family matters: marriage and birth certificates with translations\n"
        "If you received a letter from the office, bring it with you."
    )
    return topic_reply(ctx, ctx.service() or "foreigners_office", text)


# --- Migrationszentrum -------------------------------------------------------------------


@response("utter_job_search")
def job_search(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "The Migrationszentrum of MaßArbeit helps you find a job, whatever your residence "
        "status: advice, job offers, applications and contacts with employers in the region. "
        "Whether your residence document allows you to work is decided by the foreigners' "
        "office."
    )
    return topic_reply(ctx, "migration_centre", text)


@response("utter_recognition")
def recognition(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Many foreign degrees and vocational qualifications can be recognised in Germany; for "
        "some professions, such as doctor, nurse or teacher, recognition is required. The "
        "Migrationszentrum advises you and helps with the application. Official information: "
        "{url}",
        url=ctx.facts.fact("official_links.recognition_portal"),
    )
    return topic_reply(ctx, "migration_centre", text)


@response("utter_language_course")
def language_course(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "The Migrationszentrum advises you which German course fits you and whether you can "
        "join an integration course of the Federal Office for Migration and Refugees (BAMF). "
        "Information: {url}",
        url=ctx.facts.fact("official_links.integration_courses"),
    )
    return topic_reply(ctx, "migration_centre", text)


@response("utter_apprenticeship")
def apprenticeship(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "An apprenticeship (Ausbildung) combines paid work in a company with vocational "
        "school and usually takes two to three and a half years. The Migrationszentrum helps "
        "you find a place and prepare for it. Whether your residence status allows it is "
        "decided by the foreigners' office."
    )
    return topic_reply(ctx, "migration_centre", text)


@response("utter_job_fair")
def job_fair(ctx: Context) -> Reply:
    _ = ctx._
    facts = ctx.facts
    text = _(
        "#JobsForYou is the job fair for newcomers in the Landkreis Osnabrück, organised by "
        "MaßArbeit. Earlier fairs took place in the Kreishaus and in Bad Laer."
    )
    next_date, next_place = facts.fact("job_fair.next_date"), facts.fact("job_fair.next_place")
    if next_date and next_place:
        upcoming = _(
            "The next fair: {date} in {place}.",
            date=fmt_date(date.fromisoformat(str(next_date)), ctx.lang),
            place=next_place,
        )
    else:
        upcoming = _(
            "I do not know the date of the next fair yet – please ask the Migrationszentrum."
        )
    return topic_reply(ctx, "migration_centre", text, upcoming)


@response("utter_benefits")
def benefits(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "In the Landkreis Osnabrück, MaßArbeit – the municipal job centre – is responsible for "
        "basic income support for jobseekers (Bürgergeld/Grundsicherung). Whether you can "
        "receive it depends on your residence status; people in the asylum procedure receive "
        "benefits under the Asylum Seekers' Benefits Act instead. The Migrationszentrum "
        "advises you and tells you where to apply."
    )
    return topic_reply(ctx, "migration_centre", text, legal=True)


# --- integration commissioner ------------------------------------------------------------


@response("utter_integration_commissioner")
def integration_commissioner(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "The integration commissioner (Integrationsbeauftragter) of the Landkreis Osnabrück "
        "looks after the district's integration concept, organises events, supports "
        "volunteers and networks of associations, and helps with discrimination."
    )
    person = ctx.facts.service_fact("integration_commissioner", "person_name")
    if person:
        text = paragraphs(text, _("The current integration commissioner is {name}.", name=person))
    return topic_reply(ctx, "integration_commissioner", text)


@response("utter_volunteering")
def volunteering(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "Great that you want to get involved! The integration commissioner connects "
        "volunteers, mentors and associations in the district – people who want to help as "
        "well as newcomers looking for a mentor. Ask the integration commissioner's office "
        "about current projects."
    )
    return topic_reply(ctx, "integration_commissioner", text)


@response("utter_events")
def events(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "The integration commissioner organises integration events and meetings in the district."
    )
    calendar = ctx.facts.fact("integration_events.calendar_url")
    if calendar:
        more = _("Current events: {url}", url=calendar)
    else:
        more = _(
            "I do not have a current list of events – please ask the integration "
            "commissioner's office."
        )
    return topic_reply(ctx, "integration_commissioner", text, more)


@response("utter_discrimination")
def discrimination(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "I am sorry this happened to you. The integration commissioner of the district "
        "listens to you and helps with discrimination and complaints. Independent advice is "
        "also offered by the Federal Anti-Discrimination Agency: {url}. If you are threatened "
        "or attacked, call the police: 110.",
        url=ctx.facts.fact("official_links.anti_discrimination_agency"),
    )
    return topic_reply(ctx, "integration_commissioner", text)


# --- actions that later issues build (appointments, deletion) -----------------------------


@response("utter_delete_my_data")
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
    return Reply(
        text,
        [
            Button(_("Yes, delete everything"), payload("affirm")),
            Button(_("No, keep it"), payload("deny")),
        ],
    )


@response("utter_forgetting")
def forgetting(ctx: Context) -> Reply:
    """Uttered by action_answer_affirm; `bot/` deletes the data and answers instead."""
    return Reply(ctx._("Deleting your data …"))


@response("utter_data_deleted")
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


# --- messages of the bot service itself (not Rasa responses) --------------------------------


def unsupported_language_text() -> str:
    """The same short notice in English and German, listing languages by native name."""
    names = ", ".join(NATIVE_NAMES.values())
    parts = []
    for lang in ("en", "de"):
        _ = gettext_for(lang)
        parts.append(_("Sorry, I can only write in these languages: {languages}.", languages=names))
    return "\n".join(parts)


def api_error_text(code: str, lang: str, **kwargs: Any) -> str:
    """Polite texts for the chat API's error answers."""
    _ = gettext_for(lang)
    texts: dict[str, Callable[[], str]] = {
        "empty": lambda: _("Please write a message."),
        "too_long": lambda: _(
            "Your message is too long. Please write at most {limit} characters.", **kwargs
        ),
        "invalid": lambda: _("I can only read text messages. Please write your question as text."),
        "unavailable": lambda: _(
            "Sorry, the assistant is not available right now. Please try again in a few minutes."
        ),
        "not_found": lambda: _("This appointment was not found in this conversation."),
        "unknown_conversation": lambda: _(
            "This conversation is not known here. Please reload the page to start a new one."
        ),
        "forbidden_origin": lambda: _("This chat cannot be used from this website."),
        "rate_limited": lambda: _(
            "You are sending messages very quickly. Please wait {seconds} seconds and try again.",
            **kwargs,
        ),
    }
    return texts[code]()
