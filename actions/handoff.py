"""`action_request_human` hands the conversation to staff; `action_answer_affirm` reads a "yes".

Why the action opens the handoff: it has the tracker, so it knows the topic so far
and can give staff the conversation up to now; pausing Rasa here means the bot
says nothing more until `bot/` resumes it when staff (or the user) end the handoff.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import misses_in_a_row
from actions.identity import entity, who
from bot.content import SERVICES, content
from bot.entities import resolve
from bot.handoff.details import answer_details, slot_updates, understood
from bot.handoff.hours import staffed_hours
from bot.handoff.store import HistoryLine, handoff_store
from bot.live import STAFF, publish_sync
from bot.settings import Settings
from bot.signals import FORGET, HANDOFF, Signal

HISTORY_LINES = 30


def conversation_so_far(events: list[dict[str, Any]], language: str | None) -> list[HistoryLine]:
    """The latest user and bot lines, for the staff transcript (buttons as "[intent]"), with
    their details for the console (bot/handoff/details.py): an answer's response name and
    values; what was understood of a message, with the facts known at the end of its turn."""
    lines: list[HistoryLine] = []
    facts: dict[str, Any] = {}
    turn: tuple[int, dict[str, Any]] | None = None  # the latest user line and its event

    def end_turn() -> None:
        if turn is not None:
            index, user_event = turn
            kind, text, lang, at = lines[index][:4]
            lines[index] = (kind, text, lang, at, understood(user_event, facts))

    for event in events:
        facts.update(slot_updates([event]))
        kind, text = event.get("event"), event.get("text")
        if kind == "user":
            end_turn()
            turn = None
        if kind not in ("user", "bot") or not isinstance(text, str) or not text.strip():
            continue
        if kind == "user" and text.startswith("/"):
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            text = f"[{intent or text[1:40]}]"
        at = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc)
        if kind == "user":
            turn = (len(lines), event)
            lines.append((kind, text, language, at))
        else:
            lines.append((kind, text, language, at, answer_details(event)))
    end_turn()
    return lines[-HISTORY_LINES:]


def last_topic(events: list[dict[str, Any]]) -> str | None:
    """The contract intent the user last asked about (e.g. ask_work_permit)."""
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if content().topic_service(intent):
            return str(intent)
    return None


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        service = resolve("service", entity(tracker, "service"), SERVICES) or tracker.get_slot(
            "service"
        )
        if service not in SERVICES:
            dispatcher.utter_message(response="utter_ask_handoff_service")
            return []
        person = who(tracker)
        hours = staffed_hours()
        store = handoff_store()
        now = store.clock()
        offline = not hours.is_staffed(service, now)
        history = conversation_so_far(tracker.events, person.language)
        handoff, _created = await store.run(
            store.request,
            person,
            service,
            # the conversation's topic: "what do I bring?" after the work permit is still
            # about the work permit (actions/context.py keeps it in the slot)
            topic=tracker.get_slot("topic") or last_topic(tracker.events),
            offline=offline,
            history=history,
        )
        publish_sync(Settings.from_env().redis_url, STAFF)  # consoles update at once
        if handoff.offline:
            opens = hours.next_opening(service, now)
            dispatcher.utter_message(
                response="utter_handoff_offline",
                json_message=Signal(HANDOFF, service=service).custom(),
                service=service,
                opens_at=opens.isoformat() if opens else None,
            )
        else:
            position = await store.run(store.position, handoff)
            wait = await store.run(
                store.expected_wait, service, sample=hours.wait_sample, days=hours.wait_days
            )
            dispatcher.utter_message(
                response="utter_handoff_waiting",
                json_message=Signal(HANDOFF, service=service).custom(),
                service=service,
                position=position,
                wait_seconds=wait.total_seconds() if wait is not None else None,
            )
        # Paused, Rasa logs the user's messages but predicts nothing until resumed.
        return [SlotSet("handoff", service), ConversationPaused()]


def previous_intent(events: list[dict[str, Any]]) -> str | None:
    """The intent of the user message before the latest one."""
    users = [e for e in events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    return ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name")


class ActionAnswerAffirm(Action):
    """A "yes" means what the assistant asked just before: after "shall I pass you to a
    person?" (two misses in a row) it hands over; after "shall I delete everything?" the
    `forget` signal has `bot/` delete the data after this turn (the tracker itself goes too)."""

    def name(self) -> str:
        return "action_answer_affirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events = list(tracker.events)
        if previous_intent(events) == "delete_my_data":
            dispatcher.utter_message(
                response="utter_forgetting", json_message=Signal(FORGET).custom()
            )
            return []
        latest_user = max(
            (i for i, e in enumerate(events) if e.get("event") == "user"), default=None
        )
        before = events[:latest_user] if latest_user is not None else events
        if misses_in_a_row(before) >= 2:
            # Done here, not by FollowupAction: the rule for `affirm` then still holds.
            return await ActionRequestHuman().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_anything_else")
        return []
