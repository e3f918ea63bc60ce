"""A LibreTranslate API double: a real aiohttp server on 127.0.0.1 (a free port).

It answers `POST /translate` and `GET /languages` the way LibreTranslate does (shapes and
error JSON as in LibreTranslate's `libretranslate/app.py`), with a deterministic fake
translation: a few known sentences from a small dictionary, anything else as
"[<target>] <text>", so a test (or a person trying the console) sees at once that a text
went through the engine and into which language. `mode` switches it to failing the way a
real server fails: "slow" (answers after `slow_seconds`), "500", "400", "429", "bad_json";
with `api_key` set it refuses other keys with 403 like a server with `--api-keys`.
`stop()` makes it unreachable (connection refused) and `start()` brings it back on the
same port. The console's tests and browser tests use it; no model is ever downloaded.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")
NAMES = {
    "de": "German",
    "en": "English",
    "ar": "Arabic",
    "fa": "Persian",
    "uk": "Ukrainian",
    "ru": "Russian",
    "tr": "Turkish",
}
# (source, target) → {text: translation}; the rest is "[<target>] <text>".
DICTIONARY: dict[tuple[str, str], dict[str, str]] = {
    ("de", "ar"): {"Guten Tag, ich helfe Ihnen gern.": "مرحبًا، يسعدني مساعدتك."},
    ("ar", "de"): {"أحتاج موعدًا لتمديد إقامتي": "Ich brauche einen Termin für meine Verlängerung"},
    ("de", "uk"): {"Guten Tag, ich helfe Ihnen gern.": "Добрий день, я охоче вам допоможу."},
}
ARABIC = re.compile(r"[\u0600-\u06FF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def fake_translation(text: str, source: str, target: str) -> str:
    return DICTIONARY.get((source, target), {}).get(text, f"[{target}] {text}")


def detect(text: str) -> str:
    if ARABIC.search(text):
        return "ar"
    return "uk" if CYRILLIC.search(text) else "de"


@dataclass
class LibreTranslateDouble:
    mode: str = "ok"  # ok | slow | 500 | 400 | 429 | bad_json
    api_key: str | None = None
    slow_seconds: float = 10.0
    # Source → targets the server has (default: all our seven, both ways, as with pivoting).
    pairs: dict[str, list[str]] = field(
        default_factory=lambda: {s: [t for t in LANGUAGES if t != s] for s in LANGUAGES}
    )
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def translated(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r.get("path") == "/translate"]

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/translate", self.translate)
        app.router.add_get("/languages", self.languages)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await site.start()
        if not self.port:
            self.port = self._runner.addresses[0][1]
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def languages(self, request: web.Request) -> web.Response:
        self.requests.append({"path": "/languages"})
        if (failed := await self._failure()) is not None:
            return failed
        return web.json_response(
            [{"code": c, "name": NAMES.get(c, c), "targets": t} for c, t in self.pairs.items()]
        )

    async def translate(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "Invalid JSON format")
        self.requests.append({"path": "/translate", **body})
        if self.api_key is not None and body.get("api_key") != self.api_key:
            return _error(403, "Invalid API key")
        if (failed := await self._failure()) is not None:
            return failed
        q, source, target = body.get("q"), body.get("source"), body.get("target")
        for name, value in (("q", q), ("source", source), ("target", target)):
            if not value:
                return _error(400, f"Invalid request: missing {name} parameter")
        if body.get("format", "text") not in ("text", "html"):
            return _error(400, f"{body['format']} format is not supported")
        answer: dict[str, Any] = {}
        if source == "auto":
            source = detect(str(q))
            answer["detectedLanguage"] = {"confidence": 90.0, "language": source}
        if source not in self.pairs:
            return _error(400, f"{source} is not supported")
        if target not in self.pairs[source]:
            return _error(400, f"{target} is not available as a target language from {source}")
        answer["translatedText"] = fake_translation(str(q), str(source), str(target))
        return web.json_response(answer)

    async def _failure(self) -> web.Response | None:
        if self.mode == "slow":
            await asyncio.sleep(self.slow_seconds)
        elif self.mode == "500":
            return _error(500, "Cannot translate text: model failed")
        elif self.mode == "400":
            return _error(400, "Invalid request: request (9000) exceeds text limit (5000)")
        elif self.mode == "429":
            return _error(429, "Slowdown: 30 per 1 minute")
        elif self.mode == "bad_json":
            return web.Response(text="<html>gateway</html>", content_type="text/html")
        return None


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
