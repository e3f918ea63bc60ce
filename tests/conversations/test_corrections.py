"""Pattern 3: "no, not X, I mean Y" after an answer about X gets the answer about Y."""

from __future__ import annotations

import pytest

from tests.conversations.seen import answered, opening, reads_as
from tests.test_stack import Chat, Stack, texts

pytestmark = pytest.mark.stack


@pytest.mark.parametrize(
    ("lang", "citizenship", "correction"),
    [
        (
            "en",
            "how do i become a german citizen?",
            "no, not citizenship, my permit runs out soon, I want to extend it",
        ),
        (
            "fa",
            "چطور میتونم تابعیت آلمان بگیرم؟",
            "نه، تابعیت نمیخوام، اقامتم داره تموم میشه، میخوام تمدیدش کنم",
        ),
        (
            "ar",
            "كيف بقدر آخد الجنسية الألمانية؟",
            "لا مش الجنسية، إقامتي رح تخلص وبدي جددها",
        ),
        (
            "uk",
            "Як отримати німецьке громадянство?",
            "ні, не громадянство, в мене закінчується дозвіл на проживання, хочу його продовжити",
        ),
        (
            "tr",
            "Alman vatandaşı nasıl olurum?",
            "hayır vatandaşlık değil, oturma iznim bitiyor, uzatmak istiyorum",
        ),
        (
            "ru",
            "как получить немецкое гражданство?",
            "нет, не гражданство, у меня заканчивается вид на жительство, хочу продлить",
        ),
    ],
)
def test_not_citizenship_but_extending_the_permit(
    stack: Stack, lang: str, citizenship: str, correction: str
) -> None:
    chat = Chat(stack)
    first = chat.say(citizenship)
    answered(first, "utter_naturalization", lang)
    corrected = chat.say(correction)
    reads_as(corrected, lang)
    answered(corrected, "utter_residence_permit", lang)
    assert opening("utter_naturalization", lang) not in texts(corrected)
