"""Issue 17: the questions newcomers really ask inside a topic, through the chat API.

A stolen card, a permit that has already expired, Kindergeld, a rejected asylum
application, the Wohnsitzauflage, fees, a wheelchair, the end of § 24 protection … each
gets its own answer in the person's language (its first line word for word, as the
catalogs write it) with the fact that makes it useful, not the topic's general text.
"""

from __future__ import annotations

import pytest

from bot.content import referrals
from tests.conversations.seen import opening, reads_as
from tests.test_stack import Chat, Stack, payloads, texts

pytestmark = pytest.mark.stack

SWITCHBOARD = "0541 501-0"

# (language, message, answer, a fact the answer must give)
ASKED: list[tuple[str, str, str, str]] = [
    (
        "en",
        "my residence card was stolen on the bus, what should I do?",
        "utter_lost_documents",
        "116 116",
    ),
    (
        "en",
        "How do I apply for Kindergeld for my two kids?",
        "utter_family_benefits",
        "0800 4 5555 30",
    ),
    ("en", "how much does naturalisation cost?", "utter_fees", "255.00"),
    (
        "de",
        "Meine Aufenthaltserlaubnis ist schon letzte Woche abgelaufen, "
        "darf ich morgen noch arbeiten?",
        "utter_expired_permit",
        SWITCHBOARD,
    ),
    (
        "de",
        "Ich habe eine Wohnsitzauflage für Bramsche, darf ich nach Hamburg umziehen?",
        "utter_residence_obligation",
        "Wohnsitzauflage",
    ),
    (
        "de",
        "Gibt es im Kreishaus einen Aufzug? Ich sitze im Rollstuhl.",
        "utter_accessibility",
        SWITCHBOARD,
    ),
    ("ar", "رفضوا طلب اللجوء تبعي ووصلتني رسالة من BAMF شو لازم اعمل؟", "utter_asylum", "BAMF"),
    (
        "ar",
        "كيف احصل على Niederlassungserlaubnis بعد خمس سنوات هون؟",
        "utter_permanent_residence",
        "Niederlassungserlaubnis",
    ),
    (
        "fa",
        "من پزشک هستم، برای گرفتن Approbation باید چکار کنم؟",
        "utter_regulated_profession",
        "NiZzA",
    ),
    ("fa", "کلاس ادغام (Integrationskurs) چقدر هزینه داره؟", "utter_course_costs", "BAMF"),
    (
        "uk",
        "Що буде, коли закінчиться тимчасовий захист за параграфом 24? "
        "Я хочу залишитися і працювати",
        "utter_leave_temporary_protection",
        "§ 24",
    ),
    (
        "uk",
        "Чи можна взяти маленьку дитину з собою на Termin?",
        "utter_appointment_companions",
        SWITCHBOARD,
    ),
    (
        "ru",
        "У мужа Blue Card, могу ли я приехать к нему и работать в Германии?",
        "utter_blue_card_family",
        "",
    ),
    ("ru", "У меня Duldung, как получить Ausbildungsduldung?", "utter_duldung", "Duldung"),
    ("tr", "oturum kartimi kaybettim ne yapmaliyim", "utter_lost_documents", "116 116"),
    ("tr", "çocuklarım için Kindergeld nasıl başvurulur", "utter_family_benefits", "Familienkasse"),
]


@pytest.mark.parametrize(("lang", "message", "name", "fact"), ASKED)
def test_the_specific_question_gets_its_own_answer(
    stack: Stack, lang: str, message: str, name: str, fact: str
) -> None:
    answer = Chat(stack, hint=lang).say(message)
    reads_as(answer, lang)
    assert opening(name, lang) in texts(answer), (name, texts(answer))
    assert fact in texts(answer)


def test_a_city_resident_who_lost_the_card_is_sent_to_the_citys_office(stack: Stack) -> None:
    answer = Chat(stack, hint="de").say(
        "Ich wohne in der Stadt Osnabrück und meine Aufenthaltskarte wurde gestohlen"
    )
    assert opening("utter_lost_documents", "de") in texts(answer)
    assert "Stadt Osnabrück" in texts(answer)
    assert referrals()["city_foreigners_office"].phone in texts(answer)
    assert not any(p.startswith("/book_appointment") for p in payloads(answer))
