"""How many messages one conversation and one client address may send per minute.

Why: one script must not be able to flood the assistant (and the staff queue) or
starve other newcomers. A sliding window per key, in this process's memory; with
several `bot/` replicas behind a load balancer each replica counts for itself.
Keys that stay quiet expire (cachetools' TTL cache), so memory stays bounded.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from cachetools import TTLCache


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

    def retry_after(self, conversation_id: str, address: str) -> int:
        wait = max(self.per_address.wait(address), self.per_conversation.wait(conversation_id))
        return math.ceil(wait) if wait else 0
