"""The internal services against the real processes of `make run` (issue 14, part 2 and 6).

Rasa, the action server and `bot/` are started exactly as the Procfile starts them;
each test calls them the way an attacker on this machine could, and the way our own
processes do (with the internal token), so fake and real cannot drift apart.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.test_stack import MODEL, Chat, Stack

pytestmark = pytest.mark.stack
HEADER = "X-Komm-Mit-Token"
HEADER_TIMEOUT = 2.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does)")
    running = Stack(tmp_path_factory.mktemp("internal"))
    running.env["KOMM_MIT_HEADER_TIMEOUT"] = str(HEADER_TIMEOUT)
    with running.started():
        yield running


def token(stack: Stack) -> str:
    return (stack.tmp / "internal-token").read_text().strip()


def url(stack: Stack, name: str, path: str) -> str:
    return f"http://127.0.0.1:{stack.ports[name]}{path}"


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port` (from /proc, IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1


@pytest.mark.parametrize("name", ["rasa", "actions", "bot"])
def test_every_process_listens_on_loopback_only(stack: Stack, name: str) -> None:
    addresses = listening_addresses(stack.ports[name])
    assert addresses, f"{name} does not listen"
    assert addresses <= LOOPBACK, f"{name} listens on {addresses}"


BAD_TOKENS = [None, "wrong", "ä-not-ascii-ü"]


def headers_with(bad: str | None) -> dict[str, bytes]:
    return {} if bad is None else {HEADER: bad.encode("utf-8")}


@pytest.mark.parametrize("bad", BAD_TOKENS)
@pytest.mark.parametrize(
    ("name", "method", "path", "body"),
    [
        # Listing, booking, cancelling, handing over: all through this one route.
        ("actions", "POST", "/webhook", {"next_action": "action_list_appointments"}),
        ("actions", "GET", "/actions", None),
        ("rasa", "POST", "/webhooks/kommmit/webhook", {"sender": "tg-12345", "message": "hi"}),
        ("rasa", "POST", "/webhooks/kommmit/events", {"sender": "tg-12345", "events": []}),
        ("rasa", "POST", "/webhooks/kommmit/forget", {"sender": "tg-12345"}),
        ("rasa", "POST", "/webhooks/kommmit/expire", {"before": 2e9}),
        ("bot", "POST", "/nlg", {"response": "utter_handoff_waiting", "arguments": {}}),
    ],
)
def test_internal_routes_refuse_callers_without_the_token(
    stack: Stack, bad: str | None, name: str, method: str, path: str, body: object
) -> None:
    resp = httpx.request(
        method, url(stack, name, path), json=body, headers=headers_with(bad), timeout=30
    )
    assert resp.status_code == 403, resp.text


def test_a_huge_message_straight_to_rasa_is_refused(stack: Stack) -> None:
    body = {"sender": "anyone-1234", "message": "x" * 100_000}
    resp = httpx.post(url(stack, "rasa", "/webhooks/kommmit/webhook"), json=body, timeout=30)
    assert resp.status_code == 403
    # and a burst is refused as a whole: nothing reaches the model without the token
    codes = {
        httpx.post(
            url(stack, "rasa", "/webhooks/kommmit/webhook"), json=body, timeout=30
        ).status_code
        for _ in range(10)
    }
    assert codes == {403}


def test_the_action_server_answers_rasa_and_repeats_nothing_of_a_bad_request(
    stack: Stack,
) -> None:
    assert httpx.get(url(stack, "actions", "/health"), timeout=10).status_code == 200
    with_token = {HEADER: token(stack)}
    listed = httpx.get(url(stack, "actions", "/actions"), headers=with_token, timeout=10)
    assert listed.status_code == 200
    assert {"name": "action_track_context"} in listed.json()
    broken = httpx.post(
        url(stack, "actions", "/webhook"),
        json={"next_action": "action_track_context", "tracker": "secret-text"},
        headers=with_token,
        timeout=10,
    )
    assert 400 <= broken.status_code < 600
    assert "secret-text" not in broken.text


def test_nlg_with_the_token_checks_its_input(stack: Stack) -> None:
    with_token = {HEADER: token(stack), "Content-Type": "application/json"}
    nlg = url(stack, "bot", "/nlg")
    for body in (
        {"tracker": "x"},
        {"response": "utter_greet", "tracker": {"slots": "x"}},
        "[" * 60_000,
        '{"response": ' + "9" * 5000 + "}",
    ):
        data = body if isinstance(body, str) else json.dumps(body)
        resp = httpx.post(nlg, content=data, headers=with_token, timeout=10)
        assert resp.status_code == 400, (str(body)[:40], resp.text)
    big = httpx.post(nlg, content=b"{" + b" " * 2_000_000, headers=with_token, timeout=10)
    assert big.status_code == 413
    ok = httpx.post(
        nlg, json={"response": "utter_greet", "tracker": {"slots": {"language": "uk"}}},
        headers=with_token, timeout=10,
    )  # fmt: skip
    assert ok.status_code == 200
    assert ok.json()["language"] == "uk"


def test_forged_nlg_calls_create_no_metric_series(stack: Stack) -> None:
    nlg = url(stack, "bot", "/nlg")
    for i in range(20):
        body = {"response": "utter_handoff_waiting", "arguments": {"service": f"forged-{i}"}}
        httpx.post(nlg, json=body, timeout=10)  # without the token
        httpx.post(nlg, json=body, headers={HEADER: token(stack)}, timeout=10)  # with it
    metrics = httpx.get(url(stack, "bot", "/metrics"), timeout=10).text
    assert "forged-" not in metrics


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("[" * 60_000, "deeply nested"),
        ('{"text": ' + "7" * 5000 + "}", "a 5,000-digit number"),
        ('{"text": "hallo", "language": ' + "[" * 5000 + "]" * 5000 + "}", "nested hint"),
    ],
)
def test_the_chat_api_answers_bad_bodies_politely(stack: Stack, body: str, what: str) -> None:
    resp = httpx.post(
        Chat(stack).url, content=body, headers={"Content-Type": "application/json"}, timeout=30
    )
    assert 400 <= resp.status_code < 500, what
    assert resp.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/", "/demo/district", "/privacy"])
def test_public_pages_send_security_headers_and_no_versions(stack: Stack, path: str) -> None:
    resp = httpx.get(url(stack, "bot", path), timeout=10)
    assert resp.status_code == 200
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "aiohttp" not in resp.headers.get("Server", "").lower()
    assert "python" not in resp.headers.get("Server", "").lower()


def test_the_origin_check_does_not_trust_the_host_header(stack: Stack) -> None:
    chat = Chat(stack).url
    forged = httpx.post(
        chat,
        json={"text": "hallo"},
        headers={"Host": "evil.example", "Origin": "http://evil.example"},
        timeout=30,
    )
    assert forged.status_code == 403
    own = f"http://127.0.0.1:{stack.ports['bot']}"
    assert httpx.post(chat, json={"text": "hallo"}, headers={"Origin": own}, timeout=60).is_success


def test_a_connection_that_never_finishes_its_headers_is_closed(stack: Stack) -> None:
    with socket.create_connection(("127.0.0.1", stack.ports["bot"]), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        started = time.monotonic()
        received = sock.recv(1024)  # b"" once the server closes the connection
        waited = time.monotonic() - started
    assert received == b""
    assert waited < HEADER_TIMEOUT + 5
    # a normal request on a new connection still works
    assert httpx.get(url(stack, "bot", "/healthz"), timeout=10).status_code == 200
