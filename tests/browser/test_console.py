"""The staff console in headless Chromium: log in, take over, reply; live updates; axe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.booking.store import Who
from bot.handoff.store import Handoff, HandoffStore
from bot.web.app_keys import HANDOFF_STORE, STAFF_ACCOUNTS
from bot.web.web_ids import new_conversation_id
from tests.browser.conftest import LiveServer

PASSWORD = "browser test password"


@pytest.fixture(scope="module")
def staff_account(server: LiveServer) -> str:
    server.app[STAFF_ACCOUNTS].create(
        "browser-fo", PASSWORD, display_name="Herr Brandt", services=["foreigners_office"]
    )
    return "browser-fo"


@pytest.fixture
def handoff(server: LiveServer) -> Iterator[Handoff]:
    store: HandoffStore = server.app[HANDOFF_STORE]
    who = Who(new_conversation_id(), "web", "fa")
    made, _ = store.request(who, "foreigners_office", topic="ask_work_permit", offline=False)
    store.add_user_message(made.id, "سلام، سؤالی درباره اجازه کار دارم", "fa")
    yield made


def log_in(page: Any, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/staff")
    assert "/staff/login" in page.url  # sent to the login first
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_selector("h1:has-text('Warteschlangen')")


def test_log_in_take_over_and_reply(
    page: Any, server: LiveServer, staff_account: str, handoff: Handoff
) -> None:
    log_in(page, server, staff_account)
    row = page.locator("tr", has_text="Persisch (فارسی)").first
    assert "Arbeitserlaubnis" in row.inner_text()
    row.get_by_role("button", name="Übernehmen").click()
    page.wait_for_url(f"**/staff/conversations/{handoff.id}")
    assert "Herr Brandt hat das Gespräch übernommen." in page.inner_text("#transcript")
    page.get_by_label("Ihre Antwort (wird genau so gesendet, wie Sie sie schreiben)").fill(
        "Guten Tag, ich schaue mir das an."
    )
    page.get_by_role("button", name="Senden", exact=True).click()
    page.wait_for_selector("#transcript .msg.staff")
    assert "Guten Tag, ich schaue mir das an." in page.inner_text("#transcript .msg.staff")
    page.get_by_label("Textbaustein (die Person erhält ihn in ihrer Sprache)").select_option(
        "looking"
    )
    page.get_by_role("button", name="Textbaustein senden").click()
    page.locator("#transcript .msg.staff").nth(1).wait_for()
    german = page.locator("#transcript .msg.staff .original").last.inner_text()
    assert "Danke für Ihre Geduld" in german  # staff read German; the person got Farsi
    notices = httpx.get(
        f"{server.url}/api/v1/conversations/{handoff.conversation_id}/notices"
    ).json()["messages"]
    staff_lines = [m["text"] for m in notices if m.get("sender") == "staff"]
    assert staff_lines[0] == "Guten Tag, ich schaue mir das an."
    assert any("\u0600" <= ch <= "\u06ff" for ch in staff_lines[1])


def test_a_new_message_appears_live_with_an_unread_count(
    page: Any, server: LiveServer, staff_account: str, handoff: Handoff
) -> None:
    log_in(page, server, staff_account)
    page.goto(f"{server.url}/staff/conversations/{handoff.id}")
    page.get_by_role("button", name="Übernehmen").click()
    # The claim posts and comes back to the same address (the open page's live status may
    # reload it as well): wait until the claimed page, with its reply box, has loaded.
    page.wait_for_selector("#reply-text")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    page.goto(f"{server.url}/staff")
    page.wait_for_timeout(600)  # the event stream is open
    resp = httpx.post(
        f"{server.url}/api/v1/conversations/{handoff.conversation_id}/messages",
        json={"text": "هنوز آنجایید؟", "language": "fa"},
    )
    assert resp.json()["messages"] == []  # the bot stays silent
    page.wait_for_selector("#unread:not([hidden])", timeout=10_000)
    assert int(page.locator("#unread").inner_text()) >= 1
    assert page.title().startswith("(")
    page.goto(f"{server.url}/staff/conversations/{handoff.id}")
    page.wait_for_timeout(600)
    httpx.post(
        f"{server.url}/api/v1/conversations/{handoff.conversation_id}/messages",
        json={"text": "ممنون", "language": "fa"},
    )
    page.wait_for_selector("#transcript .msg.user >> text=ممنون", timeout=10_000)


@pytest.mark.parametrize("where", ["queue", "conversation", "login"])
def test_axe_finds_no_accessibility_violations_in_the_console(
    browser: Any, server: LiveServer, staff_account: str, handoff: Handoff, where: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    # A tablet held upright: the console must work there too.
    context = browser.new_context(locale="de-DE", viewport={"width": 768, "height": 1024})
    page = context.new_page()
    try:
        if where == "login":
            page.goto(f"{server.url}/staff/login")
        else:
            log_in(page, server, staff_account)
            if where == "conversation":
                page.goto(f"{server.url}/staff/conversations/{handoff.id}")
        results = Axe().run(page)
        found = [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
        ]
        assert found == [], "\n".join(found)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, "the console scrolls sideways on a tablet"
    finally:
        context.close()


def test_keyboard_only_login(page: Any, server: LiveServer, staff_account: str) -> None:
    page.goto(f"{server.url}/staff/login")
    for _ in range(10):  # the name field has the focus at once (autofocus), else Tab gets there
        if page.locator("#username:focus").count():
            break
        page.keyboard.press("Tab")
    assert page.locator("#username:focus").count() == 1
    page.keyboard.type(staff_account)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Warteschlangen')")
