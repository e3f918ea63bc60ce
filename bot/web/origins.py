"""Which websites may use the chat API from a browser (CORS and origin checks).

Why refuse instead of only leaving out CORS headers: a form or script on a foreign page
can still send a request a browser will not let it read; refusing it with 403 keeps
strangers' pages from talking to the assistant in a user's name. Requests without an
`Origin` header (curl, Telegram's webhook, Rasa's NLG calls) are not browser requests
from another site and pass.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.language.policy import choose_language
from bot.web.app_keys import SETTINGS
from bot.web.chat_api import error_response

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
METHODS = "GET, POST, OPTIONS"


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def own_origins(request: web.Request) -> tuple[str, ...]:
    """The configured public origin(s); unconfigured (`make run`), this machine's loopback
    names on the port the request really arrived at. Never the `Host` header."""
    configured = request.app[SETTINGS].public_origins
    if configured:
        return configured
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    port = sockname[1] if isinstance(sockname, tuple) else request.app[SETTINGS].port
    return tuple(f"http://{host}:{port}" for host in LOOPBACK_HOSTS)


def is_own_origin(request: web.Request, origin: str) -> bool:
    return origin.rstrip("/") in own_origins(request)


def allowed(request: web.Request, origin: str) -> bool:
    return is_own_origin(request, origin) or origin in request.app[SETTINGS].allowed_origins


@web.middleware
async def origin_policy(request: web.Request, handler: Handler) -> web.StreamResponse:
    origin = request.headers.get("Origin")
    if origin is None or not request.path.startswith("/api/"):
        return await handler(request)
    if not allowed(request, origin):
        lang = choose_language(None, hint=request.headers.get("Accept-Language"))
        return error_response(403, "forbidden_origin", lang)
    if request.method == "OPTIONS":  # CORS preflight
        response: web.StreamResponse = web.Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = METHODS
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    else:
        response = await handler(request)
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Vary"] = "Origin"
    return response
