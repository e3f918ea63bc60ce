"""Does a message only ask whether anyone is there ("hello?", "алло", "kimse var mı")?

Why a word list and not the NLU: while a person waits for staff Rasa is paused, and
the question is short and formulaic in every language; a miss costs nothing (staff
still read the message), a false hit only repeats the acknowledgement. Only short
messages count: "hello, I need a residence permit" is a message for staff, not a
question whether anyone is there.
"""

from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 7  # a longer message says something of its own

# Greetings that count only as the whole message ("hallo", "hello???").
_ALONE = (
    "hello hallo hi hey hola allo alo hallöchen anyone anybody someone somebody "
    "مرحبا مرحبا؟ السلام عليكم سلام الو "  # ar, fa
    "درود هستید "
    "привіт агов алло ало "  # uk
    "привет ау эй "  # ru
    "merhaba selam alo hey "  # tr
)
# Phrases that count anywhere in a short message.
_PHRASES = (
    # en
    "anyone there",
    "anybody there",
    "someone there",
    "somebody there",
    "are you there",
    "anyone here",
    "anybody here",
    "is anyone",
    "is anybody",
    "hello hello",
    # de
    "ist da jemand",
    "ist jemand da",
    "jemand da",
    "jemand hier",
    "ist hier jemand",
    "hört mich jemand",
    "sind sie da",
    "bist du da",
    # ar
    "هل يوجد احد",
    "يوجد احد",
    "حد موجود",
    "في حد",
    "فيه حد",
    "احد هنا",
    "هل من احد",
    "هل انت هنا",
    "وين الموظف",
    # fa
    "کسی هست",
    "کسی اونجاست",
    "کسی انجاست",
    "کسی اینجاست",
    "کسی نیست",
    # uk
    "є хтось",
    "хтось є",
    "тут хтось",
    "хто небудь",
    "хтонебудь",
    "ви тут",
    # ru
    "есть кто",
    "кто нибудь",
    "ктонибудь",
    "кто то есть",
    "тут кто",
    "вы тут",
    "вы здесь",
    # tr
    "kimse var mi",
    "kimse yok mu",
    "biri var mi",
    "orada misiniz",
    "orda misiniz",
    "orada kimse",
)

_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # Arabic vowel marks, tatweel
_NOT_WORD = re.compile(r"[^\w\s]")
_QUESTION_ONLY = re.compile(r"^[\s?؟!.…]*[?؟][\s?؟!.…]*$")
_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ی", "ي": "ی", "ك": "ک", "ı": "i", "ё": "е", "-": " "}
)


def _normal(text: str) -> str:
    """Lower case, Arabic-script letters unified, punctuation gone, "hellooo" → "helo"."""
    folded = unicodedata.normalize("NFC", text).casefold().translate(_LETTERS)
    folded = _NOT_WORD.sub(" ", _MARKS.sub("", folded))
    folded = re.sub(r"(\w)\1+", r"\1", folded)  # repeated letters (also "алло" → "ало")
    return " ".join(folded.split())


_ALONE_SET = frozenset(_normal(word) for word in _ALONE.split())
_PHRASE_LIST = tuple(_normal(phrase) for phrase in _PHRASES)


def asks_if_anyone_is_there(text: str) -> bool:
    """True for "hello?", "is anyone there?", "???", "алло", "حد موجود؟", "kimse var mı"."""
    if _QUESTION_ONLY.match(text):
        return True
    words = _normal(text)
    if not words or len(words.split()) > MAX_WORDS:
        return False
    if words in _ALONE_SET or all(word in _ALONE_SET for word in words.split()):
        return True
    padded = f" {words} "
    return any(f" {phrase} " in padded for phrase in _PHRASE_LIST)
