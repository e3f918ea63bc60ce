"""Rasa's hot path, patched: same results through Rasa's own calls, less work.

Each test goes through what Rasa itself calls (`RemoteAction.run`, `Event.from_parameters`,
a tracker store's `retrieve`) and fails if Rasa stops calling the patched method or the
patch is gone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
import rasa.shared.utils.common
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from rasa_ext import keepalive, patches
from tests.rasa_ext.conftest import Endpoint

patches.install()

GOOD = {"events": [{"event": "slot", "name": "service", "value": "x"}], "responses": []}
BAD = {"events": [{"event": 42}], "responses": []}


async def run_action(endpoint: Endpoint, answer: Any, status: int = 200) -> list[Event]:
    endpoint.answers.append((status, answer))
    action = RemoteAction("action_x", EndpointConfig(endpoint.url, token="s3"))
    tracker = DialogueStateTracker.from_events("c-1", [ActionExecuted("action_listen")])
    nlg = TemplatedNaturalLanguageGenerator({})
    return await action.run(CollectingOutputChannel(), nlg, tracker, Domain.empty())


async def test_custom_actions_share_one_kept_alive_connection(endpoint: Endpoint) -> None:
    for _ in range(3):
        assert await run_action(endpoint, GOOD) == [SlotSet("service", "x")]
    assert [body["next_action"] for body in endpoint.bodies] == ["action_x"] * 3
    assert len(endpoint.peers) == 3 and len(set(endpoint.peers)) == 1


async def test_action_server_answers_are_validated_with_rasas_error(
    endpoint: Endpoint, schema_checks: list[Any]
) -> None:
    with pytest.raises(jsonschema.ValidationError) as rasas:
        jsonschema.validate(BAD, RemoteAction.action_response_format_spec())
    schema_checks.clear()
    assert await run_action(endpoint, GOOD)
    with pytest.raises(jsonschema.ValidationError) as raised:
        await run_action(endpoint, BAD)
    assert raised.value.message == (
        f"{rasas.value.message}. Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. For more information "
        "about the format visit https://rasa.com/docs/rasa/custom-actions"
    )
    assert schema_checks == []  # the compiled validator, not a new one per answer


async def test_action_server_errors_are_still_rasas(endpoint: Endpoint) -> None:
    with pytest.raises(RasaException, match="Failed to execute custom action 'action_x'") as e:
        await run_action(endpoint, {"error": "down"}, status=502)
    assert isinstance(e.value.__cause__, ClientResponseError)
    assert e.value.__cause__.status == 502


@pytest.fixture
def event_class_walks(monkeypatch: pytest.MonkeyPatch) -> list[type]:
    """Walks over all subclasses of `Event` (what Rasa does for every stored event)."""
    walks: list[type] = []
    original = rasa.shared.utils.common.all_subclasses

    def counting(cls: Any) -> list[Any]:
        if cls is Event:
            walks.append(cls)
        return original(cls)  # type: ignore[no-any-return]

    monkeypatch.setattr(rasa.shared.utils.common, "all_subclasses", counting)
    return walks


def test_stored_events_still_find_their_classes(event_class_walks: list[type]) -> None:
    from rasa.shared.core.events import ActionExecuted

    assert Event.from_parameters({"event": "slot", "name": "x", "value": 1}) == SlotSet("x", 1)
    event_class_walks.clear()
    restored = Event.from_parameters({"event": "slot", "name": "language", "value": "ar"})
    assert restored == SlotSet("language", "ar")
    assert Event.resolve_by_type("action") is ActionExecuted
    assert event_class_walks == []
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nonsense", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'nonsense'"):
        Event.resolve_by_type("nonsense")


async def test_a_tracker_store_reads_events_without_walking_all_event_classes(
    tmp_path: Path, event_class_walks: list[type]
) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    said = [ActionExecuted("action_listen"), UserUttered("hallo", {"name": "greet"})]
    await store.save(DialogueStateTracker.from_events("c-1", said))
    await store.retrieve("c-1")  # the first read may fill the lookup
    event_class_walks.clear()
    tracker = await store.retrieve("c-1")
    assert tracker is not None and tracker.latest_message.text == "hallo"
    assert event_class_walks == []


async def test_the_action_server_receives_the_tracker_rasa_sends(endpoint: Endpoint) -> None:
    """The body is encoded with orjson, and it is the same JSON as Rasa's own encoding."""
    endpoint.answers.append((200, GOOD))
    action = RemoteAction("action_x", EndpointConfig(endpoint.url, token="s3"))
    tracker = DialogueStateTracker.from_events(
        "c-1",
        [
            ActionExecuted("action_listen"),
            UserUttered("Wo ist die Ausländerbehörde? مرحبا", {"name": "ask", "confidence": 0.5}),
            SlotSet("service", "foreigners_office"),
        ],
    )
    domain = Domain.empty()
    nlg = TemplatedNaturalLanguageGenerator({})
    await action.run(CollectingOutputChannel(), nlg, tracker, domain)
    expected = json.loads(json.dumps(action._action_call_format(tracker, domain)))
    assert endpoint.bodies == [expected]


def test_bodies_orjson_refuses_are_encoded_by_the_standard_library() -> None:
    body = {"big": 2**70, 3: 0.5, "text": "ü"}
    assert json.loads(keepalive.encode_json(body)) == {"big": 2**70, "3": 0.5, "text": "ü"}
    # What orjson encodes itself: integer keys and numpy numbers, as `json` would.
    assert json.loads(keepalive.encode_json({1: np.float64(0.25)})) == {"1": 0.25}


MODEL = Path(__file__).resolve().parents[2] / "models" / "komm-mit.tar.gz"


@pytest.mark.model
@pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model (make train)")
async def test_parses_and_predictions_are_the_same_without_dask(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rasa.core.agent import Agent
    from rasa.engine.runner.dask import DaskGraphRunner

    assert DaskGraphRunner.run is patches.run_in_order
    agent = Agent.load(str(MODEL))
    texts = ["Hallo, ich brauche einen Termin", "مرحبا، أحتاج تصريح عمل", "/affirm", "", "ok"]
    domain = agent.domain
    tracker = DialogueStateTracker.from_events(
        "c-1",
        [ActionExecuted("action_listen"), UserUttered("hallo", {"name": "greet"})],
        slots=domain.slots,
    )

    async def outcome() -> tuple[list[dict[str, Any]], Any]:
        parses = [await agent.parse_message(text) for text in texts]
        assert agent.processor is not None
        prediction = agent.processor.predict_next_with_tracker(tracker)
        return parses, prediction

    ours = await outcome()
    monkeypatch.setattr(DaskGraphRunner, "run", patches.originals["DaskGraphRunner.run"])
    rasas = await outcome()
    assert json.dumps(ours, sort_keys=True, default=str) == json.dumps(
        rasas, sort_keys=True, default=str
    )
    assert ours[0][0]["intent"]["name"] == "book_appointment"
