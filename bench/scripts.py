"""What the simulated newcomers say: one realistic conversation per language.

Why drawn from the held-out test sets: the greetings, questions and goodbyes are
real user wording in seven languages that the model never trained on, so the
load includes the misunderstandings a district would see. The booking follows
the buttons the assistant offers, like a newcomer on a phone would, and ends
with a typed "yes" in the user's language.
"""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.eval_nlu import load_examples

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")

# Questions a newcomer asks before booking (intents from the NLU contract).
QUESTION_INTENTS = frozenset(
    {
        "ask_services_overview",
        "ask_location",
        "ask_opening_hours",
        "ask_contact",
        "ask_residence_permit",
        "ask_work_permit",
        "ask_temporary_protection",
        "ask_family_reunification",
        "ask_naturalization",
        "ask_required_documents",
        "ask_job_search",
        "ask_recognition",
        "ask_language_course",
        "ask_apprenticeship",
        "ask_job_fair",
        "ask_benefits",
        "ask_integration_commissioner",
        "ask_volunteering",
        "ask_events",
        "ask_discrimination",
    }
)

# Fixed where a misunderstanding would end the booking rather than test speed.
BOOK = {
    "de": "ich möchte einen termin vereinbaren",
    "en": "book an appointment",
    "ar": "بدي تيرمين",
    "fa": "ترمین میخوام",
    "uk": "хочу записатися на термін",
    "ru": "хочу записаться на термин",
    "tr": "randevu almak istiyorum",
}
YES = {"de": "ja", "en": "yes", "ar": "نعم", "fa": "بله", "uk": "так", "ru": "да", "tr": "evet"}
REFERENCE = re.compile(r"KM-[A-Z0-9]{4}")
MAX_BOOKING_STEPS = 12  # a time taken meanwhile means choosing again

Say = Callable[[str], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Phrases:
    greetings: list[str]
    questions: list[str]
    goodbyes: list[str]


def load_phrases(tests: Path = ROOT / "tests" / "nlu") -> dict[str, Phrases]:
    phrases = {}
    for lang in LANGUAGES:
        examples = load_examples(tests / f"{lang}.yml")
        phrases[lang] = Phrases(
            greetings=[t for t, intent in examples if intent == "greet"],
            questions=[t for t, intent in examples if intent in QUESTION_INTENTS],
            goodbyes=[t for t, intent in examples if intent == "goodbye"],
        )
    return phrases


def buttons(answer: dict[str, Any], marker: str) -> list[str]:
    return [
        str(b["payload"])
        for m in answer.get("messages", [])
        for b in m.get("buttons") or []
        if marker in str(b.get("payload", ""))
    ]


def text_of(answer: dict[str, Any]) -> str:
    return "\n".join(str(m.get("text") or "") for m in answer.get("messages", []))


def next_step(answer: dict[str, Any], lang: str, rng: random.Random) -> str | None:
    """What a newcomer does next in the booking; None when nothing sensible is offered."""
    if any(p.startswith("/affirm") for p in buttons(answer, "/affirm")):
        return YES[lang]
    for marker, choose_among in (
        ("booking_time", 3),  # the first few times, so bookings spread over slots
        ("booking_concern", 0),
        ("booking_contact", 1),
        ('"service"', 0),
    ):
        offered = buttons(answer, marker)
        if offered:
            return rng.choice(offered[:choose_among] if choose_among else offered)
    return None


# How a booking ended: with a reference number, on the waiting list (no free time
# left in the calendar's horizon), or stuck (nothing sensible offered: a failure).
BOOKED, WAITING_LIST, STUCK = "booked", "waiting list", "stuck"


async def newcomer(say: Say, lang: str, phrases: Phrases, rng: random.Random) -> str:
    """Greeting, two questions, a booking with confirmation, goodbye; how the booking ended."""
    await say(rng.choice(phrases.greetings))
    for question in rng.sample(phrases.questions, 2):
        await say(question)
    answer = await say(BOOK[lang])
    outcome = STUCK
    for _ in range(MAX_BOOKING_STEPS):
        if REFERENCE.search(text_of(answer)):
            outcome = BOOKED
            break
        step = next_step(answer, lang, rng)
        if step is None:
            break
        answer = await say(step)
        if '"waitlist"' in step:
            outcome = WAITING_LIST
            break
    await say(rng.choice(phrases.goodbyes))
    return outcome


# The starter bot of `rasa init` (moodbot): the same shape, in its only language.
STARTER = ("hello", "are you a bot?", "I am sad", "yes", "I am great", "bye")


async def starter_user(say: Say, lang: str, phrases: Phrases, rng: random.Random) -> str:
    for text in STARTER:
        await say(text)
    return "no booking"
