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
- `DaskGraphRunner.run`: the processor builds its runner with this class itself. Every
  parse and every prediction (several per message) copied the minimal graph schema,
  formatted a debug line with the inputs and ran dask's synchronous scheduler: about a
  tenth of the time of a parse. The same nodes are called in dependency order with the
  same arguments, one after the other as dask's synchronous scheduler does, each once.

`install` is called by `rasa_ext.startup.prepare_rasa_process`, never at import.
"""

from __future__ import annotations

from typing import Any

import rasa.shared.utils.common
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig

from rasa_ext import keepalive
from rasa_ext.validation import CompiledSchema

_installed = False
# Rasa's own methods, as they were before `install` (for tests that compare).
originals: dict[str, Any] = {}


def install() -> None:
    """Replaces the four methods; once per process, later calls do nothing."""
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
    originals["DaskGraphRunner.run"] = DaskGraphRunner.run
    DaskGraphRunner.run = run_in_order  # type: ignore[method-assign]


def run_in_order(
    self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """`DaskGraphRunner.run`: the targets' nodes, each after what it needs, each once.

    As in dask's graph: an input is the pair (name, value), a node's result is what its
    `GraphNode` returns, a needed name that is neither stays the plain name.
    """
    nodes = self._graph_schema.nodes
    done: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in nodes:
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure "
                f"that none of the input names passed to the `run` method are the "
                f"same as node names in the graph schema."
            )
        done[name] = (name, value)

    def result(name: str) -> Any:
        if name in done:
            return done[name]
        if name not in nodes:
            return name
        needed = [result(other) for other in nodes[name].needs.values()]
        done[name] = self._instantiated_nodes[name](*needed)
        return done[name]

    try:
        return dict(result(target) for target in targets or self._graph_schema.target_names)
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


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
