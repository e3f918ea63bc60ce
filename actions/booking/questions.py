"""The booking form's questions (`action_ask_<slot>`), above all the free times to offer.

Why actions and not domain responses: the texts depend on the slots (service, time)
and the catalogs, and Rasa's validator flags responses only forms use. The texts
themselves are rendered by `bot/` (bot/texts/booking.py).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from rasa_sdk import Tracker

from actions.action import Dispatcher, Domain, Events, NamedAction, say
from actions.booking.state import moment, wish_of
from actions.identity import store
from bot.booking.calendar import Slot
from bot.booking.wish import closed_on, nearest, outside_hours


class AskWithResponse(NamedAction):
    """Asks for a form slot with its `utter_ask_<slot>` response."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        return say(dispatcher, f"utter_ask_{self.slot}")


class ActionAskBookingService(AskWithResponse):
    slot = "booking_service"


class ActionAskBookingConcern(AskWithResponse):
    slot = "booking_concern"


class ActionAskBookingContact(AskWithResponse):
    slot = "booking_contact"


class ActionAskBookingConfirmed(AskWithResponse):
    slot = "booking_confirmed"


def spread(slots: list[Slot], limit: int) -> list[Slot]:
    """Offers that do not overlap each other, so five buttons are five real choices."""
    chosen: list[Slot] = []
    for slot in slots:
        if all(slot.start >= c.end or slot.end <= c.start for c in chosen):
            chosen.append(slot)
        if len(chosen) == limit:
            break
    return sorted(chosen, key=lambda s: s.start)


class ActionAskBookingTime(NamedAction):
    """Offers free times as buttons: the next ones, the ones after a page, or near a wish."""

    action_name = "action_ask_booking_time"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        service, concern = tracker.get_slot("booking_service"), tracker.get_slot("booking_concern")
        s = store()
        cfg = s.config
        limit = cfg.offers_per_page
        after = moment(tracker.get_slot("booking_after"))
        wish = wish_of(tracker.get_slot("booking_wish"))
        start_of_wish = datetime.combine(wish.day, time(), tzinfo=cfg.tz) if wish.day else after
        # A closed day (weekend, holiday): the nearest open days may lie before it too.
        closed = wish.day is not None and closed_on(cfg, service, wish.day)
        if closed and start_of_wish:
            start_of_wish -= timedelta(days=3)
        fetched = limit * 40
        free = await s.run(s.free, service, concern, after=start_of_wish, limit=fetched)
        if wish.understood:
            offers = spread(nearest(free, wish, cfg.tz, len(free)), limit)
        else:
            offers = spread(free, limit)
        if not offers:
            return say(dispatcher, "utter_booking_no_slots", paged=bool(after))
        missed = bool(wish.day) and all(cfg.local(o.start).date() != wish.day for o in offers)
        if wish.at and not missed:
            missed = all(cfg.local(o.start).time() != wish.at for o in offers)
        # "um 18 Uhr" on an open day: that day's hours, not "not free" (the wished day, or
        # without one the day of the first offer).
        hours_day = wish.day or cfg.local(offers[0].start).date()
        outside = (
            wish.at is not None and not closed and outside_hours(cfg, service, hours_day, wish.at)
        )
        # Later dates exist when a fetched time lies after the last offer, or when the fetch
        # stopped at its limit (no second query needed).
        more = len(free) == fetched or any(slot.start > offers[-1].start for slot in free)
        return say(
            dispatcher,
            "utter_ask_booking_time",
            slots=[o.start.isoformat() for o in offers],
            more_after=(offers[-1].start + timedelta(minutes=1)).isoformat() if more else None,
            wish_missed=missed,
            # "فردا صبح", "am Dienstag": the offers are that day's, and the text says so.
            wished_day=wish.day.isoformat()
            if wish.day
            and not missed
            and not closed
            and all(cfg.local(o.start).date() == wish.day for o in offers)
            else None,
            closed_day=wish.day.isoformat() if closed and wish.day else None,
            hours_day=hours_day.isoformat() if outside else None,
            wished_time=wish.at.isoformat(timespec="minutes") if outside and wish.at else None,
        )
