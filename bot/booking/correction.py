"""A correction at the booking's summary: "another time please", "поменяйте время", "وقت آخر".

Why words and not the classifier: at "Shall I book this appointment?" the model hears
"other day" as a new booking, a "no" or nothing it knows. A change word ("another",
"lieber", "поменяйте", "başka", "آخر", "دیگه") together with what to change (time,
contact, concern, service) names the part to ask again; the rest of the booking stays.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.language.normalize import normalise

Part = Literal["time", "contact", "concern", "service"]

# "another", "change", "rather" … (normalised text: lower case, Arabic letters folded).
CHANGE = re.compile(
    r"(?:\b(?:another|other|different|change|instead|rather|prefer|better|earlier|later|move"
    r"|wrong|not\s+(?:this|that|the)|andere\w*|ander|lieber|änder\w*|aender\w*|stattdessen"
    r"|besser|früher|später|verschieb\w*|falsch\w*|doch|друг\w*|помен\w*|измен\w*|смен\w*"
    r"|перенес\w*|перенест\w*|лучше|раньше|позже|позднее|неправильн\w*|інш\w*|змін\w*"
    r"|поміня\w*|перенес\w*|краще|раніше|пізніше|başka|farklı|değiştir\w*|değişik|yerine"
    r"|erken|geç|yanlış|tercih)\b"
    r"|(?:^|\s)(?:اخر|اخری|ثانی|غیر|تغ[یي]ر|بدل|بدی\s+غیر|افضل|احسن|ابکر|اشتباه|دیگه|دیگر|دیگری"
    r"|عوض|تغییر|بهتر|جابجا|زودتر|دیرتر)(?:\s|$|[.!?،؟])"
    r"|وقت\s+اخر|یوم\s+اخر)",
    re.IGNORECASE,
)
_DAYS = (
    r"monday|tuesday|wednesday|thursday|friday|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|понедельник\w*|вторник\w*|сред\w*|четверг\w*|пятниц\w*|понеділ\w*|вівтор\w*|серед\w*"
    r"|четвер\w*|п['’ʼ]?ятниц\w*|pazartesi|salı|çarşamba|perşembe|cuma"
)
PARTS: dict[Part, re.Pattern[str]] = {
    "time": re.compile(
        rf"(?:\b(?:time|day|date|hour|slot|morning|afternoon|tomorrow|{_DAYS}|zeit|uhrzeit"
        r"|tag|datum|uhr|vormittag|nachmittag|morgen|время|день|дня|дату|дата|час\w*|число"
        r"|утр\w*|ранок|вечер\w*|завтра|saat|gün|tarih|zaman|sabah|öğleden|yarın)\b"
        r"|وقت|یوم|ساعه|ساعت|تاریخ|روز|زمان|صبح|بکرا|بکره|فردا|الاثن[یي]ن|الثلاثاء|الاربعاء"
        r"|الخم[یي]س|شنبه)",
        re.IGNORECASE,
    ),
    "contact": re.compile(
        r"(?:\b(?:phone|number|name|contact|e-?mail|mail|telefon\w*|\w*nummer|namen?|kontakt\w*"
        r"|handy|телефон\w*|номер\w*|имя|ім['’ʼ]?я|контакт\w*|почт\w*|пошт\w*|numara\w*|isim\w*"
        r"|iletişim\w*)\b|رقم|هاتف|تلفون|موبای?ل|اسم|ای?میل|شماره|تلفن|نام)",
        re.IGNORECASE,
    ),
    "concern": re.compile(
        r"(?:\b(?:concern|reason|topic|matter|purpose|anliegen|grund|thema|тем\w*|причин\w*"
        r"|вопрос\w*|цел\w*|питанн\w*|мет\w*|konu\w*|sebep\w*|neden\w*|mesele)\b"
        r"|موضوع|سبب|غرض|دلیل|علت)",
        re.IGNORECASE,
    ),
    "service": re.compile(
        r"(?:\b(?:service|office|department|amt|dienst\w*|stelle|behörde|служб\w*|ведомств\w*"
        r"|услуг\w*|офис\w*|відомств\w*|послуг\w*|офіс\w*|hizmet\w*|daire\w*|ofis\w*|birim\w*)\b"
        r"|خدمه|مکتب|دایره|اداره|دفتر)",
        re.IGNORECASE,
    ),
}
# The most specific part wins: a new service changes everything after it, a concern its time.
PRECEDENCE: tuple[Part, ...] = ("service", "concern", "contact", "time")


def changes(text: str) -> bool:
    """The message asks for a change ("another", "lieber", "поменяйте", "دیگه")."""
    return bool(CHANGE.search(normalise(text or "")))


def named_parts(text: str) -> list[Part]:
    """The parts of the booking the message names, in the order of the form."""
    folded = normalise(text or "")
    return [part for part, pattern in PARTS.items() if pattern.search(folded)]


def correction(text: str, *, names_a_time: bool = False, said_no: bool = False) -> Part | None:
    """Which part to ask again, None when the message is no correction.

    `names_a_time`: the message holds a day or clock time ("lieber Donnerstag");
    `said_no`: the classifier read a "no" ("nein, Donnerstag"), which counts as a change.
    """
    if not (changes(text) or said_no):
        return None
    parts = named_parts(text)
    if names_a_time and "time" not in parts:
        parts.insert(0, "time")
    return next((part for part in PRECEDENCE if part in parts), None)
