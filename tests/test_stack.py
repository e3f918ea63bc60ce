"""The chat API against the real stack: trained model, action server, bot service.

Starts the three processes of `make run` on free ports with a fresh SQLite
directory, talks to the assistant like a newcomer would, and reads the answers.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.content import content
from tests.conftest import ROOT
from tests.fakes import BackgroundLoop
from tests.telegram.conftest import TOKEN, FakeBotApi, private_message
from tools.localhost import free_port, procfile

pytestmark = pytest.mark.stack
MODEL = ROOT / "models" / "komm-mit.tar.gz"
BIN = Path(sys.executable).parent


class BotApiDouble:
    """The Telegram Bot API test double, served from a thread for the stack's `bot` process."""

    def __init__(self) -> None:
        self.background = BackgroundLoop()
        self.api = FakeBotApi()
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.api.handle)
        self.url = self.background.serve(app)

    def push(self, update: dict[str, Any]) -> None:
        self.background.loop.call_soon_threadsafe(self.api.push, update)

    def wait_for(self, method: str, count: int = 1, timeout: float = 60) -> list[dict[str, Any]]:
        return self.background.run(self.api.wait_for(method, count, timeout), timeout + 5)


class Stack:
    def __init__(self, tmp: Path, telegram: BotApiDouble | None = None) -> None:
        self.ports = {"bot": free_port(), "rasa": free_port(), "actions": free_port()}
        self.env = {
            **os.environ,
            "KOMM_MIT_PORT": str(self.ports["bot"]),
            "RASA_PORT": str(self.ports["rasa"]),
            "ACTIONS_PORT": str(self.ports["actions"]),
            "KOMM_MIT_VAR": str(tmp),
            "VENV": str(BIN.parent),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            # The tests talk fast from one address; the limits have tests of their own.
            "KOMM_MIT_RATE_PER_ADDRESS": "0",
            "KOMM_MIT_RATE_PER_CONVERSATION": "0",
        }
        self.env.pop("KOMM_MIT_DATABASE_URL", None)  # SQLite in KOMM_MIT_VAR, like `make run`
        if telegram is not None:
            self.env["TELEGRAM_BOT_TOKEN"] = TOKEN
            self.env["TELEGRAM_API_BASE_URL"] = telegram.url
        self.tmp = tmp
        self.telegram = telegram
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.url = f"http://127.0.0.1:{self.ports['bot']}"

    def start(self) -> None:
        subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=self.env, check=True)
        commands = procfile()  # exactly what `make run` starts
        for name, command in commands.items():
            log = (self.tmp / f"{name}.log").open("wb")
            self.procs[name] = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"{name} exited:\n{(self.tmp / f'{name}.log').read_text()[-3000:]}"
                    )
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(1)
        raise RuntimeError("stack did not become ready in 240 s")

    @contextmanager
    def started(self) -> Iterator[Stack]:
        """The stack started, and stopped again afterwards (also when starting fails)."""
        try:
            self.start()
            yield self
        finally:
            self.stop()

    def stop(self, name: str | None = None) -> None:
        for key, proc in self.procs.items():
            if name in (None, key) and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does)")
    with Stack(tmp_path_factory.mktemp("stack"), BotApiDouble()).started() as running:
        yield running


def new_conversation(stack: Stack) -> str:
    """A conversation id issued by the server, as the widget gets one."""
    resp = httpx.post(f"{stack.url}/api/v1/conversations", timeout=30)
    assert resp.status_code == 201, resp.text
    return str(resp.json()["conversation_id"])


def take_notices(stack: Stack, conversation: str) -> list[dict[str, Any]]:
    """The conversation's new notices, confirmed as the widget confirms what it showed."""
    url = f"{stack.url}/api/v1/conversations/{conversation}/notices"
    messages = list(httpx.get(url, timeout=30).json()["messages"])
    if messages:
        ack = httpx.post(f"{url}/ack", json={"up_to": messages[-1]["id"]}, timeout=30)
        assert ack.status_code == 200, ack.text
    return messages


class Chat:
    """One newcomer's conversation through the public chat API."""

    def __init__(self, stack: Stack, hint: str | None = None) -> None:
        self.url = f"{stack.url}/api/v1/conversations/{new_conversation(stack)}/messages"
        self.hint = hint

    def say(self, text: str) -> dict[str, Any]:
        body: dict[str, Any] = {"text": text}
        if self.hint:
            body["language"] = self.hint
        resp = httpx.post(self.url, json=body, timeout=60)
        assert resp.status_code == 200, resp.text
        return dict(resp.json())


def texts(answer: dict[str, Any]) -> str:
    return "\n".join(m["text"] for m in answer["messages"])


def payloads(answer: dict[str, Any]) -> list[str]:
    return [b["payload"] for m in answer["messages"] for b in m["buttons"]]


def test_greeting_offers_the_three_services_as_buttons(stack: Stack) -> None:
    answer = Chat(stack, hint="de").say("Hallo")
    assert answer["language"] == "de"
    assert "Komm Mit" in texts(answer)
    assert {p for p in payloads(answer) if "service" in p} == {
        '/ask_services_overview{"service": "foreigners_office"}',
        '/ask_services_overview{"service": "migration_centre"}',
        '/ask_services_overview{"service": "integration_commissioner"}',
    }


def test_clicking_a_service_button_explains_that_service(stack: Stack) -> None:
    chat = Chat(stack, hint="en")
    chat.say("hi")
    answer = chat.say('/ask_services_overview{"service": "migration_centre"}')
    assert "Migrationszentrum" in texts(answer)
    assert "/ask_job_search" in payloads(answer)


def test_arabic_question_gets_an_arabic_right_to_left_answer(stack: Stack) -> None:
    answer = Chat(stack).say("انتهت صلاحية الإقامة تبعي، كيف أجددها؟")
    assert answer["language"] == "ar"
    assert answer["direction"] == "rtl"
    text = texts(answer)
    assert any("\u0600" <= ch <= "\u06ff" for ch in text)
    assert "Fiktionsbescheinigung" in text  # the German term stays, as on the office's letters


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("uk", "Я втекла з України, який статус я можу отримати?", "§ 24"),
        ("fa", "مدرکم در آلمان به رسمیت شناخته میشه؟", "anerkennung-in-deutschland.de"),
        ("tr", "Vatandaşlık almak istiyorum, ne yapmam lazım?", "B1"),
        ("ru", "Где находится ведомство по делам иностранцев?", "Am Schölerberg 1"),
        ("en", "I want to volunteer and help other refugees", "integration commissioner"),
        ("de", "Wann sind Sie geöffnet?", "https://"),
    ],
)
def test_questions_in_each_language_get_the_right_answer_in_that_language(
    stack: Stack, lang: str, question: str, expected: str
) -> None:
    answer = Chat(stack).say(question)
    assert answer["language"] == lang
    assert expected in texts(answer)


def test_explicit_language_switch_and_it_stays(stack: Stack) -> None:
    chat = Chat(stack, hint="de")
    assert chat.say("Guten Tag")["language"] == "de"
    switched = chat.say("Können wir bitte Arabisch sprechen?")
    assert switched["language"] == "ar"
    assert switched["direction"] == "rtl"
    assert chat.say("ok")["language"] == "ar"


def test_language_command_offers_native_names(stack: Stack) -> None:
    answer = Chat(stack, hint="en").say("/language")
    titles = [b["title"] for m in answer["messages"] for b in m["buttons"]]
    assert {"Deutsch", "العربية", "فارسی", "Українська", "Русский", "Türkçe", "English"} <= set(
        titles
    )


def test_two_misunderstandings_lead_to_an_offer(stack: Stack) -> None:
    chat = Chat(stack, hint="en")
    chat.say("hello")
    first = chat.say("qwxz vbnm plokij")
    assert "/request_human" not in payloads(first)
    second = chat.say("zzqv lkjh mnbv")
    assert "/book_appointment" in payloads(second)
    assert "/affirm" in payloads(second)
    third = chat.say("yes")  # hands over; no topic yet, so the service is asked
    assert [m for m in third["messages"] if not m["buttons"]] == []  # and nothing else said
    assert '/request_human{"service": "migration_centre"}' in payloads(third)


def test_bot_is_honest_about_being_a_bot(stack: Stack) -> None:
    answer = Chat(stack, hint="en").say("am I talking to a real human?")
    assert "automated assistant" in texts(answer)


def test_unknown_phone_number_is_not_invented(stack: Stack) -> None:
    # No direct line is confirmed for the office: the answer says so and gives the
    # Kreishaus switchboard from the facts file (with its source), nothing made up.
    answer = Chat(stack, hint="en").say("what is the phone number of the foreigners office?")
    assert "no direct phone number or e-mail address is confirmed yet" in texts(answer)
    assert str(content().fact("kreishaus.switchboard_phone")) in texts(answer)


def test_unsupported_language_gets_the_bilingual_notice(stack: Stack) -> None:
    answer = Chat(stack).say("Bonjour, j'ai besoin d'un rendez-vous pour mon titre de séjour")
    assert "Deutsch, English, العربية" in texts(answer)


def test_script_injection_is_answered_as_text(stack: Stack) -> None:
    answer = Chat(stack, hint="en").say("<img src=x onerror=alert(1)>")
    assert answer["messages"]
    assert "<img" not in texts(answer)


def test_conversations_are_kept_in_sqlite(stack: Stack) -> None:
    assert (stack.tmp / "tracker.db").stat().st_size > 0


# --- appointments ---------------------------------------------------------------------------


def buttons(answer: dict[str, Any], marker: str) -> list[dict[str, str]]:
    return [b for m in answer["messages"] for b in m["buttons"] if marker in b["payload"]]


def attachment(answer: dict[str, Any]) -> dict[str, str]:
    found = [m["attachment"] for m in answer["messages"] if m.get("attachment")]
    assert found, answer
    return dict(found[0])


def book_by_buttons(chat: Chat, service: str, concern: str, pick: int = 0) -> dict[str, Any]:
    """Book with button payloads only; returns the confirmation."""
    offer = chat.say(f'/book_appointment{{"service": "{service}"}}')
    concerns = buttons(offer, "booking_concern")
    chosen = next(b for b in concerns if concern in b["payload"])
    times = buttons(chat.say(chosen["payload"]), "booking_time")
    assert len(times) >= 2, "the example calendar must offer several times"
    asked = chat.say(times[pick]["payload"])
    if buttons(asked, "booking_contact"):
        asked = chat.say(buttons(asked, "booking_contact")[0]["payload"])
    assert "/affirm" in payloads(asked) and "/deny" in payloads(asked)
    return chat.say("/affirm")


def test_booking_in_arabic_from_a_sentence_to_a_calendar_file(stack: Stack) -> None:
    chat = Chat(stack)
    first = chat.say("أريد حجز موعد في دائرة الأجانب لتجديد الإقامة")
    assert first["language"] == "ar" and first["direction"] == "rtl"
    concerns = [b for b in buttons(first, "booking_concern") if "permit_extension" in b["payload"]]
    # "to renew my residence" may already name the concern; then the times come at once.
    offer = chat.say(concerns[0]["payload"]) if concerns else first
    times = buttons(offer, "booking_time")
    assert 2 <= len(times) <= 5
    assert any(day in times[0]["title"] for day in ("الاثنين", "الثلاثاء", "الخميس"))
    contact = chat.say(times[0]["payload"])
    summary = chat.say(buttons(contact, "booking_contact")[0]["payload"])
    assert "Am Schölerberg 1" in texts(summary)  # place from the content file
    done = chat.say("نعم")
    reference = re.search(r"KM-[A-Z0-9]{4}", texts(done))
    assert reference, texts(done)
    ics = httpx.get(stack.url + attachment(done)["url"], timeout=10)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text and reference.group(0) in ics.text
    listed = chat.say("/show_appointments")
    assert reference.group(0) in texts(listed)


def test_a_reference_does_not_open_another_conversations_booking(stack: Stack) -> None:
    chat = Chat(stack, hint="en")
    done = book_by_buttons(chat, "migration_centre", "recognition")
    url = attachment(done)["url"]
    stranger = re.sub(r"conversations/[^/]+/", f"conversations/{new_conversation(stack)}/", url)
    assert httpx.get(stack.url + stranger, timeout=10).status_code == 404
    assert re.search(r"KM-\w{4}", texts(done)).group(0) not in texts(  # type: ignore[union-attr]
        Chat(stack, hint="en").say("/show_appointments")
    )


@pytest.mark.parametrize(
    ("lang", "hello", "move", "cancel", "yes"),
    [
        (
            "uk",
            "Добрий день",
            "Чи можу я перенести свій термін на інший день?",
            "скасуйте мій запис {ref}",
            "так",
        ),
        ("ar", "مرحبا", "بدي غير موعدي ليوم تاني", "أريد إلغاء موعدي {ref}", "نعم"),
        (
            "tr",
            "merhaba",
            "randevumu başka bir güne alabilir miyim?",
            "{ref} randevumu iptal etmek istiyorum",
            "evet",
        ),
    ],
)
def test_book_list_move_and_cancel(
    stack: Stack, lang: str, hello: str, move: str, cancel: str, yes: str
) -> None:
    chat = Chat(stack, hint=lang)
    chat.say(hello)
    old = re.search(
        r"KM-\w{4}", texts(book_by_buttons(chat, "integration_commissioner", "volunteering"))
    )
    assert old
    assert old.group(0) in texts(chat.say("/show_appointments"))
    moving = chat.say(move)
    assert moving["language"] == lang
    times = buttons(moving, "booking_time")
    assert times, texts(moving)
    summary = chat.say(times[-1]["payload"])
    assert old.group(0) in texts(summary)  # "will be cancelled when you confirm"
    moved = chat.say("/affirm")
    new = re.search(r"KM-\w{4}", texts(moved))
    assert new and new.group(0) != old.group(0)
    listed = texts(chat.say("/show_appointments"))
    assert new.group(0) in listed and old.group(0) not in listed
    confirm = chat.say(cancel.format(ref=new.group(0)))
    assert "/affirm" in payloads(confirm), texts(confirm)
    cancelled = chat.say(yes)
    assert cancelled["language"] == lang and new.group(0) in texts(cancelled)
    assert "/book_appointment" in payloads(chat.say("/show_appointments"))
    assert new.group(0) not in texts(chat.say("/show_appointments"))


def test_leaving_the_form_books_nothing_in_german_and_turkish(stack: Stack) -> None:
    chat = Chat(stack, hint="de")
    asked = chat.say("Ich brauche einen Termin")
    assert buttons(asked, "service")
    stopped = chat.say("abbrechen")
    assert "/book_appointment" in payloads(stopped)
    offer = chat.say('/book_appointment{"service": "foreigners_office"}')
    assert buttons(offer, "booking_concern")
    # "What do I bring?" belongs to booking: answered, and the same question comes again.
    bring = chat.say("Was muss ich mitbringen?")
    assert "Meldebescheinigung" in texts(bring)
    assert buttons(bring, "booking_concern")
    # "Where is it?" too: answered, and the booking goes on with the same question.
    answer = chat.say("Wo ist das Kreishaus?")
    assert "Am Schölerberg 1" in texts(answer)
    assert buttons(answer, "booking_concern")
    assert "/book_appointment" in payloads(chat.say("abbrechen"))  # only a clear stop stops
    assert "/book_appointment" in payloads(chat.say("/show_appointments"))  # nothing booked

    turkish = Chat(stack, hint="tr")
    offer = turkish.say('/book_appointment{"service": "migration_centre"}')
    concern = buttons(offer, "booking_concern")[0]
    wished = turkish.say(concern["payload"])
    assert buttons(wished, "booking_time")
    near = turkish.say("gelecek salı sabah")
    times = buttons(near, "booking_time")
    assert times and near["language"] == "tr"
    assert "Sal" in times[0]["title"]  # Tuesday first, in Turkish
    assert "/book_appointment" in payloads(turkish.say("vazgeçtim"))


# --- Telegram, through the same stack --------------------------------------------------------


def test_telegram_user_books_in_arabic_with_buttons(stack: Stack) -> None:
    """Real model, actions and rendering behind the Telegram channel (Bot API double)."""
    telegram = stack.telegram
    assert telegram is not None
    entities = [{"type": "bot_command", "offset": 0, "length": 6}]
    telegram.push(private_message("/start", user_id=9001, lang="ar", entities=entities))
    [greeting] = telegram.wait_for("sendMessage")
    assert greeting["chat_id"] == 9001
    assert any("\u0600" <= ch <= "\u06ff" for ch in greeting["text"])
    assert greeting["reply_markup"]["inline_keyboard"]
    telegram.push(private_message("أريد موعدا عند دائرة الأجانب", user_id=9001, lang="ar"))
    asked = telegram.wait_for("sendMessage", 2)[-1]
    concern = asked["reply_markup"]["inline_keyboard"][0][0]
    user = {"id": 9001, "is_bot": False, "first_name": "T", "language_code": "ar"}
    telegram.push(
        {
            "callback_query": {
                "id": "cb-stack-1",
                "from": user,
                "chat_instance": "ci",
                "data": concern["callback_data"],
                "message": {
                    "message_id": asked.get("message_id", 1),
                    "date": int(time.time()),
                    "chat": {"id": 9001, "type": "private"},
                    "text": "?",
                },
            }
        }
    )
    times = telegram.wait_for("sendMessage", 3)[-1]
    assert len(times["reply_markup"]["inline_keyboard"]) >= 3  # free times as buttons
    assert telegram.wait_for("answerCallbackQuery")[0]["callback_query_id"] == "cb-stack-1"


# --- handoff to staff, through the same stack -------------------------------------------------


class StaffBrowser:
    """A staff member using the console's HTTP endpoints (login form, CSRF token)."""

    def __init__(self, stack: Stack, username: str) -> None:
        password = "stack test password"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bot",
                "staff",
                "add",
                username,
                "--password-stdin",
                "--service",
                "foreigners_office",
            ],
            input=password.encode(),
            cwd=ROOT,
            env=stack.env,
            check=True,
        )
        self.http = httpx.Client(base_url=stack.url, timeout=30)
        page = self.http.get("/staff/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        resp = self.http.post(
            "/staff/login",
            data={"csrf": token[1], "username": username, "password": password},
        )
        assert resp.status_code == 303, resp.text
        queue = self.http.get("/staff")
        found = re.search(r'name="csrf-token" content="([^"]+)"', queue.text)
        assert found
        self.csrf = found[1]

    def queue(self) -> list[dict[str, Any]]:
        resp = self.http.get("/staff/api/queue", headers={"Accept": "application/json"})
        return list(resp.json()["queue"])

    def post(self, handoff_id: int, what: str, **data: str) -> dict[str, Any]:
        resp = self.http.post(
            f"/staff/conversations/{handoff_id}/{what}",
            data={"csrf": self.csrf, **data},
            headers={"Accept": "application/json"},
        )
        assert resp.status_code == 200, resp.text
        return dict(resp.json())


def farsi(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def tracker_events(stack: Stack, conversation: str) -> list[dict[str, Any]]:
    import json
    import sqlite3

    with sqlite3.connect(stack.tmp / "tracker.db") as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (conversation,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_farsi_handoff_round_trip_from_the_widget(stack: Stack) -> None:
    chat = Chat(stack, hint="fa")
    conversation = chat.url.split("/")[-2]
    chat.say("سلام")
    asked = chat.say("با یک کارمند اداره خارجی‌ها وصلم کن")
    if "handoff" not in asked:  # the model may ask which service first
        assert "/request_human" in " ".join(payloads(asked))
        asked = chat.say('/request_human{"service": "foreigners_office"}')
    assert asked["handoff"]["service"] == "foreigners_office"
    assert asked["language"] == "fa" and farsi(texts(asked))
    assert "/bot" in payloads(asked)  # the way back to the bot is offered

    acknowledged = chat.say("کسی آنجاست؟")  # the bot says that staff will read it
    assert acknowledged["handoff"]["status"] == "waiting" and farsi(texts(acknowledged))
    assert payloads(acknowledged) == ["/bot"]
    silent = chat.say("ممنون")
    assert silent["messages"] == [] and silent["handoff"]["status"] == "waiting"

    staff = StaffBrowser(stack, "stack-fo")
    [row] = [r for r in staff.queue() if r["language"] == "fa" and r["status"] == "waiting"]
    staff.post(row["id"], "claim")
    staff.post(row["id"], "reply", canned="hello")
    staff.post(row["id"], "reply", text="Bitte bringen Sie Ihren Pass mit.")
    arrived = take_notices(stack, conversation)
    assert [m.get("sender") for m in arrived] == [None, "staff", "staff"]
    assert all(m["language"] == "fa" for m in arrived)
    assert farsi(arrived[1]["text"]) and farsi(arrived[1]["label"])
    assert arrived[2]["text"] == "Bitte bringen Sie Ihren Pass mit."

    assert staff.post(row["id"], "close")["resumed"] is True
    closed = take_notices(stack, conversation)
    assert farsi(closed[0]["text"])

    answer = chat.say("برای اجازه کار چه کار کنم؟")  # the bot answers again, in Farsi
    assert "handoff" not in answer and farsi(texts(answer))
    events = tracker_events(stack, conversation)
    said = [e for e in events if e.get("event") == "bot" and (e.get("metadata") or {}).get("staff")]
    assert [e["text"] for e in said] == [arrived[1]["text"], arrived[2]["text"]]
    kinds = [e["event"] for e in events]
    assert "pause" in kinds and "resume" in kinds
    assert any(e.get("event") == "user" and e.get("text") == "کسی آنجاست؟" for e in events)


def test_farsi_handoff_round_trip_from_telegram(stack: Stack) -> None:
    telegram = stack.telegram
    assert telegram is not None
    user_id = 9002
    before = len(telegram.api.sent("sendMessage"))
    entities = [{"type": "bot_command", "offset": 0, "length": 6}]
    telegram.push(private_message("/human", user_id=user_id, lang="fa", entities=entities))
    asked = telegram.wait_for("sendMessage", before + 1)[-1]
    assert asked["chat_id"] == user_id and farsi(asked["text"])
    buttons = [b for row in asked["reply_markup"]["inline_keyboard"] for b in row]
    user = {"id": user_id, "is_bot": False, "first_name": "T", "language_code": "fa"}
    telegram.push(
        {
            "callback_query": {
                "id": "cb-handoff-1",
                "from": user,
                "chat_instance": "ci",
                "data": buttons[0]["callback_data"],  # the foreigners' office
                "message": {
                    "message_id": asked.get("message_id", 1),
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private"},
                    "text": "?",
                },
            }
        }
    )
    queued = telegram.wait_for("sendMessage", before + 2)[-1]
    assert farsi(queued["text"])
    sent_so_far = len(telegram.api.sent("sendMessage"))
    telegram.push(private_message("سلام، منتظرم", user_id=user_id, lang="fa"))
    # the first message while waiting is acknowledged (staff will read it), in Farsi
    ack = telegram.wait_for("sendMessage", sent_so_far + 1, timeout=30)[-1]
    assert ack["chat_id"] == user_id and farsi(ack["text"])
    sent_so_far += 1

    staff = StaffBrowser(stack, "stack-fo-telegram")
    deadline = time.monotonic() + 30
    row: dict[str, Any] | None = None
    while row is None and time.monotonic() < deadline:
        rows = [r for r in staff.queue() if r["channel_label"] == "Telegram" and r["unread"]]
        row = rows[0] if rows else None
        time.sleep(0.5)
    assert row is not None, "the Telegram message did not reach the staff queue"
    assert len(telegram.api.sent("sendMessage")) == sent_so_far  # nothing more than that
    staff.post(row["id"], "claim")
    staff.post(row["id"], "reply", canned="looking")
    replies = telegram.wait_for("sendMessage", sent_so_far + 2, timeout=30)[sent_so_far:]
    assert all(r["chat_id"] == user_id and farsi(r["text"]) for r in replies)  # joined + reply
    staff.post(row["id"], "close")
    closed = telegram.wait_for("sendMessage", sent_so_far + 3, timeout=30)[-1]
    assert farsi(closed["text"])
    telegram.push(private_message("سلام", user_id=user_id, lang="fa"))
    answer = telegram.wait_for("sendMessage", sent_so_far + 4, timeout=60)[-1]
    assert farsi(answer["text"])  # the bot answers again


def test_delete_my_data_removes_the_conversation_after_confirmation(stack: Stack) -> None:
    chat = Chat(stack, hint="ru")
    conversation = chat.url.split("/")[-2]
    chat.say("привет")
    asked = chat.say("/delete")
    assert payloads(asked) == ["/affirm", "/deny"]  # nothing goes without a yes
    assert tracker_events(stack, conversation)
    done = chat.say("/affirm")
    assert done["deleted"] is True and done["language"] == "ru"
    assert any("\u0400" <= ch <= "\u04ff" for ch in texts(done))
    assert tracker_events(stack, conversation) == []  # Rasa's tracker is gone
    again = chat.say("привет")
    assert "Komm Mit" in texts(again)  # a new conversation starts


# --- last: these stop parts of the stack --------------------------------------------------


def test_action_server_down_still_answers_politely(stack: Stack) -> None:
    chat = Chat(stack, hint="tr")
    stack.stop("actions")
    greeting = chat.say("merhaba")
    assert greeting["language"] == "tr"
    assert "Komm Mit" in texts(greeting)
    missed = chat.say("qwxz vbnm plokij")  # needs the action server: polite, not silent
    assert texts(missed).strip()
    assert httpx.get(f"{stack.url}/readyz", timeout=10).status_code == 503


def test_rasa_down_means_503_and_unhealthy(stack: Stack) -> None:
    conversation = new_conversation(stack)  # issuing ids needs no Rasa
    stack.stop("rasa")
    resp = httpx.post(
        f"{stack.url}/api/v1/conversations/{conversation}/messages",
        json={"text": "hallo"},
        timeout=30,
    )
    assert resp.status_code == 503
    assert resp.json()["error"]["message"]
    assert httpx.get(f"{stack.url}/readyz", timeout=10).status_code == 503
