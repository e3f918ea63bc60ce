"""Control signals: what an action tells `bot/` besides the text it says.

Why a custom payload from the action: the action decides what happened (the user
confirmed the deletion, a handoff was opened, an appointment booked or refused),
so it says so itself; `bot/nlg.py` only renders. The action passes
`json_message=Signal(...).custom()` to `dispatcher.utter_message`; rasa_sdk sends
it as the message's `custom`, Rasa's RemoteAction keeps it next to the rendered
text, `rasa_ext/channel.py` passes it on to `bot/`, and `bot/` reads it here.
Users never see it: clients get only text, buttons, attachment and venue.

Shape, once for both sides: `{"komm_mit": {"signal": <name>, "service"?, "reason"?}}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KEY = "komm_mit"
FORGET = "forget"  # the user confirmed "delete my data": delete after this turn
HANDOFF = "handoff"  # a handoff to staff was opened (`service`)
BOOKED = "booked"  # the user booked or moved an appointment (`service`)
BOOKING_REFUSED = "booking_refused"  # a booking limit was reached (`reason`)
NAMES = frozenset({FORGET, HANDOFF, BOOKED, BOOKING_REFUSED})


@dataclass(frozen=True)
class Signal:
    name: str
    service: str | None = None
    reason: str | None = None

    def custom(self) -> dict[str, Any]:
        """The `json_message` for `dispatcher.utter_message`."""
        details = {"service": self.service, "reason": self.reason}
        kept = {key: value for key, value in details.items() if value is not None}
        return {KEY: {"signal": self.name, **kept}}


def read(message: dict[str, Any]) -> Signal | None:
    """The signal a bot message from Rasa carries, if any (unknown names are ignored)."""
    custom = message.get("custom")
    body = custom.get(KEY) if isinstance(custom, dict) else None
    if not isinstance(body, dict) or body.get("signal") not in NAMES:
        return None
    service, reason = body.get("service"), body.get("reason")
    return Signal(
        str(body["signal"]),
        service if isinstance(service, str) else None,
        reason if isinstance(reason, str) else None,
    )


def names_in(messages: list[dict[str, Any]]) -> set[str]:
    """The names of all signals in a turn's messages."""
    return {signal.name for signal in map(read, messages) if signal is not None}
