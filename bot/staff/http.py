"""What every console request and answer goes through: body limits, polite refusals,
ids in URLs, rendered pages, the answer to a form post, and the console's headers.

Why here, apart from the handlers: bad input (ids, sizes, undecodable bodies) must get
the same polite 4xx everywhere (JSON for scripts, a page for the browser, in the
console's language), never a 500; one module makes that hard to miss in a new route.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from multidict import MultiDictProxy

from bot.staff import ui

# Request bodies the console reads (the app-wide limit, bot/web/app.py's client_max_size, is
# 64 KiB): a login form is tiny; a 4,000-character reply, percent-encoded, stays under 48 KB.
MAX_LOGIN_BODY_BYTES = 16 * 1024
MAX_FORM_BODY_BYTES = 64 * 1024
# Ids in URLs: digits that fit the database's integer columns (else 404, not an overflow).
ID = re.compile(r"^[0-9]{1,10}$")
MAX_ID = 2**31 - 1
# Console pages: no framing, no foreign scripts, not cached, no referrer to outside.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class BodyTooLarge(web.HTTPClientError):
    """413 of the console (the app's middleware turns its own 413 into the chat's JSON)."""

    status_code = 413


REFUSALS: dict[int, type[web.HTTPClientError]] = {
    400: web.HTTPBadRequest,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    413: BodyTooLarge,
}


def wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def json_error(cls: type[web.HTTPException], body: dict[str, str]) -> web.HTTPException:
    """An HTTP error of class `cls` with a JSON body (for scripts and the live updates)."""
    return cls(text=json.dumps(body, ensure_ascii=False), content_type="application/json")


def error_text(code: str, lang: str) -> str:
    t = ui.gettext(lang)
    texts = {
        "not_found": t("There is no such conversation."),
        "bad_request": t("This request is not valid."),
        "too_large": t("This request is too large for the staff console."),
        "csrf": t("The form has expired. Please try again."),
        "not_your_service": t(
            "This conversation now belongs to a service you do not work for"
            " (it may have been handed over)."
        ),
    }
    return texts.get(code) or texts["bad_request"]


def refusal(request: web.Request, status: int, code: str, lang: str) -> web.HTTPException:
    """A polite 4xx in the console's language: JSON for scripts, the API and the live
    updates; a page with a way back for the browser."""
    message = error_text(code, lang)
    cls = REFUSALS[status]
    if wants_json(request) or request.path.startswith(("/staff/api/", "/staff/events")):
        return json_error(cls, {"error": code, "message": message})
    return cls(text=page("error.html", lang, message=message), content_type="text/html")


def parse_id(raw: str | None) -> int | None:
    """An id from a URL, or None when it is not one the database could hold."""
    if raw is None or not ID.fullmatch(raw) or int(raw) > MAX_ID:
        return None
    return int(raw)


async def read_form(request: web.Request, limit: int, lang: str) -> MultiDictProxy[Any]:
    """The posted form, at most `limit` bytes (checked from Content-Length and while
    reading; the console's limits are its own, below the app-wide one)."""
    if request.content_length is not None and request.content_length > limit:
        raise refusal(request, 413, "too_large", lang)
    try:
        return await request.clone(client_max_size=limit).post()
    except web.HTTPRequestEntityTooLarge:
        raise refusal(request, 413, "too_large", lang) from None
    # Undecodable body, unknown charset, broken multipart (also a bad header inside a part).
    except (ValueError, LookupError, HttpProcessingError):
        raise refusal(request, 400, "bad_request", lang) from None


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


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """The console's PAGE_HEADERS on every answer under /staff.

    They replace the app-wide ones (bot/web/headers.py runs first and only fills what is
    missing): the console's policy is the stricter one (no inline styles, forms only to
    itself)."""
    if request.path.startswith("/staff"):
        response.headers.update(PAGE_HEADERS)
