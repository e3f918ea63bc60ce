"""Serve the `bot/` app, closing connections that never finish their request headers.

Why not `web.run_app`: aiohttp waits for the first request of a connection without
any limit, so a client that opens connections and never finishes its headers
("slowloris") holds them forever. Here each new connection must deliver a whole
request head within `header_timeout` seconds; later idle time on the connection is
aiohttp's keep-alive timeout. In production the proxy in front (nginx's
`client_header_timeout`) does the same; this covers `bot/` reached directly.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import weakref
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.web.app_keys import TRANSPORTS_WITH_A_REQUEST

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def mark_request_seen(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A request reached the app: this connection finished a request head in time."""
    if request.transport is not None:
        request.app[TRANSPORTS_WITH_A_REQUEST].add(request.transport)
    return await handler(request)


def guard_headers(app: web.Application) -> None:
    """Call before the app starts (it adds a middleware)."""
    app[TRANSPORTS_WITH_A_REQUEST] = weakref.WeakSet()
    app.middlewares.insert(0, mark_request_seen)


async def serve(app: web.Application, host: str, port: int, header_timeout: float) -> None:
    """Run until SIGINT or SIGTERM, then shut down gracefully (cleanup contexts run)."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    loop = asyncio.get_running_loop()
    seen = app[TRANSPORTS_WITH_A_REQUEST]

    def close_if_silent(protocol: web.RequestHandler) -> None:
        transport = protocol.transport
        if transport is not None and not transport.is_closing() and transport not in seen:
            protocol.force_close()
            transport.close()

    def new_connection() -> web.RequestHandler:
        assert runner.server is not None
        protocol = runner.server()
        loop.call_later(header_timeout, close_if_silent, protocol)
        return protocol

    server = await loop.create_server(new_connection, host, port, reuse_address=True)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        server.close()
        await server.wait_closed()
        await runner.cleanup()
