"""What a person sees in a reply: its script, and whether it is the answer of a topic."""

from __future__ import annotations

import re
from typing import Any

from bot.texts import Context, render
from tests.test_stack import Chat, texts

RANGES = {
    "ar": ("\u0600", "\u06ff"),
    "fa": ("\u0600", "\u06ff"),
    "uk": ("\u0400", "\u04ff"),
    "ru": ("\u0400", "\u04ff"),
}


def letters(text: str, lang: str) -> float:
    """The share of the letters of `text` written in the script of `lang`."""
    found = [ch for ch in re.sub(r"https?://\S+", "", text) if ch.isalpha()]
    if not found:
        return 0.0
    if lang in RANGES:
        low, high = RANGES[lang]
        return sum(low <= ch <= high for ch in found) / len(found)
    return sum(ch.isascii() or ch in "äöüßçğışéÄÖÜÇĞİŞ" for ch in found) / len(found)


def reads_as(answer: dict[str, Any], lang: str) -> None:
    """The reply is in `lang`: the API says so, and most of its letters are in that script
    (German names of offices and links stay as they are)."""
    assert answer["language"] == lang, (answer["language"], texts(answer))
    assert letters(texts(answer), lang) > 0.5, texts(answer)
    if lang == "ar" or lang == "fa":
        assert answer["direction"] == "rtl"


def opened(stack: Any, lang: str, hello: str) -> Chat:
    """A conversation the person opened with a greeting in their language (no hint)."""
    chat = Chat(stack)
    reads_as(chat.say(hello), lang)
    return chat


def rendered(name: str, lang: str, arguments: dict[str, Any] | None = None, **slots: Any) -> str:
    """The whole text of response `name` as the assistant writes it in `lang`."""
    ctx = Context(lang=lang, slots=slots, arguments=arguments or {})
    return render(name, ctx).text


def opening(name: str, lang: str, **slots: Any) -> str:
    """The first line of response `name` as the assistant writes it in `lang`
    (from bot/texts and the content file), e.g. the first sentence block of a topic."""
    return render(name, Context(lang=lang, slots=slots)).text.split("\n")[0]


def answered(answer: dict[str, Any], name: str, lang: str, **slots: Any) -> None:
    """The reply contains the answer `name` in `lang` (its first line, word for word)."""
    assert opening(name, lang, **slots) in texts(answer), (name, texts(answer))
