"""The console's live updates (`/staff/events`): server-sent events for the queue and
the open conversation.

Why polling the database: several `bot/` processes may serve staff and users, and the
database is what they share; one small query per second per open console is cheap (a
publish on the live-update bus only wakes the loop early). The session and the
services are read again on every round (at least every RECHECK_SECONDS): a disabled
account gets `logout`, a conversation of a service taken away `forbidden`, and the
stream ends; the queue shows only the services held now.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import web

from bot.handoff.store import Handoff
from bot.live import STAFF
from bot.staff.auth import current_session, session_of
from bot.staff.conversation import visible_handoff
from bot.staff.http import parse_id, refusal
from bot.staff.queue import queue_rows
from bot.staff.rows import handoff_view
from bot.staff.stores import stores
from bot.staff.transcript import line_html, readable_rows
from bot.web.app_keys import LIVE, STAFF_POLL_SECONDS

STREAM_SECONDS = 600.0
KEEPALIVE_SECONDS = 15.0
# A live-update stream checks its session and services at least this often.
RECHECK_SECONDS = 3.0


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `queue` (the visible queue when it changes), `message` (new lines
    of the open conversation), `status`, and `logout` or `forbidden` before it ends."""
    session = await session_of(request, touch=False)
    viewer = session.staff
    s = stores(request)
    handoff: Handoff | None = None
    if request.query.get("handoff"):
        handoff = await visible_handoff(request, viewer, request.query["handoff"])
    after = parse_id(request.query.get("after") or "0")
    if after is None:
        raise refusal(request, 400, "bad_request", viewer.ui_language)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",
        }
    )
    await response.prepare(request)
    await response.write(b"retry: 3000\n\n")
    live = request.app[LIVE]
    poll = float(request.app.get(STAFF_POLL_SECONDS, 10.0 if live.shared else 1.0))
    started = last_write = time.monotonic()
    last_queue = last_status = ""

    async def send(event: str, data: Any) -> None:
        nonlocal last_write
        payload = json.dumps(data, ensure_ascii=False)
        await response.write(f"event: {event}\ndata: {payload}\n\n".encode())
        last_write = time.monotonic()

    try:
        while time.monotonic() - started < STREAM_SECONDS:
            alive = await current_session(request, touch=False)
            if alive is None:
                await send("logout", {})
                break
            viewer = alive.staff
            if handoff is not None and not viewer.may_see(handoff.service):
                await send("forbidden", {})
                break
            # New lines first, then the queue: a round that shows a message also
            # counts it as unread (the other order could show it with a stale count).
            new = []
            if handoff is not None:
                new = await s.handoffs.run(s.handoffs.messages, handoff.id, after)
            rows = await queue_rows(request, viewer)
            snapshot = json.dumps(
                [
                    {k: v for k, v in r.items() if k not in ("waiting", "waiting_seconds")}
                    for r in rows
                ]
            )
            if snapshot != last_queue:
                await send("queue", {"queue": rows, "unread": sum(r["unread"] for r in rows)})
                last_queue = snapshot
            if handoff is not None:
                current = await s.handoffs.run(s.handoffs.get, handoff.id)
                status = f"{current.status}:{current.claimed_by}"
                if new or status != last_status:  # staff names only when something is shown
                    names = await s.accounts.run(s.accounts.names)
                lines = await readable_rows(request, current, new, viewer, names) if new else []
                for message, line in zip(new, lines, strict=True):
                    await send("message", {**line, "html": line_html(line, viewer.ui_language)})
                    after = message.id
                if new and current.claimed_by == viewer.id:
                    await s.handoffs.run(s.handoffs.mark_seen, handoff.id, after)
                if status != last_status:
                    await send("status", handoff_view(current, viewer, names))
                    last_status = status
            if time.monotonic() - last_write > KEEPALIVE_SECONDS:
                await response.write(b": keep-alive\n\n")
                last_write = time.monotonic()
            await live.wait(STAFF, min(poll, RECHECK_SECONDS))
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response
