"""The website widget in a real browser: language and direction, chatting, keyboard only,
accessibility (axe-core), a narrow phone screen, and HTML shown as text."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, LiveServer

WINDOW = ".kommmit-widget .window"


def open_demo(page: Any, server: LiveServer, path: str = "/") -> None:
    page.goto(server.url + path)
    page.wait_for_selector(".kommmit-widget .launcher")


def bot_messages(page: Any) -> list[str]:
    return [t for t in page.locator(".kommmit-widget .msg--bot .msg__text").all_inner_texts()]


def test_picking_arabic_turns_the_whole_window_right_to_left(page: Any, server: LiveServer) -> None:
    open_demo(page, server)
    page.wait_for_selector(WINDOW + ":not([hidden])")
    page.locator(".kommmit-widget .lang-select").select_option("ar")
    page.wait_for_function(
        "() => document.querySelector('.kommmit-widget').shadowRoot"
        ".querySelector('.window').dir === 'rtl'"
    )
    # the Arabic labels arrive with the direction or just after it: wait for them
    page.wait_for_function(
        "() => document.querySelector('.kommmit-widget').shadowRoot"
        ".querySelector('.send').textContent.trim() !== 'Senden'"
    )
    assert page.locator(".kommmit-widget .send").inner_text() != "Senden"  # Arabic label
    assert page.locator(".kommmit-widget .window").get_attribute("lang") == "ar"


def test_a_message_gets_an_answer_and_a_quick_reply_is_sent(page: Any, server: LiveServer) -> None:
    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")  # the greeting
    page.locator(".kommmit-widget .input").fill("Ich brauche einen Termin")
    page.locator(".kommmit-widget .input").press("Enter")
    page.wait_for_function(
        "() => [...document.querySelector('.kommmit-widget').shadowRoot"
        ".querySelectorAll('.msg--bot .msg__text')].some(e => e.textContent.includes('Termin'))"
    )
    page.locator(".kommmit-widget .msg--bot button", has_text="Ja").last.click()
    page.wait_for_function(
        "() => [...document.querySelector('.kommmit-widget').shadowRoot"
        ".querySelectorAll('.msg--bot .msg__text')].some(e => e.textContent.includes('/affirm'))"
    )
    assert server.rasa.received[-1]["message"] == "/affirm"
    assert page.locator(".kommmit-widget .msg time").count() >= 3  # timestamps


def test_keyboard_only_open_chat_and_close(page: Any, server: LiveServer) -> None:
    open_demo(page, server, "/demo/district")
    focused = "() => document.querySelector('.kommmit-widget').shadowRoot.activeElement?.className"
    for _ in range(20):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if page.evaluate(focused) == "launcher":
            break
    assert page.evaluate(focused) == "launcher"
    page.keyboard.press("Enter")
    page.wait_for_selector(WINDOW + ":not([hidden])")
    assert page.evaluate(focused) == "input"
    page.keyboard.type("hallo")
    page.keyboard.press("Enter")
    page.wait_for_selector(".kommmit-widget .msg--me")
    page.wait_for_function(
        "() => document.querySelector('.kommmit-widget').shadowRoot"
        ".querySelectorAll('.msg--bot').length >= 2"
    )
    label = "() => document.querySelector('.kommmit-widget').shadowRoot.activeElement?.textContent"
    for _ in range(30):  # focus stays inside the open dialog; a quick reply is reachable
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => { const r = document.querySelector('.kommmit-widget').shadowRoot;"
            " return r.querySelector('.window').contains(r.activeElement); }"
        )
        assert inside
        if page.evaluate(label) == "Ja":
            break
    assert page.evaluate(label) == "Ja"
    page.keyboard.press("Enter")
    page.wait_for_selector(".kommmit-widget .msg--me:has-text('Ja')")
    page.keyboard.press("Escape")
    page.wait_for_selector(WINDOW + "[hidden]", state="attached")
    assert page.evaluate(focused) == "launcher"
    assert page.locator(".kommmit-widget .launcher").get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("path", ["/", "/demo/district"])
def test_axe_finds_no_accessibility_violations(page: Any, server: LiveServer, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_demo(page, server, path)
    if path != "/":
        page.locator(".kommmit-widget .launcher").click()
    page.wait_for_selector(".kommmit-widget .msg--bot")
    results = Axe().run(page)
    found = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]
    assert found == [], "\n".join(found)


def test_narrow_phone_screen_screenshot(browser: Any, server: LiveServer) -> None:
    context = browser.new_context(locale="ar", viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server.url + "/?lang=ar")
    page.wait_for_selector(".kommmit-widget .msg--bot")
    box = page.locator(WINDOW).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320  # no sideways scrolling
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-320-ar.png"))
    context.close()


def test_injected_html_is_shown_as_text(page: Any, server: LiveServer) -> None:
    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")
    attack = '<img src=x onerror="window.__pwned=1">'
    page.locator(".kommmit-widget .input").fill(attack)
    page.locator(".kommmit-widget .input").press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.kommmit-widget').shadowRoot"
        ".querySelectorAll('.msg--bot').length >= 2"
    )
    assert any(attack in text for text in bot_messages(page))
    assert page.locator(".kommmit-widget img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_usable_at_200_percent_zoom(browser: Any, server: LiveServer) -> None:
    """200 % zoom of a 1280 × 800 screen leaves 640 × 400 CSS pixels."""
    context = browser.new_context(locale="ru", viewport={"width": 640, "height": 400})
    page = context.new_page()
    page.goto(server.url + "/?lang=ru")
    page.wait_for_selector(".kommmit-widget .msg--bot")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    for part in (".input", ".send", ".close"):
        box = page.locator(f".kommmit-widget {part}").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 400, part
    context.close()


def test_a_pushed_message_arrives_without_asking(page: Any, server: LiveServer) -> None:
    from bot.booking.store import Who
    from tests.booking.conftest import fill

    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")
    conversation = page.evaluate("sessionStorage.getItem('kommmit.conversation')")
    assert conversation and page.evaluate("localStorage.getItem('kommmit.conversation')") is None
    booked = fill(server.store, "integration_commissioner", "discrimination")
    server.store.join_waitlist(
        Who(conversation, "web", "de"), "integration_commissioner", "discrimination"
    )
    server.store.cancel(booked[0].conversation_id, booked[0].reference)
    page.wait_for_selector(
        ".kommmit-widget .msg--bot button:has-text('Jetzt buchen')", timeout=15000
    )
    deadline = time.monotonic() + 10  # the widget confirms what it showed
    while server.store.pending_notices(conversation) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.store.pending_notices(conversation) == []


def test_the_widget_gets_its_conversation_id_from_the_server(page: Any, server: LiveServer) -> None:
    from bot.web.web_ids import is_web_conversation

    created: list[str] = []
    page.on(
        "request",
        lambda r: (
            created.append(r.url)
            if r.method == "POST" and r.url.endswith("/api/v1/conversations")
            else None
        ),
    )
    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")  # the greeting
    conversation = page.evaluate("sessionStorage.getItem('kommmit.conversation')")
    assert is_web_conversation(conversation)
    assert len(created) == 1  # the greeting and the event stream share one new id
    assert server.rasa.received[-1]["sender"] == conversation
    page.reload()  # the tab keeps its conversation
    page.wait_for_selector(".kommmit-widget .msg--bot")
    assert page.evaluate("sessionStorage.getItem('kommmit.conversation')") == conversation
    assert len(created) == 1


@pytest.mark.parametrize("stored", ["w-0123456789abcdef0123456789abcdef", "forged"])
def test_an_id_the_server_does_not_know_is_replaced_and_the_chat_goes_on(
    page: Any, server: LiveServer, stored: str
) -> None:
    from bot.web.web_ids import is_web_conversation
    from tests.test_web_ids import forged

    old = forged() if stored == "forged" else stored  # forged: shaped like an issued id
    page.add_init_script(f"sessionStorage.setItem('kommmit.conversation', '{old}')")
    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")  # the greeting got through
    page.locator(".kommmit-widget .input").fill("Hallo nochmal")
    page.locator(".kommmit-widget .input").press("Enter")
    page.wait_for_selector(".kommmit-widget .msg--bot >> text=Antwort: Hallo nochmal")
    now = page.evaluate("sessionStorage.getItem('kommmit.conversation')")
    assert now != old and is_web_conversation(now)
    assert server.rasa.received[-1]["sender"] == now
    assert page.locator(".kommmit-widget .status").inner_text() == ""


def test_the_window_says_when_the_assistant_cannot_be_reached(
    page: Any, server: LiveServer
) -> None:
    page.route(re.compile(r"/events(\?|$)"), lambda route: route.abort())
    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")
    page.wait_for_function(
        "() => document.querySelector('.kommmit-widget').shadowRoot"
        ".querySelector('.status').textContent.length > 0"
    )


def test_delete_this_conversation_asks_the_assistant(page: Any, server: LiveServer) -> None:
    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")
    page.locator(".kommmit-widget .forget").click()
    page.wait_for_function(
        "() => [...document.querySelector('.kommmit-widget').shadowRoot"
        ".querySelectorAll('.msg--bot .msg__text')]"
        ".some(e => e.textContent.includes('/delete_my_data'))"
    )
    assert server.rasa.received[-1]["message"] == "/delete_my_data"


def test_while_staff_have_the_chat_a_bar_shows_it_and_staff_replies_are_labelled(
    page: Any, server: LiveServer
) -> None:
    from bot.booking.store import Who
    from bot.web.app_keys import HANDOFF_STORE, STAFF_ACCOUNTS

    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")
    conversation = page.evaluate("sessionStorage.getItem('kommmit.conversation')")
    handoffs = server.app[HANDOFF_STORE]
    handoff, _ = handoffs.request(
        Who(conversation, "web", "de"), "migration_centre", topic=None, offline=False
    )
    page.locator(".kommmit-widget .input").fill("Ist jemand da?")
    page.locator(".kommmit-widget .input").press("Enter")
    bar = page.locator(".kommmit-widget .handoff")
    bar.wait_for(state="visible")
    assert "Mitarbeitende" in bar.inner_text()
    staff = server.app[STAFF_ACCOUNTS].create(
        "widget-mc", "a long password!", services=["migration_centre"]
    )
    handoffs.claim(handoff.id, staff.id)
    handoffs.reply(handoff.id, staff.id, "Guten Tag, ich helfe Ihnen.")
    reply = page.locator(".kommmit-widget .msg--staff", has_text="Guten Tag, ich helfe Ihnen.")
    reply.wait_for(timeout=15000)
    assert "Migrationszentrum" in reply.locator(".msg__from").inner_text()
    assert "antwortet Ihnen" in bar.inner_text()  # the bar follows: a person is answering
    page.locator(".kommmit-widget .handoff-leave").click()
    bar.wait_for(state="hidden")
    assert handoffs.get(handoff.id).closed_by == "user"


def test_after_deleting_the_data_the_widget_forgets_the_conversation(
    page: Any, server: LiveServer
) -> None:
    open_demo(page, server)
    page.wait_for_selector(".kommmit-widget .msg--bot")
    before = page.evaluate("sessionStorage.getItem('kommmit.conversation')")
    server.rasa.answers = [
        [
            {
                "text": "Wird gelöscht …",
                "custom": {"komm_mit": {"signal": "forget"}},  # bot/signals.py
                "language": "de",
                "direction": "ltr",
            }
        ]
    ]
    page.locator(".kommmit-widget .input").fill("ja")
    page.locator(".kommmit-widget .input").press("Enter")
    page.wait_for_selector(".kommmit-widget .msg--bot >> text=Erledigt")
    assert server.rasa.forgotten[-1] == before
    assert page.evaluate("sessionStorage.getItem('kommmit.conversation')") != before
    page.locator(".kommmit-widget .input").fill("Hallo")
    page.locator(".kommmit-widget .input").press("Enter")
    page.wait_for_selector(".kommmit-widget .msg--bot >> text=Antwort: Hallo")
    after = page.evaluate("sessionStorage.getItem('kommmit.conversation')")
    assert after and after != before  # a new conversation
