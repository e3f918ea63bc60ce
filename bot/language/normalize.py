"""Text normalisation for understanding (not for display).

Why: newcomers type the same Arabic/Persian word with different letter forms,
diacritics, tatweel and digit sets; the classifier should see one form.
"""

from __future__ import annotations

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


def normalise(text: str) -> str:
    """Fold letter variants, digits and Arabic diacritics; lower-case the rest."""
    text = unicodedata.normalize("NFC", text).lower().translate(_LETTERS).translate(_DIGITS)
    # Arabic harakat and similar combining marks carry no meaning for intent detection.
    text = "".join(ch for ch in text if not ("\u064b" <= ch <= "\u065f" or ch == "\u0670"))
    return text
