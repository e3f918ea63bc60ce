"""Times in words, dialect relative days and colloquial weekdays, in every language."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.booking.wish import AFTERNOON, MORNING, Wish, parse_wish

# Saturday 21 November 2026, afternoon: tomorrow is Sunday 22, the day after Monday 23.
NOW = datetime(2026, 11, 21, 15, 0)
SUN, MON, TUE, WED, THU = (date(2026, 11, d) for d in (22, 23, 24, 25, 26))


@pytest.mark.parametrize(
    ("lang", "text", "at"),
    [
        ("de", "um Viertel nach neun", time(9, 15)),
        ("de", "halb zehn", time(9, 30)),
        ("de", "Viertel vor elf", time(10, 45)),
        ("de", "um neun", time(9, 0)),
        ("de", "halb zwei", time(13, 30)),
        ("en", "quarter past nine", time(9, 15)),
        ("en", "half past ten", time(10, 30)),
        ("en", "quarter to eleven", time(10, 45)),
        ("en", "at nine", time(9, 0)),
        ("en", "at two o'clock", time(14, 0)),
        ("uk", "о пів на десяту", time(9, 30)),
        ("uk", "о десятій", time(10, 0)),
        ("uk", "за чверть одинадцята", time(10, 45)),
        ("ru", "в половине десятого", time(9, 30)),
        ("ru", "полдесятого", time(9, 30)),
        ("ru", "без четверти одиннадцать", time(10, 45)),
        ("ru", "в десять", time(10, 0)),
        ("tr", "saat dokuz buçukta", time(9, 30)),
        ("tr", "dokuzu çeyrek geçe", time(9, 15)),
        ("tr", "ona çeyrek kala", time(9, 45)),
        ("tr", "saat onda", time(10, 0)),
        ("tr", "saat 9 bucukta", time(9, 30)),
        ("fa", "ساعت نه و نیم", time(9, 30)),
        ("fa", "ساعت ده", time(10, 0)),
        ("fa", "ربع به یازده", time(10, 45)),
        ("fa", "ساعت ۹ و نیم", time(9, 30)),
        ("ar", "الساعة تسعة ونص", time(9, 30)),
        ("ar", "تسعة الا ربع", time(8, 45)),
        ("ar", "الساعة عشرة", time(10, 0)),
        ("ar", "الساعة التاسعة والنصف", time(9, 30)),
        ("ar", "عشرة وربع", time(10, 15)),
    ],
)
def test_clock_times_in_words(lang: str, text: str, at: time) -> None:
    wish = parse_wish(text, lang, NOW)
    assert (wish.day, wish.at) == (None, at)
    assert wish.part == (MORNING if at < time(12) else AFTERNOON)


@pytest.mark.parametrize(
    ("lang", "text", "day"),
    [
        ("ar", "bukra", SUN),
        ("ar", "بكرا", SUN),
        ("ar", "بكره", SUN),
        ("ar", "بعد بكرا", MON),
        ("fa", "فردا", SUN),
        ("fa", "پس فردا", MON),
        ("fa", "پس\u200cفردا", MON),
        ("ru", "завтра", SUN),
        ("ru", "послезавтра", MON),
        ("uk", "післязавтра", MON),
        ("tr", "yarın", SUN),
        ("tr", "öbür gün", MON),
        ("de", "übermorgen", MON),
        ("de", "mitwoch", WED),
        ("en", "tues", TUE),
        ("en", "weds", WED),
        ("en", "thurs", THU),
        ("ar", "الحد", SUN),
        ("ar", "التلات", TUE),
        ("ar", "يوم التلات", TUE),
        ("ar", "الاتنين", MON),
        ("ar", "الاربعا", WED),
        ("fa", "سشنبه", TUE),
        ("fa", "چارشنبه", WED),
        ("fa", "پنجشنبه", THU),
        ("fa", "دوشمبه", MON),
        ("tr", "sali", TUE),
        ("tr", "persembe", THU),
        ("ru", "в ср", WED),
        ("uk", "у вт", TUE),
    ],
)
def test_relative_days_and_colloquial_weekdays(lang: str, text: str, day: date) -> None:
    assert parse_wish(text, lang, NOW).day == day


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ar", "بكرا الصبح", Wish(SUN, None, MORNING)),
        ("de", "morgen früh", Wish(SUN, None, MORNING)),
        ("de", "mitwoch um halb zehn", Wish(WED, time(9, 30), MORNING)),
        ("de", "übermorgen um viertel nach neun", Wish(MON, time(9, 15), MORNING)),
        ("fa", "پس فردا ساعت ده", Wish(MON, time(10), MORNING)),
        ("tr", "öbür gün saat onda", Wish(MON, time(10), MORNING)),
        ("ar", "بعد بكرا الساعة تسعة ونص", Wish(MON, time(9, 30), MORNING)),
        ("ru", "в четверг в половине десятого", Wish(THU, time(9, 30), MORNING)),
        ("uk", "у четвер о пів на десяту", Wish(THU, time(9, 30), MORNING)),
        ("en", "tues at quarter past nine", Wish(TUE, time(9, 15), MORNING)),
    ],
)
def test_days_and_times_together(lang: str, text: str, expected: Wish) -> None:
    assert parse_wish(text, lang, NOW) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fa", "نه"),  # "no", also the word for nine
        ("fa", "نه ممنون"),
        ("ar", "لا شكرا"),
        ("tr", "on"),
        ("en", "one more question"),
        ("de", "ein Termin bitte"),
        ("ru", "да"),
    ],
)
def test_number_words_alone_are_no_time(lang: str, text: str) -> None:
    assert parse_wish(text, lang, NOW).at is None
