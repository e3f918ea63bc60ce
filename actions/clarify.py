"""Asking instead of guessing: "Do you mean …?", topic answers never twice in a row,
and destructive requests (delete my data, cancel) only when they are clear.

Why one module: all three read the same things – the model's ranking of the latest
message and what the bot said just before – and answer with the same buttons.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.action import Dispatcher, Domain, Events, NamedAction, say
from actions.situation import situation_step
from bot.language.normalize import normalise
from bot.situation.recognise import recognise
from bot.texts import RENDERERS, Context, Reply, render
from bot.texts.clarify import INTENT_LABELS
from bot.texts.subtopics import SUBTOPIC_ANSWERS
from rasa_ext import message_parts

# A candidate worth a button: the model gives it at least this much.
MIN_CANDIDATE = 0.1
# A destructive request starts only at this confidence, with no rival worth a button.
CLEAR = 0.8
MAX_CANDIDATES = 3
# A topic answered below this confidence, with a rival worth a button (or a wish for a
# person), is a guess: "Do you mean …?" instead ("i got a letter from the office and i
# dont understand it" is not a question about the way to the Kreishaus).
UNSURE = 0.4

# Topic intents whose rule runs action_answer_topic, and the answer each gets.
TOPIC_ANSWERS: dict[str, str] = {
    intent: "utter_" + intent.removeprefix("ask_")
    for intent in (
        "ask_services_overview",
        "ask_location",
        "ask_opening_hours",
        "ask_contact",
        "ask_residence_permit",
        "ask_work_permit",
        "ask_temporary_protection",
        "ask_family_reunification",
        "ask_naturalization",
        "ask_required_documents",
        "ask_job_search",
        "ask_recognition",
        "ask_language_course",
        "ask_apprenticeship",
        "ask_job_fair",
        "ask_benefits",
        "ask_integration_commissioner",
        "ask_volunteering",
        "ask_events",
        "ask_interpreter",
        "ask_discrimination",
    )
}


def ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """The latest message's intents, best first (the fallback's own entry left out)."""
    latest = tracker.latest_message or {}
    ranked = latest.get("intent_ranking") or [latest.get("intent") or {}]
    pairs = [(str(r.get("name")), float(r.get("confidence") or 0.0)) for r in ranked]
    pairs = [(name, confidence) for name, confidence in pairs if name in INTENT_LABELS]
    return sorted(pairs, key=lambda pair: -pair[1])


def candidates(tracker: Tracker, least: float = MIN_CANDIDATE) -> list[str]:
    """Up to three intents the message may mean, each worth a button."""
    return [name for name, confidence in ranking(tracker) if confidence >= least][:MAX_CANDIDATES]


def guessed(tracker: Tracker, intent: str) -> bool:
    """`intent` leads only weakly and something else (a need or a person) is close."""
    latest = tracker.latest_message or {}
    if float((latest.get("intent") or {}).get("confidence") or 0.0) >= UNSURE:
        return False
    ranked = latest.get("intent_ranking") or []
    return any(
        r.get("name") != intent
        and (r.get("name") in INTENT_LABELS or r.get("name") == "request_human")
        and float(r.get("confidence") or 0.0) >= MIN_CANDIDATE
        for r in ranked
    )


def ask_what_is_meant(dispatcher: Dispatcher, intents: list[str]) -> Events:
    return say(dispatcher, "utter_clarify", intents=intents[:MAX_CANDIDATES])


def unclear(tracker: Tracker, intent: str) -> bool:
    """The latest message is `intent`, but not clearly: low confidence or a rival."""
    latest = tracker.latest_message or {}
    named = latest.get("intent") or {}
    if named.get("name") != intent:
        return False
    if float(named.get("confidence") or 0.0) < CLEAR:
        return True
    return any(name != intent for name in candidates(tracker))


def guard(dispatcher: Dispatcher, tracker: Tracker, intent: str) -> Events | None:
    """ "Do you mean …?" (with `intent` among the buttons) when the request is unclear."""
    if not unclear(tracker, intent):
        return None
    offered = candidates(tracker)
    if intent not in offered:
        offered = [*offered[: MAX_CANDIDATES - 1], intent]
    return ask_what_is_meant(dispatcher, offered)


def previous_bot_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the bot said between the last two user messages, newest first."""
    said: list[dict[str, Any]] = []
    seen_latest = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_latest:
                break
            seen_latest = True
        elif seen_latest and event.get("event") == "bot":
            said.append(event)
    return said


def previous_answers(events: list[dict[str, Any]]) -> list[str]:
    """The responses the bot uttered between the last two user messages."""
    names = ((e.get("metadata") or {}).get("utter_action") for e in previous_bot_events(events))
    return [str(name) for name in names if name]


def stated_status(tracker: Tracker) -> str | None:
    """The residence status the latest message states in words, if any."""
    return recognise(str((tracker.latest_message or {}).get("text") or "")).status


def said_just_before(tracker: Tracker) -> set[str]:
    """The texts the bot sent between the last two user messages."""
    return {str(e.get("text") or "") for e in previous_bot_events(tracker.events)} - {""}


def said_ever(tracker: Tracker) -> set[str]:
    """Every text the bot has sent in this conversation."""
    return {str(e.get("text") or "") for e in tracker.events if e.get("event") == "bot"} - {""}


def rendered(tracker: Tracker, response: str, arguments: dict[str, Any]) -> Reply | None:
    """The answer as the person will read it (bot/texts), for this tracker's language;
    None for a response bot/texts does not render."""
    if response not in RENDERERS:
        return None
    slots = tracker.current_slot_values()
    ctx = Context(lang=str(slots.get("language") or "de"), slots=slots, arguments=arguments)
    return render(response, ctx)


def offers(reply: Reply, intent: str) -> bool:
    """The reply has a button for `intent` already (no second "You also asked" button)."""
    return any(
        b.payload == f"/{intent}" or b.payload.startswith(f"/{intent}{{") for b in reply.buttons
    )


# The greeting or thanks that came with a need (parse key `courtesy`, set by
# rasa_ext.linear_intents), and the short line that answers it before the answer.
COURTESY_BACK: dict[str, str] = {"greet": "utter_greet_back", "thank": "utter_thanks_back"}


def courtesy_back(tracker: Tracker) -> str | None:
    """ "Hello!" or "You're welcome!" when the latest message greeted or thanked."""
    return COURTESY_BACK.get(str((tracker.latest_message or {}).get("courtesy")))


def second_need(tracker: Tracker, answered: str) -> str | None:
    """Another topic the latest message asked about (parse key `second_intent`), if any."""
    second = (tracker.latest_message or {}).get("second_intent") or {}
    name = str(second.get("name")) if isinstance(second, dict) else ""
    if name != answered and name in TOPIC_ANSWERS and name in INTENT_LABELS:
        return name
    return None


# The parse key that marks a correction ("no, I mean the permit"), set by the NLU pipeline.
CORRECTION = "correction"


def corrects(tracker: Tracker) -> bool:
    """The latest message corrects the answer before it ("no, I mean …", "not X, Y").

    Read from the parse result (`correction`); for models that do not set it yet, the same
    reading of the text as rasa_ext.message_parts.decide: a first part that is only "no",
    a correction word ("I mean", "sondern", "يعني") or a part that rejects a topic."""
    latest = tracker.latest_message or {}
    if CORRECTION in latest:
        return bool(latest[CORRECTION])
    text = str(latest.get("text") or "")
    pieces = message_parts.parts_of(text)
    if len(pieces) < 2:
        return False
    folded = [normalise(piece) for piece in pieces]
    return (
        bool(message_parts._BARE_NO.match(folded[0]))
        or any(message_parts._CORRECTION.match(piece) for piece in folded)
        or any(message_parts.is_negated(piece) for piece in pieces)
    )


# The parse key naming the specific question inside a topic (rasa_ext.subtopics).
SUBTOPIC = "subtopic"


# Sub-topics that are also a residence status: "I have a Duldung, can I work?" (also as
# the message's second part: "I have § 24. Can I work?") is the work question for that
# status (the situation's variant, bot/texts/situation.py), not a question about the
# status itself.
STATUS_SUBTOPICS = frozenset({"duldung", "asylum", "leave_temporary_protection"})
WORK_INTENTS = frozenset({"ask_work_permit"})


# Topics whose answer for one status is a specific answer: an apprenticeship with a
# Duldung is the Ausbildungsduldung's question (the general text would only say "the
# foreigners' office decides").
STATUS_ANSWERS: dict[tuple[str, str], str] = {("ask_apprenticeship", "duldung"): "utter_duldung"}


def status_answer(tracker: Tracker, named: str) -> str | None:
    """The specific answer for the topic and the person's status (stated now or before)."""
    said = stated_status(tracker)
    status = said or tracker.get_slot("residence_status")
    return STATUS_ANSWERS.get((named, str(status))) if status else None


def subtopic(tracker: Tracker) -> str | None:
    """The specific question the latest message asks ("my card was stolen", "Kindergeld"),
    when the NLU pipeline named one and it is not a status' work question."""
    latest = tracker.latest_message or {}
    named = latest.get(SUBTOPIC) or {}
    name = str(named.get("name")) if isinstance(named, dict) and named.get("name") else None
    asked = {
        (latest.get("intent") or {}).get("name"),
        (latest.get("second_intent") or {}).get("name"),
    }
    if name is None or (name in STATUS_SUBTOPICS and asked & WORK_INTENTS):
        return None
    # "how much is it?" right after the language course: the course's cost, not the
    # fees of permits and naturalisation
    if name == "fees" and set(previous_answers(tracker.events)) & COURSE_ANSWERS:
        return "course_costs"
    return name


# What the bot says about language courses: a question about cost after them is theirs.
COURSE_ANSWERS = frozenset({"utter_language_course", "utter_course_costs"})


# Topics that are a residence status: stating the status is context, not the question.
STATUS_TOPICS = {"ask_temporary_protection": "temporary_protection"}


def status_is_context(tracker: Tracker, named: str) -> str | None:
    """The other need of a message that only states the status the model took as its topic.

    "I'm from Ukraine and have § 24. Who pays my Bürgergeld?" reads as a § 24 question
    with benefits as the second need; the person asked about benefits (issue 16: the
    question of a story wins over its context)."""
    second = second_need(tracker, named)
    status = STATUS_TOPICS.get(named)
    if second is None or status is None:
        return None
    return second if stated_status(tracker) == status else None


def subtopic_answer(tracker: Tracker) -> str | None:
    """The answer to the specific question the latest message asks, if any."""
    name = subtopic(tracker)
    return SUBTOPIC_ANSWERS.get(name) if name else None


def rivals(tracker: Tracker, answered: str) -> list[str]:
    """Other needs the model saw in the latest message (worth a button), best first."""
    return [name for name in candidates(tracker) if name != answered][:2]


class ActionAnswerTopic(NamedAction):
    """A topic's answer; if the bot has just sent exactly that answer, asks what is missing.

    A greeting or thanks in the same message is answered first with one short line, and
    a second need of the message is offered after the answer as one button.
    """

    action_name = "action_answer_topic"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        # the person's situation (actions/situation.py): its slots, or one question first –
        # not after this very answer, not on a correction, not when a second need waits
        named = str((tracker.latest_message.get("intent") or {}).get("name"))
        asked = status_is_context(tracker, named)
        specific = None if asked is not None else subtopic_answer(tracker)
        if asked is not None:
            named = asked  # the stated status's own sub-topic is not the question either
        special = specific or status_answer(tracker, named)
        if special is not None and named in TOPIC_ANSWERS:
            by_status = specific is None
            return self.answer_subtopic(dispatcher, tracker, named, special, by_status)
        if asked is None and guessed(tracker, named) and second_need(tracker, named) is None:
            offered = [named, *(c for c in candidates(tracker) if c != named)]
            return ask_what_is_meant(dispatcher, offered)
        fresh = TOPIC_ANSWERS.get(named) not in previous_answers(tracker.events)
        may_ask = fresh and second_need(tracker, named) is None and not corrects(tracker)
        step = situation_step(tracker, named, may_ask=may_ask)
        intent = step.intent
        response = TOPIC_ANSWERS.get(intent)
        if response is None:
            return say(dispatcher, "utter_default")
        back = courtesy_back(tracker)
        if back is not None:
            say(dispatcher, back)
        if step.ask:
            return say(dispatcher, "utter_ask_situation", *step.events, ask=step.ask)
        answer = step.response(response, tracker.get_slot("service"))
        also = step.also or second_need(tracker, intent)
        said = said_just_before(tracker)
        # rendered once, for both checks: a stated situation that changes nothing ("I have
        # § 24" right after the § 24 answer) reads word for word like before, a repeat;
        # a second need the answer's own button offers gets no second button
        shown = rendered(tracker, answer, step.arguments) if said or also else None
        repeated = (response in previous_answers(tracker.events) and not step.changed) or (
            shown is not None and shown.text in said
        )
        say_unless_repeated(dispatcher, tracker, intent, answer, repeated, step.arguments)
        if also and shown is not None and offers(shown, also):
            also = None
        return [*step.events, *(say(dispatcher, "utter_also_asked", intent=also) if also else [])]

    def answer_subtopic(
        self,
        dispatcher: Dispatcher,
        tracker: Tracker,
        named: str,
        response: str,
        by_status: bool = False,
    ) -> Events:
        """The specific question's answer: no situation question first (the answer names
        what depends on it), the situation the message states is kept. An answer chosen by
        the status alone that was just given makes way for the topic's own answer."""
        step = situation_step(tracker, named, may_ask=False)
        back = courtesy_back(tracker)
        if back is not None:
            say(dispatcher, back)
        # the same text under another name is a repeat too: the Duldung routes answered
        # "can I work?" and then "and an Ausbildung?" (read as the Duldung's sub-topic)
        # (for an answer chosen by the status: said at any point of the conversation)
        said = said_ever(tracker) if by_status else said_just_before(tracker)
        shown = rendered(tracker, response, step.arguments) if said else None
        repeated = (response in previous_answers(tracker.events) and not step.changed) or (
            shown is not None and shown.text in said
        )
        own = TOPIC_ANSWERS.get(named)
        fresh = own not in previous_answers(tracker.events)
        if by_status and repeated and own and own != response and fresh:
            # the specific text was just given: the topic's own answer says something new
            # ("and an Ausbildung?" after the Duldung routes: how to find a place)
            response, repeated = own, False
        say_unless_repeated(dispatcher, tracker, named, response, repeated, step.arguments)
        also = second_need(tracker, named)
        return [*step.events, *(say(dispatcher, "utter_also_asked", intent=also) if also else [])]


def say_unless_repeated(
    dispatcher: Dispatcher,
    tracker: Tracker,
    topic: str,
    response: str,
    repeated: bool,
    arguments: dict[str, Any],
) -> None:
    """The answer; if it was just sent, "what is missing?" after a correction ("no, I mean
    the permit" right after the permit answer is not a repeat), else "I have just said it"."""
    if repeated and corrects(tracker):
        say(dispatcher, "utter_what_is_missing", topic=topic, rivals=rivals(tracker, topic))
    elif repeated:
        say(dispatcher, "utter_not_again")
    else:
        say(dispatcher, response, **arguments)


class ActionStartDelete(NamedAction):
    """Asks "delete everything?" only on a clear request; otherwise "Do you mean …?"."""

    action_name = "action_start_delete"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        asked = guard(dispatcher, tracker, "delete_my_data")
        return asked if asked is not None else say(dispatcher, "utter_delete_my_data")
