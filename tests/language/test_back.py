"""Going back to the earlier language without naming it (issue 16, language policy):
"wie vorher bitte", "switch back", "як раніше", "مثل قبل", "eskisi gibi yaz".

Written as people type them on a phone: missing umlauts and diacritics, dialect, typos,
a "please" around them. A longer message that only contains such words is no request.
"""

from __future__ import annotations

import pytest

from bot.commands import resolve
from bot.language.supported import NATIVE_NAMES
from bot.language.switch import PAYLOAD, PREVIOUS, asks_for_previous_language
from bot.texts import Context, render

BACK: dict[str, list[str]] = {
    "de": [
        "wie vorher bitte",
        "Wie vorher!",
        "bitte wieder wie vorher",
        "zurück zur alten Sprache",
        "zurueck zur alten sprache bitte",
        "zuruck zur vorherigen Sprache",
        "kannst du wieder wie vorhin schreiben?",
        "die alte Sprache bitte",
        "Sprache zurück",
        "schreib bitte wie vorher",
        "wechsel zurück",
    ],
    "en": [
        "back to the previous language",
        "switch back",
        "switch back please",
        "can you go back to the language from before",
        "go back to the old language pls",
        "swich back",
        "change it back",
        "back to the previus languge",
        "like before please",
        "write like before",
        "the previous language please",
    ],
    "uk": [
        "як раніше",
        "Як раніше, будь ласка",
        "пишіть як раніше",
        "поверніть попередню мову",
        "поверни мову назад",
        "назад на попередню мову",
        "як було",
        "давай як раныше",
    ],
    "ru": [
        "как раньше",
        "Как раньше пожалуйста",
        "пишите как раньше",
        "верните прежний язык",
        "верни язык обратно",
        "назад на предыдущий язык",
        "давай как было",
        "как ранше плиз",
    ],
    "ar": [
        "مثل قبل",
        "متل قبل لو سمحت",
        "زي قبل",
        "اكتبلي متل ما كان",
        "ارجع للغة السابقة",
        "رجعها مثل قبل",
        "ارجع على اللغة اللي قبل",
        "باللغة القديمة من فضلك",
    ],
    "fa": [
        "مثل اول بنویس",
        "مثل قبل",
        "مث قبل بنویس لطفا",
        "برگرد به زبان قبلی",
        "به زبون قبلی بنویس",
        "همون زبان قبلی لطفا",
        "مثل قبلی",
        "برگرد زبان قبل",
    ],
    "tr": [
        "eskisi gibi yaz",
        "eskisi gibi lütfen",
        "eskisi gbi yaz",
        "önceki dile dön",
        "onceki dile don lutfen",
        "eski dile geri dön",
        "önceki gibi yazın",
        "dili geri al",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in BACK.items() for text in texts]
)
def test_a_request_to_go_back_is_recognised(lang: str, text: str) -> None:
    assert asks_for_previous_language(text), (lang, text)
    assert resolve(text) == PAYLOAD


NOT_BACK = [
    # Inside a real question, or words that mean something else on their own.
    "wie vorher besprochen, ich brauche einen Termin für meine Aufenthaltserlaubnis",
    "Wie war das vorher mit dem Integrationskurs?",
    "go back",
    "zurück",
    "geh zurück",
    "назад",
    "ارجع",
    "geri",
    "I want to go back to my country, can I get my passport back?",
    "Can we speak Arabic?",
    "können wir arabisch sprechen",
    "what languages do you speak",
    "before my appointment, what do I need?",
    "как раньше продлевали ВНЖ?",
    "زبان آلمانی رو از کجا یاد بگیرم",
    "eski oturma iznim bitti",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOT_BACK)
def test_other_messages_are_no_request_to_go_back(text: str) -> None:
    assert not asks_for_previous_language(text)
    assert resolve(text) == text


def test_going_back_is_confirmed_in_the_earlier_language() -> None:
    # action_track_context has switched back to Arabic; German is now the one before.
    reply = render(
        "utter_language_changed",
        Context(lang="ar", entities={"language": PREVIOUS}, slots={"previous_language": "de"}),
    )
    assert reply.text.startswith("حسناً، من الآن فصاعداً سأكتب باللغة العربية")


def test_without_an_earlier_language_the_menu_is_offered_in_the_current_one() -> None:
    reply = render(
        "utter_language_changed",
        Context(lang="uk", entities={"language": PREVIOUS}, slots={"previous_language": None}),
    )
    assert reply.text == "Досі ми писали лише цією мовою. Якою мовою Вам писати?"
    assert [b.title for b in reply.buttons] == list(NATIVE_NAMES.values())
    assert reply.buttons[2].payload == '/change_language{"language": "ar"}'
