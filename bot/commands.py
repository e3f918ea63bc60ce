"""Every chat command and what it means, shared by every channel.

Why one module: `/language`, `/help`, `/bot` or "delete my data" must mean the same on
Telegram and the web, Telegram's command menu must list exactly these commands, and
a typed `/something` that is no intent must not reach Rasa as an unknown intent.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.language.switch import PAYLOAD as BACK_TO_PREVIOUS_LANGUAGE
from bot.language.switch import asks_for_previous_language

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"
LEAVE = "/bot"  # leave the queue or the staff chat (the "Back to the assistant" button)
LEAVE_AND_BOOK = "/bot book"  # leave it and book an appointment instead
DELETE = "/delete_my_data"
# The chat commands in the order of Telegram's menu, each with the intent payload it
# sends to Rasa; `/bot` has none: `bot/` itself gives the conversation back to the bot.
COMMANDS: dict[str, str | None] = {
    "start": "/greet",
    "language": "/change_language",
    "help": "/help",
    "appointments": "/show_appointments",
    "human": "/request_human",
    "bot": None,
    "delete": DELETE,
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
    """Map `/language` etc. to payloads; a stray `/word` becomes plain text; "wie vorher
    bitte" / "switch back" (no language named) asks for the conversation's earlier language."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return BACK_TO_PREVIOUS_LANGUAGE if asks_for_previous_language(text) else text
    command = stripped[1:].split("@", 1)[0].split(" ", 1)[0].lower()  # Telegram: /help@BotName
    payload = COMMANDS.get(command)
    if payload:
        return payload
    if is_payload(stripped):
        return stripped
    return stripped.lstrip("/")


def is_leave(text: str) -> bool:
    """`/bot` (typed, a Telegram command or the button) leaves the queue or the staff chat."""
    command = text.strip().split("@", 1)[0].lower()
    return command in (LEAVE, LEAVE_AND_BOOK) or text.strip().lower().startswith(LEAVE + "@")


def wants_booking(text: str) -> bool:
    """`/bot book`: leave the staff chat and start a booking."""
    return text.strip().lower() == LEAVE_AND_BOOK


def wants_deletion(text: str) -> bool:
    """`/delete`, the intent's payload or button: works even while waiting for staff."""
    return resolve(text).startswith(DELETE)
