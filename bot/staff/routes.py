"""Where the console is mounted on the `bot/` app: every `/staff` route, its headers
and its accounts store, in one place (`setup_console`, called by bot/web/app.py).
"""

from __future__ import annotations

from aiohttp import web

from bot.staff.accounts import staff_accounts
from bot.staff.answers import answers_page, send_answer
from bot.staff.auth import login, login_page, logout, set_language
from bot.staff.conversation import book, claim, close, conversation_json, conversation_page, reply
from bot.staff.http import security_headers
from bot.staff.queue import queue_json, queue_page
from bot.staff.stream import events
from bot.staff.transfer import transfer
from bot.web.app_keys import STAFF_ACCOUNTS


def setup_console(app: web.Application, database_url: str | None = None) -> None:
    """Mount the console on `app` (the `bot/` service)."""
    app[STAFF_ACCOUNTS] = staff_accounts(database_url)
    # aiohttp's own annotation of this signal is wrong (aiosignal's one-argument form).
    app.on_response_prepare.append(security_headers)  # type: ignore[arg-type]
    app.router.add_get("/staff/login", login_page)
    app.router.add_post("/staff/login", login)
    app.router.add_post("/staff/logout", logout)
    app.router.add_post("/staff/language", set_language)
    app.router.add_get("/staff", queue_page)
    app.router.add_get("/staff/", queue_page)
    app.router.add_get("/staff/api/queue", queue_json)
    app.router.add_get("/staff/events", events)
    app.router.add_get("/staff/conversations/{handoff_id}", conversation_page)
    app.router.add_get("/staff/api/conversations/{handoff_id}", conversation_json)
    app.router.add_post("/staff/conversations/{handoff_id}/claim", claim)
    app.router.add_post("/staff/conversations/{handoff_id}/reply", reply)
    app.router.add_post("/staff/conversations/{handoff_id}/close", close)
    app.router.add_post("/staff/conversations/{handoff_id}/book", book)
    app.router.add_post("/staff/conversations/{handoff_id}/transfer", transfer)
    app.router.add_get("/staff/conversations/{handoff_id}/answers", answers_page)
    app.router.add_post("/staff/conversations/{handoff_id}/answer", send_answer)
