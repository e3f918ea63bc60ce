"""Pattern 7: the same answer never twice in a row; unclear messages get "Do you mean …?";
a question about a deadline never starts deleting the person's data."""

from __future__ import annotations

import pytest

from tests.conversations.seen import answered, opening, reads_as
from tests.test_stack import Chat, Stack, payloads, texts

pytestmark = pytest.mark.stack


@pytest.mark.parametrize(
    ("lang", "first", "again", "topic", "service"),
    [
        (
            "en",
            "how can my wife come to germany?",
            "how can my wife come to germany?",
            "utter_family_reunification",
            "foreigners_office",
        ),
        (
            "fa",
            "چطور خانواده‌ام رو بیارم آلمان؟",
            "چطور خانواده‌ام رو بیارم آلمان؟",
            "utter_family_reunification",
            "foreigners_office",
        ),
        (
            "ar",
            "كيف بجيب عيلتي على ألمانيا؟",
            "طيب كيف بجيب عيلتي لهون؟",
            "utter_family_reunification",
            "foreigners_office",
        ),
        (
            "en",
            "how long do I have to complain about discrimination? deadline?",
            "what is the deadline for a discrimination complaint?",
            "utter_discrimination",
            "integration_commissioner",
        ),
    ],
)
def test_the_same_question_again_asks_what_is_missing(
    stack: Stack, lang: str, first: str, again: str, topic: str, service: str
) -> None:
    chat = Chat(stack)
    answered(chat.say(first), topic, lang)
    second = chat.say(again)
    reads_as(second, lang)
    assert opening(topic, lang) not in texts(second)  # not the same block again
    assert opening("utter_not_again", lang) in texts(second)
    assert f'/request_human{{"service": "{service}"}}' in payloads(second)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "i got a letter from the office and i dont understand it"),
        ("ar", "وصلتني ورقة من المكتب وما فهمت شو بدهم"),
        ("fa", "یه نامه از اداره برام اومده نمیفهمم چی میخوان"),
        ("uk", "мені прийшов лист з офісу, я не розумію що там"),
        ("tr", "ofisten bir mektup geldi anlamadım"),
    ],
)
def test_an_unclear_message_gets_do_you_mean_buttons(stack: Stack, lang: str, message: str) -> None:
    answer = Chat(stack).say(message)
    reads_as(answer, lang)
    assert opening("utter_clarify", lang) in texts(answer)
    choices = [p for p in payloads(answer) if not p.startswith("/request_human")]
    assert 1 <= len(choices) <= 3
    assert any(p.startswith("/request_human") for p in payloads(answer))


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("en", "what is the deadline for a discrimination complaint?"),
        ("fa", "مهلت شکایت برای تبعیض تا کیه؟"),
        ("ar", "شو آخر مهلة لقدم شكوى تمييز؟"),
        ("uk", "Який строк подати скаргу на дискримінацію?"),
        ("tr", "ayrımcılık şikayeti için son tarih ne zaman?"),
        ("ru", "до какого срока можно подать жалобу на дискриминацию?"),
    ],
)
def test_a_deadline_for_a_complaint_never_asks_to_delete_data(
    stack: Stack, lang: str, question: str
) -> None:
    answer = Chat(stack).say(question)
    reads_as(answer, lang)
    assert opening("utter_delete_my_data", lang) not in texts(answer)
    assert payloads(answer) != ["/affirm", "/deny"]
    answered(answer, "utter_discrimination", lang)
