"""action_handle_fallback: rephrase first, then offer an appointment or a person."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionHandleFallback
from bot.texts import Context, Reply, render
from tests.actions.test_clarify import payloads, seen, tracker, user
from tests.conftest import load_tracker


@pytest.mark.parametrize(
    ("fixture", "response"),
    [
        ("one_miss", "utter_default"),
        ("two_misses_in_a_row", "utter_fallback_offer"),
        ("miss_after_an_understood_message", "utter_default"),
        ("off_topic", "utter_out_of_scope"),
        ("off_topic_then_miss", "utter_fallback_offer"),
    ],
)
async def test_fallback_response(fixture: str, response: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHandleFallback().run(
        dispatcher, Tracker.from_dict(load_tracker(fixture)), {}
    )
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == [response]


# --- courtesy and a second need in a message that was not understood ------------------


async def fallback(msg: dict[str, Any], lang: str) -> list[Reply]:
    dispatcher = CollectingDispatcher()
    assert await ActionHandleFallback().run(dispatcher, tracker([msg], language=lang), {}) == []
    return seen(dispatcher, lang)


def not_understood(lang: str) -> str:
    return render("utter_default", Context(lang=lang)).text


async def test_hello_and_something_not_understood_is_greeted_back_then_asked_again() -> None:
    msg = user("Hallo! Wegen dem Ding von letzter Woche", "nlu_fallback", 0.35, greet=0.45)
    hello, reply = await fallback(msg, "de")
    assert hello.text == "Hallo!"
    assert reply.text == not_understood("de")


async def test_the_parse_key_courtesy_thanks_back_in_ukrainian() -> None:
    msg = user("дякую! а що з тим листом", "nlu_fallback", 0.3, ask_events=0.05)
    msg["parse_data"]["courtesy"] = "thank"
    thanks, reply = await fallback(msg, "uk")
    assert thanks.text == render("utter_thanks_back", Context(lang="uk")).text
    assert reply.text == not_understood("uk")


async def test_a_weak_greeting_in_the_ranking_is_no_greeting() -> None:
    msg = user("blorp frump", "nlu_fallback", 0.3, greet=0.2)
    (reply,) = await fallback(msg, "en")
    assert reply.text == not_understood("en")


async def test_a_second_need_is_offered_as_a_button_after_the_fallback() -> None:
    msg = user("سلام، اون چیز که گفتی... کلاس زبان هم هست؟", "nlu_fallback", 0.3, greet=0.5)
    msg["parse_data"]["second_intent"] = {"name": "ask_language_course", "confidence": 0.7}
    hello, reply, also = await fallback(msg, "fa")
    assert hello.text == "سلام!"
    assert reply.text == not_understood("fa")
    assert also.text == render("utter_also_asked", Context(lang="fa")).text
    assert payloads(also) == ["/ask_language_course"]


async def test_a_second_need_already_among_the_buttons_is_not_offered_twice() -> None:
    msg = user("شو لازم اعمل", "nlu_fallback", 0.3, ask_benefits=0.28, ask_job_search=0.25)
    msg["parse_data"]["second_intent"] = {"name": "ask_benefits", "confidence": 0.7}
    (reply,) = await fallback(msg, "ar")
    assert payloads(reply) == ["/ask_benefits", "/ask_job_search", "/request_human"]


# --- a missed question with a stated status ----------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "status"),
    [
        ("de", "Ich bin aus Polen, wo melde ich mich an?", "eu_citizen"),
        ("en", "I am EU citizen, do I need to register somewhere?", "eu_citizen"),
        ("ru", "У меня дульдунг, что мне делать?", "duldung"),
    ],
)
async def test_a_missed_question_with_a_stated_status_gets_that_status_answer(
    lang: str, text: str, status: str
) -> None:
    """Not "please rephrase": the residence answer for the status the person named (an
    EU citizen learns that no permit is needed and where to register), and the status is
    kept for the next question."""
    dispatcher = CollectingDispatcher()
    events = await ActionHandleFallback().run(
        dispatcher, tracker([user(text, "nlu_fallback", 0.25)], language=lang), {}
    )
    assert {"event": "slot", "name": "residence_status", "value": status} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    (reply,) = seen(dispatcher, lang, residence_status=status)
    assert reply.text != not_understood(lang)
    if status == "eu_citizen":
        assert "2013" in reply.text  # no Freizügigkeitsbescheinigung since 2013: register
