"""Rasa asks `bot/` for each answer with the slots and latest message, not every event.

Through `generate`, what Rasa calls for every answer: the answer is validated as Rasa
validates it (with the schema compiled once) and sent over one kept-alive connection
of the NLG's own, not through `EndpointConfig.request`.
"""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot import nlg
from rasa_ext import keepalive
from rasa_ext.nlg import SlimCallbackNLG
from tests.fakes import served
from tests.rasa_ext.conftest import Endpoint


def generator(url: str) -> SlimCallbackNLG:
    config = EndpointConfig(url, type="rasa_ext.nlg.SlimCallbackNLG")
    made = NaturalLanguageGenerator.create(config, Domain.empty())  # as Rasa loads endpoints.yml
    assert isinstance(made, SlimCallbackNLG)
    return made


def conversation() -> DialogueStateTracker:
    return DialogueStateTracker.from_events("c-1", [ActionExecuted("action_listen")])


async def test_answers_are_rendered_by_bot_from_slots_without_the_history() -> None:
    seen: list[dict[str, Any]] = []

    async def endpoint(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append(body)
        return web.json_response(nlg.generate(body))

    app = web.Application()
    app.router.add_post("/nlg", endpoint)
    async with served(app) as url:
        try:
            domain = Domain.from_dict({"slots": {"language": {"type": "any", "mappings": []}}})
            tracker = DialogueStateTracker.from_events(
                "c-1",
                [
                    ActionExecuted("action_listen"),
                    UserUttered("salam", {"name": "greet"}, metadata={"channel": "web"}),
                    SlotSet("language", "fa"),
                ]
                * 30,
                slots=domain.slots,
            )
            answer = await generator(f"{url}/nlg").generate("utter_greet", tracker, "kommmit")
        finally:
            await keepalive.close_sessions()
    assert answer["language"] == "fa" and answer["direction"] == "rtl" and answer["text"]
    assert seen[0]["tracker"]["sender_id"] == "c-1"
    assert seen[0]["tracker"]["slots"]["language"] == "fa"
    assert seen[0]["tracker"].get("events") is None  # 90 events stayed in Rasa


async def test_answers_share_one_kept_alive_connection_of_the_nlg(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def not_this_way(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("EndpointConfig.request opens a connection per call")

    slim = generator(endpoint.url)  # first, as it may install the patches
    monkeypatch.setattr(EndpointConfig, "request", not_this_way)
    for n in range(3):
        endpoint.answers.append((200, {"text": f"Hallo {n}"}))
        assert await slim.generate("utter_greet", conversation(), "kommmit") == {
            "text": f"Hallo {n}"
        }
    assert len(endpoint.peers) == 3 and len(set(endpoint.peers)) == 1


async def test_answers_are_validated_as_rasa_does_with_the_schema_compiled_once(
    endpoint: Endpoint, schema_checks: list[Any]
) -> None:
    with pytest.raises(RasaException) as rasas:
        CallbackNaturalLanguageGenerator.validate_response({"text": 5})
    schema_checks.clear()
    slim = generator(endpoint.url)
    endpoint.answers += [(200, {"text": "Hallo", "buttons": []}), (200, {"text": 5})]
    assert await slim.generate("utter_greet", conversation(), "kommmit")
    with pytest.raises(RasaException) as raised:
        await slim.generate("utter_greet", conversation(), "kommmit")
    assert str(raised.value) == str(rasas.value)
    assert "Failed to validate NLG response" in str(raised.value)
    assert slim.validate_response(None)
    assert schema_checks == []  # no validator built per answer


async def test_in_process_answers_are_those_bot_renders_over_http(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """The embedded default renders in Rasa's process: the same answer, valid for Rasa."""
    from rasa.utils.endpoints import read_endpoint_config

    from rasa_ext.nlg import InProcessNLG

    for name, value in {"KOMM_MIT_VAR": str(tmp_path), "ACTIONS_PORT": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("KOMM_MIT_INTERNAL_TOKEN", "t")

    made = NaturalLanguageGenerator.create(read_endpoint_config("endpoints.yml", "nlg"), None)
    assert isinstance(made, InProcessNLG)  # what `make run` uses
    domain = Domain.from_dict({"slots": {"language": {"type": "any", "mappings": []}}})
    tracker = DialogueStateTracker.from_events(
        "c-1",
        [
            ActionExecuted("action_listen"),
            UserUttered("مرحبا", {"name": "greet"}),
            SlotSet("language", "ar"),
        ],
        slots=domain.slots,
    )
    seen: list[dict[str, Any]] = []

    async def endpoint(request: web.Request) -> web.Response:
        seen.append(await request.json())
        return web.json_response(nlg.generate(seen[-1]))

    app = web.Application()
    app.router.add_post("/nlg", endpoint)
    async with served(app) as url:
        try:
            remote = await generator(f"{url}/nlg").generate(
                "utter_greet", tracker, "kommmit", some="argument"
            )
        finally:
            await keepalive.close_sessions()
    local = await made.generate("utter_greet", tracker, "kommmit", some="argument")
    assert local == remote
    assert local["direction"] == "rtl" and local["text"]
    assert SlimCallbackNLG.validate_response(local)  # Rasa's schema
