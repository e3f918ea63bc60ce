"""The conversation's own answers: the language menu."""

from __future__ import annotations

from bot.language.supported import NATIVE_NAMES, SUPPORTED
from bot.texts import Context, render


def test_language_menu_uses_native_names() -> None:
    reply = render("utter_choose_language", Context(lang="de"))
    assert [b.title for b in reply.buttons] == list(NATIVE_NAMES.values())
    assert reply.buttons[2].payload == '/change_language{"language": "ar"}'


def test_unsupported_language_request_offers_the_menu_instead_of_pretending() -> None:
    reply = render("utter_language_changed", Context(lang="en", entities={"language": "French"}))
    assert len(reply.buttons) == len(SUPPORTED)
