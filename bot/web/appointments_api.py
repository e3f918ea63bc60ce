"""Appointment endpoints of the web chat: the calendar file and messages sent later.

- `GET /api/v1/conversations/{id}/appointments/{reference}.ics` – the booking's
  calendar file. Only the conversation that booked it gets it: the reference
  alone is not enough (404 for anyone else, without saying whether it exists).
- `GET /api/v1/conversations/{id}/notices` – messages that arrived outside a turn
  (a waiting-list time became free, a staff reply), each with an `id`. Reading marks
  nothing: they come again until the client confirms them with
  `POST /api/v1/conversations/{id}/notices/ack {"up_to": id}`, so nobody can take a
  notice away from the person by asking first.

Only ids the server issued are accepted (bot/web/web_ids.py); any other gets 404.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from bot.booking.store import BookingStore, NotFound
from bot.language.supported import DEFAULT, normalise_hint
from bot.notices import notice_message
from bot.texts.booking import calendar_file_for
from bot.web.app_keys import BOOKING_STORE
from bot.web.chat_api import error_response, read_limited, unknown_conversation


async def get_ics(request: web.Request) -> web.StreamResponse:
    conversation_id = request.match_info["conversation_id"]
    reference = request.match_info["reference"].upper()
    lang = request_language(request)
    if (unknown := unknown_conversation(conversation_id, lang)) is not None:
        return unknown
    store = request.app[BOOKING_STORE]
    try:
        item = await store.run(store.find, conversation_id, reference)
    except NotFound:
        return error_response(404, "not_found", lang)
    body = calendar_file_for(item, lang)
    return web.Response(
        body=body,
        content_type="text/calendar",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{item.reference}.ics"'},
    )


def request_language(request: web.Request) -> str:
    """The language of an error answer: `?language=`, else German."""
    return normalise_hint(request.query.get("language")) or DEFAULT


def cursor(value: str | None) -> int | None:
    """A notice id from a query or header (`after`, `Last-Event-ID`); None when not one."""
    value = (value or "0").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


async def get_notices(request: web.Request) -> web.StreamResponse:
    conversation_id = request.match_info["conversation_id"]
    lang = request_language(request)
    if (unknown := unknown_conversation(conversation_id, lang)) is not None:
        return unknown
    after = cursor(request.query.get("after"))
    if after is None:
        return error_response(400, "invalid", lang)
    messages = await rendered_notices(request.app[BOOKING_STORE], conversation_id, after)
    return web.json_response({"messages": messages})


async def ack_notices(request: web.Request) -> web.StreamResponse:
    """`{"up_to": id}`: the client showed every notice up to this id; they are not sent again."""
    conversation_id = request.match_info["conversation_id"]
    lang = request_language(request)
    if (unknown := unknown_conversation(conversation_id, lang)) is not None:
        return unknown
    raw = await read_limited(request, 4096)
    try:
        data = json.loads(raw) if raw is not None else None
    except (ValueError, RecursionError):  # not JSON, not UTF-8, too deep
        data = None
    up_to = data.get("up_to") if isinstance(data, dict) else None
    if isinstance(up_to, bool) or not isinstance(up_to, int) or not 0 <= up_to < 2**63:
        return error_response(422, "invalid", lang)
    store = request.app[BOOKING_STORE]
    acknowledged = await store.run(store.ack_notices, conversation_id, up_to)
    return web.json_response({"acknowledged": acknowledged})


async def rendered_notices(
    store: BookingStore, conversation_id: str, after: int = 0
) -> list[dict[str, Any]]:
    """Undelivered notices of a conversation after the cursor, as chat messages with their id."""
    notices = await store.run(store.pending_notices, conversation_id, after)
    return [{"id": notice.id, **notice_message(notice)} for notice in notices]
