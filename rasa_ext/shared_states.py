"""The rule policy's two looks at a step share the conversation's states.

Why: to predict the next action, Rasa turns the whole conversation into a list of
states (`tracker.past_states`: a fresh tracker replays every event so far). The
RulePolicy does it up to twice for the same step (for the text and for the intent of
the last message), with the same arguments, so the first one's states serve the
second (and any other policy that asks the same, with this featurizer).

The states are kept for a conversation as long as its events are exactly the same
objects in the same order (an identity check over the events, not a guess by their
number), with the same domain. Each caller gets its own copy, because Rasa's featurizer
edits the last state in place (text or intent). Training is untouched: only
`prediction_states` reads the kept states.
"""

from __future__ import annotations

from collections import OrderedDict
from contextvars import ContextVar
from typing import Any

from rasa.core.featurizers.tracker_featurizers import (
    MaxHistoryTrackerFeaturizer,
    TrackerFeaturizer,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

State = dict[str, Any]
KEPT = 64  # conversations; a message needs its own conversation's states only
_predicting: ContextVar[bool] = ContextVar("predicting", default=False)


class _Kept:
    """The states of one conversation, and what they were computed from."""

    __slots__ = ("domain", "events", "states")

    def __init__(self, domain: Domain, events: tuple[Event, ...], states: list[State]) -> None:
        self.domain = domain
        self.events = events  # held, so that no id here can be reused by a new object
        self.states = states


_kept: OrderedDict[tuple[str, bool], _Kept] = OrderedDict()


def _copy(states: list[State]) -> list[State]:
    """Copies of the states and their sub-states (the values inside are immutable)."""
    return [{key: dict(sub) for key, sub in state.items()} for state in states]


def _same_events(kept: tuple[Event, ...], tracker: DialogueStateTracker) -> bool:
    events = tracker.events
    return len(kept) == len(events) and all(a is b for a, b in zip(kept, events, strict=True))


def past_states(
    tracker: DialogueStateTracker, domain: Domain, omit_unset_slots: bool = False
) -> list[State]:
    """`tracker.past_states(domain, omit_unset_slots)`, computed once per conversation state."""
    key = (tracker.sender_id, omit_unset_slots)
    kept = _kept.get(key)
    if kept is None or kept.domain is not domain or not _same_events(kept.events, tracker):
        states = tracker.past_states(domain, omit_unset_slots=omit_unset_slots)
        kept = _Kept(domain, tuple(tracker.events), states)
        _kept[key] = kept
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    else:
        _kept.move_to_end(key)
    return _copy(kept.states)


def forget(sender_id: str | None = None) -> None:
    """Drop the kept states of one conversation, or all (with the tracker store's kept
    trackers: a deleted conversation leaves nothing in memory)."""
    if sender_id is None:
        _kept.clear()
        return
    for key in [key for key in _kept if key[0] == sender_id]:
        del _kept[key]


@TrackerFeaturizer.register("rasa_ext.shared_states.SharedStatesFeaturizer")
class SharedStatesFeaturizer(MaxHistoryTrackerFeaturizer):
    """Rasa's MaxHistoryTrackerFeaturizer; for predictions it reads the shared states."""

    def prediction_states(self, *args: Any, **kwargs: Any) -> list[list[State]]:
        token = _predicting.set(True)
        try:
            return list(super().prediction_states(*args, **kwargs))
        finally:
            _predicting.reset(token)

    @staticmethod
    def _create_states(
        tracker: DialogueStateTracker,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        if _predicting.get() and not ignore_rule_only_turns:
            # rule_only_data is only read when rule-only turns are ignored
            return past_states(tracker, domain, omit_unset_slots)
        return list(
            tracker.past_states(
                domain,
                omit_unset_slots=omit_unset_slots,
                ignore_rule_only_turns=ignore_rule_only_turns,
                rule_only_data=rule_only_data,
            )
        )


def shared_featurizer(max_history: int | None) -> SharedStatesFeaturizer:
    """What the rule policy uses: no state featurizer, as in Rasa."""
    return SharedStatesFeaturizer(state_featurizer=None, max_history=max_history)
