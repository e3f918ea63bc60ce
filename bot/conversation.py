"""One user turn, whatever the channel: commands, language detection, Rasa, reply.

Why: Telegram and the web chat must behave the same, so routing, language
handling and the shape of a reply live here once and channels only translate
their own formats to and from `Turn`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from bot import commands, metrics
from bot.detect import detect
from bot.forget import Forgetter
from bot.handoff.routing import HandoffRouter, is_leave, wants_booking
from bot.handoff.store import Handoff
from bot.language_policy import choose_language
from bot.languages import direction, is_supported, normalise_hint
from bot.logs import about_conversation
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.texts import Context, render
from bot.texts.channels import api_error_text, unsupported_language_text

log = logging.getLogger(__name__)


def wants_deletion(text: str) -> bool:
    return commands.resolve(text).startswith("/delete_my_data")


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
    # The bot then says nothing; staff answer later (outbox: web events, Telegram).
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


def _rendered(name: str, lang: str) -> OutMessage:
    reply = render(name, Context(lang=lang))
    return OutMessage(reply.text, [b.as_dict() for b in reply.buttons])


class Conversations:
    def __init__(
        self,
        rasa: RasaClient,
        handoffs: HandoffRouter | None = None,
        forgetter: Forgetter | None = None,
    ) -> None:
        self._rasa = rasa
        self.handoffs = handoffs
        self.forgetter = forgetter

    async def ready(self) -> bool:
        """Rasa answers with its model loaded (channels take messages only then)."""
        return await self._rasa.ready()

    async def handle(
        self,
        conversation_id: str,
        text: str,
        *,
        hint: str | None,
        channel: str,
        client: str | None = None,
    ) -> Turn:
        """One user message, measured (count per channel and language, latency, failures).

        `client` is the keyed hash of the sender's address or channel user
        (bot/client_key.py); it reaches the action server, which limits bookings by it."""
        about_conversation(conversation_id)  # its log lines show a tag instead of the id
        started = time.monotonic()
        try:
            turn = await self._handle(
                conversation_id, text, hint=hint, channel=channel, client=client
            )
        except RasaUnavailable:
            metrics.ERRORS.labels(channel).inc()
            raise
        metrics.MESSAGES.labels(channel, turn.language).inc()
        metrics.LATENCY.labels(channel).observe(time.monotonic() - started)
        return turn

    async def _handle(
        self,
        conversation_id: str,
        text: str,
        *,
        hint: str | None,
        channel: str,
        client: str | None = None,
    ) -> Turn:
        """Send one message; raises `RasaUnavailable` when no answer could be made.

        While staff have the conversation, the message goes to them and the turn is
        empty (`handoff` says so); `/bot` gives the conversation back to the bot.
        """
        metadata: dict[str, Any] = {"channel": channel}
        if client:
            metadata["client"] = client
        hinted = normalise_hint(hint)
        if hinted:
            metadata["language_hint"] = hinted
        handoff = await self.handoffs.current(conversation_id) if self.handoffs else None
        if self.handoffs and is_leave(text):
            return await self._leave(conversation_id, handoff, text, hint=hint, metadata=metadata)
        if self.handoffs and handoff is not None and handoff.is_open and wants_deletion(text):
            # "Delete my data" must work even while waiting for staff: leave the queue first.
            await self.handoffs.leave(handoff)
            handoff = None
        if self.handoffs and handoff is not None and handoff.is_open:
            await self.handoffs.to_staff(handoff, text, metadata)
            return Turn(handoff.language, [], handoff.state())
        if self.handoffs and handoff is not None and handoff.needs_resume:
            await self.handoffs.resume(handoff)  # staff closed it while Rasa was unreachable
        return await self._to_bot(conversation_id, text, metadata, hint)

    async def _leave(
        self,
        conversation_id: str,
        handoff: Handoff | None,
        text: str,
        *,
        hint: str | None,
        metadata: dict[str, Any],
    ) -> Turn:
        assert self.handoffs is not None
        lang = handoff.language if handoff else choose_language(None, hint=hint)
        notes: list[OutMessage] = []
        if handoff is not None and handoff.is_open:
            await self.handoffs.leave(handoff)
            notes.append(_rendered("utter_handoff_left", lang))
        elif handoff is not None and handoff.needs_resume:
            await self.handoffs.resume(handoff)
        if wants_booking(text):
            service = handoff.service if handoff else None
            payload = (
                f'/book_appointment{{"service": "{service}"}}' if service else "/book_appointment"
            )
            metadata = {**metadata, "language_hint": lang}
            turn = await self._to_bot(conversation_id, payload, metadata, lang)
            return Turn(turn.language, notes + turn.messages)
        return Turn(lang, notes or [_rendered("utter_handoff_not_active", lang)])

    async def _forget(self, conversation_id: str, language: str) -> Turn:
        assert self.forgetter is not None
        try:
            cancelled = await self.forgetter.forget(conversation_id)
        except RasaUnavailable as error:
            log.warning("deleting a conversation failed (nothing deleted): %s", error)
            return Turn(language, [OutMessage(api_error_text("unavailable", language))])
        reply = render(
            "utter_data_deleted",
            Context(lang=language, arguments={"cancelled": [a.reference for a in cancelled]}),
        )
        return Turn(language, [OutMessage(reply.text)], deleted=True)

    async def _to_bot(
        self, conversation_id: str, text: str, metadata: dict[str, Any], hint: str | None
    ) -> Turn:
        message = commands.resolve(text)
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
        if self.forgetter and any(m.get("forget") for m in raw):  # the user confirmed deletion
            return await self._forget(conversation_id, language)
        state = None
        if self.handoffs and any(m.get("handoff") for m in raw):  # this turn asked for a person
            started = await self.handoffs.current(conversation_id)
            if started is not None and started.is_open:
                state = started.state()
        return Turn(language, messages, state)
