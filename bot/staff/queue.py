"""The queue page (`/staff`) and its JSON (`/staff/api/queue`): the conversations
waiting for, or held by, the services this staff member works on.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.content import SERVICES
from bot.staff import ui
from bot.staff.accounts import Staff
from bot.staff.auth import session_of
from bot.staff.http import parse_id, render
from bot.staff.rows import queue_row
from bot.staff.stores import stores


async def queue_rows(request: web.Request, viewer: Staff) -> list[dict[str, Any]]:
    store = stores(request).handoffs
    items = await store.run(store.queue, viewer.visible_services)
    now = store.clock()
    return [queue_row(item, viewer, now) for item in items]


async def queue_page(request: web.Request) -> web.Response:
    # The page's own live refresh is not activity: an unattended console still times out.
    background = request.headers.get("X-Komm-Mit-Background") == "1"
    session = await session_of(request, touch=not background)
    viewer = session.staff
    rows = await queue_rows(request, viewer)
    return render(
        "queue.html",
        viewer.ui_language,
        session=session,
        staff=viewer,
        groups=[(s, [r for r in rows if r["service"] == s]) for s in viewer.visible_services],
        request_path=request.path,
        handoff_id=None,
        handed_over=handed_over(request, viewer.ui_language),
    )


def handed_over(request: web.Request, lang: str) -> str | None:
    """The confirmation after a hand-over (bot/staff/transfer.py redirects here with
    `?handed_over=<id>&to=<service>`); None for anything else. Only the URL's own values
    are shown (a known service, a number), so it tells nobody anything new."""
    handoff_id = parse_id(request.query.get("handed_over"))
    service = request.query.get("to") or ""
    if handoff_id is None or service not in SERVICES:
        return None
    return ui.handed_over_text(handoff_id, service, lang)


async def queue_json(request: web.Request) -> web.Response:
    session = await session_of(request)
    return web.json_response({"queue": await queue_rows(request, session.staff)})
