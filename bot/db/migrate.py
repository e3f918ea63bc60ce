"""Bring the application database to the newest schema (Alembic `upgrade head`).

Why programmatic: `make run`, the tests and deployments call one function with
the same URL the services use, so nobody needs an alembic.ini with a copied URL.
The migrations are in bot/db/migrations/versions/, one file per schema change.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.db.engine import database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate to `revision` (default the newest; tests step through older ones)."""
    command.upgrade(alembic_config(url), revision)
