"""Every `web.AppKey` of the `bot/` app: what the running app holds, in one place.

Why one module: handlers across `bot/` read the same objects from `request.app`
(the settings, the stores, Rasa's client, live updates). Defined here, each key has
one name however many modules use it, and this module imports nothing of `bot/` at
run time (the types are for mypy only), so any module may import it without cycles.
`create_app` (bot/web/app.py) and `setup_console` (bot/staff/routes.py) fill them in.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web

if TYPE_CHECKING:
    from bot.booking.store import BookingStore
    from bot.conversation import Conversations
    from bot.handoff.routing import HandoffRouter
    from bot.handoff.store import HandoffStore
    from bot.live import Live
    from bot.rasa_client import RasaClient
    from bot.settings import Settings
    from bot.staff.accounts import StaffAccounts
    from bot.telegram.channel import TelegramChannel
    from bot.translate import Translator
    from bot.web.rate_limit import ChatLimits

SETTINGS: web.AppKey[Settings] = web.AppKey("settings")
CHAT_LIMITS: web.AppKey[ChatLimits] = web.AppKey("chat_limits")
CONVERSATIONS: web.AppKey[Conversations] = web.AppKey("conversations")
BOOKING_STORE: web.AppKey[BookingStore] = web.AppKey("booking_store")
HANDOFF_STORE: web.AppKey[HandoffStore] = web.AppKey("handoff_store")
HANDOFF_ROUTER: web.AppKey[HandoffRouter] = web.AppKey("handoff_router")
STAFF_ACCOUNTS: web.AppKey[StaffAccounts] = web.AppKey("staff_accounts")
LIVE: web.AppKey[Live] = web.AppKey("live")
HTTP_SESSION: web.AppKey[aiohttp.ClientSession] = web.AppKey("http_session")
RASA: web.AppKey[RasaClient] = web.AppKey("rasa")
# Only while a Telegram bot token is configured (settings.telegram).
TELEGRAM_CHANNEL: web.AppKey[TelegramChannel] = web.AppKey("telegram_channel")
# Machine translation for the console: LibreTranslate, or NoTranslator without the setting.
TRANSLATOR: web.AppKey[Translator] = web.AppKey("translator")
# Connections that delivered a whole request head in time (bot/web/serve.py).
TRANSPORTS_WITH_A_REQUEST: web.AppKey[weakref.WeakSet[asyncio.BaseTransport]] = web.AppKey(
    "transports_with_a_request"
)
# Set by tests only, to shorten the live-update polls of the chat events stream and
# the staff console (defaults: bot/web/events_api.py, bot/staff/).
EVENTS_POLL_SECONDS: web.AppKey[float] = web.AppKey("events_poll_seconds", float)
STAFF_POLL_SECONDS: web.AppKey[float] = web.AppKey("staff_poll_seconds", float)
