"""Which specific question inside a topic a message asks: "my card was stolen",
"my permit has already expired", "Kindergeld", "what does naturalisation cost" (issue 17).

Why a component of its own: the contract's intents stay what the evaluation sets
expect ("Kindergeld?" is `ask_benefits`), and the answer still fits the question. The
sub-topics' examples are in `nlu/subtopics/<lang>.yml` (config `data`), read only here:
given to DIET as examples of their contract intent, 800 of them made `ask_residence_permit`
a magnet and cost the realistic sets up to three points. Contract examples that ask a
sub-topic's question carry intent metadata `subtopic: <name>` in `nlu/<lang>.yml` and
count for it too. This component learns the sub-topics against all other training
examples ("none") with the linear vote's features (character and word n-grams of the
normalised text); the files' content is part of its fingerprint, so an edit retrains it.

The parse result gets `subtopic: {name, confidence}` when a sub-topic leads clearly;
action_answer_topic answers it. A message the intent models missed (nlu_fallback,
out_of_scope) but whose sub-topic is sure gets the sub-topic's intent: "Wohnsitzauflage"
is a question for the foreigners' office, not off-topic. Runs after the FallbackClassifier.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RANKING_KEY,
    METADATA,
    METADATA_INTENT,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from rasa_ext.fingerprints import source_digest
from rasa_ext.ngrams import NgramModel

logger = logging.getLogger(__name__)

SUBTOPIC = "subtopic"
NONE = ""
# Intents that mean "not understood": a sure sub-topic replaces them by its own intent.
MISSED = frozenset({"nlu_fallback", "out_of_scope"})


def data_files(config: dict[str, Any]) -> list[Path]:
    """The sub-topic files (`data`: a directory of `<lang>.yml`), in a fixed order."""
    directory = Path(str(config.get("data") or ""))
    return sorted(directory.glob("*.yml")) if directory.is_dir() else []


def read_examples(paths: list[Path]) -> list[tuple[str, str, str]]:
    """(text, sub-topic, contract intent) of every example in the sub-topic files."""
    found = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, entry in (data.get("subtopics") or {}).items():
            for text in entry.get("examples") or []:
                found.append((str(text), str(name), str(entry["intent"])))
    return found


def subtopic_of(message: Message) -> str | None:
    """The sub-topic a training example was written for (intent metadata), if any."""
    metadata = message.get(METADATA) or {}
    intent_metadata = metadata.get(METADATA_INTENT) if isinstance(metadata, dict) else None
    if isinstance(intent_metadata, dict) and intent_metadata.get(SUBTOPIC):
        return str(intent_metadata[SUBTOPIC])
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SubtopicClassifier(GraphComponent):
    """A logistic regression over n-grams: the sub-topics against everything else."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # threshold: the best sub-topic is named from this probability on (even where
        # "none" is more likely: a near-miss sub-topic answers better than the general
        # text); rescue: from this probability it also replaces a missed intent;
        # weight: a sub-topic example counts this much against the many "none" examples.
        # Chosen on the held-out sets (docs/performance.md, "Sub-topics"): 0.4 and 6 name
        # 70-94 % of the sub-topic questions and 1.6 % of the general test messages, most
        # of which do ask the specific question ("meine aufenthaltstitel ist abgelaufen").
        # thresholds: a stricter threshold for a sub-topic whose words overlap its
        # topic's ("integration course" alone is not a question about its cost: 0.7
        # keeps 1 of 93 general course questions, and 64 % of the cost questions).
        return {
            "data": "nlu/subtopics",
            "threshold": 0.4,
            "thresholds": {"course_costs": 0.7},
            "rescue": 0.7,
            "weight": 6.0,
            "C": 10.0,
            "max_iter": 100,
            "tol": 1e-3,
        }

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = NgramModel()
        # the contract intent each sub-topic's examples belong to (most of them)
        self._intent_of: dict[str, str] = {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SubtopicClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The sub-topic files are not part of Rasa's training data: their content, and
        the code that decides what the component learns."""
        digest = hashlib.sha256(
            source_digest(
                "bot.language.normalize", "rasa_ext.ngrams", "rasa_ext.subtopics"
            ).encode()
        )
        for path in data_files({**cls.get_default_config(), **config}):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    # -- training -------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        own = read_examples(data_files(self.config))
        pairs = [(str(e.get(TEXT)), subtopic_of(e) or NONE, str(e.get(INTENT))) for e in examples]
        pairs += own
        labels = [label for _, label, _ in pairs]
        if len(set(labels)) < 2:
            return self._resource
        weight = float(self.config["weight"])
        model = LogisticRegression(
            C=self.config["C"],
            max_iter=self.config["max_iter"],
            tol=self.config["tol"],
            class_weight={name: (weight if name else 1.0) for name in set(labels)},
        )
        self._model.fit([text for text, _, _ in pairs], labels, model)
        intents: dict[str, Counter[str]] = {}
        for _, label, intent in pairs:
            if label:
                intents.setdefault(label, Counter())[intent] += 1
        self._intent_of = {name: c.most_common(1)[0][0] for name, c in intents.items()}
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._storage.write_to(self._resource) as directory:
            self._model.save(directory, intent_of=self._intent_of)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SubtopicClassifier:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                component._model, extra = NgramModel.load(directory)
                component._intent_of = dict(extra["intent_of"])
        except ValueError:
            logger.debug("SubtopicClassifier has no trained model; it names no sub-topic.")
        return component

    # -- inference ------------------------------------------------------------

    def scores(self, text: str) -> dict[str, float]:
        """The probability of each sub-topic ("" = none) for one message."""
        return self._model.scores(text)

    def process(self, messages: list[Message]) -> list[Message]:
        if not self._model.classes:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text or str(text).startswith("/"):
                continue  # buttons and commands carry their intent
            self._name(message, str(text))
        return messages

    def _name(self, message: Message, text: str) -> None:
        scores = self.scores(text)
        named = {name: value for name, value in scores.items() if name != NONE}
        if not named:
            return
        best = max(named, key=lambda name: named[name])
        confidence = named[best]
        least = (self.config.get("thresholds") or {}).get(best, self.config["threshold"])
        if confidence < float(least):
            return
        message.set(SUBTOPIC, {"name": best, "confidence": confidence}, add_to_output=True)
        intent = (message.get(INTENT) or {}).get("name")
        parent = self._intent_of.get(best)
        if intent in MISSED and parent and confidence >= float(self.config["rescue"]):
            rescued = {"name": parent, "confidence": confidence}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != parent]
            message.set(INTENT, rescued, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [rescued, *ranking], add_to_output=True)
