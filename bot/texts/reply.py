"""What a renderer gets (Context) and gives (Reply with buttons, a file, a place).

Why a module of its own: every texts module and every caller of `bot.texts.render`
shares these few types; they depend on nothing but the catalogs and the content file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.content import SERVICES, Content, content
from bot.language.i18n import Gettext, gettext_for


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Attachment:
    """A file the user can download (e.g. a booking's .ics), by a link of `bot/`."""

    url: str
    filename: str
    media_type: str

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "filename": self.filename, "type": self.media_type}


@dataclass(frozen=True)
class Venue:
    """A place a channel can show on a map (Telegram sends it as a venue)."""

    latitude: float
    longitude: float
    title: str
    address: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "latitude": self.latitude,
            "longitude": self.longitude,
            "title": self.title,
            "address": self.address,
        }


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Sequence[Button] = ()
    attachment: Attachment | None = None
    venue: Venue | None = None


@dataclass
class Context:
    """What a renderer may look at: language, slots, the latest entities, arguments."""

    lang: str
    slots: dict[str, Any] = field(default_factory=dict)
    conversation_id: str = ""
    entities: dict[str, str] = field(default_factory=dict)
    arguments: dict[str, Any] = field(default_factory=dict)
    facts: Content = field(default_factory=content)

    @property
    def _(self) -> Gettext:
        return gettext_for(self.lang)

    def service(self) -> str | None:
        """The service this turn is about: named now, else the topic of the conversation."""
        for candidate in (self.entities.get("service"), self.slots.get("service")):
            if candidate in SERVICES:
                return str(candidate)
        return None


Renderer = Callable[[Context], Reply]


def payload(intent: str, **entities: str) -> str:
    """A button payload Rasa understands without NLU: `/intent{"entity": "value"}`."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"
