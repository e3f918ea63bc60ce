"""Prometheus metrics of the `bot/` service, served at `/metrics`.

Why these: they answer the operator's questions without any message content –
how many messages in which channel and language, how fast answers are, how often
the assistant did not understand, how long people wait for staff, how many
appointments are booked. Queue figures are read from the database at scrape time,
so every replica reports the same truth.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime, timezone

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from bot.content import SERVICES
from bot.db.tables import handoffs
from bot.handoff.store import HandoffStore

REGISTRY = CollectorRegistry()
MESSAGES = Counter(
    "komm_mit_messages",
    "Messages received from users, by channel and reply language",
    ["channel", "language"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "komm_mit_response_seconds",
    "Time from receiving a user message to the answer, by channel",
    ["channel"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 30),
    registry=REGISTRY,
)
FALLBACKS = Counter(
    "komm_mit_fallbacks",
    "Answers saying the assistant did not understand (or was asked something off-topic)",
    ["language"],
    registry=REGISTRY,
)
BOOKINGS = Counter(
    "komm_mit_bookings",
    "Appointments booked (by users in the chat, or by staff for them)",
    ["service", "by"],
    registry=REGISTRY,
)
BOOKINGS_REFUSED = Counter(
    "komm_mit_bookings_refused",
    "Bookings refused at a limit: upcoming appointments of the conversation (person), "
    "bookings from one client address (address) or one channel user (user)",
    ["reason"],
    registry=REGISTRY,
)
HANDOFFS = Counter(
    "komm_mit_handoffs",
    "Conversations handed to staff, by service",
    ["service"],
    registry=REGISTRY,
)
ERRORS = Counter(
    "komm_mit_unavailable",
    "User messages answered with 'please try again' because a dependency failed",
    ["channel"],
    registry=REGISTRY,
)


class QueueCollector(Collector):
    """Handoff queue length and the longest current wait per service (from the database)."""

    def __init__(self) -> None:
        self.store: HandoffStore | None = None

    def collect(self) -> Iterable[Metric]:
        if self.store is None:
            return
        length = GaugeMetricFamily(
            "komm_mit_handoff_queue_length",
            "Conversations waiting for a staff member",
            labels=["service"],
        )
        oldest = GaugeMetricFamily(
            "komm_mit_handoff_oldest_wait_seconds",
            "How long the first person in the queue has been waiting",
            labels=["service"],
        )
        now = self.store.clock()
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(
                    handoffs.c.service,
                    func.count(),
                    func.min(handoffs.c.requested_at),
                )
                .where(handoffs.c.status == "waiting")
                .group_by(handoffs.c.service)
            ).all()
        found = {row[0]: (int(row[1]), row[2]) for row in rows}
        for service in SERVICES:
            count, first = found.get(service, (0, None))
            length.add_metric([service], count)
            if isinstance(first, str):
                first = datetime.fromisoformat(first).replace(tzinfo=timezone.utc)
            elif isinstance(first, datetime) and first.tzinfo is None:
                first = first.replace(tzinfo=timezone.utc)
            waited = (now - first).total_seconds() if first else 0.0
            oldest.add_metric([service], max(waited, 0.0))
        yield length
        yield oldest


QUEUE = QueueCollector()
REGISTRY.register(QUEUE)


def watch_queue(store: HandoffStore) -> None:
    """The queue figures come from this store's database."""
    QUEUE.store = store


async def metrics_endpoint(request: web.Request) -> web.Response:
    body = await asyncio.to_thread(generate_latest, REGISTRY)  # the queue query blocks
    return web.Response(body=body, headers={"Content-Type": "text/plain; version=0.0.4"})
