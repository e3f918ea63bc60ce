"""Message limits per conversation and per client address: clear 429s with Retry-After."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Settings
from bot.web.app import create_app
from bot.web.rate_limit import SlidingWindow
from bot.web.web_ids import new_conversation_id
from tests.fakes import FakeRasa, serving

CONVERSATIONS = [new_conversation_id() for _ in range(4)]


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_sliding_window_lets_the_limit_through_then_says_how_long_to_wait() -> None:
    ticks = Ticks()
    window = SlidingWindow(3, 60.0, clock=ticks)
    assert [window.wait("conv") for _ in range(3)] == [0.0, 0.0, 0.0]
    ticks.now += 10
    assert window.wait("conv") == pytest.approx(50.0)  # the first message leaves in 50 s
    assert window.wait("other") == 0.0  # keys are independent
    ticks.now += 51
    assert window.wait("conv") == 0.0


def test_zero_means_no_limit() -> None:
    window = SlidingWindow(0)
    assert all(window.wait("k") == 0.0 for _ in range(1000))


@pytest.fixture
async def client() -> AsyncIterator[TestClient]:
    async with serving(FakeRasa()) as url:
        settings = Settings(
            rasa_url=url, actions_url=url, rate_per_conversation=2, rate_per_address=3
        )
        async with TestClient(TestServer(create_app(settings))) as test_client:
            yield test_client


async def send(client: TestClient, conversation: str, **headers: str) -> int:
    resp = await client.post(
        f"/api/v1/conversations/{conversation}/messages",
        json={"text": "سلام", "language": "fa"},
        headers=headers,
    )
    return resp.status


async def test_one_conversation_gets_a_polite_429_in_its_language(client: TestClient) -> None:
    assert [await send(client, CONVERSATIONS[0]) for _ in range(2)] == [200, 200]
    resp = await client.post(
        f"/api/v1/conversations/{CONVERSATIONS[0]}/messages",
        json={"text": "سلام", "language": "fa"},
    )
    assert resp.status == 429
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    body = await resp.json()
    assert body["error"]["code"] == "rate_limited" and body["language"] == "fa"
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["error"]["message"])


async def test_one_address_cannot_get_round_the_limit_with_new_conversations(
    client: TestClient,
) -> None:
    statuses = [await send(client, CONVERSATIONS[n]) for n in range(4)]
    assert statuses == [200, 200, 200, 429]


async def test_forwarded_addresses_count_only_behind_a_trusted_proxy(client: TestClient) -> None:
    # Not trusted: a client cannot dodge the address limit by inventing X-Forwarded-For.
    forged = [
        await send(client, CONVERSATIONS[n], **{"X-Forwarded-For": f"10.0.0.{n}"}) for n in range(4)
    ]
    assert forged[-1] == 429


async def test_new_conversation_ids_count_against_the_address_limit(client: TestClient) -> None:
    created = [await client.post("/api/v1/conversations") for _ in range(3)]
    assert [resp.status for resp in created] == [201, 201, 201]
    resp = await client.post("/api/v1/conversations", json={"language": "ar"})
    assert resp.status == 429 and 1 <= int(resp.headers["Retry-After"]) <= 60
    body = await resp.json()
    assert body["error"]["code"] == "rate_limited" and body["language"] == "ar"
