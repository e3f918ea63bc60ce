"""The scheduled deletion, with a fake clock: what is older than its period goes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.booking.store import BookingStore, Who
from bot.handoff.store import HandoffStore
from bot.rasa_client import RasaClient
from bot.retention import Retention
from bot.staff.accounts import StaffAccounts
from tests.booking.conftest import make_store
from tests.fakes import Clock, FakeRasa, serving

ALI = Who("conversation-ali-0001", "web", "ar")


async def test_old_appointments_transcripts_and_conversations_expire(
    tmp_path: Path, clock: Clock
) -> None:
    url = f"sqlite:///{tmp_path / 'retention.db'}"
    bookings: BookingStore = make_store(url)
    bookings.clock = clock
    handoffs = HandoffStore(bookings.engine, clock=clock)
    accounts = StaffAccounts(bookings.engine, clock=clock)
    slot = bookings.free("foreigners_office", "permit_extension", limit=1)[0]
    booked = bookings.book(
        ALI, "foreigners_office", "permit_extension", slot.start, contact="x@y.de"
    )
    handoff, _ = handoffs.request(ALI, "foreigners_office", topic=None, offline=False)
    handoffs.add_user_message(handoff.id, "مرحبا", "ar")
    handoffs.leave(handoff.id)
    handoffs.mark_resumed(handoff.id)
    fake = FakeRasa()
    async with serving(fake) as rasa_url, aiohttp.ClientSession() as session:
        retention = Retention(bookings, handoffs, accounts, RasaClient(rasa_url, session, 5))

        clock.advance(days=30)  # the appointment is over: the contact goes, the rest stays
        first = await retention.run_once()
        assert first["contacts"] == 1 and first["appointments"] == 0
        assert first["transcripts"] == 0
        assert fake.expired_before[-1] == pytest.approx(
            (clock.now - timedelta(days=90)).timestamp()
        )

        clock.advance(days=70)  # 100 days on: the appointment and the transcript go
        second = await retention.run_once()
        assert second["appointments"] == 1 and second["transcripts"] == 1
        assert bookings.upcoming(ALI.conversation_id) == []
        assert handoffs.messages(handoff.id) == []
        with bookings.engine.connect() as conn:
            left = conn.exec_driver_sql(
                "SELECT count(*) FROM appointments WHERE reference = ?", (booked.reference,)
            ).scalar_one()
        assert left == 0
        assert len(fake.expired_before) == 2


async def test_a_shorter_configured_period_is_honoured(tmp_path: Path, clock: Clock) -> None:
    url = f"sqlite:///{tmp_path / 'retention-short.db'}"
    bookings = make_store(url)
    bookings.clock = clock
    handoffs = HandoffStore(bookings.engine, clock=clock)
    handoff, _ = handoffs.request(ALI, "foreigners_office", topic=None, offline=False)
    handoffs.leave(handoff.id)
    handoffs.mark_resumed(handoff.id)
    fake = FakeRasa()
    async with serving(fake) as rasa_url, aiohttp.ClientSession() as session:
        retention = Retention(
            bookings,
            handoffs,
            StaffAccounts(bookings.engine, clock=clock),
            RasaClient(rasa_url, session, 5),
            conversations=timedelta(days=7),
        )
        clock.advance(days=8)
        removed = await retention.run_once()
    assert removed["transcripts"] == 1
    assert fake.expired_before[-1] == pytest.approx((clock.now - timedelta(days=7)).timestamp())
