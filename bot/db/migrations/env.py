"""Alembic environment: migrations of the application database (not Rasa's tracker)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.db.engine import make_engine
from bot.db.tables import metadata

config = context.config


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connectable = config.attributes.get("connection")
    if connectable is not None:
        run(connectable)
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        run(connection)
    engine.dispose()


main()
