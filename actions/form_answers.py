"""How both forms (booking and cancelling) read an answer to the question just asked.

Why here and not in each form: "is this an answer or something else?", "yes or no?"
and the hint for an answer that does not fit are the same for every question.
Whatever is not an answer and not a question either gets the hint at once and the
form asks again (the slot stays empty); a question or "stop" makes the form reject,
and the rules in stories/forms.yml answer it (a side question such as "where is it?"
inside the form, which then goes on) or leave the form and answer it. Only a clear
"stop" (or a question about something else entirely) ends the booking.

The per-slot methods both forms write alike live here too: rasa_sdk calls every
`extract_<slot>` method on every turn of the form, so each must read the message only
while the form asks for its slot (otherwise an answer to one question could fill
another); `asked` writes that check once, `yes_or_no` a whole yes-or-no question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.forms import REQUESTED_SLOT

from actions.action import Dispatcher, Domain, Events, Slots
from actions.identity import intent_of
from bot.booking.side_questions import asks_about_access

# Intents that never leave a form by themselves: they are answers to its questions.
ANSWERS = frozenset({"inform", "affirm", "deny", "nlu_fallback", "out_of_scope"})
# A plain "no" leaves the form, except where "no" answers the question.
NO_IS_AN_ANSWER = frozenset({"booking_confirmed", "booking_contact", "cancel_confirmed"})
LEAVE_CONFIDENCE = 0.5

Extract = Callable[[Any, Dispatcher, Tracker, Domain], Awaitable[Slots]]
Validate = Callable[[Any, Any, Dispatcher, Tracker, Domain], Awaitable[Slots]]


def reset(*names: str) -> Events:
    return [SlotSet(name, None) for name in names]


def leaves(tracker: Tracker, requested: str) -> bool:
    """The message is not an answer but something else (a question, "stop", a plain "no")."""
    name, confidence = intent_of(tracker)
    if name == "deny" and requested not in NO_IS_AN_ANSWER:
        return True
    return name is not None and name not in ANSWERS and confidence >= LEAVE_CONFIDENCE


def invalid(dispatcher: Dispatcher, slot: str) -> Slots:
    """A hint for the question just asked; the form then asks it again."""
    dispatcher.utter_message(response="utter_booking_invalid", slot=slot)
    return {slot: None}


def not_understood(dispatcher: Dispatcher, tracker: Tracker, slot: str) -> Slots:
    """No value: leave (reject) when the user asked something else, else hint and ask again.

    A side question no intent covers ("is it accessible by wheelchair?") is answered
    here, and the form asks its question again.
    """
    if asks_about_access(str(tracker.latest_message.get("text") or "")):
        dispatcher.utter_message(response="utter_booking_accessibility")
        return {slot: None}
    return {} if leaves(tracker, slot) else invalid(dispatcher, slot)


def yes_no(dispatcher: Dispatcher, tracker: Tracker, slot: str) -> Slots:
    name, _confidence = intent_of(tracker)
    if name == "affirm":
        return {slot: "yes"}
    if name == "deny":
        return {slot: "no"}
    return not_understood(dispatcher, tracker, slot)


def verdict(dispatcher: Dispatcher, slot: str, value: Any, valid: bool) -> Slots:
    """Keep a valid value; a reset (None) passes quietly; anything else gets the hint."""
    if value is None:
        return {slot: None}
    return {slot: value} if valid else invalid(dispatcher, slot)


def asked(slot: str) -> Callable[[Extract], Extract]:
    """The decorated `extract_<slot>` runs only while `slot` is the requested one."""

    def decorate(extract: Extract) -> Extract:
        @wraps(extract)
        async def when_asked(
            form: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
        ) -> Slots:
            if tracker.get_slot(REQUESTED_SLOT) != slot:
                return {}
            return await extract(form, dispatcher, tracker, domain)

        return when_asked

    return decorate


def yes_or_no(slot: str) -> tuple[Extract, Validate]:
    """`extract_<slot>` and `validate_<slot>` of a question answered by yes or no."""

    @asked(slot)
    async def extract(form: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Slots:
        return yes_no(dispatcher, tracker, slot)

    async def validate(
        form: Any, value: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        return verdict(dispatcher, slot, value, value in ("yes", "no"))

    return extract, validate
