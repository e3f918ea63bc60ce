"""Rasa's hot path, patched in its process: same validation, kept-alive connections."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from rasa_ext import speedups as rasa_speedups
from tests.fakes import served

rasa_speedups.install()


def remote_action() -> RemoteAction:
    return RemoteAction("action_x", EndpointConfig("http://localhost:1/webhook"))


def test_action_server_answers_are_still_validated() -> None:
    good = {"events": [{"event": "slot", "name": "service", "value": "x"}], "responses": []}
    assert remote_action()._validate_action_result(good)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        remote_action()._validate_action_result({"events": [{"event": 42}], "responses": []})


def test_nlg_answers_are_still_validated() -> None:
    validate = CallbackNaturalLanguageGenerator.validate_response
    assert validate({"text": "Hallo", "buttons": []})
    assert validate(None)
    with pytest.raises(RasaException, match="Failed to validate NLG response"):
        validate({"text": 5})


@pytest.fixture
async def server() -> Any:
    peers: list[Any] = []

    async def hello(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername") if request.transport else None)
        if request.query.get("fail"):
            return web.Response(status=502, text="bad gateway")
        return web.json_response({"seen": await request.json(), "token": request.query.get("t")})

    app = web.Application()
    app.router.add_post("/webhook", hello)
    async with served(app) as url:
        yield f"{url}/webhook", peers
        await rasa_speedups.close_sessions()


async def test_calls_to_the_action_server_share_one_kept_alive_connection(server: Any) -> None:
    url, peers = server
    endpoint = EndpointConfig(url, token="s3", token_name="t")
    for n in range(5):
        answer = await endpoint.request(json={"n": n}, method="post")
        assert answer == {"seen": {"n": n}, "token": "s3"}
    assert len(peers) == 5 and len(set(peers)) == 1


async def test_errors_still_raise_rasas_client_response_error(server: Any) -> None:
    url, _ = server
    endpoint = EndpointConfig(url)
    with pytest.raises(ClientResponseError) as raised:
        await endpoint.request(json={}, method="post", params={"fail": "1"})
    assert raised.value.status == 502


def test_stored_events_still_find_their_classes() -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet

    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nonsense", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("nonsense")
    restored = Event.from_parameters({"event": "slot", "name": "language", "value": "ar"})
    assert restored == SlotSet("language", "ar")
