"""The person's situation in the topic answers: set from their words, asked once if needed.

Why here and not in the NLU: the status and the place are read by word lists
(bot/situation/recognise.py) from the latest message, before the answer is chosen
(`situation_step`, called by action_answer_topic). When a work or residence answer
depends on the status and nothing says it, the person gets one short question with
buttons instead; the button (`/inform_situation{"residence_status": …}`) sets the slot
and `action_answer_situation` answers the topic that was pending. The question comes
at most once per topic, and "I don't know" is never asked again; anything else the
person writes instead is answered as usual.

The slots belong to the conversation's tracker, so "delete my data" and the retention
of conversations delete them with it (bot/forget.py, bot/retention.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.action import Dispatcher, Domain, Events, NamedAction, say
from bot.situation.recognise import Situation, recognise
from bot.texts.situation import KEYS

# Answers that depend on the residence status.
STATUS_TOPICS = frozenset({"ask_work_permit", "ask_residence_permit"})
# Answers about the office itself (where, when, how to reach it).
OFFICE_TOPICS = frozenset({"ask_location", "ask_opening_hours", "ask_contact"})
# Answers whose office depends on where the person lives.
PLACE_TOPICS = STATUS_TOPICS | OFFICE_TOPICS | {"ask_temporary_protection", "ask_naturalization"}
# Services the city of Osnabrück has its own office for (foreigners' office, job centre).
CITY_HAS_OWN = frozenset({"foreigners_office", "migration_centre"})
# In `situation_asked`: the person answered "I don't know" to the status question.
STATUS_UNKNOWN = "status_unknown"


def answer_name(intent: str) -> str:
    """The response of a topic intent (as actions/clarify.py's TOPIC_ANSWERS)."""
    return "utter_" + intent.removeprefix("ask_")


def slots_of(tracker: Tracker) -> dict[str, Any]:
    return {key: tracker.get_slot(key) for key in KEYS}


def asked_before(tracker: Tracker) -> list[str]:
    asked = tracker.get_slot("situation_asked")
    return [str(a) for a in asked] if isinstance(asked, list) else []


def updated(current: dict[str, Any], said: Situation) -> dict[str, Any]:
    """The situation after this message: what it says replaces what was known."""
    new = dict(current)
    if said.status:
        new["residence_status"] = said.status
    if said.place:
        new["residence_place"] = said.place
        if said.town or said.place != "district":
            new["residence_town"] = said.town
    return new


def office_answer(intent: str, response: str, situation: dict[str, Any], service: Any) -> str:
    """ "Where is the office?" for a person of the city or from elsewhere: their office."""
    local = situation.get("residence_place") in ("city_of_osnabrueck", "elsewhere")
    if intent in OFFICE_TOPICS and local and (service is None or service in CITY_HAS_OWN):
        return "utter_local_office"
    return response


@dataclass(frozen=True)
class Step:
    """What action_answer_topic does with the situation in this turn."""

    intent: str  # the topic to answer (the pending one, if this message answers the question)
    events: Events = field(default_factory=list)
    arguments: dict[str, str] = field(default_factory=dict)  # for the answer's variant
    ask: str | None = None  # "status" or "place": ask instead of answering
    changed: bool = False  # the message told something new about the situation
    also: str | None = None  # the topic asked now, offered after the pending one

    def response(self, response: str, service: Any) -> str:
        return office_answer(self.intent, response, self.arguments, service)


def question(intent: str, known: dict[str, Any], said: Situation, asked: list[str]) -> str | None:
    """Which question the answer of `intent` needs first, if any."""
    if (
        intent in PLACE_TOPICS
        and said.osnabrueck_unclear
        and not known.get("residence_place")
        and f"place:{intent}" not in asked
    ):
        return "place"
    if (
        intent in STATUS_TOPICS
        and not known.get("residence_status")
        and not said.holds_permit
        and intent not in asked
        and STATUS_UNKNOWN not in asked
    ):
        return "status"
    return None


def situation_step(tracker: Tracker, intent: str, *, may_ask: bool = True) -> Step:
    """Reads the latest message; says whether to ask (only if `may_ask`), which slots to set."""
    said = recognise(str(tracker.latest_message.get("text") or ""))
    current = slots_of(tracker)
    known = updated(current, said)
    events: Events = [SlotSet(k, v) for k, v in known.items() if v != current[k]]
    arguments = {k: str(v) for k, v in known.items() if v}
    pending = tracker.get_slot("situation_pending")
    asked = asked_before(tracker)
    stated = bool(said.status or said.place)  # (action_track_situation may have set it)
    if pending and stated:  # the person answered the question in their own words
        also = intent if intent != pending and intent in STATUS_TOPICS | PLACE_TOPICS else None
        events.append(SlotSet("situation_pending", None))
        return Step(str(pending), events, arguments, changed=True, also=also)
    ask = question(intent, known, said, asked) if may_ask else None
    if ask is not None:
        mark = intent if ask == "status" else f"place:{intent}"
        events += [SlotSet("situation_pending", intent), SlotSet("situation_asked", [*asked, mark])]
        return Step(intent, events, arguments, ask=ask)
    if pending:
        events.append(SlotSet("situation_pending", None))
    return Step(intent, events, arguments, changed=stated)


class ActionTrackSituation(NamedAction):
    """After every message (custom slot mapping): the status and place it states, so a
    "I'm from Romania" before the question is kept for the answers that follow."""

    action_name = "action_track_situation"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        text = str(tracker.latest_message.get("text") or "")
        if text.startswith("/"):  # a button's payload: its entities fill the slots
            return []
        current = slots_of(tracker)
        known = updated(current, recognise(text))
        return [SlotSet(k, v) for k, v in known.items() if v != current[k]]


class ActionAnswerSituation(NamedAction):
    """After a button of the situation question: the pending topic, answered for it."""

    action_name = "action_answer_situation"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        given = {str(e.get("entity")) for e in tracker.latest_message.get("entities") or []}
        known = slots_of(tracker)
        events: Events = []
        if not given & {"residence_status", "residence_place"} and not known["residence_status"]:
            events.append(SlotSet("situation_asked", [*asked_before(tracker), STATUS_UNKNOWN]))
        if "residence_place" in given and known.get("residence_place") != "district":
            known["residence_town"] = None
            events.append(SlotSet("residence_town", None))
        pending = tracker.get_slot("situation_pending")
        if not pending:  # ("inform" without a waiting topic: what the inform rule says)
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            nothing = "utter_services_overview" if intent == "inform" else "utter_anything_else"
            return say(dispatcher, nothing, *events)
        events.append(SlotSet("situation_pending", None))
        arguments = {k: str(v) for k, v in known.items() if v}
        service = tracker.get_slot("service")
        response = office_answer(str(pending), answer_name(str(pending)), arguments, service)
        return say(dispatcher, response, *events, **arguments)
