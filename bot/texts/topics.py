"""The topics of the three services: permits, protection, jobs, courses, volunteering.

Why a table: most topic answers are one text about one service, with the legal note
where it applies and the next steps (appointment, what to bring, a person); they are
`Topic` rows. Answers that take facts from the content file (dates, numbers, a
person's name, the next job fair) are functions below the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.booking.calendar import calendar_config
from bot.language.i18n import fmt_date, fmt_number
from bot.texts.common import fact_date, paragraphs, topic_reply
from bot.texts.labels import N_, concern_label, document_label, service_name
from bot.texts.reply import Button, Context, Renderer, Reply, payload
from bot.texts.situation import benefits, residence_permit, work_permit


@dataclass(frozen=True)
class Topic:
    """One text (a msgid marked with N_) about `service`; `links` fill its placeholders
    from content facts (placeholder -> fact key)."""

    service: str
    text: str
    legal: bool = False
    documents: bool = False
    links: dict[str, str] = field(default_factory=dict)

    def __call__(self, ctx: Context) -> Reply:
        facts = {name: ctx.facts.fact(key) for name, key in self.links.items()}
        text = ctx._(self.text, **facts)
        return topic_reply(ctx, self.service, text, legal=self.legal, documents=self.documents)


TOPICS: dict[str, Topic] = {
    # --- foreigners' office ---
    "utter_residence_permit": Topic(
        "foreigners_office",
        N_(
            "Residence permits are issued and extended by the foreigners' office "
            "(Ausländerbehörde). Apply for the extension in good time, several weeks before "
            "your permit expires. If you apply before it expires, your permit usually stays "
            "valid until the decision, and you receive a certificate for this "
            "(Fiktionsbescheinigung)."
        ),
        legal=True,
        documents=True,
    ),
    "utter_work_permit": Topic(
        "foreigners_office",
        N_(
            "Whether you may work is written on your residence document (for example "
            '"Erwerbstätigkeit erlaubt"). If it says that work needs permission, the '
            "foreigners' office decides – usually for a concrete job offer. The "
            "Migrationszentrum helps you find a job."
        ),
        legal=True,
    ),
    "utter_family_reunification": Topic(
        "foreigners_office",
        N_(
            "Spouses and minor children can often join a family member who lives in Germany. "
            "They usually apply for a family reunification visa at the German embassy or "
            "consulate in their country. The rules depend a lot on your own residence status "
            "– for people with subsidiary protection, family reunification is currently "
            "suspended except for hardship cases. The foreigners' office advises you on your "
            "case."
        ),
        legal=True,
    ),
    # --- Migrationszentrum ---
    "utter_job_search": Topic(
        "migration_centre",
        N_(
            "The Migrationszentrum of MaßArbeit helps you find a job, whatever your residence "
            "status: advice, job offers, applications and contacts with employers in the "
            "region. Whether your residence document allows you to work is decided by the "
            "foreigners' office."
        ),
    ),
    "utter_recognition": Topic(
        "migration_centre",
        N_(
            "Many foreign degrees and vocational qualifications can be recognised in Germany; "
            "for some professions, such as doctor, nurse or teacher, recognition is required. "
            "The Migrationszentrum advises you and helps with the application. Official "
            "information: {url}"
        ),
        links={"url": "official_links.recognition_portal"},
    ),
    "utter_language_course": Topic(
        "migration_centre",
        N_(
            "The Migrationszentrum advises you which German course fits you and whether you "
            "can join an integration course of the Federal Office for Migration and Refugees "
            "(BAMF). Information: {url}"
        ),
        links={"url": "official_links.integration_courses"},
    ),
    "utter_apprenticeship": Topic(
        "migration_centre",
        N_(
            "An apprenticeship (Ausbildung) combines paid work in a company with vocational "
            "school and usually takes two to three and a half years. The Migrationszentrum "
            "helps you find a place and prepare for it. Whether your residence status allows "
            "it is decided by the foreigners' office."
        ),
    ),
    "utter_benefits": Topic(
        "migration_centre",
        N_(
            "In the Landkreis Osnabrück, MaßArbeit – the municipal job centre – is responsible "
            "for basic income support for jobseekers (Bürgergeld/Grundsicherung). Whether you "
            "can receive it depends on your residence status; people in the asylum procedure "
            "receive benefits under the Asylum Seekers' Benefits Act instead. The "
            "Migrationszentrum advises you and tells you where to apply."
        ),
        legal=True,
    ),
    # --- integration commissioner ---
    "utter_volunteering": Topic(
        "integration_commissioner",
        N_(
            "Great that you want to get involved! The integration commissioner connects "
            "volunteers, mentors and associations in the district – people who want to help "
            "as well as newcomers looking for a mentor. Ask the integration commissioner's "
            "office about current projects."
        ),
    ),
    "utter_discrimination": Topic(
        "integration_commissioner",
        N_(
            "I am sorry this happened to you. The integration commissioner of the district "
            "listens to you and helps with discrimination and complaints. Independent advice "
            "is also offered by the Federal Anti-Discrimination Agency: {url}. If you are "
            "threatened or attacked, call the police: 110."
        ),
        links={"url": "official_links.anti_discrimination_agency"},
    ),
}


def temporary_protection(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "People who fled the war in Ukraine can receive a residence permit for temporary "
        "protection (§ 24 Residence Act). The EU has extended temporary protection until "
        "{until}. With this permit you may work. The foreigners' office issues and extends "
        "it; the Migrationszentrum helps with work and language courses.",
        until=fact_date(ctx, "law.temporary_protection_until"),
    )
    link = str(ctx.facts.fact("official_links.germany4ukraine"))
    return topic_reply(ctx, "foreigners_office", text, link, legal=True, documents=True)


def naturalization(ctx: Context) -> Reply:
    facts = ctx.facts
    text = ctx._(
        "You can usually apply for German citizenship after {years} years of legal residence "
        "in Germany if you can support yourself without social benefits (with some "
        "exceptions), speak German at level {level}, pass the naturalisation test and commit "
        "to the free democratic basic order. Since {since} you generally do not have to give "
        "up your previous citizenship. In the Landkreis Osnabrück, the foreigners' office "
        "handles applications.",
        years=fmt_number(facts.fact("law.naturalisation_min_years"), ctx.lang),
        level=facts.fact("law.naturalisation_language_level"),
        since=fact_date(ctx, "law.multiple_citizenship_allowed_since"),
    )
    return topic_reply(ctx, "foreigners_office", text, legal=True, documents=True)


def required_documents(ctx: Context) -> Reply:
    """For the topic of the conversation (slot `topic`): its concern's list from the
    calendar, with next steps at that concern's service; otherwise the usual list."""
    topical = topic_documents(ctx)
    if topical is not None:
        return topical
    text = ctx._(
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


def topic_documents(ctx: Context) -> Reply | None:
    """What to bring for the concern of the last topic, unless another service is named now."""
    config = calendar_config()
    found = config.concern_for_intent(ctx.slots.get("topic"))
    if found is None or ctx.entities.get("service") not in (None, found[0]):
        return None
    service, key = found
    concern = config.concern(service, key)
    bring = concern.bring if concern else ()
    _ = ctx._
    label = concern_label(ctx, key)
    if bring:
        text = _(
            "For “{concern}” at the {service}, please bring:",
            concern=label,
            service=service_name(ctx, service),
        )
        text += "\n" + "\n".join(f"• {document_label(ctx, doc)}" for doc in bring)
        text = paragraphs(text, _("The office tells you the exact list for your case."))
    else:
        text = _(
            "For “{concern}” you usually do not need any documents. If you received a "
            "letter about it, bring it with you.",
            concern=label,
        )
    book = payload("book_appointment", service=service, booking_concern=key)
    human = payload("request_human", service=service)
    return Reply(
        text, [Button(_("Book an appointment"), book), Button(_("Talk to a person"), human)]
    )


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


def interpreter(ctx: Context) -> Reply:
    """Honest about what we do not know: the content file says nothing about interpreters."""
    _ = ctx._
    text = _(
        "I do not know whether someone at the office speaks your language or whether the "
        "office can arrange an interpreter for your appointment – please ask the office.\n\n"
        "You can bring someone you trust to translate for you.\n\n"
        "When you book an appointment or talk to a person, say which language you speak."
    )
    service = ctx.service()
    book = payload("book_appointment", service=service) if service else payload("book_appointment")
    human = payload("request_human", service=service) if service else payload("request_human")
    return Reply(
        text, [Button(_("Book an appointment"), book), Button(_("Talk to a person"), human)]
    )


RENDERERS: dict[str, Renderer] = {
    **TOPICS,
    "utter_temporary_protection": temporary_protection,
    # variants by the person's situation (bot/texts/situation.py)
    "utter_work_permit": work_permit(TOPICS["utter_work_permit"], temporary_protection),
    "utter_residence_permit": residence_permit(
        TOPICS["utter_residence_permit"], temporary_protection
    ),
    "utter_benefits": benefits(TOPICS["utter_benefits"]),
    "utter_naturalization": naturalization,
    "utter_required_documents": required_documents,
    "utter_job_fair": job_fair,
    "utter_integration_commissioner": integration_commissioner,
    "utter_events": events,
    "utter_interpreter": interpreter,
}
