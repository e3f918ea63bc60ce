"""The contact step's words: a name without "I'm", a phone or e-mail, a refusal in words."""

from __future__ import annotations

import pytest

from bot.booking.contact import Contact, parse_contact, refuses_contact


@pytest.mark.parametrize(
    ("text", "name", "reach"),
    [
        ("I'm Ahmad Karimi, 0176 1234567", "Ahmad Karimi", "0176 1234567"),
        ("I’m Ahmad Karimi, my number is 0176 1234567", "Ahmad Karimi", "0176 1234567"),
        ("Ich bin Ahmad Karimi, meine Nummer ist 0176 1234567", "Ahmad Karimi", "0176 1234567"),
        ("меня зовут Олена Коваль, +49 151 1234567", "Олена Коваль", "+49 151 1234567"),
        ("Мене звати Оксана, телефон 0157 7654321", "Оксана", "0157 7654321"),
        ("benim adım Mehmet Yılmaz 0157 1234567", "Mehmet Yılmaz", "0157 1234567"),
        ("اسمي أحمد كريمي ٠١٧٦١٢٣٤٥٦٧", "أحمد كريمي", "01761234567"),
        ("اسم من احمد کریمی است، ۰۱۷۶۱۲۳۴۵۶۷", "احمد کریمی", "01761234567"),
        ("من احمد کریمی هستم، ۰۱۷۶۱۲۳۴۵۶۷", "احمد کریمی", "01761234567"),
        ("olena@example.org", None, "olena@example.org"),
    ],
)
def test_the_name_is_kept_without_the_introduction(text: str, name: str, reach: str) -> None:
    assert parse_contact(text) == Contact(name, reach)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ahmad Karimi", "Ahmad Karimi"),
        ("my name is Ali", "Ali"),
        ("Ich bin Ahmad Karimi", "Ahmad Karimi"),
        ("меня зовут олена", "олена"),
        ("Мене звати Олена Коваль", "Олена Коваль"),
        ("benim adım Ayşe", "Ayşe"),
        ("اسمي أحمد", "أحمد"),
        ("اسم من احمد کریمی است", "احمد کریمی"),
    ],
)
def test_a_name_alone_is_a_name(text: str, name: str) -> None:
    contact = parse_contact(text)
    assert contact == Contact(name, None)
    assert contact.as_text() == name


@pytest.mark.parametrize(
    "text",
    ["Guten Tag", "no thanks", "ahmad", "Hallo", "я не понимаю", "من نمیدونم", "Where is it?"],
)
def test_other_answers_are_no_name(text: str) -> None:
    assert parse_contact(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "kein Telefon bitte",
        "nein, ohne Kontakt",
        "no phone please",
        "I'd rather not",
        "нет, без контактов",
        "лучше не надо",
        "без телефону",
        "не хочу залишати номер",
        "telefon vermek istemiyorum",
        "gerek yok",
        "لا ما بدي أعطي رقمي",
        "بدون رقم",
        "شماره نمی‌دم",
        "لازم نیست",
    ],
)
def test_a_refusal_in_words_is_understood_in_every_language(text: str) -> None:
    assert refuses_contact(text)


@pytest.mark.parametrize(
    "text",
    [
        "stop",
        "abbrechen",
        "I don't want an appointment anymore",
        "Ich will keinen Termin mehr",
        "не хочу записываться, отмените запись",
        "randevu istemiyorum",
        "ما بدي موعد",
        "Ahmad Karimi, 0176 1234567",
        "kein Telefon, aber schreiben Sie an a@example.org",
        "I don't understand",
    ],
)
def test_stopping_the_booking_or_giving_a_contact_is_no_refusal(text: str) -> None:
    assert not refuses_contact(text)
