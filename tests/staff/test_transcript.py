"""The transcript as a German-speaking clerk reads it: the assistant's answers in German,
what the assistant understood of each message, and (with a translator) the person's
messages machine-translated with the original one click away."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from actions.handoff import conversation_so_far
from bot.booking.store import Who
from bot.handoff.details import FACT_SLOTS
from bot.handoff.store import Handoff
from bot.nlg import generate
from bot.rasa_client import PARSE_REPORT
from bot.staff import transcript
from bot.texts import RENDERERS, Reply
from bot.translate import Translation, TranslationUnavailable
from bot.web.web_ids import new_conversation_id
from tests.staff.conftest import Console, Login, login, running_console
from tests.staff.test_console import say

AT = datetime(2026, 11, 3, 9, 30, tzinfo=timezone.utc)
QUESTION_AR = "بدي جدد الإقامة تبعي"
QUESTION_UK = "Як продовжити посвідку на проживання?"


def user_event(text: str, ranking: list[tuple[str, float]], **parse: Any) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "timestamp": AT.timestamp(),
        "parse_data": {
            "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
            **parse,
        },
    }


def bot_event(response: str, lang: str, **slots: Any) -> dict[str, Any]:
    """What Rasa stores for an answer rendered by our NLG (rasa's create_bot_utterance)."""
    answer = generate({"response": response, "tracker": {"slots": {"language": lang, **slots}}})
    text = answer.pop("text")
    answer.pop("buttons", None)
    return {
        "event": "bot",
        "text": text,
        "timestamp": AT.timestamp() + 1,
        "metadata": {"utter_action": response, **answer},
    }


def asked(console: Console, lang: str, events: list[dict[str, Any]]) -> Handoff:
    """A conversation in `lang` handed to the foreigners' office, as the action does it."""
    who = Who(new_conversation_id(), "web", lang)
    handoff, _ = console.handoffs.request(
        who,
        "foreigners_office",
        topic="ask_residence_permit",
        offline=False,
        history=conversation_so_far(events, lang),
    )
    return handoff


def arabic_conversation(console: Console) -> Handoff:
    return asked(
        console,
        "ar",
        [
            user_event(
                QUESTION_AR,
                [("ask_residence_permit", 0.91), ("ask_work_permit", 0.05)],
                second_intent={"name": "ask_work_permit", "confidence": 0.4},
            ),
            {"event": "slot", "name": "service", "value": "foreigners_office"},
            bot_event("utter_residence_permit", "ar"),
            {"event": "slot", "name": "residence_status", "value": "duldung"},
            {"event": "slot", "name": "residence_place", "value": "city_of_osnabrueck"},
            user_event("شغل", [("ask_work_permit", 0.41), ("ask_residence_permit", 0.33)]),
        ],
    )


async def arabic_for_fo(console: Console) -> tuple[TestClient, Handoff]:
    """The Arabic conversation, and a browser logged in as Frau Ortmann (foreigners' office)."""
    handoff = arabic_conversation(console)
    client = await console.client()
    await login(client, "fo")
    return client, handoff


def lines(page: str) -> list[str]:
    """The transcript's lines as text (tags removed)."""
    found = re.findall(r'<li class="msg.*?</li>', page, re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li))).strip() for li in found]


async def test_an_arabic_conversation_reads_in_german(console: Console, logged_in: Login) -> None:
    handoff = arabic_conversation(console)
    client, _ = await logged_in("fo")
    page = await (await client.get(f"/staff/conversations/{handoff.id}")).text()
    question, answer, second = lines(page)
    assert QUESTION_AR in question
    assert (
        "Verstanden: Frage: Aufenthaltserlaubnis – sicher; außerdem: Arbeitserlaubnis" in question
    )
    assert "Dienststelle: Ausländerbehörde" in question
    assert "Arabisch" in question
    # The answer as sent (Arabic, right to left) and the same answer in German.
    assert "دائرة الأجانب" in answer
    assert "Deutsch: Aufenthaltserlaubnisse stellt die Ausländerbehörde aus" in answer
    assert 'lang="ar" dir="rtl"' in page
    assert "Verstanden: unsicher: Arbeitserlaubnis oder Aufenthaltserlaubnis" in second
    # the situation in the clerk's words, not the assistant's slot values ("duldung")
    assert "Aufenthaltsstatus: Duldung" in second and "Wohnort: In der Stadt Osnabrück" in second


async def test_an_english_console_shows_the_answer_in_english(
    console: Console, logged_in: Login
) -> None:
    handoff = arabic_conversation(console)
    client, _ = await logged_in("boss")
    data = await (await client.get(f"/staff/api/conversations/{handoff.id}")).json()
    answer = data["messages"][1]
    assert answer["rendered"]["text"].startswith("Residence permits are issued and extended")
    assert answer["rendered"]["untranslated"] is False
    assert data["messages"][0]["understood"]["need"] == "Question: Residence permit – sure"
    facts = {f["label"]: f["value"] for f in data["messages"][2]["understood"]["facts"]}
    assert facts["Residence status"] == "Duldung"
    assert facts["Place of residence"] == "In the city of Osnabrück"


async def test_an_answer_without_a_german_translation_says_so(
    console: Console, logged_in: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    def untranslated(ctx: Any) -> Reply:
        return Reply(ctx._("A sentence no translator has seen yet."))

    monkeypatch.setitem(RENDERERS, "utter_test_untranslated", untranslated)
    handoff = asked(console, "uk", [bot_event("utter_test_untranslated", "uk")])
    client, _ = await logged_in("fo")
    page = await (await client.get(f"/staff/conversations/{handoff.id}")).text()
    (answer,) = lines(page)
    assert "Deutsch: A sentence no translator has seen yet." in answer
    assert "noch nicht ins Deutsche übersetzt und steht auf Englisch da" in answer


async def test_lines_without_a_response_name_show_only_what_was_sent(
    console: Console, logged_in: Login
) -> None:
    old = {"event": "bot", "text": "Привіт!", "timestamp": AT.timestamp()}
    handoff = asked(console, "uk", [old, {"event": "user", "text": "/greet"}])
    client, _ = await logged_in("fo")
    data = await (await client.get(f"/staff/api/conversations/{handoff.id}")).json()
    assert [m["rendered"] for m in data["messages"]] == [None, None]
    assert [m["understood"] for m in data["messages"]] == [None, None]


async def test_a_message_written_during_the_handoff_shows_what_was_understood(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person()  # Sara writes Persian
    person = await console.client()
    report = {
        "parse_data": {
            "intent": {"name": "ask_residence_permit", "confidence": 0.93},
            "intent_ranking": [
                {"name": "ask_residence_permit", "confidence": 0.93},
                {"name": "ask_work_permit", "confidence": 0.04},
            ],
        },
        "slots": {"service": "foreigners_office"},
    }
    console.rasa.answers.append([{"custom": {PARSE_REPORT: report}}])
    await say(person, "می‌خواهم اجازه اقامتم را تمدید کنم")
    assert console.rasa.received[-1]["with_parse"] == list(FACT_SLOTS)
    # A message Rasa could not read (down, or an older channel) still reaches staff.
    console.rasa.answers.append([])
    await say(person, "سلام؟")
    client, _ = await logged_in("fo")
    page = await (await client.get(f"/staff/conversations/{handoff.id}")).text()
    written, unread = lines(page)[-2:]
    assert "Verstanden: Frage: Aufenthaltserlaubnis – sicher" in written
    assert "Dienststelle: Ausländerbehörde" in written
    assert "سلام؟" in unread and "Verstanden" not in unread


class FakeTranslator:
    """Translates by saying what it would translate (or fails, or hangs, as told)."""

    def __init__(self) -> None:
        self.fail: str | None = None
        self.hang = False
        self.calls: list[tuple[str, str | None, str]] = []

    @property
    def enabled(self) -> bool:
        return True

    async def translate(self, text: str, *, source: str | None, target: str) -> Translation:
        self.calls.append((text, source, target))
        if self.hang:
            await asyncio.sleep(30)
        if self.fail:
            raise TranslationUnavailable(self.fail)  # type: ignore[arg-type]
        return Translation(
            f"[{target}] Ich möchte meine Aufenthaltserlaubnis verlängern", source or "ar", target
        )


@pytest.fixture
async def translated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Console, FakeTranslator]]:
    fake = FakeTranslator()

    @asynccontextmanager
    async def opened(_settings: Any) -> AsyncIterator[FakeTranslator]:
        yield fake

    monkeypatch.setattr("bot.web.app.open_translator", opened)
    monkeypatch.setattr(transcript, "TRANSLATIONS", transcript.TranslationCache())
    async with running_console(tmp_path) as made:
        yield made, fake


async def test_the_persons_messages_are_machine_translated_and_marked(
    translated: tuple[Console, FakeTranslator],
) -> None:
    console, fake = translated
    client, handoff = await arabic_for_fo(console)
    page = await (await client.get(f"/staff/conversations/{handoff.id}")).text()
    question = lines(page)[0]
    assert "Maschinenübersetzung: [de] Ich möchte meine Aufenthaltserlaubnis verlängern" in question
    assert f"Original: Arabisch (العربية) {QUESTION_AR}" in question
    assert '<details class="source">' in page
    # Only the person's lines, from their language into the console's; once per line.
    assert (QUESTION_AR, "ar", "de") in fake.calls
    assert all(target == "de" for _t, _s, target in fake.calls)
    await client.get(f"/staff/conversations/{handoff.id}")
    assert len(fake.calls) == 2


@pytest.mark.parametrize(
    ("fail", "hang", "note"),
    [
        ("down", False, "Die Maschinenübersetzung ist gerade nicht erreichbar"),
        ("unsupported", False, "unterstützt diese Sprache nicht"),
        (None, True, "Die Maschinenübersetzung ist gerade nicht erreichbar"),
    ],
)
async def test_without_the_engine_staff_see_the_original_and_a_note(
    translated: tuple[Console, FakeTranslator],
    monkeypatch: pytest.MonkeyPatch,
    fail: str | None,
    hang: bool,
    note: str,
) -> None:
    console, fake = translated
    fake.fail, fake.hang = fail, hang
    monkeypatch.setattr(transcript, "TRANSLATE_SECONDS", 0.2)
    client, handoff = await arabic_for_fo(console)
    resp = await client.get(f"/staff/conversations/{handoff.id}")
    assert resp.status == 200
    question = lines(await resp.text())[0]
    assert QUESTION_AR in question and note in question
    assert "Maschinenübersetzung:" not in question


async def test_the_live_stream_sends_the_same_line(
    translated: tuple[Console, FakeTranslator],
) -> None:
    console, _fake = translated
    client, handoff = await arabic_for_fo(console)
    resp = await client.get(f"/staff/events?handoff={handoff.id}&after=0")
    seen = ""
    while seen.count("event: message") < 3:
        seen += (await asyncio.wait_for(resp.content.readany(), 5)).decode()
    resp.close()
    assert "Maschinenübersetzung" in seen
    assert "Aufenthaltserlaubnisse stellt die Ausländerbehörde aus" in seen
    assert "Frage: Aufenthaltserlaubnis – sicher" in seen


async def test_transcript_routes_refuse_without_permission_and_bad_input(
    console: Console, logged_in: Login
) -> None:
    handoff = arabic_conversation(console)
    urls = (
        f"/staff/conversations/{handoff.id}",
        f"/staff/api/conversations/{handoff.id}",
        f"/staff/events?handoff={handoff.id}",
    )
    anonymous = await console.client()
    other, _ = await logged_in("mc")  # the migration centre may not read it
    for url in urls:
        resp = await anonymous.get(url, allow_redirects=False)
        assert resp.status in (302, 303, 401), url
        assert (await other.get(url)).status == 403, url
    client, _ = await logged_in("fo")
    for url in (
        "/staff/conversations/abc",
        "/staff/api/conversations/99999999999",
        "/staff/events?handoff=x1",
        f"/staff/events?handoff={handoff.id}&after=-1",
    ):
        resp = await client.get(url)
        assert 400 <= resp.status < 500, (url, resp.status)
