"""Web conversation ids are issued and signed by the server; no other id reaches anything.

Why: a conversation id is the key to a person's appointments, notices and data, and a
Telegram user's is `tg-<user id>` (not secret). The web API must not open it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.booking.store import BookingStore, Who
from bot.db.outbox import notify
from bot.settings import Settings
from bot.web.app import create_app
from bot.web.app_keys import BOOKING_STORE, EVENTS_POLL_SECONDS
from bot.web.web_ids import is_web_conversation, new_conversation_id
from tests.booking.conftest import make_store
from tests.fakes import FakeRasa

TELEGRAM_USER = Who("tg-12345678", "telegram", "uk")


def forged() -> str:
    """An id of the right shape, signed with a key that is not the server's."""
    random_part = base64.urlsafe_b64encode(b"0123456789abcdef").decode().rstrip("=")
    mac = hmac.new(b"guessed secret", random_part.encode(), hashlib.sha256).digest()[:16]
    return f"w-{random_part}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def tampered() -> str:
    """A real id with one character of its random part changed."""
    issued = new_conversation_id()
    swapped = "B" if issued[2] == "A" else "A"
    return issued[:2] + swapped + issued[3:]


NOT_ISSUED: dict[str, Callable[[], str]] = {
    "telegram": lambda: "tg-12345678",
    "made-up": lambda: "aaaaaaaa",
    "old-widget": lambda: "w-" + "0123456789abcdef" * 2,
    "forged": forged,
    "tampered": tampered,
    "unsigned": lambda: new_conversation_id().split(".")[0],
}
ROUTES = [
    ("POST", "/messages", {"text": "/delete_my_data", "language": "uk"}),
    ("GET", "/appointments/KM-7Q4PXM.ics?language=uk", None),
    ("GET", "/notices?language=uk", None),
    ("POST", "/notices/ack?language=uk", {"up_to": 2**40}),
    ("GET", "/events?language=uk", None),
]


@pytest.fixture
def store(tmp_path: Path) -> BookingStore:
    return make_store(f"sqlite:///{tmp_path / 'ids.db'}")


@pytest.fixture
async def client(store: BookingStore, rasa: tuple[FakeRasa, str]) -> AsyncIterator[TestClient]:
    _, url = rasa
    app = create_app(Settings(rasa_url=url, actions_url=url))
    app[BOOKING_STORE] = store
    app[EVENTS_POLL_SECONDS] = 0.05
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def test_issued_ids_are_signed_and_only_those_are_accepted() -> None:
    issued = {new_conversation_id() for _ in range(100)}
    assert len(issued) == 100
    assert all(is_web_conversation(cid) and len(cid) == 47 for cid in issued)
    for make in NOT_ISSUED.values():
        assert not is_web_conversation(make())
    some = next(iter(issued))
    assert not is_web_conversation(some + "\n")
    assert not is_web_conversation(some[:-1] + ("A" if some[-1] != "A" else "B"))


async def test_the_server_issues_conversation_ids(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    resp = await client.post("/api/v1/conversations")
    assert resp.status == 201
    conversation = (await resp.json())["conversation_id"]
    assert is_web_conversation(conversation) and conversation.startswith("w-")
    other = await (await client.post("/api/v1/conversations", data=b"[[[")).json()
    assert other["conversation_id"] != conversation  # a broken body is no reason to refuse
    answer = await client.post(
        f"/api/v1/conversations/{conversation}/messages", json={"text": "hallo"}
    )
    assert answer.status == 200
    assert rasa[0].received[-1]["sender"] == conversation


@pytest.mark.parametrize("kind", sorted(NOT_ISSUED))
@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=[r[1] for r in ROUTES])
async def test_every_conversation_route_refuses_ids_the_server_did_not_issue(
    client: TestClient,
    rasa: tuple[FakeRasa, str],
    kind: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    url = f"/api/v1/conversations/{NOT_ISSUED[kind]()}{path}"
    resp = await client.request(method, url, json=body)
    assert resp.status == 404
    assert resp.headers["Content-Type"].startswith("application/json")
    answer = await resp.json()
    assert answer["error"]["code"] == "unknown_conversation"
    assert answer["language"] == "uk" and answer["error"]["message"]
    assert rasa[0].received == []  # nothing reached the assistant


async def test_a_telegram_users_appointments_and_notices_stay_out_of_reach(
    client: TestClient, store: BookingStore, rasa: tuple[FakeRasa, str]
) -> None:
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    item = store.book(TELEGRAM_USER, "foreigners_office", "permit_extension", slot.start)
    with store.engine.begin() as conn:
        arguments = {"service": item.service, "concern": item.concern, "starts_at": "x"}
        notify(conn, TELEGRAM_USER, "waitlist_slot_free", arguments, store.clock())
    base = f"/api/v1/conversations/{TELEGRAM_USER.conversation_id}"
    listed = await client.post(f"{base}/messages", json={"text": "/appointments"})
    download = await client.get(f"{base}/appointments/{item.reference}.ics")
    cancel = await client.post(f"{base}/messages", json={"text": f"/cancel {item.reference}"})
    forget = await client.post(f"{base}/messages", json={"text": "/delete"})
    taken = await client.get(f"{base}/notices")
    confirmed = await client.post(f"{base}/notices/ack", json={"up_to": 2**40})
    for resp in (listed, download, cancel, forget, taken, confirmed):
        assert resp.status == 404, await resp.text()
        assert (await resp.json())["error"]["code"] == "unknown_conversation"
    assert rasa[0].received == []  # no turn ran in their conversation
    assert [a.reference for a in store.upcoming(TELEGRAM_USER.conversation_id)] == [item.reference]
    [notice] = store.take_channel_notices("telegram")  # still theirs, for Telegram to send
    assert notice.conversation_id == TELEGRAM_USER.conversation_id


async def test_a_stream_resumes_after_the_last_event_id(
    client: TestClient, store: BookingStore
) -> None:
    who = Who(new_conversation_id(), "web", "de")
    slot = store.free("foreigners_office", "permit_extension", limit=1)[0]
    arguments = {
        "service": "foreigners_office",
        "concern": "permit_extension",
        "starts_at": slot.start.isoformat(),
    }
    with store.engine.begin() as conn:
        for _ in range(2):
            notify(conn, who, "waitlist_slot_free", arguments, store.clock())
    first, second = store.pending_notices(who.conversation_id)
    events = f"/api/v1/conversations/{who.conversation_id}/events"
    resp = await client.get(events, headers={"Last-Event-ID": str(first.id)})
    assert resp.status == 200
    lines: list[bytes] = []
    while not lines or not lines[-1].startswith(b"data: "):
        line = (await resp.content.readline()).strip()
        if line and not line.startswith(b"retry:"):
            lines.append(line)
    assert lines == [
        b"event: message",
        f"id: {second.id}".encode(),
        lines[-1],
    ]
    assert json.loads(lines[-1].removeprefix(b"data: "))["id"] == second.id
    resp.close()
    bad = await client.get(events, headers={"Last-Event-ID": "drop table"})
    assert bad.status == 400
