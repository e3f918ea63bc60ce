"""Rasa's side of our NLG: ask `bot/` for a response, sending only what it reads.

Why not Rasa's stock callback generator: it serialises the whole tracker, every
event of the conversation, for every single answer (and once more for a debug
line that is usually switched off), so the cost of each answer grew with the
length of the conversation. `bot/nlg.py` reads the slots, the latest message
and the sender id; `current_state(EventVerbosity.NONE)` carries exactly those.
The request format is otherwise Rasa's own (`nlg_request_format`).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

log = logging.getLogger(__name__)


class SlimCallbackNLG(CallbackNaturalLanguageGenerator):
    """Rasa's callback NLG without the event history in every request."""

    def __init__(self, endpoint_config: EndpointConfig, domain: Domain | None = None) -> None:
        super().__init__(endpoint_config)

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any]:
        domain_responses = kwargs.pop("domain_responses", None)
        response_id = self.fetch_response_id(
            utter_action, tracker, output_channel, domain_responses
        )
        body = {
            "response": utter_action,
            "id": response_id,
            "arguments": kwargs,
            "tracker": tracker.current_state(EventVerbosity.NONE),
            "channel": {"name": output_channel},
        }
        response = await self.nlg_endpoint.request(
            method="post", json=body, timeout=DEFAULT_REQUEST_TIMEOUT
        )
        if isinstance(response, dict) and self.validate_response(response):
            return response
        raise RasaException("NLG web endpoint returned an invalid response.")
