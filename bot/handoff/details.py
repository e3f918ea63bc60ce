"""What a transcript line keeps for the console besides its text (column `details`).

Why: a clerk who reads German must understand an Arabic conversation. For an answer of
the assistant the line keeps the response name and the values the renderer read (bot/nlg.py
puts them into Rasa's bot event as `rendered`), so the console renders the same answer in
the staff member's language from the catalogs. For a message of the person it keeps what
the assistant understood: the two best needs and their confidence, a second need, and the
situation facts known by then. Only what the texts need; deleted with the transcript.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.nlg import RENDERED

# The slots that describe the person's situation, shown to staff when they are known.
FACT_SLOTS = ("service", "residence_status", "residence_place", "residence_town")


def answer_details(event: dict[str, Any]) -> dict[str, Any] | None:
    """{"response", "slots", "entities", "arguments"} of a bot event rendered by bot/nlg.py."""
    rendered = (event.get("metadata") or {}).get(RENDERED)
    if not isinstance(rendered, dict) or not isinstance(rendered.get("response"), str):
        return None
    return {
        "response": rendered["response"],
        **{key: rendered.get(key) or {} for key in ("slots", "entities", "arguments")},
    }


def understood(event: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any] | None:
    """What the assistant understood of a user event (None for a button without parse data)."""
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    if not isinstance(intent, dict) or not intent.get("name"):
        return None
    ranking = [r for r in parse.get("intent_ranking") or [] if isinstance(r, dict)]
    ranked = [_need(r) for r in ranking[:2] if r.get("name")] or [_need(intent)]
    second = parse.get("second_intent") or {}
    found: dict[str, Any] = {"ranking": ranked}
    if isinstance(second, dict) and second.get("name"):
        found["second"] = str(second["name"])
    known = {key: facts[key] for key in FACT_SLOTS if facts.get(key)}
    if known:
        found["facts"] = known
    return {"understood": found}


def _need(found: dict[str, Any]) -> dict[str, Any]:
    return {"name": str(found["name"]), "confidence": round(float(found.get("confidence") or 0), 3)}


def slot_updates(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The fact slots as the given events leave them."""
    facts: dict[str, Any] = {}
    for event in events:
        if event.get("event") == "slot" and event.get("name") in FACT_SLOTS:
            facts[str(event["name"])] = event.get("value")
    return facts
