"""The conversation's language follows the person's own words, not the German office words
they copy from their letters (issue 16, pattern 1).

Each table is what newcomers really write in a conversation in that language: German office
words, names and numbers inside their own sentences. None of them may move the conversation
away; messages written wholly in another supported language do.
"""

from __future__ import annotations

import pytest

from bot.language.detect import detect
from bot.language.policy import choose_language


def reply_language(current: str, text: str) -> str:
    """The language the assistant answers in after `text`, in a conversation in `current`."""
    found = detect(text)
    assert not found.unsupported, f"called unsupported: {text!r}"
    return choose_language(current, clear=found.clear, guess=found.guess)


MIXED: dict[str, list[str]] = {
    "en": [
        "where do I get a Fiktionsbescheinigung?",
        "I need a Termin for my Aufenthaltserlaubnis",
        "my Aufenthaltstitel expires next month, what should I do",
        "is the Integrationskurs free for me?",
        "can I start an Ausbildung with a Duldung",
        "how long does the Anerkennung of my diploma take",
        "do I have to go to the Ausländerbehörde or to the Jobcenter for Bürgergeld",
        "where is the Kreishaus in Osnabrück",
        "I live in Melle, is the Migrationszentrum of MaßArbeit also for me?",
        "what papers for Familiennachzug? my wife is still in Syria",
        "i got a letter about Einbürgerung, what is Einbürgerungstest",
        "Meldebescheinigung and Mietvertrag, do I need both for the termin?",
    ],
    "ar": [
        "وين بقدر آخذ Fiktionsbescheinigung؟",
        "بدي Termin عشان Aufenthaltserlaubnis",
        "هل Integrationskurs مجاني إلي؟",
        "عندي Duldung، بقدر أبدأ Ausbildung؟",
        "كم بتاخد Anerkennung للشهادة تبعي",
        "لازم روح على Ausländerbehörde ولا Jobcenter",
        "وين Kreishaus في Osnabrück",
        "أنا ساكن في Melle، هل Migrationszentrum إلي كمان؟",
        "شو الأوراق المطلوبة لـ Familiennachzug؟ مرتي بعدها بسوريا",
        "إجاني مكتوب عن Einbürgerung شو يعني Einbürgerungstest",
        "Aufenthaltstitel تبعي بيخلص الشهر الجاي شو لازم أعمل",
    ],
    "fa": [
        "Integrationskurs برای من رایگان است؟",
        "من Aufenthaltserlaubnis دارم، میتونم Ausbildung شروع کنم؟",
        "Fiktionsbescheinigung رو از کجا بگیرم؟",
        "یه Termin برای Ausländerbehörde میخوام",
        "با Duldung میتونم کار کنم؟",
        "Anerkennung مدرکم چقدر طول میکشه",
        "برای Bürgergeld باید برم Jobcenter یا MaßArbeit",
        "Kreishaus توی Osnabrück کجاست",
        "من تو Melle زندگی میکنم، Migrationszentrum برای منم هست؟",
        "برای Familiennachzug چه مدارکی لازمه؟ خانمم هنوز ایرانه",
        "Aufenthaltstitel من ماه بعد تموم میشه چیکار کنم",
    ],
    "uk": [
        "де отримати Fiktionsbescheinigung?",
        "мені потрібен Termin для Aufenthaltserlaubnis",
        "чи Integrationskurs для мене безкоштовний?",
        "чи можу я почати Ausbildung з Duldung",
        "скільки триває Anerkennung мого диплому",
        "мені йти в Ausländerbehörde чи в Jobcenter щодо Bürgergeld",
        "де знаходиться Kreishaus в Osnabrück",
        "я живу в Melle, Migrationszentrum теж для мене?",
        "які документи потрібні для Familiennachzug? чоловік ще в Україні",
        "мій Aufenthaltstitel закінчується наступного місяця, що робити",
        "у мене §24, чи потрібна Meldebescheinigung на Termin?",
    ],
    "ru": [
        "где получить Fiktionsbescheinigung?",
        "мне нужен Termin для Aufenthaltserlaubnis",
        "Integrationskurs для меня бесплатный?",
        "можно начать Ausbildung с Duldung",
        "сколько длится Anerkennung моего диплома",
        "мне идти в Ausländerbehörde или в Jobcenter насчет Bürgergeld",
        "где находится Kreishaus в Osnabrück",
        "я живу в Melle, Migrationszentrum тоже для меня?",
        "какие документы нужны для Familiennachzug? жена еще в Казахстане",
        "мой Aufenthaltstitel заканчивается в следующем месяце, что делать",
        "у меня Duldung, нужна ли Meldebescheinigung на Termin?",
    ],
    "tr": [
        "Fiktionsbescheinigung nereden alabilirim?",
        "Aufenthaltserlaubnis için Termin lazım",
        "Integrationskurs benim için ücretsiz mi?",
        "Duldung ile Ausbildung yapabilir miyim",
        "diplomamın Anerkennung işlemi ne kadar sürer",
        "Bürgergeld için Ausländerbehörde mi Jobcenter mı gitmem lazım",
        "Kreishaus Osnabrück nerede",
        "Melle de oturuyorum, Migrationszentrum bana da bakıyor mu?",
        "Familiennachzug için hangi belgeler lazım? eşim hala Türkiye de",
        "Aufenthaltstitel gelecek ay bitiyor ne yapmalıyım",
        "Meldebescheinigung ve Mietvertrag ikisi de lazım mı termine?",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in MIXED.items() for text in texts]
)
def test_german_office_words_do_not_move_the_conversation(lang: str, text: str) -> None:
    assert reply_language(lang, text) == lang


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in MIXED.items() for text in texts]
)
def test_german_office_words_never_count_as_clear_german(lang: str, text: str) -> None:
    assert detect(text).clear in {None, lang}


# Written wholly in another supported language: the conversation follows.
SWITCH: list[tuple[str, str, str]] = [
    ("de", "en", "Sorry, can we talk in English please? I do not understand everything"),
    ("en", "de", "Ich möchte lieber auf Deutsch schreiben, das ist einfacher für mich"),
    ("en", "ar", "مرحبا، أريد أن أسأل عن دورة اللغة الألمانية من فضلك"),
    ("de", "fa", "سلام، میخواستم بپرسم کلاس زبان آلمانی رایگان هست یا نه"),
    ("ru", "uk", "Добрий день, я хотіла б дізнатися про курси німецької мови"),
    ("uk", "ru", "Здравствуйте, я хотела бы узнать про курсы немецкого языка"),
    ("en", "tr", "merhaba, almanca kursu hakkında bilgi almak istiyorum"),
    ("ar", "en", "hello, I would like to ask about the German language course"),
    ("fa", "de", "Hallo, ich wohne seit einem Jahr hier und möchte arbeiten"),
    ("tr", "uk", "Привіт, скажіть будь ласка, коли працює офіс?"),
]


@pytest.mark.parametrize(("current", "expected", "text"), SWITCH)
def test_a_message_wholly_in_another_language_switches(
    current: str, expected: str, text: str
) -> None:
    assert reply_language(current, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Дякую, до свидания",
        "Дякую вам, до свидания, хорошего дня",
        "Дякую за все, до свидания",
        "Дякую за допомогу, до побачення, спасибо",
        "Добре, спасибо, тоді до зустрічі",
    ],
)
def test_one_russian_word_in_a_ukrainian_goodbye_keeps_ukrainian(text: str) -> None:
    assert reply_language("uk", text) == "uk"


@pytest.mark.parametrize(
    "text",
    [
        "Доброго дня",
        "Так, підходить",
        "Ні, дякую",
        "Я не знаю, що робити далі",
        "Коли можна прийти?",
        "Мені треба записатися на прийом",
        "Скажіть, будь ласка, де це знаходиться",
        "Добре, записуйте мене на вівторок",
        "А можна раніше?",
        "Ми приїхали з Харкова два місяці тому",
        "Чи можна взяти з собою перекладача",
        "Вибачте, я не зрозуміла",
        "dyakuyu, do pobachennya",
        "dobryj den, meni potriben termin",
    ],
)
def test_plain_ukrainian_is_never_called_unsupported(text: str) -> None:
    found = detect(text)
    assert not found.unsupported
    assert found.clear in {None, "uk"}
    assert reply_language("uk", text) == "uk"


@pytest.mark.parametrize(
    "text", ["Termin", "Aufenthaltserlaubnis Fiktionsbescheinigung", "Kreishaus Osnabrück 14 Uhr"]
)
def test_office_words_alone_keep_any_conversation(text: str) -> None:
    for lang in ("en", "ar", "fa", "uk", "ru", "tr"):
        assert reply_language(lang, text) == lang
