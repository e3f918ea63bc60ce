"""Understand a wished time in free text: "next Tuesday morning", "الثلاثاء القادم".

Why `dateparser` plus a little help: it knows weekdays, month names and relative
days in all our languages, but reads "Montag 9 Uhr" as 9 November and "سه شنبه"
(with a space) as Saturday. So the clock time and the part of the day are taken
out first (small word lists below), the digits are folded to ASCII, and only the
rest goes to `dateparser`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from dateparser.search import search_dates

from bot.booking.calendar import CalendarConfig, Slot
from bot.booking.wish_words import canonical_weekdays, take_relative_day, take_spoken_time
from bot.language.normalize import fold_digits

MORNING = "morning"
AFTERNOON = "afternoon"

# Words for the part of the day, per language (lower case, matched as substrings).
DAY_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {MORNING: ("vormittag", "morgens", "früh"), AFTERNOON: ("nachmittag", "mittags")},
    "en": {MORNING: ("morning",), AFTERNOON: ("afternoon",)},
    "ar": {MORNING: ("صباح", "الصبح", "بدري"), AFTERNOON: ("بعد الظهر", "العصر", "مساء")},
    "fa": {MORNING: ("صبح",), AFTERNOON: ("بعدازظهر", "بعد از ظهر", "عصر", "ظهر")},
    "uk": {
        MORNING: ("ранку", "вранці", "зранку", "ранок"),
        AFTERNOON: ("після обіду", "по обіді", "вдень"),
    },
    "ru": {MORNING: ("утром", "утра", "утро"), AFTERNOON: ("после обеда", "днём", "днем")},
    "tr": {MORNING: ("sabah",), AFTERNOON: ("öğleden sonra", "ogleden sonra", "öğlen", "öğle")},
}
# Words that introduce a clock time ("um 10", "at 10", "saat 10", "ساعت ۱۰", "в 11").
_AT = r"(?:um|at|saat|ساعت|الساعة|الساعه|o|о|об|в|на)"
_CLOCK = re.compile(r"\b([01]?\d|2[0-3])\s*[:h]\s*([0-5]\d)\b")
_DOTTED = re.compile(r"\b([01]?\d|2[0-3])\.([0-5]\d)\s*(?:uhr|h)\b")
_MARKED = re.compile(r"\b([01]?\d|2[0-3])\s*(uhr|h|am|pm|o'?clock)\b")
_AFTER_WORD = re.compile(rf"(?:^|\s){_AT}\s+([01]?\d|2[0-3])(?![\d.:/])")
# Persian weekdays are often typed with a space instead of the half-space.
_FA_WEEKDAYS = re.compile(r"(یک|دو|سه|چهار|پنج)\s+شنبه")
# Words dateparser stumbles over, replaced before parsing ("يوم 25 نوفمبر" -> "25 نوفمبر";
# Ukrainian genitive weekdays as in "наступного вівторка").
_REWRITES: dict[str, tuple[tuple[str, str], ...]] = {
    "ar": (("يوم", " "), ("القادم", " "), ("الجاي", " "), ("الجاية", " ")),
    "uk": (
        ("понеділка", "понеділок"),
        ("вівторка", "вівторок"),
        ("середи", "середа"),
        ("четверга", "четвер"),
        ("п'ятниці", "п'ятниця"),
        ("пʼятниці", "п'ятниця"),
    ),
}
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?\b\.?")


@dataclass(frozen=True)
class Wish:
    day: date | None = None
    at: time | None = None
    part: str | None = None

    @property
    def understood(self) -> bool:
        return bool(self.day or self.at or self.part)


def _take_clock(text: str) -> tuple[time | None, str]:
    for pattern in (_CLOCK, _DOTTED):
        match = pattern.search(text)
        if match:
            found = time(int(match.group(1)), int(match.group(2)))
            return found, text[: match.start()] + " " + text[match.end() :]
    match = _MARKED.search(text)
    if match:
        hour = int(match.group(1))
        if match.group(2) == "pm" and hour < 12:
            hour += 12
        return time(hour, 0), text[: match.start()] + " " + text[match.end() :]
    match = _AFTER_WORD.search(text)
    if match:
        hour = int(match.group(1))
        if 1 <= hour <= 6:  # "um 2" at an office means 14:00
            hour += 12
        return time(hour, 0), text[: match.start()] + " " + text[match.end() :]
    return None, text


# A lone hour of an office day ("can we do 11 instead?"), not part of a date, a clock time
# or a phone number. Read only where the person asks to change the time (the summary):
# elsewhere a lone number is too often something else.
_BARE_HOUR = re.compile(r"(?<![\d.:/])\b(0?[7-9]|1\d)\b(?![.:/]?\d)")


def part_of_day(at: time) -> str:
    """Morning before noon, afternoon from noon on."""
    return MORNING if at < time(12) else AFTERNOON


def bare_hour(text: str) -> Wish | None:
    """The hour of "can we do 11 instead?", "лучше в 14?", "۱۱ بهتره" (7 to 19 o'clock),
    as a wish without a day."""
    match = _BARE_HOUR.search(fold_digits(text))
    if not match:
        return None
    at = time(int(match.group(1)), 0)
    return Wish(None, at, part_of_day(at))


def _take_part(text: str, lang: str) -> str | None:
    for part, words in DAY_PARTS.get(lang, {}).items():
        if any(word in text for word in words):
            return part
    return None


def parse_wish(
    text: str, lang: str, now: datetime, horizon_days: int = 60, *, strict: bool = False
) -> Wish:
    """The day, clock time and part of the day a user asked for (each may be missing).

    `strict` for text that is not an answer to "when?" (a whole booking request): then
    dateparser's short matches ("die" read as Dienstag, "mar") do not count as days."""
    raw = fold_digits(text).lower().strip()
    if not raw or raw.startswith("/"):
        return Wish()
    part = _take_part(raw, lang)
    at, rest = None, raw
    if not (_CLOCK.search(raw) or _DOTTED.search(raw)):
        # "halb zehn", "saat 9 buçukta", "تسعة الا ربع" (bot/booking/wish_words.py)
        at, rest = take_spoken_time(raw, lang)
    if at is None:
        at, rest = _take_clock(raw)
    if at is not None and part is None:
        part = part_of_day(at)
    relative, rest = take_relative_day(rest, lang, now.date())
    rest = canonical_weekdays(rest, lang)
    rest = _FA_WEEKDAYS.sub(lambda m: m.group(1) + "\u200cشنبه", rest)
    for old, new in _REWRITES.get(lang, ()):
        rest = rest.replace(old, new)
    day = (
        relative
        or _numeric_day(rest, now.date())
        or _find_day(rest, lang, now, horizon_days, shortest=4 if strict else 1)
    )
    return Wish(day, at, part)


def _numeric_day(text: str, today: date) -> date | None:
    """ "3.12." or "3/12/2026": day first, as everywhere in our languages but English."""
    match = _NUMERIC_DATE.search(text)
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    year = int(match.group(3)) if match.group(3) else today.year
    if year < 100:
        year += 2000
    try:
        found = date(year, month, day)
        if not match.group(3) and found < today:
            found = date(year + 1, month, day)
    except ValueError:
        return None
    return found


def _find_day(
    text: str, lang: str, now: datetime, horizon_days: int, shortest: int = 1
) -> date | None:
    if not re.search(r"\w", text):
        return None
    today = now.date()
    base = datetime.combine(today, time())
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY"}
    try:
        found = search_dates(text, languages=[lang], settings=settings) or []
    except Exception:  # dateparser raises on a few odd inputs; no date is the honest answer
        return None
    for matched, moment in found:
        if not re.search(r"[^\d\s.,:/-]", matched):
            continue  # bare numbers ("25", "0151 234") are not dates
        if len(matched.strip()) < shortest:
            continue
        day: date = moment.date()
        if today <= day <= today + timedelta(days=horizon_days):
            return day
    return None


def nearest(slots: list[Slot], wish: Wish, tz: tzinfo, limit: int) -> list[Slot]:
    """The free slots closest to the wish: its day first, then its part of the day and time."""
    if not slots:
        return []
    first_day = slots[0].start.astimezone(tz).date()
    anchor = wish.day or first_day

    def key(slot: Slot) -> tuple[int, int, int, datetime]:
        local = slot.start.astimezone(tz)
        minutes = local.hour * 60 + local.minute
        part = part_of_day(local.time())
        return (
            abs((local.date() - anchor).days),
            0 if wish.part in (None, part) else 1,
            abs(minutes - (wish.at.hour * 60 + wish.at.minute)) if wish.at else 0,
            slot.start,
        )

    return sorted(slots, key=key)[:limit]


def closed_on(config: CalendarConfig, service: str, day: date) -> bool:
    """True when the service has no opening hours that day (weekend, holiday, closed day)."""
    return not config.hours_on(service, day)


def outside_hours(config: CalendarConfig, service: str, day: date, at: time) -> bool:
    """True when the service is open that day, but not at that time ("um 18 Uhr")."""
    ranges = config.hours_on(service, day)
    return bool(ranges) and not any(start <= at < end for start, end in ranges)
