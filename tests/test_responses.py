"""Every response renders in every language, with the pieces a user relies on."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.languages import NATIVE_NAMES, SUPPORTED
from bot.nlg import generate
from bot.responses import RENDERERS, Context, render
from tests.conftest import ROOT

LEGAL = [
    "utter_residence_permit",
    "utter_work_permit",
    "utter_temporary_protection",
    "utter_family_reunification",
    "utter_naturalization",
    "utter_benefits",
]


def dispatched_by_actions() -> set[str]:
    """Responses the custom actions send (`response="utter_..."`, `utter_ask_<slot>`)."""
    names: set[str] = set()
    for path in (ROOT / "actions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'response="(utter_\w+)"', source))
        names |= {f"utter_ask_{slot}" for slot in re.findall(r'slot = "(\w+)"', source)}
    return names


def test_every_response_that_can_be_sent_has_a_renderer(domain: dict[str, Any]) -> None:
    declared = set(domain["responses"])
    sent = dispatched_by_actions()
    notices = {  # outbox notice kinds, and the handoff texts `bot/` renders itself
        "utter_waitlist_slot_free",
        "utter_cancelled_by_office",
        "utter_handoff_claimed",
        "utter_staff_message",
        "utter_handoff_closed",
        "utter_staff_booked",
        "utter_handoff_left",
        "utter_handoff_not_active",
        "utter_data_deleted",  # rendered by `bot/` after deleting a conversation's data
    }
    assert declared | sent | notices <= set(RENDERERS)
    assert set(RENDERERS) - declared - sent - notices == set(), "a renderer nobody uses"


@pytest.mark.parametrize("lang", SUPPORTED)
@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_every_response_renders_in_every_language(name: str, lang: str) -> None:
    for entities in ({}, {"service": "foreigners_office"}, {"service": "integration_commissioner"}):
        reply = render(name, Context(lang=lang, entities=entities))
        assert reply.text.strip()
        assert "{" not in reply.text, "an unfilled placeholder reached the user"
        for button in reply.buttons:
            assert button.title and button.payload.startswith("/")


@pytest.mark.parametrize("lang", SUPPORTED)
def test_responses_are_really_translated(lang: str) -> None:
    english = render("utter_greet", Context(lang="en")).text
    text = render("utter_greet", Context(lang=lang)).text
    assert (text == english) == (lang == "en")


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


def test_language_menu_uses_native_names() -> None:
    reply = render("utter_choose_language", Context(lang="de"))
    assert [b.title for b in reply.buttons] == list(NATIVE_NAMES.values())
    assert reply.buttons[2].payload == '/change_language{"language": "ar"}'


def test_unsupported_language_request_offers_the_menu_instead_of_pretending() -> None:
    reply = render("utter_language_changed", Context(lang="en", entities={"language": "French"}))
    assert len(reply.buttons) == len(SUPPORTED)


def tracker(language: str | None, entities: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {
        "sender_id": "test",
        "slots": {"language": language, "service": None},
        "latest_message": {"text": "x", "entities": entities or [], "metadata": {}},
        "events": [],
    }


def test_nlg_marks_arabic_and_farsi_right_to_left() -> None:
    for lang in ("ar", "fa"):
        answer = generate({"response": "utter_greet", "tracker": tracker(lang)})
        assert answer["language"] == lang
        assert answer["direction"] == "rtl"
    assert generate({"response": "utter_greet", "tracker": tracker("uk")})["direction"] == "ltr"


def test_nlg_follows_the_slot_even_when_the_text_was_in_another_language() -> None:
    # "Können wir Arabisch sprechen?" is German text, but the conversation is now Arabic.
    state = tracker("ar", [{"entity": "language", "value": "ar"}])
    state["latest_message"]["metadata"] = {"detected_language": "de", "language_hint": "de"}
    answer = generate({"response": "utter_language_changed", "tracker": state})
    assert answer["language"] == "ar"


def test_nlg_without_language_slot_uses_the_messages_metadata() -> None:
    state = tracker(None)
    state["latest_message"]["metadata"] = {"language_hint": "tr"}
    assert generate({"response": "utter_help", "tracker": state})["language"] == "tr"


def test_nlg_for_an_unknown_response_still_answers() -> None:
    answer = generate({"response": "utter_does_not_exist", "tracker": tracker("de")})
    assert answer["text"]


def test_location_carries_a_venue_only_with_confirmed_coordinates() -> None:
    from bot.content import Content, content

    assert render("utter_location", Context(lang="de")).venue is None  # placeholder today
    raw = dict(content().raw)
    raw["kreishaus"] = {
        **raw["kreishaus"],
        "coordinates": {"value": [52.25, 8.05], "source": "test"},
    }
    venue = render("utter_location", Context(lang="de", facts=Content(raw))).venue
    assert venue is not None and (venue.latitude, venue.longitude) == (52.25, 8.05)
    assert venue.address == "Am Schölerberg 1, 49082 Osnabrück"
