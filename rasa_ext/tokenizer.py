"""A whitespace tokenizer whose tokens are normalised (see `bot.language.normalize`).

Why a tokenizer and not a pre-processor: token offsets must keep pointing into
the original text so that entity values are cut from what the user typed, while
the featurizers see the normalised token text.

A button's payload ("/inform{...}") gets no tokens, so the featurizers have nothing
to compute: Rasa replaces it by what it names (`rasa_ext/payloads.py`).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.normalize import normalise
from rasa_ext.fingerprints import source_digest
from rasa_ext.payloads import is_payload


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class NormalisingWhitespaceTokenizer(WhitespaceTokenizer):
    """Whitespace tokens with Arabic/Persian letter, digit and diacritic variants folded."""

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrained when the code that decides what it learns changes."""
        return source_digest("bot.language.normalize", "rasa_ext.tokenizer", "rasa_ext.payloads")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NormalisingWhitespaceTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        if attribute == TEXT and is_payload(str(message.get(TEXT) or "")):
            return []  # the payload says it all
        tokens: list[Token] = super().tokenize(message, attribute)
        for token in tokens:
            folded = normalise(token.text) or token.text
            token.text = folded
            token.lemma = folded
        return tokens
