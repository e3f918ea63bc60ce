"""Text normalisation for understanding (not for display).

Why: newcomers type the same Arabic/Persian word with different letter forms,
diacritics, tatweel and digit sets; the classifier should see one form.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh -> Persian yeh
        "ى": "ی",  # alef maksura
        "ك": "ک",  # Arabic kaf -> keheh
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ئ": "ی",
        "\u200c": "",  # zero-width non-joiner (Persian half-space)
        "\u200d": "",
        "\u0640": "",  # tatweel
        "ё": "е",
    }
)
# Arabic-Indic and Persian digits -> ASCII
_DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)


def fold_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits (for parsers that only know those)."""
    return text.translate(_DIGITS)


# Where Arabic script meets Latin letters inside a word: "الDuldung", "بالAufenthaltstitel"
# (the Arabic article or preposition glued to a German office word) are two words.
_SCRIPT_BOUNDARY = re.compile(
    r"(?<=[\u0600-\u06ff])(?=[a-zäöüß])|(?<=[a-zäöüß])(?=[\u0600-\u06ff])", re.IGNORECASE
)


def script_pieces(word: str) -> list[tuple[int, str]]:
    """A word cut where Arabic script meets Latin letters: (offset, piece) pairs, so the
    tokenizer can give each piece its own token ("الDuldung": "ال", "Duldung")."""
    cuts = [0, *(m.start() for m in _SCRIPT_BOUNDARY.finditer(word)), len(word)]
    return [(a, word[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def normalise(text: str) -> str:
    """Fold letter variants, digits and Arabic diacritics; lower-case the rest; split
    Arabic-script prefixes and suffixes from a Latin word."""
    text = unicodedata.normalize("NFC", text).lower().translate(_LETTERS).translate(_DIGITS)
    # Arabic harakat and similar combining marks carry no meaning for intent detection.
    text = "".join(ch for ch in text if not ("\u064b" <= ch <= "\u065f" or ch == "\u0670"))
    return _SCRIPT_BOUNDARY.sub(" ", text)
