"""The reply-language rule: explicit choice > client hint > detection; then it stays put."""

from __future__ import annotations

from bot.language.policy import choose_language, requested_language


def test_explicit_choice_wins_over_everything() -> None:
    assert choose_language("de", requested="ar", hint="de", clear="de") == "ar"


def test_client_hint_decides_the_start_when_text_is_not_clear() -> None:
    assert choose_language(None, hint="uk-UA", guess="ru") == "uk"


def test_detection_decides_when_there_is_no_hint() -> None:
    assert choose_language(None, guess="fa") == "fa"


def test_language_stays_put_on_short_or_unclear_messages() -> None:
    # "ok" or "Termin" from an Arabic conversation does not switch to German or English.
    assert choose_language("ar", hint="de", guess="de") == "ar"


def test_clearly_writing_another_supported_language_switches() -> None:
    assert choose_language("de", clear="tr") == "tr"


def test_unknown_values_fall_back_to_german() -> None:
    assert choose_language(None, requested="xx", hint="fr", clear="zz") == "de"


def test_language_entity_values_map_to_codes() -> None:
    assert requested_language("ar") == "ar"
    assert requested_language("fa-IR") == "fa"
    assert requested_language("French") is None


def test_going_back_is_no_language_of_its_own() -> None:
    # "wie vorher bitte" becomes the entity "previous"; action_track_context resolves it.
    assert requested_language("previous") is None
    assert choose_language("de", requested=requested_language("previous")) == "de"
