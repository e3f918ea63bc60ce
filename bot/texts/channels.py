"""What the web service and the channels say themselves, outside a Rasa turn.

Why here: the chat API's polite errors, the notice about unsupported languages and
Telegram's own short answers and command menu are user-facing texts like any answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.language.i18n import gettext_for
from bot.language.supported import NATIVE_NAMES


def unsupported_language_text() -> str:
    """The same short notice in English and German, listing languages by native name."""
    names = ", ".join(NATIVE_NAMES.values())
    parts = []
    for lang in ("en", "de"):
        _ = gettext_for(lang)
        parts.append(_("Sorry, I can only write in these languages: {languages}.", languages=names))
    return "\n".join(parts)


def api_error_text(code: str, lang: str, **kwargs: Any) -> str:
    """Polite texts for the chat API's error answers."""
    _ = gettext_for(lang)
    texts: dict[str, Callable[[], str]] = {
        "empty": lambda: _("Please write a message."),
        "too_long": lambda: _(
            "Your message is too long. Please write at most {limit} characters.", **kwargs
        ),
        "invalid": lambda: _("I can only read text messages. Please write your question as text."),
        "unavailable": lambda: _(
            "Sorry, the assistant is not available right now. Please try again in a few minutes."
        ),
        "not_found": lambda: _("This appointment was not found in this conversation."),
        "unknown_conversation": lambda: _(
            "This conversation is not known here. Please reload the page to start a new one."
        ),
        "forbidden_origin": lambda: _("This chat cannot be used from this website."),
        "rate_limited": lambda: _(
            "You are sending messages very quickly. Please wait {seconds} seconds and try again.",
            **kwargs,
        ),
    }
    return texts[code]()


def fixed_text(kind: str, lang: str) -> str:
    """Telegram's short answers that need no Rasa turn, in the user's language."""
    _ = gettext_for(lang)
    texts = {
        "not_text": lambda: api_error_text("invalid", lang),
        "edited": lambda: _(
            "I only read new messages, not edited ones. Please send your message again."
        ),
        "group": lambda: _(
            "I only talk in private chats, so that nobody else reads your questions. "
            "Please write to me directly."
        ),
        "expired": lambda: _(
            "This button is no longer active. Please use the newest buttons or write your question."
        ),
        "unavailable": lambda: api_error_text("unavailable", lang),
    }
    return texts[kind]()


def command_texts(lang: str) -> dict[str, str]:
    """Telegram's command menu: each chat command (bot/commands.py) with its description."""
    _ = gettext_for(lang)
    return {
        "start": _("Start the conversation"),
        "language": _("Choose your language"),
        "help": _("How this chat works"),
        "appointments": _("My appointments"),
        "human": _("Talk to a staff member"),
        "bot": _("Back to the assistant"),
        "delete": _("Delete my data"),
    }
