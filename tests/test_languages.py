from __future__ import annotations

from typing import Any

from bot.language.supported import NATIVE_NAMES, RTL, direction, normalise_hint


def test_supported_languages_are_the_contracts(contract: dict[str, Any]) -> None:
    assert set(NATIVE_NAMES) == set(contract["languages"])


def test_arabic_and_farsi_are_right_to_left_and_only_they() -> None:
    assert RTL == {"ar", "fa"}
    assert direction("ar") == direction("fa") == "rtl"
    assert {direction(code) for code in NATIVE_NAMES if code not in RTL} == {"ltr"}


def test_client_hints_are_normalised_to_contract_codes() -> None:
    assert normalise_hint("ar-SY") == "ar"
    assert normalise_hint("uk_UA") == "uk"
    assert normalise_hint("FA") == "fa"
    assert normalise_hint("fr-FR") is None
    assert normalise_hint(None) is None
    assert normalise_hint(42) is None
