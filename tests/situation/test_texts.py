"""Every situation variant is translated into every language, keeps its facts, and ends
with a next step (issue 17: a test fails when a variant lacks a translation)."""

from __future__ import annotations

import pytest

from bot.language.supported import SUPPORTED
from bot.situation import PLACES, STATUSES
from bot.texts import Context, render

OTHERS = [lang for lang in SUPPORTED if lang != "en"]
CASES = [
    (name, {"residence_status": status, "residence_place": place})
    for name in ("utter_work_permit", "utter_residence_permit")
    for status in STATUSES
    for place in PLACES
] + [
    ("utter_ask_situation", {}),
    ("utter_local_office", {"residence_place": "city_of_osnabrueck"}),
    ("utter_local_office", {"residence_place": "elsewhere"}),
]


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize(("name", "slots"), CASES)
def test_every_variant_is_translated(lang: str, name: str, slots: dict[str, str]) -> None:
    english = render(name, Context(lang="en", slots=slots))
    translated = render(name, Context(lang=lang, slots=slots))
    assert translated.text != english.text
    assert [b.title for b in translated.buttons] != [b.title for b in english.buttons]


@pytest.mark.parametrize(("name", "slots"), CASES)
def test_every_variant_offers_a_next_step(name: str, slots: dict[str, str]) -> None:
    assert render(name, Context(lang="en", slots=slots)).buttons


def test_the_question_also_arrives_through_its_arguments() -> None:
    reply = render("utter_ask_situation", Context(lang="en", arguments={"ask": "place"}))
    assert reply.text == "So I can name the right office: where do you live?"
