"""Every answer of the assistant as a prepared reply: search them in the console's
language, send one in the person's language with one click.

Why from the registry (bot/texts): the assistant's answers are already written, checked
and translated into all seven languages; a clerk who reads German finds "Öffnungszeiten"
or "Duldung", reads the German text and the person receives the same answer in Arabic,
exact and offline. The index is built from `bot.texts.RENDERERS` (a new topic answer is
found without a change here), minus what makes no sense on its own (form questions,
errors, greetings, menus, hand-over notices): see `SENDABLE`. Answers that depend on the
person's situation or a service are offered once per variant that reads differently
("Arbeitserlaubnis – für EU-, EWR- oder Schweizer Bürger"), found by rendering them.

What is sent is always rendered here, from the catalogs, by the answer's key: never text
from the browser. The transcript keeps the response name and the values (as
bot/handoff/details.py does for the assistant's own answers) and the German text.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from aiohttp import web

from bot.booking.calendar import calendar_config
from bot.content import SERVICES
from bot.staff import ui
from bot.staff.auth import checked_post, session_of
from bot.staff.conversation import mine_and_open, page_of, tell, visible_handoff
from bot.staff.http import done, refusal, render, wants_json
from bot.staff.rows import handoff_view
from bot.staff.stores import stores
from bot.texts import RENDERERS, Context
from bot.texts import render as render_answer
from bot.texts.canned import CANNED, canned_text
from bot.texts.situation import PLACE_BUTTONS, STATUS_BUTTONS

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_KEY_CHARS = 200
# The modules whose answers stand on their own; of the others only the few named here.
SENDABLE_MODULES = ("bot.texts.topics", "bot.texts.services", "bot.texts.situation")
SENDABLE_EXTRA = ("utter_help",)
NOT_SENDABLE = ("utter_ask_situation",)
# Answers that come in pieces of other modules (e.g. a new bot/texts/subtopics.py) are
# sendable when their module is not one of the assistant's dialogue modules.
DIALOGUE_MODULES = (
    "bot.texts.general",
    "bot.texts.booking",
    "bot.texts.handoff",
    "bot.texts.clarify",
    "bot.texts.forget",
)


def sendable(name: str) -> bool:
    renderer = RENDERERS[name]
    module = getattr(renderer, "__module__", None) or type(renderer).__module__
    if name in NOT_SENDABLE:
        return False
    return name in SENDABLE_EXTRA or module in SENDABLE_MODULES or module not in DIALOGUE_MODULES


# --- what can be sent ------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """Values the answer reads (slots and entities), and how the console names them."""

    slots: dict[str, str] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        values = {**self.slots, **self.entities}
        return ",".join(f"{k}={v}" for k, v in sorted(values.items()))


def variants() -> list[Variant]:
    """Every situation, service and topic an answer may read (most change nothing)."""
    found = [Variant()]
    found += [Variant(slots={"residence_status": v}) for _label, v in STATUS_BUTTONS if v]
    found += [Variant(slots={"residence_place": v}) for _label, v in PLACE_BUTTONS]
    found += [Variant(slots={"service": s}, entities={"service": s}) for s in SERVICES]
    config = calendar_config()
    found += [
        Variant(slots={"topic": intent})
        for intent in ui.topic_intents()
        if config.concern_for_intent(intent) is not None
    ]
    return found


def variant_label(variant: Variant, lang: str) -> str:
    if not variant.key:
        return ""
    if "residence_status" in variant.slots:
        return ui.status_label(variant.slots["residence_status"], lang)
    if "residence_place" in variant.slots:
        return ui.place_label(variant.slots["residence_place"], lang)
    if "service" in variant.slots:
        return ui.service_label(variant.slots["service"], lang)
    return ui.topic_label(variant.slots.get("topic"), lang)


@dataclass(frozen=True)
class Answer:
    """One sendable answer: its key (what the form posts), the response and its values,
    or a prepared reply of bot/texts/canned.py."""

    key: str
    response: str | None
    variant: Variant
    canned: str | None = None

    def text(self, lang: str, service: str, conversation_id: str = "") -> str:
        if self.canned is not None:
            return canned_text(self.canned, lang, service)
        assert self.response is not None
        ctx = Context(
            lang=lang,
            slots=dict(self.variant.slots),
            entities=dict(self.variant.entities),
            conversation_id=conversation_id,
        )
        return render_answer(self.response, ctx).text

    def details(self) -> dict[str, Any] | None:
        """What the transcript keeps (bot/handoff/details.py's shape for an answer)."""
        if self.response is None:
            return None
        return {
            "response": self.response,
            "slots": dict(self.variant.slots),
            "entities": dict(self.variant.entities),
            "arguments": {},
        }


def _try(answer: Answer, lang: str, service: str) -> str | None:
    try:
        return answer.text(lang, service).strip() or None
    except Exception:  # an answer that needs values no variant gives: not offered
        log.debug("answer not offered in the console", exc_info=True)
        return None


@cache
def catalogue() -> dict[str, Answer]:
    """Every sendable answer by key: the prepared replies, then each response once per
    variant whose German text differs from the general one's (and from the others')."""
    found: dict[str, Answer] = {
        f"canned:{key}": Answer(f"canned:{key}", None, Variant(), canned=key) for key in CANNED
    }
    every = variants()
    for name in RENDERERS:
        if not sendable(name):
            continue
        seen: set[str] = set()
        for variant in every:
            answer = Answer(f"{name}:{variant.key}" if variant.key else name, name, variant)
            german = _try(answer, "de", "foreigners_office")
            if german is None or german in seen:
                continue
            seen.add(german)
            found[answer.key] = answer
    return found


# --- searching -------------------------------------------------------------------------------


def folded(text: str) -> str:
    """Lower case without accents: "Öffnungszeiten" finds "offnungszeiten" and back."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def searchable(text: str) -> str:
    """What a query is matched against: accents dropped, and umlauts written out, so
    "oeffnungszeiten" (typed on a keyboard without umlauts) finds it too."""
    return f"{folded(text)}\n{folded(text.casefold().translate(UMLAUTS))}"


@dataclass(frozen=True)
class Shown:
    key: str
    label: str
    text: str
    haystack: str
    title_words: str


def title(answer: Answer, lang: str, text: str) -> str:
    if answer.canned is not None:
        t = ui.gettext(lang)
        return t("Prepared reply")
    assert answer.response is not None
    named = ui.answer_title(answer.response, lang) or _first_words(text)
    extra = variant_label(answer.variant, lang)
    return f"{named} – {extra}" if extra else named


def _first_words(text: str, limit: int = 60) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@cache
def shown(lang: str, service: str) -> tuple[Shown, ...]:
    """The catalogue as a console in `lang` shows it; searchable in `lang` and in German.

    Answers that read the same in `lang` and in German (the Duldung answer is also the
    residence and the work permit answer for someone with a Duldung) are shown once: under
    the answer's own title when one of them is the plain answer, else under the titles
    joined; every title still finds it.
    """
    same: dict[tuple[str, str], list[tuple[Answer, str]]] = {}
    for answer in catalogue().values():
        text = _try(answer, lang, service)
        if text is None:
            continue
        german = _try(answer, "de", service) or ""
        same.setdefault((text, german), []).append((answer, title(answer, lang, text)))
    rows = []
    for (text, german), answers in same.items():
        plain = [answer for answer, _label in answers if not answer.variant.key]
        kept = plain[0] if plain else answers[0][0]
        label = title(kept, lang, text) if plain else _joined([lab for _a, lab in answers])
        titles = " ".join(
            [label, *(lab for _a, lab in answers), *(title(a, "de", german) for a, _ in answers)]
        )
        rows.append(
            Shown(
                kept.key, label, text, searchable(f"{titles} {text} {german}"), searchable(titles)
            )
        )
    return tuple(rows)


def _joined(labels: list[str]) -> str:
    """ "Aufenthaltserlaubnis, Arbeitserlaubnis – mit Duldung" for titles with one variant."""
    parts = [label.partition(" – ") for label in labels]
    extras = {extra for _named, _sep, extra in parts}
    if len(labels) > 1 and len(extras) == 1:
        return f"{', '.join(dict.fromkeys(named for named, _s, _e in parts))} – {extras.pop()}"
    return " / ".join(dict.fromkeys(labels))


def search(query: str, lang: str, service: str) -> list[Shown]:
    """The answers holding every word of `query` (all when it is empty); titles first."""
    words = folded(query).split()
    hits = [row for row in shown(lang, service) if all(w in row.haystack for w in words)]
    return sorted(hits, key=lambda row: not all(w in row.title_words for w in words))


# --- the routes ------------------------------------------------------------------------------


async def answers_page(request: web.Request) -> web.Response:
    """GET /staff/conversations/{id}/answers?q=…: the search and its results (page or JSON)."""
    session = await session_of(request)
    viewer = session.staff
    handoff = await visible_handoff(request, viewer)
    lang = ui.ui_language(viewer.ui_language)
    query = request.query.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        raise refusal(request, 400, "bad_request", lang)
    found = search(query, lang, handoff.service)
    results = [{"key": r.key, "label": r.label, "text": r.text} for r in found]
    if wants_json(request):
        return web.json_response({"query": query, "results": results})
    s = stores(request)
    names = await s.accounts.run(s.accounts.names)
    return render(
        "answers.html",
        lang,
        session=session,
        staff=viewer,
        handoff=handoff_view(handoff, viewer, names),
        query=query,
        results=results,
        may_send=handoff.is_open and handoff.claimed_by == viewer.id,
    )


async def send_answer(request: web.Request) -> web.Response:
    """POST …/answer with `answer` (a key of the catalogue): the answer in the person's
    language to them, the German text and the response's name to the transcript."""
    session, form = await checked_post(request)
    handoff = await mine_and_open(request, session)
    key = str(form.get("answer") or "")
    answer = catalogue().get(key) if len(key) <= MAX_KEY_CHARS else None
    if answer is None:
        return done(request, page_of(handoff, "unknown_reply"), {"error": "unknown"}, 422)
    text = answer.text(handoff.language, handoff.service, handoff.conversation_id)
    original = answer.text("de", handoff.service, handoff.conversation_id)
    s = stores(request)
    message = await s.handoffs.run(
        s.handoffs.reply,
        handoff.id,
        session.staff.id,
        text,
        original=original,
        details=answer.details(),
    )
    await s.router.staff_said(handoff, message.id, text)
    await tell(request, handoff)
    return done(request, page_of(handoff), {"ok": True, "id": message.id, "text": text})
