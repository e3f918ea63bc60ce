"""Tables of the application database and how to connect to it.

Why SQLAlchemy Core on the 1.4 line: Rasa pins it, and the same code must run on
SQLite (embedded default) and PostgreSQL (one URL). The schema is created and
changed only by Alembic migrations (`python -m bot migrate`), never by `create_all`
in production code.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import TypeDecorator

from bot.private_files import private_database_file, var_dir

P = ParamSpec("P")
T = TypeVar("T")
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


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


appointments = Table(
    "appointments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(16), nullable=False, unique=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("channel", String(32), nullable=False),
    Column("language", String(8), nullable=False),
    Column("service", String(64), nullable=False),
    Column("concern", String(64), nullable=False),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
    Column("desk", Integer, nullable=False),
    Column("status", String(16), nullable=False, default="booked"),
    Column("contact_name", Text, nullable=True),
    Column("contact", Text, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("cancelled_at", UTCDateTime(), nullable=True),
    # Who booked, for the booking limits: a keyed hash of the client's address or channel
    # user (bot/client_key.py), never the address itself; None for staff bookings.
    Column("client", String(40), nullable=True),
    Index("ix_appointments_service_starts_at", "service", "starts_at"),
    Index("ix_appointments_client_created_at", "client", "created_at"),
)

# One row per occupied grid cell of a desk. The unique constraint is what makes a
# double booking impossible: two transactions cannot both insert the same cell.
desk_cells = Table(
    "desk_cells",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "appointment_id",
        Integer,
        ForeignKey("appointments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("service", String(64), nullable=False),
    Column("desk", Integer, nullable=False),
    Column("cell_start", UTCDateTime(), nullable=False),
    UniqueConstraint("service", "desk", "cell_start", name="uq_desk_cells_seat"),
)

waitlist = Table(
    "waitlist",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(128), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("language", String(8), nullable=False),
    Column("service", String(64), nullable=False),
    Column("concern", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("notified_at", UTCDateTime(), nullable=True),
    UniqueConstraint("conversation_id", "service", "concern", name="uq_waitlist_person"),
)

# Messages for a user that arrive outside a turn (e.g. "a time became free").
# Each channel delivers and marks them; the web chat polls for them.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("channel", String(32), nullable=False),
    Column("language", String(8), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("arguments", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("delivered_at", UTCDateTime(), nullable=True),
)


class InWorkerThreads:
    """Stores are synchronous (SQLAlchemy Core 1.4); async callers run their methods in a
    worker thread with `await store.run(store.method, ...)`, so the event loop never blocks."""

    async def run(self, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await asyncio.to_thread(func, *args, **kwargs)


def database_url() -> str:
    """`KOMM_MIT_DATABASE_URL`, else SQLite in the var directory (embedded default)."""
    url = os.environ.get("KOMM_MIT_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{os.path.abspath(var_dir() / 'komm-mit.db')}"


def make_engine(url: str | None = None, *, sync_every_commit: bool = True) -> Engine:
    """The engine for our SQLite or PostgreSQL databases (the application's and, for SQLite,
    Rasa's tracker store, see rasa_ext/tracker_store.py).

    SQLite: write-ahead log, foreign keys, a 30 s busy wait, and connections kept open
    (SQLAlchemy 1.4 would open one per transaction for a file; 2.0 pools them too).
    `secure_delete` overwrites deleted rows with zeros (see `checkpoint` for the log), and
    the files are readable by the owner only (bot/private_files.py).
    `sync_every_commit=False` syncs at checkpoints only: a power cut may lose the last
    commits, never the file. Only for data that can be lost that way (conversations).
    """
    url = url or database_url()
    if url.startswith("sqlite"):
        database = make_url(url).database
        in_memory = database in (None, "", ":memory:")
        if not in_memory and not str(database).startswith("file:"):
            private_database_file(str(database))
        engine = create_engine(
            url,
            future=True,
            hide_parameters=True,  # error messages and logs never show what users wrote
            connect_args={"check_same_thread": False, "timeout": 30},
            **({} if in_memory else {"poolclass": QueuePool}),
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA secure_delete=ON")
            if not sync_every_commit:
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(
        url,
        future=True,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
    )


def checkpoint(*engines: Engine) -> None:
    """After deleting personal data: SQLite copies its write-ahead log into the database
    file and empties the log (`wal_checkpoint(TRUNCATE)`), so no deleted row stays in
    the `-wal` file; `secure_delete` has zeroed it in the database file. PostgreSQL
    needs nothing here (its own VACUUM reclaims the space)."""
    seen: set[str] = set()
    for engine in engines:
        if engine.dialect.name != "sqlite" or str(engine.url) in seen:
            continue
        seen.add(str(engine.url))
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
