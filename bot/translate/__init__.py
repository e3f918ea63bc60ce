"""Machine translation for the staff console: one small interface, one engine.

Staff and the person they help may not share a language. When the district runs its own
LibreTranslate server (`KOMM_MIT_TRANSLATE_URL`, bot/translate/libretranslate.py), the
console shows the person's messages in the staff member's language and sends free-text
replies in the person's language. Without it, `NoTranslator` says "off" and everything
works untranslated. No engine error ever reaches staff raw: `TranslationUnavailable.reason`
is one of a few words the console turns into a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

Reason = Literal["off", "down", "timeout", "unsupported", "bad_response"]


@dataclass(frozen=True)
class Translation:
    text: str
    source: str  # our language code (de en ar fa uk ru tr)
    target: str


class TranslationUnavailable(Exception):
    """Engine off, down, slow, or the language pair is not supported; `reason` says which
    (for staff, not raw errors)."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


class Translator(Protocol):
    @property
    def enabled(self) -> bool: ...

    async def translate(self, text: str, *, source: str | None, target: str) -> Translation:
        """`text` in `target`; `source` None lets the engine detect it.
        Raises TranslationUnavailable."""
        ...


class NoTranslator:
    """No engine configured (the default of `make run`)."""

    @property
    def enabled(self) -> bool:
        return False

    async def translate(self, text: str, *, source: str | None, target: str) -> Translation:
        raise TranslationUnavailable("off")
