"""One clock for every service and command (bot/clock.py), also across processes."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.clock import NOW_VARIABLE, fixed_environment, utcnow

ROOT = Path(__file__).resolve().parent.parent
MOMENT = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def test_the_clock_is_the_machines_unless_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NOW_VARIABLE, raising=False)
    assert abs(utcnow() - datetime.now(timezone.utc)) < timedelta(seconds=5)
    assert utcnow().tzinfo is not None
    monkeypatch.setenv(NOW_VARIABLE, "2026-11-20T10:00:00+01:00")
    assert utcnow() == MOMENT and utcnow().utcoffset() == timedelta(0)
    monkeypatch.setenv(NOW_VARIABLE, "2026-11-20T09:00:00Z")
    assert utcnow() == MOMENT


def test_a_fixed_clock_needs_a_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NOW_VARIABLE, "2026-11-20T09:00:00")
    with pytest.raises(ValueError, match=NOW_VARIABLE):
        utcnow()
    with pytest.raises(ValueError):
        fixed_environment(datetime(2026, 11, 20, 9, 0))


def test_a_subprocess_runs_on_the_clock_it_is_given() -> None:
    import os

    env = {**os.environ, **fixed_environment(MOMENT)}
    code = "from bot.clock import utcnow; print(utcnow().isoformat())"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert datetime.fromisoformat(out.stdout.strip()) == MOMENT


# Durations (rate limits, timeouts) use time.monotonic; what time it is comes from bot/clock.py.
REAL_CLOCK = re.compile(
    r"datetime\.(now|utcnow|today)\(|date\.today\(|\btime\.time\(|\btime\.(localtime|gmtime)\("
)


def test_nothing_else_reads_the_real_clock() -> None:
    readers = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("bot", "actions", "tools")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != ROOT / "bot" / "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if REAL_CLOCK.search(line)
    ]
    assert readers == [], "read the time from bot.clock.utcnow (or a store's clock)"
