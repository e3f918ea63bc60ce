"""Rasa's NLG endpoint answers in the conversation's language and direction."""

from __future__ import annotations

from typing import Any

from bot.nlg import generate


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
