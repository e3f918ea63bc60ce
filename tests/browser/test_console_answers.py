"""A German clerk finds one of the assistant's answers and sends it to an Arabic conversation,
in headless Chromium with the keyboard alone: the search box on the conversation page, the
results in German with a "Senden" button each, the person receives the answer in Arabic and
the transcript shows the German text. axe-core on the conversation and the results page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.booking.store import Who
from bot.texts import Context, render
from bot.web.app_keys import HANDOFF_STORE, STAFF_ACCOUNTS
from bot.web.web_ids import new_conversation_id
from tests.browser.conftest import ARTIFACTS, LiveServer
from tests.browser.test_console_transcript import PASSWORD, log_in

ARABIC = re.compile("[\u0600-\u06ff]")


def no_axe_violations(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]
    assert found == [], "\n".join(found)


def tab_to(page: Any, check: str, limit: int = 80) -> None:
    """Press Tab until `check` (a JS expression on document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {check})(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached {check}")


def test_a_german_clerk_searches_and_sends_an_answer_in_arabic_by_keyboard(
    page: Any, server: LiveServer
) -> None:
    server.app[STAFF_ACCOUNTS].create(
        "answers-fo", PASSWORD, display_name="Frau Ortmann", services=["foreigners_office"]
    )
    amal = Who(new_conversation_id(), "web", "ar")
    handoff, _ = server.app[HANDOFF_STORE].request(
        amal, "foreigners_office", topic="ask_work_permit", offline=False
    )
    log_in(page, server, "answers-fo")
    page.goto(f"{server.url}/staff/conversations/{handoff.id}")
    page.get_by_role("button", name="Übernehmen").click()
    page.wait_for_selector("#answer-q")
    no_axe_violations(page)

    # Keyboard only: Tab to the search box, type, Enter; Tab to "Senden" of the Duldung
    # answer (also the work permit answer for someone with a Duldung, listed once), Enter.
    tab_to(page, "el.id === 'answer-q'")
    page.keyboard.type("Duldung")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Antworten des Assistenten')")
    results = page.inner_text("main")
    assert "Arbeitserlaubnis – mit Duldung" not in results  # the same text, not listed again
    assert "Duldung\n" in results  # under its own title
    assert "Eine Duldung" in results  # the German text the clerk is about to send
    assert "Arabisch" in results  # and in which language the person receives it
    no_axe_violations(page)
    Path(ARTIFACTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-answers-search.png"), full_page=True)

    tab_to(
        page,
        "el.tagName === 'BUTTON' && el.getAttribute('aria-describedby') && "
        "document.getElementById(el.getAttribute('aria-describedby')).textContent.trim()"
        " === 'Duldung'",
    )
    assert page.evaluate("document.activeElement.textContent.trim()") == "Senden"
    page.keyboard.press("Enter")
    page.wait_for_selector("#transcript .msg.staff")

    staff_line = page.inner_text("#transcript .msg.staff")
    assert "Deutsch: Eine Duldung" in staff_line  # the clerk reads what was sent, in German
    arabic = render("utter_duldung", Context("ar"))
    notices = httpx.get(f"{server.url}/api/v1/conversations/{amal.conversation_id}/notices").json()[
        "messages"
    ]
    received = [m["text"] for m in notices if m.get("sender") == "staff"]
    assert received == [arabic.text] and ARABIC.search(received[0])
    page.screenshot(path=str(ARTIFACTS / "console-answers-sent.png"), full_page=True)
