"""Ten staff members press "take over" on the same conversation at once, on PostgreSQL:
exactly one gets it, and a second open handoff for the conversation is impossible."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.booking.store import Who
from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.handoff.store import HandoffStore
from bot.staff.accounts import StaffAccounts
from tests.booking.test_concurrency import postgres_url  # noqa: F401  (fixture)

STAFF = 10


def test_one_claim_wins_on_postgresql(postgres_url: str) -> None:  # noqa: F811
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    try:
        store = HandoffStore(engine)
        accounts = StaffAccounts(engine)
        ids = [
            accounts.create(f"fo{i}", "a long password!", services=["foreigners_office"]).id
            for i in range(STAFF)
        ]
        who = Who("conversation-race-01", "web", "fa")
        handoff, _ = store.request(who, "foreigners_office", topic=None, offline=False)
        with ThreadPoolExecutor(STAFF) as pool:
            results = list(pool.map(lambda staff_id: store.claim(handoff.id, staff_id), ids))
        assert results.count(True) == 1
        again, created = store.request(who, "migration_centre", topic=None, offline=False)
        assert not created and again.id == handoff.id
    finally:
        engine.dispose()
