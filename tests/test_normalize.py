from __future__ import annotations

from bot.language.normalize import normalise


def test_arabic_and_persian_letter_variants_fold_to_one_form() -> None:
    assert normalise("كيف") == normalise("کیف")
    assert normalise("مدرسة") == normalise("مدرسه")
    assert normalise("أريد") == normalise("اريد")


def test_persian_half_space_and_tatweel_do_not_matter() -> None:
    assert normalise("می\u200cخواهم") == normalise("میخواهم")
    assert normalise("مـــوعد") == normalise("موعد")


def test_arabic_diacritics_are_removed() -> None:
    assert normalise("مَوْعِد") == normalise("موعد")


def test_eastern_digits_become_ascii() -> None:
    assert normalise("٢٤") == "24"
    assert normalise("۲۴") == "24"


def test_latin_and_cyrillic_are_lower_cased() -> None:
    assert normalise("Termin ЁЛКА") == "termin елка"

