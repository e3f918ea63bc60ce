"""The staff console over HTTP: login, CSRF, roles, claiming, replies, closing, booking."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import timedelta
from typing import Any

from aiohttp.test_utils import TestClient

from bot.booking.store import Who
from bot.texts.canned import canned_text
from tests.staff.conftest import PASSWORD, SARA, Console, Login, csrf_in, login

JSON = {"Accept": "application/json"}


async def say(client: TestClient, text: str, who: Who = SARA) -> dict[str, Any]:
    resp = await client.post(
        f"/api/v1/conversations/{who.conversation_id}/messages",
        json={"text": text, "language": who.language},
    )
    assert resp.status == 200, await resp.text()
    return dict(await resp.json())


async def notices(client: TestClient, who: Who = SARA) -> list[dict[str, Any]]:
    """What the person's chat shows next: the new notices, confirmed as the widget does."""
    url = f"/api/v1/conversations/{who.conversation_id}/notices"
    messages = list((await (await client.get(url)).json())["messages"])
    if messages:
        ack = await client.post(f"{url}/ack", json={"up_to": messages[-1]["id"]})
        assert ack.status == 200
    return messages


async def post(client: TestClient, path: str, csrf: str, **data: str) -> tuple[int, dict[str, Any]]:
    resp = await client.post(path, data={"csrf": csrf, **data}, headers=JSON)
    return resp.status, dict(await resp.json())


# --- refusing strangers ----------------------------------------------------------------------


async def test_every_staff_route_refuses_requests_without_a_session(console: Console) -> None:
    client = await console.client()
    handoff = console.ask_for_a_person()
    client.session.cookie_jar.update_cookies({"komm_mit_staff": "forged-token"})
    checked = 0
    for route in console.server.app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if not path.startswith("/staff") or path == "/staff/login":
            continue
        url = path.replace("{handoff_id}", str(handoff.id))
        if route.method == "GET":
            page = await client.get(url, allow_redirects=False)
            assert page.status in (303, 401), url
            if page.status == 303:
                assert page.headers["Location"].startswith("/staff/login")
            api = await client.get(url, headers=JSON, allow_redirects=False)
            assert api.status == 401, url
        elif route.method == "POST":
            resp = await client.post(url, data={"text": "x"}, allow_redirects=False)
            assert resp.status == 401, url
        checked += 1
    assert checked >= 12
    assert console.handoffs.get(handoff.id).status == "waiting"  # nothing changed


async def test_login_needs_the_form_token_and_the_right_password(console: Console) -> None:
    client = await console.client()
    no_token = await client.post(
        "/staff/login", data={"username": "fo", "password": PASSWORD}, allow_redirects=False
    )
    assert no_token.status == 403
    page = await client.get("/staff/login")
    token = csrf_in(await page.text())
    wrong = await client.post(
        "/staff/login",
        data={"csrf": token, "username": "fo", "password": "not the password"},
        allow_redirects=False,
    )
    assert wrong.status == 401
    assert "Benutzername oder Passwort ist falsch" in await wrong.text()
    page = await client.get("/staff/login")
    token = csrf_in(await page.text())
    right = await client.post(
        "/staff/login",
        data={"csrf": token, "username": "fo", "password": PASSWORD},
        allow_redirects=False,
    )
    assert right.status == 303
    cookie = right.cookies["komm_mit_staff"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/staff"
    assert not cookie["secure"]  # plain http here; behind TLS it is Secure (next test)
    queue = await client.get("/staff")
    assert queue.status == 200
    assert "Warteschlangen" in await queue.text()
    assert "frame-ancestors 'none'" in queue.headers["Content-Security-Policy"]
    # the console's own, stricter policy wins over the app-wide one for public pages
    assert "style-src 'self';" in queue.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in queue.headers["Content-Security-Policy"]
    assert "form-action 'self'" in queue.headers["Content-Security-Policy"]


async def test_the_session_cookie_is_secure_behind_a_tls_proxy(console: Console) -> None:
    from dataclasses import replace

    from bot.web.app_keys import SETTINGS

    app = console.server.app
    app[SETTINGS] = replace(app[SETTINGS], trust_proxy=True)  # type: ignore[misc]
    client = await console.client()
    https = {"X-Forwarded-Proto": "https"}
    page = await client.get("/staff/login", headers=https)
    assert page.cookies["komm_mit_staff_login"]["secure"]
    token = csrf_in(await page.text())
    # The test client speaks plain http, so it would not send a Secure cookie back by itself.
    resp = await client.post(
        "/staff/login",
        data={"csrf": token, "username": "fo", "password": PASSWORD},
        headers={**https, "Cookie": f"komm_mit_staff_login={token}"},
        allow_redirects=False,
    )
    assert resp.status == 303
    assert resp.cookies["komm_mit_staff"]["secure"]


async def test_login_attempts_are_rate_limited(console: Console) -> None:
    client = await console.client()
    for _ in range(5):
        token = csrf_in(await (await client.get("/staff/login")).text())
        resp = await client.post(
            "/staff/login", data={"csrf": token, "username": "fo", "password": "guess"}
        )
        assert resp.status == 401
    token = csrf_in(await (await client.get("/staff/login")).text())
    resp = await client.post(
        "/staff/login", data={"csrf": token, "username": "fo", "password": PASSWORD}
    )
    assert resp.status == 429  # even the right password waits now (from this address)
    assert resp.headers["Retry-After"] == "60"
    assert "Bitte versuchen Sie es in 1 Minute erneut." in await resp.text()


async def test_state_changes_need_the_session_csrf_token_and_the_same_origin(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person()
    client, csrf = await logged_in("fo")
    url = f"/staff/conversations/{handoff.id}/claim"
    assert (await client.post(url, data={}, headers=JSON)).status == 403
    assert (await client.post(url, data={"csrf": "wrong"}, headers=JSON)).status == 403
    foreign = {**JSON, "Origin": "https://evil.example"}
    assert (await client.post(url, data={"csrf": csrf}, headers=foreign)).status == 403
    assert console.handoffs.get(handoff.id).status == "waiting"
    status, _ = await post(client, url, csrf)
    assert status == 200


# --- roles -----------------------------------------------------------------------------------


async def test_migration_centre_staff_cannot_read_a_foreigners_office_conversation(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person(service="foreigners_office")
    client, csrf = await logged_in("mc")
    page = await client.get(f"/staff/conversations/{handoff.id}")
    assert page.status == 403
    api = await client.get(f"/staff/api/conversations/{handoff.id}", headers=JSON)
    assert api.status == 403
    status, _ = await post(client, f"/staff/conversations/{handoff.id}/claim", csrf)
    assert status == 403
    queue = await (await client.get("/staff/api/queue", headers=JSON)).json()
    assert queue["queue"] == []
    events = await client.get(f"/staff/events?handoff={handoff.id}")
    assert events.status == 403


async def test_an_admin_sees_every_queue_in_english(console: Console, logged_in: Login) -> None:
    console.ask_for_a_person(service="foreigners_office")
    console.ask_for_a_person(Who("conversation-olena-01", "telegram", "uk"), "migration_centre")
    client, _csrf = await logged_in("boss")
    queue = await (await client.get("/staff/api/queue", headers=JSON)).json()
    assert {row["service"] for row in queue["queue"]} == {"foreigners_office", "migration_centre"}
    page = await (await client.get("/staff")).text()
    assert "Queues" in page and "Ukrainian (Українська)" in page


# --- the round trip --------------------------------------------------------------------------


async def test_farsi_round_trip_through_the_widget_api(console: Console, logged_in: Login) -> None:
    user = await console.client()
    handoff = console.ask_for_a_person()
    # While a person has the conversation, the bot only says (in Farsi) that staff will read
    # it, with the way back; Rasa only logs the message.
    turn = await say(user, "سلام، کسی آنجاست؟")
    [ack] = turn["messages"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in ack["text"])
    assert [b["payload"] for b in ack["buttons"]] == ["/bot"]
    assert turn["handoff"] == {"status": "waiting", "service": "foreigners_office"}
    assert console.rasa.received[-1]["message"] == "سلام، کسی آنجاست؟"

    staff, csrf = await logged_in("fo")
    queue = await (await staff.get("/staff/api/queue", headers=JSON)).json()
    row = queue["queue"][0]
    assert (row["id"], row["language"], row["unread"]) == (handoff.id, "fa", 1)
    assert row["topic_label"] == "Arbeitserlaubnis"
    status, _ = await post(staff, f"/staff/conversations/{handoff.id}/claim", csrf)
    assert status == 200
    status, _ = await post(staff, f"/staff/conversations/{handoff.id}/reply", csrf, canned="hello")
    assert status == 200
    status, _ = await post(
        staff, f"/staff/conversations/{handoff.id}/reply", csrf, text="Ihr Antrag liegt vor."
    )
    assert status == 200

    arrived = await notices(user)
    assert [m.get("sender") for m in arrived] == [None, "staff", "staff"]
    assert arrived[0]["language"] == "fa" and arrived[0]["direction"] == "rtl"
    assert arrived[1]["text"] == canned_text("hello", "fa", "foreigners_office")
    assert any("\u0600" <= ch <= "\u06ff" for ch in arrived[1]["text"])  # Farsi, not German
    assert arrived[2]["text"] == "Ihr Antrag liegt vor."  # free text goes out as typed
    transcript = await (
        await staff.get(f"/staff/api/conversations/{handoff.id}", headers=JSON)
    ).json()
    sent = [m for m in transcript["messages"] if m["sender"] == "staff"]
    assert sent[0]["original"] == canned_text(
        "hello", "de", "foreigners_office"
    )  # staff read German
    assert [m["text"] for m in transcript["messages"] if m["sender"] == "user"] == [
        "سلام، کسی آنجاست؟"
    ]
    staff_lines = [e for body in console.rasa.appended for e in body["events"]]
    assert [e["text"] for e in staff_lines] == [arrived[1]["text"], "Ihr Antrag liegt vor."]
    assert all(e["metadata"]["staff"] for e in staff_lines)

    status, body = await post(staff, f"/staff/conversations/{handoff.id}/close", csrf)
    assert (status, body["resumed"]) == (200, True)
    assert console.rasa.appended[-1]["events"][-2:] == [
        {"event": "resume"},
        {"event": "action", "name": "action_listen"},
    ]
    closed = await notices(user)
    assert len(closed) == 1 and closed[0]["language"] == "fa" and closed[0]["handoff"] == "closed"

    console.rasa.reply_language = "fa"
    answer = await say(user, "ممنون")
    assert answer["messages"] and "handoff" not in answer  # the bot answers again
    assert console.rasa.received[-1]["message"] == "ممنون"


async def test_two_staff_racing_to_claim_one_wins(console: Console, logged_in: Login) -> None:
    handoff = console.ask_for_a_person()
    (first, csrf1), (second, csrf2) = await logged_in("fo"), await logged_in("fo2")
    url = f"/staff/conversations/{handoff.id}/claim"
    results = await asyncio.gather(post(first, url, csrf1), post(second, url, csrf2))
    assert sorted(status for status, _ in results) == [200, 409]
    loser = first if results[0][0] == 409 else second
    loser_csrf = csrf1 if loser is first else csrf2
    status, body = await post(
        loser, f"/staff/conversations/{handoff.id}/reply", loser_csrf, text="hi"
    )
    assert (status, body["error"]) == (409, "not_claimed")


async def test_the_user_can_leave_the_queue_with_bot(console: Console) -> None:
    user = await console.client()
    handoff = console.ask_for_a_person()
    turn = await say(user, "/bot")
    assert "handoff" not in turn
    assert turn["language"] == "fa" and len(turn["messages"]) == 1
    assert console.handoffs.get(handoff.id).closed_by == "user"
    assert console.rasa.appended[-1]["events"][1] == {"event": "resume"}
    assert all(body["message"] != "/bot" for body in console.rasa.received)


async def test_leaving_to_book_starts_the_booking(console: Console) -> None:
    user = await console.client()
    console.ask_for_a_person()
    turn = await say(user, "/bot book")
    assert len(turn["messages"]) == 2  # "you left the queue" + the bot's first booking question
    assert (
        console.rasa.received[-1]["message"] == '/book_appointment{"service": "foreigners_office"}'
    )


async def test_a_close_while_rasa_is_down_resumes_before_the_next_message(
    console: Console, logged_in: Login
) -> None:
    user = await console.client()
    handoff = console.ask_for_a_person()
    staff, csrf = await logged_in("fo")
    await post(staff, f"/staff/conversations/{handoff.id}/claim", csrf)
    console.rasa.status = 503
    await post(staff, f"/staff/conversations/{handoff.id}/reply", csrf, text="Termin folgt")
    status, body = await post(staff, f"/staff/conversations/{handoff.id}/close", csrf)
    assert (status, body["resumed"]) == (200, False)
    console.rasa.status = 200
    await say(user, "hallo")
    resumed = console.rasa.appended[-1]["events"]
    assert resumed[0]["text"] == "Termin folgt"  # the staff line missed earlier comes first
    assert {"event": "resume"} in resumed
    assert console.rasa.received[-1]["message"] == "hallo"
    assert console.handoffs.current(SARA.conversation_id) is None


async def test_staff_book_an_appointment_for_the_user(console: Console, logged_in: Login) -> None:
    user = await console.client()
    handoff = console.ask_for_a_person()
    staff, csrf = await logged_in("fo")
    await post(staff, f"/staff/conversations/{handoff.id}/claim", csrf)
    page = await (
        await staff.get(f"/staff/conversations/{handoff.id}?concern=permit_extension")
    ).text()
    offered = re.search(r'<select id="start" name="start">\s*<option value="([^"]+)"', page)
    assert offered, "no free times offered"
    start = offered[1]  # the first free time
    free = console.bookings.free("foreigners_office", "permit_extension", limit=1)[0]
    assert start == free.start.isoformat()
    status, body = await post(
        staff,
        f"/staff/conversations/{handoff.id}/book",
        csrf,
        concern="permit_extension",
        start=start,
    )
    assert status == 200
    [booked] = console.bookings.upcoming(SARA.conversation_id)
    assert booked.reference == body["reference"] and booked.starts_at == free.start
    transcript = await (
        await staff.get(f"/staff/api/conversations/{handoff.id}", headers=JSON)
    ).json()
    [line] = [
        m["system"] for m in transcript["messages"] if "Termin gebucht" in (m["system"] or "")
    ]
    assert booked.reference in line  # staff see what was booked in the transcript
    [notice] = [m for m in await notices(user) if m.get("attachment")]
    assert body["reference"] in notice["text"] and notice["language"] == "fa"
    ics = await user.get(notice["attachment"]["url"])
    assert ics.status == 200
    odd = (free.start + timedelta(minutes=7)).isoformat()  # not a time of the calendar
    status, again = await post(
        staff,
        f"/staff/conversations/{handoff.id}/book",
        csrf,
        concern="permit_extension",
        start=odd,
    )
    assert (status, again["error"]) == (409, "slot_taken")


async def test_new_messages_reach_the_console_live(console: Console, logged_in: Login) -> None:
    user = await console.client()
    handoff = console.ask_for_a_person()
    staff, _csrf = await logged_in("fo")
    stream = await staff.get(f"/staff/events?handoff={handoff.id}")
    assert stream.status == 200
    events: list[tuple[str, dict[str, Any]]] = []

    async def read_until_message() -> None:
        # The message and the queue's unread count may come in either order (or one
        # round apart): read until the console has both.
        kind = ""
        seen_message = seen_unread = False
        async for raw in stream.content:
            line = raw.decode().strip()
            if line.startswith("event: "):
                kind = line[len("event: ") :]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[len("data: ") :])))
                data = events[-1][1]
                seen_message |= kind == "message" and data["text"] == "کمک لازم دارم"
                seen_unread |= kind == "queue" and data["unread"] >= 1
                if seen_message and seen_unread:
                    return

    reader = asyncio.create_task(read_until_message())
    await asyncio.sleep(0.2)
    await say(user, "کمک لازم دارم")
    try:
        await asyncio.wait_for(reader, 20)
    except asyncio.TimeoutError:
        raise AssertionError(f"no live message; events so far: {events}") from None
    stream.close()
    kinds = [kind for kind, _ in events]
    assert "queue" in kinds and "status" in kinds
    message = next(data for kind, data in events if kind == "message")
    assert message["sender"] == "user" and message["language"] in ("fa", None)


async def test_the_console_pages_render_for_the_claimer(console: Console, logged_in: Login) -> None:
    handoff = console.ask_for_a_person()
    staff, csrf = await logged_in("fo")
    await post(staff, f"/staff/conversations/{handoff.id}/claim", csrf)
    page = await (await staff.get(f"/staff/conversations/{handoff.id}")).text()
    assert "Persisch (فارسی)" in page
    assert 'id="reply-text"' in page and 'id="canned"' in page
    assert "Frau Ortmann hat das Gespräch übernommen." in page
    assert f'action="/staff/conversations/{handoff.id}/close"' in page


async def test_html_in_a_user_message_stays_text_in_the_console(
    console: Console, logged_in: Login
) -> None:
    user = await console.client()
    handoff = console.ask_for_a_person()
    await say(user, '<img src=x onerror="alert(1)">')
    staff, _ = await logged_in("fo")
    page = await (await staff.get(f"/staff/conversations/{handoff.id}")).text()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page


async def test_logout_ends_the_session(console: Console, logged_in: Login) -> None:
    staff, csrf = await logged_in("fo")
    resp = await staff.post("/staff/logout", data={"csrf": csrf}, allow_redirects=False)
    assert resp.status == 303
    again = await staff.get("/staff/api/queue", headers=JSON)
    assert again.status == 401


async def test_login_helper_rejects_unknown_people(console: Console) -> None:
    client = await console.client()
    token = csrf_in(await (await client.get("/staff/login")).text())
    resp = await client.post(
        "/staff/login", data={"csrf": token, "username": "nobody", "password": PASSWORD}
    )
    assert resp.status == 401
    assert login is not None
