"""Deleted data leaves no trace: not in the SQLite files (database, -wal, -shm), not in
files other users can read, not in the logs (docs/privacy.md)."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from bot.booking.store import BookingStore, Who
from bot.db.engine import database_url, make_engine
from bot.forget import Forgetter
from bot.handoff.store import HandoffStore
from bot.logs import conversation_tag, install_redaction
from bot.rasa_client import RasaClient
from bot.retention import Retention
from bot.staff.accounts import StaffAccounts
from rasa_ext.tracker_cleanup import delete_conversation, delete_older_than
from tests.booking.conftest import make_store
from tests.fakes import Clock, FakeRasa, serving
from tests.rasa_ext.test_tracker_store import said
from tests.rasa_ext.test_tracker_store import store as tracker_store

PERSON = Who("forget-me-conversation-7f3a9c", "web", "uk")
EMAIL = "olena.kovalenko.7f3a9c@example.org"
SECRET = "Mein Aktenzeichen ist AZ-7f3a9c-QX"


def database_files(url_or_path: str) -> dict[str, bytes]:
    """The raw bytes of an SQLite database and its -wal and -shm files (those that exist)."""
    path = url_or_path.removeprefix("sqlite:///")
    found = {}
    for name in (path, f"{path}-wal", f"{path}-shm"):
        if os.path.exists(name):
            found[name] = Path(name).read_bytes()
    assert path in found
    return found


def traces(files: dict[str, bytes], *secrets: str) -> list[str]:
    return [
        f"{secret!r} in {Path(name).name}"
        for name, raw in files.items()
        for secret in secrets
        for encoded in {secret.encode("utf-8"), secret.encode("utf-16-le")}
        if encoded in raw
    ]


def busy_database(bookings: BookingStore, handoffs: HandoffStore) -> None:
    """Other people's data around the person's, so deleted rows share pages with kept ones."""
    for number in range(40):
        other = Who(f"someone-else-{number:04d}", "web", "de")
        handoff, _ = handoffs.request(other, "migration_centre", topic=None, offline=False)
        handoffs.add_user_message(handoff.id, f"Frage Nummer {number} " * 5, "de")


@pytest.fixture
def stores(tmp_path: Path, clock: Clock) -> Iterator[tuple[BookingStore, HandoffStore, str]]:
    url = f"sqlite:///{tmp_path / 'var' / 'komm-mit.db'}"
    bookings = make_store(url)
    bookings.clock = clock
    handoffs = HandoffStore(bookings.engine, clock=clock)
    yield bookings, handoffs, url
    bookings.engine.dispose()


async def test_delete_my_data_leaves_nothing_in_the_database_files(
    stores: tuple[BookingStore, HandoffStore, str], clock: Clock
) -> None:
    bookings, handoffs, url = stores
    busy_database(bookings, handoffs)
    slots = bookings.free("foreigners_office", "permit_extension", limit=100)
    past = slots[0]  # Monday
    upcoming = next(s for s in slots if s.start > past.start + timedelta(days=7))
    for slot in (past, upcoming):
        bookings.book(PERSON, "foreigners_office", "permit_extension", slot.start, contact=EMAIL)
    bookings.join_waitlist(PERSON, "integration_commissioner", "discrimination")
    handoff, _ = handoffs.request(PERSON, "foreigners_office", topic=None, offline=False)
    handoffs.add_user_message(handoff.id, SECRET, "uk")
    busy_database(bookings, handoffs)
    clock.advance(days=5)  # the first appointment is over, the second still ahead
    assert traces(database_files(url), SECRET, EMAIL, PERSON.conversation_id)  # really there

    async with serving(FakeRasa()) as rasa_url, aiohttp.ClientSession() as session:
        forgetter = Forgetter(bookings, handoffs, RasaClient(rasa_url, session, 5))
        cancelled = await forgetter.forget(PERSON.conversation_id)

    assert len(cancelled) == 1
    assert traces(database_files(url), SECRET, EMAIL, PERSON.conversation_id) == []
    with bookings.engine.connect() as conn:  # the others' data is still there
        kept = conn.execute(text("SELECT count(*) FROM handoff_messages")).scalar_one()
    assert kept == 80


async def test_expired_contact_details_leave_nothing_in_the_database_files(
    stores: tuple[BookingStore, HandoffStore, str], clock: Clock
) -> None:
    bookings, handoffs, url = stores
    busy_database(bookings, handoffs)
    slot = bookings.free("foreigners_office", "permit_extension", limit=1)[0]
    bookings.book(PERSON, "foreigners_office", "permit_extension", slot.start, contact=EMAIL)
    busy_database(bookings, handoffs)
    assert traces(database_files(url), EMAIL)
    async with serving(FakeRasa()) as rasa_url, aiohttp.ClientSession() as session:
        retention = Retention(
            bookings,
            handoffs,
            StaffAccounts(bookings.engine, clock=clock),
            RasaClient(rasa_url, session, 5),
        )
        clock.advance(days=30)  # the appointment is over: its contact details go
        removed = await retention.run_once()
    assert removed["contacts"] == 1
    assert traces(database_files(url), EMAIL) == []


async def test_a_deleted_or_expired_conversation_leaves_nothing_in_the_tracker_files(
    tmp_path: Path,
) -> None:
    path = tmp_path / "var" / "tracker.db"
    store = tracker_store(path.parent)
    for number in range(30):
        await said(store, f"someone-else-{number:04d}", f"Wie verlängere ich {number}? " * 4)
    await said(store, PERSON.conversation_id, SECRET)
    await said(store, PERSON.conversation_id, f"meine Adresse: {EMAIL}")
    await said(store, "expiring-conversation-91b2", "alte Frage QW-91b2-ZZ")
    assert traces(database_files(str(path)), SECRET, EMAIL, PERSON.conversation_id)

    assert delete_conversation(store, PERSON.conversation_id) > 0
    assert traces(database_files(str(path)), SECRET, EMAIL, PERSON.conversation_id) == []

    with store.engine.begin() as conn:  # the last one is older than everybody else's
        conn.execute(
            text("UPDATE events SET timestamp = 1000 WHERE sender_id = :sender"),
            {"sender": "expiring-conversation-91b2"},
        )
    assert delete_older_than(store, 2000.0) == 1
    left = database_files(str(path))
    assert traces(left, "QW-91b2-ZZ", "expiring-conversation-91b2") == []
    assert traces(left, "someone-else-0029")  # the others are kept
    store.engine.dispose()


def mode(path: str | Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """Files must be private whatever the umask of the user who starts the service."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_var_folder_and_the_database_files_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, permissive_umask: None
) -> None:
    var = tmp_path / "var"
    monkeypatch.setenv("KOMM_MIT_VAR", str(var))
    monkeypatch.delenv("KOMM_MIT_DATABASE_URL", raising=False)
    url = database_url()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x TEXT)"))
        conn.execute(text("INSERT INTO t VALUES ('x')"))
    files = database_files(url)
    assert mode(var) == 0o700
    assert {Path(name).name: mode(name) for name in files} == {
        "komm-mit.db": 0o600,
        "komm-mit.db-wal": 0o600,
        "komm-mit.db-shm": 0o600,
    }
    engine.dispose()

    # Files of an older version (0644, in a 0755 folder) are corrected on the next start.
    os.chmod(var, 0o755)
    for name in files:
        if os.path.exists(name):
            os.chmod(name, 0o644)
    make_engine(database_url()).dispose()
    assert mode(var) == 0o700
    assert all(mode(name) == 0o600 for name in files if os.path.exists(name))

    tracker = tracker_store(var)
    assert mode(var / "tracker.db") == 0o600
    tracker.engine.dispose()


def test_the_internal_token_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, permissive_umask: None
) -> None:
    from bot.internal_auth import internal_token

    monkeypatch.setenv("KOMM_MIT_VAR", str(tmp_path / "fresh-var"))
    monkeypatch.delenv("KOMM_MIT_INTERNAL_TOKEN", raising=False)
    assert internal_token.__wrapped__()  # type: ignore[attr-defined]
    assert mode(tmp_path / "fresh-var") == 0o700
    assert mode(tmp_path / "fresh-var" / "internal-token") == 0o600


LOCKED = "forget-me-conversation-7f3a9c"


async def test_a_failing_turn_logs_no_conversation_id_in_the_chat_service(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.conversation import Conversations
    from bot.settings import Settings
    from bot.web.app import create_app

    install_redaction()  # as `python -m bot` does (bot.logs.configure)

    async def failing(self: Conversations, conversation_id: str, *args: Any, **kw: Any) -> Any:
        raise RuntimeError(f"could not lock conversation {conversation_id!r}")

    monkeypatch.setattr(Conversations, "_handle", failing)
    caplog.set_level(logging.DEBUG)
    async with serving(FakeRasa()) as url:
        settings = Settings(rasa_url=url, actions_url=url)
        async with TestClient(TestServer(create_app(settings))) as client:
            created = await client.post("/api/v1/conversations")  # an id issued by the server
            conversation_id = LOCKED
            if created.status == 201:  # (before server-issued ids: any well-formed id)
                conversation_id = (await created.json())["conversation_id"]
            resp = await client.post(
                f"/api/v1/conversations/{conversation_id}/messages", json={"text": "Hallo"}
            )
    assert resp.status >= 500
    logged = caplog.text
    assert "could not lock conversation" in logged  # the error is logged ...
    assert conversation_id not in logged  # ... without the id,
    assert conversation_tag(conversation_id) in logged  # with its tag instead


async def test_a_failing_turn_logs_no_conversation_id_in_rasa(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.internal_auth import HEADER, internal_token
    from rasa_ext.channel import KommMitInput

    async def locked(message: Any) -> None:  # what Rasa's lock store raises
        raise RuntimeError(f"Could not acquire lock for conversation_id '{message.sender_id}'.")

    blueprint = KommMitInput().blueprint(locked)
    [webhook] = [r.handler for r in blueprint._future_routes if r.uri == "/webhook"]
    request = SimpleNamespace(
        headers={HEADER: internal_token()},
        json={"sender": LOCKED, "message": "Hallo", "metadata": {}},
    )
    caplog.set_level(logging.DEBUG)

    async def one_request() -> Any:  # Sanic serves a request in a task of its own
        return await webhook(request)

    answer = await asyncio.create_task(one_request())
    assert answer.status == 500
    logged = caplog.text
    assert "Could not acquire lock" in logged and "turn failed" in logged
    assert LOCKED not in logged and conversation_tag(LOCKED) in logged
