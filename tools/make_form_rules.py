"""Write stories/forms.yml: what happens with every intent while a form is open.

Why generated: two forms × about forty intents are a hundred near-identical
rules; writing them by hand invites a forgotten intent. The table below is the
whole policy; tests/test_form_rules.py fails when the file is out of date.
Run: .venv/bin/python tools/make_form_rules.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "stories" / "forms.yml"
FORMS = {
    "appointment_form": {"submit": "action_submit_booking"},
    "cancel_form": {"submit": "action_submit_cancel"},
}
# Answers to the form's questions: the validation action reads them; never rules.
ANSWERS = {"inform", "affirm", "nlu_fallback", "out_of_scope"}
# Answered inside the form, which then asks its question again ("what do I bring?",
# "will someone speak my language?", "where is it?", "when is it open?" and "how do I
# reach the office?" are part of booking; issue 16: a side question never ends it).
STAY = {
    "greet",
    "thank",
    "help",
    "bot_challenge",
    "change_language",
    "ask_required_documents",
    "ask_interpreter",
    "ask_location",
    "ask_opening_hours",
    "ask_contact",
    # a button of the situation question ("where do you live?" after "where is it?")
    "inform_situation",
}
# Leave the form and say so, without a further answer.
LEAVE_QUIETLY = {"stop", "deny", "cancel_appointment"}
# While booking, "I want an appointment" is what the user is already doing.
STAY_IN = {"appointment_form": {"book_appointment"}, "cancel_form": set()}


class NoAliases(yaml.SafeDumper):
    """Plain YAML without &anchors, so the file reads like hand-written rules."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def answers() -> dict[str, list[dict[str, Any]]]:
    """intent -> the steps its plain rule answers with (from stories/rules.yml)."""
    data = yaml.safe_load((ROOT / "stories" / "rules.yml").read_text(encoding="utf-8"))
    found: dict[str, list[dict[str, Any]]] = {}
    for rule in data["rules"]:
        first, *rest = rule["steps"]
        if "intent" in first and not first.get("entities") and "condition" not in rule:
            found.setdefault(first["intent"], rest)
    return found


def intents() -> list[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [str(i) for i in domain["intents"]] + ["nlu_fallback"]


def rules() -> list[dict[str, Any]]:
    replies = answers()
    out: list[dict[str, Any]] = []
    for form, spec in FORMS.items():
        cond = [{"active_loop": form}]
        out.append(
            {
                "rule": f"{form}: submit",
                "condition": cond,
                "steps": [
                    {"action": form},
                    {"active_loop": None},
                    {"action": spec["submit"]},
                ],
            }
        )
        for intent in intents():
            if intent in ANSWERS:
                continue
            if intent in STAY or intent in STAY_IN[form]:
                reply = [] if intent in STAY_IN[form] else replies[intent]
                variants = [reply]
                if intent == "change_language":
                    out.append(
                        {
                            "rule": f"{form}: {intent} with a language, then continue",
                            "condition": cond,
                            "steps": [
                                {"intent": intent, "entities": ["language"]},
                                {"action": "utter_language_changed"},
                                {"action": form},
                                {"active_loop": form},
                            ],
                        }
                    )
                for steps in variants:
                    out.append(
                        {
                            "rule": f"{form}: {intent}, then continue",
                            "condition": cond,
                            "steps": [
                                {"intent": intent},
                                *steps,
                                {"action": form},
                                {"active_loop": form},
                            ],
                        }
                    )
                continue
            reply = [] if intent in LEAVE_QUIETLY else replies[intent]
            out.append(
                {
                    "rule": f"{form}: {intent} leaves the form",
                    "condition": cond,
                    "steps": [
                        {"intent": intent},
                        {"action": "action_deactivate_loop"},
                        {"active_loop": None},
                        {"action": "action_stop_booking"},
                        *reply,
                    ],
                }
            )
    return out


def render() -> str:
    header = (
        "# GENERATED by tools/make_form_rules.py; edit the table there, not this file.\n"
        "# While a form is open: answers go to the form; small talk is answered and the\n"
        "# form goes on; any other intent leaves the form (nothing half-booked) and is answered.\n"
    )
    body = yaml.dump(
        {"version": "3.1", "rules": rules()},
        Dumper=NoAliases,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return header + body


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
