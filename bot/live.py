"""Live updates between `bot/` processes: "something new for X" wakes up whoever waits.

Why: a staff member's reply may be written by one `bot/` replica while the user's
event stream is held open by another. The database stays the only truth; this
only tells waiting streams to look now instead of at their next poll. With
`KOMM_MIT_REDIS_URL` the signal goes through Redis pub/sub to every process;
without it (one process, `make run`) an in-process event does the same, and the
regular poll covers writers in other processes (the action server, the CLI).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

import redis
import redis.asyncio as aioredis

log = logging.getLogger(__name__)
PREFIX = "komm_mit:live:"


def conversation_topic(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


STAFF = "staff"
TELEGRAM = "telegram"


class Live:
    def __init__(self, redis_url: str | None = None) -> None:
        self.redis_url = redis_url
        self._waiters: defaultdict[str, set[asyncio.Event]] = defaultdict(set)
        self._client: aioredis.Redis | None = None
        self._subscriber: aioredis.Redis | None = None
        self._listener: asyncio.Task[None] | None = None

    @property
    def shared(self) -> bool:
        """True when other processes' writes wake us at once (Redis configured)."""
        return self.redis_url is not None

    async def start(self) -> None:
        if self.redis_url:
            self._client = aioredis.from_url(
                self.redis_url, socket_timeout=5, socket_connect_timeout=5
            )
            # The subscription waits for messages for as long as it takes: no read timeout.
            self._subscriber = aioredis.from_url(
                self.redis_url, socket_connect_timeout=5, health_check_interval=30
            )
            self._listener = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self._listener:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
        for client in (self._client, self._subscriber):
            if client is not None:
                await client.close()

    async def ping(self) -> bool | None:
        """Redis reachable (None when no Redis is configured)."""
        if self._client is None:
            return None
        try:
            return bool(await self._client.ping())
        except (redis.RedisError, OSError, asyncio.TimeoutError):
            return False

    async def publish(self, *topics: str) -> None:
        """Tell every process that `topics` have news (best effort: the poll is the net)."""
        for topic in topics:
            self._wake(topic)
        if self._client is None:
            return
        try:
            for topic in topics:
                await self._client.publish(PREFIX + topic, "1")
        except (redis.RedisError, OSError, asyncio.TimeoutError) as error:
            log.warning("live update not published (Redis): %s", error)

    async def wait(self, topic: str, timeout: float) -> None:
        """Returns when `topic` has news, or after `timeout` seconds."""
        event = asyncio.Event()
        self._waiters[topic].add(event)
        try:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        finally:
            self._waiters[topic].discard(event)
            if not self._waiters[topic]:
                del self._waiters[topic]

    def _wake(self, topic: str) -> None:
        for event in self._waiters.get(topic, ()):
            event.set()

    async def _listen(self) -> None:
        """One subscription per process; reconnects after Redis outages."""
        assert self._subscriber is not None
        while True:
            try:
                pubsub = self._subscriber.pubsub()
                await pubsub.psubscribe(PREFIX + "*")
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        channel = message["channel"]
                        name = channel.decode() if isinstance(channel, bytes) else str(channel)
                        self._wake(name.removeprefix(PREFIX))
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis down: wait and subscribe again
                log.warning("live updates interrupted (Redis): %s", error)
                await asyncio.sleep(2)


def publish_sync(redis_url: str | None, *topics: str) -> None:
    """For writers outside `bot/` (the action server): best effort, never raises."""
    if not redis_url:
        return
    try:
        client = redis.Redis.from_url(redis_url, socket_timeout=2)
        for topic in topics:
            client.publish(PREFIX + topic, "1")
        client.close()
    except (redis.RedisError, OSError) as error:
        log.warning("live update not published (Redis): %s", error)
