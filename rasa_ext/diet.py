"""Rasa's DIET, which leaves buttons' payloads alone.

Why: for a payload ("/inform{...}") DIET fills the missing features with zeros and
runs the whole network, about 5 ms, and Rasa then throws the result away
(`rasa_ext/payloads.py`). A third of the messages in a booking are button presses.
Training, the trained model and every other message are DIET's own.

For the messages it reads, the trained network is called through its one concrete
TensorFlow function (Rasa builds it with a fixed input signature) instead of through
`tf.function`, which matched the arguments against the signature again on every call:
2.7 -> 2.2 ms per message, the same outputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf
from keras.utils import tf_utils  # what Rasa's _rasa_predict uses
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.constants import DIAGNOSTIC_DATA
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.models import RasaModel

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

    def _predict(self, message: Message) -> Any:
        if self.model is not None and not isinstance(self.model._rasa_predict, _ConcreteCall):
            self.model._rasa_predict = _ConcreteCall(self.model)  # type: ignore[method-assign]
        return super()._predict(message)

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


class _ConcreteCall:
    """`RasaModel._rasa_predict` once the prediction function exists: its concrete function."""

    def __init__(self, model: RasaModel) -> None:
        self._model = model
        self._rasas = type(model)._rasa_predict.__get__(model)
        self._concrete: Any = None

    def __call__(self, batch_in: tuple[np.ndarray[Any, Any], ...]) -> dict[str, Any]:
        model = self._model
        if model._tf_predict_step is None or model._run_eagerly:
            built: dict[str, Any] = self._rasas(batch_in)  # builds it with Rasa's signature
            return built
        if self._concrete is None:
            self._concrete = model._tf_predict_step.get_concrete_function()
        (specs,) = self._concrete.structured_input_signature[0]
        tensors = [
            tf.convert_to_tensor(x, dtype=spec.dtype)
            for x, spec in zip(batch_in, specs, strict=True)
        ]
        outputs: dict[str, Any] = tf_utils.sync_to_numpy_or_python_type(self._concrete(tensors))
        if DIAGNOSTIC_DATA in outputs:
            outputs[DIAGNOSTIC_DATA] = model._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
        return outputs
