"""One user turn, whatever the channel: commands, language detection, Rasa, reply.

Why: Telegram and the web chat must behave the same, so routing, language
handling and the shape of a reply live here once and channels only translate
their own formats to and from `Turn`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot import commands
from bot.detect import detect
from bot.language_policy import choose_language
from bot.languages import direction, is_supported, normalise_hint
from bot.rasa_client import RasaClient
from bot.responses import api_error_text, unsupported_language_text


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

    @property
    def direction(self) -> str:
        return direction(self.language)

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "direction": self.direction,
            "messages": [m.as_dict() for m in self.messages],
        }


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


class Conversations:
    def __init__(self, rasa: RasaClient) -> None:
        self._rasa = rasa

    async def handle(
        self, conversation_id: str, text: str, *, hint: str | None, channel: str
    ) -> Turn:
        """Send one message; raises `RasaUnavailable` when no answer could be made."""
        message = commands.resolve(text)
        metadata: dict[str, Any] = {"channel": channel}
        hinted = normalise_hint(hint)
        if hinted:
            metadata["language_hint"] = hinted
        fallback_language = choose_language(None, hint=hint)
        if not commands.is_payload(message):
            found = detect(message)
            if found.unsupported:
                return Turn("en", [OutMessage(unsupported_language_text())])
            metadata["detected_language"] = found.clear
            metadata["guessed_language"] = found.guess
            fallback_language = choose_language(
                None, hint=hint, clear=found.clear, guess=found.guess
            )
        raw = await self._rasa.send(conversation_id, message, metadata)
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
        languages = [m["language"] for m in raw if is_supported(m.get("language"))]
        language = languages[-1] if languages else fallback_language
        if not messages:  # every turn answers; silence means a dependency failed mid-turn
            messages = [OutMessage(api_error_text("unavailable", language))]
        return Turn(language, messages)
