"""One conversation in the console: its page and JSON, and what staff do with it
(take it over, reply, give it back to the assistant, book an appointment).

Why these checks: a staff member sees only the services they work on (else 403, bad or
unknown ids 404); replying and booking need the conversation open and taken over by
them; giving it back needs that too, or an administrator. Every change wakes the
user's stream (web or Telegram) and every open console.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aiohttp import web

from bot import metrics
from bot.booking.store import SlotTaken, TooMany, Who
from bot.handoff.store import Handoff, Message, NotFound
from bot.live import STAFF, TELEGRAM, conversation_topic
from bot.staff import ui
from bot.staff.accounts import Session, Staff
from bot.staff.auth import checked_post, session_of
from bot.staff.http import done, json_error, parse_id, refusal, render, wants_json
from bot.staff.rows import conversation_url, handoff_view
from bot.staff.stores import stores
from bot.staff.transcript import readable_rows
from bot.texts.canned import CANNED, canned_text, machine_translated
from bot.translate import NoTranslator, TranslationUnavailable, Translator
from bot.web.app_keys import LIVE, TRANSLATOR
from bot.web.chat_api import clean_text

MAX_REPLY_CHARS = 4000


async def visible_handoff(
    request: web.Request, viewer: Staff, raw_id: str | None = None
) -> Handoff:
    """The handoff in the URL, if this staff member may see its service (else 403/404)."""
    store = stores(request).handoffs
    handoff_id = parse_id(raw_id if raw_id is not None else request.match_info["handoff_id"])
    try:
        handoff = None if handoff_id is None else await store.run(store.get, handoff_id)
    except NotFound:
        handoff = None
    if handoff is None:
        raise refusal(request, 404, "not_found", viewer.ui_language)
    if not viewer.may_see(handoff.service):
        # A page in the console's language for the browser (e.g. an open conversation that
        # was just handed over to another service reloads), JSON for scripts.
        raise refusal(request, 403, "not_your_service", viewer.ui_language)
    return handoff


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """One conversation as a staff member opens it (access already checked)."""

    session: Session
    handoff: Handoff
    messages: list[Message]
    names: dict[int, str]


async def opened(request: web.Request) -> Opened:
    session = await session_of(request)
    handoff = await visible_handoff(request, session.staff)
    s = stores(request)
    messages = await s.handoffs.run(s.handoffs.messages, handoff.id)
    names = await s.accounts.run(s.accounts.names)
    return Opened(session, handoff, messages, names)


def translator_of(request: web.Request) -> Translator:
    return request.app.get(TRANSLATOR) or NoTranslator()


async def conversation_page(
    request: web.Request, *, draft: str = "", untranslated: str | None = None
) -> web.Response:
    """The page; after a reply the engine could not translate, with the typed `draft` kept
    and `untranslated` (the reason) asking whether to send it untranslated."""
    seen = await opened(request)
    session, handoff, messages, names = seen.session, seen.handoff, seen.messages, seen.names
    viewer = session.staff
    s = stores(request)
    if handoff.claimed_by == viewer.id and messages:
        await s.handoffs.run(s.handoffs.mark_seen, handoff.id, messages[-1].id)
    concerns = s.bookings.config.services.get(handoff.service)
    concern = request.query.get("concern")
    times: list[dict[str, str]] = []
    if concerns and concern in concerns.concerns and handoff.claimed_by == viewer.id:
        slots = await s.bookings.run(s.bookings.free, handoff.service, concern, limit=15)
        times = [
            {"value": slot.start.isoformat(), "label": ui.moment(slot.start, viewer.ui_language)}
            for slot in slots
        ]
    lang = viewer.ui_language
    return render(
        "conversation.html",
        lang,
        session=session,
        staff=viewer,
        handoff=handoff_view(handoff, viewer, names),
        handoff_id=handoff.id,
        messages=await readable_rows(request, handoff, messages, viewer, names),
        # Staff pick a canned reply by its German text; the user gets it in their language.
        canned=[(key, canned_text(key, "de", handoff.service)) for key in CANNED],
        concerns=[
            (key, ui.concern_label(key, lang)) for key in (concerns.concerns if concerns else {})
        ],
        concern=concern,
        times=times,
        notice=request.query.get("notice"),
        example_calendar=s.bookings.config.is_example,
        last_id=messages[-1].id if messages else 0,
        request_path=request.path,
        # Machine translation of free-text replies (bot/translate/): on, off (a hint says
        # how to turn it on), and whether this person's language needs it.
        translation_on=translator_of(request).enabled,
        needs_translation=handoff.language != lang,
        draft=draft,
        untranslated=untranslated,
    )


async def conversation_json(request: web.Request) -> web.Response:
    seen = await opened(request)
    viewer = seen.session.staff
    return web.json_response(
        {
            "handoff": handoff_view(seen.handoff, viewer, seen.names),
            "messages": await readable_rows(
                request, seen.handoff, seen.messages, viewer, seen.names
            ),
        }
    )


# --- acting ---------------------------------------------------------------------------------


def page_of(handoff: Handoff, notice: str | None = None) -> str:
    url = conversation_url(handoff.id)
    return f"{url}?notice={notice}" if notice else url


def conflict(request: web.Request, handoff: Handoff, code: str) -> web.HTTPException:
    """409 for scripts; plain forms go back to the page, which explains `code`."""
    if wants_json(request):
        return json_error(web.HTTPConflict, {"error": code})
    return web.HTTPSeeOther(page_of(handoff, code))


async def tell(request: web.Request, handoff: Handoff) -> None:
    """Wake the user's stream (web or Telegram) and every console: there is news."""
    topics = [conversation_topic(handoff.conversation_id), STAFF]
    if handoff.channel == "telegram":
        topics.append(TELEGRAM)
    await request.app[LIVE].publish(*topics)


async def mine_and_open(request: web.Request, session: Session) -> Handoff:
    handoff = await visible_handoff(request, session.staff)
    if not handoff.is_open:
        raise conflict(request, handoff, "closed")
    if handoff.claimed_by != session.staff.id:
        raise conflict(request, handoff, "not_claimed")
    return handoff


async def claim(request: web.Request) -> web.Response:
    session, _form = await checked_post(request)
    handoff = await visible_handoff(request, session.staff)
    store = stores(request).handoffs
    if not await store.run(store.claim, handoff.id, session.staff.id):
        raise conflict(request, handoff, "taken")
    await tell(request, handoff)
    return done(request, page_of(handoff), {"ok": True, "status": "claimed"})


async def reply(request: web.Request) -> web.Response:
    session, form = await checked_post(request)
    handoff = await mine_and_open(request, session)
    s = stores(request)
    key = str(form.get("canned") or "")
    if key:
        if key not in CANNED:
            return done(request, page_of(handoff, "unknown_reply"), {"error": "unknown"}, 422)
        text = canned_text(key, handoff.language, handoff.service)
        original: str | None = canned_text(key, "de", handoff.service)
    else:
        text, original = clean_text(str(form.get("text") or "")), None
        if not text or len(text) > MAX_REPLY_CHARS:
            return done(request, page_of(handoff, "empty_reply"), {"error": "empty"}, 422)
        confirmed = str(form.get("confirm_untranslated") or "") == "1"
        if not confirmed:
            try:
                return await translated_reply(request, session, handoff, text)
            except TranslationUnavailable as problem:
                if problem.reason != "off":
                    return await ask_to_send_untranslated(request, text, problem.reason)
    message = await s.handoffs.run(
        s.handoffs.reply, handoff.id, session.staff.id, text, original=original
    )
    await s.router.staff_said(handoff, message.id, text)
    await tell(request, handoff)
    return done(request, page_of(handoff), {"ok": True, "id": message.id, "text": text})


async def translated_reply(
    request: web.Request, session: Session, handoff: Handoff, typed: str
) -> web.Response:
    """A free-text reply in the person's language: machine-translated, marked as such in
    their language, the staff member's own text below it; the transcript keeps both.
    Raises TranslationUnavailable ("off" too: then the reply goes out as typed)."""
    source, target = session.staff.ui_language, handoff.language
    translator = translator_of(request)
    if not translator.enabled or source == target:
        raise TranslationUnavailable("off")
    translation = await translator.translate(typed, source=source, target=target)
    s = stores(request)
    message = await s.handoffs.run(
        s.handoffs.reply,
        handoff.id,
        session.staff.id,
        translation.text,
        original=typed,
        sent=machine_translated(translation.text, typed, target, source),
        details={"machine_translation": {"from": source, "to": target}},
    )
    await s.router.staff_said(handoff, message.id, translation.text)
    await tell(request, handoff)
    body = {"ok": True, "id": message.id, "text": translation.text, "original": typed}
    return done(request, page_of(handoff), {**body, "machine_translated": True})


async def ask_to_send_untranslated(request: web.Request, typed: str, reason: str) -> web.Response:
    """The engine is down, slow or lacks the pair: nothing was sent and nothing is lost.
    Scripts get 409 with the reason; the page keeps the text and asks for a confirmation
    (a second submit with confirm_untranslated=1)."""
    if wants_json(request):
        raise json_error(web.HTTPConflict, {"error": "translation_unavailable", "reason": reason})
    return await conversation_page(request, draft=typed, untranslated=reason)


async def close(request: web.Request) -> web.Response:
    session, _form = await checked_post(request)
    handoff = await visible_handoff(request, session.staff)
    if handoff.claimed_by != session.staff.id and not session.staff.is_admin:
        raise conflict(request, handoff, "not_claimed")
    s = stores(request)
    closed = await s.handoffs.run(s.handoffs.close, handoff.id, session.staff.id)
    if closed is None:
        raise conflict(request, handoff, "closed")
    resumed = await s.router.resume(closed)
    await tell(request, handoff)
    return done(request, "/staff", {"ok": True, "resumed": resumed})


async def book(request: web.Request) -> web.Response:
    session, form = await checked_post(request)
    handoff = await mine_and_open(request, session)
    s = stores(request)
    concern = str(form.get("concern") or "")
    try:
        start: datetime | None = datetime.fromisoformat(str(form.get("start") or ""))
    except ValueError:
        start = None
    if (
        start is None
        or start.tzinfo is None
        or not s.bookings.config.concern(handoff.service, concern)
    ):
        return done(request, page_of(handoff, "slot_taken"), {"error": "slot_taken"}, 422)
    who = Who(handoff.conversation_id, handoff.channel, handoff.language)
    try:
        item = await s.bookings.run(s.bookings.book, who, handoff.service, concern, start)
    except SlotTaken:
        raise conflict(request, handoff, "slot_taken") from None
    except TooMany:
        raise conflict(request, handoff, "too_many") from None
    metrics.BOOKINGS.labels(handoff.service, "staff").inc()
    arguments = {"appointment": item.as_dict(), "by_staff": True}
    await s.handoffs.run(s.handoffs.note, handoff.id, session.staff.id, "staff_booked", arguments)
    await tell(request, handoff)
    return done(request, page_of(handoff, "booked"), {"ok": True, "reference": item.reference})
