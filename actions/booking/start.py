"""Starting a booking (`action_start_booking`) and leaving it (`action_stop_booking`).

Why the start clears every booking slot: a booking left halfway or a move must not
leak into the next one; the service (and concern) the user already named are kept.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.forms import REQUESTED_SLOT

from actions.action import Dispatcher, Domain, Events, NamedAction, say
from actions.booking.state import BOOKING_SLOTS, wish_slot
from actions.clarify import courtesy_back, subtopic_answer
from actions.form_answers import reset
from actions.identity import entity, store, who
from bot.booking.wish import parse_wish
from bot.content import SERVICES
from bot.entities import resolve
from bot.signals import BOOKING_REFUSED, Signal

TOPIC_IN_REQUEST = 0.15


def topic_of_request(tracker: Tracker) -> tuple[str, str] | None:
    """The concern in "an appointment for my naturalisation": the topic the NLU found in
    the request (`topic`, rasa_ext.linear_intents), else the best-ranked topic intent
    after book_appointment, when the model gives it some weight."""
    named = tracker.latest_message.get("topic") or {}
    found = store().config.concern_for_intent(named.get("name"))
    if found:
        return found
    for ranked in tracker.latest_message.get("intent_ranking") or []:
        if float(ranked.get("confidence") or 0) < TOPIC_IN_REQUEST:
            break
        topic = store().config.concern_for_intent(ranked.get("name"))
        if topic:
            return topic
    return None


def wish_in_request(tracker: Tracker) -> Events:
    """A day or time in the request itself ("… on Thursday afternoon") is kept for the
    time question, so the first offers are near it."""
    s = store()
    text = str(tracker.latest_message.get("text") or "")
    now = s.config.local(s.clock())
    wish = parse_wish(text, who(tracker).language, now, s.config.horizon_days, strict=True)
    return [SlotSet("booking_wish", wish_slot(wish))] if wish.understood else []


# Questions about a visit that mention the appointment ("Termin"): answered, not booked.
ABOUT_THE_VISIT = frozenset({"utter_appointment_companions", "utter_accessibility"})


class ActionStartBooking(NamedAction):
    """Starts a fresh booking; the service is skipped when it was named or is the topic.

    Without a topic in the request, the conversation's topic is what it is about: "a
    Termin for that" after the work-permit answer books at the foreigners' office for
    the work permit (the summary lets the person change the concern).

    A greeting or thanks in the request ("Hallo, ich brauche einen Termin") is answered
    first with one short line, as before a topic's answer (actions/clarify.py)."""

    action_name = "action_start_booking"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        back = courtesy_back(tracker)
        if back is not None:
            say(dispatcher, back)
        about = subtopic_answer(tracker)
        if about in ABOUT_THE_VISIT:
            # "Can I bring my child to the Termin?" asks about the visit, not for one: the
            # answer (with a booking button), no booking started.
            return say(
                dispatcher, str(about), *reset(*BOOKING_SLOTS), FollowupAction("action_listen")
            )
        s = store()
        named = resolve("service", entity(tracker, "service"), SERVICES)
        refused = await s.run(s.refusal, who(tracker))
        if refused:
            return say(
                dispatcher,
                "utter_booking_too_many",
                *reset(*BOOKING_SLOTS),
                FollowupAction("action_listen"),
                json_message=Signal(BOOKING_REFUSED, reason=refused).custom(),
                reason=refused,
                service=named,
            )
        events = [*reset(*BOOKING_SLOTS), *wish_in_request(tracker)]
        topic = topic_of_request(tracker) or s.config.concern_for_intent(tracker.get_slot("topic"))
        if topic and named in (None, topic[0]):
            return [
                *events,
                SlotSet("booking_service", topic[0]),
                SlotSet("booking_concern", topic[1]),
            ]
        service = named or tracker.get_slot("service")
        if service in SERVICES:
            events.append(SlotSet("booking_service", service))
            concern = entity(tracker, "booking_concern")
            if concern and s.config.concern(service, str(concern)):
                events.append(SlotSet("booking_concern", concern))
        return events


def last_form(tracker: Tracker) -> str | None:
    """The form that was open last (the rule has already closed it when we run)."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name"):
            return str(event["name"])
    return None


class ActionStopBooking(NamedAction):
    """Leaves the booking (or the cancelling) with nothing booked or cancelled, and says so."""

    action_name = "action_stop_booking"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        done = reset(*BOOKING_SLOTS, "cancel_reference", "cancel_confirmed", REQUESTED_SLOT)
        if last_form(tracker) == "cancel_form":
            return say(dispatcher, "utter_appointment_kept", *done)
        moving = bool(tracker.get_slot("booking_moving"))
        return say(dispatcher, "utter_booking_stopped", *done, moving=moving)
