"""The staff console under `/staff`: log in, queues, transcript, reply, close, book.

Why server-rendered pages with a little script: every action is a plain HTML form
(works with keyboard and screen readers, and without JavaScript); the script only
adds live updates (server-sent events), the unread count and an optional sound.
Every route except the login page needs a session; every POST needs the session's
CSRF token (form field `csrf` or header `X-CSRF-Token`) and a same-origin request.
The login form's token is signed with a key derived from the deployment's internal
token, so only tokens this server issued pass. Bad input (ids, tokens, sizes) gets a
polite 4xx page or JSON in the console's language, never a 500.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from aiohttp import web
from multidict import MultiDictProxy

from bot import metrics
from bot.appointments_api import STORE_KEY
from bot.booking.store import BookingStore, SlotTaken, TooMany, Who
from bot.chat_api import SETTINGS_KEY, clean_text, client_address
from bot.handoff.canned import CANNED, canned_text
from bot.handoff.routing import ROUTER_KEY, HandoffRouter
from bot.handoff.routing import STORE_KEY as HANDOFF_STORE_KEY
from bot.handoff.store import Handoff, HandoffStore, Message, NotFound, QueueItem
from bot.internal_auth import derived_key
from bot.live import LIVE_KEY, STAFF, TELEGRAM, conversation_topic
from bot.origins import is_own_origin
from bot.staff import ui
from bot.staff.accounts import Session, Staff, StaffAccounts, Throttled, staff_accounts

log = logging.getLogger(__name__)
COOKIE = "komm_mit_staff"
LOGIN_COOKIE = "komm_mit_staff_login"
MAX_REPLY_CHARS = 4000
ACCOUNTS_KEY = web.AppKey("staff_accounts", StaffAccounts)
POLL_KEY = web.AppKey("staff_poll_seconds", float)  # tests shorten the live-update poll
STREAM_SECONDS = 600.0
KEEPALIVE_SECONDS = 15.0
# A live-update stream checks its session and services at least this often.
RECHECK_SECONDS = 3.0
# Request bodies the console reads (the app-wide limit is Rasa's 32 MiB): a login form is
# tiny; a 4,000-character reply, percent-encoded, stays under 48 KB.
MAX_LOGIN_BODY_BYTES = 16 * 1024
MAX_FORM_BODY_BYTES = 64 * 1024
# Ids in URLs: digits that fit the database's integer columns (else 404, not an overflow).
ID = re.compile(r"^[0-9]{1,10}$")
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Deps:
    accounts: StaffAccounts
    handoffs: HandoffStore
    router: HandoffRouter
    bookings: BookingStore


def deps(request: web.Request) -> Deps:
    app = request.app
    return Deps(app[ACCOUNTS_KEY], app[HANDOFF_STORE_KEY], app[ROUTER_KEY], app[STORE_KEY])


# --- sessions, CSRF, headers --------------------------------------------------------------


def is_https(request: web.Request) -> bool:
    """TLS here, or at a trusted proxy in front (KOMM_MIT_TRUST_PROXY=1)."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").lower() == "https"
    return request.secure or (request.app[SETTINGS_KEY].trust_proxy and forwarded)


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        path="/staff",
        httponly=True,
        secure=is_https(request),
        samesite="Strict",
    )


def wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def refuse_anonymous(request: web.Request) -> web.HTTPException:
    """Pages send the browser to the login; everything else gets 401."""
    if request.method == "GET" and not wants_json(request) and request.path != "/staff/events":
        return web.HTTPSeeOther(f"/staff/login?next={quote(request.path_qs, safe='')}")
    return web.HTTPUnauthorized(
        text=json.dumps({"error": "login required"}), content_type="application/json"
    )


async def session_of(request: web.Request, *, touch: bool = True) -> Session:
    accounts = request.app[ACCOUNTS_KEY]
    found = await accounts.run(accounts.session, request.cookies.get(COOKIE), touch=touch)
    if found is None:
        raise refuse_anonymous(request)
    return found


def same_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:  # not a cross-site browser request (the CSRF token is still required)
        return True
    return is_own_origin(request, origin)  # the configured origin, never the Host header


def tokens_match(presented: str, expected: str) -> bool:
    """Constant-time comparison that also takes tokens with non-ASCII characters
    (`secrets.compare_digest` raises TypeError on those)."""
    return bool(expected) and hmac.compare_digest(
        presented.encode("utf-8", "replace"), expected.encode("utf-8", "replace")
    )


def _login_signature(nonce: str) -> str:
    key = derived_key("komm-mit staff login-csrf v1")
    mac = hmac.new(key, nonce.encode("utf-8", "replace"), "sha256").digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def issue_login_token() -> str:
    """The login form's CSRF token: a nonce and its signature (every replica can check it)."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_login_signature(nonce)}"


def login_token_ok(presented: str, cookie: str) -> bool:
    """The form's token equals the cookie's, and this server signed it: a pair an attacker
    chose (say, by setting the cookie through a sibling domain) does not pass."""
    nonce, _, signature = cookie.partition(".")
    return tokens_match(presented, cookie) and tokens_match(signature, _login_signature(nonce))


class BodyTooLarge(web.HTTPClientError):
    """413 of the console (the app's middleware turns its own 413 into the chat's JSON)."""

    status_code = 413


REFUSALS: dict[int, type[web.HTTPClientError]] = {
    400: web.HTTPBadRequest,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    413: BodyTooLarge,
}


def error_text(code: str, lang: str) -> str:
    t = ui.gettext(lang)
    texts = {
        "not_found": t("There is no such conversation."),
        "bad_request": t("This request is not valid."),
        "too_large": t("This request is too large for the staff console."),
        "csrf": t("The form has expired. Please try again."),
    }
    return texts.get(code) or texts["bad_request"]


def refusal(request: web.Request, status: int, code: str, lang: str) -> web.HTTPException:
    """A polite 4xx in the console's language: JSON for scripts, the API and the live
    updates; a page with a way back for the browser."""
    message = error_text(code, lang)
    cls = REFUSALS[status]
    if wants_json(request) or request.path.startswith(("/staff/api/", "/staff/events")):
        body = json.dumps({"error": code, "message": message}, ensure_ascii=False)
        return cls(text=body, content_type="application/json")
    return cls(text=page("error.html", lang, message=message), content_type="text/html")


def parse_id(raw: str | None) -> int | None:
    """An id from a URL, or None when it is not one the database could hold."""
    if raw is None or not ID.fullmatch(raw) or int(raw) > MAX_ID:
        return None
    return int(raw)


async def read_form(request: web.Request, limit: int, lang: str) -> MultiDictProxy[Any]:
    """The posted form, at most `limit` bytes (checked from Content-Length and while
    reading; the app-wide limit is for Rasa's large NLG requests)."""
    if request.content_length is not None and request.content_length > limit:
        raise refusal(request, 413, "too_large", lang)
    try:
        return await request.clone(client_max_size=limit).post()
    except web.HTTPRequestEntityTooLarge:
        raise refusal(request, 413, "too_large", lang) from None
    except (ValueError, LookupError):  # undecodable body, unknown charset, broken multipart
        raise refusal(request, 400, "bad_request", lang) from None


async def checked_post(request: web.Request) -> tuple[Session, MultiDictProxy[Any]]:
    """A state-changing request: logged in, same origin, and the session's CSRF token."""
    session = await session_of(request)
    lang = session.staff.ui_language
    form = await read_form(request, MAX_FORM_BODY_BYTES, lang)
    presented = str(form.get("csrf") or request.headers.get("X-CSRF-Token") or "")
    if not same_origin(request) or not tokens_match(presented, session.csrf_token):
        raise refusal(request, 403, "csrf", lang)
    return session, form


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Console pages: no framing, no foreign scripts, not cached, no referrer to outside."""
    if not request.path.startswith("/staff"):
        return
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cache-Control", "no-store")


def page(template: str, lang: str, **context: Any) -> str:
    found = ui.environment().get_template(template)
    return found.render(t=ui.gettext(lang), lang=ui.ui_language(lang), ui=ui, **context)


def render(template: str, lang: str, **context: Any) -> web.Response:
    html = page(template, lang, **context)
    return web.Response(text=html, content_type="text/html", charset="utf-8")


def done(
    request: web.Request, location: str, body: dict[str, Any], status: int = 200
) -> web.Response:
    """Answer a form post: JSON for scripts, a redirect (303) for plain forms."""
    if wants_json(request):
        return web.json_response(body, status=status)
    raise web.HTTPSeeOther(location)


# --- logging in and out ---------------------------------------------------------------------


def login_language(request: web.Request) -> str:
    asked = request.query.get("lang")
    if asked in ("de", "en"):
        return asked
    accept = request.headers.get("Accept-Language", "").lower()
    return "en" if accept.startswith("en") else "de"


def safe_next(value: str | None) -> str:
    """Only a path of the console itself (no open redirect)."""
    if value and value.startswith("/staff") and not value.startswith("//"):
        return value
    return "/staff"


async def login_page(
    request: web.Request, error: str | None = None, status: int = 200, **context: Any
) -> web.Response:
    lang = login_language(request)
    token = issue_login_token()
    response = render(
        "login.html",
        lang,
        csrf=token,
        error=error,
        next=safe_next(request.query.get("next")),
        **context,
    )
    response.set_status(status)
    set_cookie(request, response, LOGIN_COOKIE, token)
    return response


async def login(request: web.Request) -> web.StreamResponse:
    try:
        form = await read_form(request, MAX_LOGIN_BODY_BYTES, login_language(request))
    except BodyTooLarge:
        return await login_page(request, "too_large", 413)
    accounts = request.app[ACCOUNTS_KEY]
    presented = str(form.get("csrf") or "")
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not same_origin(request) or not login_token_ok(presented, expected):
        return await login_page(request, "csrf", 403)
    try:
        person = await accounts.run(
            accounts.authenticate,
            str(form.get("username") or ""),
            str(form.get("password") or ""),
            client_address(request),  # behind our proxy the client's, not the proxy's
        )
    except Throttled as throttled:
        wait = ui.wait_text(throttled.wait, login_language(request))
        response = await login_page(request, "throttled", 429, wait=wait)
        response.headers["Retry-After"] = str(throttled.seconds)
        return response
    if person is None:
        return await login_page(request, "wrong", 401)
    token, _csrf = await accounts.run(accounts.start_session, person.id)
    response = web.HTTPSeeOther(safe_next(str(form.get("next") or "")))
    set_cookie(request, response, COOKIE, token)
    response.del_cookie(LOGIN_COOKIE, path="/staff")
    log.info("staff login: %s", person.username)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    await checked_post(request)
    accounts = request.app[ACCOUNTS_KEY]
    await accounts.run(accounts.end_session, request.cookies.get(COOKIE))
    response = web.HTTPSeeOther("/staff/login")
    response.del_cookie(COOKIE, path="/staff")
    raise response


async def set_language(request: web.Request) -> web.StreamResponse:
    session, form = await checked_post(request)
    accounts = request.app[ACCOUNTS_KEY]
    await accounts.run(accounts.set_language, session.staff.id, str(form.get("language") or ""))
    return done(request, safe_next(str(form.get("next") or "")), {"ok": True})


# --- the queue -------------------------------------------------------------------------------


def queue_row(item: QueueItem, viewer: Staff, now: datetime) -> dict[str, Any]:
    h, lang = item.handoff, viewer.ui_language
    return {
        "id": h.id,
        "service": h.service,
        "service_label": ui.service_label(h.service, lang),
        "status": h.status,
        "mine": h.claimed_by == viewer.id,
        "claimed_by": item.claimed_by_name,
        "language": h.language,
        "language_label": ui.language_label(h.language, lang),
        "topic_label": ui.topic_label(h.topic, lang),
        "channel_label": ui.channel_label(h.channel, lang),
        "offline": h.offline,
        "waiting": ui.waited(h.requested_at, now, lang),
        "waiting_seconds": int((now - h.requested_at).total_seconds()),
        "unread": item.unread,
        "url": f"/staff/conversations/{h.id}",
    }


async def queue_rows(request: web.Request, viewer: Staff) -> list[dict[str, Any]]:
    store = deps(request).handoffs
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
    )


async def queue_json(request: web.Request) -> web.Response:
    session = await session_of(request)
    return web.json_response({"queue": await queue_rows(request, session.staff)})


# --- one conversation ------------------------------------------------------------------------


async def visible_handoff(
    request: web.Request, viewer: Staff, raw_id: str | None = None
) -> Handoff:
    """The handoff in the URL, if this staff member may see its service (else 403/404)."""
    store = deps(request).handoffs
    handoff_id = parse_id(raw_id if raw_id is not None else request.match_info["handoff_id"])
    try:
        handoff = None if handoff_id is None else await store.run(store.get, handoff_id)
    except NotFound:
        handoff = None
    if handoff is None:
        raise refusal(request, 404, "not_found", viewer.ui_language)
    if not viewer.may_see(handoff.service):
        raise web.HTTPForbidden(
            text=json.dumps({"error": "not your service"}), content_type="application/json"
        )
    return handoff


def message_row(message: Message, viewer: Staff, names: dict[int, str]) -> dict[str, Any]:
    lang = viewer.ui_language
    details: dict[str, Any] = {}
    if message.sender == "system" and message.original:
        try:
            details = json.loads(message.original)
        except ValueError:
            details = {}
    return {
        "id": message.id,
        "sender": message.sender,
        "staff_name": names.get(message.staff_id or 0),
        "text": message.text,
        "original": message.original if message.sender == "staff" else None,
        "language": message.language,
        "language_label": ui.language_label(message.language, lang) if message.language else None,
        "at": ui.moment(message.created_at, lang),
        "system": system_text(message, details, viewer, names)
        if message.sender == "system"
        else None,
    }


def system_text(
    message: Message, details: dict[str, Any], viewer: Staff, names: dict[int, str]
) -> str:
    t = ui.gettext(viewer.ui_language)
    who = names.get(message.staff_id or 0, "–")
    if message.text == "claimed":
        return t("{name} took over the conversation.", name=who)
    if message.text == "closed_by_staff":
        return t("{name} gave the conversation back to the assistant.", name=who)
    if message.text == "closed_by_user":
        return t("The person went back to the assistant.")
    if message.text == "staff_booked":
        appointment = details.get("appointment") or {}
        start = appointment.get("starts_at")
        when = ui.moment(datetime.fromisoformat(start), viewer.ui_language) if start else "–"
        return t(
            "{name} booked an appointment: {reference}, {when}.",
            name=who,
            reference=appointment.get("reference", "–"),
            when=when,
        )
    return message.text


def handoff_view(handoff: Handoff, viewer: Staff, names: dict[int, str]) -> dict[str, Any]:
    lang = viewer.ui_language
    return {
        "id": handoff.id,
        "status": handoff.status,
        "service": handoff.service,
        "service_label": ui.service_label(handoff.service, lang),
        "language": handoff.language,
        "language_label": ui.language_label(handoff.language, lang),
        "topic_label": ui.topic_label(handoff.topic, lang),
        "channel_label": ui.channel_label(handoff.channel, lang),
        "requested": ui.moment(handoff.requested_at, lang),
        "offline": handoff.offline,
        "claimed_by": names.get(handoff.claimed_by or 0),
        "mine": handoff.claimed_by == viewer.id,
        "rtl": handoff.language in ("ar", "fa"),
    }


@dataclass(frozen=True)
class Opened:
    """One conversation as a staff member opens it (access already checked)."""

    session: Session
    handoff: Handoff
    messages: list[Message]
    names: dict[int, str]


async def opened(request: web.Request) -> Opened:
    session = await session_of(request)
    handoff = await visible_handoff(request, session.staff)
    d = deps(request)
    messages = await d.handoffs.run(d.handoffs.messages, handoff.id)
    names = await d.accounts.run(d.accounts.names)
    return Opened(session, handoff, messages, names)


async def conversation_page(request: web.Request) -> web.Response:
    seen = await opened(request)
    session, handoff, messages, names = seen.session, seen.handoff, seen.messages, seen.names
    viewer = session.staff
    d = deps(request)
    if handoff.claimed_by == viewer.id and messages:
        await d.handoffs.run(d.handoffs.mark_seen, handoff.id, messages[-1].id)
    concerns = d.bookings.config.services.get(handoff.service)
    concern = request.query.get("concern")
    times: list[dict[str, str]] = []
    if concerns and concern in concerns.concerns and handoff.claimed_by == viewer.id:
        slots = await d.bookings.run(d.bookings.free, handoff.service, concern, limit=15)
        times = [
            {"value": s.start.isoformat(), "label": ui.moment(s.start, viewer.ui_language)}
            for s in slots
        ]
    lang = viewer.ui_language
    german = "de"
    return render(
        "conversation.html",
        lang,
        session=session,
        staff=viewer,
        handoff=handoff_view(handoff, viewer, names),
        handoff_id=handoff.id,
        messages=[message_row(m, viewer, names) for m in messages],
        canned=[(key, canned_text(key, german, handoff.service)) for key in CANNED],
        concerns=[
            (key, ui.concern_label(key, lang)) for key in (concerns.concerns if concerns else {})
        ],
        concern=concern,
        times=times,
        notice=request.query.get("notice"),
        example_calendar=d.bookings.config.is_example,
        last_id=messages[-1].id if messages else 0,
        request_path=request.path,
    )


async def conversation_json(request: web.Request) -> web.Response:
    seen = await opened(request)
    viewer = seen.session.staff
    return web.json_response(
        {
            "handoff": handoff_view(seen.handoff, viewer, seen.names),
            "messages": [message_row(m, viewer, seen.names) for m in seen.messages],
        }
    )


def page_of(handoff: Handoff, notice: str | None = None) -> str:
    url = f"/staff/conversations/{handoff.id}"
    return f"{url}?notice={notice}" if notice else url


async def tell(request: web.Request, handoff: Handoff) -> None:
    """Wake the user's stream (web or Telegram) and every console: there is news."""
    topics = [conversation_topic(handoff.conversation_id), STAFF]
    if handoff.channel == "telegram":
        topics.append(TELEGRAM)
    await request.app[LIVE_KEY].publish(*topics)


async def claim(request: web.Request) -> web.Response:
    session, _form = await checked_post(request)
    handoff = await visible_handoff(request, session.staff)
    store = deps(request).handoffs
    if not await store.run(store.claim, handoff.id, session.staff.id):
        raise conflict(request, handoff, "taken")
    await tell(request, handoff)
    return done(request, page_of(handoff), {"ok": True, "status": "claimed"})


async def mine_and_open(request: web.Request, session: Session) -> Handoff:
    handoff = await visible_handoff(request, session.staff)
    if not handoff.is_open:
        raise conflict(request, handoff, "closed")
    if handoff.claimed_by != session.staff.id:
        raise conflict(request, handoff, "not_claimed")
    return handoff


def conflict(request: web.Request, handoff: Handoff, code: str) -> web.HTTPException:
    """409 for scripts; plain forms go back to the page, which explains `code`."""
    if wants_json(request):
        return web.HTTPConflict(text=json.dumps({"error": code}), content_type="application/json")
    return web.HTTPSeeOther(page_of(handoff, code))


async def reply(request: web.Request) -> web.Response:
    session, form = await checked_post(request)
    handoff = await mine_and_open(request, session)
    d = deps(request)
    key = str(form.get("canned") or "")
    if key:
        if key not in CANNED:
            return done(request, page_of(handoff, "unknown_reply"), {"error": "unknown"}, 422)
        text = canned_text(key, handoff.language, handoff.service)
        original: str | None = canned_text(key, "de", handoff.service)
    else:
        text, original = clean_text(str(form.get("text") or "")), None
        if not text or len(text) > MAX_REPLY_CHARS:
            return done(request, page_of(handoff, "empty_reply"), {"error": "empty"}, 422)
    message = await d.handoffs.run(
        d.handoffs.reply, handoff.id, session.staff.id, text, original=original
    )
    await d.router.staff_said(handoff, message.id, text)
    await tell(request, handoff)
    return done(request, page_of(handoff), {"ok": True, "id": message.id, "text": text})


async def close(request: web.Request) -> web.Response:
    session, _form = await checked_post(request)
    handoff = await visible_handoff(request, session.staff)
    if handoff.claimed_by != session.staff.id and not session.staff.is_admin:
        raise conflict(request, handoff, "not_claimed")
    d = deps(request)
    closed = await d.handoffs.run(d.handoffs.close, handoff.id, session.staff.id)
    if closed is None:
        raise conflict(request, handoff, "closed")
    resumed = await d.router.resume(closed)
    await tell(request, handoff)
    return done(request, "/staff", {"ok": True, "resumed": resumed})


async def book(request: web.Request) -> web.Response:
    session, form = await checked_post(request)
    handoff = await mine_and_open(request, session)
    d = deps(request)
    concern = str(form.get("concern") or "")
    try:
        start: datetime | None = datetime.fromisoformat(str(form.get("start") or ""))
    except ValueError:
        start = None
    if (
        start is None
        or start.tzinfo is None
        or not d.bookings.config.concern(handoff.service, concern)
    ):
        return done(request, page_of(handoff, "slot_taken"), {"error": "slot_taken"}, 422)
    who = Who(handoff.conversation_id, handoff.channel, handoff.language)
    try:
        item = await d.bookings.run(d.bookings.book, who, handoff.service, concern, start)
    except SlotTaken:
        raise conflict(request, handoff, "slot_taken") from None
    except TooMany:
        raise conflict(request, handoff, "too_many") from None
    metrics.BOOKINGS.labels(handoff.service, "staff").inc()
    arguments = {"appointment": item.as_dict(), "by_staff": True}
    await d.handoffs.run(d.handoffs.note, handoff.id, session.staff.id, "staff_booked", arguments)
    await tell(request, handoff)
    return done(request, page_of(handoff, "booked"), {"ok": True, "reference": item.reference})


# --- live updates ----------------------------------------------------------------------------


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `queue` (the visible queue when it changes), `message` (new lines
    of the open conversation), `status`, and `logout` when the session has ended.

    Why polling the database: several `bot/` processes may serve staff and users, and the
    database is what they share; one small query per second per open console is cheap.
    The session and the services are read again on every round (at least every few
    seconds): a disabled account gets `logout`, a conversation of a service taken away
    `forbidden`, and the stream ends; the queue shows only the services held now.
    """
    session = await session_of(request, touch=False)
    viewer = session.staff
    d = deps(request)
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
    live = request.app[LIVE_KEY]
    poll = float(request.app.get(POLL_KEY, 10.0 if live.shared else 1.0))
    started = last_write = time.monotonic()
    last_queue = last_status = ""

    async def send(event: str, data: Any) -> None:
        nonlocal last_write
        payload = json.dumps(data, ensure_ascii=False)
        await response.write(f"event: {event}\ndata: {payload}\n\n".encode())
        last_write = time.monotonic()

    try:
        while time.monotonic() - started < STREAM_SECONDS:
            alive = await d.accounts.run(
                d.accounts.session, request.cookies.get(COOKIE), touch=False
            )
            if alive is None:
                await send("logout", {})
                break
            viewer = alive.staff
            if handoff is not None and not viewer.may_see(handoff.service):
                await send("forbidden", {})
                break
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
                new = await d.handoffs.run(d.handoffs.messages, handoff.id, after)
                current = await d.handoffs.run(d.handoffs.get, handoff.id)
                status = f"{current.status}:{current.claimed_by}"
                if new or status != last_status:  # staff names only when something is shown
                    names = await d.accounts.run(d.accounts.names)
                for message in new:
                    await send("message", message_row(message, viewer, names))
                    after = message.id
                if new and current.claimed_by == viewer.id:
                    await d.handoffs.run(d.handoffs.mark_seen, handoff.id, after)
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


def setup(app: web.Application, database_url: str | None = None) -> None:
    """Mount the console on `app` (the `bot/` service)."""
    app[ACCOUNTS_KEY] = staff_accounts(database_url)
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
