"""Who answers a message: the bot, or staff (while a handoff is open).

Why in `bot/` and not only in Rasa: the database says whether a person has the
conversation, for every channel and every process, so the bot can never answer
in between. Rasa still sees every message (its tracker is paused by
`action_request_human`), so its memory of the conversation stays complete, and
it is resumed here when the handoff ends.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.handoff.details import FACT_SLOTS, understood
from bot.handoff.hours import staffed_hours
from bot.handoff.presence import asks_if_anyone_is_there
from bot.handoff.store import Handoff, HandoffStore
from bot.language.detect import detect
from bot.live import STAFF, Live
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.texts import Context, Reply, render

log = logging.getLogger(__name__)


def staff_event(text: str, service: str) -> dict[str, Any]:
    """A staff message as a bot utterance in Rasa's tracker (marked as from staff)."""
    return {"event": "bot", "text": text, "metadata": {"staff": True, "service": service}}


RESUME_EVENTS: list[dict[str, Any]] = [
    {"event": "slot", "name": "handoff", "value": None},
    {"event": "resume"},
    {"event": "action", "name": "action_listen"},
]


class HandoffRouter:
    """Hands messages to staff while a handoff is open; writes the handoff into Rasa."""

    def __init__(self, store: HandoffStore, rasa: RasaClient, live: Live) -> None:
        self.store = store
        self.rasa = rasa
        self.live = live

    async def current(self, conversation_id: str) -> Handoff | None:
        """The conversation's handoff; None when the database cannot say.

        Failing open is safe: while staff have a conversation, Rasa's tracker is paused,
        so the bot still cannot answer in between; users just get "try again".
        """
        try:
            return await self.store.run(self.store.current, conversation_id)
        except SQLAlchemyError as error:
            log.warning("handoff state unknown (database): %s", error)
            return None

    async def to_staff(self, handoff: Handoff, text: str, metadata: dict[str, Any]) -> None:
        """Keep the message for staff; Rasa logs it too (paused, so it does not answer) and
        says what it understood, which staff see beside the line like the earlier ones."""
        found = detect(text) if not text.startswith("/") else None
        language = (found.clear or found.guess) if found else None
        details: dict[str, Any] | None = None
        try:
            parsed = await self.rasa.send_for_staff(
                handoff.conversation_id, text, metadata, FACT_SLOTS
            )
        except RasaUnavailable as error:  # staff get the message; the tracker misses one line
            log.warning("Rasa did not log a message during a handoff: %s", error)
        else:
            if parsed is not None:
                details = understood({"parse_data": parsed.parse_data}, parsed.slots)
        await self.store.run(self.store.add_user_message, handoff.id, text, language, details)
        await self.live.publish(STAFF)

    async def needs_acknowledgement(self, handoff: Handoff, text: str) -> bool:
        """Whether a message for staff is answered with "staff will read it" (asked before
        it is kept): the first one after the request, and "is anyone there?" later, but
        never while a staff member has the conversation (they are talking)."""
        if handoff.status != "waiting":
            return False
        if asks_if_anyone_is_there(text):
            return True
        return not await self.store.run(self.store.wrote_since_request, handoff)

    async def acknowledgement(self, handoff: Handoff) -> Reply:
        """ "Staff will read it": the place in the queue while staff are in the chat,
        else when they are next there."""
        hours = staffed_hours()
        now = self.store.clock()
        arguments: dict[str, Any] = {"service": handoff.service}
        if hours.is_staffed(handoff.service, now):
            arguments["position"] = await self.store.run(self.store.position, handoff)
        elif opens := hours.next_opening(handoff.service, now):
            arguments["opens_at"] = opens.isoformat()
        ctx = Context(lang=handoff.language, arguments=arguments)
        return render("utter_waiting_acknowledged", ctx)

    async def leave(self, handoff: Handoff) -> bool:
        """The user goes back to the bot; False when the handoff had ended already."""
        if await self.store.run(self.store.leave, handoff.id) is None:
            return False
        await self.resume(handoff)
        return True

    async def staff_said(self, handoff: Handoff, message_id: int, text: str) -> None:
        """Write a staff message into the tracker now; if Rasa is down, at resume time."""
        try:
            await self.rasa.append_events(
                handoff.conversation_id, [staff_event(text, handoff.service)]
            )
        except RasaUnavailable as error:
            log.warning("staff message not yet in the tracker: %s", error)
            return
        await self.store.run(self.store.mark_in_tracker, [message_id])

    async def resume(self, handoff: Handoff) -> bool:
        """Give the conversation back to the bot in Rasa (missing staff lines first)."""
        pending = await self.store.run(self.store.not_in_tracker, handoff.id)
        events = [staff_event(m.text, handoff.service) for m in pending] + RESUME_EVENTS
        try:
            await self.rasa.append_events(handoff.conversation_id, events)
        except RasaUnavailable as error:
            log.warning("could not resume the bot after a handoff (retried later): %s", error)
            return False
        await self.store.run(self.store.mark_in_tracker, [m.id for m in pending])
        await self.store.run(self.store.mark_resumed, handoff.id)
        return True
