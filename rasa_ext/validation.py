"""JSON schema validation as `jsonschema.validate` does it, with the validator built once.

Why: Rasa 3.6 validates every action server and NLG response with
`jsonschema.validate`, which checks the schema itself and builds a new validator on
every call; under load that was about half of Rasa's CPU (docs/performance.md).
The error raised for an invalid instance is the same one (`best_match` of all errors).

Rasa's schema for an action's events is a `oneOf` over 23 event schemas, one per
value of `"event"`. jsonschema tries every branch for every event and builds an
error object for each branch that does not match: a tenth of Rasa's CPU under load
after the validator was built once. Since each branch requires its own constant
`"event"`, an event is valid exactly when it is valid against the base schema and
the one branch of its `"event"`; those are checked first. Whatever does not pass
that check goes through the whole schema, so the result and the error are the same.
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator


class CompiledSchema:
    """One schema, checked once; `validate` raises what `jsonschema.validate` raises."""

    def __init__(self, schema: dict[str, Any]) -> None:
        cls = validators.validator_for(schema)
        cls.check_schema(schema)
        self._validator = cls(schema)
        self._shortcut = _TaggedItems.find(schema, cls)

    def validate(self, instance: Any) -> None:
        """Raises the `ValidationError` `jsonschema.validate(instance, schema)` would."""
        if self._shortcut is not None and self._shortcut.accepts(instance):
            return
        error = best_match(self._validator.iter_errors(instance))
        if error is not None:
            raise error


class _TaggedItems:
    """A schema with one array property whose items are a `oneOf` told apart by a constant.

    `accepts` is True only for instances the whole schema accepts (it may say False for
    valid ones, which then take the full check).
    """

    def __init__(self, rest: Validator, name: str, tag: str, branches: dict[str, Validator]):
        self._rest, self._name, self._tag, self._branches = rest, name, tag, branches

    @classmethod
    def find(cls, schema: dict[str, Any], validator: type[Validator]) -> _TaggedItems | None:
        for name, prop in (schema.get("properties") or {}).items():
            items = prop.get("items") if isinstance(prop, dict) else None
            if not isinstance(items, dict) or not isinstance(items.get("oneOf"), list):
                continue
            tag, branches = _tagged_branches(items, validator)
            if tag is None:
                continue
            rest = copy.deepcopy(schema)
            del rest["properties"][name]["items"]  # the array itself is still checked
            return cls(validator(rest), name, tag, branches)
        return None

    def accepts(self, instance: Any) -> bool:
        if not self._rest.is_valid(instance):
            return False
        for item in instance.get(self._name) or ():
            kind = item.get(self._tag) if isinstance(item, dict) else None
            branch = self._branches.get(kind) if isinstance(kind, str) else None
            if branch is None or not branch.is_valid(item):
                return False
        return True


def _tagged_branches(
    items: dict[str, Any], validator: type[Validator]
) -> tuple[str | None, dict[str, Validator]]:
    """The property whose constant tells the `oneOf` branches apart, and a validator per value."""
    base = {key: value for key, value in items.items() if key != "oneOf"}
    # The tag must be required by the base schema, or an item without it could match
    # a branch whose other constraints it meets.
    required = set(base.get("required") or ())
    for tag in sorted(required):
        consts = [
            (branch.get("properties") or {}).get(tag, {}).get("const") for branch in items["oneOf"]
        ]
        if all(isinstance(c, str) for c in consts) and len(set(consts)) == len(consts):
            return tag, {
                const: validator({"allOf": [base, branch]})
                for const, branch in zip(consts, items["oneOf"], strict=True)
            }
    return None, {}
