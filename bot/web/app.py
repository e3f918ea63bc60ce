"""The `bot/` web service: chat API, Rasa's NLG endpoint, health, the demo page."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot import nlg
from bot.booking.store import booking_store
from bot.conversation import Conversations
from bot.forget import Forgetter
from bot.handoff.notify import notify_regularly
from bot.handoff.routing import HandoffRouter
from bot.handoff.store import handoff_store
from bot.internal_auth import HEADER, is_internal
from bot.language.detect import detector
from bot.language.i18n import translations
from bot.language.supported import DEFAULT, SUPPORTED, normalise_hint
from bot.live import Live
from bot.logs import about_conversation
from bot.metrics import metrics_endpoint, watch_queue
from bot.rasa_client import RasaClient, actions_ready
from bot.retention import Retention
from bot.settings import Settings
from bot.staff.accounts import UI_LANGUAGES
from bot.staff.routes import setup_console
from bot.telegram.buttons import ButtonStore
from bot.telegram.channel import TelegramChannel
from bot.texts.privacy_page import privacy_html
from bot.texts.ui import ui_texts
from bot.translate.libretranslate import open_translator
from bot.web.app_keys import (
    BOOKING_STORE,
    CHAT_LIMITS,
    CONVERSATIONS,
    HANDOFF_ROUTER,
    HANDOFF_STORE,
    HTTP_SESSION,
    LIVE,
    RASA,
    SETTINGS,
    STAFF_ACCOUNTS,
    TELEGRAM_CHANNEL,
    TRANSLATOR,
)
from bot.web.appointments_api import ack_notices, get_ics, get_notices
from bot.web.chat_api import (
    chat_limits,
    closing_limits,
    create_conversation,
    error_response,
    post_message,
    read_limited,
)
from bot.web.events_api import events
from bot.web.headers import setup_security_headers
from bot.web.origins import origin_policy
from bot.web.serve import guard_headers

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATIC = Path(__file__).resolve().parent.parent / "static"


async def dependencies_ready(app: web.Application) -> tuple[bool, bool]:
    """Whether Rasa (with its model loaded) and the action server answer."""
    rasa_ok, actions_ok = await asyncio.gather(
        app[RASA].ready(), actions_ready(app[HTTP_SESSION], app[SETTINGS].actions_url)
    )
    return rasa_ok, actions_ok


def database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


async def healthz(request: web.Request) -> web.Response:
    """Liveness: this process answers (a load balancer restarts it only when it does not)."""
    return web.json_response({"status": "alive"})


async def readyz(request: web.Request) -> web.Response:
    """Readiness: 200 only when Rasa (model loaded), the action server, the database and
    (when configured) Redis answer; each is reported by name, so an outage says where."""
    app = request.app
    (rasa_ok, actions_ok), db_ok, redis_ok = await asyncio.gather(
        dependencies_ready(app),
        asyncio.to_thread(database_ok, app[BOOKING_STORE].engine),
        app[LIVE].ping(),
    )
    checks = {"rasa": rasa_ok, "actions": actions_ok, "database": db_ok}
    if redis_ok is not None:  # only when Redis is configured
        checks["redis"] = redis_ok
    ok = all(checks.values())
    body = {"status": "ready" if ok else "not ready", **checks}
    return web.json_response(body, status=200 if ok else 503)


async def nlg_endpoint(request: web.Request) -> web.Response:
    """Rasa's NLG calls (`endpoints.yml` sends the internal token); nobody else's."""
    if not is_internal(request.headers.get(HEADER)):
        return web.json_response({"error": "forbidden"}, status=403)
    raw = await read_limited(request, request.app[SETTINGS].max_nlg_body_bytes)
    if raw is None:
        return web.json_response({"error": "too large"}, status=413)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # also 5,000-digit numbers and deep nesting
        return web.json_response({"error": "invalid JSON"}, status=400)
    problem = nlg.invalid_request(body)
    if problem:
        return web.json_response({"error": problem}, status=400)
    return web.json_response(nlg.generate(body))


async def ui_texts_endpoint(request: web.Request) -> web.Response:
    lang = normalise_hint(request.query.get("language")) or DEFAULT
    return web.json_response(ui_texts(lang))


async def privacy_page(request: web.Request) -> web.Response:
    lang = normalise_hint(request.query.get("language")) or DEFAULT
    return web.Response(text=privacy_html(lang), content_type="text/html")


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


async def district_demo(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "district.html")


async def widget_script(request: web.Request) -> web.FileResponse:
    """`/widget.js`: the one script tag a website needs (no build step, no CDN)."""
    return web.FileResponse(STATIC / "widget.js", headers={"Cache-Control": "max-age=300"})


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """API errors are JSON, never an HTML error page; unexpected errors are logged, not shown.
    Log lines of a request show its conversation id as a tag (bot/logs.py)."""
    about_conversation(request.match_info.get("conversation_id", ""))
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        limit = request.app[SETTINGS].max_message_chars
        return error_response(413, "too_long", "de", limit=limit)
    except web.HTTPException as error:
        if not request.path.startswith("/api/"):
            raise
        return web.json_response({"error": {"code": error.reason}}, status=error.status)
    except Exception:
        log.exception("unexpected error on %s", request.path)
        return error_response(500, "unavailable", "de")


async def _live(app: web.Application) -> AsyncIterator[None]:
    live = app[LIVE]
    await live.start()
    yield
    await live.stop()


async def _client_session(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    connector = aiohttp.TCPConnector(limit=100, keepalive_timeout=30)
    async with aiohttp.ClientSession(connector=connector) as session:
        app[HTTP_SESSION] = session
        rasa = RasaClient(settings.rasa_url, session, settings.rasa_timeout_seconds)
        app[RASA] = rasa
        app[HANDOFF_ROUTER] = HandoffRouter(app[HANDOFF_STORE], rasa, app[LIVE])
        forgetter = Forgetter(app[BOOKING_STORE], app[HANDOFF_STORE], rasa)
        app[CONVERSATIONS] = Conversations(rasa, app[HANDOFF_ROUTER], forgetter)
        waiter = asyncio.create_task(_announce_when_ready(app))
        yield
        waiter.cancel()


async def _translator(app: web.Application) -> AsyncIterator[None]:
    async with open_translator(app[SETTINGS].translate) as translator:
        app[TRANSLATOR] = translator
        yield


async def _purge_regularly(app: web.Application) -> AsyncIterator[None]:
    """Personal data expires without anybody having to remember it (bot/retention.py)."""
    settings = app[SETTINGS]

    async def loop() -> None:
        while True:  # Rasa deletes the old trackers: wait until it is there
            if await app[RASA].ready():
                break
            await asyncio.sleep(5)
        retention = Retention(
            app[BOOKING_STORE],
            app[HANDOFF_STORE],
            app[STAFF_ACCOUNTS],
            app[RASA],
            conversations=timedelta(days=settings.retention_days),
            appointments=timedelta(days=settings.appointment_retention_days),
            buttons=ButtonStore(app[BOOKING_STORE].engine),
        )
        while True:
            try:
                removed = await retention.run_once()
                if any(removed.values()):
                    log.info("expired personal data: %s", removed)
            except Exception:  # a database hiccup must not stop the service; retry later
                log.exception("purging expired data failed")
            await asyncio.sleep(3600)

    task = asyncio.create_task(loop())
    yield
    task.cancel()


async def _announce_when_ready(app: web.Application) -> None:
    """Tell the person who ran `make run` when chatting works."""
    url = f"http://localhost:{app[SETTINGS].port}"
    log.info("Komm Mit chat: %s (waiting for Rasa to load the model ...)", url)
    # Polling on purpose: readiness lives in other processes, there is no event to wait on.
    while True:
        if all(await dependencies_ready(app)):
            break
        await asyncio.sleep(1)
    log.info("Ready. Open %s in your browser to chat.", url)


async def _telegram(app: web.Application) -> AsyncIterator[None]:
    """The Telegram channel runs in this process when a bot token is configured."""
    settings = app[SETTINGS].telegram
    if settings is None:
        yield
        return
    channel = TelegramChannel(settings, app[CONVERSATIONS], app[BOOKING_STORE], app[LIVE])
    app[TELEGRAM_CHANNEL] = channel
    starting = asyncio.create_task(channel.start_when_reachable())
    yield
    starting.cancel()
    await channel.stop()


async def telegram_webhook(request: web.Request) -> web.StreamResponse:
    channel = request.app.get(TELEGRAM_CHANNEL)
    if channel is None or not channel.settings.webhook_url:
        raise web.HTTPNotFound()
    return await channel.webhook(request)


def create_app(settings: Settings | None = None) -> web.Application:
    """The app with `settings` (default: from the environment, bot/settings.py)."""
    settings = settings or Settings.from_env()
    database_url = settings.database_url
    for lang in SUPPORTED:  # fail at start, not at the first message, when catalogs are missing
        translations(lang)
    for lang in UI_LANGUAGES:
        translations(lang, "staff")
    detector()  # load language models before the first request
    app = web.Application(
        client_max_size=settings.max_body_bytes, middlewares=[origin_policy, json_errors]
    )
    app[SETTINGS] = settings
    setup_security_headers(app)
    guard_headers(app)
    app[CHAT_LIMITS] = chat_limits(settings)
    app.cleanup_ctx.append(closing_limits)
    app[LIVE] = Live(settings.redis_url)
    app[BOOKING_STORE] = booking_store(database_url)
    app[HANDOFF_STORE] = handoff_store(database_url)
    watch_queue(app[HANDOFF_STORE])
    app.cleanup_ctx.append(_live)
    app.cleanup_ctx.append(_client_session)
    app.cleanup_ctx.append(_purge_regularly)
    app.cleanup_ctx.append(_telegram)
    app.cleanup_ctx.append(notify_regularly)  # e-mail to staff when someone waits
    app.cleanup_ctx.append(_translator)
    app.router.add_post("/telegram/webhook", telegram_webhook)
    app.router.add_post("/api/v1/conversations", create_conversation)
    app.router.add_post("/api/v1/conversations/{conversation_id}/messages", post_message)
    app.router.add_get(
        "/api/v1/conversations/{conversation_id}/appointments/{reference}.ics", get_ics
    )
    app.router.add_get("/api/v1/conversations/{conversation_id}/notices", get_notices)
    app.router.add_post("/api/v1/conversations/{conversation_id}/notices/ack", ack_notices)
    app.router.add_get("/api/v1/conversations/{conversation_id}/events", events)
    app.router.add_post("/nlg", nlg_endpoint)
    app.router.add_get("/api/v1/ui-texts", ui_texts_endpoint)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_endpoint)
    app.router.add_get("/", index)
    app.router.add_get("/demo/district", district_demo)
    app.router.add_get("/widget.js", widget_script)
    app.router.add_get("/privacy", privacy_page)
    app.router.add_static("/static/", STATIC)
    setup_console(app, database_url)
    return app
