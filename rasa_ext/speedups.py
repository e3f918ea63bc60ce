"""Rasa 3.6's hot path made cheaper, installed in the Rasa process by our channel.

Why (docs/performance.md has the profile): under load about half of Rasa's CPU went
to `jsonschema.validate`, which checks the *schema* itself and builds a new
validator for every action server and NLG response, and every call to the action
server or the NLG endpoint opened a new HTTP session and TCP connection.

What stays the same: every response is still validated against Rasa's own schemas
and raises the same `ValidationError`; requests keep their headers, parameters,
timeouts and error handling. Only the validator is built once, and connections
are kept alive in one pool per event loop, and stored events find their class
in a dictionary instead of a walk over every subclass of `Event`. (The SQLite
tracker store's settings are in rasa_ext/tracker_store.py.)
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any
from weakref import WeakKeyDictionary

import aiohttp
from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator, nlg_response_format_spec
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.exceptions import FileNotFoundException, RasaException
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

log = logging.getLogger(__name__)

_installed = False
_sessions: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Any, aiohttp.ClientSession]] = (
    WeakKeyDictionary()
)


def _compiled(schema: dict[str, Any]) -> Any:
    """A validator for `schema`, checked once (what `jsonschema.validate` does each call)."""
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _raise_first_error(validator: Any, instance: Any) -> None:
    """Same error as `jsonschema.validate` would raise (the best match of all errors)."""
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Patch once per process; called when Rasa loads our channel."""
    global _installed
    if _installed:
        return
    _installed = True
    action_validator = _compiled(RemoteAction.action_response_format_spec())
    nlg_validator = _compiled(nlg_response_format_spec())

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            _raise_first_error(action_validator, result)
        except ValidationError as e:
            e.message += (
                ". Failed to validate Action server response from API, "
                "make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise e
        return True

    def validate_nlg_response(content: Any) -> bool:
        if content is None or content == "":
            return True  # the endpoint did not want to respond with anything
        try:
            _raise_first_error(nlg_validator, content)
        except ValidationError as e:
            raise RasaException(
                f"{e.message}. Failed to validate NLG response from API, make sure "
                "your response from the NLG endpoint is valid."
            ) from e
        return True

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    CallbackNaturalLanguageGenerator.validate_response = staticmethod(  # type: ignore[method-assign]
        validate_nlg_response
    )
    EndpointConfig.request = pooled_request  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_event_class)  # type: ignore[method-assign]


_event_classes: dict[str, type[Event]] = {}


def _event_class(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type` without walking every Event subclass for every stored event."""
    found = _event_classes.get(type_name)
    if found is None:
        for cls in all_subclasses(Event):  # the same order, so the same first match
            _event_classes.setdefault(cls.type_name, cls)
        found = _event_classes.get(type_name)
    if found is not None:
        return found
    if type_name == "topic":
        return None  # Rasa's backwards compatibility for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def _session(config: EndpointConfig) -> aiohttp.ClientSession:
    """One kept-alive session per event loop and per endpoint's headers and credentials."""
    loop = asyncio.get_running_loop()
    per_loop = _sessions.setdefault(loop, {})
    key = (
        tuple(sorted((config.headers or {}).items())),
        tuple(sorted((config.basic_auth or {}).items())),
    )
    session = per_loop.get(key)
    if session is None or session.closed:
        session = config.session()
        per_loop[key] = session
    return session


async def close_sessions() -> None:
    """Close this loop's pooled sessions (when the server stops)."""
    loop = asyncio.get_running_loop()
    for session in _sessions.pop(loop, {}).values():
        await session.close()


async def pooled_request(
    self: EndpointConfig,
    method: str = "post",
    subpath: str | None = None,
    content_type: str | None = "application/json",
    compress: bool = False,
    **kwargs: Any,
) -> Any:
    """`EndpointConfig.request` of Rasa 3.6, on a kept-alive session instead of a new one."""
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if "headers" in kwargs:
        headers.update(kwargs.pop("headers"))
    if self.headers:
        headers.update(self.headers)
    url = concat_url(self.url, subpath)  # type: ignore[arg-type]
    sslcontext = None
    if self.cafile:
        try:
            sslcontext = ssl.create_default_context(cafile=self.cafile)
        except FileNotFoundError as e:
            raise FileNotFoundException(f"Failed to find certificate file {self.cafile}") from e
    async with _session(self).request(
        method,
        url,
        headers=headers,
        params=self.combine_parameters(kwargs),
        compress=compress,
        ssl=sslcontext,
        **kwargs,
    ) as response:
        if response.status >= 400:
            raise ClientResponseError(
                response.status, str(response.reason), await response.content.read()
            )
        try:
            return await response.json()
        except aiohttp.ContentTypeError:
            return None
