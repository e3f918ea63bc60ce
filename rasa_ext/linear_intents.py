"""A second opinion on the intent, and the need of a message with several parts.

Why: DIET alone was unsure on messages as newcomers write them (typos,
transliteration, dialect): "ok" got 0.28, many real questions fell under the
fallback threshold. A linear model over character and word n-grams of the
normalised text is robust to exactly that and trains in about a minute; its
probabilities are mixed with DIET's ranking (`weight` is the linear model's
share). Because it has its own features it can also classify parts of a message
on their own (`rasa_ext.message_parts`): the need wins over a greeting, the
corrected topic over the negated one, and a second need is kept in the parse
result as `second_intent` for the reply to offer as a button, and a greeting or
thanks that came with the need as `courtesy` (the reply greets or thanks back), and
for a booking request the topic it names as `topic` (the booking skips the concern),
and `correction` when the message corrects a need ("no, I mean …": not a repeat).

Runs after DIET and before the FallbackClassifier, so the fallback threshold
applies to the mixed confidence. The model is stored as plain arrays and JSON
(no pickle): vocabularies, idf weights, coefficients.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.language.normalize import normalise
from rasa_ext.fingerprints import source_digest
from rasa_ext.message_parts import FOLLOW_UPS, decide
from rasa_ext.ngrams import NgramModel, _tfidf, _vectorizers, folded

__all__ = ["LinearIntentVote", "_tfidf", "_vectorizers", "folded", "topic_of"]

logger = logging.getLogger(__name__)

SECOND_INTENT = "second_intent"
COURTESY = "courtesy"
CORRECTION = "correction"
TOPIC = "topic"
# Requests whose topic matters ("a Termin for my Aufenthaltserlaubnis").
TOPIC_OF = frozenset({"book_appointment"})
# Not topics of an appointment: where/when/how to reach, documents, the overview.
NOT_TOPICS = FOLLOW_UPS
# The topic must hold this share of the topic intents' probability.
TOPIC_SHARE = 0.5
# … and be a real probability: a request without a topic ("یک Termin میخوام برای همین")
# leaves every topic near zero (at most 0.002 seen), where one of them can still hold most
# of the little; the faintest real topic seen ("من یک Termin برای Aufenthaltserlaubnis
# میخوام") had 0.014.
TOPIC_FLOOR = 0.005
# Words that ask for an appointment: with one of them, a topic question that has the
# booking close behind it is a booking request for that topic ("a Termin for my
# Aufenthaltserlaubnis", "بدي موعد مشان تجديد الإقامة").
_APPOINTMENT = re.compile(
    normalise(
        r"\b(?:termin\w*|appointment\w*|appt|book|booking|موعد|حجز|نوبت|وقت بگیر\w*"
        r"|randevu\w*|запис\w*|при[её]м\w*|прийом\w*|zapis\w*|zapys\w*)\b"
    )
)
BOOKING_CLOSE = 0.1
RANKING_LENGTH = 10


def _leader(mixed: dict[str, float]) -> str:
    return max(mixed, key=lambda name: mixed[name])


def _take_the_lead(mixed: dict[str, float], name: str) -> None:
    """`name` and the leader swap places (the sum stays the same)."""
    top = _leader(mixed)
    mixed[name], mixed[top] = mixed[top], mixed.get(name, 0.0)


def _lend_half(mixed: dict[str, float], giver: str, taker: str) -> None:
    """`giver` passes half its weight to `taker` (the sum stays the same)."""
    half = mixed[giver] / 2
    mixed[giver] -= half
    mixed[taker] += half


def topic_of(scores: dict[str, float]) -> dict[str, Any] | None:
    """The topic a booking request names: the topic intent holding most of the topic
    intents' probability (a request without a topic spreads it thinly)."""
    topics = {
        name: value
        for name, value in scores.items()
        if name.startswith("ask_") and name not in NOT_TOPICS
    }
    total = sum(topics.values())
    if not topics or total <= 0:
        return None
    name = max(topics, key=lambda n: topics[n])
    share = topics[name] / total
    if share < TOPIC_SHARE or topics[name] < TOPIC_FLOOR:
        return None
    return {"name": name, "confidence": share}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentVote(GraphComponent, IntentClassifier):
    """Mixes a character n-gram logistic regression into DIET's intent ranking."""

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrained when the code that decides what it learns changes."""
        return source_digest("bot.language.normalize", "rasa_ext.ngrams", "rasa_ext.linear_intents")

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"weight": 0.7, "C": 20.0, "max_iter": 60, "tol": 1e-3}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = NgramModel()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentVote:
        return cls(config, model_storage, resource)

    # -- training -------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        model = LogisticRegression(
            C=self.config["C"], max_iter=self.config["max_iter"], tol=self.config["tol"]
        )
        texts = [str(e.get(TEXT)) for e in examples]
        self._model.fit(texts, [str(e.get(INTENT)) for e in examples], model)
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._storage.write_to(self._resource) as directory:
            self._model.save(directory)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentVote:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                component._model, _ = NgramModel.load(directory)
        except ValueError:
            logger.debug("LinearIntentVote has no trained model; it leaves DIET's ranking.")
        return component

    # -- inference ------------------------------------------------------------

    @property
    def _classes(self) -> list[str]:
        return self._model.classes

    def probabilities(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """One row of intent probabilities per text (columns: `self._classes`)."""
        return self._model.probabilities(texts)

    def _scores(self, text: str) -> dict[str, float]:
        return self._model.scores(text)

    def process(self, messages: list[Message]) -> list[Message]:
        if not self._classes:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text or str(text).startswith("/"):
                continue  # buttons and commands carry their intent
            self._vote(message, str(text))
        return messages

    def _vote(self, message: Message, text: str) -> None:
        weight = float(self.config["weight"])
        linear = self._scores(text)
        diet = {r["name"]: float(r["confidence"]) for r in message.get(INTENT_RANKING_KEY) or []}
        mixed = {
            name: weight * linear.get(name, 0.0) + (1 - weight) * diet.get(name, 0.0)
            for name in set(linear) | set(diet)
        }
        decision = decide(text, mixed, self._scores)
        if decision.main is not None:
            # The need of one part leads: it takes the top's place (at least its own
            # part's confidence), the top takes its place.
            need = decision.main.intent
            _take_the_lead(mixed, need)
            mixed[need] = max(mixed[need], decision.main.confidence)
            total = sum(mixed.values())
            mixed = {name: value / total for name, value in mixed.items()}
        if decision.second is not None and decision.second.intent in mixed:
            # Two needs are not an ambiguity: the second is offered as a button, so it
            # gives up half its weight to whatever leads.
            _lend_half(mixed, decision.second.intent, _leader(mixed))
        top = _leader(mixed)
        if (
            top.startswith("ask_")
            and top not in NOT_TOPICS
            and mixed.get("book_appointment", 0.0) >= BOOKING_CLOSE
            and _APPOINTMENT.search(folded(text))
        ):
            # The booking, with the topic as what it is about.
            _take_the_lead(mixed, "book_appointment")
        topic = topic_of(linear) if _leader(mixed) in TOPIC_OF else None
        if topic is not None and topic["name"] in mixed:
            # The topic travels with the booking (`topic`), so booking and topic are not
            # an ambiguity: the topic gives half its weight to the booking.
            _lend_half(mixed, topic["name"], "book_appointment")
        ranking = sorted(
            ({"name": name, "confidence": value} for name, value in mixed.items()),
            key=lambda r: -float(r["confidence"]),
        )[:RANKING_LENGTH]
        message.set(INTENT, dict(ranking[0]), add_to_output=True)
        if topic is not None:
            message.set(TOPIC, topic, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        if decision.second is not None:
            second = {"name": decision.second.intent, "confidence": decision.second.confidence}
            message.set(SECOND_INTENT, second, add_to_output=True)
        if decision.courtesy is not None:
            message.set(COURTESY, decision.courtesy, add_to_output=True)
        if decision.correcting:
            message.set(CORRECTION, True, add_to_output=True)
