"""JSON schema validation as `jsonschema.validate` does it, with the validator built once.

Why: Rasa 3.6 validates every action server and NLG response with
`jsonschema.validate`, which checks the schema itself and builds a new validator on
every call; under load that was about half of Rasa's CPU (docs/performance.md).
The error raised for an invalid instance is the same one (`best_match` of all errors).
"""

from __future__ import annotations

from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match


class CompiledSchema:
    """One schema, checked once; `validate` raises what `jsonschema.validate` raises."""

    def __init__(self, schema: dict[str, Any]) -> None:
        cls = validators.validator_for(schema)
        cls.check_schema(schema)
        self._validator = cls(schema)

    def validate(self, instance: Any) -> None:
        """Raises the `ValidationError` `jsonschema.validate(instance, schema)` would."""
        error = best_match(self._validator.iter_errors(instance))
        if error is not None:
            raise error
