"""The outbox: messages for a person outside a turn, written by `notify` and delivered by
their channel.

Why one outbox for every cause (a time became free, an office cancelled, staff took or
closed a handoff): the notice is written in the same transaction as its cause, so it is
sent exactly when the cause happened, and every channel and `bot/` process delivers
them the same way (Telegram takes them, the web chat reads them until its client
confirms).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from bot.db.columns import Recipient, recipient_values
from bot.db.store import Store
from bot.db.tables import outbox

DELIVERED_NOTICE_DAYS = 7  # a delivered notice is kept a week
UNCONFIRMED_NOTICE_DAYS = 30  # a notice the person never saw is of no use after a month


@dataclass(frozen=True)
class Notice:
    id: int
    conversation_id: str
    channel: str
    language: str
    kind: str
    arguments: dict[str, Any]

    @classmethod
    def from_row(cls, r: Any) -> Notice:
        return cls.from_mapping(r._mapping)

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any]) -> Notice:
        arguments = json.loads(m["arguments"])
        return cls(m["id"], m["conversation_id"], m["channel"], m["language"], m["kind"], arguments)


def notify(
    conn: Connection, to: Recipient, kind: str, arguments: dict[str, Any], now: datetime
) -> None:
    """A message for a person outside a turn, in the same transaction as its cause; their
    channel delivers it (Telegram: `take_channel_notices`; web: `pending_notices` until the
    client confirms)."""
    conn.execute(
        insert(outbox).values(
            **recipient_values(to),
            kind=kind,
            arguments=json.dumps(arguments, ensure_ascii=False),
            created_at=now,
        )
    )


def drop_old_notices(conn: Connection, now: datetime) -> int:
    """Delivered notices after a week, and after 30 days those nobody confirmed (the
    person never came back to the chat)."""
    week_ago = now - timedelta(days=DELIVERED_NOTICE_DAYS)
    month_ago = now - timedelta(days=UNCONFIRMED_NOTICE_DAYS)
    return int(
        conn.execute(
            delete(outbox).where(
                (outbox.c.delivered_at.is_not(None) & (outbox.c.delivered_at < week_ago))
                | (outbox.c.delivered_at.is_(None) & (outbox.c.created_at < month_ago))
            )
        ).rowcount
    )


class Outbox(Store):
    """Reading and marking notices (the booking store hands them to the channels)."""

    def pending_notices(self, conversation_id: str, after: int = 0) -> list[Notice]:
        """Undelivered notices of a (web) conversation with ids above the cursor `after`.

        Nothing is marked: whoever reads them, the person gets them until their client
        confirms what it showed (`ack_notices`)."""
        rows = self.rows(
            select(outbox)
            .where(
                outbox.c.conversation_id == conversation_id,
                outbox.c.delivered_at.is_(None),
                outbox.c.id > after,
            )
            .order_by(outbox.c.id)
        )
        return [Notice.from_mapping(m) for m in rows]

    def ack_notices(self, conversation_id: str, up_to: int) -> int:
        """The client showed this conversation's notices up to id `up_to`: delivered."""
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    update(outbox)
                    .where(
                        outbox.c.conversation_id == conversation_id,
                        outbox.c.delivered_at.is_(None),
                        outbox.c.id <= up_to,
                    )
                    .values(delivered_at=self.clock())
                ).rowcount
            )

    def take_channel_notices(self, channel: str, limit: int = 50) -> list[Notice]:
        """Undelivered notices of a push channel (Telegram), marked delivered."""
        with self.engine.begin() as conn:
            query = (
                select(outbox)
                .where(outbox.c.channel == channel, outbox.c.delivered_at.is_(None))
                .order_by(outbox.c.id)
                .limit(limit)
            )
            if conn.dialect.name == "postgresql":  # two replicas never send the same notice
                query = query.with_for_update(skip_locked=True)
            rows = conn.execute(query).all()
            if rows:
                conn.execute(
                    update(outbox)
                    .where(outbox.c.id.in_([r.id for r in rows]))
                    .values(delivered_at=self.clock())
                )
        return [Notice.from_row(r) for r in rows]
