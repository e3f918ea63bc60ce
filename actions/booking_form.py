"""The booking form: service -> concern -> time -> optional contact -> yes/no -> booked.

Why custom extraction for every slot: a button, a typed service name, "Tuesday
morning" and a phone number are understood whatever intent the classifier
guessed. Only when nothing fits does the intent count: a question or "stop"
makes the form reject, and the rules in stories/forms.yml leave the form and
answer it (nothing half-booked); anything else gets a hint and the question again.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.identity import entity, intent_of, store, who
from bot.booking.calendar import Slot
from bot.booking.contact import parse_contact
from bot.booking.store import NotFound, SlotTaken, TooMany
from bot.booking.texts import concern_label
from bot.booking.wish import Wish, nearest, parse_wish
from bot.content import SERVICES
from bot.entities import resolve
from bot.normalize import fold_digits, normalise
from bot.responses import Context

FORM = "appointment_form"
INVALID = "__invalid__"
WAITLIST = "waitlist"
BOOKING_SLOTS = (
    "booking_service",
    "booking_concern",
    "booking_time",
    "booking_contact",
    "booking_confirmed",
    "booking_after",
    "booking_wish",
    "booking_moving",
)
# Intents that never leave a form by themselves: they are answers to its questions.
ANSWERS = frozenset({"inform", "affirm", "deny", "nlu_fallback", "out_of_scope"})
LEAVE_CONFIDENCE = 0.5


def reset(*names: str) -> list[EventType]:
    return [SlotSet(name, None) for name in names]


def leaves(tracker: Tracker, requested: str) -> bool:
    """The message is not an answer but something else (a question, "stop", a plain "no")."""
    name, confidence = intent_of(tracker)
    if name == "deny" and requested not in (
        "booking_confirmed",
        "booking_contact",
        "cancel_confirmed",
    ):
        return True
    return name is not None and name not in ANSWERS and confidence >= LEAVE_CONFIDENCE


def not_understood(tracker: Tracker, slot: str) -> dict[str, Any]:
    """No value: leave (reject) when the user asked something else, else ask again with a hint."""
    return {} if leaves(tracker, slot) else {slot: INVALID}


def yes_no(tracker: Tracker, slot: str) -> dict[str, Any]:
    name, _confidence = intent_of(tracker)
    if name == "affirm":
        return {slot: "yes"}
    if name == "deny":
        return {slot: "no"}
    return not_understood(tracker, slot)


def invalid(dispatcher: CollectingDispatcher, slot: str) -> dict[str, Any]:
    """A hint for the question just asked; the form then asks it again."""
    dispatcher.utter_message(response="utter_booking_invalid", slot=slot)
    return {slot: None}


def verdict(dispatcher: CollectingDispatcher, slot: str, value: Any, valid: bool) -> dict[str, Any]:
    """Keep a valid value; a reset (None) passes quietly; anything else gets the hint."""
    if value is None:
        return {slot: None}
    return {slot: value} if valid else invalid(dispatcher, slot)


def language(tracker: Tracker) -> str:
    return who(tracker).language


def local_now() -> datetime:
    cfg = store().config
    return cfg.local(store().clock())


def spread(slots: list[Slot], limit: int) -> list[Slot]:
    """Offers that do not overlap each other, so five buttons are five real choices."""
    chosen: list[Slot] = []
    for slot in slots:
        if all(slot.start >= c.end or slot.end <= c.start for c in chosen):
            chosen.append(slot)
        if len(chosen) == limit:
            break
    return sorted(chosen, key=lambda s: s.start)


class ValidateAppointmentForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{FORM}"

    # --- extraction: only the requested slot is read from the message ----------------------

    async def extract_booking_service(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "booking_service":
            return {}
        named = resolve("service", entity(tracker, "service"), SERVICES)
        if named:
            return {"booking_service": named}
        # "to extend my permit" answers "which service?" too: the topic names service and concern.
        intent, confidence = intent_of(tracker)
        topic = store().config.concern_for_intent(intent)
        if topic and confidence >= LEAVE_CONFIDENCE:
            return {"booking_service": topic[0], "booking_concern": topic[1]}
        return not_understood(tracker, "booking_service")

    async def extract_booking_concern(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "booking_concern":
            return {}
        service = tracker.get_slot("booking_service")
        concerns = list(store().config.services[service].concerns) if service else []
        chosen = entity(tracker, "booking_concern")
        if chosen in concerns:
            return {"booking_concern": chosen}
        text = normalise(fold_digits(tracker.latest_message.get("text") or "")).strip()
        if text.isdigit() and 1 <= int(text) <= len(concerns):
            return {"booking_concern": concerns[int(text) - 1]}
        ctx = Context(lang=language(tracker))
        for key in concerns:
            label = normalise(concern_label(ctx, key))
            if len(text) >= 4 and (text in label or label in text):
                return {"booking_concern": key}
        intent, confidence = intent_of(tracker)
        topic = store().config.concern_for_intent(intent)
        if topic and topic[0] == service and confidence >= LEAVE_CONFIDENCE:
            return {"booking_concern": topic[1]}
        return not_understood(tracker, "booking_concern")

    async def extract_booking_time(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "booking_time":
            return {}
        chosen = entity(tracker, "booking_time")
        if chosen:
            return {"booking_time": str(chosen)}
        page = entity(tracker, "booking_page")
        if page:
            return {"booking_time": f"page:{page}"}
        wish = parse_wish(
            tracker.latest_message.get("text") or "",
            language(tracker),
            local_now(),
            store().config.horizon_days,
        )
        if wish.understood:
            return {"booking_time": "wish:" + wish_to_json(wish)}
        return not_understood(tracker, "booking_time")

    async def extract_booking_contact(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "booking_contact":
            return {}
        if entity(tracker, "booking_contact") == "none":
            return {"booking_contact": "none"}
        contact = parse_contact(tracker.latest_message.get("text") or "")
        if contact is not None:
            return {"booking_contact": contact.as_text()}
        # "No" and "no, thanks" (often read as `thank`) both decline politely.
        if intent_of(tracker)[0] in ("deny", "thank"):
            return {"booking_contact": "none"}
        return not_understood(tracker, "booking_contact")

    async def extract_booking_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "booking_confirmed":
            return {}
        return yes_no(tracker, "booking_confirmed")

    # --- validation --------------------------------------------------------------------------

    async def validate_booking_service(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return verdict(dispatcher, "booking_service", value, value in SERVICES)

    async def validate_booking_concern(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        service = tracker.get_slot("booking_service")
        known = bool(service and store().config.concern(service, str(value)))
        return verdict(dispatcher, "booking_concern", value, known)

    async def validate_booking_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if value is None:  # reset when a booking starts: nothing to check
            return {"booking_time": None}
        text = str(value or "")
        if text == INVALID:
            return invalid(dispatcher, "booking_time")
        if text == WAITLIST:
            # Nothing to choose from: the waiting list needs neither contact nor a summary.
            return {"booking_time": WAITLIST, "booking_contact": "none", "booking_confirmed": "yes"}
        if text.startswith("page:"):
            after = text.removeprefix("page:")
            return {
                "booking_time": None,
                "booking_after": None if after == "start" else after,
                "booking_wish": None,
            }
        if text.startswith("wish:"):
            return await self._from_wish(text.removeprefix("wish:"), tracker)
        try:
            start = datetime.fromisoformat(text)
        except ValueError:
            return invalid(dispatcher, "booking_time")
        service, concern = tracker.get_slot("booking_service"), tracker.get_slot("booking_concern")
        free = start.tzinfo is not None and await store().run(
            store().is_free, service, concern, start
        )
        if free:
            return {"booking_time": start.isoformat()}
        dispatcher.utter_message(response="utter_booking_time_taken")
        return {"booking_time": None}

    async def _from_wish(self, raw: str, tracker: Tracker) -> dict[str, Any]:
        """An exact free time is taken at once; otherwise the offers start near the wish."""
        wish = wish_from_json(raw)
        service, concern = tracker.get_slot("booking_service"), tracker.get_slot("booking_concern")
        cfg = store().config
        if wish.day and wish.at:
            start = datetime.combine(wish.day, wish.at, tzinfo=cfg.tz)
            if await store().run(store().is_free, service, concern, start):
                return {"booking_time": start.isoformat(), "booking_wish": None}
        return {"booking_time": None, "booking_wish": raw, "booking_after": None}

    async def validate_booking_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if value is None:  # reset when a booking starts: nothing to check
            return {"booking_contact": None}
        if value == INVALID:
            return invalid(dispatcher, "booking_contact")
        return {"booking_contact": value}

    async def validate_booking_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return verdict(dispatcher, "booking_confirmed", value, value in ("yes", "no"))


def wish_to_json(wish: Wish) -> str:
    return json.dumps(
        {
            "day": wish.day.isoformat() if wish.day else None,
            "at": wish.at.isoformat(timespec="minutes") if wish.at else None,
            "part": wish.part,
        }
    )


def wish_from_json(raw: str) -> Wish:
    try:
        data = json.loads(raw)
        return Wish(
            date.fromisoformat(data["day"]) if data.get("day") else None,
            time.fromisoformat(data["at"]) if data.get("at") else None,
            data.get("part"),
        )
    except (ValueError, TypeError, KeyError):
        return Wish()


class _AskWithResponse(Action):
    """Asks for a form slot with its `utter_ask_<slot>` response (rendered by `bot/`).

    Why actions and not domain responses: the texts depend on the slots (service,
    time) and the catalogs, and Rasa's validator flags responses only forms use.
    """

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []


class ActionAskBookingService(_AskWithResponse):
    slot = "booking_service"


class ActionAskBookingConcern(_AskWithResponse):
    slot = "booking_concern"


class ActionAskBookingContact(_AskWithResponse):
    slot = "booking_contact"


class ActionAskBookingConfirmed(_AskWithResponse):
    slot = "booking_confirmed"


class ActionAskBookingTime(Action):
    """Offers free times as buttons: the next ones, the ones after a page, or near a wish."""

    def name(self) -> str:
        return "action_ask_booking_time"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        service, concern = tracker.get_slot("booking_service"), tracker.get_slot("booking_concern")
        s = store()
        cfg = s.config
        limit = cfg.offers_per_page
        after_raw = tracker.get_slot("booking_after")
        after = datetime.fromisoformat(after_raw) if after_raw else None
        wish = (
            wish_from_json(tracker.get_slot("booking_wish"))
            if tracker.get_slot("booking_wish")
            else Wish()
        )
        start_of_wish = datetime.combine(wish.day, time(), tzinfo=cfg.tz) if wish.day else after
        fetched = limit * 40
        free = await s.run(s.free, service, concern, after=start_of_wish, limit=fetched)
        if wish.understood:
            offers = spread(nearest(free, wish, cfg.tz, len(free)), limit)
        else:
            offers = spread(free, limit)
        if not offers:
            dispatcher.utter_message(response="utter_booking_no_slots", paged=bool(after))
            return []
        missed = bool(wish.day) and all(cfg.local(o.start).date() != wish.day for o in offers)
        if wish.at and not missed:
            missed = all(cfg.local(o.start).time() != wish.at for o in offers)
        # Later dates exist when a fetched time lies after the last offer, or when the fetch
        # stopped at its limit (no second query needed).
        more = len(free) == fetched or any(slot.start > offers[-1].start for slot in free)
        dispatcher.utter_message(
            response="utter_ask_booking_time",
            slots=[o.start.isoformat() for o in offers],
            more_after=(offers[-1].start + timedelta(minutes=1)).isoformat() if more else None,
            wish_missed=missed,
        )
        return []


TOPIC_IN_REQUEST = 0.15


def topic_of_request(tracker: Tracker) -> tuple[str, str] | None:
    """The concern in "an appointment for my naturalisation": the best-ranked topic intent
    after book_appointment, when the model gives it some weight."""
    for ranked in tracker.latest_message.get("intent_ranking") or []:
        if float(ranked.get("confidence") or 0) < TOPIC_IN_REQUEST:
            break
        topic = store().config.concern_for_intent(ranked.get("name"))
        if topic:
            return topic
    return None


class ActionStartBooking(Action):
    """Starts a fresh booking; the service is skipped when it was named or is the topic."""

    def name(self) -> str:
        return "action_start_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        s = store()
        named = resolve("service", entity(tracker, "service"), SERVICES)
        refused = await s.run(s.refusal, who(tracker))
        if refused:
            dispatcher.utter_message(
                response="utter_booking_too_many", reason=refused, service=named
            )
            return [*reset(*BOOKING_SLOTS), FollowupAction("action_listen")]
        events = reset(*BOOKING_SLOTS)
        topic = topic_of_request(tracker)
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
            if concern and store().config.concern(service, str(concern)):
                events.append(SlotSet("booking_concern", concern))
        return events


def last_form(tracker: Tracker) -> str | None:
    """The form that was open last (the rule has already closed it when we run)."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name"):
            return str(event["name"])
    return None


class ActionStopBooking(Action):
    """Leaves the booking with nothing booked and says so."""

    def name(self) -> str:
        return "action_stop_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if last_form(tracker) == "cancel_form":
            dispatcher.utter_message(response="utter_appointment_kept")
        else:
            dispatcher.utter_message(
                response="utter_booking_stopped", moving=bool(tracker.get_slot("booking_moving"))
            )
        return reset(*BOOKING_SLOTS, "cancel_reference", "cancel_confirmed", REQUESTED_SLOT)


class ActionSubmitBooking(Action):
    """Books (or moves, or puts on the waiting list) once the form is complete."""

    def name(self) -> str:
        return "action_submit_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        s = store()
        person = who(tracker)
        service, concern = tracker.get_slot("booking_service"), tracker.get_slot("booking_concern")
        chosen = tracker.get_slot("booking_time")
        done = reset(*BOOKING_SLOTS)
        if chosen == WAITLIST:
            await s.run(s.join_waitlist, person, service, concern)
            dispatcher.utter_message(
                response="utter_booking_waitlisted", service=service, concern=concern
            )
            return done
        if tracker.get_slot("booking_confirmed") != "yes" or not chosen:
            dispatcher.utter_message(response="utter_booking_not_booked")
            return done
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
        try:
            item = await s.run(
                s.book,
                person,
                service,
                concern,
                datetime.fromisoformat(chosen),
                contact_name=name,
                contact=reach,
                replaces=moving,
            )
        except TooMany as refused:
            dispatcher.utter_message(
                response="utter_booking_too_many", reason=refused.reason, service=service
            )
            return done
        except SlotTaken:
            dispatcher.utter_message(response="utter_booking_time_taken")
            return [
                SlotSet("booking_time", None),
                SlotSet("booking_confirmed", None),
                FollowupAction(FORM),
            ]
        except NotFound:  # the appointment being moved was cancelled meanwhile
            item = await s.run(
                s.book,
                person,
                service,
                concern,
                datetime.fromisoformat(chosen),
                contact_name=name,
                contact=reach,
            )
            moving = None
        dispatcher.utter_message(
            response="utter_booking_done", appointment=item.as_dict(), moved=bool(moving)
        )
        return done
