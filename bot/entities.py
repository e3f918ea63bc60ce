"""Map an extracted entity text to its contract value, also when it is misspelled.

Why: Rasa's synonym mapper only knows surface forms seen in training. A newcomer
who types "Auslanderbehorte" still means the foreigners' office, so we compare
the normalised text with every annotated surface form and take a close match.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from bot.language.normalize import normalise
from bot.nlu_data import ANNOTATION

NLU_DIR = Path(__file__).resolve().parent.parent / "nlu"
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
CUTOFF = 0.82


def _key(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", normalise(text)).split())


@lru_cache(maxsize=1)
def surface_forms() -> dict[str, dict[str, str]]:
    """entity -> {normalised surface form: contract value}, from the training data."""
    table: dict[str, dict[str, str]] = {}
    for path in sorted(NLU_DIR.glob("*.yml")):
        for match in ANNOTATION.finditer(path.read_text(encoding="utf-8")):
            try:
                spec = json.loads(match.group(2))
            except json.JSONDecodeError:  # the short form `(entity)` carries no value
                continue
            if "entity" in spec and "value" in spec:
                table.setdefault(spec["entity"], {})[_key(match.group(1))] = str(spec["value"])
    return table


def resolve(
    entity: str, value: object, allowed: frozenset[str] | set[str] | tuple[str, ...]
) -> str | None:
    """The contract value for `value`, or None when nothing is close enough."""
    if not isinstance(value, str) or not value.strip():
        return None
    if value in allowed:
        return value
    forms = surface_forms().get(entity, {})
    key = _key(value)
    if key in forms and forms[key] in allowed:
        return forms[key]
    close = difflib.get_close_matches(key, list(forms), n=1, cutoff=CUTOFF)
    if close and forms[close[0]] in allowed:
        return forms[close[0]]
    return None
