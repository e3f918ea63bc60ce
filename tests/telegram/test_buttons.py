"""Long button payloads are kept in the database: any replica resolves any click."""

from __future__ import annotations

from datetime import timedelta

from bot.handoff.store import HandoffStore
from bot.telegram.buttons import LIMIT, ButtonStore
from tests.fakes import Clock

LONG = '/book_appointment{"service": "integration_commissioner", "booking_concern": "x"}'


def test_short_payloads_go_as_they_are_and_long_ones_as_a_key(
    handoffs: HandoffStore, clock: Clock
) -> None:
    sender, receiver = ButtonStore(handoffs.engine, clock), ButtonStore(handoffs.engine, clock)
    assert sender.short("/affirm") == "/affirm"
    key = sender.short(LONG)
    assert key.startswith("k:") and len(key.encode()) <= LIMIT
    assert receiver.resolve(key) == LONG  # another replica (or after a restart)
    assert receiver.resolve("/affirm") == "/affirm"
    assert receiver.resolve("k:unknown") is None


def test_kept_payloads_expire(handoffs: HandoffStore, clock: Clock) -> None:
    store = ButtonStore(handoffs.engine, clock)
    key = store.short(LONG)
    clock.advance(days=29)
    assert store.purge(timedelta(days=30)) == 0
    clock.advance(days=2)
    assert store.purge(timedelta(days=30)) == 1
    assert store.resolve(key) is None
