"""Login throttling: failed staff logins counted in the database, with growing waits.

Why these rules: throttling slows guessing without locking the owner out. Failures are
counted per name and address together and per address, each with growing delays, and
per name from anywhere with a small cap (someone guessing from many addresses slows the
owner by at most a minute, never locks them out). Counted in the database, the limits
hold across every `bot/` process. Each attempt is counted before its password is
checked, by compare-and-set on one row per key, so parallel attempts cannot check more
passwords than allowed (the same on SQLite and PostgreSQL).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.db.tables import login_throttle


class Throttled(Exception):
    """Too many failed logins for this name or address; try again after `wait`."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"try again in {wait}")
        self.wait = max(wait, timedelta(seconds=1))

    @property
    def seconds(self) -> int:
        """Whole seconds to wait (for `Retry-After`), at least one."""
        return max(1, math.ceil(self.wait.total_seconds()))


class _Raced(Exception):
    """Another attempt changed a throttle row between reading and writing it."""


@dataclass(frozen=True)
class Backoff:
    """`free` failures cost nothing; after that each attempt waits `first` after the last
    one, twice as long after every further failure, at most `cap`."""

    free: int
    first: timedelta
    cap: timedelta

    def wait(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        return min(self.first * (1 << min(failures - self.free, 30)), self.cap)


@dataclass(frozen=True)
class Throttling:
    # Failed logins of a key are forgotten after this long without another (>= every cap).
    forget_after: timedelta = timedelta(hours=1)
    # One name from one address: 5 free, then 1, 2, 4, 8, 15, 15, ... minutes.
    per_pair: Backoff = Backoff(5, timedelta(minutes=1), timedelta(minutes=15))
    # One address, whatever names (shelters and offices share addresses): 20 free, then the same.
    per_address: Backoff = Backoff(20, timedelta(minutes=1), timedelta(minutes=15))
    # One name from everywhere: only slows (10 free, then 5, 10, 20, 40, 60, 60, ... seconds).
    per_name: Backoff = Backoff(10, timedelta(seconds=5), timedelta(minutes=1))


# The keys one attempt is counted on (name+address first) and their backoffs.
Attempt = dict[str, Backoff]


def _throttle_key(*parts: str) -> str:
    """A throttle row's key: a hash, so the table holds no plain name or address."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()


class LoginThrottle:
    def __init__(self, engine: Engine, rules: Throttling) -> None:
        self.engine = engine
        self.rules = rules

    def count(self, username: str, address: str, now: datetime) -> Attempt:
        """Counts a login attempt as failed for this name, this address and both together,
        before its password is checked (`take_back` when it was right); raises Throttled
        while one of them must wait."""
        rules = self.rules
        keys = {
            _throttle_key("name+address", username, address): rules.per_pair,
            _throttle_key("address", address): rules.per_address,
            _throttle_key("name", username): rules.per_name,
        }
        self._count_attempt(keys, now)
        return keys

    def take_back(self, conn: Connection, attempt: Attempt) -> None:
        """Success: this name from this address starts afresh; the attempt is taken back
        from the address's and the name's counts (others' failures there remain)."""
        pair, *others = attempt
        t = login_throttle.c
        conn.execute(delete(login_throttle).where(t.key == pair))
        conn.execute(
            update(login_throttle)
            .where(t.key.in_(others), t.failures > 0)
            .values(failures=t.failures - 1, seq=t.seq + 1)
        )

    def purge(self, conn: Connection, now: datetime) -> int:
        """Forgotten failed-login counts go; how many."""
        forgotten = login_throttle.c.last_at < now - self.rules.forget_after
        return int(conn.execute(delete(login_throttle).where(forgotten)).rowcount)

    def _count_attempt(self, keys: Attempt, now: datetime) -> None:
        """Counts the attempt as failed on every key, all or none; raises Throttled while a
        key must wait.

        Why compare-and-set: a row is only changed while its `seq` is still the one read,
        so of parallel attempts each counts on top of the others, on SQLite and PostgreSQL
        alike, without table locks. An attempt that lost a race reads again.
        """
        t = login_throttle.c
        for _round in range(200):
            with self.engine.connect() as conn:
                found = conn.execute(select(login_throttle).where(t.key.in_(list(keys))))
                rows = {r.key: r for r in found}
            failures = {key: self._recent_failures(rows.get(key), now) for key in keys}
            waits = [
                rows[key].last_at + backoff.wait(failures[key]) - now
                for key, backoff in keys.items()
                if backoff.wait(failures[key])
            ]
            if max(waits, default=timedelta(0)) > timedelta(0):
                raise Throttled(max(waits))
            try:
                with self.engine.begin() as conn:
                    for key in sorted(keys):  # one order everywhere: no deadlocks
                        if key not in rows:
                            conn.execute(
                                insert(login_throttle).values(
                                    key=key, failures=1, seq=1, last_at=now
                                )
                            )
                            continue
                        seq = rows[key].seq
                        changed = conn.execute(
                            update(login_throttle)
                            .where(t.key == key, t.seq == seq)
                            .values(failures=failures[key] + 1, seq=seq + 1, last_at=now)
                        ).rowcount
                        if changed != 1:
                            raise _Raced()
                return
            except (_Raced, IntegrityError):
                continue
        raise Throttled(timedelta(seconds=1))  # a storm of parallel attempts: later

    def _recent_failures(self, row: Any, now: datetime) -> int:
        if row is None or now - row.last_at > self.rules.forget_after:
            return 0
        return int(row.failures)
