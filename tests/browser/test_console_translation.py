"""Machine translation in the console, in headless Chromium, against the LibreTranslate double.

A clerk of the foreigners' office who reads only German (console in German) and two people
waiting, one writing Arabic and one Ukrainian. The console is started with
`KOMM_MIT_TRANSLATE_URL` pointing at the double (tests/translate/double.py), read the way
the server reads its environment (`Settings.from_env`). The clerk sees the person's
messages in German marked "Maschinenübersetzung", takes over with the keyboard alone and
answers in German; the person receives the answer in Arabic with the note in Arabic and the
German original below. Then the engine goes away: a new message of the person shows its
original with a note, a reply is not sent but kept in the form with "Unübersetzt senden",
and after that confirmation it reaches the person exactly as typed. axe-core checks every
state; every state is photographed into var/artifacts/console-translation-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from actions.handoff import conversation_so_far
from bot.booking.store import Who
from bot.handoff.store import Handoff
from bot.settings import Settings
from bot.web.app import create_app
from bot.web.app_keys import BOOKING_STORE, HANDOFF_STORE, STAFF_ACCOUNTS, STAFF_POLL_SECONDS
from bot.web.web_ids import new_conversation_id
from tests.browser.conftest import ARTIFACTS, LiveServer
from tests.fakes import BackgroundLoop
from tests.staff.test_transcript import QUESTION_UK, bot_event, user_event
from tests.translate import double as double_module
from tests.translate.double import LibreTranslateDouble

PASSWORD = "translation browser password"
CLERK = "translate-fo"
QUESTION_AR = "أحتاج موعدًا لتمديد إقامتي"  # the double knows it: German below
QUESTION_AR_DE = "Ich brauche einen Termin für meine Verlängerung"
QUESTION_UK_DE = "Wie verlängere ich meine Aufenthaltserlaubnis?"
GREETING = "Guten Tag, ich helfe Ihnen gern."
ARABIC_GREETING = "مرحبًا، يسعدني مساعدتك."
ARABIC_NOTE = "تُرجمت هذه الرسالة آليًا من الألمانية. الرسالة الأصلية أدناه."
STILL_THERE_AR = "هل ما زلت هناك؟"
UNTRANSLATED = "Bitte bringen Sie Ihren Pass mit."


class TranslatingServer(LiveServer):
    """`bot/` with the fake Rasa and, as its translation engine, the LibreTranslate double
    on a loop of its own (so a test can stop it), configured through the environment
    variables an operator sets."""

    def __init__(self, tmp: Path) -> None:
        self.engine_loop = BackgroundLoop()
        self.double = LibreTranslateDouble()
        self.engine_loop.run(self.double.start())
        super().__init__(tmp)

    def _app(self, rasa_url: str) -> web.Application:
        env = {"KOMM_MIT_TRANSLATE_URL": self.double.url, "KOMM_MIT_TRANSLATE_TIMEOUT": "2"}
        translate = Settings.from_env(env).translate
        assert translate is not None and translate.url == self.double.url
        app = create_app(
            Settings(
                rasa_url=rasa_url,
                actions_url=rasa_url,
                database_url=self.db_url,
                translate=translate,
            )
        )
        app[BOOKING_STORE] = self.store
        app[STAFF_POLL_SECONDS] = 0.2
        return app

    def stop_engine(self) -> None:
        self.engine_loop.run(self.double.stop())

    def close(self) -> None:
        self.stop_engine()
        self.engine_loop.stop()
        self.background.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TranslatingServer]:
    with pytest.MonkeyPatch.context() as patch:
        # The double says "[de] …" for what it does not know; teach it the Ukrainian question.
        patch.setitem(double_module.DICTIONARY, ("uk", "de"), {QUESTION_UK: QUESTION_UK_DE})
        live = TranslatingServer(tmp_path_factory.mktemp("translation"))
        yield live
        live.close()


@pytest.fixture(scope="module")
def clerk(server: TranslatingServer) -> str:
    server.app[STAFF_ACCOUNTS].create(
        CLERK, PASSWORD, display_name="Frau Ortmann", services=["foreigners_office"]
    )
    return CLERK


def waiting(
    server: LiveServer,
    lang: str,
    question: str,
    ranking: list[tuple[str, float]],
    topic: str = "ask_residence_permit",
) -> Handoff:
    """Someone writing `lang` asked `question`, got the assistant's answer on residence
    permits and waits for the foreigners' office (the history as the action records it)."""
    events = [
        user_event(question, ranking),
        {"event": "slot", "name": "service", "value": "foreigners_office"},
        bot_event("utter_residence_permit", lang),
    ]
    made, _ = server.app[HANDOFF_STORE].request(
        Who(new_conversation_id(), "web", lang),
        "foreigners_office",
        topic=topic,
        offline=False,
        history=conversation_so_far(events, lang),
    )
    return made


def arabic(server: LiveServer) -> Handoff:
    return waiting(server, "ar", QUESTION_AR, [("ask_residence_permit", 0.9)])


def ukrainian(server: LiveServer) -> Handoff:
    ranking = [("ask_residence_permit", 0.88), ("ask_temporary_protection", 0.1)]
    return waiting(server, "uk", QUESTION_UK, ranking)


def log_in(page: Any, server: LiveServer, username: str = CLERK, password: str = PASSWORD) -> None:
    page.goto(f"{server.url}/staff/login")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_selector("h1:has-text('Warteschlangen')")


def shot(page: Any, name: str, subject: str = "translation") -> None:
    """A full-page screenshot into var/artifacts/console-<subject>-<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"console-{subject}-{name}.png"), full_page=True)


def axe_clean(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]
    assert found == [], "\n".join(found)


def tab_to(page: Any, selector: str, presses: int = 60) -> None:
    """Tab (keyboard only) until the element `selector` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def from_staff(server: LiveServer, handoff: Handoff) -> list[str]:
    """What staff sent that the person's chat shows (the widget's notices, confirmed)."""
    url = f"{server.url}/api/v1/conversations/{handoff.conversation_id}/notices"
    messages = httpx.get(url).json()["messages"]
    if messages:
        httpx.post(f"{url}/ack", json={"up_to": messages[-1]["id"]})
    return [m["text"] for m in messages if m.get("sender") == "staff"]


def shows_the_newest_line(page: Any) -> bool:
    """The transcript box (it scrolls on its own) is scrolled to its last line."""
    return bool(
        page.evaluate(
            "() => { const b = document.getElementById('transcript');"
            " return b.scrollTop + b.clientHeight >= b.scrollHeight - 2; }"
        )
    )


def taken_over_by_keyboard(page: Any, server: TranslatingServer) -> Handoff:
    """A new Arabic conversation, opened by the clerk and taken over with Tab and Enter."""
    handoff = arabic(server)
    log_in(page, server)
    page.goto(f"{server.url}/staff/conversations/{handoff.id}")
    tab_to(page, "form[action$='/claim'] button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#reply-text")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # the page's live status may reload it once
    return handoff


def reply_by_keyboard(page: Any, text: str) -> None:
    tab_to(page, "#reply-text")
    page.keyboard.type(text)
    tab_to(page, "#reply-form button.primary", presses=3)
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")


# --- with the engine --------------------------------------------------------------------------


def test_the_persons_messages_appear_in_german_marked_as_machine_translation(
    page: Any, server: TranslatingServer, clerk: str
) -> None:
    first, second = arabic(server), ukrainian(server)
    log_in(page, server)
    page.goto(f"{server.url}/staff/conversations/{first.id}")
    question = page.locator("#transcript .msg.user").first
    assert f"Maschinenübersetzung: {QUESTION_AR_DE}" in question.inner_text()
    original = question.locator("details.source p")
    assert not original.is_visible()  # one click away
    assert (original.get_attribute("lang"), original.get_attribute("dir")) == ("ar", "rtl")
    answer = page.locator("#transcript .msg.bot").first.inner_text()
    assert "Deutsch: Aufenthaltserlaubnisse stellt die Ausländerbehörde aus" in answer
    assert page.locator("#translation-off").count() == 0
    axe_clean(page)
    shot(page, "1-arabic-waiting")

    page.goto(f"{server.url}/staff/conversations/{second.id}")
    question = page.locator("#transcript .msg.user").first
    assert f"Maschinenübersetzung: {QUESTION_UK_DE}" in question.inner_text()
    question.locator("summary").click()
    assert QUESTION_UK in question.locator("details.source p").inner_text()
    axe_clean(page)
    shot(page, "2-ukrainian-original-open")
    sent = [r for r in server.double.translated() if r["q"] in (QUESTION_AR, QUESTION_UK)]
    assert {(r["source"], r["target"]) for r in sent} == {("ar", "de"), ("uk", "de")}


def test_a_german_reply_typed_with_the_keyboard_reaches_the_person_in_arabic(
    page: Any, server: TranslatingServer, clerk: str
) -> None:
    handoff = taken_over_by_keyboard(page, server)
    label = page.locator("label[for='reply-text']").inner_text()
    assert "wird maschinell übersetzt in: Arabisch" in label
    axe_clean(page)
    reply_by_keyboard(page, GREETING)
    line = page.locator("#transcript .msg.staff").last
    line.wait_for()
    assert ARABIC_GREETING in line.inner_text()
    assert f"Deutsch: {GREETING}" in line.inner_text()  # staff see both
    assert page.locator("#reply-text").input_value() == ""
    assert shows_the_newest_line(page)  # the reply in view, not only at the box's far end
    axe_clean(page)
    shot(page, "3-reply-sent-translated")
    assert from_staff(server, handoff) == [f"{ARABIC_GREETING}\n\n— {ARABIC_NOTE}\n{GREETING}"]


# --- the engine stops -------------------------------------------------------------------------


def test_with_the_engine_gone_nothing_breaks_and_nothing_is_lost(
    page: Any, server: TranslatingServer, clerk: str
) -> None:
    handoff = taken_over_by_keyboard(page, server)
    server.stop_engine()

    # The person writes again: the line arrives live, in Arabic, with a note why.
    page.wait_for_timeout(600)  # the event stream is open
    httpx.post(
        f"{server.url}/api/v1/conversations/{handoff.conversation_id}/messages",
        json={"text": STILL_THERE_AR, "language": "ar"},
    )
    live = page.locator("#transcript .msg.user", has_text=STILL_THERE_AR)
    live.wait_for(timeout=10_000)
    assert "Die Maschinenübersetzung ist gerade nicht erreichbar; hier steht das Original." in (
        live.inner_text()
    )
    page.reload()
    again = page.locator("#transcript .msg.user", has_text=STILL_THERE_AR)
    assert "gerade nicht erreichbar" in again.inner_text()
    axe_clean(page)
    shot(page, "4-engine-down-transcript")

    # A reply is not sent; the page says so and keeps the text.
    reply_by_keyboard(page, UNTRANSLATED)
    page.wait_for_selector("#translation-unavailable")
    assert "Ihre Antwort wurde nicht gesendet" in page.inner_text("#translation-unavailable")
    assert page.locator("#reply-text").input_value() == UNTRANSLATED
    assert page.get_by_role("button", name="Unübersetzt senden").is_visible()
    assert not page.locator("#unread").is_visible()  # no red "0" beside the queues
    assert from_staff(server, handoff) == []
    axe_clean(page)
    shot(page, "5-engine-down-reply-kept")

    # Confirmed with the keyboard: it goes out exactly as typed.
    tab_to(page, "#send-untranslated")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    page.locator("#transcript .msg.staff", has_text=UNTRANSLATED).wait_for()
    assert page.locator("#translation-unavailable").count() == 0
    assert from_staff(server, handoff) == [UNTRANSLATED]
    assert shows_the_newest_line(page)
    axe_clean(page)
    shot(page, "6-sent-untranslated")
