"""Showing, moving and cancelling the appointments booked in this conversation.

Why the cancel confirmation is a form: "yes"/"no" must mean "cancel it" only
right after the question, and leaving with another question must cancel nothing.
Moving re-uses the booking form with service and concern filled in; the old
appointment is cancelled in the same transaction that books the new one.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.booking_form import BOOKING_SLOTS, FORM, not_understood, reset, verdict, yes_no
from actions.identity import entity, store, who
from bot.booking.references import find_reference
from bot.booking.store import Appointment, NotFound
from bot.normalize import fold_digits

CANCEL_FORM = "cancel_form"


async def upcoming(tracker: Tracker) -> list[Appointment]:
    s = store()
    return await s.run(s.upcoming, tracker.sender_id)


def named_reference(tracker: Tracker) -> str | None:
    """A reference from a button (entity) or typed in the message."""
    value = entity(tracker, "booking_reference")
    return (
        find_reference(str(value))
        if value
        else find_reference(tracker.latest_message.get("text") or "")
    )


def pick(items: list[Appointment], reference: str | None) -> Appointment | None:
    if reference:
        return next((i for i in items if i.reference == reference), None)
    return items[0] if len(items) == 1 else None


class ActionShowAppointments(Action):
    def name(self) -> str:
        return "action_show_appointments"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        items = await upcoming(tracker)
        if items:
            dispatcher.utter_message(
                response="utter_appointments_list", appointments=[i.as_dict() for i in items]
            )
        else:
            dispatcher.utter_message(response="utter_no_appointments")
        return []


class ActionStartMove(Action):
    """Picks the appointment to move, then runs the booking form for the new time."""

    def name(self) -> str:
        return "action_start_move"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        items = await upcoming(tracker)
        if not items:
            dispatcher.utter_message(response="utter_no_appointments")
            return []
        chosen = pick(items, named_reference(tracker))
        if chosen is None:
            dispatcher.utter_message(
                response="utter_ask_move_reference",
                purpose="move",
                appointments=[i.as_dict() for i in items],
            )
            return []
        dispatcher.utter_message(response="utter_move_started", appointment=chosen.as_dict())
        return [
            *reset(*BOOKING_SLOTS),
            SlotSet("booking_service", chosen.service),
            SlotSet("booking_concern", chosen.concern),
            SlotSet("booking_contact", "keep"),
            SlotSet("booking_moving", chosen.reference),
            FollowupAction(FORM),
        ]


class ActionStartCancel(Action):
    """Finds what to cancel; the cancel form then asks which (if several) and confirms."""

    def name(self) -> str:
        return "action_start_cancel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        items = await upcoming(tracker)
        if not items:
            dispatcher.utter_message(response="utter_no_appointments")
            return []
        chosen = pick(items, named_reference(tracker))
        events: list[EventType] = reset("cancel_reference", "cancel_confirmed")
        if chosen is not None:
            events.append(SlotSet("cancel_reference", chosen.reference))
        return [*events, FollowupAction(CANCEL_FORM)]


class ValidateCancelForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{CANCEL_FORM}"

    async def extract_cancel_reference(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "cancel_reference":
            return {}
        reference = named_reference(tracker)
        if reference:
            return {"cancel_reference": reference}
        items = await upcoming(tracker)
        text = fold_digits(tracker.latest_message.get("text") or "").strip()
        if text.isdigit() and 1 <= int(text) <= len(items):
            return {"cancel_reference": items[int(text) - 1].reference}
        return not_understood(tracker, "cancel_reference")

    async def extract_cancel_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "cancel_confirmed":
            return {}
        return yes_no(tracker, "cancel_confirmed")

    async def validate_cancel_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        mine = value is not None and any(i.reference == value for i in await upcoming(tracker))
        return verdict(dispatcher, "cancel_reference", value, mine)

    async def validate_cancel_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return verdict(dispatcher, "cancel_confirmed", value, value in ("yes", "no"))


class ActionAskCancelReference(Action):
    def name(self) -> str:
        return "action_ask_cancel_reference"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        items = await upcoming(tracker)
        dispatcher.utter_message(
            response="utter_ask_cancel_reference",
            purpose="cancel",
            appointments=[i.as_dict() for i in items],
        )
        return []


class ActionAskCancelConfirmed(Action):
    def name(self) -> str:
        return "action_ask_cancel_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        chosen = pick(await upcoming(tracker), tracker.get_slot("cancel_reference"))
        if chosen is None:  # cancelled elsewhere meanwhile
            dispatcher.utter_message(response="utter_no_appointments")
            return [SlotSet("cancel_reference", None), SlotSet("cancel_confirmed", "no")]
        dispatcher.utter_message(
            response="utter_ask_cancel_confirmed", appointment=chosen.as_dict()
        )
        return []


class ActionSubmitCancel(Action):
    def name(self) -> str:
        return "action_submit_cancel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reference = tracker.get_slot("cancel_reference")
        done = reset("cancel_reference", "cancel_confirmed")
        if tracker.get_slot("cancel_confirmed") != "yes" or not reference:
            dispatcher.utter_message(response="utter_appointment_kept")
            return done
        s = store()
        try:
            item = await s.run(s.cancel, who(tracker).conversation_id, reference)
        except NotFound:
            dispatcher.utter_message(response="utter_no_appointments")
            return done
        dispatcher.utter_message(response="utter_appointment_cancelled", appointment=item.as_dict())
        return done
