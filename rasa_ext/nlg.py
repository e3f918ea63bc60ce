"""Rasa's side of our NLG: render in Rasa's process, or ask `bot/` over HTTP.

`InProcessNLG` (the embedded default, endpoints.yml) renders with `bot/nlg.py` itself,
from the same Babel catalogs: no HTTP call, no JSON either way, no validation of our own
output, and no pause in the middle of Rasa's turn. Under load each answer's call to
`bot/` cost Rasa about a millisecond and `bot/` as much again (docs/performance.md).
Rendering is pure (catalogs, slots, arguments), so the result is the same; a corrected
translation is live after `make catalogs` and a restart of Rasa (instead of `bot/`).

`SlimCallbackNLG` stays for layouts whose texts are served by another process
(deploy/endpoints.production.yml):

Why not Rasa's stock callback generator: it serialises the whole tracker, every
event of the conversation, for every single answer (and once more for a debug
line that is usually switched off), so the cost of each answer grew with the
length of the conversation. `bot/nlg.py` reads the slots, the latest message
and the sender id; `current_state(EventVerbosity.NONE)` carries exactly those.
The request format is otherwise Rasa's own (`nlg_request_format`).

Also cheaper than Rasa's, with the same results: the response schema is compiled
once (rasa_ext/validation.py) and requests go over a kept-alive connection
(rasa_ext/keepalive.py). Being configured in endpoints.yml for every channel, its
constructor is where our set-up of the Rasa process starts (rasa_ext/startup.py).
"""

from __future__ import annotations

from typing import Any

from jsonschema import ValidationError
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator, nlg_response_format_spec
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot import nlg as texts
from rasa_ext import keepalive
from rasa_ext.startup import prepare_rasa_process
from rasa_ext.validation import CompiledSchema

RESPONSE_SCHEMA = CompiledSchema(nlg_response_format_spec())


def request_body(
    utter_action: str, tracker: DialogueStateTracker, output_channel: str, arguments: Any
) -> dict[str, Any]:
    """Rasa's NLG request (`nlg_request_format`), with the state instead of every event."""
    return {
        "response": utter_action,
        "arguments": arguments,
        "tracker": tracker.current_state(EventVerbosity.NONE),
        "channel": {"name": output_channel},
    }


class SlimCallbackNLG(CallbackNaturalLanguageGenerator):
    """Rasa's callback NLG without the event history in every request."""

    def __init__(self, endpoint_config: EndpointConfig, domain: Domain | None = None) -> None:
        prepare_rasa_process()
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
        body = {**request_body(utter_action, tracker, output_channel, kwargs), "id": response_id}
        response = await keepalive.request(
            self.nlg_endpoint, method="post", json=body, timeout=DEFAULT_REQUEST_TIMEOUT
        )
        if isinstance(response, dict) and self.validate_response(response):
            return response
        raise RasaException("NLG web endpoint returned an invalid response.")

    @staticmethod
    def validate_response(content: Any) -> bool:
        """Rasa 3.6.21's check and message, with the schema compiled once."""
        if content is None or content == "":
            return True  # the endpoint did not want to respond with anything
        try:
            RESPONSE_SCHEMA.validate(content)
        except ValidationError as e:
            raise RasaException(
                f"{e.message}. Failed to validate NLG response from API, make sure "
                f"your response from the NLG endpoint is valid. "
                f"For more information about the format please consult the "
                f"`nlg_response_format_spec` function from this same module: "
                f"https://github.com/RasaHQ/rasa/blob/main/rasa/core/nlg/callback.py"
            ) from e
        return True


class InProcessNLG(NaturalLanguageGenerator):
    """`type: rasa_ext.nlg.InProcessNLG` in endpoints.yml: `bot/nlg.py` called directly."""

    def __init__(self, endpoint_config: EndpointConfig, domain: Domain | None = None) -> None:
        prepare_rasa_process()

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any]:
        kwargs.pop("domain_responses", None)
        return texts.generate(request_body(utter_action, tracker, output_channel, kwargs))
