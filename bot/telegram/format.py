"""Turning our replies into Telegram messages: HTML-escaped text split at the limit,
buttons as inline keyboards.

Why split here: Telegram refuses texts over 4,096 characters. We cut at paragraph,
line or word boundaries of the plain text and escape each part afterwards, so an
escape sequence (`&amp;`) is never cut in half and no word is broken.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

TELEGRAM_LIMIT = 4096


def escaped_length(text: str) -> int:
    return len(html.escape(text, quote=False))


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Parts whose escaped length fits `limit`, cut at the last paragraph, line or space."""
    parts: list[str] = []
    rest = text.strip()
    while escaped_length(rest) > limit:
        cut = _cut_point(rest, limit)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def _cut_point(text: str, limit: int) -> int:
    # The longest prefix whose escaped form fits; then back off to a boundary in it.
    fits = limit
    while escaped_length(text[:fits]) > limit:
        fits -= max(1, (escaped_length(text[:fits]) - limit) // 5)
    window = text[:fits]
    for boundary in ("\n\n", "\n", " "):
        at = window.rfind(boundary)
        if at > fits // 2:
            return at + len(boundary)
    return fits  # one enormous word: cut it, there is no better place


def as_html(text: str) -> str:
    """Everything we send is text: user-supplied or not, nothing is markup."""
    return html.escape(text, quote=False)


def keyboard(buttons: list[dict[str, str]]) -> InlineKeyboardMarkup | None:
    """One button per row: titles are translated and often long (Arabic, Ukrainian)."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b["title"], callback_data=b["payload"])] for b in buttons]
    )
