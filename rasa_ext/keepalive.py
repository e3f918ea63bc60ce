"""Rasa's HTTP calls to our services on kept-alive connections.

Why: Rasa 3.6's `EndpointConfig.request` opens a new `aiohttp` session, and so a new
TCP connection, for every call to the action server and the NLG endpoint
(docs/performance.md). `request` here is that method of Rasa 3.6.21 line by line
(headers, parameters and token, certificate file, `ClientResponseError` for a status
of 400 and above, `None` for a body that is not JSON), on a session that is kept.

Sessions are kept per event loop (a loop that is gone takes its sessions with it) and
per endpoint's headers and credentials, made by Rasa's own `EndpointConfig.session`.
Request bodies are encoded with orjson: Rasa sends the whole tracker with every custom
action call, and the standard library's `json.dumps` of it was a tenth of the Rasa
process's time under load (docs/performance.md). A body orjson cannot encode falls back
to `json.dumps`, so what the services receive is the same JSON.
Rasa has no hook to close them: our channel closes them when the server stops
(`close_sessions`, rasa_ext/channel.py); with another channel they end with the process.
"""

from __future__ import annotations

import asyncio
import json
import os
import ssl
from typing import Any, cast
from weakref import WeakKeyDictionary

import aiohttp
import orjson
from rasa.shared.exceptions import FileNotFoundException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

SessionKey = tuple[tuple[tuple[str, Any], ...], tuple[tuple[str, str], ...]]

_sessions: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[SessionKey, aiohttp.ClientSession]]
_sessions = WeakKeyDictionary()


def session_for(config: EndpointConfig) -> aiohttp.ClientSession:
    """This loop's kept session for `config`'s headers and credentials."""
    per_loop = _sessions.setdefault(asyncio.get_running_loop(), {})
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
    """Closes this loop's kept sessions (when the server stops)."""
    for session in _sessions.pop(asyncio.get_running_loop(), {}).values():
        await session.close()


def _ssl_context(config: EndpointConfig) -> ssl.SSLContext | None:
    """The endpoint's certificate file as Rasa reads it, with Rasa's error if it is missing."""
    if not config.cafile:
        return None
    try:
        return ssl.create_default_context(cafile=config.cafile)
    except FileNotFoundError as e:
        raise FileNotFoundException(
            f"Failed to find certificate file, '{os.path.abspath(config.cafile)}' does not exist."
        ) from e


_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def encode_json(body: Any) -> bytes:
    """`body` as JSON bytes: orjson, or the standard library for what orjson refuses
    (e.g. integers beyond 64 bits, objects with a `default` only `json` knows)."""
    try:
        return orjson.dumps(body, option=_ORJSON_OPTIONS)
    except TypeError:
        return json.dumps(body).encode()


async def request(
    config: EndpointConfig,
    method: str = "post",
    subpath: str | None = None,
    content_type: str | None = "application/json",
    compress: bool = False,
    **kwargs: Any,
) -> Any:
    """`EndpointConfig.request` of Rasa 3.6.21 on a kept session: JSON answer or None."""
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if "headers" in kwargs:
        headers.update(kwargs.pop("headers"))
    if config.headers:
        headers.update(config.headers)
    if "json" in kwargs:
        kwargs["data"] = encode_json(kwargs.pop("json"))
        headers.setdefault("Content-Type", "application/json")  # as aiohttp's `json=` sets it
    url = concat_url(cast(str, config.url), subpath)
    sslcontext = _ssl_context(config)
    async with session_for(config).request(
        method,
        url,
        headers=headers,
        params=config.combine_parameters(kwargs),
        compress=compress,
        ssl=sslcontext,
        **kwargs,
    ) as response:
        if response.status >= 400:
            raise ClientResponseError(
                response.status, cast(str, response.reason), await response.content.read()
            )
        try:
            return await response.json()
        except aiohttp.ContentTypeError:
            return None
