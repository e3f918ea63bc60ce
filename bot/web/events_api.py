"""Messages pushed to the web chat: `GET /api/v1/conversations/{id}/events` (server-sent events).

Why SSE: one long-lived GET that browsers reconnect by themselves (`retry:` tells them
how soon), through any proxy, with no extra protocol. Each notice (e.g. "a time became
free") is sent as `event: message` with its `id:` and the same JSON as a chat answer;
comments keep the line alive, and the stream ends after a while so connections get recycled.

Sending marks nothing: a stream sends each notice once (its cursor starts at
`Last-Event-ID` or `?after=`), and the notice counts as delivered only when the client
confirms it (`POST …/notices/ack`). A second tab or a reconnect still gets it until then.
"""

from __future__ import annotations

import asyncio
import json
import time

from aiohttp import web

from bot.live import conversation_topic
from bot.web.app_keys import BOOKING_STORE, EVENTS_POLL_SECONDS, LIVE
from bot.web.appointments_api import cursor, rendered_notices, request_language
from bot.web.chat_api import error_response, unknown_conversation

POLL_SECONDS = 2.0
KEEPALIVE_SECONDS = 15.0
STREAM_SECONDS = 600.0
RETRY_MS = 3000


async def events(request: web.Request) -> web.StreamResponse:
    conversation_id = request.match_info["conversation_id"]
    lang = request_language(request)
    if (unknown := unknown_conversation(conversation_id, lang)) is not None:
        return unknown
    after = cursor(request.headers.get("Last-Event-ID") or request.query.get("after"))
    if after is None:
        return error_response(400, "invalid", lang)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",  # nginx: do not buffer the stream
        }
    )
    await response.prepare(request)
    await response.write(f"retry: {RETRY_MS}\n\n".encode())
    store = request.app[BOOKING_STORE]
    live = request.app[LIVE]
    # With Redis every writer wakes us at once; the poll is only the safety net then.
    poll = float(request.app.get(EVENTS_POLL_SECONDS, 10.0 if live.shared else POLL_SECONDS))
    topic = conversation_topic(conversation_id)
    started = last_write = time.monotonic()
    try:
        while time.monotonic() - started < STREAM_SECONDS:
            for message in await rendered_notices(store, conversation_id, after):
                after = message["id"]
                data = json.dumps(message, ensure_ascii=False)
                await response.write(f"event: message\nid: {after}\ndata: {data}\n\n".encode())
                last_write = time.monotonic()
            if time.monotonic() - last_write > KEEPALIVE_SECONDS:
                await response.write(b": keep-alive\n\n")
                last_write = time.monotonic()
            await live.wait(topic, poll)
    except (ConnectionResetError, asyncio.CancelledError):
        pass  # the browser went away; it reconnects when it wants more
    return response
