"""What Rasa reads as a button's payload ("/inform{...}") instead of as words.

Why one place: the tokenizer and DIET skip such texts (`rasa_ext/tokenizer.py`,
`rasa_ext/diet.py`), because Rasa's `RegexMessageHandler` at the end of the NLU graph
replaces the message by the intent and entities written in it and drops everything
the other components found.
"""

from __future__ import annotations

import re

from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import INTENT_NAME_KEY

_PATTERN = YAMLStoryReader._regex_message_pattern()  # Rasa's own
_PLAIN_INTENT = re.compile(r"\w+")


def is_payload(text: str) -> bool:
    """True for "/intent" and "/intent{...}" with a plain intent name, as Rasa unpacks them.

    `bot/` sends nothing else that starts with "/": a stray "/word" typed by a person
    arrives as "word" (bot/commands.py). A payload naming an intent the domain does not
    know gets no prediction (Rasa would have let DIET guess one).
    """
    match = _PATTERN.match(text.strip())
    return bool(match and _PLAIN_INTENT.fullmatch(match.group(INTENT_NAME_KEY).strip()))
