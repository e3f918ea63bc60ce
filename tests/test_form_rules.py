"""stories/forms.yml is generated: it must match its generator, and cover every intent."""

from __future__ import annotations

from typing import Any

import yaml

from tests.conftest import ROOT
from tools.make_form_rules import FORMS, OUT, intents, render


def test_generated_form_rules_are_up_to_date() -> None:
    assert OUT.read_text(encoding="utf-8") == render(), "run tools/make_form_rules.py"


def test_every_intent_has_a_way_out_of_or_through_every_form(contract: dict[str, Any]) -> None:
    rules = yaml.safe_load(OUT.read_text(encoding="utf-8"))["rules"]
    for form in FORMS:
        handled = {
            step["intent"]
            for rule in rules
            if rule.get("condition") == [{"active_loop": form}]
            for step in rule["steps"]
            if "intent" in step
        }
        answered_by_the_form = {"inform", "affirm", "nlu_fallback", "out_of_scope"}
        missing = set(intents()) - handled - answered_by_the_form
        assert not missing, f"{form}: no rule for {sorted(missing)}"
        assert "stop" in handled and "ask_location" in handled
    assert (ROOT / "stories" / "forms.yml").exists()
