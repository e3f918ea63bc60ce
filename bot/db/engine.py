"""How to connect to the application database: its URL and one engine per URL.

Why one shared engine: every store of a process (bookings, handoffs, staff accounts,
Telegram buttons) uses the same database, so they share one connection pool instead of
borrowing each other's. The same code runs on SQLite (embedded default) and PostgreSQL.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

from bot.private_files import private_database_file, var_dir
from bot.settings import Settings


def database_url() -> str:
    """`KOMM_MIT_DATABASE_URL`, else SQLite in the var directory (embedded default)."""
    url = Settings.from_env().database_url
    if url:
        return url
    return f"sqlite:///{os.path.abspath(var_dir() / 'komm-mit.db')}"


def shared_engine(url: str | None = None) -> Engine:
    """The process's one engine (one connection pool) for a database URL, default
    `database_url()`; every store of the application database takes it from here."""
    return _shared_engine(url or database_url())


@lru_cache(maxsize=4)
def _shared_engine(url: str) -> Engine:
    return make_engine(url)


def make_engine(url: str | None = None, *, sync_every_commit: bool = True) -> Engine:
    """A new engine for our SQLite or PostgreSQL databases (the application's and, for
    SQLite, Rasa's tracker store, see rasa_ext/tracker_store.py).

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
