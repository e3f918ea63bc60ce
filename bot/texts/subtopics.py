"""The specific questions newcomers really ask inside a topic (issue 17).

Why separate answers: "my card was stolen", "my permit has already expired", "what
does naturalisation cost" or "Kindergeld" each need their own facts and next step; the
general permit or benefits text answered them confidently and uselessly. The NLU
pipeline names the question (`rasa_ext.subtopics`, parse key `subtopic`),
action_answer_topic sends the answer named in `SUBTOPIC_ANSWERS`.

Facts (numbers, phone numbers, dates) come from the content files with their sources;
the legal statements are listed in docs/content-review.md.
"""

from __future__ import annotations

from bot.content import referrals
from bot.language.i18n import fmt_money, fmt_number
from bot.texts.common import fact_date, paragraphs, topic_reply
from bot.texts.reply import Button, Context, Renderer, Reply, payload
from bot.texts.situation import duldung, local

# The sub-topic (parse key `subtopic`) and the response that answers it.
SUBTOPIC_ANSWERS: dict[str, str] = {
    "lost_documents": "utter_lost_documents",
    "expired_permit": "utter_expired_permit",
    "duldung": "utter_duldung",
    "asylum": "utter_asylum",
    "residence_obligation": "utter_residence_obligation",
    "permanent_residence": "utter_permanent_residence",
    "family_benefits": "utter_family_benefits",
    "fees": "utter_fees",
    "appointment_companions": "utter_appointment_companions",
    "accessibility": "utter_accessibility",
    "leave_temporary_protection": "utter_leave_temporary_protection",
    "blue_card_family": "utter_blue_card_family",
    "regulated_profession": "utter_regulated_profession",
    "course_costs": "utter_course_costs",
}


def _referral_phone(key: str) -> str:
    return referrals()[key].phone or ""


def _switchboard(ctx: Context) -> str:
    return str(ctx.facts.fact("kreishaus.switchboard_phone") or "")


def _euros(ctx: Context, fact: str) -> str:
    return fmt_money(float(ctx.facts.fact(fact) or 0), ctx.lang)


def _person(ctx: Context, service: str) -> list[Button]:
    return [Button(ctx._("Talk to a person"), payload("request_human", service=service))]


def lost_documents(ctx: Context) -> Reply:
    text = ctx._(
        "If your residence card (eAT), your Duldung or another document from the foreigners' "
        "office was stolen, report the theft to the police first and keep their "
        "confirmation (police in Osnabrück: {police}). Lost or stolen: tell the foreigners' "
        "office right away – it has the card blocked and orders a new one; bring a biometric "
        "photo and the police confirmation. If the card's online ID function was switched "
        "on, have it blocked by phone at {hotline}. A lost passport is replaced by the "
        "embassy or consulate of your country.",
        police=_referral_phone("police"),
        hotline=ctx.facts.fact("official_links.eid_blocking_hotline") or "",
    )
    return local(ctx, topic_reply(ctx, "foreigners_office", text, documents=True))


def expired_permit(ctx: Context) -> Reply:
    text = ctx._(
        "Your permit has already expired? Contact the foreigners' office today and apply at "
        "once – by phone through the Kreishaus switchboard ({phone}) or in person; do not "
        "wait. Without a valid permit or a Fiktionsbescheinigung you may not be allowed to "
        "work or to travel: tell your employer and ask the office for a written "
        "confirmation of your application. If you applied before your permit expired, it "
        "usually counts as valid until the office decides (Fiktionsbescheinigung).",
        phone=_switchboard(ctx),
    )
    return local(ctx, topic_reply(ctx, "foreigners_office", text, legal=True, documents=True))


def asylum(ctx: Context) -> Reply:
    text = ctx._(
        "Asylum applications are decided by the Federal Office for Migration and Refugees "
        "(BAMF), not by the district: questions about your interview or your file go to the "
        "BAMF ({url}). If you have received a rejection, act today: the deadline for a "
        "lawsuit at the administrative court is two weeks, and only one week if the "
        "application was rejected as “offensichtlich unbegründet” or as inadmissible. The "
        "deadline and the court are written at the end of the decision "
        "(Rechtsbehelfsbelehrung) and count from the day it was delivered. Take the letter "
        "today to a lawyer or to a free refugee advice service, for example the Caritas "
        "migration advice in Osnabrück or the Flüchtlingsrat Niedersachsen ({phone}).",
        url=ctx.facts.fact("official_links.bamf") or "",
        phone=_referral_phone("refugee_council"),
    )
    return topic_reply(ctx, "foreigners_office", text, legal=True)


def residence_obligation(ctx: Context) -> Reply:
    text = ctx._(
        "A Wohnsitzauflage (residence obligation) says in which federal state, district or "
        "town you must live; it is written on your residence document or on an extra sheet. "
        "Do not move before it has been changed: the foreigners' office of the place where "
        "you live now can lift or change it, for example for a job with social insurance, "
        "a vocational training or studies, or to live with your spouse or minor children. "
        "Bring proof, such as the employment or training contract, to your application."
    )
    return local(ctx, topic_reply(ctx, "foreigners_office", text, legal=True))


def permanent_residence(ctx: Context) -> Reply:
    text = ctx._(
        "A Niederlassungserlaubnis is a permanent residence permit. As a rule you can get it "
        "after {years} years with a residence permit if you earn your living without social "
        "benefits, have paid at least {months} months of contributions to the statutory "
        "pension insurance, speak German at level {level}, know the basics of the legal and "
        "social order in Germany and have enough living space. There are shorter routes, for "
        "example for holders of an EU Blue Card, skilled workers and recognised refugees; "
        "the foreigners' office checks which applies to you. Apply there in good time before "
        "your current permit expires.",
        years=fmt_number(5, ctx.lang),
        months=fmt_number(60, ctx.lang),
        level=ctx.facts.fact("law.naturalisation_language_level") or "B1",
    )
    return local(ctx, topic_reply(ctx, "foreigners_office", text, legal=True, documents=True))


def family_benefits(ctx: Context) -> Reply:
    familienkasse = referrals()["familienkasse"]
    text = ctx._(
        "Kindergeld and the Kinderzuschlag are not paid by Komm Mit but by the Familienkasse "
        "of the Federal Employment Agency (Bundesagentur für Arbeit). You apply there, online "
        "or on paper; you need your own tax ID and your child's (Steuer-Identifikationsnummer). "
        "EU citizens and many people with a residence permit can receive Kindergeld; the "
        "Familienkasse checks whether your permit qualifies. The Familienkasse's free "
        "service number: {phone}. Online: {url}",
        phone=familienkasse.phone or "",
        url=familienkasse.url or "",
    )
    more = ctx._(
        "For Bürgergeld and other support, the Migrationszentrum advises you whatever your status."
    )
    return Reply(paragraphs(text, more), _person(ctx, "migration_centre"))


def fees(ctx: Context) -> Reply:
    text = ctx._(
        "Naturalisation costs {adult} per person; for a minor child who is naturalised "
        "together with a parent it is {child} (§ 38 Nationality Act). The fees for a "
        "residence permit, its extension, the card and a Fiktionsbescheinigung are set by "
        "the Residence Ordinance (Aufenthaltsverordnung); the foreigners' office tells you "
        "the exact amount for your case when you apply. If paying is hard for you, ask the "
        "office whether the fee can be reduced.",
        adult=_euros(ctx, "law.naturalisation_fee"),
        child=_euros(ctx, "law.naturalisation_fee_child"),
    )
    return local(ctx, topic_reply(ctx, "foreigners_office", text, legal=True))


def appointment_companions(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "You may bring a person you trust to your appointment, for example to translate for "
        "you. I do not know whether the office can arrange an interpreter or look after "
        "children – please ask when you book, or call the Kreishaus: {phone}. If you have to "
        "bring small children, say so when you book.",
        phone=_switchboard(ctx),
    )
    service = ctx.service() or "foreigners_office"
    buttons = [
        Button(_("Book an appointment"), payload("book_appointment", service=service)),
        *_person(ctx, service),
    ]
    return Reply(text, buttons)


def accessibility(ctx: Context) -> Reply:
    known = ctx.facts.fact("kreishaus.accessibility")
    if known:
        text = ctx._(
            "Access to the Kreishaus: {access} Questions before your visit: {phone}.",
            access=known,
            phone=_switchboard(ctx),
        )
    else:
        text = ctx._(
            "I do not have confirmed information yet about step-free access, lifts or parking "
            "at the Kreishaus ({address}). Please call the Kreishaus before your visit: "
            "{phone} – they can tell you how to get in and what help there is.",
            address=ctx.facts.fact("kreishaus.address") or "",
            phone=_switchboard(ctx),
        )
    return Reply(text, _person(ctx, ctx.service() or "foreigners_office"))


def leave_temporary_protection(ctx: Context) -> Reply:
    text = ctx._(
        "Your temporary protection (§ 24) is valid until {until} (decision of the EU). If you "
        "want to stay longer – for a job, a vocational training, studies or with your family "
        "– ask the foreigners' office in good time about another residence permit, for "
        "example as a skilled worker, for training or for studies. The new permit has its "
        "own conditions (for example a job offer, a recognised qualification or a secured "
        "income). The Migrationszentrum helps you with job search, recognition and training, "
        "which most of these permits need.",
        until=fact_date(ctx, "law.temporary_protection_until"),
    )
    return local(ctx, topic_reply(ctx, "foreigners_office", text, legal=True))


def blue_card_family(ctx: Context) -> Reply:
    text = ctx._(
        "The spouse and minor children of an EU Blue Card holder can join them in Germany. "
        "The spouse does not have to prove German skills before coming and may work in "
        "Germany. Family members usually apply for the visa at the German embassy or "
        "consulate in their country; once they live in the district, the foreigners' office "
        "here issues their residence permits."
    )
    return local(ctx, topic_reply(ctx, "foreigners_office", text, legal=True))


def regulated_profession(ctx: Context) -> Reply:
    text = ctx._(
        "Some professions may only be practised in Germany with a licence: for doctors the "
        "Approbation (or, for a limited time, a Berufserlaubnis). In Lower Saxony it is "
        "issued by the Niedersächsischer Zweckverband zur Approbationserteilung (NiZzA); "
        "usually you also need the medical language test (Fachsprachprüfung) and, if your "
        "training is not found equivalent, a knowledge test (Kenntnisprüfung). Nurses, "
        "pharmacists, teachers and other regulated professions also need a recognition "
        "before they work in the profession. The Anerkennungs-Finder names the office for "
        "your profession: {url}. The Migrationszentrum helps you with the application.",
        url=ctx.facts.fact("official_links.recognition_portal") or "",
    )
    return topic_reply(ctx, "migration_centre", text)


def course_costs(ctx: Context) -> Reply:
    text = ctx._(
        "In an integration course you usually pay {fee} per lesson (a general course with "
        "700 lessons: {total}). You can be exempted from paying, for example if you receive "
        "Bürgergeld, unemployment benefit or social assistance, or if you cannot afford it: "
        "apply for the exemption at the BAMF before the course starts – the course provider "
        "helps you. If you pass the course in time, you can get half of what you paid back. "
        "Some course providers offer childcare during the lessons, and there are special "
        "courses for parents and for women. The Migrationszentrum helps you find a course.",
        fee=_euros(ctx, "law.integration_course_fee_per_lesson"),
        total=_euros(ctx, "law.integration_course_fee_700"),
    )
    return topic_reply(ctx, "migration_centre", text)


RENDERERS: dict[str, Renderer] = {
    "utter_lost_documents": lost_documents,
    "utter_expired_permit": expired_permit,
    "utter_duldung": lambda ctx: local(ctx, duldung(ctx)),
    "utter_asylum": asylum,
    "utter_residence_obligation": residence_obligation,
    "utter_permanent_residence": permanent_residence,
    "utter_family_benefits": family_benefits,
    "utter_fees": fees,
    "utter_appointment_companions": appointment_companions,
    "utter_accessibility": accessibility,
    "utter_leave_temporary_protection": leave_temporary_protection,
    "utter_blue_card_family": blue_card_family,
    "utter_regulated_profession": regulated_profession,
    "utter_course_costs": course_costs,
}

# The topic each sub-topic belongs to: its service is the conversation's service after
# the answer ("a Termin, please" after the stolen card books at the foreigners' office).
SUBTOPIC_TOPICS: dict[str, str] = {
    "lost_documents": "ask_residence_permit",
    "expired_permit": "ask_residence_permit",
    "duldung": "ask_residence_permit",
    "asylum": "ask_residence_permit",
    "residence_obligation": "ask_residence_permit",
    "permanent_residence": "ask_residence_permit",
    "fees": "ask_residence_permit",
    "family_benefits": "ask_benefits",
    "leave_temporary_protection": "ask_temporary_protection",
    "blue_card_family": "ask_family_reunification",
    "regulated_profession": "ask_recognition",
    "course_costs": "ask_language_course",
}
