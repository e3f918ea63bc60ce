"""Pattern 2: a greeting or thanks with a question gets both; a second need becomes a button."""

from __future__ import annotations

import pytest

from tests.conversations.seen import answered, opening, reads_as
from tests.test_stack import Chat, Stack, payloads, texts

pytestmark = pytest.mark.stack


@pytest.mark.parametrize(
    ("lang", "message", "topic", "second"),
    [
        (
            "en",
            "hello! i want to find a job here, and is there a free german course too?",
            "utter_job_search",
            "/ask_language_course",
        ),
        (
            "tr",
            "merhaba, iş arıyorum. bir de ücretsiz almanca kursu var mı?",
            "utter_language_course",
            "/ask_job_search",
        ),
        (
            "fa",
            "سلام وقت بخیر. دنبال کار هستم، کلاس زبان آلمانی هم هست؟",
            "utter_language_course",
            "/ask_job_search",
        ),
        (
            "uk",
            "Добрий день! Шукаю роботу, а ще чи є безкоштовні курси німецької?",
            "utter_language_course",
            "/ask_job_search",
        ),
        (
            "ru",
            "Здравствуйте! Хочу подтвердить свой диплом медсестры. И еще где найти работу?",
            "utter_recognition",
            "/ask_job_search",
        ),
    ],
)
def test_greeting_and_two_needs_greets_answers_and_offers_the_other_need(
    stack: Stack, lang: str, message: str, topic: str, second: str
) -> None:
    answer = Chat(stack).say(message)
    reads_as(answer, lang)
    first = answer["messages"][0]["text"]
    assert first == opening("utter_greet_back", lang)  # a short hello, not the welcome text
    answered(answer, topic, lang)
    assert second in payloads(answer)
    assert opening("utter_also_asked", lang) in texts(answer)


@pytest.mark.parametrize(
    ("lang", "message", "topic"),
    [
        ("en", "thanks a lot! and how can I get German citizenship?", "utter_naturalization"),
        ("fa", "ممنون! برای شهروندی آلمان چه کار باید بکنم؟", "utter_naturalization"),
        (
            "ar",
            "شكرا كتير! طيب كيف بقدر اجيب مرتي وولادي لعندي على ألمانيا؟",
            "utter_family_reunification",
        ),
        ("ru", "спасибо большое! а как перевезти сюда жену и детей?", "utter_family_reunification"),
    ],
)
def test_thanks_and_a_question_thanks_back_and_answers(
    stack: Stack, lang: str, message: str, topic: str
) -> None:
    answer = Chat(stack).say(message)
    reads_as(answer, lang)
    assert answer["messages"][0]["text"] == opening("utter_thanks_back", lang)
    answered(answer, topic, lang)


@pytest.mark.parametrize(
    ("lang", "message", "topic"),
    [
        ("ar", "مرحبا، بدي جدد إقامتي، شو لازم أعمل؟", "utter_residence_permit"),
        ("fa", "سلام خسته نباشید، مدرک دانشگاهیم رو چطوری اینجا تایید کنم؟", "utter_recognition"),
        ("tr", "selam, vatandaşlık için kaç yıl beklemem lazım?", "utter_naturalization"),
        ("uk", "привіт, хочу бути волонтером і допомагати іншим", "utter_volunteering"),
    ],
)
def test_greeting_and_a_question_greets_back_and_answers(
    stack: Stack, lang: str, message: str, topic: str
) -> None:
    answer = Chat(stack).say(message)
    reads_as(answer, lang)
    assert answer["messages"][0]["text"] == opening("utter_greet_back", lang)
    answered(answer, topic, lang)
