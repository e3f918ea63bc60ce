"""`python -m bot.action_server`: rasa_sdk's action server, for our own Rasa only.

Why a wrapper: `python -m rasa_sdk` listens on every interface (`SANIC_HOST`
defaults to 0.0.0.0), answers anyone, allows every CORS origin and echoes the
request body in its error answers. The actions book, cancel and hand over in
any conversation they are told about, so here the very same app (rasa_sdk's
`create_app`) listens on loopback unless told otherwise, and every route but
`/health` requires the internal token that Rasa sends (`endpoints.yml`).
"""

from __future__ import annotations

import argparse
import logging

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.internal_auth import HEADER, is_internal
from bot.logs import configure
from bot.settings import settings_or_exit

log = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/health"})  # liveness for probes; says nothing about anyone


def sealed_app(actions_package: str = "actions") -> Sanic:
    """rasa_sdk's app with the token check and errors that repeat nothing of the request."""
    app: Sanic = create_app(actions_package, cors_origins=None)

    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or is_internal(request.headers.get(HEADER)):
            return None
        return response.json({"error": "forbidden"}, status=403)

    async def no_echo(request: Request, exception: Exception) -> HTTPResponse:
        status = int(getattr(exception, "status_code", 500) or 500)
        if status >= 500:
            log.error("action server error", exc_info=exception)
        return response.json(
            {"error": "action failed" if status >= 500 else "bad request"}, status=status
        )

    app.register_middleware(require_token, "request")
    app.error_handler.add(Exception, no_echo)
    return app


def main() -> None:
    settings = settings_or_exit("python -m bot.action_server")
    parser = argparse.ArgumentParser(prog="python -m bot.action_server", description=__doc__)
    parser.add_argument("--actions", default="actions", help="package with the custom actions")
    parser.add_argument("--port", type=int, default=settings.actions_port)
    parser.add_argument(
        "--host",
        default=settings.actions_host,
        help="interface to listen on (containers: 0.0.0.0, behind a network policy)",
    )
    args = parser.parse_args()
    configure(settings.log)
    sealed_app(args.actions).run(args.host, args.port, access_log=False)


if __name__ == "__main__":
    main()
