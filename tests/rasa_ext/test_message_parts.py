"""Messages with several parts: the need wins over small talk, the corrected topic
over the negated one, a second need is kept. The part classifier is a table here,
so these tests pin the decision rules, not the model."""

from __future__ import annotations

import pytest

from rasa_ext.message_parts import Decision, decide, is_negated, parts_of, states_what_one_has

# What a part "means" to the stand-in classifier: the first keyword found.
KEYWORDS = {
    "salam": "greet",
    "hallo": "greet",
    "привет": "greet",
    "سلام": "greet",
    "thanks": "thank",
    "danke": "thank",
    "citizenship": "ask_naturalization",
    "гражданство": "ask_naturalization",
    "permit": "ask_residence_permit",
    "продление": "ask_residence_permit",
    "work": "ask_work_permit",
    "çalış": "ask_work_permit",
    "kurs": "ask_language_course",
    "iqame": "ask_residence_permit",
    "اقامت": "ask_residence_permit",
}


def classify(text: str) -> dict[str, float]:
    lowered = text.lower()
    for word, intent in KEYWORDS.items():
        if word in lowered:
            return {intent: 0.9, "inform": 0.1}
    return {"inform": 0.6, "greet": 0.4}


def whole(intent: str) -> dict[str, float]:
    return {intent: 0.7, "inform": 0.3}


@pytest.mark.parametrize(
    ("text", "top", "need"),
    [
        ("salam, how do I extend my permit?", "greet", "ask_residence_permit"),
        ("Привет! Продление визы – как?", "greet", "ask_residence_permit"),
        ("سلام. اقامتم تموم میشه چیکار کنم؟", "greet", "ask_residence_permit"),
        ("thanks! and may I work with this paper?", "thank", "ask_work_permit"),
    ],
)
def test_the_need_wins_over_a_greeting_or_thanks(text: str, top: str, need: str) -> None:
    decision = decide(text, whole(top), classify)
    assert decision.main is not None and decision.main.intent == need
    assert decision.courtesy == top


@pytest.mark.parametrize(
    "text",
    [
        "No, I don't want citizenship, my permit runs out, I want to extend it",
        "нет, не гражданство, а продление",
    ],
)
def test_the_corrected_need_wins_over_the_negated_one(text: str) -> None:
    decision = decide(text, whole("ask_naturalization"), classify)
    assert decision.main is not None and decision.main.intent == "ask_residence_permit"
    assert decision.second is None  # the negated topic is never offered
    assert decision.correcting  # a correction, not the same question again


@pytest.mark.parametrize("text", ["No, thanks", "salam, how do I extend my permit?"])
def test_no_correction_without_a_rejected_need(text: str) -> None:
    top = "thank" if text.startswith("No") else "greet"
    assert not decide(text, whole(top), classify).correcting


def test_a_second_need_is_kept() -> None:
    text = "merhaba, 2024te geldim, karar yok. çalışabilir miyim? bir de almanca kurs var mı?"
    decision = decide(text, whole("ask_work_permit"), classify)
    assert decision.main is None  # the whole message's reading stands
    assert decision.second is not None and decision.second.intent == "ask_language_course"


@pytest.mark.parametrize("text", ["how do I extend my permit?", "salam", "Привет! Как дела?"])
def test_nothing_changes_without_a_need_in_another_part(text: str) -> None:
    top = "ask_residence_permit" if "permit" in text else "greet"
    assert decide(text, whole(top), classify) == Decision(None, None, None)


def test_a_long_negated_part_needs_a_word_of_not_wanting() -> None:
    assert is_negated("not citizenship")
    assert is_negated("ich will keine Einbürgerung")
    assert is_negated("ما بدي الجنسية")
    # "I can't find work" is a need, not a rejected topic.
    assert not is_negated("не могу найти работу уже полгода")


def test_parts_split_sentences_clauses_and_corrections() -> None:
    assert parts_of("Hallo! Ich brauche Hilfe, bitte. Danke") == [
        "Hallo",
        "Ich brauche Hilfe",
        "bitte",
        "Danke",
    ]
    assert parts_of("not citizenship I mean my permit") == ["not citizenship", "I mean my permit"]
    assert parts_of("   ") == []


def test_the_question_wins_over_what_the_person_has() -> None:
    def reads(text: str) -> dict[str, float]:
        if "passport" in text:
            return {"ask_naturalization": 0.9, "inform": 0.1}
        return classify(text)

    text = "I have a German passport now. Do I still need a residence permit?"
    decision = decide(text, whole("ask_naturalization"), reads)
    assert decision.main is not None and decision.main.intent == "ask_residence_permit"
    # A question about the topic of what one has stays that topic.
    text = "I have a German passport now. How long does citizenship take for my wife?"
    decision = decide(text, whole("ask_naturalization"), reads)
    assert decision.main is None


def reads_a_story(text: str) -> dict[str, float]:
    """§ 24 and a permit that ends, then "what do I do?" (the model reads that as help)."""
    lowered = text.lower()
    if "24" in lowered:
        return {"ask_temporary_protection": 0.99, "inform": 0.01}
    if "робити" in lowered or "what do i do" in lowered or "was soll ich" in lowered:
        return {"help": 0.56, "ask_benefits": 0.07, "inform": 0.37}
    return classify(text)


@pytest.mark.parametrize(
    "text",
    [
        "Добрий день! Я з Харкова, маю параграф 24, дозвіл закінчується в березні. Що мені робити?",
        "I have § 24 and my permit ends in March. What do I do?",
    ],
)
def test_a_generic_question_after_a_story_answers_the_story(text: str) -> None:
    # The whole message read as the story's topic: "what do I do?" does not replace it.
    assert decide(text, whole("ask_temporary_protection"), reads_a_story).main is None
    # The whole message read as "help": the story's topic is the need.
    decision = decide(text, whole("help"), reads_a_story)
    assert decision.main is not None and decision.main.intent == "ask_temporary_protection"


def test_a_generic_question_alone_stays_help() -> None:
    assert decide("Hallo! Was soll ich machen?", whole("help"), reads_a_story).main is None


def test_a_weak_reading_with_one_clear_part_takes_that_part() -> None:
    def reads(text: str) -> dict[str, float]:
        if "duldung" in text.lower():
            return {"ask_residence_permit": 0.7, "ask_work_permit": 0.09, "inform": 0.21}
        if "was kann ich tun" in text.lower():
            return {"help": 0.89, "inform": 0.11}
        return {"ask_discrimination": 0.17, "inform": 0.83}

    text = (
        "Ich arbeite seit zwei Jahren als Koch in Melle. Mein Chef will mich behalten, "
        "aber meine Duldung läuft bald aus. Was kann ich tun?"
    )
    weak = {"ask_residence_permit": 0.32, "ask_naturalization": 0.12, "help": 0.1}
    decision = decide(text, weak, reads)
    assert decision.main is not None
    assert (decision.main.intent, decision.main.confidence) == ("ask_residence_permit", 0.7)
    # A sure reading needs no part, and a part that is not clear does not lead.
    assert decide(text, {"ask_residence_permit": 0.8, "inform": 0.2}, reads).main is None
    unclear = decide("Mein Chef will mich behalten. Was kann ich tun?", weak, reads)
    assert unclear.main is None


def test_a_question_about_the_topic_at_hand_is_not_a_second_need() -> None:
    def reads(text: str) -> dict[str, float]:
        if "bring" in text:
            return {"ask_required_documents": 0.9, "inform": 0.1}
        return classify(text)

    decision = decide("my permit runs out, what do I bring?", whole("ask_residence_permit"), reads)
    assert decision.second is None


@pytest.mark.parametrize(
    ("part", "context"),
    [
        ("من Aufenthaltserlaubnis دارم", True),
        ("у меня вид на жительство", True),
        ("I have a residence permit", True),
        ("bir de almanca kurs var mı", False),  # Turkish "var" is "there is"
        ("عندي سؤال عن الإقامة", False),  # a question is a need
        ("I'm looking for work", False),
    ],
)
def test_what_one_has_is_context_not_a_second_need(part: str, context: bool) -> None:
    assert states_what_one_has(part) is context
