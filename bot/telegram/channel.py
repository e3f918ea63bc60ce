"""Telegram channel on python-telegram-bot 22: long polling for development, a webhook
for production, and the same conversation logic as the web chat.

Why inside the `bot/` process: routing, language handling and rendering live in
`Conversations`; this module only translates Telegram updates to turns and turns to
Telegram messages. Polling starts when `TELEGRAM_BOT_TOKEN` is set; with
`TELEGRAM_WEBHOOK_URL` (and `TELEGRAM_WEBHOOK_SECRET`) Telegram calls
`POST /telegram/webhook` instead, and every request without the secret gets 403.

Nothing a person sends while the assistant (re)starts is lost: updates are fetched
(polling) or accepted (webhook: 503 until then, so Telegram delivers them again) only
once Rasa has loaded its model. If Rasa goes away in the middle of a turn, the turn
waits for it (polling pauses meanwhile, the webhook answers 503) and is sent again,
instead of answering "please try again".
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web
from telegram import BotCommand, InputFile, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.booking.store import BookingStore, NotFound
from bot.commands import COMMANDS
from bot.conversation import Conversations
from bot.language.supported import DEFAULT, SUPPORTED, is_supported, normalise_hint
from bot.live import TELEGRAM, Live
from bot.notices import notice_message
from bot.rasa_client import RasaUnavailable
from bot.settings import TelegramSettings
from bot.telegram.buttons import ButtonStore
from bot.telegram.format import as_html, keyboard, split_text
from bot.texts.booking import calendar_file_for
from bot.texts.channels import command_texts, fixed_text
from bot.turn import OutMessage, Turn
from bot.web.client_key import user_key

log = logging.getLogger(__name__)
T = TypeVar("T")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PREFIX = "tg-"  # conversation ids of Telegram users: "tg-<user id>"


def conversation_id(user_id: int) -> str:
    return f"{PREFIX}{user_id}"


def chat_of(conversation: str) -> int | None:
    return int(conversation[len(PREFIX) :]) if re.fullmatch(rf"{PREFIX}\d+", conversation) else None


def command_descriptions(lang: str) -> list[BotCommand]:
    descriptions = command_texts(lang)
    return [BotCommand(name, descriptions[name]) for name in COMMANDS]


class TelegramChannel:
    def __init__(
        self,
        settings: TelegramSettings,
        conversations: Conversations,
        store: BookingStore,
        live: Live | None = None,
    ) -> None:
        self.settings = settings
        self.conversations = conversations
        self.store = store
        self.live = live or Live()
        # Payloads over 64 bytes are kept in the database, shared by every replica.
        self.buttons = ButtonStore(store.engine)
        builder = (
            ApplicationBuilder()
            .token(settings.token)
            .base_url(f"{settings.api_root}/bot")
            .base_file_url(f"{settings.api_root}/file/bot")
            # 429 answers: wait `retry_after`, then retry (logged by PTB).
            .rate_limiter(AIORateLimiter(max_retries=3))
        )
        if settings.webhook_url:
            builder = builder.updater(None)
        self.app: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        private = filters.ChatType.PRIVATE
        self.app.add_handler(CallbackQueryHandler(self.on_button))
        self.app.add_handler(MessageHandler(filters.UpdateType.EDITED, self.on_edited))
        self.app.add_handler(MessageHandler(private & filters.TEXT, self.on_text))
        self.app.add_handler(MessageHandler(private & ~filters.TEXT, self.on_not_text))
        addressed = filters.COMMAND | filters.Entity("mention")
        self.app.add_handler(MessageHandler(filters.ChatType.GROUPS & addressed, self.on_group))
        # Anything else (other update types): a message in a private chat gets the polite
        # "text only" answer; everything without a private chat is ignored.
        self.app.add_handler(TypeHandler(Update, self.on_other))
        self.app.add_error_handler(self.on_error)
        self._notices: asyncio.Task[None] | None = None
        self._rasa_up = False  # as last seen; a failed turn sets it back
        self._rasa_checked = -1e9  # monotonic time of the last readiness check
        self._paused = False  # polling paused while Rasa is away
        self._resumer: asyncio.Task[None] | None = None
        self._stopping = False

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        await self.app.initialize()
        await self.register_commands()
        await self.app.start()
        # Updates wait at Telegram (up to 24 hours) until Rasa can answer them.
        await self.wait_for_rasa()
        if self.settings.webhook_url:
            await self.call(
                self.app.bot.set_webhook,
                url=self.settings.webhook_url,
                secret_token=self.settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("Telegram: webhook mode (%s)", self.settings.webhook_url)
        else:
            await self.call(self.app.bot.delete_webhook)
            assert self.app.updater is not None
            await self.app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("Telegram: long polling")
        self._notices = asyncio.create_task(self._deliver_notices_regularly())

    async def start_when_reachable(self, pause: float = 30.0) -> None:
        """Telegram down (or no network) must not take the web chat down: keep trying."""
        while True:
            try:
                await self.start()
                return
            except TelegramError as error:
                log.error("Telegram not reachable (%s); trying again in %.0f s", error, pause)
                with contextlib.suppress(TelegramError):
                    await self.app.shutdown()
                await asyncio.sleep(pause)

    async def stop(self) -> None:
        self._stopping = True
        if self._resumer:
            self._resumer.cancel()
        if self._notices:
            self._notices.cancel()
        if self.app.updater and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def register_commands(self) -> None:
        """The command menu in each supported language, and the district's default."""
        for lang in SUPPORTED:
            await self.call(
                self.app.bot.set_my_commands, command_descriptions(lang), language_code=lang
            )
        await self.call(self.app.bot.set_my_commands, command_descriptions(DEFAULT))

    async def webhook(self, request: web.Request) -> web.Response:
        """`POST /telegram/webhook`: only Telegram knows the secret."""
        expected = self.settings.webhook_secret or ""
        given = request.headers.get(SECRET_HEADER, "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return web.json_response({"error": "forbidden"}, status=403)
        if not self.app.running or not await self.rasa_ready():
            # Not taken: Telegram delivers the update again later, nothing is lost.
            return web.json_response(
                {"error": "not ready"}, status=503, headers={"Retry-After": "5"}
            )
        try:
            data = await request.json()
            update = Update.de_json(data, self.app.bot)
        except (ValueError, TypeError, KeyError):
            return web.json_response({"error": "bad update"}, status=400)
        await self.app.update_queue.put(update)
        return web.json_response({"ok": True})

    # --- handlers ---------------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        await self.converse(message.chat_id, user.id, message.text, user.language_code, context)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        with contextlib.suppress(TelegramError):  # a late answer must not lose the click
            await self.call(query.answer)
        if query.message is not None:
            # An answered question's buttons go away, so nothing is clicked twice.
            with contextlib.suppress(BadRequest):
                await self.call(query.edit_message_reply_markup, reply_markup=None)
        chat_id = query.message.chat.id if query.message else user.id
        payload = (
            await self.buttons.run(self.buttons.resolve, query.data)
            if isinstance(query.data, str)
            else None
        )
        if payload is None:
            await self.say(
                chat_id, fixed_text("expired", self.language(context, user.language_code))
            )
            return
        await self.converse(chat_id, user.id, payload, user.language_code, context)

    async def on_not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, voice messages, stickers, files, locations: a polite "text only"."""
        chat, user = update.effective_chat, update.effective_user
        if chat is not None:
            lang = self.language(context, user.language_code if user else None)
            await self.say(chat.id, fixed_text("not_text", lang))

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if update.effective_message is not None and chat is not None and chat.type == "private":
            await self.on_not_text(update, context)

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, user = update.effective_chat, update.effective_user
        if chat is not None and chat.type == "private":
            lang = self.language(context, user.language_code if user else None)
            await self.say(chat.id, fixed_text("edited", lang))

    async def on_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, user = update.effective_chat, update.effective_user
        if chat is not None:
            lang = normalise_hint(user.language_code if user else None) or DEFAULT
            await self.say(chat.id, fixed_text("group", lang))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram handler failed: %s", context.error, exc_info=context.error)

    # --- one turn ---------------------------------------------------------------------------

    def language(self, context: ContextTypes.DEFAULT_TYPE, language_code: str | None) -> str:
        """The conversation's language so far, else Telegram's language of the user."""
        known = (context.chat_data or {}).get("language")
        if is_supported(known):
            return str(known)
        return normalise_hint(language_code) or DEFAULT

    async def converse(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        language_code: str | None,
        context: ContextTypes.DEFAULT_TYPE,
    ) -> None:
        async with self.typing(chat_id):
            try:
                turn = await self.turn(user_id, text, language_code)
            except RasaUnavailable as error:
                log.warning("Rasa unavailable for a Telegram message: %s", error)
                lang = self.language(context, language_code)
                await self.say(chat_id, fixed_text("unavailable", lang))
                return
        if context.chat_data is not None:
            if turn.deleted:  # nothing of the old conversation stays, not even in memory
                context.chat_data.clear()
            context.chat_data["language"] = turn.language
        await self.deliver(chat_id, conversation_id(user_id), turn, context)

    async def turn(self, user_id: int, text: str, language_code: str | None) -> Turn:
        """One turn; when Rasa went away meanwhile, wait for it and send the message again.

        Only when Rasa is not ready: a failure while it is up (a turn that failed, a
        timeout) may have reached it already, and is answered with "try again"."""
        deadline = asyncio.get_running_loop().time() + self.settings.rasa_patience
        while True:
            try:
                return await self.conversations.handle(
                    conversation_id(user_id),
                    text,
                    hint=language_code,
                    channel="telegram",
                    client=user_key("telegram", user_id),
                )
            except RasaUnavailable:
                self._rasa_up = False
                if self._stopping or await self.rasa_ready(fresh=True):
                    raise
                log.warning("Rasa went away during a Telegram turn; waiting for it")
                await self.pause_polling()
                if not await self.wait_for_rasa(deadline):
                    self.resume_polling_when_ready()
                    raise
                await self.resume_polling()

    # --- readiness of Rasa ------------------------------------------------------------------

    async def rasa_ready(self, *, fresh: bool = False) -> bool:
        """Whether Rasa answers with its model loaded; asked at most once per
        `ready_interval` (the webhook asks for every update)."""
        now = asyncio.get_running_loop().time()
        if fresh or now - self._rasa_checked >= self.settings.ready_interval:
            self._rasa_checked = now
            self._rasa_up = await self.conversations.ready()
        return self._rasa_up

    async def wait_for_rasa(self, deadline: float | None = None) -> bool:
        """Until Rasa is ready (True) or the loop time `deadline` has passed (False)."""
        loop = asyncio.get_running_loop()
        told = False
        while not await self.rasa_ready(fresh=True):
            if self._stopping or (deadline is not None and loop.time() >= deadline):
                return False
            if not told:
                log.info("Telegram: waiting for Rasa before taking messages")
                told = True
            await asyncio.sleep(self.settings.ready_interval)
        return True

    async def pause_polling(self) -> None:
        """No more updates are fetched (so none is confirmed to Telegram) while Rasa is away;
        those fetched already stay queued in this process and follow this one."""
        updater = self.app.updater
        if updater is not None and updater.running and not self._stopping:
            self._paused = True
            await updater.stop()

    async def resume_polling(self) -> None:
        updater = self.app.updater
        if self._paused and updater is not None and not self._stopping:
            self._paused = False
            await updater.start_polling(allowed_updates=Update.ALL_TYPES)

    def resume_polling_when_ready(self) -> None:
        """A turn gave up waiting: newer updates still wait at Telegram until Rasa is back."""

        async def resume() -> None:
            if await self.wait_for_rasa():
                await self.resume_polling()

        if self._paused and (self._resumer is None or self._resumer.done()):
            self._resumer = asyncio.create_task(resume())

    async def deliver(
        self,
        chat_id: int,
        conversation: str,
        turn: Turn,
        context: ContextTypes.DEFAULT_TYPE | None = None,
    ) -> None:
        for message in turn.messages:
            sent_id = await self.send_message(chat_id, message)
            if message.buttons and context is not None and context.chat_data is not None:
                await self.retire_old_keyboard(chat_id, context.chat_data)
                context.chat_data["keyboard_message"] = sent_id
            if message.attachment:
                await self.send_calendar_file(chat_id, conversation, message, turn.language)
            if message.venue:
                await self.call(self.app.bot.send_venue, chat_id=chat_id, **message.venue)

    async def send_message(self, chat_id: int, message: OutMessage) -> int:
        parts = split_text(message.text) if message.text.strip() else ["…"]
        sent_id = 0
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            sent = await self.call(
                self.app.bot.send_message,
                chat_id=chat_id,
                text=as_html(part),
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(await self.short(message.buttons)) if last else None,
            )
            sent_id = sent.message_id
        return sent_id

    async def short(self, buttons: list[dict[str, str]]) -> list[dict[str, str]]:
        """Buttons with payloads Telegram accepts (long ones kept in the database)."""
        return [
            {
                "title": b["title"],
                "payload": await self.buttons.run(self.buttons.short, b["payload"]),
            }
            for b in buttons
        ]

    async def retire_old_keyboard(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """A new question's buttons replace the previous ones (typed answers included)."""
        previous = chat_data.pop("keyboard_message", None)
        if previous:
            with contextlib.suppress(TelegramError):
                await self.app.bot.edit_message_reply_markup(
                    chat_id=chat_id, message_id=previous, reply_markup=None
                )

    async def send_calendar_file(
        self, chat_id: int, conversation: str, message: OutMessage, lang: str
    ) -> None:
        assert message.attachment is not None
        reference = message.attachment.get("filename", "").removesuffix(".ics")
        try:
            item = await self.store.run(self.store.find, conversation, reference)
        except NotFound:
            return
        body = calendar_file_for(item, lang)
        await self.call(
            self.app.bot.send_document,
            chat_id=chat_id,
            document=InputFile(body, filename=f"{item.reference}.ics"),
        )

    async def say(self, chat_id: int, text: str) -> None:
        await self.send_message(chat_id, OutMessage(text))

    @contextlib.asynccontextmanager
    async def typing(self, chat_id: int) -> AsyncIterator[None]:
        """Telegram shows "typing…" for 5 s per call: repeat while the turn runs."""

        async def keep_typing() -> None:
            while True:
                with contextlib.suppress(TelegramError):
                    await self.app.bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
                await asyncio.sleep(4.5)

        task = asyncio.create_task(keep_typing())
        try:
            yield
        finally:
            task.cancel()

    # --- notices (waiting list) ---------------------------------------------------------------

    async def deliver_notices(self) -> int:
        """Messages for Telegram users that arrived outside a turn."""
        notices = await self.store.run(self.store.take_channel_notices, "telegram")
        for notice in notices:
            chat_id = chat_of(notice.conversation_id)
            if chat_id is None:
                continue
            message = notice_message(notice)
            text = message["text"]
            if message.get("label"):  # a staff member's reply says who wrote it
                text = f"{message['label']}:\n{text}"
            out = OutMessage(text, message["buttons"], message.get("attachment"))
            await self.send_message(chat_id, out)
            if out.attachment:
                await self.send_calendar_file(chat_id, notice.conversation_id, out, notice.language)
        return len(notices)

    async def _deliver_notices_regularly(self) -> None:
        while True:
            try:
                await self.deliver_notices()
            except Exception:  # a database or network hiccup: try again next round
                log.exception("delivering Telegram notices failed")
            await self.live.wait(TELEGRAM, self.settings.notice_interval)

    # --- calls to the Bot API ---------------------------------------------------------------

    async def call(self, method: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Network failures are retried with backoff (429s are handled by the rate limiter)."""
        delay = 0.5
        for attempt in range(4):
            try:
                return await method(*args, **kwargs)
            except (BadRequest, Forbidden):
                raise  # our request is wrong or the user blocked the bot: retrying won't help
            except NetworkError as error:
                if attempt == 3:
                    raise
                log.warning("Telegram call failed (%s); retrying in %.1f s", error, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")
