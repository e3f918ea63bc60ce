"""Reading Rasa's annotated NLU example lines: `[Ausländerbehörde]{"entity": ...}`.

Why one module: the entity resolver, the data checks, the train/test dedupe and the
evaluation all need the same notion of "the annotation" and "the plain text".
"""

from __future__ import annotations

import re

# [surface text]{"entity": ..., "value": ...}  or the short form [surface text](entity)
ANNOTATION = re.compile(r"\[([^\]]+)\](\{[^}]*\}|\([^)]*\))")


def plain_text(example: str) -> str:
    """The example as the user typed it, without annotation markup."""
    return ANNOTATION.sub(lambda match: match.group(1), example)
