"""Showing, moving and cancelling the appointments booked in this conversation.

Why the cancel confirmation is a form: "yes"/"no" must mean "cancel it" only
right after the question, and leaving with another question must cancel nothing.
Moving re-uses the booking form with service and concern filled in; the old
appointment is cancelled in the same transaction that books the new one.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions.action import Dispatcher, Domain, Events, NamedAction, Slots, say
from actions.booking.state import BOOKING_SLOTS, FORM
from actions.clarify import guard
from actions.form_answers import asked, not_understood, reset, verdict, yes_or_no
from actions.identity import entity, store, who
from bot.booking.references import find_reference
from bot.booking.store import Appointment, NotFound
from bot.language.normalize import fold_digits

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


async def upcoming_and_named(tracker: Tracker) -> tuple[list[Appointment], Appointment | None]:
    """The upcoming appointments, and the one the message names (or the only one)."""
    items = await upcoming(tracker)
    return items, pick(items, named_reference(tracker))


class ActionShowAppointments(NamedAction):
    action_name = "action_show_appointments"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        items = await upcoming(tracker)
        if not items:
            return say(dispatcher, "utter_no_appointments")
        return say(dispatcher, "utter_appointments_list", appointments=[i.as_dict() for i in items])


class StartWithAppointment(NamedAction):
    """Moving and cancelling start alike: nothing to do without an upcoming appointment."""

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        items, chosen = await upcoming_and_named(tracker)
        if not items:
            return say(dispatcher, "utter_no_appointments")
        return self.start(dispatcher, items, chosen)

    @abstractmethod
    def start(
        self, dispatcher: Dispatcher, items: list[Appointment], chosen: Appointment | None
    ) -> Events:
        """The events once there is at least one appointment (`chosen`: the one named)."""


class ActionStartMove(StartWithAppointment):
    """Picks the appointment to move, then runs the booking form for the new time."""

    action_name = "action_start_move"

    def start(
        self, dispatcher: Dispatcher, items: list[Appointment], chosen: Appointment | None
    ) -> Events:
        if chosen is None:
            appointments = [i.as_dict() for i in items]
            return say(
                dispatcher, "utter_ask_move_reference", purpose="move", appointments=appointments
            )
        dispatcher.utter_message(response="utter_move_started", appointment=chosen.as_dict())
        return [
            *reset(*BOOKING_SLOTS),
            SlotSet("booking_service", chosen.service),
            SlotSet("booking_concern", chosen.concern),
            SlotSet("booking_contact", "keep"),
            SlotSet("booking_moving", chosen.reference),
            FollowupAction(FORM),
        ]


class ActionStartCancel(StartWithAppointment):
    """Finds what to cancel; the cancel form then asks which (if several) and confirms."""

    action_name = "action_start_cancel"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        # Only a clear request starts cancelling; otherwise "Do you mean …?" (issue 16).
        asked = guard(dispatcher, tracker, "cancel_appointment")
        return asked if asked is not None else await super().run(dispatcher, tracker, domain)

    def start(
        self, dispatcher: Dispatcher, items: list[Appointment], chosen: Appointment | None
    ) -> Events:
        events = reset("cancel_reference", "cancel_confirmed")
        if chosen is not None:
            events.append(SlotSet("cancel_reference", chosen.reference))
        return [*events, FollowupAction(CANCEL_FORM)]


class ValidateCancelForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{CANCEL_FORM}"

    @asked("cancel_reference")
    async def extract_cancel_reference(
        self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        reference = named_reference(tracker)
        if reference:
            return {"cancel_reference": reference}
        items = await upcoming(tracker)
        text = fold_digits(tracker.latest_message.get("text") or "").strip()
        if text.isdigit() and 1 <= int(text) <= len(items):
            return {"cancel_reference": items[int(text) - 1].reference}
        return not_understood(dispatcher, tracker, "cancel_reference")

    async def validate_cancel_reference(
        self, value: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        mine = value is not None and any(i.reference == value for i in await upcoming(tracker))
        return verdict(dispatcher, "cancel_reference", value, mine)

    # "Cancel it?" is read and checked like every yes/no question.
    extract_cancel_confirmed, validate_cancel_confirmed = yes_or_no("cancel_confirmed")


class ActionAskCancelReference(NamedAction):
    action_name = "action_ask_cancel_reference"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        appointments = [i.as_dict() for i in await upcoming(tracker)]
        return say(
            dispatcher, "utter_ask_cancel_reference", purpose="cancel", appointments=appointments
        )


class ActionAskCancelConfirmed(NamedAction):
    action_name = "action_ask_cancel_confirmed"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        chosen = pick(await upcoming(tracker), tracker.get_slot("cancel_reference"))
        if chosen is None:  # cancelled elsewhere meanwhile
            return say(
                dispatcher,
                "utter_no_appointments",
                SlotSet("cancel_reference", None),
                SlotSet("cancel_confirmed", "no"),
            )
        return say(dispatcher, "utter_ask_cancel_confirmed", appointment=chosen.as_dict())


class ActionSubmitCancel(NamedAction):
    action_name = "action_submit_cancel"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        reference = tracker.get_slot("cancel_reference")
        done = reset("cancel_reference", "cancel_confirmed")
        if tracker.get_slot("cancel_confirmed") != "yes" or not reference:
            return say(dispatcher, "utter_appointment_kept", *done)
        s = store()
        try:
            item = await s.run(s.cancel, who(tracker).conversation_id, reference)
        except NotFound:
            return say(dispatcher, "utter_no_appointments", *done)
        return say(dispatcher, "utter_appointment_cancelled", *done, appointment=item.as_dict())
