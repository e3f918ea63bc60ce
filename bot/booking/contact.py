"""The optional contact a user leaves for the office: a name and/or a phone or e-mail.

Why so careful: we store personal data only when the user clearly gave it, in answer to
"would you like to leave your name and a phone number?". A phone number or e-mail address
counts wherever it stands; a name counts when it is introduced ("I'm …", "меня зовут …",
"اسمي …") or when the whole answer looks like a name ("Ahmad Karimi"). The introduction is
never part of the name. A refusal in words ("kein Telefon bitte", "без контактов",
"شماره نمی‌دم") is an answer too: the booking goes on without contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.language.normalize import fold_digits, normalise

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d\s/().-]{5,}\d")
MAX_NAME = 80
MAX_NAME_WORDS = 4

# "my name is …" in the seven languages (matched on the original text, any case).
_YEH = "[يی]"
_GREETING = r"(?:(?:hi|hello|hallo|привет|привіт|merhaba|سلام|مرحبا)[\s,!.]+)?"
_END = r"(?=[\s,:;.!-])[\s,:;.!-]*"
STRONG_INTRODUCTION = re.compile(
    _GREETING + r"(?:"
    r"my\s+name\s+is|my\s+name['’]?s|name\s*:|mein\s+name\s+ist|ich\s+heiße|ich\s+heisse"
    r"|меня\s+зовут|мо[её]\s+имя|мене\s+звати|моє\s+ім['’ʼ]?я|benim\s+adım|benim\s+ismim"
    rf"|adım|ismim|اسم{_YEH}|إسم{_YEH}|اسم\s+من|اسمم|نام\s+من"
    r")" + _END,
    re.IGNORECASE,
)
# "I'm …": also the start of many other sentences, so the name must look like one.
WEAK_INTRODUCTION = re.compile(
    _GREETING + r"(?:i\s*['’]?\s*m|i\s+am|this\s+is|it['’]?s|ich\s+bin|hier\s+ist|я|ben"
    r"|انا|أنا|من)" + _END,
    re.IGNORECASE,
)


def introduction(text: str) -> tuple[str, str | None]:
    """The text without a leading "my name is"/"I'm", and which kind it was."""
    for kind, pattern in (("strong", STRONG_INTRODUCTION), ("weak", WEAK_INTRODUCTION)):
        stripped = pattern.sub("", text, count=1)
        if stripped != text:
            return stripped, kind
    return text, None


def introduces_a_name(text: str) -> bool:
    """ "my name is …", "меня зовут …", "اسمي …": the message is about a name for sure."""
    return STRONG_INTRODUCTION.match((text or "").strip()) is not None


# What may stand next to the number and is no part of the name.
LABELS = re.compile(
    r"(?:"
    r"\b(?:and\s+)?my\s+(?:phone\s+|mobile\s+)?(?:number|phone|e-?mail)(?:\s+is)?"
    r"|\b(?:phone|mobile|tel\.?|number|e-?mail|mail)\s*:?"
    r"|\b(?:und\s+)?meine\s+(?:handy|telefon)?nummer(?:\s+ist)?|\b(?:telefon|handy|nummer)\s*:?"
    r"|\b(?:и\s+)?(?:мой|мій)\s+(?:номер|телефон)|\b(?:номер|телефон)\s*:?"
    r"|\b(?:ve\s+)?(?:numaram|telefonum|telefon\s+numaram)(?:\s+şu)?"
    r"|(?:و\s*)?(?:رقمي|رقم\s+تلفوني|رقم|هاتفي|تلفوني|موبايلي)"
    r"|(?:و\s*)?(?:شماره\s*(?:ام|‌ام|م)?|شمارم|تلفنم|تلفن|موبایلم)"
    r")",
    re.IGNORECASE,
)
# A Persian name is often followed by "am"/"is" ("من احمد کریمی هستم", "… است").
TAIL = re.compile(r"[\s,،]+(?:هستم|هستش|است|هست)[\s.!]*$")
# Common words that make a two-word answer no name ("Guten Tag", "no thanks").
NOT_NAMES = frozenset(
    """
    tag dank danke ahnung hallo bitte nein ja ok okay yes no thanks thank hello hi please
    stop help termin appointment sorry morgen abend kein keine nicht telefon nummer contact
    kontakt phone number without ohne нет да спасибо пожалуйста без телефон номер
    контакт привет ні так дякую будь ласка телефону hayır evet teşekkürler lütfen telefon
    merhaba yok لا نعم شکرا شكرا مرحبا سلام رقم ما بدی خیر بله ممنون مرسی شماره نه
    the to is my your and or change new call me at under die der das ist mein meine neue und
    ändern unter an zu мой моя мій новый новий и і на поменяйте змініть yeni ve bu değiştir
    و به را جدید جدید غیر تغییر
    """.split()
)
NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’ʼ.-]*(?:['’ʼ.-][^\W\d_]*)*\.?$")


@dataclass(frozen=True)
class Contact:
    name: str | None
    reach: str | None  # phone number or e-mail address

    def as_text(self) -> str:
        return ", ".join(part for part in (self.name, self.reach) if part)


def parse_contact(text: str) -> Contact | None:
    """Name and phone or e-mail from one message; a name alone when the message is one.

    None when there is neither a phone, nor an e-mail address, nor a name.
    """
    folded = fold_digits(text or "").strip()
    match = EMAIL.search(folded)
    reach = match.group(0) if match else None
    if reach is None:
        match = PHONE.search(folded)
        if match and sum(ch.isdigit() for ch in match.group(0)) >= 6:
            reach = re.sub(r"\s+", " ", match.group(0)).strip()
    if reach is None or match is None:
        name = parse_name(folded)
        return Contact(name, None) if name else None
    rest = folded[: match.start()] + " , " + folded[match.end() :]
    return Contact(clean_name(rest), reach)


def clean_name(rest: str) -> str | None:
    """The name in what stands around a phone number, without "I'm" or "my number is"."""
    rest = LABELS.sub(" ", rest)
    parts = [p.strip(" ,;:-\n\t.!،؛") for p in re.split(r"[,;\n،؛]", rest)]
    for part in parts:
        part = TAIL.sub("", " " + introduction(part.strip())[0]).strip(" ,;:-.!،؛")
        words = part.split()
        if not words or len(words) > MAX_NAME_WORDS or len(part) > MAX_NAME:
            continue
        if all(NAME_WORD.match(word) and not is_no_name(word) for word in words):
            return " ".join(words)
    return None


def is_no_name(word: str) -> bool:
    """A common word ("Tag", "нет", "شكرا") or a Persian negated verb ("نمیدونم")."""
    folded = normalise(word).strip(".")
    return folded in NOT_NAMES or folded.startswith("نمی")


def parse_name(text: str) -> str | None:
    """A name given alone: "my name is Ahmad Karimi", "I'm Olena", or just "Ahmad Karimi"."""
    text = re.sub(r"\s+", " ", text).strip(" ,;:.!")
    rest, kind = introduction(text)
    name = TAIL.sub("", " " + rest).strip(" ,;:.!،")
    words = name.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or len(name) > MAX_NAME:
        return None
    if not all(NAME_WORD.match(word) for word in words):
        return None
    if any(is_no_name(word) for word in words):
        return None
    if kind == "strong":
        return name
    # "I'm …" or nothing before: written like a name where the script has capitals, and
    # without an introduction at least two words ("Ahmad Karimi", not "Hallo").
    cased = [w for w in words if w[0].lower() != w[0].upper()]
    if (kind is None and len(words) < 2) or any(not w[0].isupper() for w in cased):
        return None
    return name


# --- a refusal in words ----------------------------------------------------------------------

# What is refused: a phone, a number, contact data, a name, an e-mail (normalised text).
CONTACT_WORD = re.compile(
    r"(?:\b(?:phone|number|contact|details|e-?mail|mail|name|telefon\w*|\w*nummer|kontakt\w*"
    r"|handy|namen|телефон\w*|номер\w*|контакт\w*|данн\w*|дан\w*|имя|ім['’ʼ]?я|почт\w*"
    r"|пошт\w*|numara\w*|iletişim\w*|bilgi\w*|isim\w*|ismim)\b"
    r"|رقم|تلفون|هاتف|موبای?ل|اسم|ای?میل|شماره|شمارم|تلفن|نام)",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"(?:\b(?:no|not|don'?t|won'?t|never|nein|nicht|kein\w*|ohne|нет|не|ні|без|hayır|yok"
    r"|istemiyorum|istemem|vermem|vermeyeceğim|vermiyorum|olmadan)\b"
    r"|(?:^|\s)(?:لا|ما|مش|بدون|بلا|نه|نمی\w*|بی|بدون)(?:\s|$))",
    re.IGNORECASE,
)
# Refusals that need no word for the contact: "rather not", "не надо", "لازم نیست".
REFUSALS = re.compile(
    r"(?:\b(?:rather\s+not|prefer\s+not|skip|continue\s+without|lieber\s+nicht|nicht\s+nötig"
    r"|weiter\s+ohne|не\s+надо|не\s+нужно|не\s+треба|не\s+потрібно|не\s+дам|gerek\s+yok"
    r"|vermek\s+istemiyorum|paylaşmak\s+istemiyorum|telefonsuz|numarasız|iletişimsiz)\b"
    r"|مش\s+لازم|لا\s+داعی|ما\s+بدی|مابدی|لازم\s+نیست|نمیدم|نمیدهم|نمی\s+دم|نمیذارم)",
    re.IGNORECASE,
)
# Words that make it about the appointment, not the contact: "I don't want an appointment".
ABOUT_THE_BOOKING = re.compile(
    r"(?:appointment|booking|termin|запис|при[её]м|прийом|зустріч|встреч|randevu|موعد|نوبت"
    r"|\bstop\b|abbrech|cancel|отмен|скасу|iptal|الغاء|إلغاء|لغو|کنسل)",
    re.IGNORECASE,
)


def refuses_contact(text: str) -> bool:
    """The message declines to leave a contact ("kein Telefon bitte", "شماره نمی‌دم")."""
    folded = normalise(text or "")
    if ABOUT_THE_BOOKING.search(folded) or (EMAIL.search(folded) or PHONE.search(folded)):
        return False
    if REFUSALS.search(folded):
        return True
    return bool(CONTACT_WORD.search(folded) and NEGATION.search(folded))
