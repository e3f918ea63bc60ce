"""The simulated newcomer follows the assistant's buttons to a booked reference."""

from __future__ import annotations

import random
from typing import Any

from bench.scripts import (
    BOOK,
    BOOKED,
    LANGUAGES,
    STUCK,
    WAITING_LIST,
    YES,
    Phrases,
    load_phrases,
    newcomer,
    next_step,
)


def answer(*payloads: str, text: str = "") -> dict[str, Any]:
    return {"messages": [{"text": text, "buttons": [{"title": p, "payload": p} for p in payloads]}]}


def test_every_language_has_greetings_questions_and_goodbyes_from_the_test_sets() -> None:
    phrases = load_phrases()
    assert set(phrases) == set(LANGUAGES) == set(BOOK) == set(YES)
    for lang, p in phrases.items():
        assert p.greetings and p.goodbyes, lang
        assert len(p.questions) >= 10, lang


def test_confirmation_is_answered_with_a_typed_yes_in_the_users_language() -> None:
    summary = answer("/affirm", "/deny")
    assert next_step(summary, "uk", random.Random(1)) == "так"


def test_times_are_picked_among_the_first_three() -> None:
    offer = answer(*(f'/inform{{"booking_time": "{i}"}}' for i in range(5)))
    picks = {next_step(offer, "de", random.Random(seed)) for seed in range(40)}
    assert picks == {f'/inform{{"booking_time": "{i}"}}' for i in range(3)}


def test_nothing_to_click_means_the_booking_stalls() -> None:
    assert next_step(answer(text="Sorry?"), "en", random.Random(1)) is None


async def test_a_conversation_books_and_says_goodbye() -> None:
    said: list[str] = []
    flow = iter(
        [
            answer(text="Hello"),
            answer(text="Answer 1"),
            answer(text="Answer 2"),
            answer('/inform{"booking_concern": "x"}'),
            answer('/inform{"booking_time": "t"}'),
            answer("/affirm", "/deny"),
            answer(text="Booked: KM-AB12"),
            answer(text="Bye"),
        ]
    )

    async def say(text: str) -> dict[str, Any]:
        said.append(text)
        return next(flow)

    phrases = Phrases(greetings=["hi"], questions=["q1", "q2"], goodbyes=["bye"])
    assert await newcomer(say, "en", phrases, random.Random(3)) == BOOKED
    assert said[0] == "hi" and sorted(said[1:3]) == ["q1", "q2"]
    assert said[3] == BOOK["en"] and said[-2] == "yes" and said[-1] == "bye"


async def test_a_booking_without_a_reference_is_reported() -> None:
    async def say(text: str) -> dict[str, Any]:
        return answer(text="I did not understand")

    phrases = Phrases(greetings=["hi"], questions=["q1", "q2"], goodbyes=["bye"])
    assert await newcomer(say, "en", phrases, random.Random(3)) == STUCK


async def test_a_full_calendar_ends_on_the_waiting_list() -> None:
    flow = iter(
        [
            answer(text="Hello"),
            answer(text="Answer 1"),
            answer(text="Answer 2"),
            answer('/inform{"booking_time": "waitlist"}'),
            answer(text="You are on the waiting list."),
            answer(text="Bye"),
        ]
    )

    async def say(text: str) -> dict[str, Any]:
        return next(flow)

    phrases = Phrases(greetings=["hi"], questions=["q1", "q2"], goodbyes=["bye"])
    assert await newcomer(say, "ar", phrases, random.Random(3)) == WAITING_LIST
