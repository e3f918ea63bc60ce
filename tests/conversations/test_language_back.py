"""Going back to the earlier language without naming it (issue 16, language policy):
an Arabic conversation switched to German goes back to Arabic on "wie vorher bitte"; with
no earlier language the person gets the language menu in the conversation's language."""

from __future__ import annotations

import pytest

from bot.language.supported import NATIVE_NAMES
from tests.conversations.seen import opened, reads_as
from tests.test_stack import Chat, Stack, payloads, texts

pytestmark = pytest.mark.stack


def test_arabic_then_german_then_back_is_arabic_again(stack: Stack) -> None:
    chat = opened(stack, "ar", "مرحبا")
    german = chat.say("Können wir bitte auf Deutsch weiterschreiben? Das ist einfacher für mich")
    reads_as(german, "de")
    back = chat.say("wie vorher bitte")
    reads_as(back, "ar")
    assert texts(back).startswith("حسناً، من الآن فصاعداً سأكتب باللغة العربية")
    # and back again: German was the language before the last switch
    again = chat.say("زي قبل")
    reads_as(again, "de")


def test_going_back_with_nothing_before_shows_the_language_menu(stack: Stack) -> None:
    chat = Chat(stack, hint="uk")
    reads_as(chat.say("Добрий день"), "uk")
    answer = chat.say("як раніше будь ласка")
    reads_as(answer, "uk")
    assert texts(answer).startswith("Досі ми писали лише цією мовою.")
    assert [f'/change_language{{"language": "{code}"}}' for code in NATIVE_NAMES] == [
        p for p in payloads(answer) if p.startswith("/change_language")
    ]
