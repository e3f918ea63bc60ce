"""Staff accounts: Argon2 hashes, sessions that expire when idle, disabling, throttling."""

from __future__ import annotations

import pytest

from bot.handoff.store import HandoffStore
from bot.staff.accounts import AccountError, StaffAccounts, Throttled
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


def test_failed_logins_are_throttled_per_name_and_expire(
    accounts: StaffAccounts, clock: Clock
) -> None:
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    for _ in range(5):
        assert accounts.authenticate("fo", "guess", "10.0.0.1") is None
    with pytest.raises(Throttled):
        accounts.authenticate("fo", PASSWORD, "10.0.0.2")
    clock.advance(minutes=16)
    assert accounts.authenticate("fo", PASSWORD, "10.0.0.1") is not None


def test_one_address_trying_many_names_is_throttled(accounts: StaffAccounts) -> None:
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    for n in range(20):
        accounts.authenticate(f"guess{n}", "guess", "10.9.9.9")
    with pytest.raises(Throttled):
        accounts.authenticate("fo", PASSWORD, "10.9.9.9")


def test_roles_decide_the_visible_queues(accounts: StaffAccounts) -> None:
    mc = accounts.create("mc", PASSWORD, services=["migration_centre"])
    boss = accounts.create("boss", PASSWORD, is_admin=True)
    assert mc.visible_services == ("migration_centre",)
    assert not mc.may_see("foreigners_office")
    assert boss.may_see("foreigners_office") and len(boss.visible_services) == 3
