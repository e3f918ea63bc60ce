"""Rasa's training cache sees our code: a component is trained again when the code that
decides what it learns changes (fingerprint addon), and not otherwise."""

from __future__ import annotations

from rasa_ext.fingerprints import source_digest
from rasa_ext.linear_intents import LinearIntentVote
from rasa_ext.subtopics import SubtopicClassifier
from rasa_ext.tokenizer import NormalisingWhitespaceTokenizer


def test_the_addon_is_stable_and_names_the_code() -> None:
    first = NormalisingWhitespaceTokenizer.fingerprint_addon({})
    assert first == NormalisingWhitespaceTokenizer.fingerprint_addon({})
    assert first == source_digest(
        "bot.language.normalize", "rasa_ext.tokenizer", "rasa_ext.payloads"
    )
    assert source_digest("rasa_ext.tokenizer") != source_digest("rasa_ext.payloads")
    assert LinearIntentVote.fingerprint_addon({}) != first
    assert SubtopicClassifier.fingerprint_addon({}) not in (None, first)
