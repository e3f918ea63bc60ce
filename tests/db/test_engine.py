"""Every store of a process shares one engine per database URL (bot/db/engine.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.booking.store import booking_store
from bot.db.engine import database_url, shared_engine
from bot.handoff.store import handoff_store
from bot.staff.accounts import staff_accounts


def test_the_stores_share_one_engine_per_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    engine = shared_engine(url)
    assert booking_store(url).engine is engine
    assert handoff_store(url).engine is engine
    assert staff_accounts(url).engine is engine
    assert shared_engine(f"sqlite:///{tmp_path / 'other.db'}") is not engine


def test_no_url_means_the_configured_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'configured.db'}"
    monkeypatch.setenv("KOMM_MIT_DATABASE_URL", url)
    assert database_url() == url
    assert shared_engine() is shared_engine(url)
