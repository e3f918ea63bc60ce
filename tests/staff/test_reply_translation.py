"""Free-text replies to a person who writes another language, with the LibreTranslate
double as the district's engine: the person receives the reply in their language, marked
as machine-translated, with the staff member's own text below it; staff see both. When the
engine is down or slow, nothing is sent, the text stays, and staff can send it untranslated
after confirming. Prepared replies never go through the engine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.booking.store import Who
from bot.settings import TranslateSettings
from bot.texts.canned import canned_text
from bot.web.web_ids import new_conversation_id
from tests.staff.conftest import Console, csrf_in, login, running_console
from tests.staff.test_console import JSON, notices, post
from tests.staff.test_transcript import lines
from tests.translate.double import LibreTranslateDouble

AMAL = Who(new_conversation_id(), "web", "ar")
GREETING = "Guten Tag, ich helfe Ihnen gern."
ARABIC_GREETING = "مرحبًا، يسعدني مساعدتك."
ARABIC_NOTE = "تُرجمت هذه الرسالة آليًا من الألمانية. الرسالة الأصلية أدناه."


@pytest.fixture
async def double() -> AsyncIterator[LibreTranslateDouble]:
    running = LibreTranslateDouble(slow_seconds=3)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def translating(tmp_path: Path, double: LibreTranslateDouble) -> AsyncIterator[Console]:
    translate = TranslateSettings(url=double.url, timeout_seconds=0.5)
    async with running_console(tmp_path, translate=translate) as made:
        yield made


async def taken_over(console: Console, username: str = "fo") -> tuple[TestClient, str, int]:
    """Amal (Arabic) asks for a person; `username` logs in and takes the conversation over."""
    handoff = console.ask_for_a_person(AMAL)
    staff = await console.client()
    csrf = await login(staff, username)
    status, _ = await post(staff, f"/staff/conversations/{handoff.id}/claim", csrf)
    assert status == 200
    return staff, csrf, handoff.id


async def from_staff(person: TestClient, who: Who) -> list[dict[str, Any]]:
    """What staff sent that the person's chat shows next."""
    return [m for m in await notices(person, who) if m.get("sender") == "staff"]


def reply_url(handoff_id: int) -> str:
    return f"/staff/conversations/{handoff_id}/reply"


async def test_a_german_reply_reaches_the_person_in_arabic_marked_with_the_original(
    translating: Console, double: LibreTranslateDouble
) -> None:
    staff, csrf, handoff_id = await taken_over(translating)
    status, body = await post(staff, reply_url(handoff_id), csrf, text=GREETING)
    assert (status, body["text"], body["machine_translated"]) == (200, ARABIC_GREETING, True)
    assert double.translated()[-1]["source"] == "de"
    assert double.translated()[-1]["target"] == "ar"

    person = await translating.client()
    [received] = await from_staff(person, AMAL)
    assert received["sender"] == "staff"
    assert received["text"] == f"{ARABIC_GREETING}\n\n— {ARABIC_NOTE}\n{GREETING}"

    transcript = await (
        await staff.get(f"/staff/api/conversations/{handoff_id}", headers=JSON)
    ).json()
    [line] = [m for m in transcript["messages"] if m["sender"] == "staff"]
    assert (line["text"], line["original"]) == (ARABIC_GREETING, GREETING)  # staff see both
    [event] = [e for body in translating.rasa.appended for e in body["events"]]
    assert event["text"] == ARABIC_GREETING
    assert line["machine_translated"] is True
    page = await (await staff.get(f"/staff/conversations/{handoff_id}")).text()
    [shown] = [li for li in lines(page) if ARABIC_GREETING in li]
    assert "Maschinenübersetzung" in shown
    assert f"Deutsch: {GREETING}" in shown


async def test_an_english_speaking_clerk_is_translated_from_english(
    translating: Console, double: LibreTranslateDouble
) -> None:
    translating.accounts.create(
        "en", "correct horse battery", services=["foreigners_office"], ui_language="en"
    )
    staff, csrf, handoff_id = await taken_over(translating, "en")
    await post(staff, reply_url(handoff_id), csrf, text="Please bring your passport.")
    assert double.translated()[-1]["source"] == "en"
    [received] = await from_staff(await translating.client(), AMAL)
    assert received["text"].startswith("[ar] Please bring your passport.\n\n— تُرجمت")
    assert "من الإنجليزية" in received["text"]
    # The clerk's own text is labelled with its language, not as German.
    page = await (await staff.get(f"/staff/conversations/{handoff_id}")).text()
    [shown] = [li for li in lines(page) if "[ar] Please bring" in li]
    assert "Machine translation" in shown
    assert "English: Please bring your passport." in shown and "German" not in shown


async def test_prepared_replies_come_from_the_catalog_not_the_engine(
    translating: Console, double: LibreTranslateDouble
) -> None:
    staff, csrf, handoff_id = await taken_over(translating)
    status, _ = await post(staff, reply_url(handoff_id), csrf, canned="looking")
    assert status == 200
    assert double.translated() == []
    [received] = await from_staff(await translating.client(), AMAL)
    assert received["text"] == canned_text("looking", "ar", "foreigners_office")


@pytest.mark.parametrize("mode", ["down", "slow", "500"])
async def test_when_the_engine_fails_nothing_is_sent_and_staff_may_send_it_untranslated(
    translating: Console, double: LibreTranslateDouble, mode: str
) -> None:
    staff, csrf, handoff_id = await taken_over(translating)
    if mode == "down":
        await double.stop()
    else:
        double.mode = mode
    # A script is told why (409, one word), never the engine's error.
    status, body = await post(staff, reply_url(handoff_id), csrf, text=GREETING)
    assert status == 409
    assert body == {
        "error": "translation_unavailable",
        "reason": {"down": "down", "slow": "timeout", "500": "down"}[mode],
    }
    # The page keeps the text and asks; nothing reached the person.
    page = await staff.post(reply_url(handoff_id), data={"csrf": csrf, "text": GREETING})
    html = await page.text()
    assert page.status == 200
    assert 'id="translation-unavailable"' in html and "wurde nicht gesendet" in html
    assert f">{GREETING}</textarea>" in html
    assert 'name="confirm_untranslated" value="1"' in html
    person = await translating.client()
    assert await from_staff(person, AMAL) == []
    # Confirmed: it goes out exactly as typed.
    resp = await staff.post(
        reply_url(handoff_id),
        data={"csrf": csrf_in(html), "text": GREETING, "confirm_untranslated": "1"},
        allow_redirects=False,
    )
    assert resp.status == 303
    [received] = await from_staff(person, AMAL)
    assert received["text"] == GREETING


async def test_a_pair_the_engine_lacks_is_explained(
    translating: Console, double: LibreTranslateDouble
) -> None:
    double.pairs = {"de": ["en"], "en": ["de"]}
    staff, csrf, handoff_id = await taken_over(translating)
    page = await staff.post(reply_url(handoff_id), data={"csrf": csrf, "text": GREETING})
    assert "kann nicht in die Sprache dieser Person übersetzen" in await page.text()


async def test_without_the_setting_the_page_says_once_how_to_turn_it_on(
    console: Console,
) -> None:
    staff, csrf, handoff_id = await taken_over(console)
    html = await (await staff.get(f"/staff/conversations/{handoff_id}")).text()
    assert html.count('id="translation-off"') == 1
    hint = html.split('id="translation-off">', 1)[1].split("</div>", 1)[0]
    # Words a clerk understands first; the technical part folded away for administrators.
    said, technical = hint.split('<details class="admin">')
    assert (
        "Automatische Übersetzung ist nicht eingerichtet. "
        "Die Person erhält Ihre Antwort so, wie Sie sie schreiben." in said
    )
    assert "KOMM_MIT_TRANSLATE_URL" not in said
    assert "KOMM_MIT_TRANSLATE_URL" in technical and "docs/deployment.md" in technical
    # Replies go out as typed, as before.
    status, body = await post(staff, reply_url(handoff_id), csrf, text=GREETING)
    assert (status, body["text"]) == (200, GREETING)


async def test_with_the_engine_the_reply_label_says_it_will_be_translated(
    translating: Console,
) -> None:
    staff, _csrf, handoff_id = await taken_over(translating)
    html = await (await staff.get(f"/staff/conversations/{handoff_id}")).text()
    assert "wird maschinell übersetzt in: Arabisch" in html
    assert 'id="translation-off"' not in html


# --- refusing ---------------------------------------------------------------------------------


async def test_replying_needs_a_session_the_csrf_token_and_the_conversation(
    translating: Console, double: LibreTranslateDouble
) -> None:
    handoff = translating.ask_for_a_person(AMAL)
    stranger = await translating.client()
    resp = await stranger.post(
        reply_url(handoff.id),
        data={"text": GREETING, "confirm_untranslated": "1"},
        allow_redirects=False,
    )
    assert resp.status in (302, 303, 401, 403)
    other = await translating.client()
    other_csrf = await login(other, "mc")  # another service's staff
    status, _ = await post(other, reply_url(handoff.id), other_csrf, text=GREETING)
    assert status == 403
    staff, _csrf, _ = await taken_over(translating)
    resp = await staff.post(
        reply_url(handoff.id), data={"csrf": "forged", "text": GREETING}, headers=JSON
    )
    assert resp.status == 403
    assert double.translated() == []


@pytest.mark.parametrize(
    "data",
    [
        {"text": ""},
        {"text": "x" * 4001},
        {"text": "   ", "confirm_untranslated": "1"},
        {"text": "Hallo", "confirm_untranslated": "\x00" * 10},
        {"canned": "no-such-reply"},
    ],
)
async def test_bad_input_is_a_4xx_never_a_5xx(
    translating: Console, double: LibreTranslateDouble, data: dict[str, str]
) -> None:
    staff, csrf, handoff_id = await taken_over(translating)
    resp = await staff.post(reply_url(handoff_id), data={"csrf": csrf, **data}, headers=JSON)
    assert resp.status < 500
    if "Hallo" not in data.get("text", ""):
        assert 400 <= resp.status < 500
    assert double.translated() == [] or data.get("text") == "Hallo"
