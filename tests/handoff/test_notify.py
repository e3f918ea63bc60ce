"""E-mail to staff when someone waits: against a real SMTP server (aiosmtpd) on this machine."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from bot.booking.calendar import calendar_config
from bot.handoff.hours import StaffedHours
from bot.handoff.notify import WaitingNotifier, console_base
from bot.handoff.store import HandoffStore
from bot.settings import Settings, SettingsError, SmtpSettings
from tests.fakes import Clock
from tests.handoff.conftest import SARA

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
CONSOLE = "https://chat.example.de"


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(mail, EmailMessage)
        self.mails.append((list(envelope.rcpt_tos), mail))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def inbox(port: int) -> Iterator[Inbox]:
    found = Inbox()
    server = Controller(found, hostname="127.0.0.1", port=port)
    server.start()
    yield found
    server.stop()


def hours(ranges: list[str]) -> StaffedHours:
    raw = {"hours": {"foreigners_office": {day: ranges for day in WEEKDAYS}}}
    return StaffedHours.from_dict(raw, calendar_config())


def notifier(store: HandoffStore, port: int, ranges: list[str] | None = None) -> WaitingNotifier:
    smtp = SmtpSettings(
        host="127.0.0.1",
        port=port,
        sender="komm-mit@example.de",
        recipients=(("foreigners_office", "team-abh@example.de"),),
        starttls=False,
        after_minutes=10,
    )
    return WaitingNotifier(store, smtp, CONSOLE, hours(ranges or ["08:00-17:00"]))


def body(mail: EmailMessage) -> str:
    return str(mail.get_content())


# Friday 20 November 2026, 10:00 in Osnabrück (tests/conftest.py): within the chat hours.


async def test_one_email_after_the_set_time_with_the_queue_and_link_only(
    handoffs: HandoffStore, clock: Clock, inbox: Inbox, port: int
) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic="ask_work_permit", offline=False)
    handoffs.add_user_message(handoff.id, "اجازه کارم تمام می‌شود", "fa")
    tell = notifier(handoffs, port)
    clock.advance(minutes=9)
    assert await tell.run_once() == 0 and inbox.mails == []  # not before the time
    clock.advance(minutes=2)
    assert await tell.run_once() == 1
    [(to, mail)] = inbox.mails
    assert to == ["team-abh@example.de"]
    assert "Ausländerbehörde" in str(mail["Subject"])
    text = body(mail)
    assert "In der Warteschlange Ausländerbehörde wartet jemand seit 20.11.26, 10:00." in text
    assert f"{CONSOLE}/staff/conversations/{handoff.id}" in text
    for private in ("اجازه", SARA.conversation_id, "fa", "Persisch", "work", "Arbeit", "web"):
        assert private not in text and private not in str(mail["Subject"]), private
    # Only once, also after a restart (a new notifier on the same database).
    clock.advance(minutes=30)
    assert await tell.run_once() == 0
    assert await notifier(handoffs, port).run_once() == 0
    assert len(inbox.mails) == 1


async def test_taken_or_ended_conversations_and_other_services_are_not_emailed(
    handoffs: HandoffStore, clock: Clock, inbox: Inbox, port: int, staff_ids: dict[str, int]
) -> None:
    taken, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    handoffs.claim(taken.id, staff_ids["fo"])
    other = dataclasses.replace(SARA, conversation_id="conversation-other-01")
    handoffs.request(other, "migration_centre", topic=None, offline=False)  # no recipient set
    clock.advance(minutes=20)
    assert await notifier(handoffs, port).run_once() == 0
    assert inbox.mails == []


async def test_only_within_chat_hours_that_ran_for_the_whole_wait(
    handoffs: HandoffStore, clock: Clock, inbox: Inbox, port: int
) -> None:
    handoffs.request(SARA, "foreigners_office", topic=None, offline=True)
    clock.advance(minutes=30)  # 10:30: the hours below start at 10:25
    assert await notifier(handoffs, port, ["10:25-17:00"]).run_once() == 0
    assert await notifier(handoffs, port, ["08:00-10:20"]).run_once() == 0  # over
    clock.advance(minutes=5)  # 10:35: staff had ten minutes in the console
    assert await notifier(handoffs, port, ["10:25-17:00"]).run_once() == 1


async def test_a_handoff_passed_on_is_emailed_to_the_new_service(
    handoffs: HandoffStore, clock: Clock, inbox: Inbox, port: int, staff_ids: dict[str, int]
) -> None:
    handoff, _ = handoffs.request(SARA, "migration_centre", topic=None, offline=False)
    clock.advance(minutes=15)
    handoffs.transfer(handoff.id, staff_ids["fo"], "foreigners_office")
    assert await notifier(handoffs, port).run_once() == 1
    assert "Ausländerbehörde" in str(inbox.mails[0][1]["Subject"])


async def test_when_the_mail_server_is_down_it_is_logged_and_tried_again(
    handoffs: HandoffStore, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()  # nobody listens yet
    handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    clock.advance(minutes=11)
    tell = notifier(handoffs, port)
    with caplog.at_level(logging.WARNING, logger="bot.handoff.notify"):
        assert await tell.run_once() == 0
    assert "not sent (retried later)" in caplog.text
    found = Inbox()
    server = Controller(found, hostname="127.0.0.1", port=port)
    server.start()
    try:
        assert await tell.run_once() == 1
    finally:
        server.stop()
    assert len(found.mails) == 1


def test_settings_for_the_email() -> None:
    env = {
        "KOMM_MIT_SMTP_HOST": "mail.example.de",
        "KOMM_MIT_SMTP_FROM": "komm-mit@example.de",
        "KOMM_MIT_SMTP_PASSWORD": "s3cret",
        "KOMM_MIT_NOTIFY_EMAILS": "foreigners_office=a@example.de, migration_centre=b@example.de,"
        "foreigners_office=c@example.de",
        "KOMM_MIT_PUBLIC_ORIGIN": CONSOLE,
    }
    settings = Settings.from_env(env)
    smtp = settings.smtp
    assert smtp is not None
    assert (smtp.port, smtp.starttls, smtp.after_minutes) == (587, True, 10)
    assert smtp.addresses("foreigners_office") == ["a@example.de", "c@example.de"]
    assert "s3cret" not in repr(settings)
    assert console_base(settings) == CONSOLE
    assert Settings.from_env({}).smtp is None  # the default: no e-mail
    for name, value, says in [
        ("KOMM_MIT_NOTIFY_EMAILS", "", "KOMM_MIT_SMTP_HOST needs recipients"),
        ("KOMM_MIT_NOTIFY_EMAILS", "jobcenter=a@example.de", "got 'jobcenter=a@example.de'"),
        ("KOMM_MIT_NOTIFY_EMAILS", "foreigners_office=nobody", "service=address pairs"),
        ("KOMM_MIT_SMTP_FROM", "", "KOMM_MIT_SMTP_FROM must be an e-mail address"),
        ("KOMM_MIT_SMTP_STARTTLS", "maybe", "KOMM_MIT_SMTP_STARTTLS must be one of"),
        ("KOMM_MIT_NOTIFY_AFTER_MINUTES", "0", "KOMM_MIT_NOTIFY_AFTER_MINUTES must be"),
    ]:
        with pytest.raises(SettingsError) as error:
            Settings.from_env({**env, name: value})
        assert says in str(error.value) and "\n" not in str(error.value), name
