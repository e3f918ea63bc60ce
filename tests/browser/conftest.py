"""The widget in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

`bot/` runs for real in a background thread, with a fake Rasa that echoes, so these
tests need no trained model. On CI a missing Chromium is a failure (.ci/run installs it).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.app import create_app
from bot.appointments_api import STORE_KEY
from bot.config import Settings
from tests.booking.conftest import make_store
from tests.fakes import FakeRasa
from tests.test_stack import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def reply(body: dict[str, Any]) -> list[dict[str, Any]]:
    lang = (body.get("metadata") or {}).get("language_hint") or "de"
    text = str(body.get("message"))
    if text.startswith("/change_language"):
        lang = text.split('"language":"')[-1][:2]
    return [
        {
            "text": f"Antwort: {text}",
            "buttons": [{"title": "Ja", "payload": "/affirm"}],
            "language": lang,
        }
    ]


class LiveServer:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.port = free_port()
        self.rasa = FakeRasa(default=reply)
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        rasa_app = web.Application()
        rasa_app.router.add_post("/webhooks/kommmit/webhook", self.rasa.webhook)
        rasa_app.router.add_get("/webhooks/kommmit/ready", self.rasa.ready)
        rasa_runner = web.AppRunner(rasa_app)
        self.loop.run_until_complete(rasa_runner.setup())
        rasa_port = free_port()
        self.loop.run_until_complete(web.TCPSite(rasa_runner, "127.0.0.1", rasa_port).start())
        rasa_url = f"http://127.0.0.1:{rasa_port}"
        app = create_app(Settings(rasa_url=rasa_url, actions_url=rasa_url), telegram=None)
        self.store = make_store(f"sqlite:///{self.tmp / 'browser.db'}")
        app[STORE_KEY] = self.store
        runner = web.AppRunner(app)
        self.loop.run_until_complete(runner.setup())
        self.loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        self.ready.set()
        self.loop.run_forever()

    def start(self) -> None:
        self.thread.start()
        assert self.ready.wait(30), "bot/ did not start"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("browser"))
    live.start()
    yield live
    live.loop.call_soon_threadsafe(live.loop.stop)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing; .ci/run installs Debian's chromium")
        pytest.skip("no Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1024, "height": 768})
    opened = context.new_page()
    yield opened
    context.close()
