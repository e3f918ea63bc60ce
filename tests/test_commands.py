from __future__ import annotations

import pytest

from bot.commands import (
    COMMANDS,
    is_leave,
    is_payload,
    resolve,
    wants_booking,
    wants_deletion,
)


def test_chat_commands_map_to_intents() -> None:
    assert resolve("/language") == "/change_language"
    assert resolve("/start") == "/greet"
    assert resolve("/help@KommMitBot") == "/help"


def test_button_payloads_pass_through() -> None:
    payload = '/change_language{"language": "ar"}'
    assert resolve(payload) == payload
    assert is_payload(payload)


def test_a_typed_slash_word_that_is_no_intent_becomes_text() -> None:
    assert resolve("/weather") == "weather"
    assert not is_payload("/weather")


def test_plain_text_is_untouched() -> None:
    assert resolve("Ich brauche einen Termin") == "Ich brauche einen Termin"


def test_every_command_maps_to_an_intent_of_the_domain_except_bot() -> None:
    assert {name for name, payload in COMMANDS.items() if payload is None} == {"bot"}
    assert all(is_payload(p) for p in COMMANDS.values() if p is not None)


@pytest.mark.parametrize("text", ["/bot", " /BOT ", "/bot@KommMitBot", "/bot book", "/Bot Book"])
def test_bot_leaves_the_staff_chat(text: str) -> None:
    assert is_leave(text)


@pytest.mark.parametrize("text", ["bot", "/bots", "/botanik", "/book", "Ich will zum Bot"])
def test_other_texts_do_not_leave(text: str) -> None:
    assert not is_leave(text)


def test_only_bot_book_asks_for_a_booking() -> None:
    assert wants_booking("/bot book") and wants_booking(" /BOT BOOK ")
    assert not wants_booking("/bot")


@pytest.mark.parametrize("text", ["/delete", "/delete@KommMitBot", "/delete_my_data"])
def test_deletion_commands(text: str) -> None:
    assert wants_deletion(text)


@pytest.mark.parametrize("text", ["delete", "/help", "Daten löschen bitte"])
def test_no_deletion_without_the_command(text: str) -> None:
    assert not wants_deletion(text)
