"""How many messages one conversation and one client address may send per minute.

Why: one script must not be able to flood the assistant (and the staff queue) or
starve other newcomers. A sliding window per key. With `KOMM_MIT_REDIS_URL` the
windows live in Redis (one sorted set per key, checked and counted by one Lua script
on Redis's clock), so the limits hold for the whole deployment however many `bot/`
replicas the load balancer spreads the messages over. Without Redis, and while Redis
cannot be reached (fail open: logged, retried after a pause), each process counts in
its own memory. Keys that stay quiet expire (Redis PEXPIRE, cachetools' TTL cache),
so memory stays bounded. Redis sees keyed hashes only (bot/web/client_key.py), never a
conversation id or an address.
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import redis
import redis.asyncio as aioredis
from cachetools import TTLCache
from redis.commands.core import AsyncScript

from bot.web.client_key import address_key, conversation_key

log = logging.getLogger(__name__)
PREFIX = "komm_mit:rate:"
# After a Redis failure the windows stay in this process for this long before Redis is
# tried again, so an outage does not add a connection timeout to every message.
REDIS_PAUSE_SECONDS = 10.0

# KEYS: one sorted set per window. ARGV[1]: a unique member for this hit; then per key
# its window (ms) and its limit. Checks every window first and counts the hit in all of
# them only when each has room; returns 0 (counted) or the milliseconds to wait.
SLIDING_WINDOWS = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[2 * i])
  local limit = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local left = tonumber(oldest[2]) + window - now
    if left < 1 then left = 1 end
    if left > wait then wait = left end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i]))
end
return 0
"""


@dataclass
class SlidingWindow:
    limit: int
    seconds: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _hits: TTLCache[str, deque[float]] = field(init=False)

    def __post_init__(self) -> None:
        self._hits = TTLCache(maxsize=200_000, ttl=self.seconds, timer=self.clock)

    def wait(self, key: str) -> float:
        """0 when `key` may go now (and counts it), else seconds until it may."""
        if self.limit <= 0:
            return 0.0
        now = self.clock()
        hits = self._hits.get(key) or deque()
        while hits and hits[0] <= now - self.seconds:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(hits[0] + self.seconds - now, 0.001)
        hits.append(now)
        self._hits[key] = hits  # (re)sets the key's expiry
        return 0.0


@dataclass
class ChatLimits:
    """Both limits of the chat API; `retry_after` is whole seconds for the header."""

    per_conversation: SlidingWindow
    per_address: SlidingWindow
    redis_url: str | None = None
    _redis: aioredis.Redis | None = field(default=None, init=False)
    _script: AsyncScript | None = field(default=None, init=False)
    _redis_paused_until: float = field(default=0.0, init=False)

    async def retry_after(self, conversation_id: str, address: str) -> int:
        """0 when a message of this conversation from this address may go (and counts it)."""
        wait = await self._shared(
            [
                (self.per_address, address_key(address)),
                (self.per_conversation, conversation_key(conversation_id)),
            ]
        )
        if wait is None:  # in this process only
            wait = max(self.per_address.wait(address), self.per_conversation.wait(conversation_id))
        return math.ceil(wait) if wait else 0

    async def address_retry_after(self, address: str) -> int:
        """The address limit alone (e.g. for issuing a new conversation id)."""
        wait = await self._shared([(self.per_address, address_key(address))])
        if wait is None:
            wait = self.per_address.wait(address)
        return math.ceil(wait) if wait else 0

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.close()
            self._redis = None

    async def _shared(self, windows: list[tuple[SlidingWindow, str]]) -> float | None:
        """Seconds to wait according to Redis (0: counted); None: count in this process."""
        active = [(window, key) for window, key in windows if window.limit > 0]
        if not active:
            return 0.0
        if self.redis_url is None or time.monotonic() < self._redis_paused_until:
            return None
        if self._redis is None:
            self._redis = aioredis.from_url(
                self.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5
            )
            self._script = self._redis.register_script(SLIDING_WINDOWS)
        args: list[str | int] = [secrets.token_hex(8)]
        for window, _key in active:
            args += [max(int(window.seconds * 1000), 1), window.limit]
        try:
            assert self._script is not None
            waited = await self._script(keys=[PREFIX + key for _w, key in active], args=args)
        except (redis.RedisError, OSError, asyncio.TimeoutError) as error:
            self._redis_paused_until = time.monotonic() + REDIS_PAUSE_SECONDS
            log.warning(
                "rate limits counted in this process for %.0f s (Redis unavailable: %s)",
                REDIS_PAUSE_SECONDS,
                error,
            )
            return None
        return int(waited) / 1000.0
