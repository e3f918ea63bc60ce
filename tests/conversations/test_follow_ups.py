"""Pattern 4: follow-ups ("what do I bring for that?", "when is it open?") stay on the topic."""

from __future__ import annotations

import pytest

from tests.conversations.seen import answered, opening, reads_as
from tests.test_stack import Chat, Stack, payloads, texts

pytestmark = pytest.mark.stack

# (language, first question, its answer, the concern's booking key, its service)
CONVERSATIONS = {
    "en-course": (
        "en",
        "are there german courses for me?",
        "utter_language_course",
        "language_course",
        "migration_centre",
    ),
    "fa-recognition": (
        "fa",
        "مدرک مهندسیم از ایران رو اینجا قبول میکنن؟",
        "utter_recognition",
        "recognition",
        "migration_centre",
    ),
    "ar-discrimination": (
        "ar",
        "في حدا بالشغل عم يتمسخر علي لأني أجنبي، شو بعمل؟",
        "utter_discrimination",
        "discrimination",
        "integration_commissioner",
    ),
    "uk-recognition": (
        "uk",
        "Чи визнають тут мій диплом вчительки з України?",
        "utter_recognition",
        "recognition",
        "migration_centre",
    ),
    "tr-course": (
        "tr",
        "Hangi Almanca kursuna gidebilirim?",
        "utter_language_course",
        "language_course",
        "migration_centre",
    ),
    "ru-discrimination": (
        "ru",
        "меня на работе оскорбляют из-за того что я иностранка, куда обратиться?",
        "utter_discrimination",
        "discrimination",
        "integration_commissioner",
    ),
}

BRING = {
    "en-course": "and what do I need to bring for that?",
    "fa-recognition": "برای اون چه مدارکی باید ببرم؟",
    "ar-discrimination": "وشو لازم جيب معي لهاد الشي؟",
    "uk-recognition": "а що мені треба взяти з собою для цього?",
    "tr-course": "peki bunun için yanımda ne getirmem lazım?",
    "ru-discrimination": "а что нужно взять с собой для этого?",
}

OPEN = {
    "en-course": "when is it open?",
    "fa-recognition": "کی بازه؟",
    "ar-discrimination": "ايمتى بيفتحوا؟",
    "uk-recognition": "а коли там відкрито?",
    "tr-course": "ne zaman açıklar?",
}

TOPIC_INTENT = {
    "utter_language_course": "ask_language_course",
    "utter_recognition": "ask_recognition",
    "utter_discrimination": "ask_discrimination",
}


@pytest.mark.parametrize("name", sorted(BRING))
def test_what_to_bring_for_that_gives_the_topics_list(stack: Stack, name: str) -> None:
    lang, question, topic, concern, _service = CONVERSATIONS[name]
    chat = Chat(stack)
    answered(chat.say(question), topic, lang)
    bring = chat.say(BRING[name])
    reads_as(bring, lang)
    answered(bring, "utter_required_documents", lang, topic=TOPIC_INTENT[topic])
    generic = opening("utter_required_documents", lang)  # the foreigners' office's usual list
    assert generic not in texts(bring)
    assert f'"booking_concern": "{concern}"' in " ".join(payloads(bring))
    assert all("foreigners_office" not in p for p in payloads(bring))


@pytest.mark.parametrize("name", sorted(OPEN))
def test_when_is_it_open_answers_for_the_service_just_discussed(stack: Stack, name: str) -> None:
    lang, question, topic, _concern, service = CONVERSATIONS[name]
    chat = Chat(stack)
    answered(chat.say(question), topic, lang)
    hours = chat.say(OPEN[name])
    reads_as(hours, lang)
    answered(hours, "utter_opening_hours", lang, service=service)
    for other in ("foreigners_office", "migration_centre", "integration_commissioner"):
        if other != service:
            assert opening("utter_opening_hours", lang, service=other) not in texts(hours)


def test_what_to_bring_after_a_follow_up_on_hours_still_knows_the_topic(stack: Stack) -> None:
    lang, question, _topic, concern, _service = CONVERSATIONS["fa-recognition"]
    chat = Chat(stack)
    chat.say(question)
    chat.say(OPEN["fa-recognition"])
    bring = chat.say("خب چی باید با خودم بیارم؟")
    reads_as(bring, lang)
    answered(bring, "utter_required_documents", lang, topic="ask_recognition")
    assert f'"booking_concern": "{concern}"' in " ".join(payloads(bring))
