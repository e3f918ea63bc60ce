"""Logging of the `bot/` service: readable lines for `make run`, JSON lines in production.

Why JSON: log collectors (Loki, Elastic, journald) index fields instead of parsing
text. Either way no message text or contact details are logged (docs/privacy.md):
the access log (URLs carry conversation ids) and the HTTP client's request log
(Telegram URLs carry the bot token) stay quiet.

Nor a conversation id: while a turn runs (`about_conversation`), every log line of
the process, also Rasa's own and exception texts, shows `conversation_tag(id)`
instead, a short keyed hash that links the lines of one conversation in one
process and cannot be turned back into the id.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from contextvars import ContextVar
from typing import Any

import structlog

from bot.settings import LogSettings, Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(structlog.stdlib.ProcessorFormatter):
    """One JSON object per line: timestamp, level, logger, event (and exception)."""

    def __init__(self) -> None:
        super().__init__(
            foreign_pre_chain=[
                structlog.stdlib.add_log_level,
                structlog.stdlib.add_logger_name,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
            ],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(ensure_ascii=False),
            ],
        )


_CONVERSATION: ContextVar[str | None] = ContextVar("komm_mit_conversation", default=None)
_TAG_KEY = secrets.token_bytes(16)  # per process: tags cannot be looked up elsewhere


def conversation_tag(conversation_id: str) -> str:
    """What logs show instead of a conversation id (same id, same tag in one process)."""
    digest = hmac.new(_TAG_KEY, conversation_id.encode(), "sha256").hexdigest()
    return f"conv-{digest[:10]}"


def about_conversation(conversation_id: str) -> None:
    """From here on in the current task (a request, a turn), log lines show the id as its
    tag, until the task ends or names another conversation (a server may serve several
    requests of one connection in one task; hiding an earlier id as well does no harm)."""
    _CONVERSATION.set(conversation_id or None)


def _redacting_factory(make: Any) -> Any:
    def record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        made: logging.LogRecord = make(*args, **kwargs)
        secret = _CONVERSATION.get()
        if secret:
            _redact(made, secret)
        return made

    record.komm_mit_redacting = True  # type: ignore[attr-defined]
    return record


def _redact(record: logging.LogRecord, secret: str) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is logging's own error to report
        return
    trace = logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
    if secret not in message and secret not in trace:
        return
    tag = conversation_tag(secret)
    record.msg, record.args = message.replace(secret, tag), ()
    if secret in trace:  # formatters would print the original exception: print ours
        record.msg += "\n" + trace.replace(secret, tag)
        record.exc_info, record.exc_text = None, None


def install_redaction() -> None:
    """Every log record of this process is checked for the current conversation id."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "komm_mit_redacting", False):
        logging.setLogRecordFactory(_redacting_factory(current))


def json_inside_rasa() -> None:
    """Rasa installs coloured text logs after reading its options; rasa_ext/startup.py (when
    Rasa loads our NLG or channel) and the actions package call this, so Rasa's processes
    log JSON too when `KOMM_MIT_LOG_FORMAT=json` (and keep Rasa's own format otherwise).
    In every format their lines show conversation ids as tags."""
    install_redaction()
    settings = Settings.from_env().log
    if settings.format == "json":
        configure(settings)


def configure(settings: LogSettings | None = None) -> None:
    """`KOMM_MIT_LOG_FORMAT=json|text` (default text) and `KOMM_MIT_LOG_LEVEL` (INFO)."""
    settings = settings or Settings.from_env().log
    handler = logging.StreamHandler()
    json_lines = settings.format == "json"
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers = [handler]
    install_redaction()
    root.setLevel(settings.level)
    for noisy in ("aiohttp.access", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
