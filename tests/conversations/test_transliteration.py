"""Pattern 8: Latin-script Ukrainian and Russian, Arabizi and Finglish are understood."""

from __future__ import annotations

import pytest

from tests.conversations.seen import answered, reads_as
from tests.test_stack import Chat, Stack, texts

pytestmark = pytest.mark.stack

UNSUPPORTED = "Deutsch, English, العربية"  # the bilingual "I can only write in …" notice


@pytest.mark.parametrize(
    ("lang", "message", "topic"),
    [
        ("ar", "marhaba, kif bjadded el i2ame taba3i?", "utter_residence_permit"),
        ("ar", "shu lazem a3mel la2akhod el jinsiye el almaniye?", "utter_naturalization"),
        ("ar", "wen maktab el ajaneb?", "utter_location"),
        ("fa", "salam, chetori mitunam eghamatam ro tamdid konam?", "utter_residence_permit"),
        ("fa", "baraye kelas zaban almani koja sabtenam konam?", "utter_language_course"),
        ("ru", "gde mozhno najti kursy nemeckogo yazyka?", "utter_language_course"),
        ("ru", "kak poluchit nemeckoe grazhdanstvo?", "utter_naturalization"),
        ("uk", "chy vyznayut tut miy dyplom medsestry?", "utter_recognition"),
    ],
)
def test_a_question_in_latin_letters_gets_the_topics_answer_in_the_persons_script(
    stack: Stack, lang: str, message: str, topic: str
) -> None:
    answer = Chat(stack).say(message)
    reads_as(answer, lang)  # the answer comes in Arabic, Persian or Cyrillic letters
    answered(answer, topic, lang)
    assert UNSUPPORTED not in texts(answer)
