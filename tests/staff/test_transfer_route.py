"""`POST /staff/conversations/{id}/transfer`: staff hand a conversation to another service."""

from __future__ import annotations

import json
from typing import Any

from aiohttp.test_utils import TestClient

from tests.staff.conftest import PASSWORD, SARA, Console, Login

JSON = {"Accept": "application/json"}


def url(handoff_id: int | str) -> str:
    return f"/staff/conversations/{handoff_id}/transfer"


async def post(client: TestClient, path: str, data: Any, **headers: str) -> tuple[int, Any]:
    resp = await client.post(path, data=data, headers={**JSON, **headers}, allow_redirects=False)
    text = await resp.text()
    try:
        return resp.status, json.loads(text)
    except ValueError:
        return resp.status, text


async def notices(client: TestClient) -> list[dict[str, Any]]:
    got = await client.get(f"/api/v1/conversations/{SARA.conversation_id}/notices")
    return list((await got.json())["messages"])


async def test_the_claimer_hands_over_and_the_other_service_sees_it(
    console: Console, logged_in: Login
) -> None:
    handoff = console.ask_for_a_person()
    fo, fo_csrf = await logged_in("fo")
    await post(fo, f"/staff/conversations/{handoff.id}/claim", {"csrf": fo_csrf})
    page = await (await fo.get(f"/staff/conversations/{handoff.id}")).text()
    assert "An anderen Dienst übergeben" in page
    assert '<option value="migration_centre">' in page
    assert '<option value="foreigners_office">' not in page  # not to itself

    status, body = await post(fo, url(handoff.id), {"csrf": fo_csrf, "service": "migration_centre"})
    assert (status, body["service"], body["status"]) == (200, "migration_centre", "waiting")

    mc, _ = await logged_in("mc")
    queue = await (await mc.get("/staff/api/queue", headers=JSON)).json()
    assert [row["id"] for row in queue["queue"]] == [handoff.id]
    page = await (await mc.get(f"/staff/conversations/{handoff.id}")).text()
    note = "Übergeben von Ausländerbehörde an Migrationszentrum (MaßArbeit) durch Frau Ortmann."
    assert note in page
    # The foreigners' office no longer sees it.
    assert (await fo.get(f"/staff/conversations/{handoff.id}", headers=JSON)).status == 403

    user = await console.client()
    told = (await notices(user))[-1]
    assert told["direction"] == "rtl" and told["handoff"] == "waiting"
    assert "Migrationszentrum" in told["text"]


async def test_a_plain_form_goes_back_to_the_queue(console: Console, logged_in: Login) -> None:
    handoff = console.ask_for_a_person()
    fo, csrf = await logged_in("fo")
    resp = await fo.post(
        url(handoff.id),
        data={"csrf": csrf, "service": "integration_commissioner"},
        allow_redirects=False,
    )
    location = f"/staff?handed_over={handoff.id}&to=integration_commissioner"
    assert (resp.status, resp.headers["Location"]) == (303, location)
    assert console.handoffs.get(handoff.id).service == "integration_commissioner"
    page = await (await fo.get(location)).text()
    said = f"Gespräch #{handoff.id} wurde an die Integrationsbeauftragte bzw. den"
    assert f'<p class="notice" role="status" id="handed-over">{said}' in page


async def test_the_queue_confirms_the_hand_over_in_the_clerks_language(
    console: Console, logged_in: Login
) -> None:
    fo, _ = await logged_in("fo")
    page = await (await fo.get("/staff?handed_over=4&to=migration_centre")).text()
    assert "Gespräch #4 wurde an das Migrationszentrum (MaßArbeit) übergeben." in page
    boss, _ = await logged_in("boss")
    english = await (await boss.get("/staff?handed_over=4&to=foreigners_office")).text()
    assert "Conversation #4 was handed over to the foreigners&#39; office." in english


async def test_a_made_up_confirmation_shows_nothing_and_breaks_nothing(
    console: Console, logged_in: Login
) -> None:
    fo, _ = await logged_in("fo")
    for query in (
        "handed_over=4&to=<script>alert(1)</script>",
        "handed_over=4&to=nowhere",
        "handed_over=abc&to=migration_centre",
        "handed_over=99999999999999999999999&to=migration_centre",
        "handed_over=4",
        "to=migration_centre",
    ):
        resp = await fo.get(f"/staff?{query}")
        page = await resp.text()
        assert resp.status == 200, query
        assert 'id="handed-over"' not in page and "<script>alert" not in page, query


async def test_without_permission_nothing_moves(console: Console, logged_in: Login) -> None:
    handoff = console.ask_for_a_person()
    console.accounts.create("ic", PASSWORD, services=["integration_commissioner"])
    ic, ic_csrf = await logged_in("ic")  # staff of a third service
    status, _ = await post(ic, url(handoff.id), {"csrf": ic_csrf, "service": "migration_centre"})
    assert status == 403

    stranger = await console.client()  # not logged in
    status, _ = await post(stranger, url(handoff.id), {"csrf": "x", "service": "migration_centre"})
    assert status == 401
    resp = await stranger.post(url(handoff.id), data={"service": "migration_centre"})
    assert resp.status in (401, 403) or resp.url.path == "/staff/login"

    fo, _csrf = await logged_in("fo")
    status, _ = await post(fo, url(handoff.id), {"service": "migration_centre"})  # no CSRF
    assert status == 403
    status, _ = await post(fo, url(handoff.id), {"csrf": "wrong", "service": "migration_centre"})
    assert status == 403

    fo2, fo2_csrf = await logged_in("fo2")  # taken over by a colleague: theirs to pass on
    await post(fo2, f"/staff/conversations/{handoff.id}/claim", {"csrf": fo2_csrf})
    status, body = await post(fo, url(handoff.id), {"csrf": _csrf, "service": "migration_centre"})
    assert (status, body["error"]) == (409, "not_claimed")
    assert console.handoffs.get(handoff.id).service == "foreigners_office"


async def test_bad_input_gets_a_4xx(console: Console, logged_in: Login) -> None:
    handoff = console.ask_for_a_person()
    fo, csrf = await logged_in("fo")
    for service in ("nowhere", "foreigners_office", "", "migration_centre\x00", "ü" * 300):
        status, body = await post(fo, url(handoff.id), {"csrf": csrf, "service": service})
        assert (status, body["error"]) == (422, "bad_service"), service
    for bad_id in ("0", "999999", "abc", "99999999999"):
        status, _ = await post(fo, url(bad_id), {"csrf": csrf, "service": "migration_centre"})
        assert status == 404, bad_id
    status, _ = await post(fo, url(handoff.id), b"\xff\xfe" * 10, **{"Content-Type": "text/plain"})
    assert 400 <= status < 500
    status, _ = await post(
        fo, url(handoff.id), {"csrf": csrf, "service": "migration_centre", "x": "a" * 100_000}
    )
    assert status == 413
    status, _ = await post(
        fo,
        url(handoff.id),
        b"--broken\r\nContent-Disposition: form-data; name=\x00\r\n",
        **{"Content-Type": "multipart/form-data; boundary=broken"},
    )
    assert 400 <= status < 500
    console.handoffs.leave(handoff.id)  # the person went back to the assistant
    status, body = await post(fo, url(handoff.id), {"csrf": csrf, "service": "migration_centre"})
    assert (status, body["error"]) == (409, "closed")
    assert console.handoffs.get(handoff.id).service == "foreigners_office"
