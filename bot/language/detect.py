"""Language detection on user text: the person's own words decide, by script first.

Why two answers: a *clear* detection may switch the conversation's language,
a mere *guess* only helps when nothing else is known; and text that is clearly
in a language we do not support gets the short bilingual notice instead.

How a message is judged (issue 16): German office words and names (`bot/language/lexicon.py`),
digits, URLs and emoji are taken out first, so "I need a Termin for my Aufenthaltserlaubnis" is
judged on "I need a for my". Then the script of most remaining words decides the family:
Arabic script is Arabic or Farsi, Cyrillic is Ukrainian or Russian (by the letters only one of
them has, і ї є ґ against ы э ъ ё, and by the words of each one's training data), Latin goes to
lingua. A message is clear only with enough words of its own (a foreign word inside a sentence
never switches) and when one language clearly has more of them; otherwise it is unclear and the
conversation keeps its language. Text mostly in Arabic or Cyrillic script, or made of words of
our training data (transliterations), is never called unsupported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from bot.language.lexicon import german_terms, is_german_term, vocabularies, words
from bot.language.supported import SUPPORTED

# Languages newcomers to the district often write in that we do not (yet) support.
# They are only here so that such text is recognised as "not supported" rather
# than forced into the nearest supported language.
UNSUPPORTED_CANDIDATES: tuple[str, ...] = (
    "fr", "es", "it", "pt", "pl", "ro", "sq", "so", "ur", "hi", "bn", "vi", "zh", "sr",
    "bg", "el", "hu", "nl", "hy", "ka", "az", "kk", "sw", "yo", "ko", "ja", "th",
)  # fmt: skip
MIN_LETTERS_CLEAR = 10  # "hi", "ok", "Termin" never switch a conversation
MIN_WORDS_CLEAR = 3  # words of the message's own language, office words not counted
MIN_SHARE_CLEAR = 0.6  # of the words left, in the deciding script
CLEAR_CONFIDENCE = 0.75
UNSUPPORTED_CONFIDENCE = 0.85  # share of all unsupported candidates together
UNSUPPORTED_TOP = 0.5  # and the single most likely one
OUTVOTE = 3  # Ukrainian against Russian words: the winner needs this many times the other's

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+", re.IGNORECASE)
_UK_LETTERS = frozenset("іїєґ")
_RU_LETTERS = frozenset("ыэъё")
# Letters of Cyrillic or Arabic-script languages that Ukrainian, Russian, Arabic and Farsi never
# use (Serbian, Macedonian, Kazakh, Belarusian; Urdu, Pashto): only they make such text foreign.
_FOREIGN_CYRILLIC = frozenset("ђјљњћџѓќѕәғқңөұүһў")
_FOREIGN_ARABIC = frozenset("ٹڈڑںےۓټډړږښڼېۍ")
_TRANSLITERATED = ("ar", "fa", "uk", "ru")


@dataclass(frozen=True)
class Detection:
    clear: str | None  # a supported language, clearly written
    guess: str | None  # best supported guess, however weak
    unsupported: bool  # clearly written in a language we do not support


def _language(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The Latin-script detector; it loads the lexicon and the Arabic-script and Cyrillic
    pairs too, so that everything is ready before the first request."""
    german_terms()
    _pair("ar", "fa")
    _pair("uk", "ru")
    codes = (*SUPPORTED, *UNSUPPORTED_CANDIDATES)
    return _build(codes)


@lru_cache(maxsize=4)
def _pair(first: str, second: str) -> LanguageDetector:
    return _build((first, second))


def _build(codes: Sequence[str]) -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*(_language(code) for code in codes))
        .with_preloaded_language_models()
        .build()
    )


def _script(word: str) -> str:
    ch = word[0]
    if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
        return "arabic"
    if "\u0400" <= ch <= "\u052f":
        return "cyrillic"
    if ch.isascii() or "\u00c0" <= ch <= "\u024f":
        return "latin"
    return "other"


def _letters(tokens: Sequence[str]) -> int:
    return sum(len(token.replace("'", "").replace("’", "")) for token in tokens)


def _long_enough(tokens: Sequence[str]) -> bool:
    return len(tokens) >= MIN_WORDS_CLEAR and _letters(tokens) >= MIN_LETTERS_CLEAR


def _ranked(found: LanguageDetector, text: str) -> list[tuple[str, float]]:
    values = found.compute_language_confidence_values(text)
    return [(v.language.iso_code_639_1.name.lower(), v.value) for v in values]


def _owner(word: str, languages: Sequence[str]) -> str | None:
    """The language whose training data uses `word` clearly more often than the others'."""
    vocab = vocabularies()
    counts = sorted(((vocab[lang][word.lower()], lang) for lang in languages), reverse=True)
    (top, lang), (second, _) = counts[0], counts[1]
    return lang if top > 0 and top >= 2 * second + 1 else None


def detect(text: str) -> Detection:
    """Classify `text` on its own words; short, mixed or office-word text is never 'clear'."""
    tokens = words(_URL.sub(" ", text))
    if not tokens:
        return Detection(None, None, False)
    own = [token for token in tokens if not is_german_term(token)]
    if not own:  # only office words and names: no evidence, at most a guess for a first message
        return Detection(None, _latin_guess(tokens), False)
    scripts: dict[str, list[str]] = {}
    for token in own:
        scripts.setdefault(_script(token), []).append(token)
    script, members = max(scripts.items(), key=lambda item: (len(item[1]), _letters(item[1])))
    dominant = len(members) / len(own) >= MIN_SHARE_CLEAR
    if script == "arabic":
        return _arabic_script(members, dominant)
    if script == "cyrillic":
        return _cyrillic(members, dominant)
    if script == "latin":
        return _latin(members, dominant)
    return _other(" ".join(own))


def _foreign_letters(tokens: Sequence[str], letters: frozenset[str]) -> bool:
    marked = sum(1 for token in tokens if letters & set(token.lower()))
    return marked >= 2 and marked >= 0.3 * len(tokens) and _long_enough(tokens)


def _arabic_script(tokens: list[str], dominant: bool) -> Detection:
    if _foreign_letters(tokens, _FOREIGN_ARABIC):  # Urdu, Pashto
        return Detection(None, None, True)
    ranked = _ranked(_pair("ar", "fa"), " ".join(tokens))
    if not ranked:
        return Detection(None, None, False)
    top, value = ranked[0]
    clear = top if dominant and _long_enough(tokens) and value >= CLEAR_CONFIDENCE else None
    return Detection(clear, top, False)


def _cyrillic(tokens: list[str], dominant: bool) -> Detection:
    if _foreign_letters(tokens, _FOREIGN_CYRILLIC):  # Serbian, Kazakh, ...
        return Detection(None, None, True)
    votes = {"uk": 0, "ru": 0}
    for token in tokens:
        letters = set(token.lower())
        if letters & _UK_LETTERS and not letters & _RU_LETTERS:
            votes["uk"] += 1
        elif letters & _RU_LETTERS and not letters & _UK_LETTERS:
            votes["ru"] += 1
        else:
            owner = _owner(token, ("uk", "ru"))
            if owner:
                votes[owner] += 1
    ranked = _ranked(_pair("uk", "ru"), " ".join(tokens))
    by_model = ranked[0][0] if ranked else "uk"
    winner, loser = sorted(votes, key=lambda lang: (votes[lang], lang == by_model), reverse=True)
    if votes[winner] == 0:  # no telling word: the letter model decides, and only when sure
        sure = bool(ranked) and ranked[0][1] >= 0.9
        clear = by_model if dominant and _long_enough(tokens) and sure else None
        return Detection(clear, by_model, False)
    outvoted = votes[winner] >= OUTVOTE * votes[loser] and votes[winner] >= 2
    clear = winner if dominant and _long_enough(tokens) and outvoted else None
    return Detection(clear, winner, False)


def _latin(tokens: list[str], dominant: bool) -> Detection:
    ranked = _ranked(detector(), " ".join(tokens))
    if not ranked:
        return Detection(None, None, False)
    supported = [(code, value) for code, value in ranked if code in SUPPORTED]
    guess = supported[0][0] if supported else None
    # Transliterated Arabic, Farsi, Ukrainian or Russian ("salam, man termin mikham"): words of
    # that language's training data; such a message is ours, though it stays "unclear".
    owners = [_owner(token, SUPPORTED) for token in tokens]
    known = sum(1 for token in tokens if any(v[token.lower()] for v in vocabularies().values()))
    translit = {lang: owners.count(lang) for lang in _TRANSLITERATED}
    best_translit = max(translit, key=lambda lang: translit[lang])
    top_code, top_value = ranked[0]
    # Against a language we do not support, a few borrowed words are not enough (Maghrebi
    # Arabizi borrows French "rendez-vous"): a third of the words must be that language's.
    borrowed = top_code not in SUPPORTED and translit[best_translit] * 3 < len(tokens)
    if (
        translit[best_translit] > max(owners.count(top_code), 1)
        and top_code != best_translit
        and not borrowed
    ):
        return Detection(None, best_translit, False)
    long_enough = _long_enough(tokens)
    if top_code not in SUPPORTED:
        # e.g. Spanish 0.79 + Portuguese 0.15: clearly none of ours, though no single one is sure
        # but gibberish ("qwxz vbnm") spreads thinly over many languages: no verdict then.
        supported_share = sum(value for _, value in supported)
        unsupported = (
            long_enough
            and known < len(tokens) / 2
            and top_value >= UNSUPPORTED_TOP
            and supported_share <= 1 - UNSUPPORTED_CONFIDENCE
        )
        return Detection(None, guess, unsupported)
    clear = top_code if dominant and long_enough and top_value >= CLEAR_CONFIDENCE else None
    return Detection(clear, guess, False)


def _latin_guess(tokens: list[str]) -> str | None:
    """For a message of office words only ("Termin"): German is the best guess there is."""
    ranked = _ranked(detector(), " ".join(tokens))
    supported = [code for code, _ in ranked if code in SUPPORTED]
    return supported[0] if supported else None


def _other(text: str) -> Detection:
    """Scripts none of our languages use (Chinese, Greek, Georgian, ...)."""
    ranked = _ranked(detector(), text)
    if not ranked or _letters(text.split()) < MIN_LETTERS_CLEAR:
        return Detection(None, None, False)
    top_code, top_value = ranked[0]
    return Detection(None, None, top_code not in SUPPORTED and top_value >= UNSUPPORTED_TOP)
