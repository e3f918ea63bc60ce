"""Twenty people press "book" on the same last seat at once: exactly one gets it; a
reference drawn twice is told apart from a taken desk.

Runs against PostgreSQL (`KOMM_MIT_TEST_POSTGRES_URL`, started by .ci/run with
tools/start-postgres) and SQLite. On CI a missing PostgreSQL is a failure.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.booking.calendar import Slot
from bot.booking.store import BookingStore, SlotTaken, Who
from bot.db.engine import make_engine
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


def book_with_a_colliding_reference(store: BookingStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second booking first draws the first one's reference: it is retried with a new
    reference on the same desk, not sent on to the next desk as if that one were taken."""
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    first = store.book(Who("person-a", "web", "de"), *slot_of(slot))
    drawn = iter([first.reference, "KM-2222"])
    monkeypatch.setattr("bot.booking.store.new_reference", lambda: next(drawn))
    later = store.free("foreigners_office", "permit_extension", after=slot.end, limit=1)[0]
    second = store.book(Who("person-b", "web", "de"), *slot_of(later))
    assert (second.reference, second.desk) == ("KM-2222", 1)
    store.engine.dispose()


def slot_of(slot: Slot) -> tuple[str, str, datetime]:
    return slot.service, slot.concern, slot.start


def test_a_reference_collision_is_retried_on_postgres(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    book_with_a_colliding_reference(make_store(postgres_url), monkeypatch)


def test_a_reference_collision_is_retried_on_sqlite(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    book_with_a_colliding_reference(make_store(db_url), monkeypatch)
