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


def service_name(ctx: Context, service: str) -> str:
    """The service as a sentence names it: "foreigners' office (Ausländerbehörde)"."""
    _ = ctx._
    names = {
        "foreigners_office": _("foreigners' office (Ausländerbehörde)"),
        "migration_centre": _("Migrationszentrum of MaßArbeit"),
        "integration_commissioner": _("integration commissioner (Integrationsbeauftragter)"),
    }
    return names[service]


def service_title(ctx: Context, service: str) -> str:
    """The service on a button: "Foreigners' office"."""
    _ = ctx._
    titles = {
        "foreigners_office": _("Foreigners' office"),
        "migration_centre": _("Migrationszentrum"),
        "integration_commissioner": _("Integration commissioner"),
    }
    return titles[service]


def office(ctx: Context, service: str) -> str:
    """The service's name; "the office" when a message lacks it (never a crash)."""
    return service_name(ctx, service) if service in SERVICES else ctx._("the office")


def concern_label(ctx: Context, key: str) -> str:
    """What an appointment is about (`calendar.yml` concerns); unknown keys as they are."""
    _ = ctx._
    labels = {
        "permit_extension": _("Extend a residence permit"),
        "work_permit": _("Permission to work"),
        "temporary_protection": _("Temporary protection (Ukraine)"),
        "family_reunification": _("Family reunification"),
        "naturalisation": _("Naturalisation (German citizenship)"),
        "other_foreigners": _("Another residence matter"),
        "job_advice": _("Job search and advice"),
        "recognition": _("Recognition of qualifications"),
        "language_course": _("Language and integration courses"),
        "apprenticeship": _("Apprenticeship (Ausbildung)"),
        "benefits_advice": _("Questions about benefits"),
        "discrimination": _("Help with discrimination"),
        "volunteering": _("Volunteering and mentoring"),
        "integration_advice": _("Integration advice"),
    }
    return labels.get(key, key)


def document_label(ctx: Context, key: str) -> str:
    """What to bring (`calendar.yml` `bring` keys); unknown keys as they are."""
    _ = ctx._
    labels = {
        "passport": _("your passport or other identity document"),
        "residence_document": _("your current residence document, if you have one"),
        "photo": _("a recent biometric passport photo"),
        "registration": _("your registration certificate (Meldebescheinigung)"),
        "income": _("proof of income or benefits (e.g. pay slips, Bürgergeld notice)"),
        "health_insurance": _("proof of health insurance"),
        "letter": _("the letter from the office, if you received one"),
        "job_offer": _("the job offer or employment contract"),
        "family_certificates": _("marriage and birth certificates with translations"),
        "housing": _("your rental contract"),
        "language_certificate": _("your German language certificate, if you have one"),
        "cv": _("your CV, if you have one"),
        "certificates": _("school, training and work certificates"),
    }
    return labels.get(key, key)
