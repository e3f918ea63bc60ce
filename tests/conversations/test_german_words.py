"""Pattern 1: German office words inside another language keep the conversation's language."""

from __future__ import annotations

import pytest

from tests.conversations.seen import answered, opened, reads_as
from tests.test_stack import Chat, Stack

pytestmark = pytest.mark.stack


@pytest.mark.parametrize(
    ("lang", "hello", "question", "topic"),
    [
        (
            "en",
            "hi there",
            "hey, where do i get this Fiktionsbescheinigung? my permit ends in 3 weeks",
            "utter_residence_permit",
        ),
        (
            "fa",
            "سلام",
            "من Aufenthaltserlaubnis دارم، میتونم Ausbildung شروع کنم؟",
            "utter_apprenticeship",
        ),
        (
            "ar",
            "مرحبا",
            "وين بقدر أطلب Aufenthaltserlaubnis جديدة؟ تبعي قربت تخلص",
            "utter_residence_permit",
        ),
        (
            "uk",
            "Добрий день",
            "де мені отримати Fiktionsbescheinigung? Мій дозвіл закінчується",
            "utter_residence_permit",
        ),
        (
            "ru",
            "Здравствуйте",
            "где находится Ausländerbehörde? мне туда с документами",
            "utter_location",
        ),
        ("tr", "Merhaba", "Jobcenter bana Bürgergeld verir mi?", "utter_benefits"),
    ],
)
def test_a_german_office_word_does_not_switch_the_conversation(
    stack: Stack, lang: str, hello: str, question: str, topic: str
) -> None:
    chat = opened(stack, lang, hello)
    answer = chat.say(question)
    reads_as(answer, lang)
    answered(answer, topic, lang)


@pytest.mark.parametrize(
    ("lang", "question", "topic"),
    [
        ("fa", "سلام، Integrationskurs برای من رایگان است؟", "utter_language_course"),
        (
            "ru",
            "Здравствуйте, мне нужна Meldebescheinigung для Ausländerbehörde, что принести?",
            "utter_required_documents",
        ),
        ("tr", "Aufenthaltserlaubnis uzatmak için ne yapmalıyım?", "utter_residence_permit"),
    ],
)
def test_a_first_message_with_german_words_is_answered_in_the_persons_language(
    stack: Stack, lang: str, question: str, topic: str
) -> None:
    answer = Chat(stack).say(question)
    reads_as(answer, lang)
    answered(answer, topic, lang)
