"""Answers that fit the person's situation: residence status and where they live (issue 17).

Why variants and not one text: an EU citizen needs neither a residence nor a work permit,
a person with a Duldung needs the Duldung's routes, not the Fiktionsbescheinigung, and a
person living in the city of Osnabrück goes to the city's own offices, not to the
Kreishaus. The situation comes from the slots `residence_status`, `residence_place`,
`residence_town` (actions/situation.py), or from the action's arguments in the turn that
sets them; without it the general answer is given.
"""

from __future__ import annotations

from bot.situation.places import Office, places
from bot.texts.clarify import INTENT_LABELS
from bot.texts.common import fact_date, legal_note, next_steps, paragraphs, topic_reply
from bot.texts.labels import N_
from bot.texts.reply import Button, Context, Renderer, Reply, payload

KEYS = ("residence_status", "residence_place", "residence_town")

STATUS_BUTTONS: tuple[tuple[str, str | None], ...] = (
    (N_("EU, EEA or Swiss citizen"), "eu_citizen"),
    (N_("From Ukraine (§ 24)"), "temporary_protection"),
    (N_("Asylum seeker (Aufenthaltsgestattung)"), "asylum_seeker"),
    (N_("Duldung"), "duldung"),
    (N_("Refugee or subsidiary protection"), "refugee"),
    (N_("Another residence permit"), "skilled_or_other_permit"),
    (N_("German citizen"), "german_citizen"),
    (N_("I don't know"), None),
)
PLACE_BUTTONS: tuple[tuple[str, str], ...] = (
    (N_("In the Landkreis Osnabrück"), "district"),
    (N_("In the city of Osnabrück"), "city_of_osnabrueck"),
    (N_("Somewhere else"), "elsewhere"),
)


def situation(ctx: Context, key: str) -> str | None:
    """A situation slot: as the action passed it this turn, else as the tracker has it."""
    value = ctx.arguments.get(key) or ctx.slots.get(key)
    return str(value) if value else None


def ask_situation(ctx: Context) -> Reply:
    """One short question with buttons; the button's payload sets the slot."""
    _ = ctx._
    if ctx.arguments.get("ask") == "place":
        buttons = [
            Button(_(label), payload("inform_situation", residence_place=value))
            for label, value in PLACE_BUTTONS
        ]
        return Reply(_("So I can name the right office: where do you live?"), buttons)
    buttons = [
        Button(
            _(label),
            payload("inform_situation", residence_status=value)
            if value
            else payload("inform_situation"),
        )
        for label, value in STATUS_BUTTONS
    ]
    return Reply(
        _(
            "So I can answer correctly: what is your residence status? "
            "I keep it only for this conversation."
        ),
        buttons,
    )


# --- the variants ------------------------------------------------------------------


def registration_office(ctx: Context) -> str:
    """Where the person registers their address, as precisely as the places file knows."""
    _ = ctx._
    known = places()
    if situation(ctx, "residence_place") == "city_of_osnabrueck":
        office = known.city_offices.get("registration_office")
        if office is not None and office.name:
            return office.name
        return _("the registration office (Bürgerbüro) of {town}", town="Stadt Osnabrück")
    town = known.registering(situation(ctx, "residence_town"))
    if town is None:
        return _("the registration office (Bürgerbüro) of your town or municipality")
    named = _("the registration office (Bürgerbüro) of {town}", town=town.name)
    return f"{named} ({town.town_hall})" if town.town_hall else named


def registration_link(ctx: Context) -> str:
    town = places().registering(situation(ctx, "residence_town"))
    if town is None or not town.registration_office_url:
        return ""
    return ctx._("More information: {url}", url=town.registration_office_url)


def eu_citizen(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "As a citizen of an EU country, Iceland, Liechtenstein, Norway or Switzerland you "
        "need neither a residence permit nor a work permit: freedom of movement lets you "
        "live and work in Germany. The former certificate of free movement "
        "(Freizügigkeitsbescheinigung) was abolished in 2013. What you must do: register "
        "your address within two weeks of moving in, at {office}.",
        office=registration_office(ctx),
    )
    buttons = [
        Button(_(INTENT_LABELS["ask_job_search"]), payload("ask_job_search")),
        Button(_("Talk to a person"), payload("request_human", service="migration_centre")),
    ]
    return Reply(paragraphs(text, registration_link(ctx), legal_note(ctx)), buttons)


def german_citizen(ctx: Context) -> Reply:
    _ = ctx._
    text = _(
        "As a German citizen you need neither a residence permit nor a work permit. The "
        "Migrationszentrum helps you find a job, and the registration office of your town "
        "registers your address."
    )
    buttons = [
        Button(_(INTENT_LABELS["ask_job_search"]), payload("ask_job_search")),
        Button(_("Talk to a person"), payload("request_human", service="migration_centre")),
    ]
    return Reply(text, buttons)


def legal(service: str, text: str) -> Renderer:
    """A variant that is one text (marked with N_) about `service`, with the legal note."""

    def render(ctx: Context) -> Reply:
        return topic_reply(ctx, service, ctx._(text), legal=True)

    return render


duldung = legal(
    "foreigners_office",
    N_(
        "A Duldung is not a residence permit: it only suspends your deportation. You may "
        "work only with the permission of the foreigners' office. Ways to a residence "
        "permit: the Ausbildungsduldung for a vocational training, the "
        "Beschäftigungsduldung for long-term work, and the residence permits for "
        "well-integrated young people (§ 25a) and after long residence (§ 25b Residence "
        "Act). The Chancen-Aufenthaltsrecht (§ 104c) could only be applied for until 31 "
        "December 2025. Which way fits depends on your case: get free advice from a "
        "migration or refugee advice service, and then talk to the foreigners' office."
    ),
)
asylum_work = legal(
    "foreigners_office",
    N_(
        "During the asylum procedure (Aufenthaltsgestattung) you may work only with the "
        "permission of the foreigners' office, usually after three months in Germany. While "
        "you have to live in a reception centre, this is usually possible only after six "
        "months, and people from safe countries of origin may not work during the "
        "procedure. Next step: with a concrete job offer, apply to the foreigners' office "
        "for permission to work. The Migrationszentrum helps you find a job."
    ),
)
asylum_residence = legal(
    "foreigners_office",
    N_(
        "During the asylum procedure your Aufenthaltsgestattung is your residence document: "
        "the Federal Office for Migration and Refugees (BAMF) decides on your application, "
        "the foreigners' office extends the document. If the BAMF rejects your application, "
        "time matters: the deadline to take legal action is often only one or two weeks. "
        "Take the letter to a lawyer or a free refugee advice service on the same day."
    ),
)
refugee_work = legal(
    "migration_centre",
    N_(
        "As a recognised refugee or with subsidiary protection you may work in any job, "
        "employed or self-employed; your residence permit says so (“Erwerbstätigkeit "
        "erlaubt”). The Migrationszentrum helps you find a job."
    ),
)


def office_details(office: Office | None) -> str:
    if office is None:
        return ""
    return ", ".join(
        part for part in (office.name, office.address, office.phone, office.url) if part
    )


def local_office(ctx: Context) -> str:
    """For people outside the district's responsibility: whose office it is, or ""."""
    _ = ctx._
    place = situation(ctx, "residence_place")
    if place == "city_of_osnabrueck":
        offices = places().city_offices
        return paragraphs(
            _(
                "You live in the city of Osnabrück: the city's own foreigners' office and job "
                "centre are responsible for you, not the offices of the Landkreis in the "
                "Kreishaus."
            ),
            "\n".join(
                filter(
                    None,
                    (office_details(offices.get(k)) for k in ("foreigners_office", "job_centre")),
                )
            ),
        )
    if place == "elsewhere":
        return _(
            "You live outside the Landkreis Osnabrück: the foreigners' office of your own "
            "district or city is responsible for you. What I say here is general information."
        )
    return ""


def local(ctx: Context, reply: Reply) -> Reply:
    """The answer with the local office added; no booking at the Kreishaus for people
    it is not responsible for."""
    where = local_office(ctx)
    if not where:
        return reply
    buttons = [b for b in reply.buttons if not b.payload.startswith("/book_appointment")]
    note = legal_note(ctx)
    text = reply.text.removesuffix(note).rstrip()
    text = paragraphs(text, where, note if text != reply.text else "")
    return Reply(text, buttons, reply.attachment, reply.venue)


def local_office_answer(ctx: Context) -> Reply:
    """ "Where is the office?" from a person of the city or from elsewhere."""
    where = local_office(ctx) or ctx._("Please ask at the office in the Kreishaus.")
    buttons = [b for b in next_steps(ctx, "foreigners_office") if not b.payload.startswith("/book")]
    return Reply(where, buttons)


def benefits_protection(ctx: Context) -> Reply:
    """§ 24: who pays depends on when the first permit came (facts law.ukraine_benefits_*)."""
    text = ctx._(
        "For people from Ukraine with temporary protection (§ 24), it matters when they "
        "first received the permit or a Fiktionsbescheinigung. Before {cutoff}: if you can "
        "work, MaßArbeit – the municipal job centre – is responsible for Bürgergeld/"
        "Grundsicherung. From {cutoff} on: a federal law (Leistungsrechtsanpassungsgesetz) "
        "moves these benefits to the Asylum Seekers' Benefits Act; the Federal Government "
        "planned it to take effect on {planned}. Whether it already applies to you and "
        "which office pays your benefits: ask the Migrationszentrum.",
        cutoff=fact_date(ctx, "law.ukraine_benefits_cutoff"),
        planned=fact_date(ctx, "law.ukraine_benefits_change_planned"),
    )
    return topic_reply(ctx, "migration_centre", text, legal=True)


Variants = dict[str, Renderer]


def varied(general: Renderer, variants: Variants) -> Renderer:
    """The variant for the person's status (else the general answer), with the local office."""

    def render(ctx: Context) -> Reply:
        chosen = variants.get(situation(ctx, "residence_status") or "", general)
        reply = chosen(ctx)
        return reply if chosen in (eu_citizen, german_citizen) else local(ctx, reply)

    return render


def work_permit(general: Renderer, protection: Renderer) -> Renderer:
    return varied(
        general,
        {
            "eu_citizen": eu_citizen,
            "german_citizen": german_citizen,
            "asylum_seeker": asylum_work,
            "duldung": duldung,
            "temporary_protection": protection,
            "refugee": refugee_work,
        },
    )


def residence_permit(general: Renderer, protection: Renderer) -> Renderer:
    return varied(
        general,
        {
            "eu_citizen": eu_citizen,
            "german_citizen": german_citizen,
            "asylum_seeker": asylum_residence,
            "duldung": duldung,
            "temporary_protection": protection,
        },
    )


def benefits(general: Renderer) -> Renderer:
    return varied(general, {"temporary_protection": benefits_protection})


RENDERERS: dict[str, Renderer] = {
    "utter_ask_situation": ask_situation,
    "utter_local_office": local_office_answer,
}
