"""Follow-ups in context, "Do you mean …?", never the same answer twice, destructive only
when clear (issue 16, patterns 4 and 7): what the person sees after each action."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.appointments import ActionStartCancel
from actions.clarify import ActionAnswerTopic, ActionStartDelete
from actions.context import ActionTrackContext
from actions.fallback import ActionHandleFallback
from bot.texts import Context, Reply, render


def user(text: str, intent: str, confidence: float, **ranking: float) -> dict[str, Any]:
    ranked = [{"name": intent, "confidence": confidence}] + [
        {"name": name, "confidence": value} for name, value in ranking.items()
    ]
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranked,
            "entities": [],
            "metadata": {},
        },
        "metadata": {},
    }


def bot(response: str) -> dict[str, Any]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": response}}


def tracker(events: list[dict[str, Any]], **slots: Any) -> Tracker:
    latest = events[-1]["parse_data"]
    return Tracker.from_dict(
        {
            "sender_id": "clarify-1",
            "slots": {"language": "en", **slots},
            "latest_message": latest,
            "events": events,
        }
    )


def seen(dispatcher: CollectingDispatcher, lang: str = "en", **slots: Any) -> list[Reply]:
    """The replies the person reads (rendered as bot/ renders them for Rasa)."""
    return [
        render(
            m["response"],
            Context(
                lang=lang, slots=slots, arguments={k: v for k, v in m.items() if k != "response"}
            ),
        )
        for m in dispatcher.messages
    ]


def titles(reply: Reply) -> list[str]:
    return [button.title for button in reply.buttons]


def payloads(reply: Reply) -> list[str]:
    return [button.payload for button in reply.buttons]


# --- follow-ups in context ---------------------------------------------------------


async def test_a_topic_becomes_the_topic_and_its_service() -> None:
    events = await ActionTrackContext().run(
        CollectingDispatcher(),
        tracker([user("deadline for a discrimination complaint?", "ask_discrimination", 0.9)]),
        {},
    )
    assert events == [
        SlotSet("service", "integration_commissioner"),
        SlotSet("topic", "ask_discrimination"),
    ]


async def test_what_to_bring_keeps_topic_and_service() -> None:
    events = await ActionTrackContext().run(
        CollectingDispatcher(),
        tracker(
            [user("and what do I need to bring for that?", "ask_required_documents", 0.9)],
            service="migration_centre",
            topic="ask_recognition",
        ),
        {},
    )
    assert events == []


async def test_another_service_named_drops_the_old_topic() -> None:
    msg = user("what about the foreigners office", "ask_services_overview", 0.9)
    msg["parse_data"]["entities"] = [{"entity": "service", "value": "foreigners_office"}]
    events = await ActionTrackContext().run(
        CollectingDispatcher(),
        tracker([msg], service="migration_centre", topic="ask_recognition"),
        {},
    )
    assert events == [SlotSet("service", "foreigners_office"), SlotSet("topic", None)]


def test_what_to_bring_after_recognition_is_the_recognition_list() -> None:
    reply = render(
        "utter_required_documents",
        Context(lang="en", slots={"service": "migration_centre", "topic": "ask_recognition"}),
    )
    assert reply.text.startswith(
        "For “Recognition of qualifications” at the Migrationszentrum of MaßArbeit, please bring:"
    )
    assert "• school, training and work certificates" in reply.text
    assert "biometric passport photo" not in reply.text  # not the foreigners' office list
    assert payloads(reply) == [
        '/book_appointment{"service": "migration_centre", "booking_concern": "recognition"}',
        '/request_human{"service": "migration_centre"}',
    ]


def test_what_to_bring_after_discrimination_in_farsi() -> None:
    reply = render(
        "utter_required_documents",
        Context(
            lang="fa", slots={"service": "integration_commissioner", "topic": "ask_discrimination"}
        ),
    )
    assert reply.text.startswith("برای «")
    assert "foreigners_office" not in " ".join(payloads(reply))


def test_what_to_bring_without_a_topic_is_the_usual_list() -> None:
    reply = render("utter_required_documents", Context(lang="en"))
    assert reply.text.startswith("What to bring depends on your concern")


def test_when_is_it_open_answers_for_the_service_of_the_topic() -> None:
    reply = render(
        "utter_opening_hours",
        Context(lang="en", slots={"service": "migration_centre", "topic": "ask_language_course"}),
    )
    assert "Migrationszentrum" in reply.text
    assert "foreigners' office" not in reply.text


# --- "Do you mean …?" ----------------------------------------------------------------


async def test_unsure_model_asks_which_need_in_arabic() -> None:
    msg = user(
        "شو لازم اعمل",
        "nlu_fallback",
        0.3,
        ask_benefits=0.28,
        ask_job_search=0.25,
        greet=0.2,
        ask_language_course=0.12,
        ask_events=0.05,
    )
    dispatcher = CollectingDispatcher()
    events = await ActionHandleFallback().run(dispatcher, tracker([msg], language="ar"), {})
    assert events == []
    (reply,) = seen(dispatcher, "ar")
    assert reply.text == "لست متأكدًا أنني فهمتك. هل تقصد أحد هذه المواضيع؟"
    assert payloads(reply) == [
        "/ask_benefits",
        "/ask_job_search",
        "/ask_language_course",
        "/request_human",
    ]
    assert len(set(titles(reply))) == 4


async def test_no_real_candidate_still_asks_to_rephrase() -> None:
    msg = user("blorp", "nlu_fallback", 0.3, greet=0.2, ask_events=0.04)
    dispatcher = CollectingDispatcher()
    await ActionHandleFallback().run(dispatcher, tracker([msg]), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


# --- never the same answer twice in a row -------------------------------------------


async def test_same_topic_answer_again_asks_what_is_missing() -> None:
    events = [
        user("I want citizenship", "ask_naturalization", 0.9),
        {"event": "action", "name": "action_answer_topic"},
        bot("utter_naturalization"),
        {"event": "action", "name": "action_listen"},
        user("how do I become a German citizen", "ask_naturalization", 0.6),
    ]
    dispatcher = CollectingDispatcher()
    assert await ActionAnswerTopic().run(dispatcher, tracker(events), {}) == []
    (reply,) = seen(dispatcher, service="foreigners_office")
    assert reply.text.startswith("That is all I know about this")
    assert titles(reply) == ["Talk to a person", "Book an appointment", "All services"]


async def test_a_topic_answer_after_another_answer_is_sent() -> None:
    events = [
        user("I want citizenship", "ask_naturalization", 0.9),
        bot("utter_naturalization"),
        user("where is it", "ask_location", 0.9),
        bot("utter_location"),
        user("and citizenship again?", "ask_naturalization", 0.9),
    ]
    dispatcher = CollectingDispatcher()
    await ActionAnswerTopic().run(dispatcher, tracker(events), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_naturalization"]


async def test_a_weak_topic_with_a_rival_is_asked_not_guessed() -> None:
    # "i got a letter …" read as "where is it?" at 0.31, a person close behind.
    msg = user(
        "i got a letter from the office and i dont understand it",
        "ask_location",
        0.31,
        request_human=0.19,
        ask_opening_hours=0.04,
    )
    dispatcher = CollectingDispatcher()
    assert await ActionAnswerTopic().run(dispatcher, tracker([msg]), {}) == []
    (reply,) = seen(dispatcher)
    assert reply.text == render("utter_clarify", Context(lang="en")).text
    assert "/ask_location" in payloads(reply)
    assert any(p.startswith("/request_human") for p in payloads(reply))


async def test_a_weak_topic_without_a_rival_is_answered() -> None:
    msg = user("wo ist das", "ask_location", 0.35, ask_opening_hours=0.05)
    dispatcher = CollectingDispatcher()
    await ActionAnswerTopic().run(dispatcher, tracker([msg]), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_location"]


# --- destructive only on a clear request --------------------------------------------


async def test_discrimination_deadline_never_asks_to_delete_everything() -> None:
    msg = user(
        "what is the deadline for a discrimination complaint",
        "delete_my_data",
        0.55,
        ask_discrimination=0.35,
    )
    dispatcher = CollectingDispatcher()
    await ActionStartDelete().run(dispatcher, tracker([msg]), {})
    (reply,) = seen(dispatcher)
    assert "delete everything" not in reply.text.lower()
    assert reply.text == "I am not sure I understood you. Do you mean one of these?"
    assert titles(reply) == ["Delete my data", "Discrimination", "Talk to a person"]


async def test_a_confident_request_with_a_rival_still_asks() -> None:
    msg = user("lösch das mit der beschwerde", "delete_my_data", 0.82, ask_discrimination=0.15)
    dispatcher = CollectingDispatcher()
    await ActionStartDelete().run(dispatcher, tracker([msg], language="de"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_clarify"]


async def test_a_clear_request_asks_to_confirm_the_deletion() -> None:
    msg = user("/delete_my_data", "delete_my_data", 1.0)
    dispatcher = CollectingDispatcher()
    await ActionStartDelete().run(dispatcher, tracker([msg]), {})
    (reply,) = seen(dispatcher)
    assert reply.text.startswith("Shall I delete everything this chat has stored about you?")


async def test_an_unclear_cancel_asks_first_and_cancels_nothing() -> None:
    msg = user("can i cancel the complaint", "cancel_appointment", 0.5, ask_discrimination=0.3)
    dispatcher = CollectingDispatcher()
    events = await ActionStartCancel().run(dispatcher, tracker([msg], language="uk"), {})
    assert events == []
    (reply,) = seen(dispatcher, "uk")
    assert reply.text.startswith("Я не впевнений")
    assert payloads(reply) == ["/cancel_appointment", "/ask_discrimination", "/request_human"]


# --- a correction onto the topic just answered is not a repeat ------------------------
# (Topics whose answer never waits for the person's situation, actions/situation.py.)


def after_the_course_answer(text: str, confidence: float = 0.8, **ranking: float) -> Tracker:
    events = [
        user("is there a free german course", "ask_language_course", 0.9),
        {"event": "action", "name": "action_answer_topic"},
        bot("utter_language_course"),
        {"event": "action", "name": "action_listen"},
        user(text, "ask_language_course", confidence, **ranking),
    ]
    return tracker(events, service="migration_centre", topic="ask_language_course")


@pytest.mark.parametrize(
    ("lang", "text", "question"),
    [
        (
            "en",
            "no, I mean the German course",
            "What exactly would you like to know about “German courses”? Choose below or "
            "tell me in other words.",
        ),
        (
            "de",
            "nein, ich meine den Deutschkurs",
            "Was genau möchten Sie zu „Deutschkurse“ wissen? Wählen Sie unten aus oder "
            "sagen Sie es mir mit anderen Worten.",
        ),
        (
            "ar",
            "لا، قصدي كورس الألماني",
            "ما الذي تريد معرفته بالضبط عن «دورات اللغة الألمانية»؟ اختر من الأسفل أو اكتب لي "
            "بكلمات أخرى.",
        ),
    ],
)
async def test_a_correction_onto_the_topic_just_answered_asks_what_is_missing(
    lang: str, text: str, question: str
) -> None:
    dispatcher = CollectingDispatcher()
    found = after_the_course_answer(text)
    found.slots["language"] = lang
    assert await ActionAnswerTopic().run(dispatcher, found, {}) == []
    (reply,) = seen(dispatcher, lang, service="migration_centre")
    assert reply.text == question
    assert payloads(reply) == [
        "/ask_required_documents",
        "/ask_location",
        "/ask_opening_hours",
        '/request_human{"service": "migration_centre"}',
    ]


async def test_a_correction_offers_what_else_the_model_saw_first() -> None:
    # "no, I want to find work" after the recognition answer, read as recognition again.
    events = [
        user("my diploma from syria, is it valid here", "ask_recognition", 0.9),
        bot("utter_recognition"),
        user("no, I want to find work", "ask_recognition", 0.6, ask_job_search=0.3),
    ]
    dispatcher = CollectingDispatcher()
    await ActionAnswerTopic().run(dispatcher, tracker(events), {})
    (reply,) = seen(dispatcher, service="migration_centre")
    assert reply.text.startswith(
        "What exactly would you like to know about “Recognition of qualifications”?"
    )
    assert titles(reply)[0] == "Find a job"
    assert titles(reply)[-1] == "Talk to a person"


async def test_the_parse_key_correction_decides_when_the_model_sets_it() -> None:
    found = after_the_course_answer("the course!!")
    found.latest_message["correction"] = True
    dispatcher = CollectingDispatcher()
    await ActionAnswerTopic().run(dispatcher, found, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_what_is_missing"]
    quiet = after_the_course_answer("no, I mean the German course")
    quiet.latest_message["correction"] = False
    dispatcher = CollectingDispatcher()
    await ActionAnswerTopic().run(dispatcher, quiet, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_not_again"]


async def test_a_correction_onto_a_new_topic_gets_its_answer() -> None:
    events = [
        user("is there a free german course", "ask_language_course", 0.9),
        bot("utter_language_course"),
        user("no, not the course, I mean recognition of my diploma", "ask_recognition", 0.8),
    ]
    dispatcher = CollectingDispatcher()
    await ActionAnswerTopic().run(dispatcher, tracker(events), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_recognition"]


def with_subtopic(event: dict[str, Any], name: str, confidence: float = 0.8) -> dict[str, Any]:
    """The user event as the NLU pipeline leaves it when it names a sub-topic."""
    event["parse_data"]["subtopic"] = {"name": name, "confidence": confidence}
    return event


def test_a_specific_question_gets_its_own_answer_not_the_topics() -> None:
    """ "My card was stolen" is a residence question, but the extension text is useless."""
    events = [
        with_subtopic(user("my card was stolen", "ask_residence_permit", 0.9), "lost_documents")
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker(events), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_lost_documents"]
    assert "116 116" in seen(dispatcher)[0].text


def test_a_specific_question_asks_no_situation_question_first() -> None:
    """The work answer waits for the status; "Kindergeld" does not need it."""
    events = [with_subtopic(user("Kindergeld?", "ask_benefits", 0.7), "family_benefits")]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker(events), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_family_benefits"]


def test_the_same_specific_question_again_is_not_answered_twice() -> None:
    first = with_subtopic(user("Kindergeld?", "ask_benefits", 0.9), "family_benefits")
    again = with_subtopic(user("Kindergeld bitte", "ask_benefits", 0.9), "family_benefits")
    events = [first, bot("utter_family_benefits"), again]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker(events), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_not_again"]


def test_a_missed_message_with_a_clear_subtopic_is_answered_not_asked_to_rephrase() -> None:
    events = [
        with_subtopic(user("Wohnsitzauflage weg?", "nlu_fallback", 0.2), "residence_obligation")
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionHandleFallback().run(dispatcher, tracker(events), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_residence_obligation"]


def test_a_stated_situation_that_changes_nothing_is_still_a_repeat() -> None:
    """ "I have § 24" right after the § 24 answer: the same text again would help nobody."""
    slots = {"residence_status": "temporary_protection"}
    text = render("utter_work_permit", Context(lang="en", slots=slots)).text
    events = [
        user("am I allowed to work?", "ask_work_permit", 0.9),
        {**bot("utter_work_permit"), "text": text},
        user("I have paragraph 24, can I work?", "ask_work_permit", 0.9),
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker(events, **slots), {}))
    responses = [m["response"] for m in dispatcher.messages]
    assert "utter_work_permit" not in responses, responses
    assert responses == ["utter_not_again"]


def test_a_work_question_with_a_status_gets_the_status_work_answer() -> None:
    """ "I have a Duldung, can I work?" names the Duldung, but asks about work: the
    situation's work variant answers (it also asks where a person of "Osnabrück" lives)."""
    event = with_subtopic(user("I have a Duldung, can I work?", "ask_work_permit", 0.9), "duldung")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker([event]), {}))
    assert [m["response"] for m in dispatcher.messages] != ["utter_duldung"]
    assert dispatcher.messages[0]["response"] == "utter_work_permit"


def test_a_work_question_as_the_second_part_also_gets_the_status_answer() -> None:
    """ "I have § 24. Can I work?": § 24 leads, work is the second part; not the text
    about the end of the protection."""
    event = with_subtopic(
        user("I have § 24. Can I work?", "ask_temporary_protection", 0.9),
        "leave_temporary_protection",
    )
    event["parse_data"]["second_intent"] = {"name": "ask_work_permit", "confidence": 0.9}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker([event]), {}))
    assert "utter_leave_temporary_protection" not in [m["response"] for m in dispatcher.messages]


def test_an_apprenticeship_with_a_duldung_gets_the_duldung_routes() -> None:
    """The Ausbildungsduldung is what a person with a Duldung needs to hear about."""
    events = [user("can I do an Ausbildung?", "ask_apprenticeship", 0.9)]
    dispatcher = CollectingDispatcher()
    asyncio.run(
        ActionAnswerTopic().run(dispatcher, tracker(events, residence_status="duldung"), {})
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_duldung"]
    assert "Ausbildungsduldung" in seen(dispatcher)[0].text
    plain = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(plain, tracker(events), {}))
    assert [m["response"] for m in plain.messages] == ["utter_apprenticeship"]


def test_a_second_need_the_answer_already_offers_gets_no_second_button() -> None:
    """The EU citizens' work answer has "Find a job" itself: no "You also asked" for it."""
    event = user("I'm from Romania, do I need a work permit? and a job", "ask_work_permit", 0.9)
    event["parse_data"]["second_intent"] = {"name": "ask_job_search", "confidence": 0.8}
    dispatcher = CollectingDispatcher()
    asyncio.run(
        ActionAnswerTopic().run(dispatcher, tracker([event], residence_status="eu_citizen"), {})
    )
    responses = [m["response"] for m in dispatcher.messages]
    assert responses == ["utter_work_permit"], responses


def test_a_stated_status_is_context_and_the_other_need_is_answered() -> None:
    """ "I have § 24. Who pays my Bürgergeld?": the model reads § 24 with benefits as the
    second need; the person asked about benefits, so that is answered (for § 24) and
    neither the § 24 text nor a "you also asked" button for benefits comes."""
    text = "Я з України, маю тимчасовий захист §24. Хто мені платить Bürgergeld?"
    event = with_subtopic(user(text, "ask_temporary_protection", 0.8), "leave_temporary_protection")
    event["parse_data"]["second_intent"] = {"name": "ask_benefits", "confidence": 0.7}
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, tracker([event], language="uk"), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_benefits"]
    assert SlotSet("residence_status", "temporary_protection") in events
    reply = seen(dispatcher, "uk", residence_status="temporary_protection")[0]
    assert "1 квітня 2025" in reply.text and "Migrationszentrum" in reply.text
    assert "/ask_benefits" not in payloads(reply)


def test_a_status_question_without_another_need_is_the_status_answer() -> None:
    event = user("Я з України, маю тимчасовий захист §24", "ask_temporary_protection", 0.9)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker([event], language="uk"), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_temporary_protection"]


def test_the_same_text_under_another_answer_name_is_not_sent_again() -> None:
    """The Duldung routes answered "can I work?" (as the work answer's variant); "and an
    Ausbildung?" reads as the Duldung routes again: not the same block word for word, but
    the apprenticeship answer; asked once more, "what is still missing?"."""
    first = user("I have a Duldung, can I work?", "ask_work_permit", 0.9)
    shown = render("utter_duldung", Context(lang="en", slots={"residence_status": "duldung"})).text
    events = [
        first,
        {"event": "bot", "text": shown, "metadata": {"utter_action": "utter_work_permit"}},
        user("and an Ausbildung?", "ask_apprenticeship", 0.9),
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(
        ActionAnswerTopic().run(dispatcher, tracker(events, residence_status="duldung"), {})
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_apprenticeship"]
    again = [
        *events,
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_apprenticeship"}},
        user("and an Ausbildung??", "ask_apprenticeship", 0.9),
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker(again, residence_status="duldung"), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_not_again"]


def test_how_much_after_the_language_course_is_the_course_cost() -> None:
    """ "скільки коштує?" right after the course answer is not about naturalisation fees."""
    events = [
        user("інтеграційний курс платний?", "ask_language_course", 0.9),
        bot("utter_course_costs"),
        with_subtopic(user("а скільки коштує?", "ask_language_course", 0.6), "fees"),
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker(events, language="uk"), {}))
    assert [m["response"] for m in dispatcher.messages] != ["utter_fees"]
    after_permit = [
        user("Aufenthaltstitel verlängern", "ask_residence_permit", 0.9),
        bot("utter_residence_permit"),
        with_subtopic(user("was kostet das?", "ask_residence_permit", 0.6), "fees"),
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker(after_permit), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_fees"]
