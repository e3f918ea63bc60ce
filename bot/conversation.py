"""One user turn, whatever the channel: who answers it, then the bot's turn.

Why: Telegram and the web chat must behave the same, so the routing lives here
once, in three steps: `/bot` leaves staff; while staff have the conversation the
message goes to them ("delete my data" leaves the queue first); otherwise the bot
answers through Rasa, and what its actions signal (bot/signals.py) is acted on
here: delete the data, report the handoff just opened. Channels only translate
their own formats to and from `Turn` (bot/turn.py).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from bot import commands, metrics, signals, turn_metrics
from bot.forget import Forgetter
from bot.handoff.routing import HandoffRouter
from bot.handoff.store import Handoff
from bot.language.detect import detect
from bot.language.policy import choose_language
from bot.language.supported import normalise_hint
from bot.logs import about_conversation
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.texts import Context, render
from bot.texts.channels import api_error_text, unsupported_language_text
from bot.turn import OutMessage, Turn, bot_messages, rendered, reply_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Conversations:
    """One per process, shared by the channels (the web chat API and Telegram)."""

    rasa: RasaClient
    handoffs: HandoffRouter
    forgetter: Forgetter

    async def ready(self) -> bool:
        """Rasa answers with its model loaded (channels take messages only then)."""
        return await self.rasa.ready()

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
        (bot/web/client_key.py); it reaches the action server, which limits bookings by it."""
        about_conversation(conversation_id)  # its log lines show a tag instead of the id
        started = time.monotonic()
        try:
            turn = await self._handle(conversation_id, text, _metadata(channel, client, hint), hint)
        except RasaUnavailable:
            metrics.ERRORS.labels(channel).inc()
            raise
        metrics.MESSAGES.labels(channel, turn.language).inc()
        metrics.LATENCY.labels(channel).observe(time.monotonic() - started)
        return turn

    async def _handle(
        self, conversation_id: str, text: str, metadata: dict[str, Any], hint: str | None
    ) -> Turn:
        """Who answers: staff (the bot at most says "staff will read it") or the bot.

        Raises `RasaUnavailable` when no answer could be made."""
        handoff = await self.handoffs.current(conversation_id)
        if commands.is_leave(text):
            return await self._leave(conversation_id, handoff, text, hint=hint, metadata=metadata)
        if handoff is not None and handoff.is_open:
            if not commands.wants_deletion(text):
                return await self._to_staff(handoff, text, metadata)
            await self.handoffs.leave(handoff)  # deleting works even while waiting for staff
        elif handoff is not None and handoff.needs_resume:
            await self.handoffs.resume(handoff)  # staff closed it while Rasa was unreachable
        return await self._to_bot(conversation_id, text, metadata, hint)

    async def _to_staff(self, handoff: Handoff, text: str, metadata: dict[str, Any]) -> Turn:
        """The message is kept for staff. While nobody has taken the conversation yet, the
        first message (and a later "is anyone there?") hears that staff will read it; the
        others, and all while a staff member is talking, get no answer from the bot."""
        acknowledge = await self.handoffs.needs_acknowledgement(handoff, text)
        await self.handoffs.to_staff(handoff, text, metadata)
        if not acknowledge:
            return Turn(handoff.language, [], handoff.state())
        reply = await self.handoffs.acknowledgement(handoff)
        message = OutMessage(reply.text, [b.as_dict() for b in reply.buttons])
        return Turn(handoff.language, [message], handoff.state())

    async def _leave(
        self,
        conversation_id: str,
        handoff: Handoff | None,
        text: str,
        *,
        hint: str | None,
        metadata: dict[str, Any],
    ) -> Turn:
        """`/bot`: back to the bot; `/bot book` then starts a booking for the same service."""
        lang = handoff.language if handoff else choose_language(None, hint=hint)
        notes: list[OutMessage] = []
        if handoff is not None and handoff.is_open:
            await self.handoffs.leave(handoff)
            notes.append(rendered("utter_handoff_left", lang))
        elif handoff is not None and handoff.needs_resume:
            await self.handoffs.resume(handoff)
        if commands.wants_booking(text):
            service = handoff.service if handoff else None
            payload = (
                f'/book_appointment{{"service": "{service}"}}' if service else "/book_appointment"
            )
            metadata = {**metadata, "language_hint": lang}
            turn = await self._to_bot(conversation_id, payload, metadata, lang)
            return Turn(turn.language, notes + turn.messages)
        return Turn(lang, notes or [rendered("utter_handoff_not_active", lang)])

    async def _to_bot(
        self, conversation_id: str, text: str, metadata: dict[str, Any], hint: str | None
    ) -> Turn:
        """The bot's turn: a command's payload, or text with its detected language, to Rasa;
        then what the actions signalled: delete the data, or report the handoff opened."""
        message = commands.resolve(text)
        language = choose_language(None, hint=hint)
        if not commands.is_payload(message):
            found = detect(message)
            if found.unsupported:
                return Turn("en", [OutMessage(unsupported_language_text())])
            metadata["detected_language"] = found.clear
            metadata["guessed_language"] = found.guess
            language = choose_language(None, hint=hint, clear=found.clear, guess=found.guess)
        raw = await self.rasa.send(conversation_id, message, metadata)
        turn_metrics.count(raw)
        language = reply_language(raw, language)
        said = signals.names_in(raw)
        if signals.FORGET in said:  # the user confirmed the deletion
            return await self._forget(conversation_id, language)
        handoff = await self._opened_handoff(conversation_id) if signals.HANDOFF in said else None
        return Turn(language, bot_messages(raw, language), handoff)

    async def _opened_handoff(self, conversation_id: str) -> dict[str, str] | None:
        """The state of the handoff this turn opened (None if it is already over)."""
        opened = await self.handoffs.current(conversation_id)
        return opened.state() if opened is not None and opened.is_open else None

    async def _forget(self, conversation_id: str, language: str) -> Turn:
        """Delete everything about the conversation and say so (or "try again")."""
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


def _metadata(channel: str, client: str | None, hint: str | None) -> dict[str, Any]:
    """What Rasa and the actions learn about the message besides its text."""
    metadata: dict[str, Any] = {"channel": channel}
    if client:
        metadata["client"] = client
    hinted = normalise_hint(hint)
    if hinted:
        metadata["language_hint"] = hinted
    return metadata
