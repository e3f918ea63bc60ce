"""Column types and column groups shared by the tables (tables.py) and the migrations.

Why shared with the migrations: a migration must create exactly what tables.py
describes, so both build these columns with the same code. A migration that ran once
must never change, so these are frozen: a different column needs a new helper and a
new migration (tests/db/test_migrations.py pins the schema the migrations create).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Protocol

from sqlalchemy import Column, DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and reads them back as aware UTC.

    Why: SQLite has no time zones; storing UTC everywhere keeps comparisons and
    unique constraints exact across daylight-saving changes.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        assert isinstance(moment, datetime)
        return moment.replace(tzinfo=timezone.utc)


def recipient(*, indexed: bool = False) -> list[Column[Any]]:
    """Whom a row speaks to: the conversation, its channel and the reply language (the
    `Who` of a booking, the person of a handoff or notice). `indexed` adds the index on
    the conversation (tables.py only; migrations create their indexes themselves)."""
    return [
        Column("conversation_id", String(128), nullable=False, index=indexed),
        Column("channel", String(32), nullable=False),
        Column("language", String(8), nullable=False),
    ]


class Recipient(Protocol):
    """Whom a row is about: a booking's `Who`, an appointment, a handoff, a row."""

    @property
    def conversation_id(self) -> str: ...

    @property
    def channel(self) -> str: ...

    @property
    def language(self) -> str: ...


def recipient_values(to: Recipient) -> dict[str, str]:
    """The values of the `recipient()` columns for a row about `to`."""
    return {"conversation_id": to.conversation_id, "channel": to.channel, "language": to.language}


def concern() -> list[Column[Any]]:
    """What a booking or a waiting-list entry is for: the service and its concern."""
    return [
        Column("service", String(64), nullable=False),
        Column("concern", String(64), nullable=False),
    ]
