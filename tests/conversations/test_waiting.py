"""Pattern 9: waiting for staff, the person is never left without a reply. The first
message is acknowledged in their language; later ones reach staff quietly, unless they
ask whether anyone is there."""

from __future__ import annotations

import pytest

from tests.conversations.seen import opened, reads_as
from tests.test_stack import Stack, payloads

pytestmark = pytest.mark.stack


@pytest.mark.parametrize(
    ("lang", "hello", "first", "later", "anyone"),
    [
        (
            "ar",
            "مرحبا",
            "عندي سؤال عن الإقامة تبعي، بتخلص بعد شهر",
            "وكمان عندي رسالة من المكتب",
            "في حد؟",
        ),
        ("uk", "Добрий день", "Мені треба продовжити посвідку", "Я вже чекаю", "агов"),
        (
            "de",
            "Guten Tag",
            "Ich habe eine Frage zu meiner Duldung",
            "Bitte melden Sie sich",
            "ist da jemand?",
        ),
        (
            "en",
            "hello there",
            "I have a question about my work permit",
            "I can wait",
            "anyone there?",
        ),
    ],
)
def test_the_first_message_is_acknowledged_then_quiet_until_asked(
    stack: Stack, lang: str, hello: str, first: str, later: str, anyone: str
) -> None:
    chat = opened(stack, lang, hello)
    asked = chat.say('/request_human{"service": "migration_centre"}')
    assert asked["handoff"]["status"] == "waiting"
    acknowledged = chat.say(first)
    reads_as(acknowledged, lang)
    assert acknowledged["messages"] and payloads(acknowledged) == ["/bot"]
    quiet = chat.say(later)
    assert quiet["messages"] == [] and quiet["handoff"]["status"] == "waiting"
    again = chat.say(anyone)
    reads_as(again, lang)
    assert again["messages"] and again["handoff"]["status"] == "waiting"
