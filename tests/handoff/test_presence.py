"""Telling "is anyone there?" from a message for staff, in every language we support."""

from __future__ import annotations

import pytest

from bot.handoff.presence import asks_if_anyone_is_there


@pytest.mark.parametrize(
    "text",
    [
        "hello?",
        "Hellooo???",
        "is anyone there?",
        "Anybody there",
        "???",
        "؟",
        "Hallo?",
        "Hallo, ist da jemand?",
        "ist jemand da",
        "حد موجود؟",
        "هل يوجد أحد؟",
        "ألو",
        "کسی آنجاست؟",
        "سلام، کسی هست؟",
        "алло",
        "Алло, є хтось?",
        "Есть кто-нибудь?",
        "ау",
        "kimse var mı",
        "Kimse yok mu?",
        "alo",
    ],
)
def test_asking_whether_anyone_is_there_is_recognised(text: str) -> None:
    assert asks_if_anyone_is_there(text)


@pytest.mark.parametrize(
    "text",
    [
        "I need a work permit, can you help?",
        "Hallo, ich brauche einen Termin für meinen Aufenthaltstitel",
        "Is anyone there who can tell me how long my residence permit takes to renew please?",
        "شماره پاسپورت من ۱۲۳ است",
        "Мне нужна помощь с документами",
        "Oturma iznim ne zaman hazır olur?",
        "",
        "ok",
        "/request_human",
    ],
)
def test_a_message_for_staff_is_not_taken_for_it(text: str) -> None:
    assert not asks_if_anyone_is_there(text)
