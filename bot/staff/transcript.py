"""The transcript made readable for a staff member who does not read the person's language.

Three things beside what was sent, in the console's language (de or en):

- **the assistant's answers**, rendered again from the catalogs with the response name and
  the values stored with the line (bot/handoff/details.py): exact and offline. A text the
  console's language lacks a translation for is marked (it comes out in English);
- **what the assistant understood** of each message of the person: the best need (sure, or
  unsure between the two best), a second need, the facts known by then, the language;
- **the person's messages machine-translated** when a `Translator` is on, translated lazily
  while the page or the live stream is written, with a short timeout. Translations live in
  this process's memory only (`TranslationCache`): never written anywhere, gone after an
  hour or a restart, and only ever served for a line that is still in the transcript.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.handoff.store import Handoff, Message
from bot.language.i18n import gettext_for, translations
from bot.language.supported import direction, is_supported
from bot.staff import ui
from bot.staff.accounts import Staff
from bot.staff.http import page
from bot.staff.rows import message_row
from bot.texts import RENDERERS, Context, render
from bot.translate import NoTranslator, TranslationUnavailable, Translator
from bot.web.app_keys import TRANSLATOR

log = logging.getLogger(__name__)

# A page waits at most this long for machine translations (all lines at once).
TRANSLATE_SECONDS = 4.0
# Top need below this confidence, or the runner-up this close behind: "unsure".
SURE_CONFIDENCE = 0.6
SURE_LEAD = 0.2


def details_of(message: Message) -> dict[str, Any]:
    """The line's stored details ({} when there are none or they are unreadable)."""
    try:
        found = json.loads(message.details) if message.details else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


# --- the assistant's answers -----------------------------------------------------------------


@dataclass
class _NoticingContext(Context):
    """A Context whose `_` notes the texts its language has no translation for."""

    untranslated: list[str] = field(default_factory=list)

    @property
    def _(self) -> Any:
        catalog, base = translations(self.lang), gettext_for(self.lang)

        def noticing(msgid: str, **kwargs: object) -> str:
            if self.lang != "en" and catalog.gettext(msgid) == msgid:
                self.untranslated.append(msgid)
            return base(msgid, **kwargs)

        return noticing


@dataclass(frozen=True)
class Rendered:
    text: str
    untranslated: bool  # some of it had no translation in the console's language (English)


def answer_in(message: Message, conversation_id: str, lang: str) -> Rendered | None:
    """An answer of the assistant in `lang`, rendered again; None when it cannot be (an old
    line without a response name, a response that no longer exists) or needs not be."""
    stored = details_of(message)
    name = stored.get("response")
    # the assistant's answers, and staff replies picked in the answer search (bot/staff/answers.py)
    if message.sender not in ("bot", "staff") or not isinstance(name, str) or name not in RENDERERS:
        return None
    if message.language == lang:
        return None  # the staff member reads what was sent
    values = {key: stored.get(key) for key in ("slots", "entities", "arguments")}
    if not all(isinstance(v, dict) for v in values.values()):
        return None
    ctx = _NoticingContext(
        lang=lang,
        slots=values["slots"] or {},
        conversation_id=conversation_id,
        entities=values["entities"] or {},
        arguments=values["arguments"] or {},
    )
    try:
        reply = render(name, ctx)
    except Exception:  # stored values a renderer no longer understands: show the original
        log.warning("could not render %s again for the console", name, exc_info=True)
        return None
    return Rendered(reply.text, bool(ctx.untranslated))


# --- what the assistant understood -----------------------------------------------------------


def understood_line(message: Message, lang: str) -> dict[str, Any] | None:
    """{"need", "sure", "also", "facts": [{"label", "value"}]} in the console's language."""
    found = details_of(message).get("understood")
    if message.sender != "user" or not isinstance(found, dict):
        return None
    t = ui.gettext(lang)
    ranking = [r for r in found.get("ranking") or [] if isinstance(r, dict) and r.get("name")]
    if not ranking:
        return None
    best = ranking[0]
    runner = ranking[1] if len(ranking) > 1 else None
    confidence = float(best.get("confidence") or 0)
    lead = confidence - float(runner.get("confidence") or 0) if runner else confidence
    sure = confidence >= SURE_CONFIDENCE and lead >= SURE_LEAD
    need = ui.intent_label(str(best["name"]), lang)
    if sure:
        text = t("{need} – sure", need=ui.intent_label(str(best["name"]), lang, question=True))
    elif runner is not None:
        other = ui.intent_label(str(runner["name"]), lang)
        text = t("unsure: {need} or {other}", need=need, other=other)
    else:
        text = t("unsure: {need}", need=need)
    second = found.get("second")
    facts = found.get("facts") if isinstance(found.get("facts"), dict) else {}
    return {
        "need": text,
        "sure": sure,
        "also": ui.intent_label(str(second), lang) if second else None,
        "facts": [
            {"label": ui.fact_label(key, lang), "value": ui.fact_value(key, str(value), lang)}
            for key, value in (facts or {}).items()
            if value
        ],
    }


# --- machine translation ---------------------------------------------------------------------


Key = tuple[int, int, str, str]  # handoff, message, target language, the text itself


class TranslationCache:
    """Machine translations of transcript lines, in this process's memory only: at most
    `size` lines, each for at most `seconds`; looked up only for lines just read from the
    transcript (by their text too), so a deleted transcript's translations are never shown."""

    def __init__(self, size: int = 2000, seconds: float = 3600.0) -> None:
        self.size, self.seconds = size, seconds
        self._items: OrderedDict[Key, tuple[float, str]] = OrderedDict()

    def get(self, key: Key) -> str | None:
        found = self._items.get(key)
        if found is None:
            return None
        if time.monotonic() - found[0] > self.seconds:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return found[1]

    def put(self, key: Key, text: str) -> None:
        self._items[key] = (time.monotonic(), text)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


TRANSLATIONS = TranslationCache()


def translator_of(request: web.Request) -> Translator:
    return request.app.get(TRANSLATOR) or NoTranslator()


def needs_translation(message: Message, lang: str) -> bool:
    text = message.text.strip()
    return (
        message.sender == "user"
        and message.language != lang
        and bool(text)
        and not (text.startswith("[") and text.endswith("]"))  # a button, shown as [intent]
    )


async def machine_translations(
    request: web.Request, handoff: Handoff, messages: Sequence[Message], lang: str
) -> dict[int, dict[str, Any]]:
    """{message id: {"text"} or {"unavailable": reason}} for the person's lines to translate;
    {} while machine translation is off."""
    translator = translator_of(request)
    wanted = [m for m in messages if needs_translation(m, lang)]
    if not translator.enabled or not wanted:
        return {}
    found: dict[int, dict[str, Any]] = {}

    async def one(message: Message) -> None:
        key = (handoff.id, message.id, lang, message.text)
        cached = TRANSLATIONS.get(key)
        if cached is not None:
            found[message.id] = {"text": cached}
            return
        source = message.language if is_supported(message.language) else None
        try:
            done = await asyncio.wait_for(
                translator.translate(message.text, source=source, target=lang),
                TRANSLATE_SECONDS,
            )
        except TranslationUnavailable as error:
            found[message.id] = {"unavailable": error.reason}
            return
        except asyncio.TimeoutError:
            found[message.id] = {"unavailable": "timeout"}
            return
        TRANSLATIONS.put(key, done.text)
        found[message.id] = {"text": done.text}

    await asyncio.gather(*(one(m) for m in wanted))
    return found


def unavailable_text(reason: str, lang: str) -> str:
    t = ui.gettext(lang)
    if reason == "unsupported":
        return t("Machine translation does not support this language; this is the original.")
    if reason == "off":
        return t("Machine translation is off; this is the original.")
    return t("Machine translation is not available right now; this is the original.")


# --- staff's replies -------------------------------------------------------------------------


def staff_line(message: Message, lang: str) -> dict[str, Any]:
    """{"machine_translated", "original_lang", "original_label"} of a staff reply: whether the
    person got a machine translation, and the language of what staff wrote or picked (the
    staff member's own for a machine-translated reply, else the German prepared text)."""
    mt = details_of(message).get("machine_translation") if message.sender == "staff" else None
    translated = isinstance(mt, dict)
    source = str(mt.get("from") or "") if isinstance(mt, dict) else ""
    source = ui.ui_language(source) if source else "de"
    return {
        "machine_translated": translated,
        "original_lang": source,
        "original_label": ui.language_name(source, lang),
    }


# --- one line as the console shows it --------------------------------------------------------


def readable(
    row: dict[str, Any],
    message: Message,
    handoff: Handoff,
    lang: str,
    translated: dict[str, Any] | None,
) -> dict[str, Any]:
    """`row` (bot/staff/rows.py) with what makes it readable in the console's language."""
    rendered = answer_in(message, handoff.conversation_id, lang)
    row["rendered"] = (
        {"text": rendered.text, "untranslated": rendered.untranslated} if rendered else None
    )
    row["understood"] = understood_line(message, lang)
    row.update(staff_line(message, lang))
    code = message.language if message.language and is_supported(message.language) else None
    row["text_lang"] = code
    row["text_dir"] = direction(code) if code else "auto"
    row["translation"] = None
    if translated and "text" in translated:
        row["translation"] = {"text": translated["text"]}
    elif translated:
        row["translation"] = {"note": unavailable_text(str(translated["unavailable"]), lang)}
    return row


async def readable_rows(
    request: web.Request,
    handoff: Handoff,
    messages: Sequence[Message],
    viewer: Staff,
    names: dict[int, str],
) -> list[dict[str, Any]]:
    """The transcript lines as the page, the JSON API and the live stream show them."""
    lang = ui.ui_language(viewer.ui_language)
    translated = await machine_translations(request, handoff, messages, lang)
    return [
        readable(message_row(m, viewer, names), m, handoff, lang, translated.get(m.id))
        for m in messages
    ]


def line_html(row: dict[str, Any], lang: str) -> str:
    """One line of the transcript as the page writes it (the live stream sends the same)."""
    return page("_message.html", lang, m=row)
