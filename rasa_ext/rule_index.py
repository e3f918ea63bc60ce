"""Rasa's RulePolicy, with its rules looked up by the previous action first.

Why: `RulePolicy._get_possible_keys` checks every learned rule against the latest
state of the conversation, several times per message (352 rules; a tenth of the Rasa
process's time under load, docs/performance.md). A rule can only apply when its last
state has the conversation's previous action and, if it names one, the conversation's
latest intent, so the rules are grouped by those two once, and Rasa's own check then
runs on that group only. The result is the same set of rules
(tests/rasa_ext/test_rule_index.py compares both on every rule and story state).
"""

from __future__ import annotations

import warnings
from typing import Any, cast

from rasa.core.constants import POLICY_MAX_HISTORY
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

from rasa_ext.shared_states import shared_featurizer

# Rasa's recipe validator looks for the class RulePolicy itself (`node.uses ==
# RulePolicy`) and warns that `restart` and `back` would not work without it. They do:
# this policy is a RulePolicy and inherits how it predicts Rasa's default actions.
warnings.filterwarnings("ignore", message="'RulePolicy' is not included in the model's policy")

State = dict[str, Any]
# Rules whose last state has a previous action without a name (an action text).
ANY_ACTION = "\0any"
# Rules whose last state has no previous action (a conversation's start).
NO_ACTION = "\0none"
# Rules whose last state names no intent the conversation must have.
ANY_INTENT = "\0any intent"


def rule_group(rule_key: str) -> tuple[str, str]:
    """The group of a rule: the previous action of its last state, and its intent."""
    last = RulePolicy._rule_key_to_state(rule_key)[-1]
    previous = last.get(PREVIOUS_ACTION)
    intent = (last.get(USER) or {}).get(INTENT)
    # Rasa's check: an intent in the rule's state must equal the conversation's, unless
    # it is "should not be set" (then the conversation has none, or any: checked later).
    needed = str(intent) if intent and intent != SHOULD_NOT_BE_SET else ANY_INTENT
    if not previous:
        return NO_ACTION, needed
    name = previous.get(ACTION_NAME)
    return (str(name) if name else ANY_ACTION), needed


Groups = dict[str, dict[str, list[str]]]


def groups(keys: Any) -> Groups:
    grouped: Groups = {}
    for key in keys:
        action, intent = rule_group(key)
        grouped.setdefault(action, {}).setdefault(intent, []).append(key)
    return grouped


def candidates(grouped: Groups, latest: State) -> list[str]:
    """The rules that may match a conversation whose latest state is `latest`."""
    previous = latest.get(PREVIOUS_ACTION)
    if not previous:
        # Rasa takes two conversation starts as matching without comparing them further.
        return [key for keys in grouped.get(NO_ACTION, {}).values() for key in keys]
    actions = [str(previous.get(ACTION_NAME)), ANY_ACTION]
    intent = (latest.get(USER) or {}).get(INTENT)
    found: list[str] = []
    for action in actions:
        by_intent = grouped.get(action, {})
        if intent:
            found += by_intent.get(str(intent), [])
        found += by_intent.get(ANY_INTENT, [])
    return found


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IndexedRulePolicy(RulePolicy):
    """RulePolicy with the same rules and predictions, found faster."""

    def _standard_featurizer(self) -> MaxHistoryTrackerFeaturizer:
        # the conversation's states shared by the two looks per step (rasa_ext/shared_states.py)
        return shared_featurizer(self.config[POLICY_MAX_HISTORY])

    def _get_possible_keys(self, lookup: dict[str, str], states: list[State]) -> set[str]:
        if not states:
            return cast(set[str], super()._get_possible_keys(lookup, states))
        # (the lookup, its groups, how many rules it had when grouped)
        cache: dict[int, tuple[dict[str, str], Groups, int]]
        cache = self.__dict__.setdefault("_rule_groups", {})
        kept = cache.get(id(lookup))
        if kept is None or kept[0] is not lookup or kept[2] != len(lookup):
            kept = (lookup, groups(lookup.keys()), len(lookup))
            cache[id(lookup)] = kept
        narrowed = dict.fromkeys(candidates(kept[1], states[-1]), "")
        return cast(set[str], super()._get_possible_keys(narrowed, states))
