"""The topic answers: legal note, responsible service, next steps, dates in the user's locale."""

from __future__ import annotations

import pytest

from bot.language.supported import SUPPORTED
from bot.texts import Context, render

LEGAL = [
    "utter_residence_permit",
    "utter_work_permit",
    "utter_temporary_protection",
    "utter_family_reunification",
    "utter_naturalization",
    "utter_benefits",
]


@pytest.mark.parametrize("lang", SUPPORTED)
@pytest.mark.parametrize("name", LEGAL)
def test_legal_answers_carry_the_not_legal_advice_note(name: str, lang: str) -> None:
    note = render("utter_residence_permit", Context(lang=lang)).text.split("\n\n")[-1]
    assert note.strip()
    assert render(name, Context(lang=lang)).text.rstrip().endswith(note.strip())


def test_legal_answers_name_the_responsible_service_and_offer_a_next_step() -> None:
    reply = render("utter_residence_permit", Context(lang="en"))
    assert "foreigners' office" in reply.text
    payloads = [b.payload for b in reply.buttons]
    assert '/book_appointment{"service": "foreigners_office"}' in payloads


def test_temporary_protection_date_is_formatted_for_the_users_locale() -> None:
    assert "March 4, 2027" in render("utter_temporary_protection", Context(lang="en")).text
    assert "4. März 2027" in render("utter_temporary_protection", Context(lang="de")).text
    uk = render("utter_temporary_protection", Context(lang="uk")).text
    assert "4 березня 2027" in uk
    assert ".." not in uk
    assert "۴ مارس ۲۰۲۷" in render("utter_temporary_protection", Context(lang="fa")).text


def test_interpreter_answer_promises_nothing_and_offers_booking_and_a_person() -> None:
    reply = render("utter_interpreter", Context(lang="en"))
    assert "ask the office" in reply.text
    assert "someone you trust" in reply.text
    assert [b.payload for b in reply.buttons] == ["/book_appointment", "/request_human"]
    named = render(
        "utter_interpreter", Context(lang="en", entities={"service": "foreigners_office"})
    )
    assert '/book_appointment{"service": "foreigners_office"}' in [b.payload for b in named.buttons]


@pytest.mark.parametrize("lang", [lang for lang in SUPPORTED if lang != "en"])
def test_interpreter_answer_is_translated(lang: str) -> None:
    english = render("utter_interpreter", Context(lang="en"))
    reply = render("utter_interpreter", Context(lang=lang))
    assert reply.text != english.text
    assert [b.title for b in reply.buttons] != [b.title for b in english.buttons]
