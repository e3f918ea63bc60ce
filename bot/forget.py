""" "Delete my data": everything the assistant stored about one conversation goes.

Why in `bot/` after the turn: the Rasa tracker itself is deleted, which an action
cannot do (Rasa saves the tracker at the end of every turn). The user confirms in
the chat first (`utter_delete_my_data`, then "yes"); `action_answer_affirm` sends
the `forget` signal (bot/signals.py) with its answer, and `Conversations` calls
`forget` once Rasa has finished the turn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.booking.store import Appointment, BookingStore
from bot.db.engine import checkpoint
from bot.handoff.store import HandoffStore
from bot.rasa_client import RasaClient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Forgetter:
    bookings: BookingStore
    handoffs: HandoffStore
    rasa: RasaClient

    async def forget(self, conversation_id: str) -> list[Appointment]:
        """Deletes the tracker first (raises RasaUnavailable and keeps everything if that
        fails, so the user can simply try again), then the application's data. Returns
        the upcoming appointments that were cancelled, so the user can be told."""
        await self.rasa.forget(conversation_id)
        cancelled = await self.bookings.run(self.bookings.forget, conversation_id)
        await self.handoffs.run(self.handoffs.forget, conversation_id)
        # No copy of the deleted rows may stay in SQLite's write-ahead log.
        await self.bookings.run(checkpoint, self.bookings.engine, self.handoffs.engine)
        log.info("deleted a conversation's data on request (%d cancelled)", len(cancelled))
        return cancelled
