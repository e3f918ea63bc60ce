"""Misspelled or unseen surface forms still map to contract values."""

from __future__ import annotations

from bot.content import SERVICES
from bot.entities import resolve
from bot.language.supported import SUPPORTED


def test_contract_values_pass_through() -> None:
    assert resolve("service", "migration_centre", SERVICES) == "migration_centre"


def test_misspelled_service_names_are_recognised() -> None:
    assert resolve("service", "Auslanderbehorte", SERVICES) == "foreigners_office"
    assert resolve("service", "migrationszentrumm", SERVICES) == "migration_centre"
    assert resolve("service", "Integrationsbeauftragte", SERVICES) == "integration_commissioner"


def test_language_names_in_other_languages_map_to_codes() -> None:
    assert resolve("language", "Arabisch", SUPPORTED) == "ar"
    assert resolve("language", "فارسی", SUPPORTED) == "fa"


def test_unrelated_words_map_to_nothing() -> None:
    assert resolve("service", "Fußballverein", SERVICES) is None
    assert resolve("language", "Klingonisch", SUPPORTED) is None
    assert resolve("service", "", SERVICES) is None
