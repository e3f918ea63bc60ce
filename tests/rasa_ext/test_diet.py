"""Buttons' payloads skip DIET and the featurizers; Rasa's parse of them stays the same."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.diet import PayloadAwareDIET
from rasa_ext.payloads import is_payload
from rasa_ext.tokenizer import NormalisingWhitespaceTokenizer

MODEL = Path(__file__).resolve().parents[2] / "models" / "komm-mit.tar.gz"
PAYLOADS = [
    "/affirm",
    '/inform{"booking_time": "2026-12-08T10:30"}',
    ' /book_appointment{"service": "foreigners_office"} ',
    "/choose_language@1.0",
]
WORDS = ["hallo", "ich brauche einen Termin", "/ مرحبا كيف", "a/b", "/", "", "// x"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_payloads_are_what_rasa_unpacks(text: str) -> None:
    assert is_payload(text)


@pytest.mark.parametrize("text", WORDS)
def test_words_are_read(text: str) -> None:
    assert not is_payload(text)


def test_a_payload_has_no_tokens_words_have() -> None:
    tokenizer = NormalisingWhitespaceTokenizer(NormalisingWhitespaceTokenizer.get_default_config())
    payload, words = Message(data={"text": PAYLOADS[1]}), Message(data={"text": "Termin bitte"})
    tokenizer.process([payload, words])
    assert payload.get("text_tokens") == []
    assert [t.text for t in words.get("text_tokens")] == ["termin", "bitte"]


def test_diet_runs_on_words_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A payload gets DIET's "no prediction" (the fallback after it needs an intent)."""
    seen: list[str] = []

    def process(self: DIETClassifier, messages: list[Message]) -> list[Message]:
        seen.extend(m.get("text") for m in messages)
        return messages

    monkeypatch.setattr(DIETClassifier, "process", process)
    diet = object.__new__(PayloadAwareDIET)
    messages = [Message(data={"text": t}) for t in (PAYLOADS[0], "hallo", PAYLOADS[1])]
    assert diet.process(messages) == messages
    assert seen == ["hallo"]
    assert messages[0].get("intent") == {"name": None, "confidence": 0.0}
    assert messages[2].get("intent_ranking") == []


@pytest.mark.model
@pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model (make train)")
def test_the_trained_model_parses_payloads_and_words() -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))

    def parse(text: str) -> dict[str, Any]:
        return asyncio.run(agent.parse_message(text))

    booking = parse('/inform{"booking_time": "2026-12-08T10:30"}')
    assert booking["intent"] == {"name": "inform", "confidence": 1.0}
    assert [(e["entity"], e["value"]) for e in booking["entities"]] == [
        ("booking_time", "2026-12-08T10:30")
    ]
    assert parse("/affirm")["intent_ranking"] == [{"name": "affirm", "confidence": 1.0}]
    assert parse("/no_such_intent")["intent"]["name"] == "nlu_fallback"  # "please rephrase"
    words = parse("Hallo, ich brauche einen Termin")
    assert words["intent"]["name"] == "book_appointment"
    assert words["intent"]["confidence"] < 1.0  # a prediction, not a payload


@pytest.mark.model
@pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model (make train)")
def test_the_concrete_function_predicts_what_tf_function_predicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    from rasa.core.agent import Agent

    from rasa_ext.diet import _ConcreteCall

    agent = Agent.load(str(MODEL))
    texts = ["Hallo, ich brauche einen Termin", "مرحبا، بدي موعد عند الأجانب", "ok", "x" * 300]

    def parses() -> str:
        found = [asyncio.run(agent.parse_message(text)) for text in texts]
        return json.dumps(found, sort_keys=True, default=str)

    calls: list[object] = []
    original = _ConcreteCall.__call__

    def counted(self: _ConcreteCall, batch_in: Any) -> Any:
        calls.append(batch_in)
        return original(self, batch_in)

    monkeypatch.setattr(_ConcreteCall, "__call__", counted)
    ours = parses()
    assert len(calls) >= len(texts)  # every text went through the concrete call
    monkeypatch.setattr(_ConcreteCall, "__call__", lambda self, batch_in: self._rasas(batch_in))
    assert parses() == ours
