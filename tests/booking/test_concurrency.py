"""Twenty people press "book" on the same last seat at once: exactly one gets it.

Runs against PostgreSQL (`KOMM_MIT_TEST_POSTGRES_URL`, started by .ci/run with
tools/start-postgres) and SQLite. On CI a missing PostgreSQL is a failure.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.booking.db import make_engine
from bot.booking.store import BookingStore, SlotTaken, Who
from tests.booking.conftest import make_store

TASKS = 20


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get("KOMM_MIT_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("KOMM_MIT_TEST_POSTGRES_URL is not set; .ci/run starts PostgreSQL")
        pytest.skip('no PostgreSQL: eval "$(tools/start-postgres)" to run this test')
    name = f"komm_mit_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield str(make_url(url).set(database=name))
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


async def race_for_the_last_seat(store: BookingStore) -> list[bool]:
    slot = store.free("integration_commissioner", "discrimination", limit=1)[0]
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(TASKS))
    barrier = asyncio.Event()

    async def attempt(i: int) -> bool:
        await barrier.wait()
        try:
            await store.run(
                store.book,
                Who(f"person-{i:04d}", "web", "de"),
                "integration_commissioner",
                "discrimination",
                slot.start,
            )
        except SlotTaken:
            return False
        return True

    tasks = [asyncio.create_task(attempt(i)) for i in range(TASKS)]
    await asyncio.sleep(0.05)
    barrier.set()
    return list(await asyncio.gather(*tasks))


async def test_exactly_one_of_twenty_concurrent_bookings_wins_on_postgres(
    postgres_url: str,
) -> None:
    store = make_store(postgres_url)
    assert store.engine.dialect.name == "postgresql"
    results = await race_for_the_last_seat(store)
    assert results.count(True) == 1
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM appointments")).scalar() == 1
    store.engine.dispose()


async def test_exactly_one_of_twenty_concurrent_bookings_wins_on_sqlite(db_url: str) -> None:
    store = make_store(db_url)
    results = await race_for_the_last_seat(store)
    assert results.count(True) == 1
    store.engine.dispose()
