"""The answers to the specific questions (bot/texts/subtopics.py) in every language: each
names its fact from the content files (a phone number, a fee as the locale writes it, a
date), ends with a next step, carries the legal note where it states the law, and sends a
person of the city of Osnabrück to the city's office instead of a Kreishaus booking."""

from __future__ import annotations

from datetime import date

import pytest

from bot.content import referrals
from bot.language.i18n import fmt_date, fmt_money
from bot.language.supported import SUPPORTED
from bot.texts import RENDERERS, Context, render
from bot.texts.common import legal_note
from bot.texts.subtopics import SUBTOPIC_ANSWERS

LANGS = sorted(SUPPORTED)
LEGAL = {
    "utter_expired_permit",
    "utter_duldung",
    "utter_asylum",
    "utter_residence_obligation",
    "utter_permanent_residence",
    "utter_fees",
    "utter_leave_temporary_protection",
    "utter_blue_card_family",
}


def facts(name: str, lang: str) -> list[str]:
    """What makes the answer useful, as the person reads it in `lang`."""
    ctx = Context(lang=lang)
    return {
        "utter_lost_documents": [referrals()["police"].phone or "", "116 116"],
        "utter_expired_permit": [str(ctx.facts.fact("kreishaus.switchboard_phone"))],
        "utter_asylum": [referrals()["refugee_council"].phone or "", "BAMF"],
        "utter_family_benefits": ["Familienkasse", referrals()["familienkasse"].phone or ""],
        "utter_fees": [fmt_money(255, lang), fmt_money(51, lang)],
        "utter_appointment_companions": [str(ctx.facts.fact("kreishaus.switchboard_phone"))],
        "utter_accessibility": [str(ctx.facts.fact("kreishaus.switchboard_phone"))],
        "utter_leave_temporary_protection": [
            fmt_date(
                date.fromisoformat(str(ctx.facts.fact("law.temporary_protection_until"))), lang
            )
        ],
        "utter_regulated_profession": ["NiZzA", "https://www.anerkennung-in-deutschland.de"],
        "utter_course_costs": [fmt_money(2.29, lang), fmt_money(1603, lang)],
        "utter_residence_obligation": ["Wohnsitzauflage"],
        "utter_permanent_residence": ["Niederlassungserlaubnis"],
        "utter_duldung": ["Duldung"],
        "utter_blue_card_family": [],
    }[name]


def test_every_subtopic_has_a_registered_answer() -> None:
    assert set(SUBTOPIC_ANSWERS.values()) <= set(RENDERERS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(set(SUBTOPIC_ANSWERS.values())))
def test_the_answer_names_its_facts_and_a_next_step(name: str, lang: str) -> None:
    reply = render(name, Context(lang=lang))
    for fact in facts(name, lang):
        assert fact and fact in reply.text, (name, lang, fact, reply.text)
    assert reply.buttons, name
    assert "{" not in reply.text, reply.text  # every placeholder filled
    if name in LEGAL:
        assert legal_note(Context(lang=lang)) in reply.text


def test_an_amount_is_written_as_the_locale_writes_it() -> None:
    assert "255,00" in fmt_money(255, "de")
    assert "255.00" in fmt_money(255, "en")
    assert "۲۵۵" in fmt_money(255, "fa")


@pytest.mark.parametrize("name", ["utter_lost_documents", "utter_expired_permit", "utter_fees"])
def test_a_city_resident_is_sent_to_the_citys_office_not_to_a_kreishaus_booking(
    name: str,
) -> None:
    reply = render(name, Context(lang="de", slots={"residence_place": "city_of_osnabrueck"}))
    assert "Stadt Osnabrück" in reply.text
    assert not any(b.payload.startswith("/book_appointment") for b in reply.buttons)
    district = render(name, Context(lang="de"))
    assert any(b.payload.startswith("/book_appointment") for b in district.buttons)
