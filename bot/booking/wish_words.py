"""Word tables for wished times that `dateparser` misses: clock times in words, relative
days in dialect ("بكرا", "پس فردا", "öbür gün") and colloquial or misspelt weekdays.

Why tables and not a parser: each language has a handful of fixed patterns for a clock
time ("Viertel nach neun", "в половине десятого", "dokuzu çeyrek geçe", "تسعة الا ربع");
listing them keeps every rule visible and tested (tests/booking/test_wish_words.py).

Matching runs on a folded copy of the text (one character for one, so positions stay
valid): Arabic/Persian letter variants, Turkish letters without their marks, apostrophes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time, timedelta

_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ۀ": "ه",
        "\u200c": " ",  # Persian half-space
        "ё": "е",
        "’": "'",
        "ʼ": "'",
        "`": "'",
        "ı": "i",
        "ü": "u",
        "ö": "o",
        "ç": "c",
        "ş": "s",
        "ğ": "g",
        "ä": "a",
        "ß": "s",
    }
)


def fold(text: str) -> str:
    """Lower case with letter variants folded; as long as `text` (positions stay valid)."""
    return text.translate(_FOLD)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of folded words, longest first ("on bir" before "on")."""
    folded = sorted({_key(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s*".join(re.escape(c) for c in w) for w in folded) + ")"


def _key(text: str) -> str:
    """A table key: folded, without spaces ("on bir" and "onbir" are one word)."""
    return re.sub(r"\s+", "", fold(text))


def _hours(*rows: str) -> dict[str, int]:
    """One row per hour 1..12, spellings separated by "|"."""
    return {_key(word): hour for hour, row in enumerate(rows, 1) for word in row.split("|")}


# Hour words per language and grammatical form.
_DE = _hours(
    "eins|ein", "zwei", "drei", "vier", "fünf|fünfe", "sechs", "sieben", "acht", "neun",
    "zehn", "elf|elfe", "zwölf|zwoelf",
)  # fmt: skip
_EN = _hours(
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
)  # fmt: skip
_RU_CARD = _hours(
    "час|один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять",
    "одиннадцать", "двенадцать",
)  # fmt: skip
_RU_GEN = _hours(
    "первого", "второго", "третьего", "четвертого", "пятого", "шестого", "седьмого",
    "восьмого", "девятого", "десятого", "одиннадцатого", "двенадцатого",
)  # fmt: skip
_UK_CARD = _hours(
    "одна|один", "дві|два", "три", "чотири", "п'ять", "шість", "сім", "вісім",
    "дев'ять", "десять", "одинадцять", "дванадцять",
)  # fmt: skip
_UK_ACC = _hours(
    "першу", "другу", "третю", "четверту", "п'яту", "шосту", "сьому", "восьму", "дев'яту",
    "десяту", "одинадцяту", "дванадцяту",
)  # fmt: skip
_UK_NOM = _hours(
    "перша", "друга", "третя", "четверта", "п'ята", "шоста", "сьома", "восьма", "дев'ята",
    "десята", "одинадцята", "дванадцята",
)  # fmt: skip
_UK_LOC = _hours(
    "першій", "другій", "третій", "четвертій", "п'ятій", "шостій", "сьомій", "восьмій",
    "дев'ятій", "десятій", "одинадцятій", "дванадцятій",
)  # fmt: skip
_TR = _hours(
    "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz", "on", "on bir",
    "on iki",
)  # fmt: skip
_TR_LOC = _hours(  # "saat onda": at ten
    "birde", "ikide", "üçte", "dörtte", "beşte", "altıda", "yedide", "sekizde", "dokuzda",
    "onda", "on birde", "on ikide",
)  # fmt: skip
_TR_ACC = _hours(  # "dokuzu çeyrek geçe": a quarter past nine
    "biri", "ikiyi", "üçü", "dördü", "beşi", "altıyı", "yediyi", "sekizi", "dokuzu", "onu",
    "on biri", "on ikiyi",
)  # fmt: skip
_TR_DAT = _hours(  # "ona çeyrek kala": a quarter to ten
    "bire", "ikiye", "üçe", "dörde", "beşe", "altıya", "yediye", "sekize", "dokuza", "ona",
    "on bire", "on ikiye",
)  # fmt: skip
_FA = _hours(
    "یک|یه", "دو", "سه", "چهار|چار", "پنج", "شش|شیش", "هفت", "هشت", "نه", "ده", "یازده",
    "دوازده",
)  # fmt: skip
_AR = _hours(
    "واحدة|وحدة|الواحدة", "اثنين|اتنين|ثنتين|تنتين|الثانية", "ثلاثة|تلاتة|ثلاث|تلات|الثالثة",
    "أربعة|اربعة|أربع|اربع|الرابعة", "خمسة|خمس|الخامسة", "ستة|ست|السادسة",
    "سبعة|سبع|السابعة", "ثمانية|تمانية|ثمان|تمن|الثامنة", "تسعة|تسع|التاسعة",
    "عشرة|عشر|العاشرة", "إحدى عشرة|احدعش|حداشر|حدعش|الحادية عشرة|احد عشر",
    "اثنا عشر|اتناشر|طنعش|الثانية عشرة|اثني عشر",
)  # fmt: skip
_DIGITS = r"(?:1[0-2]|0?[1-9])"

# A rule: a regex with one group `h` (the hour word or number), the table for that word,
# the minutes, and whether the named hour is the next one ("halb zehn" = 9:30).
Rule = tuple[str, dict[str, int], int, bool]


def _rules(lang: str) -> list[Rule]:
    return {
        "de": [
            (r"viertel\s+nach\s+{h}", _DE, 15, False),
            (r"halb\s+{h}", _DE, 30, True),
            (r"(?:viertel|dreiviertel)\s+vor\s+{h}", _DE, 45, True),
            (r"dreiviertel\s+{h}", _DE, 45, True),
            (r"{h}\s+uhr\s+dreisig", _DE, 30, False),
            (r"(?:um\s+)?{h}\s+uhr", _DE, 0, False),
            (r"um\s+{h}", _DE, 0, False),
        ],
        "en": [
            (r"(?:a\s+)?quarter\s+past\s+{h}", _EN, 15, False),
            (r"half\s+past\s+{h}", _EN, 30, False),
            (r"(?:a\s+)?quarter\s+(?:to|before)\s+{h}", _EN, 45, True),
            (r"(?:at\s+)?{h}\s+thirty", _EN, 30, False),
            (r"(?:at\s+)?{h}\s+o'?\s*clock", _EN, 0, False),
            (r"at\s+{h}", _EN, 0, False),
        ],
        "ru": [
            (r"(?:в\s+)?половин[еау]\s+{h}", _RU_GEN, 30, True),
            (r"(?:в\s+)?пол-?\s*{h}", _RU_GEN, 30, True),
            (r"(?:в\s+)?четверть\s+{h}", _RU_GEN, 15, True),
            (r"(?:в\s+)?без\s+(?:четверти|пятнадцати)\s+{h}", _RU_CARD, 45, True),
            (r"(?:в\s+)?{h}\s+тридцать", _RU_CARD, 30, False),
            (r"в\s+{h}", _RU_CARD, 0, False),
            (r"{h}\s+час(?:а|ов)", _RU_CARD, 0, False),
        ],
        "uk": [
            (r"(?:о\s+)?о?пів\s*на\s+{h}", _UK_ACC, 30, True),
            (r"(?:о\s+)?чверть\s+на\s+{h}", _UK_ACC, 15, True),
            (r"(?:о\s+)?за\s+чверть\s+{h}", _UK_NOM, 45, True),
            (r"(?:о|об)\s+{h}\s+тридцять", _UK_LOC, 30, False),
            (r"(?:о|об)\s+{h}", _UK_LOC, 0, False),
            (r"(?:о|об|в|у)\s+{h}", _UK_CARD, 0, False),
        ],
        "tr": [
            (r"(?:saat\s+)?{h}\s+bucu[kg](?:ta)?", _TR, 30, False),
            (r"(?:saat\s+)?{h}\s+ceyrek\s+gec(?:e|iyor)", _TR_ACC, 15, False),
            (r"(?:saat\s+)?{h}\s+ceyrek\s+(?:kala|var)", _TR_DAT, 45, True),
            (r"saat\s+{h}", _TR_LOC, 0, False),
            (r"saat\s+{h}", _TR, 0, False),
        ],
        "fa": [
            (r"(?:ساعت\s+)?{h}\s*و\s*نیم", _FA, 30, False),
            (r"(?:ساعت\s+)?{h}\s*و\s*(?:یه\s+|یک\s+)?ربع", _FA, 15, False),
            (r"(?:ساعت\s+)?(?:یه\s+|یک\s+)?ربع\s+به\s+{h}", _FA, 45, True),
            (r"ساعت\s+{h}", _FA, 0, False),
        ],
        "ar": [
            (r"(?:الساعه\s*)?{h}\s*و\s*(?:ال)?(?:نص|نصف)", _AR, 30, False),
            (r"(?:الساعه\s*)?{h}\s*و\s*(?:ال)?ربع", _AR, 15, False),
            (r"(?:الساعه\s*)?{h}\s*و\s*(?:ال)?ثلث", _AR, 20, False),
            (r"(?:الساعه\s*)?{h}\s*(?:الا|غیر)\s*(?:ال)?ربع", _AR, 45, True),
            (r"(?:الساعه\s*)?{h}\s*(?:الا|غیر)\s*(?:ال)?ثلث", _AR, 40, True),
            (r"الساعه\s*{h}", _AR, 0, False),
        ],
    }.get(lang, [])


_B = r"(?<![\w'])"  # no letter before
_E = r"(?![\w'])"  # no letter after


def _hour(word: str, table: dict[str, int]) -> int | None:
    word = _key(word)
    return int(word) if word.isdigit() else table.get(word)


def take_spoken_time(raw: str, lang: str) -> tuple[time | None, str]:
    """A clock time said in words ("halb zehn", "saat dokuz buçukta"), and the rest of `raw`.

    Hours 1-6 mean the afternoon (an office is closed at night), as in `wish._take_clock`.
    """
    folded = fold(raw)
    for pattern, table, minutes, next_hour in _rules(lang):
        words = _alt(table)
        regex = _B + pattern.format(h=rf"(?P<h>{words}|{_DIGITS})") + _E
        match = re.search(regex, folded)
        if not match:
            continue
        named = _hour(match.group("h"), table)
        if named is None or not 1 <= named <= 12:
            continue
        if named <= 6:
            named += 12
        hour = named - 1 if next_hour else named
        return time(hour % 24, minutes), raw[: match.start()] + " " + raw[match.end() :]
    return None, raw


# Relative days dateparser misses or misreads ("پس فردا" as tomorrow), in days from today.
_RELATIVE: dict[str, dict[str, int]] = {
    "ar": {
        **dict.fromkeys(("بعد بكرا", "بعد بكره", "بعد بكرة", "بعد غد", "بعد الغد"), 2),
        **dict.fromkeys(("ba3d bukra", "baad bukra", "ba3d bokra", "baad bokra"), 2),
        **dict.fromkeys(("بكرا", "بكره", "بكرة", "بكرى", "غدا", "غدوة", "الغد"), 1),
        **dict.fromkeys(("bukra", "bokra", "bukrah", "bokrah", "bukara"), 1),
    },
    "fa": {"پس فردا": 2, "پسفردا": 2, "فردا": 1},
    "tr": {"öbür gün": 2, "öbürgün": 2, "yarından sonra": 2, "ertesi gün": 2, "yarın": 1},
    "en": {"day after tomorrow": 2, "tmrw": 1, "tmr": 1, "tomorow": 1, "tommorow": 1},
    "de": {"übermorgen": 2, "uebermorgen": 2},
    "uk": {"післязавтра": 2, "завтра": 1},
    "ru": {"послезавтра": 2, "завтра": 1},
}


def take_relative_day(raw: str, lang: str, today: date) -> tuple[date | None, str]:
    """ "بكرا" -> tomorrow, "پس فردا" -> the day after; and the rest of `raw`."""
    table = {_key(k): v for k, v in _RELATIVE.get(lang, {}).items()}
    if not table:
        return None, raw
    match = re.search(_B + _alt(table) + _E, fold(raw))
    if not match:
        return None, raw
    offset = table[_key(match.group(0))]
    return today + timedelta(days=offset), raw[: match.start()] + " " + raw[match.end() :]


# Colloquial, dialect or misspelt weekdays -> the spelling dateparser knows.
_WEEKDAYS: dict[str, dict[str, str]] = {
    "de": {
        **dict.fromkeys(("mitwoch", "mittwoh", "mitwoh", "mittwochs", "mitwochs"), "mittwoch"),
        **dict.fromkeys(("dinstag", "dienstags", "dinstags"), "dienstag"),
        **dict.fromkeys(("donerstag", "donnerstags", "donerstags"), "donnerstag"),
        **dict.fromkeys(("montags", "mondag"), "montag"),
        **dict.fromkeys(("freitags", "freidag"), "freitag"),
    },
    "en": {
        **dict.fromkeys(("weds", "wed", "wednsday", "wensday", "wendsday"), "wednesday"),
        **dict.fromkeys(("thurs", "thur", "thu", "thursdy", "thirsday", "thrusday"), "thursday"),
        **dict.fromkeys(("tues", "tue", "tusday", "teusday"), "tuesday"),
        **dict.fromkeys(("mon", "monady"), "monday"),
        **dict.fromkeys(("fri", "firday"), "friday"),
    },
    "ar": {
        **dict.fromkeys(("الحد", "لحد", "الاحد"), "الأحد"),
        **dict.fromkeys(("الاتنين", "التنين", "لتنين", "الإتنين", "الثنين"), "الاثنين"),
        **dict.fromkeys(("التلات", "التلاتا", "التلاتاء", "الثلات", "لتلات"), "الثلاثاء"),
        **dict.fromkeys(("الاربع", "الاربعا", "الأربعا", "لاربعا", "الاربعاء"), "الأربعاء"),
        **dict.fromkeys(("الخميس", "لخميس", "الخمیس"), "الخميس"),
        **dict.fromkeys(("الجمعه", "الجمعة", "الجمعا"), "الجمعة"),
    },
    "fa": {
        **dict.fromkeys(("سشنبه", "سه شمبه", "سشمبه"), "سه\u200cشنبه"),
        **dict.fromkeys(("چارشنبه", "چار شنبه", "چارشمبه", "چهارشمبه", "چهار شمبه"), "چهارشنبه"),
        **dict.fromkeys(("دوشمبه", "دو شمبه"), "دوشنبه"),
        **dict.fromkeys(("یکشمبه", "یک شمبه"), "یکشنبه"),
        **dict.fromkeys(("پنجشمبه", "پنج شمبه"), "پنجشنبه"),
        "شمبه": "شنبه",
    },
    "tr": {
        "sali": "salı",
        "persembe": "perşembe",
        "pzt": "pazartesi",
        "cts": "cumartesi",
        "cmt": "cumartesi",
        "cumaertesi": "cumartesi",
    },
    "ru": {"пн": "понедельник", "вт": "вторник", "ср": "среда", "чт": "четверг", "пт": "пятница"},
    "uk": {"пн": "понеділок", "вт": "вівторок", "ср": "середа", "чт": "четвер", "пт": "п'ятниця"},
}


def canonical_weekdays(raw: str, lang: str) -> str:
    """`raw` with colloquial weekdays spelled as dateparser knows them ("mitwoch" -> "mittwoch")."""
    table = {_key(k): v for k, v in _WEEKDAYS.get(lang, {}).items()}
    if not table:
        return raw
    regex = re.compile(_B + _alt(table) + _E)
    out: list[str] = []
    last = 0
    for match in regex.finditer(fold(raw)):
        out += [raw[last : match.start()], table[_key(match.group(0))]]
        last = match.end()
    return "".join(out) + raw[last:]
