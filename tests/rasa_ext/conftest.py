"""A small HTTP server standing in for the action server or the NLG endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import jsonschema
import pytest
from aiohttp import web

from rasa_ext import keepalive
from tests.fakes import served


@dataclass
class Endpoint:
    """Answers every POST with the next queued (status, JSON body); records the callers."""

    url: str = ""
    answers: list[tuple[int, Any]] = field(default_factory=list)
    bodies: list[Any] = field(default_factory=list)
    peers: list[Any] = field(default_factory=list)  # (host, port) of each call's connection

    async def answer(self, request: web.Request) -> web.Response:
        self.peers.append(
            request.transport.get_extra_info("peername") if request.transport else None
        )
        self.bodies.append(await request.json())
        status, body = self.answers.pop(0)
        return web.json_response(body, status=status)


@pytest.fixture
async def endpoint() -> AsyncIterator[Endpoint]:
    served_endpoint = Endpoint()
    app = web.Application()
    app.router.add_post("/call", served_endpoint.answer)
    async with served(app) as url:
        served_endpoint.url = f"{url}/call"
        yield served_endpoint
        await keepalive.close_sessions()


@pytest.fixture
def schema_checks(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Calls of `jsonschema.validate`, which builds a validator each time (Rasa's way)."""
    calls: list[Any] = []
    original = jsonschema.validate

    def counting(instance: Any, schema: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(instance)
        original(instance, schema, *args, **kwargs)

    monkeypatch.setattr(jsonschema, "validate", counting)
    return calls
