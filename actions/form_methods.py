"""The per-slot methods both forms (booking and cancelling) write alike.

Why a decorator: rasa_sdk calls every `extract_<slot>` method on every turn of the
form, so each must read the message only while the form asks for its slot; otherwise
an answer to one question could fill another. `asked` writes that check once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.forms import REQUESTED_SLOT

from actions.action import Dispatcher, Domain, Slots
from actions.form_answers import verdict, yes_no

Extract = Callable[[Any, Dispatcher, Tracker, Domain], Awaitable[Slots]]
Validate = Callable[[Any, Any, Dispatcher, Tracker, Domain], Awaitable[Slots]]


def asked(slot: str) -> Callable[[Extract], Extract]:
    """The decorated `extract_<slot>` runs only while `slot` is the requested one."""

    def decorate(extract: Extract) -> Extract:
        @wraps(extract)
        async def when_asked(
            form: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
        ) -> Slots:
            if tracker.get_slot(REQUESTED_SLOT) != slot:
                return {}
            return await extract(form, dispatcher, tracker, domain)

        return when_asked

    return decorate


def yes_or_no(slot: str) -> tuple[Extract, Validate]:
    """`extract_<slot>` and `validate_<slot>` of a question answered by yes or no."""

    @asked(slot)
    async def extract(form: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Slots:
        return yes_no(dispatcher, tracker, slot)

    async def validate(
        form: Any, value: Any, dispatcher: Dispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        return verdict(dispatcher, slot, value, value in ("yes", "no"))

    return extract, validate
