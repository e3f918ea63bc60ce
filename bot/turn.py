"""What a turn answers, whatever the channel: `Turn` and its `OutMessage`s.

Why apart from the routing in `bot/conversation.py`: channels (web chat, Telegram)
only translate a `Turn` to their own format, and what users may see of Rasa's
messages is decided here once: text, buttons, our own links and a venue, never
the actions' control signals or anything else Rasa passes along.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.language.supported import direction, is_supported
from bot.texts import Context, render
from bot.texts.channels import api_error_text


@dataclass(frozen=True)
class OutMessage:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    attachment: dict[str, str] | None = None
    venue: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "buttons": self.buttons}
        if self.attachment:
            out["attachment"] = self.attachment
        if self.venue:
            out["venue"] = self.venue
        return out


@dataclass(frozen=True)
class Turn:
    language: str
    messages: list[OutMessage]
    # Set while staff have the conversation: {"status": "waiting"|"claimed", "service": ...}.
    # The bot then only acknowledges while waiting; staff answer later (outbox).
    handoff: dict[str, str] | None = None
    # The user's data was deleted: clients forget the conversation id and start afresh.
    deleted: bool = False

    @property
    def direction(self) -> str:
        return direction(self.language)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "language": self.language,
            "direction": self.direction,
            "messages": [m.as_dict() for m in self.messages],
        }
        if self.handoff:
            out["handoff"] = self.handoff
        if self.deleted:
            out["deleted"] = True
        return out


def rendered(name: str, lang: str) -> OutMessage:
    """A response of ours that needs no arguments (e.g. "you left the queue")."""
    reply = render(name, Context(lang=lang))
    return OutMessage(reply.text, [b.as_dict() for b in reply.buttons])


def reply_language(raw: list[dict[str, Any]], fallback: str) -> str:
    """The language Rasa's last rendered message was in, else `fallback`."""
    languages = [str(m["language"]) for m in raw if is_supported(m.get("language"))]
    return languages[-1] if languages else fallback


def bot_messages(raw: list[dict[str, Any]], language: str) -> list[OutMessage]:
    """What users see of Rasa's messages; every turn answers, so silence (a dependency
    failed mid-turn) becomes "please try again"."""
    messages = [
        OutMessage(
            str(m.get("text") or ""),
            _buttons(m.get("buttons")),
            _attachment(m.get("attachment")),
            _venue(m.get("venue")),
        )
        for m in raw
        if m.get("text") or m.get("buttons")
    ]
    return messages or [OutMessage(api_error_text("unavailable", language))]


def _attachment(raw: Any) -> dict[str, str] | None:
    """Only our own relative links (e.g. a booking's .ics) are passed to clients."""
    if not isinstance(raw, dict) or not str(raw.get("url", "")).startswith("/api/"):
        return None
    return {key: str(raw[key]) for key in ("url", "filename", "type") if key in raw}


def _venue(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        return None
    try:
        return {
            "latitude": float(raw["latitude"]),
            "longitude": float(raw["longitude"]),
            "title": str(raw["title"]),
            "address": str(raw["address"]),
        }
    except (KeyError, TypeError, ValueError):
        return None


def _buttons(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        return []
    return [
        {"title": str(b["title"]), "payload": str(b["payload"])}
        for b in raw
        if isinstance(b, dict) and "title" in b and "payload" in b
    ]
