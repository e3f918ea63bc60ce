"""The n-gram model scores one message as sklearn would, only faster."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from rasa_ext.ngrams import NgramModel

TRAIN = [
    ("Ich brauche einen Termin", "book"),
    ("einen Termin bitte", "book"),
    ("I need an appointment", "book"),
    ("appointment please", "book"),
    ("Wo ist das Kreishaus?", "where"),
    ("where is the office", "where"),
    ("где находится офис", "where"),
    ("ofis nerede", "where"),
    ("Kindergeld beantragen", "money"),
    ("مساعدة مالية", "money"),
    ("کمک مالی میخوام", "money"),
    ("how do I get Kindergeld", "money"),
]
UNSEEN = [
    "termin",
    "Ich brauche bitte einen Termin beim Kreishaus",
    "where is the Kreishaus office, I need an appointment",
    "Kindergeld کمک",
    "",
    "   ",
    "🙂🙂",
    "<script>alert(1)</script>",
    "zzzz qqqq",  # no known n-gram of the words
]


@pytest.fixture(scope="module")
def model() -> NgramModel:
    fitted = NgramModel()
    texts, labels = zip(*TRAIN, strict=True)
    fitted.fit(list(texts), list(labels), LogisticRegression(C=10.0, max_iter=200))
    return fitted


@pytest.mark.parametrize("text", UNSEEN)
def test_one_message_gets_the_same_probabilities_as_the_batch_path(
    model: NgramModel, text: str
) -> None:
    batch = model.probabilities([text])[0]
    single = model.scores(text)
    assert list(single) == model.classes
    assert np.allclose(list(single.values()), batch, atol=1e-12)
    assert sum(single.values()) == pytest.approx(1.0)


def test_a_saved_model_scores_as_it_did_before_saving(model: NgramModel, tmp_path: Path) -> None:
    model.save(tmp_path, note="kept")
    loaded, extra = NgramModel.load(tmp_path)
    assert extra == {"note": "kept"}
    for text in UNSEEN:
        assert loaded.scores(text) == pytest.approx(model.scores(text), abs=1e-12)
    assert max(loaded.scores("wo ist das Büro"), key=loaded.scores("wo ist das Büro").get) == (
        "where"
    )


def test_an_untrained_model_names_nothing() -> None:
    assert NgramModel().scores("Termin") == {}
