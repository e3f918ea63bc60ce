"""Our Rasa channel: every POST route is for `bot/` only, and a turn keeps all fields."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import UserUttered
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

from bot.internal_auth import HEADER, internal_token
from bot.rasa_client import PARSE_REPORT
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


def agent_with(tracker: Any) -> Any:
    """An agent whose tracker store holds `tracker` (or fails when it is an exception)."""

    async def retrieve(sender: str) -> Any:
        if isinstance(tracker, Exception):
            raise tracker
        return tracker

    return SimpleNamespace(tracker_store=SimpleNamespace(retrieve=retrieve))


async def test_a_message_during_a_handoff_reports_what_was_understood() -> None:
    """`bot/` asks with "with_parse" (staff have the conversation): the reply ends with the
    latest message's intents and the asked slots' values, nothing else of the tracker."""
    tracker = DialogueStateTracker.from_events(
        "c-1",
        [
            UserUttered(
                "برای اقامت",
                intent={"name": "ask_residence_permit", "confidence": 0.9},
                parse_data={
                    "text": "برای اقامت",
                    "intent": {"name": "ask_residence_permit", "confidence": 0.9},
                    "intent_ranking": [{"name": "ask_residence_permit", "confidence": 0.9}],
                    "entities": [],
                },
            )
        ],
        slots=[
            TextSlot("service", mappings=[], initial_value="foreigners_office"),
            TextSlot("booking_phone", mappings=[], initial_value="0151 000"),
            TextSlot("residence_place", mappings=[]),
        ],
    )

    async def paused_turn(message: UserMessage) -> None:
        return None  # paused: Rasa logs the message and answers nothing

    body = {
        "sender": "c-1",
        "message": "برای اقامت",
        "with_parse": ["service", "residence_place", "unknown"],
    }
    ask = request(body, internal_token())
    ask.app = SimpleNamespace(ctx=SimpleNamespace(agent=agent_with(tracker)))
    answer = await routes(paused_turn)["/webhook"](ask)
    assert answer.status == 200
    (report,) = json.loads(answer.body)
    assert report["custom"][PARSE_REPORT] == {
        "parse_data": {
            "intent": {"name": "ask_residence_permit", "confidence": 0.9},
            "intent_ranking": [{"name": "ask_residence_permit", "confidence": 0.9}],
        },
        "slots": {"service": "foreigners_office"},
    }
    # A tracker that cannot be read: the turn still succeeds, just without the report.
    ask.app.ctx.agent = agent_with(RuntimeError("database gone"))
    answer = await routes(paused_turn)["/webhook"](ask)
    assert (answer.status, json.loads(answer.body)) == (200, [])
    # Without "with_parse" (an ordinary turn) the tracker is not read at all.
    plain = request({"sender": "c-1", "message": "hi"}, internal_token())
    answer = await routes(paused_turn)["/webhook"](plain)
    assert (answer.status, json.loads(answer.body)) == (200, [])
