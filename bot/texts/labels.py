"""The names of the services, concerns and documents, once, as the user reads them.

Why one module: answers, booking and handoff texts, canned staff replies and the
action server all name the same services and concerns; a label fixed here (or in
the catalogs) reads the same everywhere. Keys are those of `services.yml` and
`calendar.yml`. The staff console has its own shorter German/English vocabulary
(bot/staff/ui.py, catalog domain "staff").
"""

from __future__ import annotations

from bot.content import SERVICES
from bot.texts.reply import Context


def N_(text: str) -> str:
    """Marks a text for extraction (`make extract`); `ctx._` translates it later, where it is
    read, in the reader's language. The one definition: every texts module imports it from
    here (this module imports no other texts module)."""
    return text


SERVICE_NAMES = {
    "foreigners_office": N_("foreigners' office (Ausländerbehörde)"),
    "migration_centre": N_("Migrationszentrum of MaßArbeit"),
    "integration_commissioner": N_("integration commissioner (Integrationsbeauftragter)"),
}

SERVICE_TITLES = {
    "foreigners_office": N_("Foreigners' office"),
    "migration_centre": N_("Migrationszentrum"),
    "integration_commissioner": N_("Integration commissioner"),
}

CONCERN_LABELS = {
    "permit_extension": N_("Extend a residence permit"),
    "work_permit": N_("Permission to work"),
    "temporary_protection": N_("Temporary protection (Ukraine)"),
    "family_reunification": N_("Family reunification"),
    "naturalisation": N_("Naturalisation (German citizenship)"),
    "other_foreigners": N_("Another residence matter"),
    "job_advice": N_("Job search and advice"),
    "recognition": N_("Recognition of qualifications"),
    "language_course": N_("Language and integration courses"),
    "apprenticeship": N_("Apprenticeship (Ausbildung)"),
    "benefits_advice": N_("Questions about benefits"),
    "discrimination": N_("Help with discrimination"),
    "volunteering": N_("Volunteering and mentoring"),
    "integration_advice": N_("Integration advice"),
}

DOCUMENT_LABELS = {
    "passport": N_("your passport or other identity document"),
    "residence_document": N_("your current residence document, if you have one"),
    "photo": N_("a recent biometric passport photo"),
    "registration": N_("your registration certificate (Meldebescheinigung)"),
    "income": N_("proof of income or benefits (e.g. pay slips, Bürgergeld notice)"),
    "health_insurance": N_("proof of health insurance"),
    "letter": N_("the letter from the office, if you received one"),
    "job_offer": N_("the job offer or employment contract"),
    "family_certificates": N_("marriage and birth certificates with translations"),
    "housing": N_("your rental contract"),
    "language_certificate": N_("your German language certificate, if you have one"),
    "cv": N_("your CV, if you have one"),
    "certificates": N_("school, training and work certificates"),
}


def service_name(ctx: Context, service: str) -> str:
    """The service as a sentence names it: "foreigners' office (Ausländerbehörde)"."""
    return ctx._(SERVICE_NAMES[service])


def service_title(ctx: Context, service: str) -> str:
    """The service on a button: "Foreigners' office"."""
    return ctx._(SERVICE_TITLES[service])


def office(ctx: Context, service: str) -> str:
    """The service's name; "the office" when a message lacks it (never a crash)."""
    return service_name(ctx, service) if service in SERVICES else ctx._("the office")


def concern_label(ctx: Context, key: str) -> str:
    """What an appointment is about (`calendar.yml` concerns); unknown keys as they are."""
    return ctx._(CONCERN_LABELS[key]) if key in CONCERN_LABELS else key


def document_label(ctx: Context, key: str) -> str:
    """What to bring (`calendar.yml` `bring` keys); unknown keys as they are."""
    return ctx._(DOCUMENT_LABELS[key]) if key in DOCUMENT_LABELS else key
