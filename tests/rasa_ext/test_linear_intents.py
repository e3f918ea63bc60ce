"""The linear intent vote: trains in the pipeline, survives saving and loading
(plain arrays, no pickle), mixes with DIET's ranking and reads multi-part messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_ext.linear_intents import COURTESY, SECOND_INTENT, TOPIC, LinearIntentVote

EXAMPLES = {
    "greet": ["hello", "hi there", "salam", "good morning", "hallo", "привет", "سلام"],
    "ask_residence_permit": [
        "how do I extend my residence permit",
        "my permit runs out",
        "extend my Aufenthaltserlaubnis",
        "residence permit extension",
        "продлить вид на жительство",
        "تمدید اقامت",
        "permit expires next month",
    ],
    "ask_language_course": [
        "where can I learn German",
        "is there a free German course",
        "Integrationskurs anmelden",
        "german course for beginners",
        "курс немецкого",
        "کلاس زبان آلمانی",
        "language course near me",
    ],
    "ask_naturalization": ["become a German citizen", "Einbürgerung", "гражданство получить"],
    "ask_job_search": ["I am looking for a job", "Arbeit suchen", "ищу работу"],
    "ask_benefits": ["money help Bürgergeld", "financial support", "пособие"],
    "ask_work_permit": ["may I work", "Arbeitserlaubnis", "можно работать"],
    "book_appointment": [
        "I need an appointment",
        "book an appointment please",
        "Termin bitte",
        "ich brauche einen Termin",
        "записаться на прием",
        "أريد موعد",
        "appointment for my residence permit",
    ],
}


def training_data() -> TrainingData:
    return TrainingData(
        [
            Message(data={"text": text, "intent": intent})
            for intent, texts in EXAMPLES.items()
            for text in texts
        ]
    )


@pytest.fixture
def trained(tmp_path: Path) -> LinearIntentVote:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear_intents")
    context = ExecutionContext(GraphSchema({}), "linear_intents")
    component = LinearIntentVote.create({"C": 10.0}, storage, resource, context)
    component.train(training_data())
    # What `rasa run` does: a fresh component loaded from the model storage.
    return LinearIntentVote.load({"C": 10.0}, storage, resource, context)


def parsed(component: LinearIntentVote, text: str, diet: dict[str, float]) -> Message:
    message = Message(data={"text": text})
    ranking = [{"name": n, "confidence": c} for n, c in diet.items()]
    message.set("intent", ranking[0])
    message.set("intent_ranking", ranking)
    component.process([message])
    return message


def test_a_loaded_model_understands_what_it_was_trained_on(trained: LinearIntentVote) -> None:
    message = parsed(trained, "how can I extend my permit", {"greet": 0.5, "inform": 0.5})
    assert message.get("intent")["name"] == "ask_residence_permit"
    ranking = message.get("intent_ranking")
    assert [r["confidence"] for r in ranking] == sorted(
        (r["confidence"] for r in ranking), reverse=True
    )


def test_the_need_wins_over_the_greeting_and_is_greeted_back(trained: LinearIntentVote) -> None:
    diet = {"greet": 0.9, "ask_residence_permit": 0.1}
    message = parsed(trained, "salam! my residence permit runs out, how do I extend it?", diet)
    assert message.get("intent")["name"] == "ask_residence_permit"
    assert message.get(COURTESY) == "greet"


def test_a_second_need_is_in_the_parse_result(trained: LinearIntentVote) -> None:
    text = "how do I extend my residence permit? and is there a free German course?"
    message = parsed(trained, text, {"ask_residence_permit": 0.8, "ask_language_course": 0.2})
    assert message.get("intent")["name"] == "ask_residence_permit"
    assert message.get(SECOND_INTENT)["name"] == "ask_language_course"
    assert message.as_dict(only_output_properties=True)[SECOND_INTENT]["name"] == (
        "ask_language_course"
    )


def test_an_untrained_component_leaves_diets_reading(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "linear_intents")
    component = LinearIntentVote.load({}, storage, Resource("missing"), context)
    message = parsed(component, "hello", {"greet": 0.6, "inform": 0.4})
    assert message.get("intent") == {"name": "greet", "confidence": 0.6}


def test_a_booking_request_carries_its_topic(trained: LinearIntentVote) -> None:
    diet = {"ask_residence_permit": 0.6, "book_appointment": 0.4}
    message = parsed(trained, "I need a Termin to extend my residence permit", diet)
    assert message.get("intent")["name"] == "book_appointment"
    assert message.get(TOPIC)["name"] == "ask_residence_permit"


def test_a_booking_request_without_a_topic_has_none(trained: LinearIntentVote) -> None:
    message = parsed(trained, "ich brauche bitte einen Termin", {"book_appointment": 1.0})
    assert message.get("intent")["name"] == "book_appointment"
    assert message.get(TOPIC) is None


def test_a_topic_question_without_an_appointment_word_stays_a_question(
    trained: LinearIntentVote,
) -> None:
    diet = {"ask_residence_permit": 0.6, "book_appointment": 0.4}
    message = parsed(trained, "how do I extend my residence permit", diet)
    assert message.get("intent")["name"] == "ask_residence_permit"


def test_two_needs_are_not_an_ambiguity(trained: LinearIntentVote) -> None:
    text = "how do I extend my residence permit? and is there a free German course?"
    diet = {"ask_residence_permit": 0.5, "ask_language_course": 0.48}
    ranking = parsed(trained, text, diet).get("intent_ranking")
    assert ranking[0]["name"] == "ask_residence_permit"
    # The FallbackClassifier's ambiguity threshold is 0.05: the lead must be clear.
    assert ranking[0]["confidence"] - ranking[1]["confidence"] > 0.05


def test_kept_idf_gives_sklearn_features() -> None:
    """The vote's own tf-idf (idf kept once) is sklearn's `transform`, number for number."""
    from rasa_ext.linear_intents import _tfidf, _vectorizers, folded

    texts = [folded(t) for examples in EXAMPLES.values() for t in examples]
    chars, words = _vectorizers()
    chars.fit(texts)
    words.fit(texts)
    unseen = [folded(t) for t in ("Hallo, mein Aufenthaltstitel läuft ab!", "курс", "", "ok ok")]
    for vectorizer in (chars, words):
        expected = vectorizer.transform(unseen)
        got = _tfidf(vectorizer, vectorizer.idf_, unseen)
        assert abs(expected - got).max() < 1e-12


def test_a_topic_is_a_real_probability_not_the_largest_of_crumbs() -> None:
    """ "یک Termin میخوام برای همین": no topic named, all topics near zero; one of them
    holding most of the little must not become the booking's concern."""
    from rasa_ext.linear_intents import topic_of

    crumbs = {"book_appointment": 0.99, "ask_volunteering": 0.002, "ask_benefits": 0.0005}
    assert topic_of(crumbs) is None
    faint = {"book_appointment": 0.98, "ask_residence_permit": 0.014, "ask_benefits": 0.002}
    assert topic_of(faint) == {"name": "ask_residence_permit", "confidence": 0.014 / 0.016}
