"""A German-speaking clerk reads an Arabic and a Ukrainian conversation in headless Chromium:
the assistant's answers in German, what was understood of each message, and (with a fake
translator) the person's messages machine-translated, the original one keypress away."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.handoff.store import Handoff
from bot.translate import Translation
from bot.web.app_keys import HANDOFF_STORE, STAFF_ACCOUNTS
from tests.browser.conftest import ARTIFACTS, LiveServer
from tests.staff.test_transcript import (
    QUESTION_AR,
    QUESTION_UK,
    arabic_conversation,
    bot_event,
    user_event,
)

PASSWORD = "transcript browser password"
GERMAN = {
    QUESTION_AR: "Ich möchte meine Aufenthaltserlaubnis verlängern",
    "شغل": "Arbeit",
    QUESTION_UK: "Wie verlängere ich meinen Aufenthaltstitel?",
    "Ви ще тут?": "Sind Sie noch da?",
}


class FakeTranslator:
    """A translation engine double: knows a few sentences, says so for the rest."""

    @property
    def enabled(self) -> bool:
        return True

    async def translate(self, text: str, *, source: str | None, target: str) -> Translation:
        return Translation(GERMAN.get(text, f"(übersetzt) {text}"), source or "ar", target)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    @asynccontextmanager
    async def opened(_settings: Any) -> AsyncIterator[FakeTranslator]:
        yield FakeTranslator()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("bot.web.app.open_translator", opened)
        live = LiveServer(tmp_path_factory.mktemp("transcript"))
        yield live
        live.background.stop()


class Store:
    """What the staff unit tests' helpers need of a console: the handoff store."""

    def __init__(self, server: LiveServer) -> None:
        self.handoffs = server.app[HANDOFF_STORE]


@pytest.fixture(scope="module")
def clerk(server: LiveServer) -> str:
    server.app[STAFF_ACCOUNTS].create(
        "transcript-fo", PASSWORD, display_name="Frau Ortmann", services=["foreigners_office"]
    )
    return "transcript-fo"


@pytest.fixture(scope="module")
def arabic(server: LiveServer) -> Handoff:
    return arabic_conversation(Store(server))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def ukrainian(server: LiveServer) -> Handoff:
    from actions.handoff import conversation_so_far
    from bot.booking.store import Who
    from bot.web.web_ids import new_conversation_id

    events = [
        user_event(
            QUESTION_UK, [("ask_residence_permit", 0.88), ("ask_temporary_protection", 0.1)]
        ),
        {"event": "slot", "name": "service", "value": "foreigners_office"},
        bot_event("utter_residence_permit", "uk"),
    ]
    made, _ = server.app[HANDOFF_STORE].request(
        Who(new_conversation_id(), "web", "uk"),
        "foreigners_office",
        topic="ask_residence_permit",
        offline=False,
        history=conversation_so_far(events, "uk"),
    )
    return made


def log_in(page: Any, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/staff/login")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_selector("h1:has-text('Warteschlangen')")


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(ARTIFACTS) / name), full_page=True)


def test_an_arabic_conversation_is_readable_in_german(
    page: Any, server: LiveServer, clerk: str, arabic: Handoff
) -> None:
    log_in(page, server, clerk)
    page.goto(f"{server.url}/staff/conversations/{arabic.id}")
    question = page.locator("#transcript .msg.user").first
    assert "Maschinenübersetzung: Ich möchte meine Aufenthaltserlaubnis verlängern" in (
        question.inner_text()
    )
    assert "Verstanden: Frage: Aufenthaltserlaubnis – sicher; außerdem: Arbeitserlaubnis" in (
        question.inner_text()
    )
    assert "Dienststelle: Ausländerbehörde" in question.inner_text()
    original = question.locator("details.source p")
    assert not original.is_visible()  # one click away
    assert original.get_attribute("lang") == "ar" and original.get_attribute("dir") == "rtl"
    answer = page.locator("#transcript .msg.bot").first
    assert "Deutsch: Aufenthaltserlaubnisse stellt die Ausländerbehörde aus" in answer.inner_text()
    assert answer.locator("p.text").get_attribute("dir") == "rtl"
    unsure = page.locator("#transcript .msg.user").nth(1).inner_text()
    assert "unsicher: Arbeitserlaubnis oder Aufenthaltserlaubnis" in unsure
    question.locator("summary").click()
    assert original.is_visible() and QUESTION_AR in original.inner_text()
    shot(page, "console-transcript-arabic.png")


def test_a_ukrainian_conversation_and_a_new_message_live(
    page: Any, server: LiveServer, clerk: str, ukrainian: Handoff
) -> None:
    log_in(page, server, clerk)
    page.goto(f"{server.url}/staff/conversations/{ukrainian.id}")
    text = page.inner_text("#transcript")
    assert "Maschinenübersetzung: Wie verlängere ich meinen Aufenthaltstitel?" in text
    assert "Verstanden: Frage: Aufenthaltserlaubnis – sicher" in text
    assert "Deutsch: Aufenthaltserlaubnisse stellt die Ausländerbehörde aus" in text
    page.wait_for_timeout(600)  # the event stream is open
    httpx.post(
        f"{server.url}/api/v1/conversations/{ukrainian.conversation_id}/messages",
        json={"text": "Ви ще тут?", "language": "uk"},
    )
    live = page.locator("#transcript .msg.user", has_text="Sind Sie noch da?")
    live.wait_for(timeout=10_000)
    assert "Maschinenübersetzung" in live.inner_text()
    assert live.locator("details.source p").get_attribute("lang") == "uk"
    shot(page, "console-transcript-ukrainian.png")


def test_axe_and_the_keyboard_on_a_translated_transcript(
    browser: Any, server: LiveServer, clerk: str, arabic: Handoff
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(locale="de-DE", viewport={"width": 768, "height": 1024})
    page = context.new_page()
    try:
        log_in(page, server, clerk)
        page.goto(f"{server.url}/staff/conversations/{arabic.id}")
        results = Axe().run(page)
        found = [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
        ]
        assert found == [], "\n".join(found)
        # Keyboard only: Tab reaches the first "Original" toggle, Enter opens it.
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "SUMMARY":
                break
        else:
            pytest.fail("Tab never reached the original's toggle")
        page.keyboard.press("Enter")
        opened = page.locator("#transcript details.source[open] p").first
        assert QUESTION_AR in opened.inner_text()
        shot(page, "console-transcript-keyboard.png")
    finally:
        context.close()
