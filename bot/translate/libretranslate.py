"""The LibreTranslate adapter: the district's own translation server, over its HTTP API.

LibreTranslate (open source, Argos Translate models) runs on the district's server
(compose.yml profile `translate`, deploy/k8s/translate/), so no message leaves the district.
Its API (LibreTranslate's `libretranslate/app.py`): `POST /translate` with JSON
`{"q", "source", "target", "format", "api_key"}` answers `{"translatedText": …}` (and
`detectedLanguage` when `source` is "auto"); `GET /languages` lists
`[{"code", "name", "targets"}]`; errors are `{"error": "…"}` with 400 (bad request, a
language or pair it does not have, text over its limit), 403 (bad API key, banned),
429 (slow down) and 500 (the model failed).

Languages: Argos uses the same ISO 639-1 codes as we do for all seven of ours
(de en ar fa uk ru tr), and Argos itself pivots through English when a direct model is
missing (its `/languages` lists the pivoted targets too), so we do not pivot ourselves.
Which pairs a server really has depends on the models it loaded (`LT_LOAD_ONLY`): we ask
`/languages` once (again after a failure) and a missing pair is "unsupported" without
asking `/translate`.

Privacy and safety: text goes as `format: "text"` (never HTML: what staff type is not
markup); the API key goes in the body only when set; nothing here logs message text or
the key, only the reason and the HTTP status.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from bot.settings import TranslateSettings
from bot.translate import NoTranslator, Reason, Translation, TranslationUnavailable, Translator

log = logging.getLogger(__name__)

# Our language codes and LibreTranslate's: the same for all seven (Argos model codes);
# one table, so a server that names one differently (e.g. "zh-Hans") changes one line.
TO_ENGINE: Mapping[str, str] = {code: code for code in ("de", "en", "ar", "fa", "uk", "ru", "tr")}
FROM_ENGINE: Mapping[str, str] = {engine: ours for ours, engine in TO_ENGINE.items()}
# Longest text sent in one request (staff replies are at most 4000 characters).
MAX_CHARS = 5000


class LibreTranslate:
    """A `Translator` on a LibreTranslate server; `session` belongs to the caller."""

    def __init__(self, settings: TranslateSettings, session: aiohttp.ClientSession) -> None:
        self.base_url = settings.url.rstrip("/")
        self.api_key = settings.api_key
        self.timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)
        self.session = session
        self._pairs: dict[str, frozenset[str]] | None = None

    @property
    def enabled(self) -> bool:
        return True

    async def translate(self, text: str, *, source: str | None, target: str) -> Translation:
        if source == target:
            return Translation(text, source, target)
        if target not in TO_ENGINE or (source is not None and source not in TO_ENGINE):
            raise TranslationUnavailable("unsupported")
        if len(text) > MAX_CHARS:
            raise TranslationUnavailable("unsupported")
        pairs = await self.pairs()
        engine_target = TO_ENGINE[target]
        if source is not None and engine_target not in pairs.get(TO_ENGINE[source], ()):
            raise TranslationUnavailable("unsupported")
        if source is None and not any(engine_target in targets for targets in pairs.values()):
            raise TranslationUnavailable("unsupported")
        body: dict[str, Any] = {
            "q": text,
            "source": TO_ENGINE[source] if source is not None else "auto",
            "target": engine_target,
            "format": "text",
        }
        if self.api_key:
            body["api_key"] = self.api_key
        answer = await self._call("POST", "/translate", body)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str):
            raise self._unavailable("bad_response", 200)
        found = source
        if found is None:
            detected = answer.get("detectedLanguage")
            code = detected.get("language") if isinstance(detected, dict) else None
            found = FROM_ENGINE.get(code, code) if isinstance(code, str) else "und"
        return Translation(translated, found, target)

    async def pairs(self) -> dict[str, frozenset[str]]:
        """Source code → target codes, as the server says (asked once; again after a failure)."""
        if self._pairs is None:
            answer = await self._call("GET", "/languages", None)
            if not isinstance(answer, list):
                raise self._unavailable("bad_response", 200)
            pairs: dict[str, frozenset[str]] = {}
            for item in answer:
                if isinstance(item, dict) and isinstance(item.get("code"), str):
                    targets = item.get("targets")
                    pairs[item["code"]] = frozenset(
                        t
                        for t in (targets if isinstance(targets, list) else [])
                        if isinstance(t, str)
                    )
            self._pairs = pairs
        return self._pairs

    async def _call(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
        try:
            async with self.session.request(
                method, self.base_url + path, json=body, timeout=self.timeout
            ) as response:
                if response.status != 200:
                    raise self._unavailable(
                        _reason_of(response.status, await _error(response)), response.status
                    )
                try:
                    return await response.json(content_type=None)
                except ValueError:
                    raise self._unavailable("bad_response", response.status) from None
        except TranslationUnavailable:
            raise
        except asyncio.TimeoutError:
            raise self._unavailable("timeout", None) from None
        except (aiohttp.ClientError, OSError):
            raise self._unavailable("down", None) from None

    @staticmethod
    def _unavailable(reason: Reason, status: int | None) -> TranslationUnavailable:
        # The reason and the status only: never the text, the engine's message or the key.
        log.warning("machine translation unavailable: %s (HTTP status %s)", reason, status or "-")
        return TranslationUnavailable(reason)


async def _error(response: aiohttp.ClientResponse) -> str:
    """The engine's `error` text (to tell an unsupported pair from other refusals)."""
    try:
        answer = await response.json(content_type=None)
    except (ValueError, aiohttp.ClientError):
        return ""
    error = answer.get("error") if isinstance(answer, dict) else None
    return error if isinstance(error, str) else ""


def _reason_of(status: int, error: str) -> Reason:
    if status == 400 and ("not supported" in error or "not available" in error):
        return "unsupported"
    if status in (403, 429) or status >= 500:
        # A refused key, a ban, "slow down" or a failed model: the engine is not there for us.
        return "down"
    return "bad_response"


@asynccontextmanager
async def open_translator(settings: TranslateSettings | None) -> AsyncIterator[Translator]:
    """The app's translator: LibreTranslate with its own session, or `NoTranslator`."""
    if settings is None:
        yield NoTranslator()
        return
    connector = aiohttp.TCPConnector(limit=20, keepalive_timeout=30)
    async with aiohttp.ClientSession(connector=connector) as session:
        yield LibreTranslate(settings, session)
