"""Texts and formatting of the staff console (German first, English second).

Why a catalog domain of its own (`locales/{de,en}/LC_MESSAGES/staff.po`): the
console is for staff, who read German or English; newcomers' languages do not
need these texts. Templates are Jinja2 with autoescaping, so nothing a newcomer
writes can become markup in the console.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_datetime, format_timedelta
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.booking.calendar import calendar_config
from bot.language.i18n import translations
from bot.language.supported import NATIVE_NAMES
from bot.staff.accounts import UI_LANGUAGES
from bot.texts.situation import PLACE_BUTTONS, STATUS_BUTTONS

DOMAIN = "staff"
TEMPLATES = Path(__file__).resolve().parent / "templates"
Gettext = Callable[..., str]


def ui_language(value: str | None) -> str:
    return value if value in UI_LANGUAGES else "de"


def gettext(lang: str) -> Gettext:
    catalog = translations(ui_language(lang), DOMAIN)

    def t(msgid: str, **kwargs: object) -> str:
        text = catalog.gettext(msgid)
        return text.format(**kwargs) if kwargs else text

    return t


@cache
def _labels(lang: str) -> dict[str, dict[str, str]]:
    """The console's words for services, topics (the newcomer's last intent) and concerns."""
    t = gettext(lang)
    return {
        "service": {
            "foreigners_office": t("Foreigners' office"),
            "migration_centre": t("Migrationszentrum (MaßArbeit)"),
            "integration_commissioner": t("Integration commissioner"),
        },
        "topic": {
            "ask_residence_permit": t("Residence permit"),
            "ask_work_permit": t("Work permit"),
            "ask_temporary_protection": t("Temporary protection"),
            "ask_family_reunification": t("Family reunification"),
            "ask_naturalization": t("Naturalisation"),
            "ask_required_documents": t("Documents to bring"),
            "ask_job_search": t("Job search"),
            "ask_recognition": t("Recognition of qualifications"),
            "ask_language_course": t("Language course"),
            "ask_apprenticeship": t("Apprenticeship"),
            "ask_job_fair": t("Job fair"),
            "ask_benefits": t("Benefits"),
            "ask_integration_commissioner": t("Integration commissioner"),
            "ask_volunteering": t("Volunteering"),
            "ask_events": t("Events"),
            "ask_discrimination": t("Discrimination"),
        },
        "concern": {
            "permit_extension": t("Residence permit (issue or extension)"),
            "work_permit": t("Work permit"),
            "temporary_protection": t("Temporary protection"),
            "family_reunification": t("Family reunification"),
            "naturalisation": t("Naturalisation"),
            "other_foreigners": t("Other matter"),
            "job_advice": t("Job advice"),
            "recognition": t("Recognition of qualifications"),
            "language_course": t("Language course"),
            "apprenticeship": t("Apprenticeship"),
            "benefits_advice": t("Benefits advice"),
            "discrimination": t("Discrimination"),
            "volunteering": t("Volunteering"),
            "integration_advice": t("Integration advice"),
        },
    }


def service_label(service: str, lang: str) -> str:
    return _labels(ui_language(lang))["service"].get(service, service)


def transfer_targets(service: str, lang: str) -> list[tuple[str, str]]:
    """The services a conversation of `service` can be handed over to, with their labels."""
    return [
        (key, label)
        for key, label in _labels(ui_language(lang))["service"].items()
        if key != service
    ]


def handed_over_text(handoff_id: int, service: str, lang: str) -> str:
    """ "Gespräch #4 wurde an das Migrationszentrum (MaßArbeit) übergeben.": one sentence per
    service, so that German gets its article right."""
    t = gettext(lang)
    if service == "foreigners_office":
        return t("Conversation #{id} was handed over to the foreigners' office.", id=handoff_id)
    if service == "migration_centre":
        return t(
            "Conversation #{id} was handed over to the Migrationszentrum (MaßArbeit).",
            id=handoff_id,
        )
    if service == "integration_commissioner":
        return t(
            "Conversation #{id} was handed over to the integration commissioner.", id=handoff_id
        )
    return t(
        "Conversation #{id} was handed over to {service}.",
        id=handoff_id,
        service=service_label(service, lang),
    )


def topic_label(topic: str | None, lang: str) -> str:
    t = gettext(lang)
    return _labels(ui_language(lang))["topic"].get(topic or "", t("not known"))


def concern_label(concern: str, lang: str) -> str:
    return _labels(ui_language(lang))["concern"].get(concern, concern)


@cache
def _intents(lang: str) -> dict[str, str]:
    """A need as the console names it (what the assistant understood of a message)."""
    t = gettext(lang)
    return {
        **_labels(lang)["topic"],
        "greet": t("Greeting"),
        "goodbye": t("Goodbye"),
        "thank": t("Thanks"),
        "affirm": t("Yes"),
        "deny": t("No"),
        "bot_challenge": t("Asks whether this is a bot"),
        "help": t("Asks what the assistant can do"),
        "change_language": t("Change of language"),
        "request_human": t("Wants to talk to a person"),
        "out_of_scope": t("Something the assistant does not cover"),
        "ask_services_overview": t("Overview of the services"),
        "ask_location": t("Address and directions"),
        "ask_opening_hours": t("Opening hours"),
        "ask_contact": t("Contact details"),
        "book_appointment": t("Book an appointment"),
        "cancel_appointment": t("Cancel an appointment"),
        "move_appointment": t("Move an appointment"),
        "show_appointments": t("Show appointments"),
        "delete_my_data": t("Delete my data"),
        "inform": t("Gives details"),
        "stop": t("Stop"),
        "ask_interpreter": t("Interpreter"),
        "nlu_fallback": t("not understood"),
    }


def intent_label(intent: str, lang: str, *, question: bool = False) -> str:
    """The need's words; with `question`, "Question: Residence permit" for a topic."""
    lang = ui_language(lang)
    label = _intents(lang).get(intent, intent)
    if question and intent in _labels(lang)["topic"]:
        t = gettext(lang)  # `t(...)`: the form `make extract` finds for the staff catalog
        return t("Question: {topic}", topic=label)
    return label


def fact_label(slot: str, lang: str) -> str:
    """What a situation fact is (the slots of bot/handoff/details.py FACT_SLOTS)."""
    t = gettext(lang)
    return {
        "service": t("Service"),
        "residence_status": t("Residence status"),
        "residence_place": t("Place of residence"),
        "residence_town": t("Town"),
    }.get(slot, slot)


def fact_value(slot: str, value: str, lang: str) -> str:
    """A fact's value in the console's language: services by their label, status and
    place by the words of the assistant's own buttons ("Duldung", "In the city of
    Osnabrück", from the assistant's catalog), the rest (a town) as the person wrote it."""
    if slot == "service":
        return service_label(value, lang)
    buttons = {"residence_status": STATUS_BUTTONS, "residence_place": PLACE_BUTTONS}.get(slot)
    label = next((label for label, v in buttons or () if v == value), None)
    if label:
        return translations(ui_language(lang)).gettext(label)
    return status_label(value, lang) if slot == "residence_status" else value


# --- the assistant's answers as prepared replies (bot/staff/answers.py) ----------------------


def topic_intents() -> list[str]:
    """The topic intents the console names (each may have its own "what to bring")."""
    return list(_labels("en")["topic"])


def answer_title(response: str, lang: str) -> str | None:
    """An answer of the assistant by the need it answers ("utter_work_permit": "Work
    permit"); None for an answer the console has no name for."""
    t = gettext(lang)
    own = {
        "utter_help": t("How to use the assistant"),
        "utter_local_office": t("Responsible office"),
        # specific questions inside a topic (bot/texts/subtopics.py)
        "utter_lost_documents": t("Lost or stolen documents"),
        "utter_expired_permit": t("Permit already expired"),
        "utter_duldung": t("Duldung"),
        "utter_asylum": t("Asylum procedure and rejection"),
        "utter_residence_obligation": t("Wohnsitzauflage"),
        "utter_permanent_residence": t("Niederlassungserlaubnis"),
        "utter_family_benefits": t("Kindergeld (Familienkasse)"),
        "utter_fees": t("Fees"),
        "utter_appointment_companions": t("Interpreter or children at the appointment"),
        "utter_accessibility": t("Accessibility of the Kreishaus"),
        "utter_leave_temporary_protection": t("After temporary protection (§ 24)"),
        "utter_blue_card_family": t("Family of Blue Card holders"),
        "utter_regulated_profession": t("Approbation and regulated professions"),
        "utter_course_costs": t("Integration course costs and childcare"),
    }
    if response in own:
        return own[response]
    intent = "ask_" + response.removeprefix("utter_")
    found = _intents(ui_language(lang)).get(intent)
    return found


def status_label(status: str, lang: str) -> str:
    """An answer's variant by residence status ("Work permit – with a Duldung")."""
    t = gettext(lang)
    return {
        "eu_citizen": t("for EU, EEA or Swiss citizens"),
        "temporary_protection": t("for people from Ukraine (§ 24)"),
        "asylum_seeker": t("during the asylum procedure (Aufenthaltsgestattung)"),
        "duldung": t("with a Duldung"),
        "eu_family": t("family member of an EU, EEA or Swiss citizen"),
        "refugee": t("for recognised refugees and subsidiary protection"),
        "skilled_or_other_permit": t("with another residence permit"),
        "german_citizen": t("for German citizens"),
    }.get(status, status)


def place_label(place: str, lang: str) -> str:
    """An answer's variant by place of residence."""
    t = gettext(lang)
    return {
        "district": t("living in the Landkreis Osnabrück"),
        "city_of_osnabrueck": t("living in the city of Osnabrück"),
        "elsewhere": t("living outside the Landkreis Osnabrück"),
    }.get(place, place)


def language_label(code: str | None, lang: str) -> str:
    """ "Persisch (فارسی)": the staff member's word and the user's own."""
    if not code:
        return "–"
    name = Locale.parse(ui_language(lang)).languages.get(code, code)
    native = NATIVE_NAMES.get(code)
    return f"{name} ({native})" if native and native != name else str(name)


def language_name(code: str, lang: str) -> str:
    """ "Deutsch" / "German": a language's name in the console's language only."""
    return str(Locale.parse(ui_language(lang)).languages.get(code, code))


def channel_label(channel: str, lang: str) -> str:
    t = gettext(lang)
    return {"web": t("Website chat"), "telegram": "Telegram"}.get(channel, channel)


def moment(value: datetime | None, lang: str) -> str:
    if value is None:
        return "–"
    local = calendar_config().local(value)
    return format_datetime(local, "short", locale=ui_language(lang))


def waited(since: datetime, now: datetime, lang: str) -> str:
    return format_timedelta(
        max(now - since, timedelta(seconds=0)),
        granularity="minute",
        threshold=1.5,
        locale=ui_language(lang),
    )


def wait_text(wait: timedelta, lang: str) -> str:
    """ "in 45 Sekunden", "in 2 minutes": a wait rounded up (seconds below a minute)."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    rounded = timedelta(seconds=seconds if seconds < 60 else 60 * math.ceil(seconds / 60))
    return format_timedelta(rounded, threshold=1, add_direction=True, locale=ui_language(lang))


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
