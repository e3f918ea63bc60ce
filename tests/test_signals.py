"""The actions' control signals as `bot/` reads them from Rasa's reply (bot/signals.py).

A stand-in Rasa answers with the messages the real one would return after an
action ran; these tests check what `bot/` does with them: report the handoff,
count bookings, handoffs and refusals, and never show a signal to the user.
"""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.booking.store import Who
from bot.signals import BOOKED, BOOKING_REFUSED, FORGET, HANDOFF, Signal, names_in, read
from bot.web.app_keys import HANDOFF_STORE
from bot.web.web_ids import new_conversation_id
from tests.fakes import FakeRasa
from tests.test_observability import metric


def said(text: str, response: str, signal: Signal | None = None) -> dict[str, Any]:
    """A bot message as Rasa returns it after an action uttered `response`."""
    message: dict[str, Any] = {
        "text": text,
        "language": "uk",
        "direction": "ltr",
        "utter_action": response,
    }
    if signal is not None:
        message["custom"] = signal.custom()
    return message


async def turn(client: TestClient, conversation_id: str, text: str) -> dict[str, Any]:
    resp = await client.post(
        f"/api/v1/conversations/{conversation_id}/messages", json={"text": text}
    )
    assert resp.status == 200
    return dict(await resp.json())


async def metrics_text(client: TestClient) -> str:
    return await (await client.get("/metrics")).text()


def handoffs_counted(text: str) -> float:
    return metric(text, "komm_mit_handoffs_total", service="migration_centre")


def test_a_signal_reads_back_as_it_was_sent() -> None:
    sent = Signal(HANDOFF, service="migration_centre")
    assert sent.custom() == {"komm_mit": {"signal": "handoff", "service": "migration_centre"}}
    assert read({"text": "…", "custom": sent.custom()}) == sent
    assert read({"custom": Signal(FORGET).custom()}) == Signal(FORGET)


@pytest.mark.parametrize(
    "message",
    [
        {"text": "no custom payload"},
        {"custom": {}},
        {"custom": "forget"},
        {"custom": {"komm_mit": {"signal": "launch_rockets"}}},
        {"custom": {"komm_mit": "forget"}},
        {"forget": True, "handoff": True},  # flags from rendering mean nothing
    ],
)
def test_anything_else_is_no_signal(message: dict[str, Any]) -> None:
    assert read(message) is None
    assert names_in([message]) == set()


async def test_rasa_passes_an_actions_signal_to_bot_next_to_the_rendered_text() -> None:
    """The way through Rasa: rasa_sdk's message, RemoteAction with our NLG, our channel."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_sdk.executor import CollectingDispatcher

    from rasa_ext.channel import KeepAllOutputChannel

    class RenderingNLG:
        async def generate(self, name: str, *_: Any, **arguments: Any) -> dict[str, Any]:
            return {"text": f"rendered {name}", "language": "fa", "direction": "rtl"}

    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(response="utter_forgetting", json_message=Signal(FORGET).custom())
    channel = KeepAllOutputChannel()
    tracker = DialogueStateTracker.from_events("c-1", [])
    uttered = await RemoteAction._utter_responses(
        dispatcher.messages,
        channel,
        RenderingNLG(),  # type: ignore[arg-type]
        tracker,
    )
    for event in uttered:
        await channel.send_response("c-1", event.message())
    [message] = channel.messages
    assert message["text"] == "rendered utter_forgetting"
    assert message["utter_action"] == "utter_forgetting"
    assert read(message) == Signal(FORGET)


async def test_a_handoff_signal_reports_the_queue_and_is_counted(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    fake, _ = rasa
    conversation_id = new_conversation_id()
    before = metric(
        await metrics_text(client), "komm_mit_handoffs_total", service="migration_centre"
    )

    def request_human(body: dict[str, Any]) -> list[dict[str, Any]]:
        """What action_request_human does: open the handoff, then utter with the signal."""
        client.server.app[HANDOFF_STORE].request(
            Who(conversation_id, "web", "uk"), "migration_centre", topic=None, offline=False
        )
        return [said("Ви в черзі", "utter_handoff_waiting", Signal(HANDOFF, "migration_centre"))]

    fake.default = request_human
    answer = await turn(client, conversation_id, "Хочу поговорити з людиною")
    assert answer["handoff"] == {"status": "waiting", "service": "migration_centre"}
    assert answer["messages"] == [{"text": "Ви в черзі", "buttons": []}]  # no signal shown
    after = metric(
        await metrics_text(client), "komm_mit_handoffs_total", service="migration_centre"
    )
    assert after == before + 1


async def test_without_the_signal_no_handoff_is_reported(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    fake, _ = rasa
    conversation_id = new_conversation_id()
    fake.answers = [[{**said("Ви в черзі", "utter_handoff_waiting"), "handoff": True}]]
    answer = await turn(client, conversation_id, "Хочу поговорити з людиною")
    assert "handoff" not in answer


async def test_bookings_and_refusals_are_counted_with_labels_from_fixed_sets(
    client: TestClient, rasa: tuple[FakeRasa, str]
) -> None:
    fake, _ = rasa
    text = await metrics_text(client)
    booked = metric(text, "komm_mit_bookings_total", by="user", service="foreigners_office")
    unknown = metric(text, "komm_mit_bookings_total", by="user", service="unknown")
    refused = metric(text, "komm_mit_bookings_refused_total", reason="user")
    person = metric(text, "komm_mit_bookings_refused_total", reason="person")
    fake.answers = [
        [said("Записано", "utter_booking_done", Signal(BOOKED, service="foreigners_office"))],
        [said("Записано", "utter_booking_done", Signal(BOOKED, service="forged-service"))],
        [said("Забагато", "utter_booking_too_many", Signal(BOOKING_REFUSED, reason="user"))],
        [said("Забагато", "utter_booking_too_many", Signal(BOOKING_REFUSED, reason="forged"))],
    ]
    for _ in range(4):
        await turn(client, new_conversation_id(), "так")
    text = await metrics_text(client)
    assert metric(text, "komm_mit_bookings_total", by="user", service="foreigners_office") == (
        booked + 1
    )
    assert metric(text, "komm_mit_bookings_total", by="user", service="unknown") == unknown + 1
    assert metric(text, "komm_mit_bookings_refused_total", reason="user") == refused + 1
    assert metric(text, "komm_mit_bookings_refused_total", reason="person") == person + 1
    assert "forged" not in text
