"""The only replaced Rasa internals: those on the hot path that Rasa offers no way to configure.

Why patches at all: under load Rasa 3.6 spent about half of its CPU validating
responses and opening connections, and a large share replaying stored events
(docs/performance.md). What Rasa lets us configure is done in configured classes
instead: our NLG (`rasa_ext/nlg.py`) validates and calls the NLG endpoint itself, the
tracker store (`rasa_ext/tracker_store.py`) keeps trackers. What is left is here,
each written for Rasa 3.6.21 (pyproject.toml pins the version) and each tested
through Rasa's public path in tests/rasa_ext/test_patches.py:

- `RemoteAction._validate_action_result`: Rasa builds `RemoteAction` itself for every
  custom action, so its class cannot be configured. Same schema
  (`RemoteAction.action_response_format_spec`), same `ValidationError` with Rasa's
  message appended; the validator is built once (rasa_ext/validation.py).
- `EndpointConfig.request`: the action endpoint in endpoints.yml is always a plain
  `EndpointConfig`, which opens a new session for every call. Same request and
  errors on a kept-alive connection (rasa_ext/keepalive.py).
- `Event.resolve_by_type`: every stored event is deserialised through this static
  method, which walks all subclasses of `Event` each time. The same first match in
  that walk's order, the same `None` for the old "topic" events and the same
  `ValueError`, found in a dictionary.

`install` is called by `rasa_ext.startup.prepare_rasa_process`, never at import.
"""

from __future__ import annotations

from typing import Any

import rasa.shared.utils.common
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig

from rasa_ext import keepalive
from rasa_ext.validation import CompiledSchema

_installed = False


def install() -> None:
    """Replaces the three methods; once per process, later calls do nothing."""
    global _installed
    if _installed:
        return
    _installed = True
    action_schema = CompiledSchema(RemoteAction.action_response_format_spec())

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            action_schema.validate(result)
        except ValidationError as e:
            e.message += (
                ". Failed to validate Action server response from API, "
                "make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise e
        return True

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    EndpointConfig.request = keepalive.request  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_event_class)  # type: ignore[method-assign]


_event_classes: dict[str, type[Event]] = {}


def _event_class(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type` without walking every Event subclass for every stored event."""
    found = _event_classes.get(type_name)
    if found is None:
        for cls in rasa.shared.utils.common.all_subclasses(Event):  # Rasa's order: first wins
            _event_classes.setdefault(cls.type_name, cls)
        found = _event_classes.get(type_name)
    if found is not None:
        return found
    if type_name == "topic":
        return None  # Rasa's backwards compatibility for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")
