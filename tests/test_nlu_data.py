"""The training and test data keep the contract: every intent, enough examples, held out."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.language.supported import SUPPORTED
from tests.conftest import ROOT
from tools.check_nlu import check
from tools.dedupe_train_test import eval_sets, examples


@pytest.mark.parametrize("lang", SUPPORTED)
def test_training_data_covers_the_contract(lang: str) -> None:
    assert check(ROOT / "nlu" / f"{lang}.yml", minimum=15) == []


@pytest.mark.parametrize("lang", SUPPORTED)
def test_held_out_data_covers_the_contract(lang: str) -> None:
    assert check(ROOT / "tests" / "nlu" / f"{lang}.yml", minimum=8) == []


@pytest.mark.parametrize("lang", SUPPORTED)
def test_realistic_data_uses_only_known_labels(lang: str) -> None:
    # realistic messages are few per intent, so no minimum; labels and entity values must be valid
    assert check(ROOT / "tests" / "nlu" / "real" / f"{lang}.yml", minimum=0) == []


@pytest.mark.parametrize("lang", SUPPORTED)
def test_no_test_sentence_is_trained_on(lang: str) -> None:
    train: Path = ROOT / "nlu" / f"{lang}.yml"
    assert len(eval_sets(lang)) == 2  # held out and realistic
    for test_set in eval_sets(lang):
        assert examples(train) & examples(test_set) == set(), test_set


@pytest.mark.parametrize("lang", SUPPORTED)
def test_no_test_sentence_is_in_the_subtopic_training_data(lang: str) -> None:
    """The sub-topics' training file (nlu/subtopics, read by rasa_ext/subtopics.py) holds
    no sentence of any test set, and the sub-topic test set (tests/nlu/subtopics, other
    writers) none of the training data."""
    import yaml

    from tools.dedupe_train_test import key

    def sentences(path: Path) -> set[str]:
        data = yaml.safe_load(path.read_text("utf-8"))["subtopics"]
        return {
            key(text)
            for entry in data.values()
            for text in (entry["examples"] if isinstance(entry, dict) else entry)
        }

    trained = sentences(ROOT / "nlu" / "subtopics" / f"{lang}.yml")
    held_out = sentences(ROOT / "tests" / "nlu" / "subtopics" / f"{lang}.yml")
    assert len(trained) >= 200 and len(held_out) >= 80
    assert trained & held_out == set()
    assert examples(ROOT / "nlu" / f"{lang}.yml") & held_out == set()
    for test_set in eval_sets(lang):
        assert trained & examples(test_set) == set(), test_set
