"""Handing a conversation over to another service: the queue, the transcript, the person."""

from __future__ import annotations

import json

from bot.booking.store import Who
from bot.db.outbox import Outbox
from bot.handoff.store import HandoffStore
from bot.notices import notice_message
from tests.fakes import Clock
from tests.handoff.conftest import SARA

OLGA = Who("conversation-olga-01", "telegram", "uk")


def test_the_handoff_moves_to_the_other_queue_with_its_transcript(
    handoffs: HandoffStore, staff_ids: dict[str, int], clock: Clock
) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic="ask_job_search", offline=False)
    handoffs.add_user_message(handoff.id, "دنبال کار هستم", "fa")
    assert handoffs.claim(handoff.id, staff_ids["fo"])
    clock.advance(minutes=3)
    moved = handoffs.transfer(handoff.id, staff_ids["fo"], "migration_centre")
    assert moved is not None
    assert (moved.service, moved.status, moved.claimed_by) == ("migration_centre", "waiting", None)
    assert moved.requested_at == handoff.requested_at  # not to the end of another line
    assert [i.handoff.id for i in handoffs.queue(["migration_centre"])] == [handoff.id]
    assert handoffs.queue(["foreigners_office"]) == []
    lines = handoffs.messages(handoff.id)
    assert [m.text for m in lines if m.sender == "user"] == ["دنبال کار هستم"]
    note = lines[-1]
    assert (note.sender, note.text, note.staff_id) == ("system", "transferred", staff_ids["fo"])
    assert json.loads(note.original or "") == {
        "from": "foreigners_office",
        "to": "migration_centre",
    }


def test_the_place_in_the_new_queue_is_by_the_original_request(
    handoffs: HandoffStore, staff_ids: dict[str, int], clock: Clock
) -> None:
    sara, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    clock.advance(minutes=10)
    olga, _ = handoffs.request(OLGA, "migration_centre", topic=None, offline=False)
    handoffs.transfer(sara.id, staff_ids["fo"], "migration_centre")
    queue = [i.handoff.id for i in handoffs.queue(["migration_centre"])]
    assert queue == [sara.id, olga.id]
    assert handoffs.position(handoffs.get(sara.id)) == 1


def test_a_closed_handoff_or_the_same_service_is_not_moved(
    handoffs: HandoffStore, staff_ids: dict[str, int]
) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    assert handoffs.transfer(handoff.id, staff_ids["fo"], "foreigners_office") is None
    handoffs.leave(handoff.id)
    assert handoffs.transfer(handoff.id, staff_ids["fo"], "migration_centre") is None
    assert handoffs.get(handoff.id).service == "foreigners_office"


def told(handoffs: HandoffStore, who: Who) -> dict[str, object]:
    notices = Outbox(handoffs.engine, clock=handoffs.clock).pending_notices(who.conversation_id)
    assert [n.kind for n in notices][-1] == "handoff_transferred"
    return notice_message(notices[-1])


def test_the_person_is_told_in_farsi_right_to_left(
    handoffs: HandoffStore, staff_ids: dict[str, int]
) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    handoffs.transfer(handoff.id, staff_ids["fo"], "migration_centre")
    message = told(handoffs, SARA)
    assert message["language"] == "fa" and message["direction"] == "rtl"
    assert "گفت‌وگوی شما به" in str(message["text"])
    assert "Migrationszentrum" in str(message["text"])
    assert message["handoff"] == "waiting"  # the widget shows "waiting" again, not "with staff"


def test_the_person_is_told_in_ukrainian(handoffs: HandoffStore, staff_ids: dict[str, int]) -> None:
    handoff, _ = handoffs.request(OLGA, "migration_centre", topic=None, offline=False)
    handoffs.transfer(handoff.id, staff_ids["fo"], "foreigners_office")
    message = told(handoffs, OLGA)
    assert message["language"] == "uk" and message["direction"] == "ltr"
    assert str(message["text"]).startswith("Вашу розмову передано до служби:")
    assert "Будь ласка, зачекайте" in str(message["text"])
