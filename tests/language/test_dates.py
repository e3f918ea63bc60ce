"""Dates on buttons read as babel writes them in each language."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from babel.dates import format_skeleton

from bot.language.i18n import babel_locale, fmt_day, native_digits
from bot.language.supported import SUPPORTED

DAYS = [date(2026, 12, 7), date(2027, 3, 4), date(2028, 2, 29)]


@pytest.mark.parametrize("lang", sorted(SUPPORTED))
def test_a_short_day_is_babels_skeleton_in_the_persons_language(lang: str) -> None:
    for day in DAYS:
        expected = format_skeleton(
            "EEEdMMM", datetime.combine(day, time()), locale=babel_locale(lang)
        )
        assert fmt_day(day, lang, short=True) == native_digits(expected, lang)


def test_short_days_name_the_weekday_and_the_day() -> None:
    assert fmt_day(date(2027, 3, 4), "de", short=True) == "Do., 4. März"
    assert fmt_day(date(2027, 3, 4), "en", short=True) == "Thu, Mar 4"
    assert "۴" in fmt_day(date(2027, 3, 4), "fa", short=True)  # Persian digits
