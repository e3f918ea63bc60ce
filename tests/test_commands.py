from __future__ import annotations

from bot.commands import is_payload, resolve


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
