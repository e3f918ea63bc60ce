"""The status and place a person states in their own words, in the seven languages;
nothing when the words are not clear (the assistant then asks, it never guesses)."""

from __future__ import annotations

import pytest

from bot.situation.places import parse
from bot.situation.recognise import recognise, towns


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # EU, EEA, Switzerland: country or nationality, in every language
        ("I'm from Romania, can I work here?", "eu_citizen"),
        ("i am polish, do i need a permit?", "eu_citizen"),
        ("Ich bin Rumäne und will arbeiten", "eu_citizen"),
        ("Ich komme aus Bulgarien", "eu_citizen"),
        ("ich bin EU-Bürgerin", "eu_citizen"),
        ("я з Польщі, чи потрібен мені дозвіл?", "eu_citizen"),
        ("Я из Румынии, нужен ли мне ВНЖ?", "eu_citizen"),
        ("у меня румынский паспорт", "eu_citizen"),
        ("Bulgaristanlıyım, çalışma izni lazım mı?", "eu_citizen"),
        ("Romanya'dan geldim", "eu_citizen"),
        ("أنا من رومانيا، هل أحتاج إقامة؟", "eu_citizen"),
        ("انا من بلغاريا", "eu_citizen"),
        ("من اهل لهستان هستم", "eu_citizen"),
        ("پاسپورت رومانیایی دارم", "eu_citizen"),
        # Duldung, also transliterated
        ("Ich habe eine Duldung, darf ich arbeiten?", "duldung"),
        ("I have a duldung", "duldung"),
        ("у мене дульдунг", "duldung"),
        ("у меня dulьdung", "duldung"),
        ("عندي دولدونغ، بقدر اشتغل؟", "duldung"),
        ("من دولدونگ دارم", "duldung"),
        ("mein Asyl wurde abgelehnt, jetzt habe ich eine Duldung", "duldung"),
        ("Ausbildungsduldung", "duldung"),
        # asylum procedure
        ("Ich habe eine Aufenthaltsgestattung", "asylum_seeker"),
        ("nur Gestattung", "asylum_seeker"),
        ("I am an asylum seeker", "asylum_seeker"),
        ("أنا طالب لجوء", "asylum_seeker"),
        ("من پناهجو هستم", "asylum_seeker"),
        ("я шукач притулку", "asylum_seeker"),
        ("я подал на убежище", "asylum_seeker"),
        ("sığınmacıyım", "asylum_seeker"),
        # § 24 only when the person says so
        ("ich bin aus der Ukraine und habe § 24", "temporary_protection"),
        ("Paragraf 24", "temporary_protection"),
        ("маю тимчасовий захист", "temporary_protection"),
        ("я з України, маю захист", "temporary_protection"),
        ("у меня временная защита", "temporary_protection"),
        ("Ukrayna'dan geldim, geçici koruma var", "temporary_protection"),
        # refugee or subsidiary protection
        ("I have subsidiary protection", "refugee"),
        ("ich bin als Flüchtling anerkannt", "refugee"),
        ("عندي حماية فرعية", "refugee"),
        ("حمایت تکمیلی دارم", "refugee"),
        ("у меня статус беженца", "refugee"),
        # other permits
        ("ich habe eine Blaue Karte", "skilled_or_other_permit"),
        ("I have a Blue Card", "skilled_or_other_permit"),
        ("у мене синя карта ЄС", "skilled_or_other_permit"),
        ("mavi kartım var", "skilled_or_other_permit"),
        # German citizens, Spätaussiedler
        ("ich bin Spätaussiedler", "german_citizen"),
        ("I have German citizenship", "german_citizen"),
        ("я поздний переселенец", "german_citizen"),
        ("alman vatandaşıyım", "german_citizen"),
        # family of EU or German citizens
        ("my wife is German", "eu_family"),
        ("ich habe eine Aufenthaltskarte", "eu_family"),
    ],
)
def test_the_status_the_person_states(text: str, status: str) -> None:
    assert recognise(text).status == status


@pytest.mark.parametrize(
    "text",
    [
        "I am a refugee",  # recognised or still in the procedure? ask
        "я з України",  # Ukrainian alone is not § 24
        "Ich möchte die Einbürgerung beantragen",  # naturalisation asked about, not had
        "ich bin Polizist",  # "Pole" only as a whole word
        "can I work?",
        "I'm from Romania and I have a Duldung",  # two statuses: ask
        "I want German citizenship",
        "كيف أجدد الإقامة؟",
    ],
)
def test_unclear_words_give_no_status(text: str) -> None:
    assert recognise(text).status is None


@pytest.mark.parametrize(
    ("text", "place", "town"),
    [
        ("Ich wohne in Bramsche", "district", "Bramsche"),
        ("I live in Georgsmarienhuette", "district", "Georgsmarienhütte"),
        ("wohne in Dissen aTW", "district", "Dissen am Teutoburger Wald"),
        ("я живу в Брамше", "district", "Bramsche"),
        ("Quakenbrück'te oturuyorum", "district", "Quakenbrück"),
        ("ich wohne im Landkreis Osnabrück", "district", None),
        ("ich wohne in der Stadt Osnabrück", "city_of_osnabrueck", None),
        ("I live in Osnabrück city", "city_of_osnabrueck", None),
        ("Osnabrück Innenstadt", "city_of_osnabrueck", None),
        ("я живу в городе Оснабрюк", "city_of_osnabrueck", None),
        ("أسكن في مدينة أوسنابروك", "city_of_osnabrueck", None),
        ("Osnabrück şehir merkezinde oturuyorum", "city_of_osnabrueck", None),
        ("I live in Münster", "elsewhere", None),
        ("ich wohne in Bremen", "elsewhere", None),
    ],
)
def test_the_place_the_person_names(text: str, place: str, town: str | None) -> None:
    said = recognise(text)
    assert (said.place, said.town) == (place, town)


@pytest.mark.parametrize(
    "text", ["ich wohne in Osnabrück", "I live in Osnabrueck", "живу в Оснабрюке", "در اوسنابروک"]
)
def test_osnabrueck_alone_is_unclear(text: str) -> None:
    said = recognise(text)
    assert said.place is None
    assert said.osnabrueck_unclear


@pytest.mark.parametrize(
    "text",
    ["Die Berge sind schön", "ich war in Berlin im Urlaub", "Hagen ist eine Stadt"],
)
def test_no_place_from_ordinary_words_or_a_trip(text: str) -> None:
    assert recognise(text).place is None


@pytest.mark.parametrize(
    "text",
    [
        "how do I extend my permit?",
        "meine Aufenthaltserlaubnis läuft ab",
        "وين بقدر أطلب Aufenthaltserlaubnis جديدة؟ تبعي قربت تخلص",
        "как продлить ВНЖ?",
        "ikamet iznimi uzatmak istiyorum",
        "چطوری اقامتمو تمدید کنم؟",
        "أريد حجز موعد لتجديد الإقامة",
        "marhaba, kif bjadded el i2ame taba3i?",
        "salam, chetori mitunam eghamatam ro tamdid konam?",
        "I need a Termin for my Aufenthaltserlaubnis",
    ],
)
def test_a_person_speaking_of_their_own_permit_holds_one(text: str) -> None:
    assert recognise(text).holds_permit


def test_members_of_a_samtgemeinde_register_there_and_names_come_from_the_file() -> None:
    places = parse(
        {
            "district_municipalities": [
                {"name": "Samtgemeinde Artland", "kind": "samtgemeinde", "aliases": ["Artland"]},
                {
                    "name": "Badbergen",
                    "kind": "member",
                    "samtgemeinde": "Samtgemeinde Artland",
                    "town_hall": {"value": None, "placeholder": True},
                },
                {"name": "Berge", "kind": "member", "samtgemeinde": "Samtgemeinde Fürstenau"},
            ]
        }
    )
    registering = places.registering("Badbergen")
    assert registering is not None and registering.name == "Samtgemeinde Artland"
    names = {name for _, name in towns(places)}
    assert names == {"Samtgemeinde Artland", "Badbergen"}  # "Berge" alone is a word
