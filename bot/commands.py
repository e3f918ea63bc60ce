"""Slash commands and button payloads, shared by every channel.

Why: `/language`, `/help`, `/start` must mean the same on Telegram and the web,
and a typed `/something` that is no intent must not reach Rasa as an unknown intent.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"
COMMANDS = {
    "start": "/greet",
    "language": "/change_language",
    "help": "/help",
    "appointments": "/show_appointments",
    "human": "/request_human",
    "delete": "/delete_my_data",
}
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)


@lru_cache(maxsize=1)
def domain_intents() -> frozenset[str]:
    with DOMAIN_FILE.open(encoding="utf-8") as handle:
        return frozenset(yaml.safe_load(handle)["intents"])


def is_payload(text: str) -> bool:
    """True when `text` goes to Rasa as an intent payload (no NLU, no detection)."""
    match = _PAYLOAD.match(text)
    return bool(match and match["intent"] in domain_intents())


def resolve(text: str) -> str:
    """Map `/language` etc. to payloads; a stray `/word` becomes plain text."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text
    command = stripped[1:].split("@", 1)[0].split(" ", 1)[0].lower()  # Telegram: /help@BotName
    if command in COMMANDS:
        return COMMANDS[command]
    if is_payload(stripped):
        return stripped
    return stripped.lstrip("/")
