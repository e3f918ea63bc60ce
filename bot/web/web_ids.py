"""Conversation ids of the web chat, issued and signed by the server.

Why: a conversation id is the only key to a person's appointments, notices and data.
A client-chosen id could be anybody's (a Telegram user's is `tg-<user id>`, and
Telegram user ids are not secret). So the web API accepts only ids it issued:
`w-<random>.<signature>`, 22 characters of URL-safe base64 (128 random bits) and an
HMAC-SHA256 of them (the first 128 bits, URL-safe base64). Nothing is stored: any
`bot/` process with the same deployment secret checks an id on its own.

The key is derived from the internal token (bot/internal_auth.py) with HMAC and a
fixed label, so the token itself never signs anything a browser sees. Replacing
`KOMM_MIT_INTERNAL_TOKEN` makes every web id unknown; the widget then asks for a new one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from functools import lru_cache

from bot.internal_auth import internal_token

PREFIX = "w-"
WEB_ID = re.compile(r"w-([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})")
_LABEL = b"komm-mit web conversation ids v1"


@lru_cache(maxsize=4)
def _key(token: str) -> bytes:
    return hmac.new(token.encode(), _LABEL, hashlib.sha256).digest()


def _signature(random_part: str) -> str:
    mac = hmac.new(_key(internal_token()), random_part.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:16]).decode().rstrip("=")


def new_conversation_id() -> str:
    """A fresh, unguessable web conversation id, e.g. `w-3kT…Q.x9…A` (47 characters)."""
    random_part = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
    return f"{PREFIX}{random_part}.{_signature(random_part)}"


def is_web_conversation(conversation_id: str) -> bool:
    """Whether this server issued the id (constant-time comparison of the signature)."""
    match = WEB_ID.fullmatch(conversation_id)  # not `$`: it allows a trailing newline
    if match is None:
        return False
    return hmac.compare_digest(match.group(2), _signature(match.group(1)))
