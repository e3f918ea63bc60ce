"""While a person waits for staff, the bot says once that staff will read the message.

Through `Conversations.handle` (what the web chat and Telegram call), on the test clock:
Friday 20 November 2026, 10:00 in Osnabrück, when the migration centre is in the chat
and the foreigners' office is not (bot/content/handoff.yml).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.booking.store import Who
from bot.conversation import Conversations
from bot.forget import Forgetter
from bot.handoff.routing import HandoffRouter
from bot.handoff.store import Handoff, HandoffStore
from bot.live import Live
from bot.rasa_client import RasaClient
from bot.turn import Turn
from tests.booking.conftest import make_store
from tests.fakes import Clock, FakeRasa, serving
from tests.handoff.conftest import SARA

OLENA = Who("conversation-olena-01", "web", "uk")
JONAS = Who("conversation-jonas-01", "telegram", "de")
BACK = {"title": "Zurück zum Assistenten", "payload": "/bot"}


@pytest.fixture
async def conversations(handoffs: HandoffStore, tmp_path: Path) -> AsyncIterator[Conversations]:
    fake = FakeRasa()
    async with serving(fake) as url, aiohttp.ClientSession() as session:
        client = RasaClient(url, session, 5)
        bookings = make_store(f"sqlite:///{tmp_path / 'bookings.db'}")
        yield Conversations(
            client,
            HandoffRouter(handoffs, client, Live()),
            Forgetter(bookings, handoffs, client),
        )


def ask(handoffs: HandoffStore, who: Who, service: str) -> Handoff:
    handoff, _ = handoffs.request(who, service, topic=None, offline=False)
    return handoff


async def say(conversations: Conversations, who: Who, text: str) -> Turn:
    return await conversations.handle(who.conversation_id, text, hint=None, channel="web")


async def test_the_first_message_hears_its_place_in_the_queue(
    conversations: Conversations, handoffs: HandoffStore
) -> None:
    ask(handoffs, OLENA, "migration_centre")
    handoff = ask(handoffs, JONAS, "migration_centre")
    turn = await say(conversations, JONAS, "Ich habe eine Frage zu meinem Integrationskurs.")
    [message] = turn.messages
    assert turn.language == "de"
    assert "Nummer 2 in der Warteschlange" in message.text
    assert "Migrationszentrum" in message.text
    assert message.buttons == [BACK]
    assert turn.handoff == {"status": "waiting", "service": "migration_centre"}
    # The message itself is with staff, as before.
    assert [m.text for m in handoffs.messages(handoff.id)] == [
        "Ich habe eine Frage zu meinem Integrationskurs."
    ]


async def test_later_messages_stay_quiet_unless_the_person_asks_if_anyone_is_there(
    conversations: Conversations, handoffs: HandoffStore
) -> None:
    ask(handoffs, JONAS, "migration_centre")
    assert (await say(conversations, JONAS, "Guten Tag")).messages
    assert (await say(conversations, JONAS, "Es geht um meinen Kurs.")).messages == []
    assert (await say(conversations, JONAS, "Ich warte.")).messages == []
    again = await say(conversations, JONAS, "Hallo? Ist da jemand?")
    [message] = again.messages
    assert "Nummer 1 in der Warteschlange" in message.text and message.buttons == [BACK]
    assert (await say(conversations, JONAS, "???")).messages  # "???" asks it too
    assert (await say(conversations, JONAS, "Danke.")).messages == []


async def test_outside_chat_hours_it_says_when_staff_are_next_there(
    conversations: Conversations, handoffs: HandoffStore
) -> None:
    ask(handoffs, JONAS, "foreigners_office")  # no chat hours on Fridays
    [message] = (await say(conversations, JONAS, "Wann ist mein Termin?")).messages
    assert "Montag" in message.text and "08:00" in message.text  # Monday 23 November
    assert "Warteschlange" not in message.text
    assert message.buttons == [BACK]


async def test_it_answers_in_the_persons_language(
    conversations: Conversations, handoffs: HandoffStore
) -> None:
    ask(handoffs, SARA, "migration_centre")
    [message] = (await say(conversations, SARA, "سلام، کسی آنجاست؟")).messages
    assert any("\u0600" <= ch <= "\u06ff" for ch in message.text)
    assert "۱" in message.text  # number 1 in the queue, in Persian digits
    assert [b["payload"] for b in message.buttons] == ["/bot"]


async def test_while_staff_have_the_conversation_the_bot_stays_silent(
    conversations: Conversations, handoffs: HandoffStore, staff_ids: dict[str, int]
) -> None:
    handoff = ask(handoffs, JONAS, "foreigners_office")
    assert handoffs.claim(handoff.id, staff_ids["fo"])
    first = await say(conversations, JONAS, "Guten Tag, ich bin da.")
    assert first.messages == [] and first.handoff == {
        "status": "claimed",
        "service": "foreigners_office",
    }
    assert (await say(conversations, JONAS, "Hallo? Ist da jemand?")).messages == []


async def test_the_conversation_before_the_request_does_not_count_as_written(
    conversations: Conversations, handoffs: HandoffStore, clock: Clock
) -> None:
    # Rasa's clock may run ahead of ours (a fixed clock in tests and demonstrations).
    later = clock.now + timedelta(hours=1)
    history = [("user", "Ich möchte mit einem Menschen sprechen", "de", later)]
    handoffs.request(JONAS, "migration_centre", topic=None, offline=False, history=history)
    assert (await say(conversations, JONAS, "Guten Tag")).messages
    assert (await say(conversations, JONAS, "Noch eine Frage")).messages == []
