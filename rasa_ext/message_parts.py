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
# A second need must be this sure to be offered.
SECOND_CONFIDENCE = 0.6

_SPLIT = re.compile(r"[.!?؟;؛\n]+|,|،|\s+-\s+")
# Words that open a short negated part ("not citizenship", "keine Einbürgerung",
# "не гражданство", "مش الجنسية", "نه تابعیت"); longer parts need a "don't want".
_NEGATION = re.compile(
    normalise(r"^(?:no|not|nein|nicht|kein\w*|не|ні|нет|لا|لأ|مش|مو|نه|hayır|hayir|değil|degil)\b"),
)
_SHORT = 4
_NEGATED_WANT = re.compile(
    normalise(
        r"\b(?:don'?t want|do not want|not about|will keine?n?|möchte keine?n?|nicht wegen"
        r"|не хочу|не про|не нужн\w*|не треба|не потрібн\w*"
        r"|مش عايز|ما بدي|مابدي|لا أريد|نمیخوام|نمی‌خوام"
        r"|istemiyorum|ile ilgili değil)\b"
    )
)
# Words that introduce the correction ("I mean Y", "sondern Y", "а Y").
_CORRECTION = re.compile(
    normalise(
        r"\b(?:i mean|i meant|rather|instead|ich meine|sondern|eher|я имею в виду|я про|а про"
        r"|я маю на увазі|قصدي|يعني|بل|منظورم|بلکه|yani|demek istiyorum|aslında)\b"
    )
)


@dataclass(frozen=True)
class Part:
    text: str
    intent: str
    confidence: float
    negated: bool


@dataclass(frozen=True)
class Decision:
    """The main need (None: keep the whole message's reading), a second need, and
    the greeting or thanks that came with a need (to greet or thank back)."""

    main: Part | None
    second: Part | None
    courtesy: str | None = None


COURTESY = ("greet", "thank")


def parts_of(text: str) -> list[str]:
    """Sentences and comma clauses, stripped; a correction starts a new part."""
    pieces: list[str] = []
    for piece in _SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        match = _CORRECTION.search(normalise(piece))
        if match and match.start() > 0:
            pieces.append(piece[: match.start()].strip())
            pieces.append(piece[match.start() :].strip())
        else:
            pieces.append(piece)
    return [p for p in pieces if p]


def is_negated(part: str) -> bool:
    folded = normalise(part)
    if _NEGATED_WANT.search(folded):
        return True
    return bool(_NEGATION.search(folded)) and len(folded.split()) <= _SHORT


def _best(scores: Scores) -> tuple[str, float]:
    intent = max(scores, key=lambda name: scores[name])
    return intent, scores[intent]


def decide(text: str, whole: Scores, classify: Classify) -> Decision:
    """What the message is about, given the whole message's scores and a part classifier."""
    pieces = parts_of(text)
    if len(pieces) < 2 or not whole:
        return Decision(None, None)
    parts = []
    for piece in pieces:
        intent, confidence = _best(classify(piece))
        parts.append(Part(piece, intent, confidence, is_negated(piece)))
    needs = [p for p in parts if p.intent not in NOT_A_NEED and p.confidence >= PART_CONFIDENCE]
    wanted = [p for p in needs if not p.negated]
    negated = {p.intent for p in needs if p.negated}
    top, _ = _best(whole)
    main: Part | None = None
    if top in SOCIAL and wanted:
        # "hi, how do I extend my permit?": the need, not the greeting.
        main = max(wanted, key=lambda p: p.confidence)
    elif top in negated and wanted and any(p.intent != top for p in wanted):
        # "not citizenship, I want to extend my permit": the corrected need.
        main = max((p for p in wanted if p.intent != top), key=lambda p: p.confidence)
    chosen = main.intent if main else top
    second = next(
        (
            p
            for p in sorted(wanted, key=lambda p: -p.confidence)
            if p.intent != chosen and p.intent not in negated and p.confidence >= SECOND_CONFIDENCE
        ),
        None,
    )
    courtesy = None
    if chosen not in NOT_A_NEED:
        courtesy = next(
            (p.intent for p in parts if p.intent in COURTESY and p.confidence >= PART_CONFIDENCE),
            None,
        )
    return Decision(main, second, courtesy)
