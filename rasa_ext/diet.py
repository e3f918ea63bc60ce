"""Rasa's DIET, which leaves buttons' payloads alone.

Why: for a payload ("/inform{...}") DIET fills the missing features with zeros and
runs the whole network, about 5 ms, and Rasa then throws the result away
(`rasa_ext/payloads.py`). A third of the messages in a booking are button presses.
Training, the trained model and every other message are DIET's own.

For the messages it reads, the trained network is called through its one concrete
TensorFlow function (Rasa builds it with a fixed input signature) instead of through
`tf.function`, which matched the arguments against the signature again on every call:
2.7 -> 2.2 ms per message, the same outputs; and with its flat inputs, without the
concrete function's own check of their structure (about 0.5 ms more).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf
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


def _to_numpy(value: Any) -> Any:
    """Keras' `sync_to_numpy_or_python_type` for a dict of tensors: arrays, 0-d as scalars."""
    if isinstance(value, dict):
        return {key: _to_numpy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_to_numpy(item) for item in value)
    if isinstance(value, tf.Tensor):
        value = value.numpy()
    if isinstance(value, np.ndarray | np.generic):
        return value.item() if np.ndim(value) == 0 else value
    return value


class _ConcreteCall:
    """`RasaModel._rasa_predict` once the prediction function exists: its concrete function."""

    def __init__(self, model: RasaModel) -> None:
        self._model = model
        self._rasas = type(model)._rasa_predict.__get__(model)
        self._concrete: Any = None
        self._dtypes: list[tf.DType] = []

    def __call__(self, batch_in: tuple[np.ndarray[Any, Any], ...]) -> dict[str, Any]:
        model = self._model
        if model._tf_predict_step is None or model._run_eagerly:
            built: dict[str, Any] = self._rasas(batch_in)  # builds it with Rasa's signature
            return built
        if self._concrete is None:
            self._concrete = model._tf_predict_step.get_concrete_function()
            (specs,) = self._concrete.structured_input_signature[0]
            self._dtypes = [spec.dtype for spec in specs]
        tensors = [
            tf.convert_to_tensor(x, dtype=dtype)
            for x, dtype in zip(batch_in, self._dtypes, strict=True)
        ]
        # `_call_flat`: the concrete function without matching the arguments against its
        # structured signature once more (the inputs are already its flat tensors); the
        # outputs come back in their structure (a dict), as from a call.
        flat = self._concrete._call_flat(tensors, self._concrete.captured_inputs)
        outputs: dict[str, Any] = _to_numpy(flat)
        if DIAGNOSTIC_DATA in outputs:
            outputs[DIAGNOSTIC_DATA] = model._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
        return outputs
