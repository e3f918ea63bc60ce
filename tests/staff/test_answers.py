"""Every answer of the assistant as a prepared reply (issue 18): a clerk searches them in the
console's language (German or English), reads the text they are about to send, and the
person receives the same answer in their own language; the transcript shows it in German.
`GET /staff/conversations/{id}/answers?q=…` and `POST /staff/conversations/{id}/answer`."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.booking.store import Who
from bot.language.supported import SUPPORTED
from bot.staff.answers import catalogue, sendable
from bot.texts import RENDERERS, Context, render
from bot.texts.canned import canned_text
from bot.web.web_ids import new_conversation_id
from tests.staff.conftest import PASSWORD, Console, Login
from tests.staff.test_transfer_route import post

JSON = {"Accept": "application/json"}
AMAL = Who(new_conversation_id(), "web", "ar")
ARABIC = re.compile("[\u0600-\u06ff]")
DULDUNG_WORK = "utter_work_permit:residence_status=duldung"


def search_url(handoff_id: int | str, q: str = "") -> str:
    return f"/staff/conversations/{handoff_id}/answers" + (f"?q={q}" if q else "")


def send_url(handoff_id: int | str) -> str:
    return f"/staff/conversations/{handoff_id}/answer"


async def page_text(client: TestClient, path: str) -> str:
    resp = await client.get(path)
    assert resp.status == 200, await resp.text()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", await resp.text())).split())


def german(response: str, **slots: str) -> str:
    return render(response, Context(lang="de", slots=slots)).text


def first_line(text: str) -> str:
    return " ".join(text.splitlines()[0].split())


async def taken_over(console: Console, logged_in: Login, who: Who = AMAL) -> tuple[Any, str, int]:
    handoff = console.ask_for_a_person(who)
    fo, csrf = await logged_in("fo")
    status, _ = await post(fo, f"/staff/conversations/{handoff.id}/claim", {"csrf": csrf})
    assert status == 200
    return fo, csrf, handoff.id


# --- searching -------------------------------------------------------------------------------


async def test_a_german_clerk_finds_opening_hours_and_duldung_in_german(
    console: Console, logged_in: Login
) -> None:
    fo, _csrf, handoff_id = await taken_over(console, logged_in)
    conversation = await (await fo.get(f"/staff/conversations/{handoff_id}")).text()
    assert 'action="/staff/conversations/' in conversation and 'name="q"' in conversation
    assert "Antworten des Assistenten" in conversation  # the search box, usable without JS

    found = await page_text(fo, search_url(handoff_id, "Öffnungszeiten"))
    assert "Öffnungszeiten – Ausländerbehörde" in found
    sent = german("utter_opening_hours", service="foreigners_office")
    assert first_line(sent) in found  # the German text that is sent
    assert "Senden" in found
    assert "Aufenthaltserlaubnis" not in found  # only what matches

    found = await page_text(fo, search_url(handoff_id, "oeffnungszeiten"))
    assert "Öffnungszeiten – Ausländerbehörde" in found  # typed without umlauts

    found = await page_text(fo, search_url(handoff_id, "duldung"))
    duldung = first_line(german("utter_work_permit", residence_status="duldung"))
    assert duldung == first_line(german("utter_duldung"))
    assert "Duldung Eine Duldung" in found and "Arbeitserlaubnis – mit Duldung" not in found
    listed = await (await fo.get(search_url(handoff_id, "duldung"), headers=JSON)).json()
    same = [r["label"] for r in listed["results"] if r["text"] == german("utter_duldung").strip()]
    assert same == ["Duldung"]  # the same answer once, under its own title
    for query in ("Arbeitserlaubnis Duldung", "aufenthaltserlaubnis duldung"):
        assert duldung in await page_text(fo, search_url(handoff_id, query)), query

    found = await page_text(fo, search_url(handoff_id, "Arbeitserlaubnis EU"))
    assert "Aufenthaltserlaubnis, Arbeitserlaubnis – für EU-, EWR- und Schweizer" in found


async def test_an_english_clerk_finds_them_in_english_and_by_the_german_word(
    console: Console, logged_in: Login
) -> None:
    console.accounts.create("en", PASSWORD, services=["foreigners_office"], ui_language="en")
    handoff = console.ask_for_a_person(AMAL)
    en, _csrf = await logged_in("en")
    for query in ("opening hours", "Öffnungszeiten"):
        found = await page_text(en, search_url(handoff.id, query))
        assert "Opening hours – Foreigners' office" in found, query
        sent = render("utter_opening_hours", Context("en", slots={"service": "foreigners_office"}))
        assert first_line(sent.text) in found  # shown in English
    for query in ("Duldung", "work permit duldung"):
        found = await page_text(en, search_url(handoff.id, query))
        assert "A Duldung is not a residence permit" in found, query


@pytest.mark.skipif(
    not any("Kindergeld" in german(name) for name in RENDERERS if sendable(name)),
    reason="the Kindergeld answer (Familienkasse) comes with issue 17's topics",
)
@pytest.mark.parametrize("username", ["fo", "en"])
async def test_kindergeld_finds_the_familienkasse_answer(
    console: Console, logged_in: Login, username: str
) -> None:
    console.accounts.create("en", PASSWORD, services=["foreigners_office"], ui_language="en")
    handoff = console.ask_for_a_person(AMAL)
    client, _csrf = await logged_in(username)
    found = await page_text(client, search_url(handoff.id, "Kindergeld"))
    assert "Familienkasse" in found


async def test_the_search_answers_scripts_with_json_and_lists_all_without_a_query(
    console: Console, logged_in: Login
) -> None:
    fo, _csrf, handoff_id = await taken_over(console, logged_in)
    every = await (await fo.get(search_url(handoff_id), headers=JSON)).json()
    keys = [r["key"] for r in every["results"]]
    assert "canned:hello" in keys and "utter_naturalization" in keys
    assert "utter_required_documents:topic=ask_naturalization" in keys  # what to bring, per concern
    internal = ("utter_ask_booking", "utter_handoff", "utter_greet")
    assert not any(k.startswith(internal) for k in keys)
    found = await (await fo.get(search_url(handoff_id, "Einbürgerung"), headers=JSON)).json()
    assert found["results"][0]["label"] == "Einbürgerung"  # a title match comes first


def test_every_answer_offered_renders_in_every_language() -> None:
    for key, answer in catalogue().items():
        for lang in SUPPORTED:
            assert answer.text(lang, "foreigners_office").strip(), (key, lang)


# --- sending ---------------------------------------------------------------------------------


async def test_one_click_sends_the_arabic_answer_and_the_transcript_shows_german(
    console: Console, logged_in: Login
) -> None:
    fo, csrf, handoff_id = await taken_over(console, logged_in)
    status, body = await post(fo, send_url(handoff_id), {"csrf": csrf, "answer": DULDUNG_WORK})
    assert status == 200, body
    arabic = render("utter_work_permit", Context(lang="ar", slots={"residence_status": "duldung"}))
    assert body["text"] == arabic.text and ARABIC.search(body["text"])

    person = await console.client()
    got = await person.get(f"/api/v1/conversations/{AMAL.conversation_id}/notices")
    [received] = [m for m in (await got.json())["messages"] if m.get("sender") == "staff"]
    assert received["text"] == arabic.text

    transcript = await (await fo.get(f"/staff/api/conversations/{handoff_id}", headers=JSON)).json()
    [line] = [m for m in transcript["messages"] if m["sender"] == "staff"]
    assert line["text"] == arabic.text
    assert line["original"] == german("utter_work_permit", residence_status="duldung")
    assert line["original"].startswith("Eine Duldung")
    [stored] = [m for m in console.handoffs.messages(handoff_id) if m.sender == "staff"]
    assert json.loads(stored.details or "{}") == {
        "response": "utter_work_permit",
        "slots": {"residence_status": "duldung"},
        "entities": {},
        "arguments": {},
    }
    page = await page_text(fo, f"/staff/conversations/{handoff_id}")
    assert "Deutsch: Eine Duldung" in page
    assert line["rendered"]["text"] == line["original"]  # rendered again like the assistant's
    assert "Maschinenübersetzung" not in page  # a prepared answer, not machine-translated
    # An English-speaking administrator reads the same reply in English.
    boss, _ = await logged_in("boss")
    data = await (await boss.get(f"/staff/api/conversations/{handoff_id}", headers=JSON)).json()
    [seen] = [m for m in data["messages"] if m["sender"] == "staff"]
    english = render("utter_work_permit", Context(lang="en", slots={"residence_status": "duldung"}))
    assert seen["rendered"]["text"] == english.text
    english_page = await page_text(boss, f"/staff/conversations/{handoff_id}")
    assert "English: " + first_line(english.text)[:30] in english_page
    assert "German:" not in english_page


async def test_a_plain_form_goes_back_to_the_conversation_and_prepared_replies_work_too(
    console: Console, logged_in: Login
) -> None:
    fo, csrf, handoff_id = await taken_over(console, logged_in)
    resp = await fo.post(
        send_url(handoff_id), data={"csrf": csrf, "answer": "canned:looking"}, allow_redirects=False
    )
    assert resp.status == 303
    assert resp.headers["Location"] == f"/staff/conversations/{handoff_id}"
    [line] = [m for m in console.handoffs.messages(handoff_id) if m.sender == "staff"]
    assert line.text == canned_text("looking", "ar", "foreigners_office")
    assert line.original == canned_text("looking", "de", "foreigners_office")


# --- without permission and bad input --------------------------------------------------------


async def test_without_permission_nothing_is_found_or_sent(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person(AMAL)
    stranger = await console.client()  # not logged in
    assert (await stranger.get(search_url(handoff.id, "Duldung"), headers=JSON)).status == 401
    page = await stranger.get(search_url(handoff.id), allow_redirects=False)
    assert page.status == 303 and page.headers["Location"].startswith("/staff/login")
    status, _ = await post(stranger, send_url(handoff.id), {"csrf": "x", "answer": DULDUNG_WORK})
    assert status == 401

    mc, mc_csrf = await logged_in("mc")  # another service
    assert (await mc.get(search_url(handoff.id), headers=JSON)).status == 403
    status, _ = await post(mc, send_url(handoff.id), {"csrf": mc_csrf, "answer": DULDUNG_WORK})
    assert status == 403

    fo, fo_csrf = await logged_in("fo")
    status, _ = await post(fo, send_url(handoff.id), {"answer": DULDUNG_WORK})  # no CSRF
    assert status == 403
    status, body = await post(fo, send_url(handoff.id), {"csrf": fo_csrf, "answer": DULDUNG_WORK})
    assert (status, body["error"]) == (409, "not_claimed")  # not taken over yet
    fo2, fo2_csrf = await logged_in("fo2")
    await post(fo2, f"/staff/conversations/{handoff.id}/claim", {"csrf": fo2_csrf})
    status, body = await post(fo, send_url(handoff.id), {"csrf": fo_csrf, "answer": DULDUNG_WORK})
    assert (status, body["error"]) == (409, "not_claimed")  # a colleague's conversation
    page = await page_text(fo, search_url(handoff.id, "Duldung"))
    assert "Bitte übernehmen Sie das Gespräch zuerst." in page and "Senden" not in page
    assert [m for m in console.handoffs.messages(handoff.id) if m.sender == "staff"] == []


async def test_bad_input_gets_a_4xx(console: Console, logged_in: Login) -> None:
    fo, csrf, handoff_id = await taken_over(console, logged_in)
    for key in (
        "utter_nothing",
        "utter_booking_invalid",  # the assistant's own, not an answer on its own
        "utter_handoff_claimed",
        "utter_ask_situation",
        "canned:nothing",
        "utter_work_permit:residence_status=martian",
        "",
        "utter_work_permit\x00",
        "ü" * 3000,
    ):
        status, body = await post(fo, send_url(handoff_id), {"csrf": csrf, "answer": key})
        assert (status, body["error"]) == (422, "unknown"), key[:40]
    for bad_id in ("0", "999999", "abc", "99999999999"):
        status, _ = await post(fo, send_url(bad_id), {"csrf": csrf, "answer": DULDUNG_WORK})
        assert status == 404, bad_id
        assert (await fo.get(search_url(bad_id), headers=JSON)).status == 404
    text_plain = {"Content-Type": "text/plain"}
    status, _ = await post(fo, send_url(handoff_id), b"\xff\xfe" * 10, **text_plain)
    assert 400 <= status < 500
    status, _ = await post(
        fo,
        send_url(handoff_id),
        b"--broken\r\nContent-Disposition: form-data; name=\x00\r\n",
        **{"Content-Type": "multipart/form-data; boundary=broken"},
    )
    assert 400 <= status < 500
    status, _ = await post(fo, send_url(handoff_id), {"csrf": csrf, "answer": "x" * 100_000})
    assert status == 413
    huge = await fo.get(search_url(handoff_id, "Duldung" * 100), headers=JSON)
    assert huge.status == 400
    assert (await fo.get(search_url(handoff_id, "Duldung" * 100))).status == 400  # page too
    odd = await fo.get(search_url(handoff_id, "%00%ff%27%22<script>"), headers=JSON)
    assert odd.status == 200 and (await odd.json())["results"] == []
    assert [m for m in console.handoffs.messages(handoff_id) if m.sender == "staff"] == []
    console.handoffs.leave(handoff_id)  # the person went back to the assistant
    status, body = await post(fo, send_url(handoff_id), {"csrf": csrf, "answer": DULDUNG_WORK})
    assert (status, body["error"]) == (409, "closed")
