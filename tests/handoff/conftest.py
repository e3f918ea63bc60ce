"""Staff members for handoff tests (the `handoffs` store and `clock` are in tests/conftest.py)."""

from __future__ import annotations

import pytest

from bot.booking.store import Who
from bot.handoff.store import HandoffStore
from bot.staff.accounts import StaffAccounts
from tests.fakes import Clock

SARA = Who("conversation-sara-01", "web", "fa")


@pytest.fixture
def staff_ids(handoffs: HandoffStore, clock: Clock) -> dict[str, int]:
    accounts = StaffAccounts(handoffs.engine, clock=clock)
    made = {
        "fo": accounts.create("fo", "a long password 1", services=["foreigners_office"]),
        "fo2": accounts.create("fo2", "a long password 2", services=["foreigners_office"]),
    }
    return {name: person.id for name, person in made.items()}
