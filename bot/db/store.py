"""What every store of the application database has: its engine, its clock, `run` and `rows`.

Why `run`: stores are synchronous (SQLAlchemy Core 1.4); async callers run their methods
in a worker thread with `await store.run(store.method, ...)`, so the event loop never
blocks. The clock is injectable so tests (and KOMM_MIT_NOW) fix the time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import ParamSpec, TypeVar

from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.sql import Executable

from bot.clock import utcnow

P = ParamSpec("P")
T = TypeVar("T")


class Store:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock

    async def run(self, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await asyncio.to_thread(func, *args, **kwargs)

    def rows(self, statement: Executable) -> list[RowMapping]:
        """Run a select on a connection of its own; its rows as mappings (column → value),
        read before the connection goes back to the pool."""
        with self.engine.connect() as conn:
            return list(conn.execute(statement).mappings())
