"""Logging of the `bot/` service: readable lines for `make run`, JSON lines in production.

Why JSON: log collectors (Loki, Elastic, journald) index fields instead of parsing
text. Either way no message text or contact details are logged (docs/privacy.md):
the access log (URLs carry conversation ids) and the HTTP client's request log
(Telegram URLs carry the bot token) stay quiet.
"""

from __future__ import annotations

import logging
import os

import structlog

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


def json_inside_rasa() -> None:
    """Rasa installs coloured text logs after reading its options; our channel and the
    actions package call this when they load, so Rasa's processes log JSON too when
    `KOMM_MIT_LOG_FORMAT=json` (and keep Rasa's own format otherwise)."""
    if os.environ.get("KOMM_MIT_LOG_FORMAT", "").lower() == "json":
        configure("json", os.environ.get("LOG_LEVEL"))


def configure(log_format: str | None = None, level: str | None = None) -> None:
    """`KOMM_MIT_LOG_FORMAT=json|text` (default text) and `KOMM_MIT_LOG_LEVEL` (INFO)."""
    chosen = (log_format or os.environ.get("KOMM_MIT_LOG_FORMAT") or "text").lower()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if chosen == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel((level or os.environ.get("KOMM_MIT_LOG_LEVEL") or "INFO").upper())
    for noisy in ("aiohttp.access", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
