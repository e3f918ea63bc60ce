"""Rasa's DIET, which leaves buttons' payloads alone.

Why: for a payload ("/inform{...}") DIET fills the missing features with zeros and
runs the whole network, about 5 ms, and Rasa then throws the result away
(`rasa_ext/payloads.py`). A third of the messages in a booking are button presses.
Training, the trained model and every other message are DIET's own.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.payloads import is_payload


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class PayloadAwareDIET(DIETClassifier):
    """`name: rasa_ext.diet.PayloadAwareDIET` in config.yml, with DIET's options."""

    def process(self, messages: list[Message]) -> list[Message]:
        words = []
        for message in messages:
            if is_payload(str(message.get(TEXT) or "")):
                # What DIET sets when it has no prediction: the components after it
                # (the fallback) expect an intent.
                label, ranking = self._predict_label(None)
                message.set(INTENT, label, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            else:
                words.append(message)
        if words:
            super().process(words)
        return messages
