"""The indexed RulePolicy finds exactly the rules Rasa's RulePolicy finds."""

from __future__ import annotations

import json
import random
import tarfile
from pathlib import Path
from typing import Any

import pytest
from rasa.core.policies.rule_policy import RulePolicy

from rasa_ext.rule_index import IndexedRulePolicy

MODEL = Path(__file__).resolve().parents[2] / "models" / "komm-mit.tar.gz"

# A small rule set with every kind of last state: a conversation start, a named previous
# action, an action text, slots that must (not) be set, an active loop.
RULES: list[list[dict[str, Any]]] = [
    [{}, {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}],
    [{"user": {"intent": "greet"}}],
    [{"prev_action": {"action_text": "hello"}}],
    [
        {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "book"}},
        {
            "prev_action": {"action_name": "appointment_form"},
            "active_loop": {"name": "appointment_form"},
        },
    ],
    [{"prev_action": {"action_name": "action_listen"}, "slots": {"topic": "should_not_be_set"}}],
    [{"prev_action": {"action_name": "action_listen"}, "slots": {"topic": (1.0,)}}],
    [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "should_not_be_set"}}],
    [{"prev_action": {"action_text": "hello"}, "user": {"intent": "book"}}],
]


def lookup_of(rules: list[list[dict[str, Any]]]) -> dict[str, str]:
    return {json.dumps(rule, sort_keys=True): "utter_x" for rule in rules}


def model_lookups() -> list[dict[str, str]]:
    if not MODEL.exists():
        return []
    with tarfile.open(MODEL) as archive:
        for member in archive.getmembers():
            if member.name.endswith("rule_policy.json"):
                data = json.loads(archive.extractfile(member).read())  # type: ignore[union-attr]
                return [
                    table for table in data["lookup"].values() if isinstance(table, dict) and table
                ]
    return []


def conversations(lookup: dict[str, str], seed: int = 3) -> list[list[dict[str, Any]]]:
    """Each rule's own states, their endings, and the same with another previous action,
    another latest intent and none."""
    rng = random.Random(seed)
    rules = [json.loads(key) for key in lookup]
    names = sorted(
        {
            str(state.get("prev_action", {}).get("action_name"))
            for rule in rules
            for state in rule
            if state.get("prev_action", {}).get("action_name")
        }
    )
    intents = sorted(
        {
            str(state.get("user", {}).get("intent"))
            for rule in rules
            for state in rule
            if state.get("user", {}).get("intent")
        }
    )
    found: list[list[dict[str, Any]]] = []
    for rule in rules:
        for start in range(len(rule)):
            found.append(rule[start:])
        changed = [dict(state) for state in rule]
        if names:
            changed[-1]["prev_action"] = {"action_name": rng.choice(names)}
        found.append(changed)
        for intent in (rng.choice(intents), None) if intents else ():
            other = [dict(state) for state in rule]
            user = dict(other[-1].get("user") or {})
            user.pop("intent", None)
            if intent is not None:
                user["intent"] = intent
            other[-1]["user"] = user
            found.append(other)
        found.append([{}, *rule])
    return found


def both(lookup: dict[str, str], states: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    plain = object.__new__(RulePolicy)
    indexed = object.__new__(IndexedRulePolicy)
    return plain._get_possible_keys(lookup, states), indexed._get_possible_keys(lookup, states)


def test_same_rules_as_rasa_on_every_kind_of_state() -> None:
    lookup = lookup_of(RULES)
    cases: list[list[dict[str, Any]]] = [*conversations(lookup), [], [{}]]
    for states in cases:
        expected, got = both(lookup, states)
        assert got == expected, states


@pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model (make train)")
def test_same_rules_as_rasa_on_the_trained_rules() -> None:
    lookups = model_lookups()
    assert lookups
    for lookup in lookups:
        for states in conversations(lookup):
            expected, got = both(lookup, states)
            assert got == expected, states
