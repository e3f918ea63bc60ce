"""Security headers on every answer of `bot/` (public pages, API, console).

Why one signal instead of per-route code: a page added later gets them too. The
staff console sets stricter ones of its own first; these are only defaults.
The `Server` header names no software or version (aiohttp would name both).
"""

from __future__ import annotations

from aiohttp import web

# The public pages load only their own script and styles (the widget needs no CDN);
# inline <style> blocks of the demo pages are the one allowance.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    headers = response.headers
    headers["Server"] = "Komm-Mit"
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if (response.content_type or "").startswith("text/html"):
        headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")


def setup_security_headers(app: web.Application) -> None:
    # aiohttp's own annotation of this signal is wrong (aiosignal's one-argument form).
    app.on_response_prepare.append(add_security_headers)  # type: ignore[arg-type]
