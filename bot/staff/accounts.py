"""Staff accounts and login sessions (application database).

Why these choices: passwords are hashed with Argon2 (argon2-cffi, its default
parameters); a session cookie carries a random token of which only a SHA-256
hash is stored; each session has its own CSRF token; sessions end after a
period without activity and after a maximum age. Every login attempt is first
counted by the login throttle (bot/staff/throttle.py).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.clock import utcnow
from bot.content import SERVICES
from bot.db.engine import shared_engine
from bot.db.store import Store
from bot.db.tables import staff, staff_sessions
from bot.staff.throttle import LoginThrottle, Throttling

UI_LANGUAGES = ("de", "en")
MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
# Verified when the user name is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A staff account cannot be created or changed as asked (message for the admin)."""


@dataclass(frozen=True)
class Staff:
    id: int
    username: str
    display_name: str
    services: tuple[str, ...]
    is_admin: bool
    ui_language: str
    active: bool

    @classmethod
    def from_row(cls, row: Any) -> Staff:
        m = row._mapping
        return cls(
            id=m["id"],
            username=m["username"],
            display_name=m["display_name"],
            services=tuple(s for s in str(m["services"]).split() if s),
            is_admin=bool(m["is_admin"]),
            ui_language=m["ui_language"],
            active=bool(m["active"]),
        )

    @property
    def visible_services(self) -> tuple[str, ...]:
        """The queues this person works on: every service for an admin."""
        return SERVICES if self.is_admin else self.services

    def may_see(self, service: str) -> bool:
        return self.is_admin or service in self.services


@dataclass(frozen=True)
class Session:
    staff: Staff
    csrf_token: str


@dataclass(frozen=True)
class Policy:
    idle: timedelta = timedelta(minutes=30)
    max_age: timedelta = timedelta(hours=12)
    throttling: Throttling = field(default_factory=Throttling)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_services(services: Iterable[str], is_admin: bool) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(services))
    unknown = [s for s in chosen if s not in SERVICES]
    if unknown:
        raise AccountError(f"unknown service(s): {', '.join(unknown)}; use {', '.join(SERVICES)}")
    if not chosen and not is_admin:
        raise AccountError("a staff member needs at least one --service (or --admin)")
    return chosen


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


class StaffAccounts(Store):
    def __init__(
        self,
        engine: Engine,
        policy: Policy | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(engine, clock)
        self.policy = policy or Policy()
        self.throttle = LoginThrottle(engine, self.policy.throttling)

    # --- accounts (command line) ----------------------------------------------------------

    def create(
        self,
        username: str,
        password: str,
        *,
        display_name: str | None = None,
        services: Iterable[str] = (),
        is_admin: bool = False,
        ui_language: str = "de",
    ) -> Staff:
        username = username.strip().lower()
        if not username or len(username) > 64 or any(ch.isspace() for ch in username):
            raise AccountError("the user name must be 1-64 characters without spaces")
        if ui_language not in UI_LANGUAGES:
            raise AccountError(f"the console language must be one of {', '.join(UI_LANGUAGES)}")
        chosen = _check_services(services, is_admin)
        _check_password(password)
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    insert(staff).values(
                        username=username,
                        display_name=(display_name or username).strip(),
                        password_hash=_hasher.hash(password),
                        services=" ".join(chosen),
                        is_admin=is_admin,
                        ui_language=ui_language,
                        active=True,
                        created_at=self.clock(),
                    )
                )
                staff_id = int(result.inserted_primary_key[0])
        except IntegrityError:
            raise AccountError(f"the user name {username!r} is taken") from None
        return self.get(staff_id)

    def set_password(self, username: str, password: str) -> None:
        _check_password(password)
        self._update(username, password_hash=_hasher.hash(password))
        self._end_sessions(username)

    def set_services(self, username: str, services: Iterable[str], is_admin: bool) -> None:
        self._update(
            username, services=" ".join(_check_services(services, is_admin)), is_admin=is_admin
        )

    def disable(self, username: str) -> None:
        self._update(username, active=False)
        self._end_sessions(username)

    def set_language(self, staff_id: int, language: str) -> None:
        if language in UI_LANGUAGES:
            with self.engine.begin() as conn:
                conn.execute(
                    update(staff).where(staff.c.id == staff_id).values(ui_language=language)
                )

    def all(self) -> list[Staff]:
        with self.engine.connect() as conn:
            return [
                Staff.from_row(r) for r in conn.execute(select(staff).order_by(staff.c.username))
            ]

    def get(self, staff_id: int) -> Staff:
        with self.engine.connect() as conn:
            return Staff.from_row(conn.execute(select(staff).where(staff.c.id == staff_id)).one())

    def names(self) -> dict[int, str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(staff.c.id, staff.c.display_name))
            return {r.id: r.display_name for r in rows}

    # --- logging in -----------------------------------------------------------------------

    def authenticate(self, username: str, password: str, address: str) -> Staff | None:
        """The account for a correct name and password (None otherwise); raises Throttled
        while this name, this address or both together must wait after failed logins."""
        username = username.strip().lower()[:64]
        attempt = self.throttle.count(username, address, self.clock())
        with self.engine.connect() as conn:
            row = conn.execute(select(staff).where(staff.c.username == username)).one_or_none()
        stored = row.password_hash if row is not None else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
            ok = row is not None and bool(row.active)
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            return None  # already counted as a failure
        with self.engine.begin() as conn:
            self.throttle.take_back(conn, attempt)
            if _hasher.check_needs_rehash(stored):
                conn.execute(
                    update(staff)
                    .where(staff.c.id == row.id)
                    .values(password_hash=_hasher.hash(password))
                )
        assert row is not None
        return Staff.from_row(row)

    def start_session(self, staff_id: int) -> tuple[str, str]:
        """A new session: (cookie token, CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(
                insert(staff_sessions).values(
                    token_hash=_token_hash(token),
                    staff_id=staff_id,
                    csrf_token=csrf,
                    created_at=now,
                    last_seen_at=now,
                )
            )
        return token, csrf

    def session(self, token: str | None, *, touch: bool = True) -> Session | None:
        """The live session of a cookie token; idle or too old sessions are ended here."""
        if not token:
            return None
        now = self.clock()
        hashed = _token_hash(token)
        with self.engine.begin() as conn:
            row = conn.execute(
                select(staff_sessions, staff)
                .join(staff, staff.c.id == staff_sessions.c.staff_id)
                .where(staff_sessions.c.token_hash == hashed)
            ).one_or_none()
            if row is None:
                return None
            m = row._mapping
            expired = (
                now - m["last_seen_at"] > self.policy.idle
                or now - m["created_at"] > self.policy.max_age
                or not m["active"]
            )
            if expired:
                conn.execute(delete(staff_sessions).where(staff_sessions.c.token_hash == hashed))
                return None
            if touch:
                conn.execute(
                    update(staff_sessions)
                    .where(staff_sessions.c.token_hash == hashed)
                    .values(last_seen_at=now)
                )
            person = conn.execute(select(staff).where(staff.c.id == m["staff_id"])).one()
        return Session(Staff.from_row(person), m["csrf_token"])

    def end_session(self, token: str | None) -> None:
        if token:
            with self.engine.begin() as conn:
                conn.execute(
                    delete(staff_sessions).where(staff_sessions.c.token_hash == _token_hash(token))
                )

    def purge(self) -> int:
        """Old sessions and forgotten failed-login counts go."""
        now = self.clock()
        with self.engine.begin() as conn:
            sessions = conn.execute(
                delete(staff_sessions).where(
                    or_(
                        staff_sessions.c.last_seen_at < now - self.policy.idle,
                        staff_sessions.c.created_at < now - self.policy.max_age,
                    )
                )
            ).rowcount
            failures = self.throttle.purge(conn, now)
        return int(sessions) + failures

    # --- internals ------------------------------------------------------------------------

    def _update(self, username: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(staff).where(staff.c.username == username.strip().lower()).values(**values)
            ).rowcount
        if changed != 1:
            raise AccountError(f"no staff member {username!r}")

    def _end_sessions(self, username: str) -> None:
        with self.engine.begin() as conn:
            ids = select(staff.c.id).where(staff.c.username == username.strip().lower())
            conn.execute(delete(staff_sessions).where(staff_sessions.c.staff_id.in_(ids)))


@lru_cache(maxsize=4)
def staff_accounts(url: str | None = None) -> StaffAccounts:
    """One store per database URL and process, on the shared engine (bot/db/engine.py)."""
    return StaffAccounts(shared_engine(url))
