"""Issue 17: answers that fit the person's situation, through the chat API.

Each conversation states (or is asked for) a residence status and sometimes a place,
in the person's language, and the test asserts the fact that makes the answer useful:
an EU citizen is told that no permit is needed and where to register, a person with a
Duldung gets the Duldung's routes (not the Fiktionsbescheinigung), a person of the city
of Osnabrück is sent to the city's own office and offered no Kreishaus booking. The
expected text is the variant as the catalogs render it (bot/texts/situation.py).

Needs the model retrained with the intent `inform_situation` and its rule.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conversations.seen import letters, reads_as, rendered
from tests.test_stack import Chat, Stack, payloads, texts

pytestmark = pytest.mark.stack

WORK, RESIDENCE, OFFICE = "utter_work_permit", "utter_residence_permit", "utter_local_office"
BENEFITS = "utter_benefits"
EU, DULDUNG, ASYLUM = "eu_citizen", "duldung", "asylum_seeker"
REFUGEE, UKRAINE, GERMAN = "refugee", "temporary_protection", "german_citizen"
CITY = "city_of_osnabrueck"


def variant(name: str, lang: str, **slots: Any) -> str:
    """The first paragraph of the answer for this situation, as the catalogs write it."""
    return rendered(name, lang, **slots).split("\n")[0]


def no_kreishaus_booking(answer: dict[str, Any]) -> None:
    assert not any(p.startswith("/book_appointment") for p in payloads(answer)), payloads(answer)


# (language, message, answer, status, place, town)
STATED: list[tuple[str, str, str, str | None, str | None, str | None]] = [
    # en
    (
        "en",
        "I'm from Romania and live in Melle. Do I need a work permit?",
        WORK,
        EU,
        "district",
        "Melle",
    ),
    ("en", "I have a Duldung. Can I work?", WORK, DULDUNG, None, None),
    ("en", "I'm an asylum seeker, when am I allowed to work?", WORK, ASYLUM, None, None),
    ("en", "I have subsidiary protection, am I allowed to work?", WORK, REFUGEE, None, None),
    (
        "en",
        "I have a German passport now. Do I still need a residence permit?",
        RESIDENCE,
        GERMAN,
        None,
        None,
    ),
    (
        "en",
        "I live in the city of Osnabrück and have a Duldung, can I work?",
        WORK,
        DULDUNG,
        CITY,
        None,
    ),
    # de
    (
        "de",
        "Ich bin Rumäne und wohne in Bramsche. Brauche ich eine Arbeitserlaubnis?",
        WORK,
        EU,
        "district",
        "Bramsche",
    ),
    ("de", "Ich habe eine Duldung. Darf ich arbeiten?", WORK, DULDUNG, None, None),
    ("de", "Ich habe eine Aufenthaltsgestattung. Darf ich arbeiten?", WORK, ASYLUM, None, None),
    (
        "de",
        "Ich bin Spätaussiedler, brauche ich eine Aufenthaltserlaubnis?",
        RESIDENCE,
        GERMAN,
        None,
        None,
    ),
    (
        "de",
        "Ich bin EU-Bürgerin und wohne in Georgsmarienhütte. Brauche ich einen Aufenthaltstitel?",
        RESIDENCE,
        EU,
        "district",
        "Georgsmarienhütte",
    ),
    (
        "de",
        "Ich wohne in der Stadt Osnabrück. Wo ist die Ausländerbehörde?",
        OFFICE,
        None,
        CITY,
        None,
    ),
    # ar
    ("ar", "أنا من رومانيا، هل أحتاج تصريح عمل؟", WORK, EU, None, None),
    ("ar", "عندي دولدونغ، بقدر اشتغل؟", WORK, DULDUNG, None, None),
    ("ar", "أنا طالب لجوء، متى بقدر اشتغل؟", WORK, ASYLUM, None, None),
    ("ar", "عندي حماية فرعية، مسموح لي اشتغل؟", WORK, REFUGEE, None, None),
    ("ar", "عندي دولدونغ، كيف بقدر آخذ إقامة؟", RESIDENCE, DULDUNG, None, None),
    ("ar", "أسكن في مدينة أوسنابروك، وين دائرة الأجانب؟", OFFICE, None, CITY, None),
    # fa
    ("fa", "من دولدونگ دارم، می‌تونم کار کنم؟", WORK, DULDUNG, None, None),
    ("fa", "من پناهجو هستم، کی می‌تونم کار کنم؟", WORK, ASYLUM, None, None),
    ("fa", "حمایت تکمیلی دارم، اجازه کار دارم؟", WORK, REFUGEE, None, None),
    ("fa", "من دولدونگ دارم، چطور می‌تونم اقامت بگیرم؟", RESIDENCE, DULDUNG, None, None),
    ("fa", "من اهل لهستان هستم، اجازه کار لازم دارم؟", WORK, EU, None, None),
    ("fa", "در شهر اوسنابروک زندگی می‌کنم، اداره اتباع خارجی کجاست؟", OFFICE, None, CITY, None),
    # uk
    (
        "uk",
        "Я з України, маю тимчасовий захист за §24. Чи можу я працювати?",
        WORK,
        UKRAINE,
        None,
        None,
    ),
    (
        "uk",
        "Я з України, маю тимчасовий захист §24. Хто мені платить Bürgergeld?",
        BENEFITS,
        UKRAINE,
        None,
        None,
    ),
    ("uk", "Я з Польщі, чи потрібен мені дозвіл на роботу?", WORK, EU, None, None),
    ("uk", "У мене дульдунг. Чи можу я працювати?", WORK, DULDUNG, None, None),
    ("uk", "Я шукач притулку, коли мені можна працювати?", WORK, ASYLUM, None, None),
    (
        "uk",
        "Маю тимчасовий захист, як продовжити дозвіл на проживання?",
        RESIDENCE,
        UKRAINE,
        None,
        None,
    ),
    ("uk", "Я живу в місті Оснабрюк. Де знаходиться Ausländerbehörde?", OFFICE, None, CITY, None),
    # ru
    ("ru", "Я из Румынии, нужно ли мне разрешение на работу?", WORK, EU, None, None),
    ("ru", "У меня дульдунг, можно ли мне работать?", WORK, DULDUNG, None, None),
    ("ru", "У меня временная защита по §24, можно работать?", WORK, UKRAINE, None, None),
    ("ru", "Я поздний переселенец, нужен ли мне вид на жительство?", RESIDENCE, GERMAN, None, None),
    ("ru", "Я подал на убежище, когда мне можно работать?", WORK, ASYLUM, None, None),
    (
        "ru",
        "Я живу в городе Оснабрюк, где ведомство по делам иностранцев?",
        OFFICE,
        None,
        CITY,
        None,
    ),
    # tr
    ("tr", "Bulgaristanlıyım, çalışma izni lazım mı?", WORK, EU, None, None),
    ("tr", "Romanya'dan geldim, oturma izni gerekiyor mu?", RESIDENCE, EU, None, None),
    ("tr", "Duldung'um var, çalışabilir miyim?", WORK, DULDUNG, None, None),
    ("tr", "Sığınmacıyım, ne zaman çalışabilirim?", WORK, ASYLUM, None, None),
    ("tr", "Geçici koruma (§24) var, çalışabilir miyim?", WORK, UKRAINE, None, None),
    (
        "tr",
        "Osnabrück şehir merkezinde oturuyorum, yabancılar dairesi nerede?",
        OFFICE,
        None,
        CITY,
        None,
    ),
]


# Not understood yet: the formal "відомство у справах іноземців" without a verb is read
# as `inform` (training data for it is the next round's; issue 16 note).
MISREAD = pytest.param(
    "uk",
    "Я живу в місті Оснабрюк. Де відомство у справах іноземців?",
    OFFICE,
    None,
    CITY,
    None,
    marks=pytest.mark.xfail(strict=True, reason="formal office name without a verb: inform"),
)


@pytest.mark.parametrize(("lang", "message", "name", "status", "place", "town"), [*STATED, MISREAD])
def test_the_situation_in_the_persons_words_gets_its_answer(
    stack: Stack,
    lang: str,
    message: str,
    name: str,
    status: str | None,
    place: str | None,
    town: str | None,
) -> None:
    slots = {
        k: v
        for k, v in (
            ("residence_status", status),
            ("residence_place", place),
            ("residence_town", town),
        )
        if v
    }
    answer = Chat(stack).say(message)
    if name == OFFICE:
        # The sentence is in the person's language; the office's German name and address
        # that follow stay as they are written on the door.
        assert answer["language"] == lang
        assert letters(texts(answer).split("\n")[0], lang) > 0.5, texts(answer)
    else:
        reads_as(answer, lang)
    assert variant(name, lang, **slots) in texts(answer), texts(answer)
    if status == EU:  # no permit needed: register the address, no foreigners' office
        assert "2013" in texts(answer) or "۲۰۱۳" in texts(answer)
        no_kreishaus_booking(answer)
    if town:
        assert town in texts(answer)
    if place == CITY:  # the city's own office, never a booking at the Kreishaus
        assert "Stadt Osnabrück" in texts(answer)
        no_kreishaus_booking(answer)
    if status == DULDUNG:
        assert "Beschäftigungsduldung" in texts(answer)
        assert "Fiktionsbescheinigung" not in texts(answer)


# --- one question with buttons, then the waiting answer ---------------------------------


@pytest.mark.parametrize(
    ("lang", "question", "status", "fact"),
    [
        ("en", "can I work here?", EU, "neither a residence permit nor a work permit"),
        ("de", "Darf ich in Deutschland arbeiten?", DULDUNG, "Beschäftigungsduldung"),
        ("ar", "هل مسموح لي أشتغل؟", ASYLUM, "ثلاثة أشهر"),
        ("ru", "Могу ли я работать?", REFUGEE, "Erwerbstätigkeit erlaubt"),
    ],
)
def test_asked_for_the_status_the_button_answers_the_question(
    stack: Stack, lang: str, question: str, status: str, fact: str
) -> None:
    chat = Chat(stack, hint=lang)
    asked = chat.say(question)
    reads_as(asked, lang)
    assert variant("utter_ask_situation", lang) in texts(asked)
    button = f'/inform_situation{{"residence_status": "{status}"}}'
    assert button in payloads(asked)
    answer = chat.say(button)
    reads_as(answer, lang)
    assert variant(WORK, lang, residence_status=status) in texts(answer)
    assert fact in texts(answer)


def test_i_dont_know_gets_the_general_answer_and_no_second_question(stack: Stack) -> None:
    chat = Chat(stack, hint="uk")
    asked = chat.say("Чи можу я працювати?")
    assert "/inform_situation" in payloads(asked)
    general = chat.say("/inform_situation")
    assert variant(WORK, "uk") in texts(general)
    again = chat.say("Чи потрібен мені дозвіл на проживання?")
    assert variant("utter_ask_situation", "uk") not in texts(again)


def test_a_question_ignored_is_not_repeated(stack: Stack) -> None:
    chat = Chat(stack, hint="fa")
    asked = chat.say("آیا می‌تونم کار کنم؟")
    assert variant("utter_ask_situation", "fa") in texts(asked)
    other = chat.say("کلاس زبان آلمانی رایگان هست؟")
    assert variant("utter_ask_situation", "fa") not in texts(other)
    work = chat.say("آیا می‌تونم کار کنم؟")
    assert variant(WORK, "fa") in texts(work)


def test_osnabrueck_alone_asks_city_or_district_then_names_the_citys_office(stack: Stack) -> None:
    chat = Chat(stack, hint="en")
    asked = chat.say("I have a Duldung and live in Osnabrück, can I work?")
    place_question = rendered("utter_ask_situation", "en", {"ask": "place"})
    assert place_question in texts(asked)
    button = '/inform_situation{"residence_place": "city_of_osnabrueck"}'
    assert button in payloads(asked)
    answer = chat.say(button)
    assert "Beschäftigungsduldung" in texts(answer)
    assert "city's own foreigners' office" in texts(answer)
    no_kreishaus_booking(answer)


def test_a_ukrainian_asking_for_money_learns_that_the_arrival_date_matters(stack: Stack) -> None:
    """After 31 March 2025 the benefits move to the AsylbLG (planned): the date, the
    Migrationszentrum as the next step, never just Bürgergeld at MaßArbeit."""
    chat = Chat(stack, hint="de")
    chat.say("Ich komme aus der Ukraine und habe den Schutz nach § 24.")
    answer = chat.say("Bekomme ich Bürgergeld?")
    said = texts(answer)
    assert "1. April 2025" in said and "1. Juli 2026" in said, said
    assert "Asylbewerberleistungsgesetz" in said and "Migrationszentrum" in said, said


def test_the_status_is_kept_for_the_next_question(stack: Stack) -> None:
    """A stated status is answered at once (an EU citizen: no permit, register in Melle)
    and kept: "where is the office?" then starts with Melle's Bürgerbüro."""
    chat = Chat(stack, hint="de")
    first = chat.say("Ich bin Rumänin und wohne in Melle.")
    assert variant(
        RESIDENCE, "de", residence_status=EU, residence_place="district", residence_town="Melle"
    ) in texts(first)
    answer = chat.say("Wo ist das Büro?")
    assert "Melle" in texts(answer).split("\n\n")[0], texts(answer)
    assert "Am Schölerberg 1" in texts(answer)
