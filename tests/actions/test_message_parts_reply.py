"""A message with several parts (issue 16, pattern 2): a greeting or thanks that came with
the need is answered with one short line before the answer, and a second need of the same
message is offered after it as one button. What the person sees after action_answer_topic."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import ActionAnswerTopic
from bot.texts import Context, Reply, render
from tests.actions.test_clarify import bot, payloads, seen, titles, tracker, user


def with_parts(
    message: dict[str, Any], *, second: str | None = None, courtesy: str | None = None
) -> dict[str, Any]:
    """The user event as the NLU pipeline parses a message with several parts."""
    if second is not None:
        message["parse_data"]["second_intent"] = {"name": second, "confidence": 0.82}
    if courtesy is not None:
        message["parse_data"]["courtesy"] = courtesy
    return message


async def answer(events: list[dict[str, Any]], lang: str) -> list[Reply]:
    dispatcher = CollectingDispatcher()
    assert await ActionAnswerTopic().run(dispatcher, tracker(events, language=lang), {}) == []
    return seen(dispatcher, lang)


def the_answer(response: str, lang: str) -> str:
    return render(response, Context(lang=lang)).text


# --- greeting or thanks back -------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "hello"),
    [
        ("en", "hi, how do I extend my residence permit?", "Hello!"),
        ("de", "Hallo, wie verlängere ich meine Aufenthaltserlaubnis?", "Hallo!"),
        ("ar", "السلام عليكم، كيف أجدد الإقامة؟", "مرحباً!"),
        ("fa", "سلام، اقامتمو چطوری تمدید کنم؟", "سلام!"),
    ],
)
async def test_a_greeting_with_a_need_is_greeted_back_then_answered(
    lang: str, text: str, hello: str
) -> None:
    msg = with_parts(user(text, "ask_residence_permit", 0.9), courtesy="greet")
    greeting, reply = await answer([msg], lang)
    assert greeting.text == hello
    assert list(greeting.buttons) == []
    assert reply.text == the_answer("utter_residence_permit", lang)
    # never the long welcome text
    assert the_answer("utter_greet", lang) not in greeting.text + reply.text


@pytest.mark.parametrize(
    ("lang", "welcome"),
    [
        ("en", "You're welcome!"),
        ("de", "Gern geschehen!"),
        ("ar", "على الرحب والسعة!"),
        ("fa", "خواهش می‌کنم!"),
        ("uk", "Будь ласка!"),
        ("ru", "Пожалуйста!"),
        ("tr", "Rica ederim!"),
    ],
)
async def test_thanks_with_a_need_is_thanked_back_then_answered(lang: str, welcome: str) -> None:
    msg = with_parts(user("thanks! and where is it?", "ask_location", 0.9), courtesy="thank")
    thanks, reply = await answer([msg], lang)
    assert thanks.text == welcome
    assert reply.text == the_answer("utter_location", lang)


async def test_without_courtesy_only_the_answer() -> None:
    (reply,) = await answer([user("how do I extend my permit", "ask_residence_permit", 0.9)], "en")
    assert reply.text == the_answer("utter_residence_permit", "en")


async def test_an_unknown_courtesy_value_is_ignored() -> None:
    # "my permit": the person has one, so the general answer fits (no status question)
    msg = with_parts(user("yo, my permit?", "ask_residence_permit", 0.9), courtesy="goodbye")
    (reply,) = await answer([msg], "en")
    assert reply.text == the_answer("utter_residence_permit", "en")


# --- the second need as one button --------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "also", "label"),
    [
        ("en", "You also asked about this:", "German courses"),
        ("de", "Sie haben auch danach gefragt:", "Deutschkurse"),
        ("ar", "وسألت أيضًا عن هذا:", "دورات اللغة الألمانية"),
        ("fa", "همچنین دربارهٔ این موضوع پرسیدید:", "کلاس‌های زبان آلمانی"),
        ("uk", "Ви також запитували ось про що:", "Курси німецької мови"),
    ],
)
async def test_a_second_need_is_offered_after_the_answer(lang: str, also: str, label: str) -> None:
    msg = with_parts(
        user("can I work? and is there a free German course?", "ask_work_permit", 0.8),
        second="ask_language_course",
    )
    reply, offer = await answer([msg], lang)
    assert reply.text == the_answer("utter_work_permit", lang)
    assert offer.text == also
    assert titles(offer) == [label]
    assert payloads(offer) == ["/ask_language_course"]


async def test_greeting_answer_and_second_need_in_that_order_in_arabic() -> None:
    msg = with_parts(
        user("مرحبا، بدي اشتغل، وفي كورس الماني مجاني؟", "ask_work_permit", 0.8),
        second="ask_language_course",
        courtesy="greet",
    )
    greeting, reply, offer = await answer([msg], "ar")
    assert [greeting.text, reply.text, offer.text] == [
        "مرحباً!",
        the_answer("utter_work_permit", "ar"),
        "وسألت أيضًا عن هذا:",
    ]
    assert payloads(offer) == ["/ask_language_course"]


@pytest.mark.parametrize(
    "second",
    [
        "ask_work_permit",  # the answered need itself
        "greet",  # not a topic
        "book_appointment",  # labelled, but not a topic answered here
        "nonsense_intent",
    ],
)
async def test_no_offer_for_a_second_need_that_is_not_another_topic(second: str) -> None:
    msg = with_parts(user("can I work with my permit?", "ask_work_permit", 0.8), second=second)
    (reply,) = await answer([msg], "de")
    assert reply.text == the_answer("utter_work_permit", "de")
    assert "/ask_work_permit" not in payloads(reply)


async def test_the_offered_button_gets_its_answer() -> None:
    events = [
        with_parts(
            user("can I work? and is there a German course?", "ask_work_permit", 0.8),
            second="ask_language_course",
        ),
        bot("utter_work_permit"),
        bot("utter_also_asked"),
        user("/ask_language_course", "ask_language_course", 1.0),
    ]
    (reply,) = await answer(events, "fa")
    assert reply.text == the_answer("utter_language_course", "fa")


# --- never the same answer twice, with the parts ------------------------------------


async def test_the_same_answer_again_still_thanks_and_offers_the_second_need() -> None:
    events = [
        user("how do I extend my permit", "ask_residence_permit", 0.9),
        bot("utter_residence_permit"),
        with_parts(
            user(
                "thanks, but how do I extend it? and naturalisation?", "ask_residence_permit", 0.7
            ),
            second="ask_naturalization",
            courtesy="thank",
        ),
    ]
    thanks, missing, offer = await answer(events, "de")
    assert thanks.text == "Gern geschehen!"
    assert missing.text == the_answer("utter_not_again", "de")
    assert the_answer("utter_residence_permit", "de") not in missing.text
    assert offer.text == "Sie haben auch danach gefragt:"
    assert titles(offer) == ["Einbürgerung"]
    assert payloads(offer) == ["/ask_naturalization"]


def test_the_offer_without_an_intent_has_no_button() -> None:
    reply = render("utter_also_asked", Context(lang="en"))
    assert reply.text == "You also asked about this:"
    assert list(reply.buttons) == []
