"""domain.yml and bot/texts name the same responses, and every one renders everywhere.

Why checked, not hand-kept: a response named in the stories, sent by an action, by
`bot/` or as an outbox notice must have a renderer, and a renderer no response names
is dead text; both lists are read from the sources.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.language.supported import SUPPORTED
from bot.texts import RENDERERS, Context, render
from tests.conftest import ROOT

TEXTS = ROOT / "bot" / "texts"
RASA_KEYS = {"utter_action"}  # a key of Rasa's bot messages, not a response
NOTICE = re.compile(r'notify\(\s*\w+,\s*\w+,\s*"(\w+)"|\.note,(?:[^,]*,){2}\s*"(\w+)"')


def sources(folder: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.py"))]


def in_stories() -> set[str]:
    """The utter actions of the stories and rules."""
    names: set[str] = set()
    for path in (ROOT / "stories").glob("*.yml"):
        names |= set(re.findall(r"action:\s*(utter_\w+)", path.read_text(encoding="utf-8")))
    return names


def sent_by_actions() -> set[str]:
    """Responses the custom actions send (`response="utter_..."`, `utter_ask_<slot>`)."""
    names: set[str] = set()
    for source in sources(ROOT / "actions"):
        names |= set(re.findall(r'response="(utter_\w+)"', source))
        names |= {f"utter_ask_{slot}" for slot in re.findall(r'slot = "(\w+)"', source)}
    return names


def sent_by_bot() -> set[str]:
    """Responses `bot/` renders itself, and the outbox notices (`utter_<kind>`)."""
    names: set[str] = set()
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if TEXTS not in path.parents:
            source = path.read_text(encoding="utf-8")
            names |= set(re.findall(r'"(utter_\w+)"', source))
            names |= {f"utter_{a or b}" for a, b in NOTICE.findall(source)}
    return names - RASA_KEYS


def test_domain_names_exactly_the_rendered_responses(domain: dict[str, Any]) -> None:
    declared = set(domain["responses"])
    assert declared - set(RENDERERS) == set(), "a response of domain.yml without a renderer"
    assert set(RENDERERS) - declared == set(), "a renderer that domain.yml does not name"


def test_every_response_that_can_be_sent_is_in_the_domain(domain: dict[str, Any]) -> None:
    declared = set(domain["responses"])
    assert in_stories() - declared == set()
    assert sent_by_actions() - declared == set()
    assert sent_by_bot() - declared == set()
    assert {"utter_waitlist_slot_free", "utter_staff_booked", "utter_data_deleted"} <= (
        sent_by_bot()
    ), "the scan of bot/ finds notices and bot's own responses"


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
