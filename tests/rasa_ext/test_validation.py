"""The compiled schema accepts and rejects exactly what `jsonschema.validate` does."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg.callback import nlg_response_format_spec

from rasa_ext.validation import CompiledSchema

ACTION = RemoteAction.action_response_format_spec()

USER = {
    "event": "user",
    "text": "مرحبا",
    "parse_data": {"intent": {"name": "greet", "confidence": 0.9}, "entities": []},
}
ANSWERS: list[Any] = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "language", "value": "ar"}], "responses": [{}]},
    {"events": [USER, {"event": "action", "name": "action_listen"}, {"event": "bot"}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "x"}]},
    {"events": [{"event": "slot", "name": "language"}]},  # no value
    {"events": [{"event": "slot", "name": 3, "value": 1}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "language", "value": "ar"}]},  # no "event"
    {"events": [{"event": ["slot"], "name": "x", "value": 1}]},
    {"events": [{"event": "user", "parse_data": {"intent": {"name": 7}}}]},
    {"events": [{"event": "action", "timestamp": "yesterday"}]},
    {"events": [{"event": "bot", "metadata": []}]},
    {"events": [USER, "not an event"]},
    {"events": {"event": "bot"}},
    {"events": None},
    {"responses": "text"},
    [],
    "a string",
    None,
]


def outcome(validate: Any, instance: Any) -> str | None:
    try:
        validate(instance)
    except jsonschema.ValidationError as e:
        return f"{e.message} at {list(e.absolute_path)}"
    return None


@pytest.mark.parametrize("instance", ANSWERS)
@pytest.mark.parametrize("schema", [ACTION, nlg_response_format_spec()], ids=["action", "nlg"])
def test_same_verdict_and_error_as_jsonschema(schema: dict[str, Any], instance: Any) -> None:
    expected = outcome(lambda i: jsonschema.validate(i, schema), instance)
    assert outcome(CompiledSchema(schema).validate, instance) == expected


def test_valid_events_do_not_take_the_whole_union(monkeypatch: pytest.MonkeyPatch) -> None:
    """Why the shortcut exists: the full check tries all 23 event schemas per event."""
    compiled = CompiledSchema(ACTION)
    full_checks: list[object] = []
    monkeypatch.setattr(
        compiled._validator, "iter_errors", lambda i: full_checks.append(i) or iter(())
    )
    compiled.validate(ANSWERS[2])
    assert full_checks == []
    with pytest.raises(jsonschema.ValidationError):
        CompiledSchema(ACTION).validate(ANSWERS[4])
