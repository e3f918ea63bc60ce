"""A switch request that names one language gets the `language` entity even when DIET
missed it; other messages and requests naming two languages are left alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_ext.language_named import LanguageNamed

ANNOTATED = [
    ("auf Deutsch bitte", "Deutsch", "de"),
    ("can you write in English", "English", "en"),
    ("بالعربي لو سمحت", "بالعربي", "ar"),
    ("türkçe yazar mısın", "türkçe", "tr"),
    ("можна українською?", "українською", "uk"),
]


def example(text: str, surface: str, value: str) -> Message:
    start = text.index(surface)
    entity = {"entity": "language", "value": value, "start": start, "end": start + len(surface)}
    return Message(data={"text": text, "intent": "change_language", "entities": [entity]})


@pytest.fixture
def named(tmp_path: Path) -> LanguageNamed:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("language_named")
    context = ExecutionContext(GraphSchema({}), "language_named")
    component = LanguageNamed.create({}, storage, resource, context)
    component.train(TrainingData([example(*a) for a in ANNOTATED]))
    # What `rasa run` does: a fresh component loaded from the model storage.
    return LanguageNamed.load({}, storage, resource, context)


def entities(component: LanguageNamed, text: str, intent: str = "change_language") -> Any:
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}})
    component.process([message])
    return [(e["value"], text[e["start"] : e["end"]]) for e in message.get("entities") or []]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("kannst du bitte deutsch schreiben?", [("de", "deutsch")]),
        ("Türkçe lütfen", [("tr", "Türkçe")]),
        ("ممكن تحكي بالعربي؟", [("ar", "بالعربي")]),
    ],
)
def test_a_switch_request_gets_the_language_it_names(
    named: LanguageNamed, text: str, found: list[tuple[str, str]]
) -> None:
    assert entities(named, text) == found


def test_nothing_is_guessed(named: LanguageNamed) -> None:
    assert entities(named, "auf Deutsch oder English?") == []  # two names: the menu
    assert entities(named, "can you speak another language?") == []
    # Only switch requests: "I learn Deutsch" is a course question.
    assert entities(named, "I learn Deutsch", intent="ask_language_course") == []


def test_an_entity_from_diet_is_kept(named: LanguageNamed) -> None:
    message = Message(
        data={
            "text": "auf Deutsch",
            "intent": {"name": "change_language", "confidence": 0.9},
            "entities": [{"entity": "language", "value": "de", "start": 4, "end": 11}],
        }
    )
    named.process([message])
    assert len(message.get("entities")) == 1


def test_an_untrained_component_adds_nothing(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), "language_named")
    component = LanguageNamed.load({}, LocalModelStorage(tmp_path), Resource("none"), context)
    assert entities(component, "auf Deutsch") == []
