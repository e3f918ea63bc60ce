"""The widget in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

`bot/` runs for real in a background thread, with a fake Rasa that echoes, so these
tests need no trained model. On CI a missing Chromium is a failure (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.settings import Settings
from bot.web.app import create_app
from bot.web.app_keys import BOOKING_STORE, STAFF_POLL_SECONDS
from tests.booking.conftest import make_store
from tests.fakes import BackgroundLoop, FakeRasa

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HERE = Path(__file__).resolve().parent
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
    """`bot/` with a fake Rasa, served from a background loop for the browser."""

    def __init__(self, tmp: Path) -> None:
        self.background = BackgroundLoop()
        self.rasa = FakeRasa(default=reply)
        rasa_app = web.Application()
        rasa_app.router.add_post("/webhooks/kommmit/webhook", self.rasa.webhook)
        rasa_app.router.add_get("/webhooks/kommmit/ready", self.rasa.ready)
        rasa_app.router.add_post("/webhooks/kommmit/events", self.rasa.append_events)
        rasa_app.router.add_post("/webhooks/kommmit/forget", self.rasa.forget)
        rasa_app.router.add_post("/webhooks/kommmit/expire", self.rasa.expire)
        rasa_url = self.background.serve(rasa_app)
        self.db_url = f"sqlite:///{tmp / 'browser.db'}"
        self.store = make_store(self.db_url)
        self.app = self._app(rasa_url)
        self.url = self.background.serve(self.app)

    def _app(self, rasa_url: str) -> web.Application:
        app = create_app(
            Settings(rasa_url=rasa_url, actions_url=rasa_url, database_url=self.db_url)
        )
        app[BOOKING_STORE] = self.store
        app[STAFF_POLL_SECONDS] = 0.2
        return app


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("browser"))
    yield live
    live.background.stop()


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives Chromium, so each is marked `browser`, also those
    written later: `make test-future` leaves them out (Chromium under faketime timed out
    at page load), `make test` runs them."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)
