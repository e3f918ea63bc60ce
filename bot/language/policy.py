"""Which language the assistant answers in, decided once per user turn.

Why a pure function: the rule (explicit choice > client hint > detection, and
stay put until the user clearly writes in another supported language) is the
part people argue about; it is tested on its own, without Rasa.
"""

from __future__ import annotations

from typing import Any

from bot.language.supported import DEFAULT, is_supported, normalise_hint


def choose_language(
    current: str | None,
    *,
    requested: str | None = None,
    hint: str | None = None,
    clear: str | None = None,
    guess: str | None = None,
) -> str:
    """Return the conversation's reply language.

    current:   the language so far (None at the start)
    requested: an explicit choice ("can we speak Arabic?", a language button, /language)
    hint:      the client's language (browser, Telegram `language_code`)
    clear:     detection on this message when it is clearly one supported language
    guess:     detection's best guess when it is not clear (short texts)
    """
    if is_supported(requested):
        return str(requested)
    if is_supported(clear):
        return str(clear)
    if is_supported(current):
        return str(current)
    hinted = normalise_hint(hint)
    if hinted:
        return hinted
    if is_supported(guess):
        return str(guess)
    return DEFAULT


def choose_for_message(
    current: str | None, metadata: dict[str, Any], requested: str | None = None
) -> str:
    """`choose_language` with the hint and detection a channel put into the message metadata
    (see `bot.conversation.Conversations.handle`, which writes these keys)."""
    return choose_language(
        current,
        requested=requested,
        hint=metadata.get("language_hint"),
        clear=metadata.get("detected_language"),
        guess=metadata.get("guessed_language"),
    )


def requested_language(value: object) -> str | None:
    """The code behind a `language` entity value (synonyms map names to codes)."""
    if is_supported(value):
        return str(value)
    return normalise_hint(value)
