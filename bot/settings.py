"""Every setting of our processes, read from the environment in one place.

Why one place: the web service, the action server, Rasa's channel and the command line
share variables (the var directory, the internal token, Redis, the log format). Here
each variable has one name, one default (`make run` needs none set) and one check:
a bad value raises `SettingsError` naming the variable, the value and what is expected,
and the commands print that one line instead of a traceback (exit status 2).

`Settings.from_env()` reads them; `python -m bot serve` reads them once and hands the
object on. Library functions called outside the web app (`var_dir`, `internal_token`,
the action server's Redis) call `from_env()` themselves, so tests may change the
environment between calls. Only `KOMM_MIT_NOW` (a test hook, bot/clock.py) is read
elsewhere.

| variable | default | meaning |
|---|---|---|
| `KOMM_MIT_HOST`, `KOMM_MIT_PORT` | 127.0.0.1, 8000 | where `bot/` listens |
| `RASA_URL` (or `RASA_PORT`) | http://localhost:5005 | Rasa's HTTP API |
| `ACTIONS_URL` (or `ACTIONS_PORT`) | http://localhost:5055 | the action server, for readiness |
| `ACTIONS_HOST`, `ACTIONS_PORT` | 127.0.0.1, 5055 | where `python -m bot.action_server` listens |
| `KOMM_MIT_MAX_MESSAGE_CHARS` | 2000 | longest chat message |
| `KOMM_MIT_MAX_BODY_BYTES` | 65536 | largest request body |
| `KOMM_MIT_RASA_TIMEOUT` | 30 | seconds a turn may take in Rasa |
| `KOMM_MIT_HEADER_TIMEOUT` | 10 | seconds a new connection has for its request head |
| `KOMM_MIT_ALLOWED_ORIGINS` | none | other websites that embed the chat |
| `KOMM_MIT_PUBLIC_ORIGIN` | loopback | where people reach the service |
| `KOMM_MIT_TRUST_PROXY` | 0 | 1 behind our TLS proxy |
| `KOMM_MIT_REDIS_URL` | none | live updates between processes |
| `KOMM_MIT_RATE_PER_CONVERSATION`, `KOMM_MIT_RATE_PER_ADDRESS` | 30, 300 | messages per minute |
| `KOMM_MIT_RETENTION_DAYS`, `KOMM_MIT_APPOINTMENT_RETENTION_DAYS` | 90, 90 | days data is kept |
| `KOMM_MIT_VAR` | var | SQLite files and the internal token (bot/private_files.py) |
| `KOMM_MIT_DATABASE_URL` | SQLite in the var directory | the application database |
| `KOMM_MIT_INTERNAL_TOKEN` | shared file in the var directory | bot/internal_auth.py |
| `KOMM_MIT_LOG_FORMAT`, `KOMM_MIT_LOG_LEVEL` | text, INFO | bot/logs.py |
| `TELEGRAM_BOT_TOKEN` | none (no Telegram channel) | the bot's token |
| `TELEGRAM_WEBHOOK_URL`, `TELEGRAM_WEBHOOK_SECRET` | none (long polling) | webhook mode |
| `TELEGRAM_API_BASE_URL` | https://api.telegram.org | a Bot API server |
| `KOMM_MIT_SMTP_HOST`, `KOMM_MIT_SMTP_PORT` | none (no e-mail), 587 | mail server for staff |
| `KOMM_MIT_SMTP_USER`, `KOMM_MIT_SMTP_PASSWORD` | none | its login (the password: secret) |
| `KOMM_MIT_SMTP_STARTTLS`, `KOMM_MIT_SMTP_FROM` | 1, none | STARTTLS; the sender |
| `KOMM_MIT_NOTIFY_EMAILS` | none | `foreigners_office=a@x.de,migration_centre=b@y.de` |
| `KOMM_MIT_NOTIFY_AFTER_MINUTES` | 10 | unclaimed wait (chat hours) before an e-mail |
| `KOMM_MIT_TRANSLATE_URL` | none (no machine translation) | the district's LibreTranslate server |
| `KOMM_MIT_TRANSLATE_API_KEY` | none | its API key, if it asks for one (secret) |
| `KOMM_MIT_TRANSLATE_TIMEOUT` | 4 | seconds one translation may take |
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL", "NOTSET")
LOG_FORMATS = ("text", "json")
TRUE, FALSE = ("1", "true", "yes"), ("", "0", "false", "no")
ORIGIN = re.compile(r"https?://[^/\s]+")
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message says which, and what would do."""


def settings_or_exit(command: str) -> Settings:
    """For commands: the settings, or their one-line error on stderr and exit status 2."""
    try:
        return Settings.from_env()
    except SettingsError as error:
        print(f"{command}: {error}", file=sys.stderr)
        raise SystemExit(2) from None


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram channel (bot/telegram/channel.py); it exists only with a token."""

    token: str
    api_base_url: str = "https://api.telegram.org"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    # Outbox messages (staff replies, waiting-list news) are fetched this often; one query.
    notice_interval: float = 2.0
    # How often Rasa's readiness is asked while waiting for it, and how long a turn waits
    # for a Rasa that went away before the user is told to try again.
    ready_interval: float = 1.0
    rasa_patience: float = 300.0

    @property
    def api_root(self) -> str:
        """The server's root: "https://api.telegram.org" also when given as ".../bot"."""
        return self.api_base_url.rstrip("/").removesuffix("/bot")


@dataclass(frozen=True)
class TranslateSettings:
    """Machine translation for the staff console (bot/translate/); it exists only with a URL."""

    url: str
    api_key: str | None = field(default=None, repr=False)  # a secret: never printed
    timeout_seconds: float = 4.0


@dataclass(frozen=True)
class SmtpSettings:
    """E-mail to staff when someone waits outside the console (bot/handoff/notify.py);
    it exists only with a mail server, a sender and at least one recipient."""

    host: str
    sender: str
    # (service, address) pairs; a service may have several addresses.
    recipients: tuple[tuple[str, str], ...]
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # a secret: never printed
    starttls: bool = True
    after_minutes: int = 10

    def addresses(self, service: str) -> list[str]:
        return [address for key, address in self.recipients if key == service]


@dataclass(frozen=True)
class LogSettings:
    """`text` lines for `make run`, `json` lines in production (bot/logs.py)."""

    format: str = "text"
    level: str = "INFO"


@dataclass(frozen=True)
class Settings:
    port: int = 8000
    host: str = "127.0.0.1"
    rasa_url: str = "http://localhost:5005"
    actions_url: str = "http://localhost:5055"
    # Where the action server (python -m bot.action_server) listens.
    actions_host: str = "127.0.0.1"
    actions_port: int = 5055
    max_message_chars: int = 2000
    max_body_bytes: int = 64 * 1024
    # Rasa's NLG requests carry the slots and the latest message (rasa_ext/nlg.py).
    max_nlg_body_bytes: int = 1024 * 1024
    rasa_timeout_seconds: float = 30.0
    # A new connection must send a whole request head within this time (bot/web/serve.py).
    header_timeout_seconds: float = 10.0
    # Other websites allowed to embed the chat (scheme://host[:port]); the own origin always is.
    allowed_origins: tuple[str, ...] = ()
    # Where people reach this service (scheme://host[:port], e.g. https://chat.example.de);
    # empty: `make run` on this machine (http://localhost|127.0.0.1|[::1] on the own port).
    # Never derived from the request's Host header, which the client chooses.
    public_origins: tuple[str, ...] = ()
    # Behind a TLS-terminating proxy: trust its X-Forwarded-Proto (staff cookies get `Secure`).
    trust_proxy: bool = False
    # Redis for live updates between bot/ processes (its own database number), e.g.
    # redis://127.0.0.1:6379/2; None: one process, updates by polling the database.
    redis_url: str | None = None
    # Chat API messages per minute, per conversation and per client address (0: no limit).
    rate_per_conversation: int = 30
    rate_per_address: int = 300  # shelters and offices share one address
    # How long conversations (and handoff transcripts) and past appointments are kept.
    retention_days: int = 90
    appointment_retention_days: int = 90
    var_dir: Path = Path("var")
    # None: SQLite in the var directory.
    database_url: str | None = None
    # None: a random token shared through the var directory (bot/internal_auth.py).
    internal_token: str | None = None
    log: LogSettings = field(default_factory=LogSettings)
    # None: no Telegram channel.
    telegram: TelegramSettings | None = None
    # None: no e-mail to staff when someone waits.
    smtp: SmtpSettings | None = None
    # None: no machine translation (the console says how to turn it on).
    translate: TranslateSettings | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings in `env` (default: this process's environment); `SettingsError`
        for the first value that cannot be used."""
        read = _Reader(os.environ if env is None else env)
        rasa_port = read.port("RASA_PORT", 5005)
        actions_port = read.port("ACTIONS_PORT", cls.actions_port)
        return cls(
            port=read.port("KOMM_MIT_PORT", cls.port),
            host=read.text("KOMM_MIT_HOST", cls.host),
            rasa_url=read.url("RASA_URL", f"http://localhost:{rasa_port}", HTTP),
            actions_url=read.url("ACTIONS_URL", f"http://localhost:{actions_port}", HTTP),
            actions_host=read.text("ACTIONS_HOST", cls.actions_host),
            actions_port=actions_port,
            max_message_chars=read.whole("KOMM_MIT_MAX_MESSAGE_CHARS", cls.max_message_chars, 1),
            max_body_bytes=read.whole("KOMM_MIT_MAX_BODY_BYTES", cls.max_body_bytes, 1),
            rasa_timeout_seconds=read.seconds("KOMM_MIT_RASA_TIMEOUT", cls.rasa_timeout_seconds),
            header_timeout_seconds=read.seconds(
                "KOMM_MIT_HEADER_TIMEOUT", cls.header_timeout_seconds
            ),
            allowed_origins=read.origins("KOMM_MIT_ALLOWED_ORIGINS"),
            public_origins=read.origins("KOMM_MIT_PUBLIC_ORIGIN"),
            trust_proxy=read.flag("KOMM_MIT_TRUST_PROXY"),
            redis_url=read.optional_url("KOMM_MIT_REDIS_URL", REDIS),
            rate_per_conversation=read.whole(
                "KOMM_MIT_RATE_PER_CONVERSATION", cls.rate_per_conversation, 0
            ),
            rate_per_address=read.whole("KOMM_MIT_RATE_PER_ADDRESS", cls.rate_per_address, 0),
            retention_days=read.whole("KOMM_MIT_RETENTION_DAYS", cls.retention_days, 1),
            appointment_retention_days=read.whole(
                "KOMM_MIT_APPOINTMENT_RETENTION_DAYS", cls.appointment_retention_days, 1
            ),
            var_dir=Path(read.text("KOMM_MIT_VAR", str(cls.var_dir))),
            database_url=read.text("KOMM_MIT_DATABASE_URL", "") or None,
            internal_token=read.text("KOMM_MIT_INTERNAL_TOKEN", "") or None,
            log=LogSettings(
                format=read.choice("KOMM_MIT_LOG_FORMAT", LOG_FORMATS, "text").lower(),
                level=read.choice("KOMM_MIT_LOG_LEVEL", LOG_LEVELS, "INFO").upper(),
            ),
            telegram=_telegram(read),
            smtp=_smtp(read),
            translate=_translate(read),
        )


HTTP = ("http://", "https://")
REDIS = ("redis://", "rediss://", "unix://")
DEFAULT_TELEGRAM_API = TelegramSettings.api_base_url


def _telegram(read: _Reader) -> TelegramSettings | None:
    token = read.text("TELEGRAM_BOT_TOKEN", "")
    if not token:
        return None
    webhook_url = read.optional_url("TELEGRAM_WEBHOOK_URL", ("https://",))
    secret = read.text("TELEGRAM_WEBHOOK_SECRET", "") or None
    if webhook_url and not secret:
        raise SettingsError(
            "TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -)"
        )
    if secret is not None and not WEBHOOK_SECRET.fullmatch(secret):
        raise SettingsError("TELEGRAM_WEBHOOK_SECRET must be 1-256 of A-Z a-z 0-9 _ -")
    return TelegramSettings(
        token=token,
        api_base_url=read.url("TELEGRAM_API_BASE_URL", DEFAULT_TELEGRAM_API, HTTP).rstrip("/"),
        webhook_url=webhook_url,
        webhook_secret=secret,
    )


def _translate(read: _Reader) -> TranslateSettings | None:
    url = read.optional_url("KOMM_MIT_TRANSLATE_URL", HTTP)
    if url is None:
        return None
    return TranslateSettings(
        url=url.rstrip("/"),
        api_key=read.text("KOMM_MIT_TRANSLATE_API_KEY", "") or None,
        timeout_seconds=read.seconds(
            "KOMM_MIT_TRANSLATE_TIMEOUT", TranslateSettings.timeout_seconds
        ),
    )


MAIL_ADDRESS = re.compile(r"[^@\s,=<>]+@[^@\s,=<>]+\.[^@\s,=<>]+")
NOTIFY_SERVICES = ("foreigners_office", "migration_centre", "integration_commissioner")


def _smtp(read: _Reader) -> SmtpSettings | None:
    host = read.text("KOMM_MIT_SMTP_HOST", "")
    if not host:
        return None
    sender = read.text("KOMM_MIT_SMTP_FROM", "")
    if not MAIL_ADDRESS.fullmatch(sender):
        raise SettingsError(f"KOMM_MIT_SMTP_FROM must be an e-mail address, got {sender!r}")
    starttls = read.text("KOMM_MIT_SMTP_STARTTLS", "")
    return SmtpSettings(
        host=host,
        sender=sender,
        recipients=_recipients(read.text("KOMM_MIT_NOTIFY_EMAILS", "")),
        port=read.port("KOMM_MIT_SMTP_PORT", SmtpSettings.port),
        user=read.text("KOMM_MIT_SMTP_USER", "") or None,
        password=read.text("KOMM_MIT_SMTP_PASSWORD", "") or None,
        starttls=read.flag("KOMM_MIT_SMTP_STARTTLS") if starttls else SmtpSettings.starttls,
        after_minutes=read.whole("KOMM_MIT_NOTIFY_AFTER_MINUTES", SmtpSettings.after_minutes, 1),
    )


def _recipients(raw: str) -> tuple[tuple[str, str], ...]:
    """`service=address` pairs, comma-separated (a service may appear more than once)."""
    expected = (
        "KOMM_MIT_NOTIFY_EMAILS must be comma-separated service=address pairs with services "
        f"{', '.join(NOTIFY_SERVICES)}, e.g. foreigners_office=team@example.de"
    )
    pairs = []
    for item in (part.strip() for part in raw.split(",") if part.strip()):
        service, _, address = (x.strip() for x in item.partition("="))
        if service not in NOTIFY_SERVICES or not MAIL_ADDRESS.fullmatch(address):
            raise SettingsError(f"{expected}, got {item!r}")
        pairs.append((service, address))
    if not pairs:
        raise SettingsError(f"KOMM_MIT_SMTP_HOST needs recipients: {expected}")
    return tuple(pairs)


class _Reader:
    """Reads one variable at a time (unset or empty: the default) and says exactly what
    is wrong with a value."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env

    def text(self, name: str, default: str) -> str:
        return self.env.get(name, "").strip() or default

    def whole(self, name: str, default: int, low: int, high: int | None = None) -> int:
        raw = self.text(name, "")
        if not raw:
            return default
        expected = f"from {low} to {high}" if high is not None else f"of at least {low}"
        try:
            value = int(raw)
        except ValueError:
            value = low - 1
        if value < low or (high is not None and value > high):
            raise SettingsError(f"{name} must be a whole number {expected}, got {raw!r}")
        return value

    def port(self, name: str, default: int) -> int:
        return self.whole(name, default, 1, 65535)

    def seconds(self, name: str, default: float) -> float:
        raw = self.text(name, "")
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = 0.0
        if not 0 < value < float("inf"):
            raise SettingsError(f"{name} must be a number of seconds above 0, got {raw!r}")
        return value

    def flag(self, name: str) -> bool:
        raw = self.text(name, "").lower()
        if raw in TRUE or raw in FALSE:
            return raw in TRUE
        raise SettingsError(
            f"{name} must be one of 1, true, yes, 0, false, no, got {self.text(name, '')!r}"
        )

    def choice(self, name: str, allowed: tuple[str, ...], default: str) -> str:
        raw = self.text(name, default)
        if raw.upper() not in (option.upper() for option in allowed):
            raise SettingsError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
        return raw

    def url(self, name: str, default: str, schemes: tuple[str, ...]) -> str:
        raw = self.text(name, default)
        if not any(raw.startswith(scheme) and len(raw) > len(scheme) for scheme in schemes):
            expected = " or ".join(f"{scheme}…" for scheme in schemes)
            raise SettingsError(f"{name} must be a URL starting with {expected}, got {raw!r}")
        return raw

    def optional_url(self, name: str, schemes: tuple[str, ...]) -> str | None:
        return self.url(name, "", schemes) if self.text(name, "") else None

    def origins(self, name: str) -> tuple[str, ...]:
        """`scheme://host[:port]` entries of a comma-separated setting, without trailing
        slashes."""
        found = tuple(o.strip().rstrip("/") for o in self.text(name, "").split(",") if o.strip())
        for origin in found:
            if not ORIGIN.fullmatch(origin):
                raise SettingsError(
                    f"{name} must be comma-separated origins like https://chat.example.org"
                    f" (scheme://host[:port], no path), got {origin!r}"
                )
        return found
