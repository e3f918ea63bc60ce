"""Button payloads longer than Telegram's 64 bytes of callback data, kept in the database.

Why not python-telegram-bot's in-memory callback cache: with several `bot/` replicas
behind a load balancer, the click may reach another replica than the one that sent
the button, and a restart would forget every button. The database is shared by all
replicas and survives restarts. Short payloads go to Telegram as they are.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, insert, select

from bot.db.store import Store
from bot.db.tables import telegram_buttons

LIMIT = 64  # bytes of callback data Telegram accepts
PREFIX = "k:"  # never the start of a payload (those start with "/")


class ButtonStore(Store):
    def short(self, payload: str) -> str:
        """What goes into the button: the payload itself, or a key to it."""
        if len(payload.encode()) <= LIMIT and not payload.startswith(PREFIX):
            return payload
        token = secrets.token_urlsafe(12)
        with self.engine.begin() as conn:
            conn.execute(
                insert(telegram_buttons).values(
                    token=token, payload=payload, created_at=self.clock()
                )
            )
        return PREFIX + token

    def resolve(self, data: str) -> str | None:
        """The payload of a clicked button; None when a kept payload has expired."""
        if not data.startswith(PREFIX):
            return data
        with self.engine.connect() as conn:
            found = conn.execute(
                select(telegram_buttons.c.payload).where(
                    telegram_buttons.c.token == data[len(PREFIX) :]
                )
            ).scalar_one_or_none()
        return str(found) if found is not None else None

    def purge(self, keep: timedelta = timedelta(days=30)) -> int:
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    delete(telegram_buttons).where(
                        telegram_buttons.c.created_at < self.clock() - keep
                    )
                ).rowcount
            )
