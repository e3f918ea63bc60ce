"""The facts file: every fact sourced or flagged, every contract intent answered."""

from __future__ import annotations

from typing import Any

import yaml

from bot.content import CONTENT_FILE, SERVICES, Content, content
from bot.texts import RENDERERS, Context, render
from tests.conftest import ROOT


def facts(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every leaf fact (a mapping with `value`) with its dotted path."""
    if isinstance(node, dict) and "value" in node:
        return [(path, node)]
    if isinstance(node, dict):
        found = []
        for key, child in node.items():
            found += facts(child, f"{path}.{key}" if path else str(key))
        return found
    return []


def test_every_fact_has_a_source_or_is_a_placeholder() -> None:
    data = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
    all_facts = facts(data)
    assert len(all_facts) > 30
    for path, fact in all_facts:
        if fact.get("placeholder"):
            assert fact["value"] is None, f"{path}: a placeholder must not carry a value"
        else:
            assert fact.get("source"), f"{path}: a stated fact needs a source"
            assert fact["value"] is not None, f"{path}: no value and not a placeholder"


def test_placeholders_read_as_unknown() -> None:
    facts_file = content()
    assert facts_file.service_fact("foreigners_office", "phone") is None
    assert facts_file.fact("kreishaus.address") == "Am Schölerberg 1, 49082 Osnabrück"


def test_every_topic_intent_belongs_to_exactly_one_service(contract: dict[str, Any]) -> None:
    topics = content().raw["topics"]
    owners: dict[str, list[str]] = {}
    for service in SERVICES:
        for intent in topics[service]:
            assert intent in contract["intents"], intent
            owners.setdefault(intent, []).append(service)
    assert all(len(services) == 1 for services in owners.values())


def rules() -> dict[str, str]:
    """intent -> the action its rule answers with."""
    data = yaml.safe_load((ROOT / "stories" / "rules.yml").read_text(encoding="utf-8"))
    answer = {}
    for rule in data["rules"]:
        steps = rule["steps"]
        if "intent" in steps[0] and "action" in steps[1]:
            answer.setdefault(steps[0]["intent"], steps[1]["action"])
    return answer


def test_every_contract_intent_has_an_answer(contract: dict[str, Any]) -> None:
    answers = rules()
    for intent in contract["intents"]:
        assert intent in answers, f"no rule answers {intent}"
        action = answers[intent]
        assert action in RENDERERS or action.startswith("action_"), action


def test_unknown_opening_hours_send_the_user_to_the_office() -> None:
    reply = render(
        "utter_opening_hours", Context(lang="en", entities={"service": "migration_centre"})
    )
    assert "do not have confirmed opening hours" in reply.text
    assert "massarbeit.de" in reply.text


def test_known_opening_hours_are_formatted_for_the_locale() -> None:
    data = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
    data["services"]["foreigners_office"]["opening_hours"] = {
        "value": [{"day": "mon", "from": "08:00", "to": "12:30"}],
        "source": "test",
    }
    ctx = Context(lang="de", entities={"service": "foreigners_office"}, facts=Content(data))
    text = render("utter_opening_hours", ctx).text
    assert "Montag: 08:00 – 12:30" in text
    ar = render(
        "utter_opening_hours",
        Context(lang="ar", entities={"service": "foreigners_office"}, facts=Content(data)),
    ).text
    assert "الاثنين" in ar
