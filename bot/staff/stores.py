"""The stores a console handler works with, taken from the app in one call.

Why: a handler says `stores(request).handoffs` instead of knowing which app key of
which package holds what; tests put their own stores under the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.booking.store import BookingStore
from bot.handoff.routing import HandoffRouter
from bot.handoff.store import HandoffStore
from bot.staff.accounts import StaffAccounts
from bot.web.app_keys import BOOKING_STORE, HANDOFF_ROUTER, HANDOFF_STORE, STAFF_ACCOUNTS


@dataclass(frozen=True)
class Stores:
    accounts: StaffAccounts
    handoffs: HandoffStore
    router: HandoffRouter
    bookings: BookingStore


def stores(request: web.Request) -> Stores:
    app = request.app
    return Stores(app[STAFF_ACCOUNTS], app[HANDOFF_STORE], app[HANDOFF_ROUTER], app[BOOKING_STORE])
