"""The supported languages, their native names and writing direction.

Why here: every channel, the NLG renderer and the language policy need the same
list; it mirrors `languages` in the shared NLU contract (a test keeps them equal).
"""

from __future__ import annotations

from typing import Final

# ISO 639-1 code -> name in the language itself (what a newcomer recognises).
NATIVE_NAMES: Final[dict[str, str]] = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "uk": "Українська",
    "ru": "Русский",
    "tr": "Türkçe",
}
SUPPORTED: Final[tuple[str, ...]] = tuple(NATIVE_NAMES)
RTL: Final[frozenset[str]] = frozenset({"ar", "fa"})
DEFAULT: Final[str] = "de"


def is_supported(code: object) -> bool:
    """True for a contract language code (case-sensitive, as the contract writes them)."""
    return isinstance(code, str) and code in NATIVE_NAMES


def direction(code: str) -> str:
    """Writing direction for clients: `rtl` for Arabic and Farsi, else `ltr`."""
    return "rtl" if code in RTL else "ltr"


def normalise_hint(hint: object) -> str | None:
    """Turn a client hint such as `ar-SY`, `uk_UA` or `FA` into a supported code, or None."""
    if not isinstance(hint, str):
        return None
    code = hint.strip().replace("_", "-").split("-")[0].lower()
    return code if code in NATIVE_NAMES else None
