"""Pattern 5: a booking request that names a topic starts the booking with that concern."""

from __future__ import annotations

import pytest

from tests.conversations.seen import opening, reads_as
from tests.test_stack import Chat, Stack, buttons, payloads, texts

pytestmark = pytest.mark.stack


@pytest.mark.parametrize(
    ("lang", "message", "service", "topic"),
    [
        (
            "en",
            "I need a Termin for my Aufenthaltserlaubnis",
            "foreigners_office",
            "utter_residence_permit",
        ),
        ("fa", "میخوام برای تمدید اقامتم وقت بگیرم", "foreigners_office", "utter_residence_permit"),
        (
            "uk",
            "хочу записатися на прийом, щоб продовжити посвідку на проживання",
            "foreigners_office",
            "utter_residence_permit",
        ),
        (
            "tr",
            "Einbürgerung için randevu almak istiyorum",
            "foreigners_office",
            "utter_naturalization",
        ),
        (
            "ru",
            "хочу записаться на приём по поводу признания диплома",
            "migration_centre",
            "utter_recognition",
        ),
        ("ar", "بدي موعد مشان تجديد الإقامة تبعي", "foreigners_office", "utter_residence_permit"),
        ("ar", "أريد حجز موعد لتجديد الإقامة", "foreigners_office", "utter_residence_permit"),
        (
            "fa",
            "من یک Termin برای Aufenthaltserlaubnis میخوام",
            "foreigners_office",
            "utter_residence_permit",
        ),
        (
            "uk",
            "Мені потрібен Termin для продовження Aufenthaltstitel",
            "foreigners_office",
            "utter_residence_permit",
        ),
    ],
)
def test_a_booking_request_with_a_topic_offers_times_at_once(
    stack: Stack, lang: str, message: str, service: str, topic: str
) -> None:
    answer = Chat(stack).say(message)
    reads_as(answer, lang)
    assert buttons(answer, "booking_time"), texts(answer)  # service and concern are known
    assert opening("utter_ask_booking_time", lang, booking_service=service) in texts(answer)
    assert "/stop" in payloads(answer)
    assert opening(topic, lang) not in texts(answer)  # the booking, not the topic's text
