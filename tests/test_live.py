"""Live updates between processes through Redis pub/sub (and within one process without)."""

from __future__ import annotations

import asyncio
import time

from bot.live import Live, conversation_topic, publish_sync


async def waited(live: Live, topic: str, timeout: float) -> float:
    started = time.monotonic()
    await live.wait(topic, timeout)
    return time.monotonic() - started


async def test_a_write_in_one_process_wakes_a_stream_in_another(redis_server: str) -> None:
    reader, writer = Live(redis_server), Live(redis_server)  # two `bot/` processes
    await reader.start()
    await writer.start()
    try:
        await asyncio.sleep(0.3)  # the reader's subscription is up
        topic = conversation_topic("conversation-live-01")
        waiting = asyncio.create_task(waited(reader, topic, 10.0))
        await asyncio.sleep(0.1)
        await writer.publish(topic)
        assert await waiting < 2.0  # woken, not timed out
        other = asyncio.create_task(waited(reader, "staff", 0.5))
        await writer.publish(conversation_topic("someone-else"))
        assert await other >= 0.45  # other topics do not wake it
    finally:
        await reader.stop()
        await writer.stop()


async def test_the_action_server_can_wake_consoles(redis_server: str) -> None:
    console = Live(redis_server)
    await console.start()
    try:
        await asyncio.sleep(0.3)
        waiting = asyncio.create_task(waited(console, "staff", 10.0))
        await asyncio.sleep(0.1)
        await asyncio.to_thread(publish_sync, redis_server, "staff")
        assert await waiting < 2.0
    finally:
        await console.stop()


async def test_without_redis_one_process_still_wakes_at_once() -> None:
    live = Live()
    waiting = asyncio.create_task(waited(live, "staff", 10.0))
    await asyncio.sleep(0.05)
    await live.publish("staff")
    assert await waiting < 1.0
    assert await live.ping() is None  # nothing configured, nothing to report


async def test_redis_down_is_reported_and_publishing_does_not_fail() -> None:
    live = Live("redis://127.0.0.1:9/2")
    await live.start()
    try:
        assert await live.ping() is False
        await live.publish("staff")  # logged, not raised
    finally:
        await live.stop()
