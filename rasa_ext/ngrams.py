"""A logistic regression over character and word n-grams of the normalised text.

Why one module: the linear intent vote (`rasa_ext.linear_intents`) and the sub-topics
(`rasa_ext.subtopics`) read messages the same way and store their models the same way,
as plain arrays and JSON (no pickle): vocabularies, idf weights, coefficients.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import hstack
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from bot.language.normalize import normalise


def folded(text: str) -> str:
    """The text as the classifier sees it: tokens normalised like the tokenizer's."""
    return " ".join(normalise(token) for token in text.split())


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True, lowercase=False
    )
    words = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        sublinear_tf=True,
        lowercase=False,
        token_pattern=r"(?u)\b\w+\b",
    )
    return chars, words


_ANALYSERS: tuple[Callable[[str], list[str]], ...] = tuple(
    v.build_analyzer() for v in _vectorizers()
)


@lru_cache(maxsize=256)
def _grams(clean: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The character and word n-grams of a folded text, as the vectorizers count them.

    Why cached: the linear vote and the sub-topics read the same message (and the vote
    its parts again); the n-grams are made once, each model only looks them up.
    """
    chars, words = (tuple(analyse(clean)) for analyse in _ANALYSERS)
    return chars, words


def _weighted(
    grams: tuple[str, ...], vocabulary: dict[str, int], idf: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Column indices and l2-normalised sublinear tf-idf values of one text (as `_tfidf`)."""
    counts = Counter(i for i in map(vocabulary.get, grams) if i is not None)
    if not counts:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    indices = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    values = (np.log(values) + 1) * idf[indices]
    values /= np.sqrt(np.dot(values, values))
    return indices, values


def _tfidf(vectorizer: TfidfVectorizer, idf: np.ndarray[Any, Any], texts: list[str]) -> Any:
    """`vectorizer.transform(texts)` for the settings of `_vectorizers`, with the idf kept.

    Why: sklearn rebuilds the idf vector from a diagonal matrix and checks the fitted
    state on every call; on one short message that was most of the vote's time.
    """
    counts = CountVectorizer.transform(vectorizer, texts)
    np.log(counts.data, counts.data)  # sublinear_tf
    counts.data += 1
    counts.data *= idf[counts.indices]
    return normalize(counts, norm="l2", copy=False)


class NgramModel:
    """Fitted vectorizers and coefficients; `probabilities` for new texts."""

    def __init__(self) -> None:
        self._chars, self._words = _vectorizers()
        self._chars_idf = self._words_idf = np.zeros(0)
        self.classes: list[str] = []
        # The coefficients as (features x classes) in row order, made once: `features @
        # coef.T` on the stored (classes x features) array copied all of it on every
        # message (half of each parse's time, and the p95 under load).
        self._by_feature = np.zeros((0, 0))
        self._intercept = np.zeros(0)

    def fit(self, texts: list[str], labels: list[str], model: LogisticRegression) -> None:
        clean = [folded(t) for t in texts]
        features = hstack([self._chars.fit_transform(clean), self._words.fit_transform(clean)])
        with warnings.catch_warnings():
            # Stopped early on purpose (the callers' max_iter): the accuracy of 200
            # iterations in a third of the time (measured on tests/nlu and tests/nlu/real).
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(features.tocsr(), labels)
        self.classes = [str(c) for c in model.classes_]
        self._by_feature = np.ascontiguousarray(model.coef_.T)
        self._intercept = model.intercept_
        self._chars_idf, self._words_idf = self._chars.idf_, self._words.idf_

    def probabilities(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """One row of class probabilities per text (columns: `self.classes`)."""
        if not self.classes:
            return np.zeros((len(texts), 0))
        clean = [folded(t) for t in texts]
        features = hstack(
            [
                _tfidf(self._chars, self._chars_idf, clean),
                _tfidf(self._words, self._words_idf, clean),
            ]
        ).tocsr()
        scores = np.asarray(features @ self._by_feature + self._intercept)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        probabilities: np.ndarray[Any, Any] = exp / exp.sum(axis=1, keepdims=True)
        return probabilities

    def scores(self, text: str) -> dict[str, float]:
        """The class probabilities of one text: `probabilities([text])[0]` by name.

        Why not through `probabilities`: one short message through sklearn's and scipy's
        general machinery cost about 0.8 ms, several times per parse (the vote scores the
        message's parts too); the same sums over its few hundred n-grams cost a tenth.
        """
        if not self.classes:
            return {}
        chars, words = _grams(folded(text))
        char_index, char_values = _weighted(chars, self._chars.vocabulary_, self._chars_idf)
        word_index, word_values = _weighted(words, self._words.vocabulary_, self._words_idf)
        offset = len(self._chars_idf)
        scores = (
            char_values @ self._by_feature[char_index]
            + word_values @ self._by_feature[word_index + offset]
            + self._intercept
        )
        scores -= scores.max()
        exp = np.exp(scores)
        row = exp / exp.sum()
        return dict(zip(self.classes, (float(p) for p in row), strict=True))

    def save(self, directory: Path, **extra: Any) -> None:
        """vocabularies.json (with `extra`) and weights.npz in `directory`."""
        vocabularies = {
            "chars": {k: int(v) for k, v in self._chars.vocabulary_.items()},
            "words": {k: int(v) for k, v in self._words.vocabulary_.items()},
            "classes": self.classes,
            **extra,
        }
        (directory / "vocabularies.json").write_text(
            json.dumps(vocabularies, ensure_ascii=False), encoding="utf-8"
        )
        np.savez(
            directory / "weights.npz",
            chars_idf=self._chars_idf,
            words_idf=self._words_idf,
            coef=self._by_feature.T,
            intercept=self._intercept,
        )

    @classmethod
    def load(cls, directory: Path) -> tuple[NgramModel, dict[str, Any]]:
        """The model saved in `directory`, and the rest of its vocabularies.json."""
        model = cls()
        vocabularies = json.loads((directory / "vocabularies.json").read_text(encoding="utf-8"))
        with np.load(directory / "weights.npz", allow_pickle=False) as stored:
            weights = {k: stored[k] for k in stored.files}
        for vectorizer, name in ((model._chars, "chars"), (model._words, "words")):
            vectorizer.vocabulary_ = vocabularies.pop(name)
            vectorizer.idf_ = weights[f"{name}_idf"]
        model._chars_idf = np.asarray(weights["chars_idf"], dtype=np.float64)
        model._words_idf = np.asarray(weights["words_idf"], dtype=np.float64)
        model.classes = list(vocabularies.pop("classes"))
        model._by_feature = np.ascontiguousarray(weights["coef"].T)
        model._intercept = weights["intercept"]
        return model, vocabularies
