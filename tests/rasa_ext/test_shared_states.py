"""The policies' shared states are Rasa's states, computed once per conversation state."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from rasa.core.featurizers.tracker_featurizers import (
    MaxHistoryTrackerFeaturizer,
    TrackerFeaturizer,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext import shared_states
from rasa_ext.shared_states import SharedStatesFeaturizer

MODEL = Path(__file__).resolve().parents[2] / "models" / "komm-mit.tar.gz"

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, ask_fees]
entities: [service]
slots:
  service:
    type: categorical
    values: [foreigners_office, migration_centre]
    mappings: [{type: from_entity, entity: service}]
actions: [utter_greet, utter_fees]
responses:
  utter_greet: [{text: hi}]
  utter_fees: [{text: fees}]
"""
)


def conversation(sender: str = "a") -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen"),
            UserUttered("hallo", {"name": "greet", "confidence": 1.0}),
            ActionExecuted("utter_greet"),
            ActionExecuted("action_listen"),
            UserUttered("was kostet das", {"name": "ask_fees", "confidence": 1.0}),
        ],
        slots=DOMAIN.slots,
    )
    return tracker


@pytest.fixture(autouse=True)
def _fresh() -> None:
    shared_states.forget()


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each replay of a conversation into states, by sender."""
    seen: list[str] = []
    real = DialogueStateTracker.past_states

    def counted(self: DialogueStateTracker, *args: Any, **kwargs: Any) -> Any:
        seen.append(self.sender_id)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(DialogueStateTracker, "past_states", counted)
    return seen


@pytest.mark.parametrize("use_text", [False, True])
def test_prediction_states_are_rasas(use_text: bool) -> None:
    tracker = conversation()
    ours = SharedStatesFeaturizer(None, max_history=None)
    rasas = MaxHistoryTrackerFeaturizer(None, max_history=None)
    for _ in range(2):  # the second time from the kept states
        assert ours.prediction_states([tracker], DOMAIN, use_text) == rasas.prediction_states(
            [tracker], DOMAIN, use_text
        )


def test_the_looks_of_one_step_replay_the_conversation_once(replays: list[str]) -> None:
    tracker = conversation()
    other = SharedStatesFeaturizer(None, max_history=5)
    rules = SharedStatesFeaturizer(None, max_history=None)
    other.prediction_states([tracker], DOMAIN)
    rules.prediction_states([tracker], DOMAIN, use_text_for_last_user_input=True)
    rules.prediction_states([tracker], DOMAIN, use_text_for_last_user_input=False)
    assert replays == ["a"]


def test_one_caller_editing_its_states_does_not_change_the_next_callers() -> None:
    tracker = conversation()
    featurizer = SharedStatesFeaturizer(None, max_history=None)
    text_based = featurizer.prediction_states([tracker], DOMAIN, True)[0]
    assert "intent" not in text_based[-1]["user"]  # Rasa removed it in place
    intent_based = featurizer.prediction_states([tracker], DOMAIN, False)[0]
    assert intent_based[-1]["user"]["intent"] == "ask_fees"


def test_a_new_event_or_another_conversation_is_replayed_again(replays: list[str]) -> None:
    tracker = conversation("a")
    featurizer = SharedStatesFeaturizer(None, max_history=None)
    before = featurizer.prediction_states([tracker], DOMAIN)[0]
    tracker.update(SlotSet("service", "migration_centre"))
    tracker.update(ActionExecuted("utter_fees"))
    after = featurizer.prediction_states([tracker], DOMAIN)[0]
    assert len(after) == len(before) + 1
    assert after[-1]["slots"]["service"] == (0.0, 1.0, 0.0)
    # the same sender and as many events, but other ones (a conversation read again)
    featurizer.prediction_states([conversation("a")], DOMAIN)
    featurizer.prediction_states([conversation("b")], DOMAIN)
    assert replays == ["a", "a", "a", "b"]


def test_forgetting_a_conversation_drops_its_states(replays: list[str]) -> None:
    tracker = conversation("a")
    shared_states.past_states(tracker, DOMAIN)
    shared_states.forget("a")
    shared_states.past_states(tracker, DOMAIN)
    assert replays == ["a", "a"]


def test_training_is_rasas_own(replays: list[str]) -> None:
    """Outside predictions (training, rule checks) nothing is kept or read."""
    tracker = conversation()
    SharedStatesFeaturizer._create_states(tracker, DOMAIN)
    SharedStatesFeaturizer._create_states(tracker, DOMAIN)
    assert replays == ["a", "a"]


def test_it_survives_being_saved(tmp_path: Path) -> None:
    SharedStatesFeaturizer(None, max_history=5).persist(tmp_path)
    loaded = TrackerFeaturizer.load(tmp_path)
    assert isinstance(loaded, SharedStatesFeaturizer)
    assert loaded.max_history == 5


@pytest.mark.skipif(not MODEL.exists(), reason="no trained model")
def test_the_trained_rule_policy_shares_the_states() -> None:
    with tarfile.open(MODEL) as archive:
        types = {
            member.name.split("/")[-2]: json.loads(archive.extractfile(member).read())["type"]  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.name.endswith("featurizer.json")
        }
    assert list(types.values()) == ["rasa_ext.shared_states.SharedStatesFeaturizer"], types
    assert "IndexedRulePolicy" in next(iter(types))
