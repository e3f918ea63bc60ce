"""The console under bad input (ids, tokens, sizes: 4xx, never 5xx), signed login form
tokens, and live-update streams that follow revoked services and disabled accounts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from bot.staff.auth import issue_login_token
from bot.web.app_keys import STAFF_POLL_SECONDS
from tests.staff.conftest import PASSWORD, Console, Login, csrf_in

JSON = {"Accept": "application/json"}
BAD_IDS = ["99999999999999999999999", "2147483648", "abc", "-1", "1.5", "١٢", "1%0A", "%C3%BC"]
ODD_TOKENS = ["tökén", "токен", "\u202e", "✓" * 64]


def console_routes(console: Console) -> list[tuple[str, str]]:
    """(method, path) of every console route, from the router."""
    found = []
    for route in console.server.app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if path.startswith("/staff") and route.method in ("GET", "POST"):
            found.append((route.method, path))
    return found


async def assert_polite_4xx(resp: ClientResponse, what: str) -> None:
    assert 400 <= resp.status < 500, f"{what}: {resp.status} {await resp.text()}"
    if resp.content_type == "application/json":
        body = await resp.json()
        assert body["error"], what


async def test_bad_ids_and_odd_tokens_on_every_console_route_get_4xx(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person()
    client, csrf = await logged_in("boss")  # an admin: sees every service
    routes = console_routes(console)
    assert len(routes) >= 14
    sent = 0
    for method, path in routes:
        with_ids = [path.replace("{handoff_id}", raw) for raw in BAD_IDS] if "{" in path else []
        for url in with_ids:
            for headers in ({}, JSON):
                if method == "GET":
                    resp = await client.get(url, headers=headers, allow_redirects=False)
                else:
                    resp = await client.post(url, data={"csrf": csrf, "text": "x"}, headers=headers)
                await assert_polite_4xx(resp, f"{method} {url}")
                sent += 1
        if method != "POST" or path == "/staff/login":
            continue
        url = path.replace("{handoff_id}", str(handoff.id))
        for token in ODD_TOKENS:
            as_field = await client.post(url, data={"csrf": token}, headers=JSON)
            assert as_field.status == 403, url
            as_header = await client.post(url, headers={**JSON, "X-CSRF-Token": token})
            assert as_header.status == 403, url
            sent += 2
    assert sent > 100
    assert console.handoffs.get(handoff.id).status == "waiting"  # nothing happened


async def test_bad_ids_get_a_polite_page_or_json_in_the_staff_members_language(
    console: Console, logged_in: Login
) -> None:
    client, _csrf = await logged_in("fo")
    huge = "99999999999999999999999"
    page = await client.get(f"/staff/conversations/{huge}")
    assert page.status == 404 and "Dieses Gespräch gibt es nicht." in await page.text()
    api = await client.get(f"/staff/api/conversations/{huge}")
    assert api.status == 404
    assert await api.json() == {"error": "not_found", "message": "Dieses Gespräch gibt es nicht."}
    boss, _ = await logged_in("boss")
    api = await boss.get(f"/staff/api/conversations/{huge}")
    assert (await api.json())["message"] == "There is no such conversation."


async def test_the_live_stream_refuses_bad_positions(console: Console, logged_in: Login) -> None:
    handoff = console.ask_for_a_person()
    client, _csrf = await logged_in("fo")
    for query in (
        "after=abc",
        "after=99999999999999999999999",
        f"handoff={handoff.id}&after=-1",
        "handoff=abc",
        "handoff=99999999999999999999999",
    ):
        resp = await client.get(f"/staff/events?{query}")
        assert resp.status in (400, 404), query
        assert (await resp.json())["error"] in ("bad_request", "not_found"), query


async def test_odd_login_tokens_are_refused_not_crashed(console: Console) -> None:
    client = await console.client()
    await client.get("/staff/login")
    for token in ODD_TOKENS:
        resp = await client.post(
            "/staff/login", data={"csrf": token, "username": "fo", "password": PASSWORD}
        )
        assert resp.status == 403, token
    client = await console.client()  # only the odd cookie, none of the server's
    client.session.cookie_jar.update_cookies({"komm_mit_staff_login": "tökén"})
    resp = await client.post(
        "/staff/login", data={"csrf": "tökén", "username": "fo", "password": PASSWORD}
    )
    assert resp.status == 403


# --- body sizes ---------------------------------------------------------------------------------


async def chunks(total: int) -> AsyncIterator[bytes]:
    """A body without Content-Length (chunked): only reading finds out its size."""
    yield b"csrf=x&username=fo&password="
    for _ in range(total // 8192):
        yield b"a" * 8192


async def test_a_huge_login_gets_the_consoles_own_413(console: Console) -> None:
    client = await console.client()
    big = b"csrf=x&username=fo&password=" + b"a" * 100_000
    declared = await client.post(
        "/staff/login", data=big, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    streamed = await client.post(
        "/staff/login",
        data=chunks(200_000),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en"},
    )
    assert declared.status == streamed.status == 413
    german, english = await declared.text(), await streamed.text()
    assert "Diese Anfrage ist zu groß für die Mitarbeitenden-Konsole." in german
    assert "This request is too large for the staff console." in english
    assert "2.000" not in german and "2,000" not in english  # not the chat's message


async def test_a_huge_form_of_a_logged_in_staff_member_gets_413_in_their_language(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person()
    client, csrf = await logged_in("boss")
    resp = await client.post(
        f"/staff/conversations/{handoff.id}/reply",
        data={"csrf": csrf, "text": "x" * 200_000},
        headers={**JSON, "Connection": "close"},  # the rest of the body is not read
    )
    assert resp.status == 413
    assert (await resp.json())["message"] == "This request is too large for the staff console."
    # a long reply of 4,000 umlauts (48 KB percent-encoded) still fits
    await client.post(f"/staff/conversations/{handoff.id}/claim", data={"csrf": csrf})
    ok = await client.post(
        f"/staff/conversations/{handoff.id}/reply",
        data={"csrf": csrf, "text": "ü" * 4000},
        headers=JSON,
    )
    assert ok.status == 200, await ok.text()


# --- the login form's token -------------------------------------------------------------------


async def post_login(client: TestClient, token: str) -> ClientResponse:
    return await client.post(
        "/staff/login",
        data={"csrf": token, "username": "fo", "password": PASSWORD},
        allow_redirects=False,
    )


async def test_a_login_token_pair_chosen_by_an_attacker_is_refused(console: Console) -> None:
    issued = issue_login_token()
    nonce, _, signature = issued.partition(".")
    forged = [
        "attacker-chosen-token-0123456789abcdef",
        f"{nonce}.{'A' * len(signature)}",
        f"{'B' * len(nonce)}.{signature}",
        nonce,
    ]
    for token in forged:  # e.g. the cookie set through a sibling subdomain, same field
        client = await console.client()  # a browser with no cookie of the server's own
        client.session.cookie_jar.update_cookies({"komm_mit_staff_login": token})
        assert (await post_login(client, token)).status == 403, token
    # a token the server issued works, also one the page did not show to this browser
    client = await console.client()
    client.session.cookie_jar.update_cookies({"komm_mit_staff_login": issued})
    assert (await post_login(client, issued)).status == 303
    page = await (await console.client()).get("/staff/login")
    assert "." in csrf_in(await page.text())


# --- live updates follow the account ------------------------------------------------------------


class Stream:
    """Reads a console's server-sent events in the background."""

    def __init__(self, resp: ClientResponse) -> None:
        self.resp = resp
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.ended = asyncio.Event()
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        kind = ""
        async for raw in self.resp.content:
            line = raw.decode().strip()
            if line.startswith("event: "):
                kind = line[len("event: ") :]
            elif line.startswith("data: "):
                self.events.append((kind, json.loads(line[len("data: ") :])))
        self.ended.set()

    async def until(self, kind: str, seconds: float) -> dict[str, Any]:
        async def seen() -> dict[str, Any]:
            while True:
                for event, data in self.events:
                    if event == kind:
                        return data
                await asyncio.sleep(0.02)

        try:
            return await asyncio.wait_for(seen(), seconds)
        except asyncio.TimeoutError:
            raise AssertionError(f"no {kind!r} within {seconds} s: {self.events}") from None

    async def close(self) -> None:
        self.resp.close()
        self.task.cancel()


async def test_revoking_a_service_cuts_off_its_conversation_stream(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person(service="foreigners_office")
    client, _csrf = await logged_in("fo")
    console.server.app[STAFF_POLL_SECONDS] = 60.0  # as with Redis: nothing wakes the stream
    stream = Stream(await client.get(f"/staff/events?handoff={handoff.id}"))
    try:
        await stream.until("status", 5)
        console.accounts.set_services("fo", ["migration_centre"], False)
        await stream.until("forbidden", 5)
        await asyncio.wait_for(stream.ended.wait(), 5)
        assert [e for e, _ in stream.events if e == "message"] == []
    finally:
        await stream.close()


async def test_revoking_a_service_empties_its_queue_in_an_open_stream(
    console: Console, logged_in: Login
) -> None:
    console.ask_for_a_person(service="foreigners_office")
    client, _csrf = await logged_in("fo")
    stream = Stream(await client.get("/staff/events"))
    try:
        first = await stream.until("queue", 5)
        assert [r["service"] for r in first["queue"]] == ["foreigners_office"]
        console.accounts.set_services("fo", ["migration_centre"], False)
        for _ in range(100):
            queues = [data["queue"] for event, data in stream.events if event == "queue"]
            if len(queues) > 1:
                break
            await asyncio.sleep(0.05)
        assert queues[-1] == []
    finally:
        await stream.close()


async def test_disabling_an_account_ends_its_stream_within_seconds(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person()
    client, _csrf = await logged_in("fo")
    console.server.app[STAFF_POLL_SECONDS] = 60.0
    stream = Stream(await client.get(f"/staff/events?handoff={handoff.id}"))
    try:
        await stream.until("queue", 5)
        console.accounts.disable("fo")
        await stream.until("logout", 6)
        await asyncio.wait_for(stream.ended.wait(), 5)
    finally:
        await stream.close()
