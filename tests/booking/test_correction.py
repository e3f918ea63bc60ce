"""A correction at the booking's summary names the part to ask again, in every language."""

from __future__ import annotations

import pytest

from bot.booking.correction import correction


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("another time please", "time"),
        ("other day", "time"),
        ("lieber eine andere Uhrzeit", "time"),
        ("поменяйте время", "time"),
        ("змініть час, будь ласка", "time"),
        ("başka saat", "time"),
        ("başka bir gün olur mu", "time"),
        ("وقت آخر", "time"),
        ("وقت دیگه", "time"),
        ("another phone number", "contact"),
        ("другой номер телефона", "contact"),
        ("شماره دیگه", "contact"),
        ("anderes Anliegen", "concern"),
        ("falsches Amt", "service"),
    ],
)
def test_a_correction_names_its_part(text: str, part: str) -> None:
    assert correction(text) == part


def test_a_wished_day_with_a_change_word_changes_the_time() -> None:
    assert correction("lieber Donnerstag", names_a_time=True) == "time"
    assert correction("nein, Freitag", names_a_time=True, said_no=True) == "time"


@pytest.mark.parametrize("text", ["yes", "ja, bitte", "да", "evet", "نعم", "بله", "no", "nein"])
def test_yes_and_no_are_no_correction(text: str) -> None:
    assert correction(text, said_no=text in ("no", "nein")) is None
