"""Staff accounts: Argon2 hashes, sessions that expire when idle, disabling, throttling."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.handoff.store import HandoffStore
from bot.staff.accounts import AccountError, StaffAccounts
from bot.staff.throttle import Throttled
from tests.fakes import Clock

PASSWORD = "a long enough password"


@pytest.fixture
def accounts(handoffs: HandoffStore, clock: Clock) -> StaffAccounts:
    return StaffAccounts(handoffs.engine, clock=clock)


def test_passwords_are_stored_as_argon2_hashes(accounts: StaffAccounts) -> None:
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    with accounts.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM staff").scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.authenticate("FO ", PASSWORD, "10.0.0.1") is not None  # name is normalised
    assert accounts.authenticate("fo", "a wrong password", "10.0.0.1") is None


def test_accounts_are_checked_when_created(accounts: StaffAccounts) -> None:
    with pytest.raises(AccountError, match="at least 12"):
        accounts.create("fo", "short", services=["foreigners_office"])
    with pytest.raises(AccountError, match="unknown service"):
        accounts.create("fo", PASSWORD, services=["jobcenter"])
    with pytest.raises(AccountError, match="at least one"):
        accounts.create("fo", PASSWORD)
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    with pytest.raises(AccountError, match="taken"):
        accounts.create("fo", PASSWORD, services=["migration_centre"])


def test_a_session_ends_after_30_idle_minutes(accounts: StaffAccounts, clock: Clock) -> None:
    person = accounts.create("fo", PASSWORD, services=["foreigners_office"])
    token, csrf = accounts.start_session(person.id)
    clock.advance(minutes=29)
    session = accounts.session(token)
    assert session is not None and session.csrf_token == csrf
    clock.advance(minutes=29)  # active 29 minutes ago: still fine
    assert accounts.session(token) is not None
    clock.advance(minutes=20)
    assert accounts.session(token, touch=False) is not None
    clock.advance(minutes=11)  # 31 minutes without activity (live updates do not count)
    assert accounts.session(token) is None
    assert accounts.session(token) is None  # and it is gone for good


def test_each_session_has_its_own_csrf_token(accounts: StaffAccounts) -> None:
    person = accounts.create("fo", PASSWORD, services=["foreigners_office"])
    (_t1, csrf1), (_t2, csrf2) = (
        accounts.start_session(person.id),
        accounts.start_session(person.id),
    )
    assert csrf1 != csrf2


def test_disabling_or_a_new_password_ends_open_sessions(accounts: StaffAccounts) -> None:
    person = accounts.create("fo", PASSWORD, services=["foreigners_office"])
    token, _ = accounts.start_session(person.id)
    accounts.set_password("fo", "another long password")
    assert accounts.session(token) is None
    assert accounts.authenticate("fo", PASSWORD, "10.0.0.1") is None
    token, _ = accounts.start_session(person.id)
    accounts.disable("fo")
    assert accounts.session(token) is None
    assert accounts.authenticate("fo", "another long password", "10.0.0.1") is None


def wait_of(attempt: Callable[[], object]) -> timedelta:
    with pytest.raises(Throttled) as refused:
        attempt()
    return refused.value.wait


def test_failures_from_one_address_for_one_name_wait_longer_and_longer(
    accounts: StaffAccounts, clock: Clock
) -> None:
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    for _ in range(5):
        assert accounts.authenticate("fo", "guess", "10.0.0.1") is None
    assert wait_of(lambda: accounts.authenticate("fo", PASSWORD, "10.0.0.1")) == timedelta(
        minutes=1
    )
    waits = []
    for _ in range(6):
        clock.advance(seconds=waits[-1].total_seconds() if waits else 60)
        assert accounts.authenticate("fo", "guess", "10.0.0.1") is None
        waits.append(wait_of(lambda: accounts.authenticate("fo", "guess", "10.0.0.1")))
    assert [int(w.total_seconds() // 60) for w in waits] == [2, 4, 8, 15, 15, 15]
    clock.advance(minutes=61)  # an hour without failures: forgotten
    assert accounts.authenticate("fo", PASSWORD, "10.0.0.1") is not None


def test_guessing_one_name_from_one_address_never_locks_out_the_owner_elsewhere(
    accounts: StaffAccounts,
) -> None:
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    for _ in range(30):
        try:
            accounts.authenticate("fo", "guess", "10.0.0.1")
        except Throttled:
            pass
    assert accounts.authenticate("fo", PASSWORD, "10.0.0.2") is not None
    # and logging in takes back only the owner's own attempt: the guesser still waits
    assert wait_of(lambda: accounts.authenticate("fo", "guess", "10.0.0.1")) > timedelta(0)


def test_guessing_one_name_from_many_addresses_only_slows_it_by_a_minute_at_most(
    accounts: StaffAccounts, clock: Clock
) -> None:
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    for n in range(10):
        assert accounts.authenticate("fo", "guess", f"10.1.0.{n}") is None
    waits = []
    for n in range(10, 40):
        try:
            accounts.authenticate("fo", "guess", f"10.1.0.{n}")
        except Throttled as throttled:
            waits.append(throttled.wait)
            clock.advance(seconds=throttled.wait.total_seconds())
            assert accounts.authenticate("fo", "guess", f"10.1.0.{n}") is None
    assert waits[:4] == [timedelta(seconds=s) for s in (5, 10, 20, 40)]
    assert max(waits) == timedelta(minutes=1)  # the cap for the name as a whole
    owner = lambda: accounts.authenticate("fo", PASSWORD, "192.0.2.7")  # noqa: E731
    clock.advance(seconds=wait_of(owner).total_seconds())
    assert owner() is not None


def test_one_address_trying_many_names_waits(accounts: StaffAccounts) -> None:
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    for n in range(20):
        accounts.authenticate(f"guess{n}", "guess", "10.9.9.9")
    assert wait_of(lambda: accounts.authenticate("fo", PASSWORD, "10.9.9.9")) == timedelta(
        minutes=1
    )
    assert accounts.authenticate("fo", PASSWORD, "10.9.9.10") is not None


def test_old_failure_counts_are_purged(accounts: StaffAccounts, clock: Clock) -> None:
    accounts.authenticate("fo", "guess", "10.0.0.1")
    with accounts.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT key FROM login_throttle").scalars().all()
    assert len(rows) == 3 and not any("10.0.0.1" in key or "fo" == key for key in rows)
    clock.advance(minutes=59)
    accounts.purge()
    clock.advance(minutes=2)
    accounts.purge()
    with accounts.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM login_throttle").scalar_one() == 0


def test_roles_decide_the_visible_queues(accounts: StaffAccounts) -> None:
    mc = accounts.create("mc", PASSWORD, services=["migration_centre"])
    boss = accounts.create("boss", PASSWORD, is_admin=True)
    assert mc.visible_services == ("migration_centre",)
    assert not mc.may_see("foreigners_office")
    assert boss.may_see("foreigners_office") and len(boss.visible_services) == 3
