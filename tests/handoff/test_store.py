"""Handoffs in the database: one open per conversation, one winner per claim, the outbox."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

from sqlalchemy import select

from bot.booking.store import Who
from bot.db.tables import outbox
from bot.handoff.store import HandoffStore
from tests.fakes import Clock
from tests.handoff.conftest import SARA


def notices(store: HandoffStore) -> list[tuple[str, str, dict[str, object]]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(outbox).order_by(outbox.c.id)).all()
    return [(r.conversation_id, r.kind, json.loads(r.arguments)) for r in rows]


def test_a_conversation_has_at_most_one_open_handoff(handoffs: HandoffStore) -> None:
    first, created = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    again, created_again = handoffs.request(SARA, "migration_centre", topic=None, offline=False)
    assert created and not created_again
    assert again.id == first.id and again.service == "foreigners_office"


def test_the_transcript_starts_with_the_conversation_so_far(
    handoffs: HandoffStore, clock: Clock
) -> None:
    history = [("user", "سلام", "fa", clock.now), ("bot", "سلام! چطور کمک کنم؟", "fa", clock.now)]
    handoff, _ = handoffs.request(
        SARA, "foreigners_office", topic="ask_work_permit", offline=False, history=history
    )
    handoffs.add_user_message(handoff.id, "می‌خواهم با یک نفر صحبت کنم", "fa")
    lines = handoffs.messages(handoff.id)
    assert [(m.sender, m.text) for m in lines] == [
        ("user", "سلام"),
        ("bot", "سلام! چطور کمک کنم؟"),
        ("user", "می‌خواهم با یک نفر صحبت کنم"),
    ]


def test_two_staff_claiming_at_once_one_wins(
    handoffs: HandoffStore, staff_ids: dict[str, int]
) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    results: dict[str, bool] = {}
    barrier = threading.Barrier(2)

    def claim(name: str) -> None:
        barrier.wait()
        results[name] = handoffs.claim(handoff.id, staff_ids[name])

    threads = [threading.Thread(target=claim, args=(n,)) for n in ("fo", "fo2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [False, True]
    winner = next(name for name, won in results.items() if won)
    assert handoffs.get(handoff.id).claimed_by == staff_ids[winner]


def test_the_user_is_told_about_claim_reply_and_close_in_order(
    handoffs: HandoffStore, staff_ids: dict[str, int]
) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    assert handoffs.claim(handoff.id, staff_ids["fo"])
    handoffs.reply(handoff.id, staff_ids["fo"], "سلام، در خدمتم", original="Hallo")
    closed = handoffs.close(handoff.id, staff_ids["fo"])
    assert closed is not None and closed.needs_resume
    assert handoffs.close(handoff.id, staff_ids["fo"]) is None  # only once
    assert [(kind, args.get("text")) for _, kind, args in notices(handoffs)] == [
        ("handoff_claimed", None),
        ("staff_message", "سلام، در خدمتم"),
        ("handoff_closed", None),
    ]
    assert all(conversation == SARA.conversation_id for conversation, _, _ in notices(handoffs))


def test_staff_messages_wait_for_the_tracker_until_marked(
    handoffs: HandoffStore, staff_ids: dict[str, int]
) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    handoffs.claim(handoff.id, staff_ids["fo"])
    message = handoffs.reply(handoff.id, staff_ids["fo"], "one moment")
    assert [m.id for m in handoffs.not_in_tracker(handoff.id)] == [message.id]
    handoffs.mark_in_tracker([message.id])
    assert handoffs.not_in_tracker(handoff.id) == []


def test_a_user_leaving_closes_without_a_notice(handoffs: HandoffStore) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    left = handoffs.leave(handoff.id)
    assert left is not None and left.closed_by == "user"
    assert notices(handoffs) == []
    assert handoffs.current(SARA.conversation_id) is not None  # still to be resumed
    handoffs.mark_resumed(handoff.id)
    assert handoffs.current(SARA.conversation_id) is None


def test_queue_shows_only_the_asked_services_with_unread_counts(
    handoffs: HandoffStore, staff_ids: dict[str, int], clock: Clock
) -> None:
    mine, _ = handoffs.request(SARA, "foreigners_office", topic="ask_work_permit", offline=False)
    other = Who("conversation-olena-01", "telegram", "uk")
    handoffs.request(other, "migration_centre", topic=None, offline=False)
    clock.advance(seconds=1)
    handoffs.add_user_message(mine.id, "hello?", "en")
    handoffs.add_user_message(mine.id, "anyone?", "en")
    queue = handoffs.queue(["foreigners_office"])
    assert [(item.handoff.id, item.unread) for item in queue] == [(mine.id, 2)]
    handoffs.claim(mine.id, staff_ids["fo"])
    handoffs.reply(mine.id, staff_ids["fo"], "yes, here")
    assert handoffs.queue(["foreigners_office"])[0].unread == 0
    assert len(handoffs.queue(None)) == 2


def test_position_and_expected_wait(
    handoffs: HandoffStore, staff_ids: dict[str, int], clock: Clock
) -> None:
    assert handoffs.expected_wait("foreigners_office", sample=20, days=14) is None
    for minutes in (4, 6, 20):
        person = Who(f"conversation-past-{minutes:03d}", "web", "de")
        past, _ = handoffs.request(person, "foreigners_office", topic=None, offline=False)
        clock.advance(minutes=minutes)
        handoffs.claim(past.id, staff_ids["fo"])
    wait = handoffs.expected_wait("foreigners_office", sample=20, days=14)
    assert wait == timedelta(minutes=6)  # the median, not spoiled by one slow day
    first, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    second, _ = handoffs.request(
        Who("conversation-next-01", "web", "ar"), "foreigners_office", topic=None, offline=False
    )
    assert handoffs.position(first) == 1
    assert handoffs.position(second) == 2


def test_transcripts_of_ended_handoffs_expire(
    handoffs: HandoffStore, staff_ids: dict[str, int], clock: Clock
) -> None:
    handoff, _ = handoffs.request(SARA, "foreigners_office", topic=None, offline=False)
    handoffs.add_user_message(handoff.id, "my passport number is …", "en")
    handoffs.claim(handoff.id, staff_ids["fo"])
    handoffs.close(handoff.id, staff_ids["fo"])
    handoffs.mark_resumed(handoff.id)
    open_one, _ = handoffs.request(
        Who("conversation-open-01", "web", "de"), "foreigners_office", topic=None, offline=False
    )
    clock.advance(days=89)
    assert handoffs.purge() == 0
    clock.advance(days=2)
    assert handoffs.purge() == 1
    assert handoffs.messages(handoff.id) == []
    assert handoffs.get(open_one.id).is_open  # open handoffs are never purged
