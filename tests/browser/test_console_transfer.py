"""Handing a conversation to another service ("An anderen Dienst übergeben") in headless
Chromium: a clerk of the foreigners' office does it with the keyboard alone; a clerk of the
migration centre, in a browser of their own, sees it arrive in their queue without
reloading and reads how it came. axe-core checks the form and both queues; screenshots go
to var/artifacts/console-transfer-*.png."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.handoff.store import Handoff
from bot.web.app_keys import STAFF_ACCOUNTS
from tests.browser import test_console_translation as translation
from tests.browser.conftest import LiveServer
from tests.browser.test_console_translation import axe_clean, tab_to, waiting

PASSWORD = "transfer browser password"
QUESTION_AR = "أريد أن أتعلم اللغة الألمانية وأبحث عن عمل"  # German classes and work
NOTE = "Übergeben von Ausländerbehörde an Migrationszentrum (MaßArbeit) durch Frau Ortmann."


@pytest.fixture(scope="module")
def clerks(server: LiveServer) -> tuple[str, str]:
    accounts = server.app[STAFF_ACCOUNTS]
    accounts.create(
        "transfer-fo", PASSWORD, display_name="Frau Ortmann", services=["foreigners_office"]
    )
    accounts.create(
        "transfer-mc", PASSWORD, display_name="Herr Meyer", services=["migration_centre"]
    )
    return "transfer-fo", "transfer-mc"


@pytest.fixture
def handoff(server: LiveServer) -> Handoff:
    """Someone writing Arabic waits for the foreigners' office, but needs the migration
    centre (German classes, work)."""
    ranking = [("ask_work_permit", 0.55), ("ask_language_course", 0.3)]
    return waiting(server, "ar", QUESTION_AR, ranking, topic="ask_work_permit")


def log_in(page: Any, server: LiveServer, username: str) -> None:
    translation.log_in(page, server, username, PASSWORD)


def shot(page: Any, name: str) -> None:
    translation.shot(page, name, "transfer")


def test_a_clerk_hands_over_with_the_keyboard_and_the_other_service_sees_it(
    browser: Any, server: LiveServer, clerks: tuple[str, str], handoff: Handoff
) -> None:
    fo_name, mc_name = clerks
    fo_context = browser.new_context(locale="de-DE", viewport={"width": 1024, "height": 768})
    mc_context = browser.new_context(locale="de-DE", viewport={"width": 1024, "height": 768})
    try:
        mc = mc_context.new_page()
        log_in(mc, server, mc_name)
        assert mc.locator("tr", has_text="Arabisch").count() == 0
        axe_clean(mc)

        fo = fo_context.new_page()
        log_in(fo, server, fo_name)
        fo.goto(f"{server.url}/staff/conversations/{handoff.id}")
        fo.get_by_role("button", name="Übernehmen").click()
        fo.wait_for_selector("#reply-text")
        fo.wait_for_load_state("load")
        fo.wait_for_timeout(300)  # the page's live status may reload it once
        axe_clean(fo)

        # Keyboard only: Tab to the service, pick the migration centre, Tab, Enter.
        tab_to(fo, "#transfer-service", presses=80)
        options = fo.locator("#transfer-service option").evaluate_all(
            "(os) => os.map((o) => o.value)"
        )
        assert "foreigners_office" not in options  # not to itself
        fo.keyboard.press("Home")
        for _ in range(options.index("migration_centre")):
            fo.keyboard.press("ArrowDown")
        assert fo.locator("#transfer-service").input_value() == "migration_centre"
        shot(fo, "1-form")
        tab_to(fo, ".transfer button[type=submit]", presses=3)
        fo.keyboard.press("Enter")
        fo.wait_for_url(f"{server.url}/staff?handed_over={handoff.id}&to=migration_centre")
        assert fo.locator("tr", has_text="Arabisch").count() == 0  # gone from this queue
        confirmed = fo.get_by_role("status").filter(has_text=f"Gespräch #{handoff.id}")
        assert confirmed.inner_text() == (
            f"Gespräch #{handoff.id} wurde an das Migrationszentrum (MaßArbeit) übergeben."
        )
        shot(fo, "2-foreigners-office-queue-after")
        # The old address tells her why she cannot open it any more (a page, not JSON).
        refused = fo.goto(f"{server.url}/staff/conversations/{handoff.id}")
        assert refused is not None and refused.status == 403
        assert "gehört jetzt zu einem Dienst, für den Sie nicht eingetragen sind" in (
            fo.inner_text("h1")
        )
        assert fo.get_by_role("link", name="Zurück zu den Warteschlangen").is_visible()

        # The migration centre's open queue shows it without a reload.
        row = mc.locator("#queue-migration_centre ~ table tr", has_text="Arabisch")
        row.wait_for(timeout=10_000)
        assert "wartet" in row.inner_text()
        axe_clean(mc)
        shot(mc, "3-migration-centre-queue")
        row.get_by_role("link", name="Öffnen").click()
        mc.wait_for_selector("#transcript")
        assert NOTE in mc.inner_text("#transcript")
        assert QUESTION_AR in mc.inner_text("#transcript")  # the transcript came along
        assert mc.get_by_role("button", name="Übernehmen").is_visible()
        axe_clean(mc)
        shot(mc, "4-migration-centre-conversation")
    finally:
        fo_context.close()
        mc_context.close()

    # The person keeps the conversation and is told in Arabic that it moved.
    url = f"{server.url}/api/v1/conversations/{handoff.conversation_id}/notices"
    told = httpx.get(url).json()["messages"][-1]
    assert told["direction"] == "rtl" and told["handoff"] == "waiting"
