"""Appointment endpoints of the web chat: the calendar file and messages sent later.

- `GET /api/v1/conversations/{id}/appointments/{reference}.ics` – the booking's
  calendar file. Only the conversation that booked it gets it: the reference
  alone is not enough (404 for anyone else, without saying whether it exists).
- `GET /api/v1/conversations/{id}/notices` – messages that arrived outside a turn
  (a waiting-list time became free), each delivered once.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.booking import texts
from bot.booking.store import BookingStore, NotFound
from bot.chat_api import CONVERSATION_ID, error_response
from bot.languages import DEFAULT, normalise_hint
from bot.notices import notice_message

STORE_KEY = web.AppKey("booking_store", BookingStore)


async def get_ics(request: web.Request) -> web.StreamResponse:
    conversation_id = request.match_info["conversation_id"]
    reference = request.match_info["reference"].upper()
    lang = normalise_hint(request.query.get("language")) or DEFAULT
    if not CONVERSATION_ID.match(conversation_id):
        return error_response(400, "invalid", lang)
    store = request.app[STORE_KEY]
    try:
        item = await store.run(store.find, conversation_id, reference)
    except NotFound:
        return error_response(404, "not_found", lang)
    body = texts.calendar_file_for(item, lang)
    return web.Response(
        body=body,
        content_type="text/calendar",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{item.reference}.ics"'},
    )


async def get_notices(request: web.Request) -> web.StreamResponse:
    conversation_id = request.match_info["conversation_id"]
    if not CONVERSATION_ID.match(conversation_id):
        return error_response(400, "invalid", DEFAULT)
    return web.json_response(
        {"messages": await rendered_notices(request.app[STORE_KEY], conversation_id)}
    )


async def rendered_notices(store: BookingStore, conversation_id: str) -> list[dict[str, Any]]:
    """Undelivered notices of a conversation as chat messages, each handed out once."""
    notices = await store.run(store.take_notices, conversation_id)
    return [notice_message(notice) for notice in notices]
