"""The scheduled deletion of old data (run hourly by every `bot/` process; idempotent).

What goes, and when (see docs/privacy.md):
- conversations (Rasa trackers) without activity for `conversations` (default 90 days),
  and transcripts of handoffs that ended that long ago;
- appointments over for longer than `appointments` (default 90 days);
- contact details as soon as an appointment is over; delivered notices and answered
  waiting-list entries after a week (the booking store's own purge);
- staff sessions that ended and failed-login records older than 15 minutes;
- long Telegram button payloads after 30 days (such old buttons then say "no longer active").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.booking.store import BookingStore
from bot.db.engine import checkpoint
from bot.handoff.store import HandoffStore
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.staff.accounts import StaffAccounts
from bot.telegram.buttons import ButtonStore

log = logging.getLogger(__name__)


@dataclass
class Retention:
    bookings: BookingStore
    handoffs: HandoffStore
    accounts: StaffAccounts
    rasa: RasaClient
    conversations: timedelta = timedelta(days=90)
    appointments: timedelta = timedelta(days=90)
    buttons: ButtonStore | None = None

    async def run_once(self) -> dict[str, int]:
        """One pass; returns how much of what was deleted (numbers only, no content)."""
        removed = await self.bookings.run(self.bookings.purge)
        removed["appointments"] = await self.bookings.run(
            self.bookings.expire_appointments, self.appointments
        )
        removed["transcripts"] = await self.handoffs.run(self.handoffs.purge, self.conversations)
        removed["staff_records"] = await self.accounts.run(self.accounts.purge)
        if self.buttons is not None:  # Telegram buttons older than 30 days stop working
            removed["telegram_buttons"] = await self.buttons.run(self.buttons.purge)
        engines = [self.bookings.engine, self.handoffs.engine, self.accounts.engine]
        # No copy of the deleted rows may stay in SQLite's write-ahead log.
        await self.bookings.run(
            checkpoint, *engines, *([self.buttons.engine] if self.buttons else [])
        )
        cutoff = self.bookings.clock() - self.conversations
        try:
            removed["conversations"] = await self.rasa.expire(cutoff.timestamp())
        except RasaUnavailable as error:  # tried again next hour
            log.warning("expiring old conversations in Rasa failed: %s", error)
        return removed
