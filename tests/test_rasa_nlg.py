"""Rasa asks `bot/` for each answer with the slots and latest message, not every event."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import nlg
from rasa_ext import speedups as rasa_speedups
from rasa_ext.nlg import SlimCallbackNLG
from tests.fakes import served


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
            config = EndpointConfig(f"{url}/nlg", type="rasa_ext.nlg.SlimCallbackNLG")
            generator = NaturalLanguageGenerator.create(config, Domain.empty())
            assert isinstance(generator, SlimCallbackNLG)
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
            answer = await generator.generate("utter_greet", tracker, "kommmit")
        finally:
            await rasa_speedups.close_sessions()
    assert answer["language"] == "fa" and answer["direction"] == "rtl" and answer["text"]
    assert seen[0]["tracker"]["sender_id"] == "c-1"
    assert seen[0]["tracker"]["slots"]["language"] == "fa"
    assert seen[0]["tracker"].get("events") is None  # 90 events stayed in Rasa
