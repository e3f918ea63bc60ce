"""Reliability on the local production run (tools/production_run.py): PostgreSQL, Redis,
two Rasa servers, two action servers, two `bot/` processes and nginx on loopback.

These tests break things on purpose: a Rasa replica is SIGKILLed under load, PostgreSQL
restarts in the middle of bookings, Redis goes away and comes back.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg2
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.production
RUN = [sys.executable, "-m", "tools.production_run"]  # run with cwd=ROOT


class Production:
    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state
        self.url = str(state["url"])
        self.home = Path(state["home"])

    def ctl(self, *args: str) -> str:
        out = subprocess.run(
            [
                str(Path(sys.executable).parent / "supervisorctl"),
                "-c",
                str(self.home / "supervisord.conf"),
                *args,
            ],
            capture_output=True,
            text=True,
        )
        return out.stdout

    def pid(self, program: str) -> int:
        return int(self.ctl("pid", program).strip())

    def ready(self) -> dict[str, Any]:
        resp = httpx.get(f"{self.url}/readyz", timeout=10)
        return {**resp.json(), "http": resp.status_code}

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            try:
                last = self.ready()
                if last["http"] == 200:
                    return
            except httpx.HTTPError as error:
                last = error
            time.sleep(1)
        raise AssertionError(f"not ready again: {last!r}; {self.ctl('status')}")

    def wait_running(self, program: str, port_key: str, timeout: float = 300) -> None:
        """Until supervisord has restarted `program` and it answers on its port again."""
        port = self.state["ports"][port_key]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                path = "/webhooks/kommmit/ready" if program.startswith("rasa") else "/health"
                if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=3).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(2)
        raise AssertionError(f"{program} did not come back: {self.ctl('status')}")

    def tracker_user_texts(self, conversation: str) -> list[str]:
        with psycopg2.connect(self.state["postgres"]["tracker_url"]) as db, db.cursor() as cur:
            cur.execute(
                "SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id",
                (conversation,),
            )
            return [json.loads(row[0])["text"] for row in cur.fetchall()]

    def booked(self, conversations: list[str]) -> dict[str, list[str]]:
        with psycopg2.connect(self.state["postgres"]["app_url"]) as db, db.cursor() as cur:
            cur.execute(
                "SELECT conversation_id, reference FROM appointments "
                "WHERE status = 'booked' AND conversation_id = ANY(%s)",
                (conversations,),
            )
            found: dict[str, list[str]] = {c: [] for c in conversations}
            for conversation, reference in cur.fetchall():
                found[conversation].append(reference)
            return found


@pytest.fixture(scope="module")
def production() -> Iterator[Production]:
    if not (ROOT / "models" / "komm-mit.tar.gz").exists():
        pytest.fail("no trained model: run `make train` (make test does)")
    if os.geteuid() != 0 and not os.environ.get("CI"):
        pytest.skip("the local production run starts Debian services as root")
    started = subprocess.run([*RUN, "start"], cwd=ROOT, capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail(f"production run did not start:\n{started.stdout}\n{started.stderr}")
    state = json.loads((ROOT / "var" / "production" / "state.json").read_text())
    try:
        yield Production(state)
    finally:
        subprocess.run([*RUN, "stop"], cwd=ROOT, capture_output=True)


def new_conversation(url: str) -> str:
    """A conversation id issued by the server (any replica: they share the secret)."""
    resp = httpx.post(f"{url}/api/v1/conversations", timeout=30)
    assert resp.status_code == 201, resp.text
    return str(resp.json()["conversation_id"])


def say(
    url: str, conversation: str, text: str, *, attempts: int = 20
) -> tuple[dict[str, Any], int]:
    """One message; a polite 503 is retried (that is what the widget tells people to do).

    Returns the answer and how many 503s came before it."""
    retried = 0
    for _ in range(attempts):
        try:
            resp = httpx.post(
                f"{url}/api/v1/conversations/{conversation}/messages",
                json={"text": text, "language": "de"},
                timeout=90,
            )
        except httpx.HTTPError:
            retried += 1
            time.sleep(1)
            continue
        if resp.status_code == 503:
            body = resp.json()
            assert body["error"]["message"], "a 503 must say something polite"
            retried += 1
            time.sleep(1)
            continue
        assert resp.status_code == 200, resp.text
        return dict(resp.json()), retried
    raise AssertionError(f"no answer to {text!r} after {attempts} attempts")


def payloads(answer: dict[str, Any]) -> list[str]:
    return [b["payload"] for m in answer["messages"] for b in m.get("buttons", [])]


def book(url: str, conversation: str, service: str, choice: int = 0) -> str | None:
    """A whole booking through the buttons (the `choice`-th free time offered); the
    reference, if the last answer arrived."""
    first, _ = say(url, conversation, f'/book_appointment{{"service": "{service}"}}')
    concern = next(p for p in payloads(first) if "booking_concern" in p)
    times, _ = say(url, conversation, concern)
    offered = [p for p in payloads(times) if "booking_time" in p]
    time_choice = offered[choice % len(offered)]
    contact, _ = say(url, conversation, time_choice)
    assert any("booking_contact" in p for p in payloads(contact)), contact
    summary, _ = say(url, conversation, '/inform{"booking_contact": "none"}')
    assert "/affirm" in payloads(summary)  # the summary asks yes or no
    done, _ = say(url, conversation, "/affirm")
    text = "\n".join(m["text"] for m in done["messages"])
    found = re.search(r"KM-[0-9A-Z]{4}", text)
    return found[0] if found else None


def test_a_conversation_spread_over_both_replicas_keeps_its_state(
    production: Production,
) -> None:
    """A booking whose messages went to both Rasa and both bot/ replicas still books.

    nginx spreads requests round robin, but a replica it found slow once is skipped for
    five seconds (max_fails=1), so one conversation may land on one replica only: up to
    four conversations are tried until one is spread; each of them must book.
    """
    log_rasa = production.home / "logs" / "rasa-upstream.log"
    log_bot = production.home / "logs" / "bot-upstream.log"
    rasa_ports = {production.state["ports"][k] for k in ("rasa_a", "rasa_b")}
    bot_ports = {production.state["ports"][k] for k in ("bot_a", "bot_b")}

    def ports(log: Path, since: int) -> set[int]:
        lines = log.read_text().splitlines()[since:]
        return {int(line.split()[0].rsplit(":", 1)[1]) for line in lines}

    seen: list[tuple[set[int], set[int]]] = []
    for _attempt in range(4):
        before_rasa = len(log_rasa.read_text().splitlines())
        before_bot = len(log_bot.read_text().splitlines())
        conversation = new_conversation(production.url)
        reference = book(production.url, conversation, "migration_centre")
        assert reference, "the booking form lost its state between replicas"
        assert production.booked([conversation])[conversation] == [reference]
        seen.append((ports(log_rasa, before_rasa), ports(log_bot, before_bot)))
        if seen[-1] == (rasa_ports, bot_ports):
            return
    raise AssertionError(f"no conversation reached both replicas of each: {seen}")


def test_killing_a_rasa_replica_under_load_loses_no_conversation(
    production: Production,
) -> None:
    messages = ["Hallo", "Wo ist die Ausländerbehörde?", "Wann ist geöffnet?", "Danke", "Tschüss"]
    conversations = [new_conversation(production.url) for _ in range(8)]
    answered: dict[str, list[str]] = {c: [] for c in conversations}
    retries: list[int] = []

    def talk(conversation: str) -> None:
        for text in messages:
            answer, retried = say(production.url, conversation, text)
            assert answer["messages"], "every answered turn says something"
            answered[conversation].append(text)
            retries.append(retried)
            time.sleep(0.3)

    threads = [threading.Thread(target=talk, args=(c,)) for c in conversations]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    os.kill(production.pid("rasa_a"), signal.SIGKILL)  # mid-load, no goodbye
    for thread in threads:
        thread.join(300)
    assert all(answered[c] == messages for c in conversations), answered
    for conversation in conversations:
        seen = production.tracker_user_texts(conversation)
        distinct = [t for i, t in enumerate(seen) if i == 0 or seen[i - 1] != t]
        assert distinct == messages, f"tracker of {conversation}: {seen}"
    production.wait_running("rasa_a", "rasa_a")  # supervisord brought it back by itself


def test_postgres_restarting_mid_bookings_loses_and_doubles_nothing(
    production: Production,
) -> None:
    conversations = [new_conversation(production.url) for _ in range(6)]
    services = ["foreigners_office", "migration_centre"]
    references: dict[str, str | None] = {}
    errors: list[BaseException] = []

    def run(conversation: str, service: str, choice: int) -> None:
        try:
            references[conversation] = book(production.url, conversation, service, choice)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(c, services[i % 2], i // 2))
        for i, c in enumerate(conversations)
    ]
    for thread in threads:
        thread.start()
    time.sleep(3.0)
    pg_dir = production.state["postgres"]["dir"]
    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    subprocess.run(  # the server's output goes to its log, or it would hold our pipe open
        [
            "su",
            "postgres",
            "-c",
            f"{pgbin}/pg_ctl -D '{pg_dir}' -l '{pg_dir}/server.log' -m fast -w restart",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    for thread in threads:
        thread.join(600)
    assert not errors, errors
    production.wait_ready()
    booked = production.booked(conversations)
    for conversation in conversations:
        assert len(booked[conversation]) <= 1, f"doubled: {booked[conversation]}"
        if references[conversation]:
            assert booked[conversation] == [references[conversation]], "lost"
        # What the person sees in "my appointments" is what the database holds.
        listed, _ = say(production.url, conversation, "/show_appointments")
        shown = re.findall(r"KM-[0-9A-Z]{4}", "\n".join(m["text"] for m in listed["messages"]))
        assert sorted(set(shown)) == sorted(booked[conversation])
    assert sum(len(v) for v in booked.values()) >= 1


def test_redis_down_is_reported_and_the_service_recovers(production: Production) -> None:
    conversation = new_conversation(production.url)
    production.ctl("stop", "redis")
    try:
        deadline = time.monotonic() + 30
        while production.ready().get("redis") is not False and time.monotonic() < deadline:
            time.sleep(0.5)
        report = production.ready()
        assert report["http"] == 503 and report["redis"] is False
        assert report["database"] is True  # the report says where the problem is
        resp = httpx.post(
            f"{production.url}/api/v1/conversations/{conversation}/messages",
            json={"text": "Hallo"},
            timeout=90,
        )
        assert resp.status_code == 503 and resp.json()["error"]["message"]
    finally:
        production.ctl("start", "redis")
    production.wait_ready(120)
    answer, _ = say(production.url, conversation, "Hallo")
    assert answer["messages"]
