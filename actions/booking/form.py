"""`validate_appointment_form`: reads each answer of the booking form and checks it.

Why custom extraction for every slot: a button, a typed service name, "Tuesday
morning" and a phone number are understood whatever intent the classifier
guessed. Only when nothing fits does the intent count (actions/form_answers.py):
a question or "stop" leaves the form, anything else gets a hint and the question again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rasa_sdk import FormValidationAction, Tracker

from actions.action import Dispatcher, Domain, Slots
from actions.booking.state import (
    FIRST_PAGE_BUTTON,
    FOR_A_TIME,
    FORM,
    WAITLIST_BUTTON,
    Page,
    TimeAnswer,
    Waitlist,
    moment,
    wish_of,
    wish_slot,
)
from actions.booking.summary import corrected
from actions.clarify import previous_bot_events
from actions.form_answers import (
    LEAVE_CONFIDENCE,
    asked,
    invalid,
    leaves,
    not_understood,
    verdict,
    yes_no,
    yes_or_no,
)
from actions.identity import entity, intent_of, store, who
from bot.booking.contact import introduces_a_name, parse_contact, refuses_contact
from bot.booking.ordinal import ordinal_choice
from bot.booking.wish import Wish, parse_wish
from bot.content import SERVICES
from bot.entities import resolve
from bot.language.normalize import fold_digits, normalise
from bot.nlg import RENDERED
from bot.texts import Context
from bot.texts.labels import concern_label


def text_of(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


class ValidateAppointmentForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> list[str]:
        """The waiting list needs neither a time nor contact nor a summary to confirm."""
        if tracker.get_slot("booking_waitlist"):
            return [slot for slot in domain_slots if slot not in FOR_A_TIME]
        return domain_slots

    # --- extraction: only the requested slot is read from the message ----------------------

    @asked("booking_service")
    async def extract_booking_service(
        self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        named = resolve("service", entity(tracker, "service"), SERVICES)
        if named:
            return {"booking_service": named}
        # "to extend my permit" answers "which service?" too: the topic names service and concern.
        intent, confidence = intent_of(tracker)
        topic = store().config.concern_for_intent(intent)
        if topic and confidence >= LEAVE_CONFIDENCE:
            return {"booking_service": topic[0], "booking_concern": topic[1]}
        return not_understood(dispatcher, tracker, "booking_service")

    @asked("booking_concern")
    async def extract_booking_concern(
        self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        service = tracker.get_slot("booking_service")
        concerns = list(store().config.services[service].concerns) if service else []
        chosen = entity(tracker, "booking_concern")
        if chosen in concerns:
            return {"booking_concern": chosen}
        text = normalise(fold_digits(text_of(tracker))).strip()
        if text.isdigit() and 1 <= int(text) <= len(concerns):
            return {"booking_concern": concerns[int(text) - 1]}
        ctx = Context(lang=who(tracker).language)
        for key in concerns:
            label = normalise(concern_label(ctx, key))
            if len(text) >= 4 and (text in label or label in text):
                return {"booking_concern": key}
        intent, confidence = intent_of(tracker)
        topic = store().config.concern_for_intent(intent)
        if topic and topic[0] == service and confidence >= LEAVE_CONFIDENCE:
            return {"booking_concern": topic[1]}
        return not_understood(dispatcher, tracker, "booking_concern")

    @asked("booking_time")
    async def extract_booking_time(
        self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """A time button, "Later dates", "the waiting list" or a wish in words."""
        answer = time_answer(tracker)
        if answer is not None:
            return {"booking_time": answer}
        if entity(tracker, "booking_time") or entity(tracker, "booking_page"):
            return invalid(dispatcher, "booking_time")  # a button we never sent
        return not_understood(dispatcher, tracker, "booking_time")

    @asked("booking_contact")
    async def extract_booking_contact(
        self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        if entity(tracker, "booking_contact") == "none":
            return {"booking_contact": "none"}
        text = text_of(tracker)
        contact = parse_contact(text)
        if contact is not None and contact.reach:
            return {"booking_contact": contact.as_text()}
        # "kein Telefon bitte", "нет, без контактов", "شماره نمی‌دم": no contact, and go on.
        if refuses_contact(text):
            return {"booking_contact": "none"}
        # A name alone ("Ahmad Karimi"), unless the classifier is sure it is something else.
        sure = contact is not None and introduces_a_name(text)
        if contact is not None and (sure or not leaves(tracker, "booking_contact")):
            return {"booking_contact": contact.as_text()}
        # "No" and "no, thanks" (often read as `thank`) both decline politely.
        if intent_of(tracker)[0] in ("deny", "thank"):
            return {"booking_contact": "none"}
        return not_understood(dispatcher, tracker, "booking_contact")

    @asked("booking_confirmed")
    async def extract_booking_confirmed(
        self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Yes or no; or a correction ("another time please") that asks that part again."""
        changed = corrected(tracker, time_answer(tracker))
        if changed is not None:
            return changed
        return yes_no(dispatcher, tracker, "booking_confirmed")

    # --- validation --------------------------------------------------------------------------

    async def validate_booking_service(
        self, value: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        return verdict(dispatcher, "booking_service", value, value in SERVICES)

    async def validate_booking_concern(
        self, value: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        service = tracker.get_slot("booking_service")
        known = bool(service and store().config.concern(service, str(value)))
        return verdict(dispatcher, "booking_concern", value, known)

    async def validate_booking_time(
        self,
        value: TimeAnswer | str | None,
        dispatcher: Dispatcher,
        tracker: Tracker,
        domain: Domain,
    ) -> Slots:
        """Turns the answer into the form's state; a chosen time is kept only while free."""
        match value:
            case None:  # reset when a booking starts: nothing to check
                return {"booking_time": None}
            case Waitlist():
                return {"booking_time": None, "booking_waitlist": True}
            case Page(after):
                after_slot = after.isoformat() if after else None
                return {"booking_time": None, "booking_after": after_slot, "booking_wish": None}
            case Wish():
                return await near_wish(value, tracker)
        # A time button (or the ISO text of a time kept in the slot, at the form's start).
        start = value if isinstance(value, datetime) else moment(value)
        if start is None:
            return invalid(dispatcher, "booking_time")
        if start.tzinfo is not None and await is_free(tracker, start):
            return {"booking_time": start.isoformat()}
        dispatcher.utter_message(response="utter_booking_time_taken")
        return {"booking_time": None}

    async def validate_booking_contact(
        self, value: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        return {"booking_contact": value}

    # "Shall I book it?" is checked like every yes/no question.
    validate_booking_confirmed = yes_or_no("booking_confirmed")[1]


def time_answer(tracker: Tracker) -> TimeAnswer | None:
    """What the message answers to "which time?", None if it is no answer to it."""
    chosen = entity(tracker, "booking_time")
    if chosen == WAITLIST_BUTTON:
        return Waitlist()
    if chosen:
        return moment(chosen)
    page = entity(tracker, "booking_page")
    if page == FIRST_PAGE_BUTTON:
        return Page(None)
    if page:
        after = moment(page)
        return Page(after) if after else None
    place = ordinal_choice(text_of(tracker))  # "the second one", "второе", "اولی"
    offered = last_offers(tracker)
    if place is not None and place <= len(offered):
        return moment(offered[place - 1])
    s = store()
    local_now = s.config.local(s.clock())
    wish = parse_wish(text_of(tracker), who(tracker).language, local_now, s.config.horizon_days)
    return wish if wish.understood else None


def last_offers(tracker: Tracker) -> list[str]:
    """The times the time question offered just before this message, in button order."""
    for event in previous_bot_events(tracker.events):
        rendered = (event.get("metadata") or {}).get(RENDERED) or {}
        if rendered.get("response") == "utter_ask_booking_time":
            return [str(t) for t in (rendered.get("arguments") or {}).get("slots") or []]
    return []


async def is_free(tracker: Tracker, start: datetime) -> bool:
    service, concern = tracker.get_slot("booking_service"), tracker.get_slot("booking_concern")
    s = store()
    return bool(await s.run(s.is_free, service, concern, start))


async def near_wish(wish: Wish, tracker: Tracker) -> Slots:
    """An exact free time is taken at once; otherwise the offers start near the wish.

    A time without a day keeps the day chosen before ("Thursday", then "at 10"), and
    without such a day the page of offers the user is looking at ("Later dates").
    """
    kept = wish_of(tracker.get_slot("booking_wish"))
    if wish.day is None and kept.day is not None:
        wish = Wish(kept.day, wish.at, wish.part)
    after = None if wish.day else tracker.get_slot("booking_after")
    if wish.day and wish.at:
        start = datetime.combine(wish.day, wish.at, tzinfo=store().config.tz)
        if await is_free(tracker, start):
            return {"booking_time": start.isoformat(), "booking_wish": None}
    return {"booking_time": None, "booking_wish": wish_slot(wish), "booking_after": after}
