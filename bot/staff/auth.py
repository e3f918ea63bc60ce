"""Who is asking: the session cookie, the CSRF checks, and logging in and out.

Why these rules: every route except the login page needs a session; every POST needs
the session's CSRF token (form field `csrf` or header `X-CSRF-Token`) and a same-origin
request. The login form's token is a nonce signed with a key derived from the
deployment's internal token, so only tokens this server issued pass (on every replica).
Failed logins are throttled by the accounts (bot/staff/accounts.py); here a throttled
login gets 429 with `Retry-After`.
"""

from __future__ import annotations

import base64
import hmac
import logging
import secrets
from typing import Any
from urllib.parse import quote

from aiohttp import web
from multidict import MultiDictProxy

from bot.internal_auth import derived_key
from bot.staff import ui
from bot.staff.accounts import Session
from bot.staff.http import (
    MAX_FORM_BODY_BYTES,
    MAX_LOGIN_BODY_BYTES,
    BodyTooLarge,
    done,
    json_error,
    read_form,
    refusal,
    render,
    wants_json,
)
from bot.staff.throttle import Throttled
from bot.web.app_keys import SETTINGS, STAFF_ACCOUNTS
from bot.web.chat_api import client_address
from bot.web.origins import is_own_origin

log = logging.getLogger(__name__)
COOKIE = "komm_mit_staff"
LOGIN_COOKIE = "komm_mit_staff_login"


# --- cookies and sessions -----------------------------------------------------------------


def is_https(request: web.Request) -> bool:
    """TLS here, or at a trusted proxy in front (KOMM_MIT_TRUST_PROXY=1)."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").lower() == "https"
    return request.secure or (request.app[SETTINGS].trust_proxy and forwarded)


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        path="/staff",
        httponly=True,
        secure=is_https(request),
        samesite="Strict",
    )


def refuse_anonymous(request: web.Request) -> web.HTTPException:
    """Pages send the browser to the login; everything else gets 401."""
    if request.method == "GET" and not wants_json(request) and request.path != "/staff/events":
        return web.HTTPSeeOther(f"/staff/login?next={quote(request.path_qs, safe='')}")
    return json_error(web.HTTPUnauthorized, {"error": "login required"})


async def current_session(request: web.Request, *, touch: bool) -> Session | None:
    """The session of the request's cookie, or None when it has ended (or never was)."""
    accounts = request.app[STAFF_ACCOUNTS]
    return await accounts.run(accounts.session, request.cookies.get(COOKIE), touch=touch)


async def session_of(request: web.Request, *, touch: bool = True) -> Session:
    found = await current_session(request, touch=touch)
    if found is None:
        raise refuse_anonymous(request)
    return found


# --- CSRF -----------------------------------------------------------------------------------


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


async def checked_post(request: web.Request) -> tuple[Session, MultiDictProxy[Any]]:
    """A state-changing request: logged in, same origin, and the session's CSRF token."""
    session = await session_of(request)
    lang = session.staff.ui_language
    form = await read_form(request, MAX_FORM_BODY_BYTES, lang)
    presented = str(form.get("csrf") or request.headers.get("X-CSRF-Token") or "")
    if not same_origin(request) or not tokens_match(presented, session.csrf_token):
        raise refusal(request, 403, "csrf", lang)
    return session, form


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
    lang = login_language(request)
    try:
        form = await read_form(request, MAX_LOGIN_BODY_BYTES, lang)
    except BodyTooLarge:
        return await login_page(request, "too_large", 413)
    accounts = request.app[STAFF_ACCOUNTS]
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
        wait = ui.wait_text(throttled.wait, lang)
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
    accounts = request.app[STAFF_ACCOUNTS]
    await accounts.run(accounts.end_session, request.cookies.get(COOKIE))
    response = web.HTTPSeeOther("/staff/login")
    response.del_cookie(COOKIE, path="/staff")
    raise response


async def set_language(request: web.Request) -> web.StreamResponse:
    session, form = await checked_post(request)
    accounts = request.app[STAFF_ACCOUNTS]
    await accounts.run(accounts.set_language, session.staff.id, str(form.get("language") or ""))
    return done(request, safe_next(str(form.get("next") or "")), {"ok": True})
