"""The language a switch request names, when the model recognised the request but not
the name.

Why: "kannst du bitte deutsch schreiben?" is classified as `change_language` with high
confidence, but DIET's entity layer misses "deutsch" in phrasings it has not seen, and a
switch request without its language gets the language menu instead of the switch. Every
annotated surface form of the `language` entity in the training data is kept with the
model; a request that names exactly one of them, as whole words, gets that entity. Two
names ("Deutsch oder Englisch?") stay a question for the menu: nothing is guessed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.normalize import normalise

ENTITY = "language"
SWITCH = "change_language"
FORMS_FILE = "forms.json"
_WORD = re.compile(r"\w+", re.UNICODE)
_LONGEST = 3  # words in the longest surface form looked for


def key(text: str) -> str:
    """The form a name is compared in: normalised, words only."""
    return " ".join(_WORD.findall(normalise(text)))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class LanguageNamed(GraphComponent, EntityExtractorMixin):
    """Adds the `language` entity to a switch request that names one language."""

    def __init__(self, model_storage: ModelStorage, resource: Resource) -> None:
        self._storage = model_storage
        self._resource = resource
        self._forms: dict[str, str] = {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageNamed:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        for example in training_data.entity_examples:
            text = str(example.get(TEXT) or "")
            for entity in example.get(ENTITIES) or []:
                if entity.get(ENTITY_ATTRIBUTE_TYPE) != ENTITY:
                    continue
                surface = text[entity[ENTITY_ATTRIBUTE_START] : entity[ENTITY_ATTRIBUTE_END]]
                form = key(surface)
                if form and len(form.split()) <= _LONGEST:
                    self._forms[form] = str(entity.get(ENTITY_ATTRIBUTE_VALUE) or surface)
        with self._storage.write_to(self._resource) as directory:
            (directory / FORMS_FILE).write_text(
                json.dumps(self._forms, ensure_ascii=False, sort_keys=True), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageNamed:
        component = cls(model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                component._forms = json.loads((directory / FORMS_FILE).read_text("utf-8"))
        except ValueError:  # not trained (no language examples): adds nothing
            pass
        return component

    def named(self, text: str) -> dict[str, tuple[int, int]]:
        """value -> (start, end) in `text` of every language named in it."""
        spans = [(m.start(), m.end(), key(m.group())) for m in _WORD.finditer(text)]
        found: dict[str, tuple[int, int]] = {}
        for size in range(1, _LONGEST + 1):
            for i in range(len(spans) - size + 1):
                window = spans[i : i + size]
                value = self._forms.get(" ".join(w[2] for w in window))
                if value is not None and value not in found:
                    found[value] = (window[0][0], window[-1][1])
        return found

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            entities = list(message.get(ENTITIES) or [])
            if intent != SWITCH or any(e.get(ENTITY_ATTRIBUTE_TYPE) == ENTITY for e in entities):
                continue
            found = self.named(str(message.get(TEXT) or ""))
            if len(found) != 1:
                continue
            ((value, (start, end)),) = found.items()
            entities.append(
                {
                    ENTITY_ATTRIBUTE_TYPE: ENTITY,
                    ENTITY_ATTRIBUTE_VALUE: value,
                    ENTITY_ATTRIBUTE_START: start,
                    ENTITY_ATTRIBUTE_END: end,
                    EXTRACTOR: type(self).__name__,
                }
            )
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
