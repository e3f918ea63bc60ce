"""Every text in the code is translated in every supported language, placeholders intact."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.language.supported import SUPPORTED
from tests.conftest import LOCALES, ROOT


def source_messages() -> set[str]:
    """What `make extract` would find: every `_("...")` in bot/ and actions/."""
    found: set[str] = set()
    for folder in ("bot", "actions"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / folder), method_map=[("**.py", "python")]
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(lang: str) -> Catalog:
    path: Path = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_code_has_texts_to_translate() -> None:
    assert len(source_messages()) > 80


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_message_is_translated(lang: str) -> None:
    messages = {m.id: m for m in catalog(lang) if m.id}
    missing = [
        msgid for msgid in source_messages() if msgid not in messages or not messages[msgid].string
    ]
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:3]}"
    fuzzy = [m.id for m in messages.values() if m.fuzzy]
    assert not fuzzy, f"{lang}: fuzzy (unchecked) translations: {fuzzy[:3]}"


@pytest.mark.parametrize("lang", SUPPORTED)
def test_translations_keep_every_placeholder(lang: str) -> None:
    for message in catalog(lang):
        if message.id and message.string:
            assert placeholders(str(message.string)) == placeholders(str(message.id)), message.id


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_catalogs_are_in_their_script(lang: str) -> None:
    texts = [str(m.string) for m in catalog(lang) if m.id]
    arabic_script = sum(any("\u0600" <= ch <= "\u06ff" for ch in text) for text in texts)
    assert arabic_script >= 0.9 * len(texts)  # a few are names or pure placeholders


def staff_source_messages() -> set[str]:
    """Texts of the staff console: `t("...")` in bot/staff/ and its templates."""
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "bot" / "staff"),
        method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
        keywords={"t": None},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_staff_console_is_translated_in_german_and_english(lang: str) -> None:
    path = LOCALES / lang / "LC_MESSAGES" / "staff.po"
    with path.open("rb") as handle:
        messages = {m.id: m for m in read_po(handle, locale=lang) if m.id}
    source = staff_source_messages()
    assert len(source) > 60
    missing = [msgid for msgid in source if msgid not in messages or not messages[msgid].string]
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:3]}"
    for msgid in source:
        assert placeholders(str(messages[msgid].string)) == placeholders(msgid), msgid
