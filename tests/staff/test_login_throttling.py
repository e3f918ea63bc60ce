"""Login throttling: behind the proxy by the client's address, never a lockout of the owner
from elsewhere, counted before the password is checked (also under parallel attempts),
and the refusal says when to try again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from argon2 import PasswordHasher

import bot.staff.accounts as accounts_module
from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.handoff.store import HandoffStore
from bot.staff.accounts import StaffAccounts
from bot.staff.throttle import Throttled
from bot.web.app_keys import SETTINGS
from tests.booking.test_concurrency import postgres_url  # noqa: F401  (fixture)
from tests.staff.conftest import PASSWORD, Console, csrf_in

PARALLEL = 30


@pytest.fixture
def behind_proxy(console: Console) -> Console:
    app = console.server.app
    app[SETTINGS] = replace(app[SETTINGS], trust_proxy=True)  # type: ignore[misc]
    return console


async def attempt(
    client: TestClient, username: str, password: str, address: str, **headers: str
) -> ClientResponse:
    """One login through the form, as our proxy forwards it for a client at `address`
    (the first hop is whatever the client claimed, the last one the proxy's own)."""
    forwarded = {"X-Forwarded-For": f"10.66.6.6, {address}", **headers}
    page = await client.get("/staff/login", headers=forwarded)
    token = csrf_in(await page.text())
    return await client.post(
        "/staff/login",
        data={"csrf": token, "username": username, "password": password},
        headers=forwarded,
        allow_redirects=False,
    )


async def test_behind_the_proxy_one_clients_guessing_does_not_stop_anothers_login(
    behind_proxy: Console,
) -> None:
    attacker, owner = await behind_proxy.client(), await behind_proxy.client()
    statuses = []
    for n in range(24):  # the owner's name, a colleague's and made-up ones
        name = ("fo", "fo2", f"guess{n}")[n % 3]
        statuses.append((await attempt(attacker, name, "guess", "198.51.100.1")).status)
    assert set(statuses) == {401, 429} and statuses[:5] == [401] * 5
    refused = await attempt(attacker, "fo", PASSWORD, "198.51.100.1")
    assert refused.status == 429  # the guesser's address waits, even with the password
    assert (await attempt(owner, "fo", PASSWORD, "198.51.100.2")).status == 303
    assert (await attempt(owner, "fo2", PASSWORD, "198.51.100.3")).status == 303


async def test_wrong_passwords_for_a_name_do_not_stop_the_owner_elsewhere(
    behind_proxy: Console,
) -> None:
    attacker, owner = await behind_proxy.client(), await behind_proxy.client()
    for _ in range(12):
        assert (await attempt(attacker, "fo", "guess", "198.51.100.1")).status in (401, 429)
    assert (await attempt(owner, "fo", PASSWORD, "198.51.100.2")).status == 303


async def test_a_throttled_login_says_when_to_try_again(behind_proxy: Console) -> None:
    client = await behind_proxy.client()
    for _ in range(5):
        assert (await attempt(client, "fo", "guess", "198.51.100.1")).status == 401
    german = await attempt(client, "fo", PASSWORD, "198.51.100.1")
    assert german.status == 429 and german.headers["Retry-After"] == "60"
    assert "Bitte versuchen Sie es in 1 Minute erneut." in await german.text()
    english = await attempt(client, "fo", PASSWORD, "198.51.100.1", **{"Accept-Language": "en"})
    assert english.status == 429 and english.headers["Retry-After"] == "60"
    assert "Please try again in 1 minute." in await english.text()


# --- parallel attempts ------------------------------------------------------------------------


class CountingHasher(PasswordHasher):
    """Counts the passwords checked."""

    def __init__(self) -> None:
        super().__init__()
        self.checked = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.checked += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(accounts_module, "_hasher", counting)
    return counting


@pytest.fixture
def postgres_accounts(postgres_url: str) -> Iterator[StaffAccounts]:  # noqa: F811
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    assert engine.dialect.name == "postgresql"
    yield StaffAccounts(engine)
    engine.dispose()


def guess_in_parallel(accounts: StaffAccounts, addresses: list[str]) -> list[bool]:
    """PARALLEL wrong logins for one name at the same moment; True where it was checked."""
    accounts.create("fo", PASSWORD, services=["foreigners_office"])
    start = threading.Barrier(PARALLEL)

    def one(address: str) -> bool:
        start.wait()
        try:
            assert accounts.authenticate("fo", "guess", address) is None
        except Throttled:
            return False
        return True

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(one, addresses))


SCENARIOS = {
    "one address": (["10.0.0.1"] * PARALLEL, 5),  # the name from one address: 5 free
    "many addresses": ([f"10.0.1.{n}" for n in range(PARALLEL)], 10),  # the name: 10 free
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_parallel_wrong_logins_check_no_more_passwords_than_allowed_on_sqlite(
    scenario: str, handoffs: HandoffStore, hasher: CountingHasher
) -> None:
    addresses, allowed = SCENARIOS[scenario]
    checked = guess_in_parallel(StaffAccounts(handoffs.engine), addresses)
    assert checked.count(True) == hasher.checked == allowed


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_parallel_wrong_logins_check_no_more_passwords_than_allowed_on_postgres(
    scenario: str, postgres_accounts: StaffAccounts, hasher: CountingHasher
) -> None:
    addresses, allowed = SCENARIOS[scenario]
    checked = guess_in_parallel(postgres_accounts, addresses)
    assert checked.count(True) == hasher.checked == allowed
