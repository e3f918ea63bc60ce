"""The migrations create exactly the tables of bot/db/tables.py, never change once they
ran, and bring an existing database to the newest schema with its rows kept."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bot.db.migrate import alembic_config, upgrade
from bot.db.tables import metadata

SCHEMA = Path(__file__).resolve().parent.parent / "fixtures" / "schema.postgresql.sql"


def differences(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    return list(found)


def test_the_migrations_create_what_the_tables_module_describes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    assert differences(url) == []


def test_the_migrations_still_write_the_schema_they_always_wrote() -> None:
    """A migration that ran somewhere must never change (the shared column helpers of
    bot/db/columns.py are frozen). A new migration adds its DDL to the fixture."""
    config = alembic_config("postgresql://offline/komm_mit")
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    written = config.output_buffer.getvalue()
    expected = SCHEMA.read_text(encoding="utf-8")
    assert written == expected, "".join(
        difflib.unified_diff(expected.splitlines(True), written.splitlines(True))
    )


def test_migrating_an_existing_database_keeps_its_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0003")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO appointments (reference, conversation_id, channel, language,"
                " service, concern, starts_at, ends_at, desk, status, created_at) VALUES"
                " ('KM-7Q4P', 'w-1', 'web', 'de', 'foreigners_office', 'permit_extension',"
                " '2026-11-23 08:00:00', '2026-11-23 08:30:00', 1, 'booked',"
                " '2026-11-20 09:00:00')"
            )
        )
        conn.execute(
            text("INSERT INTO telegram_buttons VALUES ('t', '/book', '2026-11-20 09:00:00')")
        )
    upgrade(url)
    upgrade(url)  # nothing left to do: a no-op
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0007"
        assert conn.execute(text("SELECT reference, client FROM appointments")).all() == [
            ("KM-7Q4P", None)
        ]
        assert conn.execute(text("SELECT payload FROM telegram_buttons")).scalar() == "/book"
    assert "login_failures" not in inspect(engine).get_table_names()
    engine.dispose()
    assert differences(url) == []
