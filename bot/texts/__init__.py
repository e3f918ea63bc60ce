"""Everything the assistant says, in one place: one renderer per Rasa response name.

Why here and not in domain.yml: texts come from the Babel catalogs at run time (Rasa
calls our NLG endpoint, `bot/` renders notices and its own messages), facts from the
content file, so a text or a fact is fixed without retraining; domain.yml only names
the responses (tests/texts/test_registry.py keeps both lists equal).

Each module below gives its renderers as a `RENDERERS` dict; this package lists the
modules once, so importing `bot.texts` gives the complete registry. A new answer: a
function in the module of its topic, a line in that module's `RENDERERS`, a
placeholder in domain.yml. Labels (services, concerns, documents) are in `labels.py`.
"""

from __future__ import annotations

from bot.texts import (
    booking,
    clarify,
    forget,
    general,
    handoff,
    services,
    situation,
    subtopics,
    topics,
)
from bot.texts.reply import Attachment, Button, Context, Renderer, Reply, Venue

__all__ = ["RENDERERS", "Attachment", "Button", "Context", "Renderer", "Reply", "Venue", "render"]


def _registry(*modules: dict[str, Renderer]) -> dict[str, Renderer]:
    """The modules' renderers in one dict; a response name given twice is a mistake."""
    merged: dict[str, Renderer] = {}
    for renderers in modules:
        twice = merged.keys() & renderers.keys()
        if twice:
            raise ValueError(f"responses rendered twice: {sorted(twice)}")
        merged.update(renderers)
    return merged


RENDERERS: dict[str, Renderer] = _registry(
    general.RENDERERS,
    services.RENDERERS,
    topics.RENDERERS,
    forget.RENDERERS,
    booking.RENDERERS,
    handoff.RENDERERS,
    clarify.RENDERERS,
    situation.RENDERERS,
    subtopics.RENDERERS,
)


def render(name: str, ctx: Context) -> Reply:
    return RENDERERS[name](ctx)
