"""Words that say nothing about the language a person writes in.

Why: newcomers copy German office words from their letters into their own language ("I need a
Termin for my Aufenthaltserlaubnis", "Integrationskurs برای من رایگان است؟"). Those words, and
the names of places and offices, must not count as German when detection judges a message.

Three sources, loaded once: the curated list `german_terms.txt` next to this module, the German
names in `bot/content/*.yml`, and German nouns that the training data of the other languages
(`nlu/<lang>.yml`) mixes in (words of the German training data that also occur in another
language's file, written as nouns there). The per-language training vocabulary is also kept:
detection uses it to tell Ukrainian from Russian words and to recognise transliterations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.language.supported import SUPPORTED

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parents[1]
TERMS_FILE = _HERE / "german_terms.txt"
CONTENT_DIR = _ROOT / "bot" / "content"
NLU_DIR = _ROOT / "nlu"

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_ANNOTATION = re.compile(r"\]\([^)]*\)|\]\{[^}]*\}|\[")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "’": "'"})
_GERMAN_LETTERS = re.compile(r"[a-zäöüß]+", re.IGNORECASE)
_SUFFIXES = ("innen", "in", "en", "es", "n", "s", "e")
MIN_COMPOUND_PART = 8  # "…ausbildung", "aufenthaltserlaubnis…" match inside compounds
MIN_DERIVED = 5  # derived terms shorter than this are too often ordinary words (Job, Bus, Uhr)


def fold(word: str) -> str:
    """The comparison key: lower case, umlauts and their ae/oe/ue spellings as one letter."""
    key = word.lower().translate(_FOLD)
    return key.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def words(text: str) -> list[str]:
    """The words of `text` (letters, with inner apostrophes), in order."""
    return WORD.findall(text)


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, Counter[str]]:
    """Word counts (lower case) of each language's training data; empty if nlu/ is absent."""
    return {lang: Counter(w.lower() for w in _training_words(lang)) for lang in SUPPORTED}


@lru_cache(maxsize=1)
def german_terms() -> frozenset[str]:
    """Folded keys of every term that never counts as German evidence."""
    curated = [fold(word) for word in _curated()]
    never = {word[1:] for word in curated if word.startswith("!")}
    terms = {word for word in curated if not word.startswith("!")}
    terms |= {fold(word) for word in _content_names()}
    terms |= {fold(word) for word in _derived_from_training()}
    return frozenset(term for term in terms - never if len(term) >= 3)


@lru_cache(maxsize=1)
def _compound_parts() -> tuple[str, ...]:
    return tuple(sorted(t for t in german_terms() if len(t) >= MIN_COMPOUND_PART))


@lru_cache(maxsize=4096)
def is_german_term(word: str) -> bool:
    """True for an office word or name (also inflected, in ae/oe/ue spelling, or compounded)."""
    if not _GERMAN_LETTERS.fullmatch(word):
        return False
    key = fold(word)
    terms = german_terms()
    if key in terms:
        return True
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 5 and key[: -len(suffix)] in terms:
            return True
    return any(
        len(key) >= len(part) + 3 and (key.startswith(part) or key.endswith(part))
        for part in _compound_parts()
    )


def _curated() -> Iterator[str]:
    for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        # "Agentur für Arbeit": the long words, never a function word like "für"
        yield from (parts if len(parts) == 1 else (p for p in parts if len(p) >= 4))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"value", "name", "official_name", "operator"}:
                yield from _strings_in_value(value)
            elif isinstance(value, dict | list):
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _strings_in_value(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        yield from _strings(value)


def _content_names() -> Iterator[str]:
    """Capitalised German words of the facts' names and values ("Migrationszentrum der
    MaßArbeit", "Kreishaus Osnabrück"), not URLs or English notes."""
    for path in sorted(CONTENT_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in _strings(data):
            if "://" in text:
                continue
            for word in words(text):
                if word[:1].isupper() and len(word) >= MIN_DERIVED and _looks_german(word):
                    yield word


def _looks_german(word: str) -> bool:
    """A German-spelled word that is not (more often) an English or Turkish word."""
    if not _GERMAN_LETTERS.fullmatch(word):
        return False
    vocab = vocabularies()
    lower = word.lower()
    german = vocab["de"][lower]
    return german >= max(vocab["en"][lower], vocab["tr"][lower]) and (
        german > 0 or any(ch in lower for ch in "äöüß") or len(lower) >= 10
    )


def _derived_from_training() -> Iterator[str]:
    """German nouns of the German training data that other languages' data mixes in."""
    nouns = _capitalised_words("de")
    vocab = vocabularies()
    for lang in SUPPORTED:
        if lang == "de":
            continue
        written_as_nouns = nouns | _capitalised_words(lang)
        for word in vocab[lang]:
            if len(word) >= MIN_DERIVED and word in written_as_nouns and _looks_german(word):
                yield word


def _capitalised_words(lang: str) -> set[str]:
    """Words the language's training data writes capitalised inside a sentence (nouns)."""
    found: set[str] = set()
    for line in _training_lines(lang):
        for word in words(line)[1:]:
            if word[:1].isupper() and not word.isupper():
                found.add(word.lower())
    return found


def _training_words(lang: str) -> Iterable[str]:
    for line in _training_lines(lang):
        yield from words(line)


def _training_lines(lang: str) -> Iterator[str]:
    path = NLU_DIR / f"{lang}.yml"
    if not path.exists():
        return
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for block in data.get("nlu") or []:
        examples = block.get("examples") if isinstance(block, dict) else None
        if not isinstance(examples, str):
            continue
        for line in examples.splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield _ANNOTATION.sub(" ", line[2:])
