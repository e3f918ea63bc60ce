""" "Delete my data" through the chat API: the tracker, bookings, waiting list, transcripts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.booking.store import Who
from bot.db.tables import appointments, outbox, waitlist
from bot.signals import FORGET, Signal
from tests.booking.conftest import fill
from tests.staff.conftest import SARA, Console, console  # noqa: F401  (fixture)

# What Rasa returns after action_answer_affirm: utter_forgetting with the `forget` signal.
CONFIRMED = [
    {
        "text": "Deleting …",
        "language": "fa",
        "direction": "rtl",
        "utter_action": "utter_forgetting",
        "custom": Signal(FORGET).custom(),
    }
]


async def say(console: Console, text: str) -> dict[str, Any]:  # noqa: F811
    client = await console.client()
    resp = await client.post(
        f"/api/v1/conversations/{SARA.conversation_id}/messages",
        json={"text": text, "language": "fa"},
    )
    assert resp.status == 200
    return dict(await resp.json())


async def test_a_confirmed_deletion_removes_everything_and_says_so(console: Console) -> None:  # noqa: F811
    bookings = console.bookings
    slots = bookings.free("foreigners_office", "permit_extension", limit=2)
    upcoming = bookings.book(
        SARA, "foreigners_office", "permit_extension", slots[0].start, contact="+49 151 000000"
    )
    full = fill(bookings, "integration_commissioner", "discrimination")
    bookings.join_waitlist(SARA, "integration_commissioner", "discrimination")
    handoff = console.ask_for_a_person()
    console.handoffs.add_user_message(handoff.id, "شماره پاسپورت من ...", "fa")
    console.handoffs.leave(handoff.id)
    console.handoffs.mark_resumed(handoff.id)
    someone_else = Who("conversation-other-0001", "web", "de")
    other = bookings.book(someone_else, "foreigners_office", "permit_extension", slots[1].start)

    console.rasa.answers = [CONFIRMED]
    turn = await say(console, "بله")
    assert turn["deleted"] is True
    [message] = turn["messages"]
    assert upcoming.reference in message["text"]  # the cancelled appointment is named
    assert any("\u0600" <= ch <= "\u06ff" for ch in message["text"])  # in Farsi
    assert console.rasa.forgotten == [SARA.conversation_id]  # the tracker is gone

    with bookings.engine.connect() as conn:
        left = [
            conn.execute(select(t).where(t.c.conversation_id == SARA.conversation_id)).all()
            for t in (appointments, waitlist, outbox)
        ]
        cancelled = conn.execute(
            select(appointments).where(appointments.c.reference == upcoming.reference)
        ).one()
    assert left == [[], [], []]  # no appointment, waiting-list place or message of hers
    assert cancelled.status == "cancelled" and cancelled.contact is None
    assert cancelled.conversation_id.startswith("forgotten-")  # kept for the agenda, unlinked
    assert console.handoffs.current(SARA.conversation_id) is None
    assert console.handoffs.messages(handoff.id) == []
    assert bookings.find(someone_else.conversation_id, other.reference)  # others untouched
    assert len(full) >= 1


async def test_when_rasa_cannot_delete_nothing_is_deleted(console: Console) -> None:  # noqa: F811
    slot = console.bookings.free("foreigners_office", "permit_extension", limit=1)[0]
    booked = console.bookings.book(SARA, "foreigners_office", "permit_extension", slot.start)
    console.rasa.answers = [CONFIRMED]
    console.rasa.forget_status = 503  # the turn works, deleting the tracker does not
    turn = await say(console, "بله")
    assert "deleted" not in turn
    assert turn["messages"][0]["text"]  # a polite "try again"
    assert console.bookings.find(SARA.conversation_id, booked.reference).status == "booked"


async def test_delete_works_while_waiting_for_staff(console: Console) -> None:  # noqa: F811
    handoff = console.ask_for_a_person()
    console.rasa.answers = [[{"text": "Soll ich alles löschen?", "language": "fa"}]]
    turn = await say(console, "/delete")
    assert turn["messages"][0]["text"] == "Soll ich alles löschen?"  # the bot asks to confirm
    assert console.rasa.received[-1]["message"] == "/delete_my_data"
    assert console.handoffs.get(handoff.id).closed_by == "user"  # left the queue first


async def test_rendering_the_deletion_text_alone_deletes_nothing(console: Console) -> None:  # noqa: F811
    """Only the action's signal deletes: not the response name, not a flag from rendering."""
    slot = console.bookings.free("foreigners_office", "permit_extension", limit=1)[0]
    booked = console.bookings.book(SARA, "foreigners_office", "permit_extension", slot.start)
    rendered_only = {**CONFIRMED[0], "forget": True}  # the old NLG flag, no signal
    del rendered_only["custom"]
    console.rasa.answers = [[rendered_only]]
    turn = await say(console, "بله")
    assert "deleted" not in turn
    assert turn["messages"] == [{"text": "Deleting …", "buttons": []}]
    assert console.rasa.forgotten == []
    assert console.bookings.find(SARA.conversation_id, booked.reference).status == "booked"
