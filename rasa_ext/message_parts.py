"""Which need a message is about when it has several parts.

Newcomers write "salam, how do I extend my permit?", a short story ending in a
question, or "no, not citizenship, I want to extend my permit". A classifier
that sees the whole message often picks the greeting, the story's context or the
topic that was just negated. Here the message is cut into parts (sentences and
comma clauses), each part is classified on its own, and:

- the main need wins over greetings, thanks, goodbyes and yes/no;
- a part that negates a topic ("not X", "ich will keine X") does not count, the
  corrected one ("I mean Y", "sondern Y") does;
- another clear need in the same message is kept as the second need, so the
  reply can offer it as a button.

Pure functions over a `classify(text) -> {intent: probability}` callable: the
graph component (`rasa_ext.linear_intents`) passes its linear model, the tests a
table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.language.normalize import normalise

Scores = Mapping[str, float]
Classify = Callable[[str], Scores]

# Small talk: never the main need when the message has a real one.
SOCIAL = frozenset({"greet", "thank", "goodbye", "affirm", "deny"})
# Answers and non-needs: never a second need, and not a reason to override.
NOT_A_NEED = SOCIAL | frozenset({"inform", "out_of_scope", "nlu_fallback", "stop"})
# A part must be at least this sure of its need to count as one.
PART_CONFIDENCE = 0.5
# Questions about the topic at hand ("what do I do?" reads like "what do I bring?"):
# answered in context, never offered as another need.
FOLLOW_UPS = frozenset(
    {
        "ask_services_overview",
        "ask_location",
        "ask_opening_hours",
        "ask_contact",
        "ask_required_documents",
        "ask_interpreter",
    }
)
# "What do I do?" / "что мне делать?": a question without a need of its own; in a story
# ("I have § 24, my permit ends in March. What do I do?") the story's topic is the need.
GENERIC_QUESTIONS = frozenset({"help"})
# A story the whole message reads only weakly as a topic (below the assistant's "do you
# mean …?" line, actions/clarify.py) whose one part says that topic clearly ("… aber meine
# Duldung läuft bald aus. Was kann ich tun?"): that part is the need.
WEAK_WHOLE = 0.4
CLEAR_PART = 0.65
# A second need must be this sure to be offered.
SECOND_CONFIDENCE = 0.6

_SPLIT = re.compile(r"[.!?؟;؛\n]+|,|،|\s+-\s+")
# Inside a clause, the rejected half starts at these words ("بدي أعرف وين المكتب مش
# إيمتى بيفتح", "мне не телефон нужен а адрес").
_MID_SPLIT = re.compile(r"\s+(?=(?:مش|مو|а|a ne)\s)")
# Negation words: a short part (up to _SHORT words) with one of them rejects its topic
# ("not citizenship", "keine Einbürgerung", "не гражданство", "مش الجنسية",
# "ساعت کاری نه", "oturum değil"); a bare "no" is a deny, not a rejected topic.
_NEGATION = re.compile(
    normalise(r"(?:^|\s)(?:not|nicht|kein\w*|не|ні|مش|مو|نه|نبود|değil|degil)(?:\s|$)")
)
_SHORT = 4
# Phrases that reject a topic in a part of any length.
_NEGATED_WANT = re.compile(
    normalise(
        r"\b(?:don'?t want|do not want|dont want|don'?t need|do not need|dont need"
        r"|didn'?t ask|did not ask|didnt ask|not asking|not looking for|not about"
        r"|will keine?n?|möchte keine?n?|brauche keine?n?|suche keine?n?|nicht wegen"
        r"|nicht nach|geht nicht um"
        r"|не хочу|не про|не нужн\w*|не надо|не треба|не потрібн\w*|не питал\w*|не спрашивал\w*"
        r"|не интересу\w*|не цікав\w*"
        r"|مش عايز|ما بدي|مابدي|لا أريد|ما سألت|ما سالت|مش عن|مو عن|مش سائل"
        r"|نمیخوام|نمیخوام|نمیخام|نمیخواستم|nemikham|nemikhaam|nemikhastam"
        r"|istemiyorum|ile ilgili değil|sormadım|sormadim|lazım değil|gerek yok)\b"
    )
)
# Words that introduce the correction ("I mean Y", "sondern Y", "а Y").
_CORRECTION = re.compile(
    normalise(
        r"\b(?:i mean|i meant|rather|instead|ich meine|sondern|eher|я имею в виду|я про|а про"
        r"|я маю на увазі|قصدي|يعني|بل|منظورم|بلکه|yani|demek istiyorum|aslında)\b"
    )
)
# "I have …" in a part of a story: context ("من Aufenthaltserlaubnis دارم", "у меня ВНЖ").
_HAVE = re.compile(
    normalise(
        r"(?:^|\s)(?:i have|i've got|i got|ich habe|ich hab|habe ich|у меня|у мене|в мене|маю"
        r"|عندي|معي|معاي|دارم)(?:\s|$)"
    )
)
_QUESTION_WORD = re.compile(
    normalise(r"(?:question|frage|вопрос|питання|سؤال|سوال|soru|problem|проблем|مشكل|مشکل)")
)
# A first part that is only "no" (the message corrects the last answer).
_BARE_NO = re.compile(
    normalise(r"^(?:no|nope|nein|нет|ні|لا|لأ|نه|na|hayır|hayir|wrong|falsch|غلط|اشتباه)$")
)


@dataclass(frozen=True)
class Part:
    text: str
    intent: str
    confidence: float
    negated: bool


@dataclass(frozen=True)
class Decision:
    """The main need (None: keep the whole message's reading), a second need, the
    greeting or thanks that came with a need (to greet or thank back), and whether the
    message corrects what was understood before ("no, I mean …": not a repeat)."""

    main: Part | None
    second: Part | None
    courtesy: str | None = None
    correcting: bool = False


COURTESY = ("greet", "thank")


def parts_of(text: str) -> list[str]:
    """Sentences and comma clauses, stripped; a correction or a rejected half starts a
    new part."""
    pieces: list[str] = []
    for piece in _SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        match = _CORRECTION.search(normalise(piece))
        halves = [piece]
        if match and match.start() > 0:
            halves = [piece[: match.start()], piece[match.start() :]]
        for half in halves:
            pieces.extend(chunk.strip() for chunk in _MID_SPLIT.split(half))
    return [p for p in pieces if p]


def is_negated(part: str) -> bool:
    """The part rejects a topic ("not X", "I don't want X")."""
    folded = normalise(part)
    if _NEGATED_WANT.search(folded):
        return True
    return bool(_NEGATION.search(folded)) and len(folded.split()) <= _SHORT


def states_what_one_has(part: str) -> bool:
    """ "I have a residence permit" is the story's context, not another need (but "I have
    a question about …" is one)."""
    folded = normalise(part)
    return bool(_HAVE.search(folded)) and not _QUESTION_WORD.search(folded)


def _only_context(intent: str, parts: list[Part]) -> bool:
    """The whole message's reading comes only from parts that say what the person has."""
    said = [p for p in parts if p.intent == intent]
    return bool(said) and all(states_what_one_has(p.text) for p in said)


def _surest(parts: list[Part]) -> Part | None:
    return max(parts, key=lambda p: p.confidence, default=None)


def _is_topic(intent: str) -> bool:
    """A topic of its own: not "help" or "talk to a person", not a follow-up question."""
    return intent.startswith("ask_") and intent not in FOLLOW_UPS


def _best(scores: Scores) -> tuple[str, float]:
    intent = max(scores, key=lambda name: scores[name])
    return intent, scores[intent]


def decide(text: str, whole: Scores, classify: Classify) -> Decision:
    """What the message is about, given the whole message's scores and a part classifier."""
    pieces = parts_of(text)
    if len(pieces) < 2 or not whole:
        return Decision(None, None)
    parts: list[Part] = []
    for piece in pieces:
        intent, confidence = _best(classify(piece))
        parts.append(Part(piece, intent, confidence, is_negated(piece)))
    negated: set[str] = set()
    for index, part in enumerate(parts):
        if not part.negated:
            continue
        if part.intent not in NOT_A_NEED:
            negated.add(part.intent)
        elif index > 0 and parts[index - 1].intent not in NOT_A_NEED:
            # "Kurse habe ich schon gemacht, nicht nötig": rejects the part before.
            negated.add(parts[index - 1].intent)
    wanted = [
        p
        for p in parts
        if p.intent not in NOT_A_NEED
        and p.intent not in negated
        and not p.negated
        and p.confidence >= PART_CONFIDENCE
    ]
    top, _ = _best(whole)
    correcting = bool(_BARE_NO.match(normalise(pieces[0]))) or bool(negated)
    main: Part | None = None
    if wanted and (top in SOCIAL or (correcting and top not in {p.intent for p in wanted})):
        # "hi, how do I extend my permit?": the need, not the greeting; "no, not
        # citizenship, I want to extend my permit": the corrected need (the last one).
        main = wanted[-1] if correcting else _surest(wanted)
    elif wanted and correcting and len({p.intent for p in wanted}) > 1:
        # "no. my permit is unlimited. I mean citizenship": the need said last.
        main = wanted[-1]
    elif wanted and _only_context(top, parts):
        # "I have a German passport now. Do I still need a residence permit?": what the
        # person has is the story; the question asked is the need.
        # A generic "what do I do?" asks about the story itself, so the story stays.
        main = _surest(
            [
                p
                for p in wanted
                if p.intent != top
                and not states_what_one_has(p.text)
                and p.intent not in GENERIC_QUESTIONS
            ]
        )
    elif top in GENERIC_QUESTIONS and not correcting:
        main = _surest([p for p in wanted if _is_topic(p.intent)])
    elif top.startswith("ask_") and whole[top] < WEAK_WHOLE and not correcting:
        main = _surest([p for p in wanted if p.intent == top and p.confidence >= CLEAR_PART])
    chosen = main.intent if main else top
    second = next(
        (
            p
            for p in sorted(wanted, key=lambda p: -p.confidence)
            if p.intent != chosen
            and _is_topic(p.intent)
            and not states_what_one_has(p.text)
            and p.confidence >= SECOND_CONFIDENCE
        ),
        None,
    )
    if correcting:
        second = None  # a correction has one need
    courtesy = None
    if chosen not in NOT_A_NEED:
        courtesy = next(
            (p.intent for p in parts if p.intent in COURTESY and p.confidence >= PART_CONFIDENCE),
            None,
        )
    return Decision(main, second, courtesy, correcting and bool(wanted))
