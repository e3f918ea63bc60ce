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

from bot.chat_api import SETTINGS_KEY, error_response
from bot.language_policy import choose_language

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
METHODS = "GET, POST, OPTIONS"


def own_origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def allowed(request: web.Request, origin: str) -> bool:
    return origin == own_origin(request) or origin in request.app[SETTINGS_KEY].allowed_origins


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
