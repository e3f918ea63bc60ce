"""A correction at the summary ("Shall I book this appointment?") asks that part again.

Why in the extraction of `booking_confirmed`: "another time please", "lieber Donnerstag"
or "другой номер" are no "yes" and no "no"; read as either, the booking would be made
or dropped. Emptying the corrected slot (and the summary's answer) makes the form ask
for it again, and then show the summary again; the other answers stay.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.action import Slots
from actions.booking.state import Page, TimeAnswer
from actions.identity import intent_of
from bot.booking.contact import parse_contact
from bot.booking.correction import correction
from bot.booking.wish import Wish


def corrected(tracker: Tracker, time: TimeAnswer | None) -> Slots | None:
    """The slots to empty (or set) for a correction; None when the message is none.

    `time`: what the message says as an answer to "which time?" (a wished day or hour).
    A time goes through the time's own validation: a wish is offered near it, a plain
    "another time" starts from the first free times again.
    """
    text = str(tracker.latest_message.get("text") or "")
    wished = time if isinstance(time, Wish) else None
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


def _said_no(tracker: Tracker) -> bool:
    return intent_of(tracker)[0] == "deny"
