"""Language detection on user text, with lingua (restricted, offline, deterministic).

Why two answers: a *clear* detection may switch the conversation's language,
a mere *guess* only helps when nothing else is known; and text that is clearly
in a language we do not support gets the short bilingual notice instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from bot.language.supported import SUPPORTED

# Languages newcomers to the district often write in that we do not (yet) support.
# They are only here so that such text is recognised as "not supported" rather
# than forced into the nearest supported language.
UNSUPPORTED_CANDIDATES: tuple[str, ...] = (
    "fr", "es", "it", "pt", "pl", "ro", "sq", "so", "ur", "hi", "bn", "vi", "zh", "sr",
    "bg", "el", "hu", "nl", "hy", "ka", "az", "kk", "sw", "yo", "ko", "ja", "th",
)  # fmt: skip
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
MIN_LETTERS_CLEAR = 12  # "hi", "ok", "Termin" never switch a conversation
MIN_WORDS_CLEAR = 3
CLEAR_CONFIDENCE = 0.75
UNSUPPORTED_CONFIDENCE = 0.85  # share of all unsupported candidates together
UNSUPPORTED_TOP = 0.5  # and the single most likely one


@dataclass(frozen=True)
class Detection:
    clear: str | None  # a supported language, clearly written
    guess: str | None  # best supported guess, however weak
    unsupported: bool  # clearly written in a language we do not support


def _language(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    codes = (*SUPPORTED, *UNSUPPORTED_CANDIDATES)
    return (
        LanguageDetectorBuilder.from_languages(*(_language(code) for code in codes))
        .with_preloaded_language_models()
        .build()
    )


def detect(text: str) -> Detection:
    """Classify `text`; short or mixed text is never 'clear'."""
    letters = len(_LETTER.findall(text))
    if letters == 0:
        return Detection(None, None, False)
    values = detector().compute_language_confidence_values(text)
    if not values:
        return Detection(None, None, False)
    ranked = [(v.language.iso_code_639_1.name.lower(), v.value) for v in values]
    supported = [(code, value) for code, value in ranked if code in SUPPORTED]
    guess = supported[0][0] if supported else None
    long_enough = letters >= MIN_LETTERS_CLEAR and len(text.split()) >= MIN_WORDS_CLEAR
    top_code, top_value = ranked[0]
    if top_code not in SUPPORTED:
        # e.g. Spanish 0.79 + Portuguese 0.15: clearly none of ours, though no single one is sure
        # but gibberish ("qwxz vbnm") spreads thinly over many languages: no verdict then.
        supported_share = sum(value for _, value in supported)
        unsupported = (
            long_enough
            and top_value >= UNSUPPORTED_TOP
            and supported_share <= 1 - UNSUPPORTED_CONFIDENCE
        )
        return Detection(None, guess, unsupported)
    clear = top_code if long_enough and top_value >= CLEAR_CONFIDENCE else None
    return Detection(clear, guess, False)
