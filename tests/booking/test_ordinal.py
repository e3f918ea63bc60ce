"""A typed choice among the offered times: "the first one", "второе", "اولی رو میخوام"."""

from __future__ import annotations

import pytest

from bot.booking.ordinal import ordinal_choice

CHOICES = {
    "the first one": 1,
    "The 2nd please": 2,
    "den Zweiten bitte": 2,
    "der erste": 1,
    "первое": 1,
    "давайте второе": 2,
    "перший": 1,
    "третій": 3,
    "п’яте": 5,
    "İlki olsun": 1,
    "ikinci": 2,
    "الأول": 1,
    "بدي الثاني": 2,
    "اولی رو میخوام": 1,
    "دومی": 2,
}
NOT_CHOICES = [
    "am zweiten Dezember",
    "second week of december",
    "второе декабря",
    "другое время",
    "the first time I come here",
    "erste Termin morgen",
    "اول صبح",
    "ilk defa geliyorum",
    "2",
    "hallo",
    "",
    "first or second",
]


@pytest.mark.parametrize(("text", "place"), CHOICES.items())
def test_a_short_ordinal_names_a_place(text: str, place: int) -> None:
    assert ordinal_choice(text) == place


@pytest.mark.parametrize("text", NOT_CHOICES)
def test_dates_wishes_and_other_words_are_no_choice(text: str) -> None:
    assert ordinal_choice(text) is None
