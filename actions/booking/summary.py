"""A correction at the summary ("Shall I book this appointment?") asks that part again.

Why in the extraction of `booking_confirmed`: "another time please", "lieber Donnerstag"
or "другой номер" are no "yes" and no "no"; read as either, the booking would be made
or dropped. Emptying the corrected slot (and the summary's answer) makes the form ask
for it again, and then show the summary again; the other answers stay.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.action import Slots
from actions.booking.state import Page, TimeAnswer, moment
from actions.identity import intent_of, store
from bot.booking.contact import parse_contact
from bot.booking.correction import changes, correction
from bot.booking.wish import Wish, bare_hour


def corrected(tracker: Tracker, time: TimeAnswer | None) -> Slots | None:
    """The slots to empty (or set) for a correction; None when the message is none.

    `time`: what the message says as an answer to "which time?" (a wished day or hour).
    A time goes through the time's own validation: a wish is offered near it, a plain
    "another time" starts from the first free times again.
    """
    text = str(tracker.latest_message.get("text") or "")
    wished = time if isinstance(time, Wish) else None
    if wished is None and changes(text):
        wished = bare_hour(text)  # "can we do 11 instead?": a lone hour, asked as a change
    wished = _on_the_booked_day(tracker, wished)
    part = correction(text, names_a_time=wished is not None, said_no=_said_no(tracker))
    if part is None:
        return None
    again: TimeAnswer = wished or Page(None)
    slots: Slots = {"booking_confirmed": None}
    if part == "service":
        slots.update(booking_service=None, booking_concern=None, booking_time=again)
    elif part == "concern":
        slots.update(booking_concern=None, booking_time=again)
    elif part == "contact":
        contact = parse_contact(text)
        slots["booking_contact"] = contact.as_text() if contact and contact.reach else None
    else:
        slots["booking_time"] = again
    return slots


def _on_the_booked_day(tracker: Tracker, wish: Wish | None) -> Wish | None:
    """An hour without a day ("lieber um 9") means the day of the summary's time."""
    booked = moment(tracker.get_slot("booking_time"))
    if wish is None or wish.day is not None or wish.at is None or booked is None:
        return wish
    return Wish(booked.astimezone(store().config.tz).date(), wish.at, wish.part)


def _said_no(tracker: Tracker) -> bool:
    return intent_of(tracker)[0] == "deny"
