"""The one clock of every service and command: what time it is, in UTC.

Why one place: stores, retention, the staff console, calendar files and the command
line all ask "what time is it?". They take the answer from here (stores as their
default `clock`), so a test can fix it in one place, also for processes it starts.

`KOMM_MIT_NOW` fixes the clock of a process to one instant, in ISO 8601 with a time
zone, e.g. `KOMM_MIT_NOW=2026-11-20T09:00:00+00:00` (read at every call, so a test
may set it in `os.environ` before starting a subprocess). For tests and
demonstrations only: a fixed clock never moves, so sessions and waits never end.
Timers of rate limits and timeouts measure durations with `time.monotonic` instead.
It is the one variable read here rather than in bot/settings.py: every process and
command asks the clock (Rasa's too), and tests change it while a process runs.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from functools import lru_cache

NOW_VARIABLE = "KOMM_MIT_NOW"


@lru_cache(maxsize=8)
def _parse(value: str) -> datetime:
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{NOW_VARIABLE} needs a time zone, e.g. 2026-11-20T09:00:00+00:00")
    return moment.astimezone(timezone.utc)


def utcnow() -> datetime:
    """Now, as an aware UTC datetime (or the instant `KOMM_MIT_NOW` fixes)."""
    fixed = os.environ.get(NOW_VARIABLE)
    if fixed:
        return _parse(fixed)
    return datetime.now(timezone.utc)


def fixed_environment(moment: datetime) -> dict[str, str]:
    """The environment entry that gives a subprocess the clock fixed at `moment`."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given as the fixed clock")
    return {NOW_VARIABLE: moment.astimezone(timezone.utc).isoformat()}
