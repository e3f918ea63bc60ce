"""The conversation's own answers: the language menu."""

from __future__ import annotations

import pytest

from bot.language.supported import NATIVE_NAMES, SUPPORTED
from bot.texts import Context, render
from tests.conversations.seen import rendered


def test_language_menu_uses_native_names() -> None:
    reply = render("utter_choose_language", Context(lang="de"))
    assert [b.title for b in reply.buttons] == list(NATIVE_NAMES.values())
    assert reply.buttons[2].payload == '/change_language{"language": "ar"}'


def test_unsupported_language_request_offers_the_menu_instead_of_pretending() -> None:
    reply = render("utter_language_changed", Context(lang="en", entities={"language": "French"}))
    assert len(reply.buttons) == len(SUPPORTED)


@pytest.mark.parametrize("lang", ["de", "en", "ar", "fa", "uk", "ru", "tr"])
def test_a_question_for_someone_else_names_the_migration_advice_services(lang: str) -> None:
    """Issue 17: not only "I can only help with …": the MBE and the JMD, with links."""
    text = rendered("utter_out_of_scope", lang)
    assert "https://www.caritas-os.de" in text
    assert text.rstrip().endswith("https://www.jugendmigrationsdienste.de")  # link unbroken
    assert "MBE" in text and "JMD" in text


@pytest.mark.parametrize("lang", sorted(SUPPORTED))
def test_an_eu_citizen_asking_where_hears_of_the_registration_office_first(lang: str) -> None:
    """Issue 17: EU citizens register with their town; the Kreishaus comes after that."""
    slots = {"residence_status": "eu_citizen", "residence_place": "district"}
    text = rendered("utter_location", lang, residence_town="Melle", **slots)
    assert "Melle" in text.split("\n\n")[0]
    assert "Am Schölerberg 1" in text
    other = rendered("utter_location", lang)
    assert "Melle" not in other and "Am Schölerberg 1" in other
