"""Words that say nothing about the language a person writes in.

Why: newcomers copy German office words from their letters into their own language ("I need a
Termin for my Aufenthaltserlaubnis", "Integrationskurs برای من رایگان است؟"). Those words, and
the names of places and offices, must not count as German when detection judges a message.

Three sources, loaded once: the curated list `german_terms.txt` next to this module, the German
names in `bot/content/*.yml`, and German nouns that the training data of the other languages
(`nlu/<lang>.yml`) mixes in (words of the German training data that also occur in another
language's file, written as nouns there). The per-language training vocabulary is also kept:
detection uses it to tell Ukrainian from Russian words and to recognise transliterations.

Why generated files: what comes from the training data (the mixed-in nouns and the vocabulary)
is written by `tools/make_lexicon.py` into `german_terms_generated.txt` and
`vocabulary_generated.txt` next to this module (`make lexicon` after changing nlu/; a test
fails while they are out of date). The running assistant reads only these packaged text files
and the facts, never nlu/, which an installed package does not have.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.language.supported import SUPPORTED

_HERE = Path(__file__).resolve().parent
TERMS_FILE = _HERE / "german_terms.txt"
GENERATED_TERMS_FILE = _HERE / "german_terms_generated.txt"
VOCABULARY_FILE = _HERE / "vocabulary_generated.txt"
CONTENT_DIR = _HERE.parent / "content"

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
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
    """Word counts (lower case) of each language's training data (`vocabulary_generated.txt`)."""
    return read_vocabularies(VOCABULARY_FILE.read_text(encoding="utf-8"))


def read_vocabularies(text: str) -> dict[str, Counter[str]]:
    """The vocabularies from lines "<lang> <word> <count>" (tab-separated; "#" comments)."""
    found: dict[str, Counter[str]] = {lang: Counter() for lang in SUPPORTED}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        lang, word, count = line.split("\t")
        found[lang][word] = int(count)
    return found


@lru_cache(maxsize=1)
def german_terms() -> frozenset[str]:
    """Folded keys of every term that never counts as German evidence."""
    curated = [fold(word) for word in _listed(TERMS_FILE)]
    never = {word[1:] for word in curated if word.startswith("!")}
    terms = {word for word in curated if not word.startswith("!")}
    terms |= {fold(word) for word in _content_names()}
    terms |= {fold(word) for word in _listed(GENERATED_TERMS_FILE)}
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


def _listed(path: Path) -> Iterator[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
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
                if word[:1].isupper() and len(word) >= MIN_DERIVED and looks_german(word):
                    yield word


def looks_german(word: str, vocab: Mapping[str, Counter[str]] | None = None) -> bool:
    """A German-spelled word that is not (more often) an English or Turkish word in `vocab`
    (the training vocabularies; those of `vocabulary_generated.txt` unless given)."""
    if not _GERMAN_LETTERS.fullmatch(word):
        return False
    vocab = vocabularies() if vocab is None else vocab
    lower = word.lower()
    german = vocab["de"][lower]
    return german >= max(vocab["en"][lower], vocab["tr"][lower]) and (
        german > 0 or any(ch in lower for ch in "äöüß") or len(lower) >= 10
    )
