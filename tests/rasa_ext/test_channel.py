"""Our Rasa channel: every POST route is for `bot/` only, and a turn keeps all fields."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage

from bot.internal_auth import HEADER, internal_token
from rasa_ext.channel import KommMitInput

POST_ROUTES = ("/webhook", "/events", "/forget", "/expire")


def routes(on_new_message: Any = None) -> dict[str, Any]:
    blueprint = KommMitInput().blueprint(on_new_message)
    return {route.uri: route.handler for route in blueprint._future_routes}


def request(body: Any, token: str | None = None) -> Any:
    return SimpleNamespace(headers={HEADER: token} if token else {}, json=body)


@pytest.mark.parametrize("uri", POST_ROUTES)
async def test_calls_without_the_internal_token_are_refused(uri: str) -> None:
    handler = routes()[uri]
    for token in (None, "wrong"):
        answer = await handler(request({"sender": "c-1", "message": "hi"}, token))
        assert answer.status == 403
        assert json.loads(answer.body) == {"error": "forbidden"}


@pytest.mark.parametrize("uri", POST_ROUTES)
async def test_calls_with_the_token_but_without_a_body_are_bad_requests(uri: str) -> None:
    answer = await routes()[uri](request(None, internal_token()))
    assert answer.status == 400


async def test_a_turn_answers_every_field_of_every_message() -> None:
    async def turn(message: UserMessage) -> None:
        assert (message.text, message.sender_id, message.metadata) == ("hi", "c-1", {"a": 1})
        await message.output_channel.send_response(
            "c-1", {"text": "Hallo", "language": "de", "buttons": [], "timestamp": 1}
        )

    body = {"sender": "c-1", "message": "hi", "metadata": {"a": 1}}
    answer = await routes(turn)["/webhook"](request(body, internal_token()))
    assert answer.status == 200
    assert json.loads(answer.body) == [{"text": "Hallo", "language": "de"}]
