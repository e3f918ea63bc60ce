"""The `bot/` app with a fake Rasa, a fresh database, staff accounts and a login helper."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.booking.store import BookingStore, Who
from bot.handoff.store import Handoff, HandoffStore
from bot.settings import Settings
from bot.staff.accounts import StaffAccounts
from bot.web.app import create_app
from bot.web.app_keys import BOOKING_STORE, HANDOFF_STORE, STAFF_ACCOUNTS, STAFF_POLL_SECONDS
from bot.web.web_ids import new_conversation_id
from tests.booking.conftest import make_store
from tests.fakes import FakeRasa, serving

PASSWORD = "correct horse battery"
SARA = Who(new_conversation_id(), "web", "fa")  # her web chat's id, as the server issues it


@dataclass
class Console:
    server: TestServer
    rasa: FakeRasa
    bookings: BookingStore
    handoffs: HandoffStore
    accounts: StaffAccounts
    clients: list[TestClient]

    async def client(self) -> TestClient:
        """A browser of its own (own cookies), on the same server."""
        made = TestClient(self.server)
        await made.start_server()
        self.clients.append(made)
        return made

    def ask_for_a_person(self, who: Who = SARA, service: str = "foreigners_office") -> Handoff:
        """What action_request_human does in the action server."""
        handoff, _ = self.handoffs.request(who, service, topic="ask_work_permit", offline=False)
        return handoff


def csrf_in(html: str, name: str = 'name="csrf" value="') -> str:
    found = re.search(re.escape(name) + r'([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found[1]


async def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Logs in through the form (with its CSRF token); returns the session's CSRF token."""
    page = await client.get("/staff/login")
    token = csrf_in(await page.text())
    resp = await client.post(
        "/staff/login",
        data={"csrf": token, "username": username, "password": password},
        allow_redirects=False,
    )
    assert resp.status == 303, await resp.text()
    queue = await client.get("/staff")
    return csrf_in(await queue.text(), 'name="csrf-token" content="')


Login = Callable[[str], Awaitable[tuple[TestClient, str]]]


@asynccontextmanager
async def running_console(tmp_path: Path, **settings: Any) -> AsyncIterator[Console]:
    """The console's app on a test server; `settings` add to the test settings (e.g.
    `translate` for a LibreTranslate double)."""
    url = f"sqlite:///{tmp_path / 'console.db'}"
    bookings = make_store(url)
    fake = FakeRasa()
    async with serving(fake) as rasa_url:
        app = create_app(
            Settings(rasa_url=rasa_url, actions_url=rasa_url, database_url=url, **settings)
        )
        app[BOOKING_STORE] = bookings
        app[STAFF_POLL_SECONDS] = 0.05
        server = TestServer(app)
        await server.start_server()
        accounts = app[STAFF_ACCOUNTS]
        accounts.create("fo", PASSWORD, display_name="Frau Ortmann", services=["foreigners_office"])
        accounts.create("fo2", PASSWORD, services=["foreigners_office"])
        accounts.create("mc", PASSWORD, services=["migration_centre"])
        accounts.create("boss", PASSWORD, is_admin=True, ui_language="en")
        made = Console(server, fake, bookings, app[HANDOFF_STORE], accounts, [])
        try:
            yield made
        finally:
            for client in made.clients:
                await client.close()
            await server.close()
            bookings.engine.dispose()


@pytest.fixture
async def console(tmp_path: Path) -> AsyncIterator[Console]:
    async with running_console(tmp_path) as made:
        yield made


@pytest.fixture
def logged_in(console: Console) -> Login:
    async def as_staff(username: str) -> tuple[TestClient, str]:
        client = await console.client()
        return client, await login(client, username)

    return as_staff
