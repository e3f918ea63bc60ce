"""The chat limits hold for the whole deployment: `bot/` replicas count in one Redis,
and fall back to counting in their own memory (logged) while Redis is down."""

from __future__ import annotations

import logging

import pytest

from bot.web.rate_limit import ChatLimits, SlidingWindow
from bot.web.web_ids import new_conversation_id


def limits(redis_url: str | None, per_conversation: int, per_address: int) -> ChatLimits:
    return ChatLimits(
        SlidingWindow(per_conversation), SlidingWindow(per_address), redis_url=redis_url
    )


async def test_two_replicas_sharing_one_redis_enforce_one_limit(redis_server: str) -> None:
    first, second = limits(redis_server, 3, 5), limits(redis_server, 3, 5)
    conversation = new_conversation_id()
    try:
        answers = [
            await replica.retry_after(conversation, "203.0.113.7")
            for replica in (first, second, first, second)
        ]
        assert answers[:3] == [0, 0, 0]  # three messages in all, wherever they arrived
        assert 58 <= answers[3] <= 60  # the fourth waits for the first to leave the window
        # The address limit is shared too (5 per minute; 3 counted so far).
        others = [new_conversation_id() for _ in range(3)]
        assert await second.retry_after(others[0], "203.0.113.7") == 0
        assert await first.retry_after(others[1], "203.0.113.7") == 0
        assert await second.retry_after(others[2], "203.0.113.7") > 0
        assert await first.address_retry_after("203.0.113.7") > 0
        assert await first.address_retry_after("198.51.100.1") == 0  # other addresses go
    finally:
        await first.close()
        await second.close()


async def test_a_refused_message_is_not_counted(redis_server: str) -> None:
    replica = limits(redis_server, 1, 100)
    conversation = new_conversation_id()
    try:
        assert await replica.retry_after(conversation, "203.0.113.9") == 0
        for _ in range(5):
            assert await replica.retry_after(conversation, "203.0.113.9") > 0
        # Only the one message that went counts against the address.
        for _ in range(99):
            assert await replica.retry_after(new_conversation_id(), "203.0.113.9") == 0
        assert await replica.retry_after(new_conversation_id(), "203.0.113.9") > 0
    finally:
        await replica.close()


async def test_without_redis_each_process_still_limits(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="bot.web.rate_limit")
    down = limits("redis://127.0.0.1:9/2", 2, 100)  # nothing listens there
    conversation = new_conversation_id()
    try:
        assert [await down.retry_after(conversation, "203.0.113.7") for _ in range(3)][:2] == [0, 0]
        assert await down.retry_after(conversation, "203.0.113.7") > 0
    finally:
        await down.close()
    assert "Redis unavailable" in caplog.text  # fail open, and say so
    assert limits(None, 0, 0).redis_url is None


async def test_zero_switches_a_limit_off_with_redis_too(redis_server: str) -> None:
    replica = limits(redis_server, 0, 0)
    try:
        for _ in range(50):
            assert await replica.retry_after("same-conversation-id", "203.0.113.7") == 0
    finally:
        await replica.close()
