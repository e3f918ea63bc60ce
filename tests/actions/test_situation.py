"""The situation in the topic answers (issue 17): what the person sees, and the exact
slot events, after action_answer_topic and action_answer_situation."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import ActionAnswerTopic
from actions.situation import STATUS_UNKNOWN, ActionAnswerSituation, ActionTrackSituation
from bot.texts import Context, Reply, render
from tests.actions.test_clarify import seen


def user(text: str, intent: str, *entities: tuple[str, str]) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 0.95},
            "intent_ranking": [{"name": intent, "confidence": 0.95}],
            "entities": [{"entity": e, "value": v} for e, v in entities],
            "metadata": {},
        },
        "metadata": {},
    }


def bot(response: str) -> dict[str, Any]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": response}}


def tracker(events: list[dict[str, Any]], **slots: Any) -> Tracker:
    return Tracker.from_dict(
        {
            "sender_id": "situation-1",
            "slots": {"language": "en", **slots},
            "latest_message": events[-1]["parse_data"],
            "events": events,
        }
    )


async def topic(
    events: list[dict[str, Any]], lang: str = "en", **slots: Any
) -> tuple[list[Reply], list[Any]]:
    dispatcher = CollectingDispatcher()
    result = await ActionAnswerTopic().run(dispatcher, tracker(events, language=lang, **slots), {})
    return seen(dispatcher, lang, **slots), result


def payloads(reply: Reply) -> list[str]:
    return [b.payload for b in reply.buttons]


# --- asked once, with buttons -------------------------------------------------------


async def test_can_i_work_without_a_status_asks_it_with_eight_buttons() -> None:
    (question,), events = await topic([user("can I work?", "ask_work_permit")])
    assert question.text.startswith("So I can answer correctly: what is your residence status?")
    assert len(question.buttons) == 8
    assert '/inform_situation{"residence_status": "duldung"}' in payloads(question)
    assert payloads(question)[-1] == "/inform_situation"  # "I don't know"
    assert events == [
        SlotSet("situation_pending", "ask_work_permit"),
        SlotSet("situation_asked", ["ask_work_permit"]),
    ]


@pytest.mark.parametrize(
    ("lang", "start", "duldung"),
    [
        ("de", "Damit ich richtig antworte", "Duldung"),
        ("ar", "حتى أجيبك بشكل صحيح", "دولدونغ (Duldung)"),
        ("fa", "برای اینکه درست جواب بدهم", "دولدونگ (Duldung)"),
        ("uk", "Щоб відповісти правильно", "Дульдунг (Duldung)"),
        ("ru", "Чтобы ответить правильно", "Дульдунг (Duldung)"),
        ("tr", "Doğru cevap verebilmem için", "Duldung (sınır dışı etmenin ertelenmesi)"),
    ],
)
async def test_the_question_is_in_the_persons_language(lang: str, start: str, duldung: str) -> None:
    (question,), _ = await topic([user("?", "ask_residence_permit")], lang)
    assert question.text.startswith(start)
    assert duldung in [b.title for b in question.buttons]


async def test_a_person_speaking_of_their_own_permit_is_not_asked() -> None:
    (answer,), events = await topic([user("how do I extend my permit?", "ask_residence_permit")])
    assert "Fiktionsbescheinigung" in answer.text
    assert events == []


async def test_the_question_comes_once_per_topic() -> None:
    history = [
        user("can I work?", "ask_work_permit"),
        bot("utter_ask_situation"),
        user("what about the language course", "ask_language_course"),
        bot("utter_language_course"),
        user("so can I work?", "ask_work_permit"),
    ]
    (answer,), events = await topic(history, situation_asked=["ask_work_permit"])
    assert "written on your residence document" in answer.text
    assert events == []


async def test_ignoring_the_question_gets_the_other_answer_and_drops_the_pending_topic() -> None:
    history = [
        user("can I work?", "ask_work_permit"),
        bot("utter_ask_situation"),
        user("is there a German course?", "ask_language_course"),
    ]
    (answer,), events = await topic(
        history, situation_pending="ask_work_permit", situation_asked=["ask_work_permit"]
    )
    assert "German course" in answer.text
    assert events == [SlotSet("situation_pending", None)]


# --- the button answers the waiting topic -------------------------------------------


async def situation_button(
    *entities: tuple[str, str], lang: str = "en", **slots: Any
) -> tuple[list[Reply], list[Any]]:
    message = user("/inform_situation", "inform_situation", *entities)
    filled = {**slots, **dict(entities)}  # as action_extract_slots fills them (from_entity)
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerSituation().run(
        dispatcher, tracker([message], language=lang, **filled), {}
    )
    return seen(dispatcher, lang, **filled), events


async def test_the_duldung_button_answers_the_work_question_with_the_duldung_routes() -> None:
    (answer,), events = await situation_button(
        ("residence_status", "duldung"), situation_pending="ask_work_permit"
    )
    for fact in ("Ausbildungsduldung", "Beschäftigungsduldung", "§ 25b", "31 December 2025"):
        assert fact in answer.text
    assert "Fiktionsbescheinigung" not in answer.text
    assert "not legal advice" in answer.text
    assert events == [SlotSet("situation_pending", None)]


async def test_the_eu_button_in_romanian_worker_terms_in_german() -> None:
    (answer,), _ = await situation_button(
        ("residence_status", "eu_citizen"), lang="de", situation_pending="ask_work_permit"
    )
    assert "weder einen Aufenthaltstitel noch eine Arbeitserlaubnis" in answer.text
    assert "2013" in answer.text
    assert not any(p.startswith("/book_appointment") for p in payloads(answer))


async def test_i_dont_know_gives_the_general_answer_and_is_not_asked_again() -> None:
    (answer,), events = await situation_button(
        situation_pending="ask_residence_permit", situation_asked=["ask_residence_permit"]
    )
    assert "Fiktionsbescheinigung" in answer.text
    assert events == [
        SlotSet("situation_asked", ["ask_residence_permit", STATUS_UNKNOWN]),
        SlotSet("situation_pending", None),
    ]
    (later,), _ = await topic(
        [user("can I work?", "ask_work_permit")],
        situation_asked=["ask_residence_permit", STATUS_UNKNOWN],
    )
    assert "written on your residence document" in later.text


async def test_a_button_without_a_waiting_topic_asks_what_else() -> None:
    (answer,), _ = await situation_button(("residence_status", "refugee"))
    assert answer.text == render("utter_anything_else", Context(lang="en")).text


# --- read from the person's own words -------------------------------------------------


async def test_a_romanian_worker_is_told_no_permit_and_to_register_in_bramsche() -> None:
    (answer,), events = await topic(
        [user("I'm from Romania and live in Bramsche, do I need a work permit?", "ask_work_permit")]
    )
    assert "neither a residence permit nor a work permit" in answer.text
    assert "within two weeks" in answer.text
    assert "Bramsche" in answer.text
    assert events == [
        SlotSet("residence_status", "eu_citizen"),
        SlotSet("residence_place", "district"),
        SlotSet("residence_town", "Bramsche"),
    ]


async def test_a_member_municipality_registers_at_its_samtgemeinde() -> None:
    (answer,), _ = await topic(
        [
            user(
                "ich bin Rumäne und wohne in Badbergen, brauche ich einen Aufenthaltstitel?",
                "ask_residence_permit",
            )
        ],
        "de",
    )
    assert "Samtgemeinde Artland" in answer.text


async def test_a_free_text_answer_to_the_question_answers_the_waiting_topic() -> None:
    history = [
        user("can I work?", "ask_work_permit"),
        bot("utter_ask_situation"),
        user("I have a Duldung", "ask_residence_permit"),
    ]
    answer, events = await topic(
        history, situation_pending="ask_work_permit", situation_asked=["ask_work_permit"]
    )
    assert "Beschäftigungsduldung" in answer[0].text
    assert events[:2] == [
        SlotSet("residence_status", "duldung"),
        SlotSet("situation_pending", None),
    ]


async def test_the_same_topic_with_a_new_status_is_answered_again_not_refused() -> None:
    history = [
        user("how do I extend my permit", "ask_residence_permit"),
        bot("utter_residence_permit"),
        user("but I only have an Aufenthaltsgestattung", "ask_residence_permit"),
    ]
    (answer,), _ = await topic(history)
    assert "BAMF" in answer.text
    assert "one or two weeks" in answer.text


# --- the place: the city of Osnabrück has its own offices -----------------------------


async def test_a_city_resident_asking_where_the_office_is_gets_the_citys_office() -> None:
    (answer,), events = await topic(
        [user("I live in the city of Osnabrück, where is the foreigners' office?", "ask_location")],
        service="foreigners_office",
    )
    assert "city's own foreigners' office" in answer.text
    assert "Stadt Osnabrück" in answer.text
    assert not any(p.startswith("/book") for p in payloads(answer))
    assert SlotSet("residence_place", "city_of_osnabrueck") in events


async def test_a_city_residents_work_answer_names_the_city_and_offers_no_kreishaus_booking() -> (
    None
):
    (answer,), _ = await topic(
        [
            user(
                "Ich habe eine Duldung und wohne in der Stadt Osnabrück. Darf ich arbeiten?",
                "ask_work_permit",
            )
        ],
        "de",
    )
    assert "Ausländerbehörde der Stadt Osnabrück" in answer.text
    assert answer.text.endswith("keine Rechtsberatung.")
    assert not any(p.startswith("/book_appointment") for p in payloads(answer))


async def test_osnabrueck_alone_asks_city_or_district_once() -> None:
    (question,), events = await topic(
        [user("I have a Duldung and live in Osnabrück, can I work?", "ask_work_permit")]
    )
    assert question.text == "So I can name the right office: where do you live?"
    assert payloads(question) == [
        '/inform_situation{"residence_place": "district"}',
        '/inform_situation{"residence_place": "city_of_osnabrueck"}',
        '/inform_situation{"residence_place": "elsewhere"}',
    ]
    assert events == [
        SlotSet("residence_status", "duldung"),
        SlotSet("situation_pending", "ask_work_permit"),
        SlotSet("situation_asked", ["place:ask_work_permit"]),
    ]


async def test_a_district_resident_keeps_the_kreishaus_answer() -> None:
    (answer,), _ = await topic(
        [user("I live in Melle, where is the office?", "ask_location")], service="foreigners_office"
    )
    assert (
        answer.text
        == render("utter_location", Context(lang="en", slots={"service": "foreigners_office"})).text
    )


# --- kept from every message (custom slot mapping) ------------------------------------


async def test_a_statement_without_a_question_is_kept_for_the_next_answer() -> None:
    said = user("Ich bin Rumänin und wohne in Melle.", "inform")
    events = await ActionTrackSituation().run(CollectingDispatcher(), tracker([said]), {})
    assert events == [
        SlotSet("residence_status", "eu_citizen"),
        SlotSet("residence_place", "district"),
        SlotSet("residence_town", "Melle"),
    ]
    kept = {
        "residence_status": "eu_citizen",
        "residence_place": "district",
        "residence_town": "Melle",
    }
    question = user("Brauche ich eine Aufenthaltserlaubnis?", "ask_residence_permit")
    (answer,), later = await topic([said, question], "de", **kept)
    assert "zuständig: das Bürgerbüro (Meldebehörde) von Melle" in answer.text
    assert later == []


async def test_a_button_payload_is_left_to_its_entities() -> None:
    pressed = user('/inform_situation{"residence_status": "duldung"}', "inform_situation")
    assert await ActionTrackSituation().run(CollectingDispatcher(), tracker([pressed]), {}) == []


async def test_a_new_place_replaces_the_town() -> None:
    moved = user("now I live in the city of Osnabrück", "inform")
    events = await ActionTrackSituation().run(
        CollectingDispatcher(),
        tracker([moved], residence_place="district", residence_town="Melle"),
        {},
    )
    assert events == [
        SlotSet("residence_place", "city_of_osnabrueck"),
        SlotSet("residence_town", None),
    ]


async def test_a_plain_statement_answers_the_waiting_topic_if_the_inform_rule_runs_it() -> None:
    """For the lead: with `inform` -> action_answer_situation, "I have a Duldung" after the
    question answers the waiting topic; without a waiting topic, the services overview."""
    statement = user("I have a Duldung", "inform")
    dispatcher = CollectingDispatcher()
    filled = {"residence_status": "duldung", "situation_pending": "ask_work_permit"}
    events = await ActionAnswerSituation().run(dispatcher, tracker([statement], **filled), {})
    assert "Beschäftigungsduldung" in seen(dispatcher, "en", **filled)[0].text
    assert events == [SlotSet("situation_pending", None)]
    dispatcher = CollectingDispatcher()
    await ActionAnswerSituation().run(dispatcher, tracker([statement]), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_services_overview"]
