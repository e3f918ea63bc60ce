"""`action_submit_booking`: books (or moves, or puts on the waiting list) once the form is done.

Why a lost time goes back to the form: between the offer and the "yes" someone else
may have booked the last desk; the user then gets new offers instead of an error.
"""

from __future__ import annotations

from datetime import datetime

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions.action import Dispatcher, Domain, Events, NamedAction, say
from actions.booking.state import BOOKING_SLOTS, FORM
from actions.form_answers import reset
from actions.identity import store, who
from bot.booking.contact import parse_contact
from bot.booking.store import NotFound, SlotTaken, TooMany
from bot.signals import BOOKED, BOOKING_REFUSED, Signal


class ActionSubmitBooking(NamedAction):
    action_name = "action_submit_booking"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        s = store()
        person = who(tracker)
        service, concern = tracker.get_slot("booking_service"), tracker.get_slot("booking_concern")
        chosen = tracker.get_slot("booking_time")
        done = reset(*BOOKING_SLOTS)
        if tracker.get_slot("booking_waitlist"):
            await s.run(s.join_waitlist, person, service, concern)
            return say(
                dispatcher, "utter_booking_waitlisted", *done, service=service, concern=concern
            )
        if tracker.get_slot("booking_confirmed") != "yes" or not chosen:
            return say(dispatcher, "utter_booking_not_booked", *done)
        moving = tracker.get_slot("booking_moving")
        contact = tracker.get_slot("booking_contact")
        name, reach = None, None
        if contact == "keep" and moving:
            try:
                old = await s.run(s.find, person.conversation_id, moving)
                name, reach = old.contact_name, old.contact
            except NotFound:
                moving = None
        elif contact and contact != "none":
            parsed = parse_contact(contact)
            name, reach = (parsed.name, parsed.reach) if parsed else (None, None)
        start = datetime.fromisoformat(chosen)
        try:
            item = await s.run(
                s.book,
                person,
                service,
                concern,
                start,
                contact_name=name,
                contact=reach,
                replaces=moving,
            )
        except TooMany as refused:
            return say(
                dispatcher,
                "utter_booking_too_many",
                *done,
                json_message=Signal(BOOKING_REFUSED, reason=refused.reason).custom(),
                reason=refused.reason,
                service=service,
            )
        except SlotTaken:
            return say(
                dispatcher,
                "utter_booking_time_taken",
                SlotSet("booking_time", None),
                SlotSet("booking_confirmed", None),
                FollowupAction(FORM),
            )
        except NotFound:  # the appointment being moved was cancelled meanwhile
            item = await s.run(
                s.book, person, service, concern, start, contact_name=name, contact=reach
            )
            moving = None
        return say(
            dispatcher,
            "utter_booking_done",
            *done,
            json_message=Signal(BOOKED, service=item.service).custom(),
            appointment=item.as_dict(),
            moved=bool(moving),
        )
