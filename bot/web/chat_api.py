"""The web chat API: `POST /api/v1/conversations` (a new conversation id) and
`POST /api/v1/conversations/{conversation_id}/messages`.

Why strict validation here: anything a browser can send must get a clear JSON
answer (4xx with a polite text in the user's language), never a 500, and a
Rasa outage must answer 503 without writing half a turn anywhere.
"""

from __future__ import annotations

import json
import logging
import math
import unicodedata
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from bot.language.detect import detect
from bot.language.i18n import fmt_number
from bot.language.policy import choose_language
from bot.language.supported import direction
from bot.rasa_client import RasaUnavailable
from bot.settings import Settings
from bot.texts.channels import api_error_text
from bot.web.app_keys import CHAT_LIMITS, CONVERSATIONS, SETTINGS
from bot.web.client_key import address_key
from bot.web.rate_limit import ChatLimits, SlidingWindow
from bot.web.web_ids import is_web_conversation, new_conversation_id

log = logging.getLogger(__name__)


class BadInput(Exception):
    def __init__(self, status: int, code: str, lang: str, **kwargs: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.lang, self.kwargs = status, code, lang, kwargs


def error_response(status: int, code: str, lang: str, **kwargs: Any) -> web.Response:
    body = {
        "error": {"code": code, "message": api_error_text(code, lang, **kwargs)},
        "language": lang,
        "direction": direction(lang),
    }
    return web.json_response(body, status=status)


def unknown_conversation(conversation_id: str, lang: str) -> web.Response | None:
    """404 for every id this server did not issue (another channel's, made up, forged);
    None for a web conversation. Clients get a new id from `POST /api/v1/conversations`."""
    if is_web_conversation(conversation_id):
        return None
    return error_response(404, "unknown_conversation", lang)


# Bidi embeddings, overrides and isolates can make a message read differently from what
# it says (staff console, transcripts); ZWNJ and ZWJ stay, Persian spelling needs ZWNJ.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DROPPED_CATEGORIES = frozenset({"Cc", "Cs"})  # control characters, lone surrogates


def clean_text(text: str) -> str:
    """Drop control characters (keep line breaks and tabs), bidi overrides and surrounding
    space; keep format characters that spelling needs (ZWNJ, ZWJ, marks)."""
    kept = (
        ch
        for ch in text
        if ch in "\n\t"
        or (ch not in BIDI_CONTROLS and unicodedata.category(ch) not in DROPPED_CATEGORIES)
    )
    cleaned = unicodedata.normalize("NFC", "".join(kept)).strip()
    visible = any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in cleaned)
    return cleaned if visible else ""


def parse_body(raw: bytes, settings: Settings) -> tuple[str, str | None]:
    """Validate the request body; returns (text, language hint) or raises BadInput."""
    try:
        decoded = raw.decode("utf-8")
        data = json.loads(decoded) if decoded.strip() else None
    except (ValueError, RecursionError):  # also deep nesting and 5,000-digit numbers
        raise BadInput(400, "invalid", "de") from None
    if not isinstance(data, dict):
        raise BadInput(400, "invalid", "de")
    hint = data.get("language")
    if hint is not None and not isinstance(hint, str):
        raise BadInput(422, "invalid", "de")
    lang = choose_language(None, hint=hint)
    text = data.get("text")
    if not isinstance(text, str):
        raise BadInput(422, "invalid", lang)
    text = clean_text(text)
    if not text:
        raise BadInput(422, "empty", lang)
    if len(text) > settings.max_message_chars:
        # Answer in the language the user wrote in (detection runs once, only on this path).
        lang = choose_language(None, hint=hint, guess=detect(text[:500]).guess)
        raise BadInput(422, "too_long", lang, limit=settings.max_message_chars)
    return text, hint


async def read_limited(request: web.Request, limit: int) -> bytes | None:
    """The body, or None when it is larger than `limit` (stops reading right there).

    Why not the app-wide `client_max_size`: each route has its own limit, and a
    too-large body gets that route's own answer instead of aiohttp's generic 413.
    """
    if request.content_length is not None and request.content_length > limit:
        return None
    body = bytearray()
    while chunk := await request.content.read(64 * 1024):
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def client_address(request: web.Request) -> str:
    """The caller's address; behind our proxy (KOMM_MIT_TRUST_PROXY=1) the hop it added."""
    if request.app[SETTINGS].trust_proxy:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]  # the last hop is the one our proxy saw; earlier ones can be forged
    return request.remote or "unknown"


def chat_limits(settings: Settings) -> ChatLimits:
    return ChatLimits(
        SlidingWindow(settings.rate_per_conversation),
        SlidingWindow(settings.rate_per_address),
        redis_url=settings.redis_url,  # one count for every bot/ replica
    )


async def closing_limits(app: web.Application) -> AsyncIterator[None]:
    """The limits' Redis connection is closed with the app."""
    yield
    await app[CHAT_LIMITS].close()


async def create_conversation(request: web.Request) -> web.Response:
    """A new web conversation id; counts against the address's message limit."""
    raw = await read_limited(request, 4096)
    hint = None
    try:
        data = json.loads(raw or b"{}")
        hint = data.get("language") if isinstance(data, dict) else None
    except (ValueError, RecursionError):
        pass  # the body is optional; it only chooses the language of an error
    lang = choose_language(None, hint=hint if isinstance(hint, str) else None)
    wait = await request.app[CHAT_LIMITS].address_retry_after(client_address(request))
    if wait:
        seconds = math.ceil(wait)
        limited = error_response(429, "rate_limited", lang, seconds=fmt_number(seconds, lang))
        limited.headers["Retry-After"] = str(seconds)
        return limited
    return web.json_response({"conversation_id": new_conversation_id()}, status=201)


async def post_message(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    conversation_id = request.match_info["conversation_id"]
    raw = await read_limited(request, settings.max_body_bytes)
    if raw is None:
        return error_response(413, "too_long", "de", limit=settings.max_message_chars)
    try:
        text, hint = parse_body(raw, settings)
    except BadInput as bad:
        return error_response(bad.status, bad.code, bad.lang, **bad.kwargs)
    unknown = unknown_conversation(conversation_id, choose_language(None, hint=hint))
    if unknown is not None:
        return unknown
    address = client_address(request)
    wait = await request.app[CHAT_LIMITS].retry_after(conversation_id, address)
    if wait:
        lang = choose_language(None, hint=hint)
        limited = error_response(429, "rate_limited", lang, seconds=fmt_number(wait, lang))
        limited.headers["Retry-After"] = str(wait)
        return limited
    try:
        turn = await request.app[CONVERSATIONS].handle(
            conversation_id, text, hint=hint, channel="web", client=address_key(address)
        )
    except RasaUnavailable as error:
        log.warning("Rasa unavailable: %s", error)
        return error_response(503, "unavailable", choose_language(None, hint=hint))
    return web.json_response(turn.as_dict())
