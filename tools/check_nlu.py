"""Check an NLU training or test file against the shared NLU contract.

Why: the contract is binding for external evaluation sets, so every language
file must carry every contract intent with enough examples and only valid
entity values. Run: .venv/bin/python tools/check_nlu.py nlu/de.yml [--min 15]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bot.nlu_data import ANNOTATION, plain_text

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_CANDIDATES = [ROOT.parent / "shared" / "nlu-contract.yml", ROOT / "nlu-contract.yml"]
# intents the project adds beyond the contract
EXTRA_INTENTS: set[str] = {"stop", "move_appointment", "ask_interpreter"}


def load_contract() -> dict[str, Any]:
    for path in CONTRACT_CANDIDATES:
        if path.exists():
            return yaml.safe_load(path.read_text(encoding="utf-8"))
    raise SystemExit("nlu-contract.yml not found next to the repository")


def check(path: Path, minimum: int) -> list[str]:
    contract = load_contract()
    intents = set(contract["intents"]) | EXTRA_INTENTS
    values = {"service": set(contract["services"]), "language": set(contract["languages"])}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    counts: Counter[str] = Counter()
    seen: dict[str, str] = {}
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        intent = block["intent"]
        if intent not in intents:
            problems.append(f"unknown intent {intent!r}")
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if not line:
                continue
            if not line.startswith("- "):
                problems.append(f"{intent}: line without '- ': {line!r}")
                continue
            example = line[2:].strip()
            plain = plain_text(example).lower()
            if plain in seen and seen[plain] != intent:
                problems.append(f"same text in {seen[plain]} and {intent}: {plain!r}")
            seen[plain] = intent
            counts[intent] += 1
            for match in ANNOTATION.finditer(example):
                spec = match.group(2)
                if spec.startswith("("):
                    problems.append(
                        f'{intent}: use the {{"entity":..., "value":...}} form: {example!r}'
                    )
                    continue
                try:
                    ann = json.loads(spec)
                except json.JSONDecodeError:
                    problems.append(f"{intent}: bad JSON in {spec!r}")
                    continue
                entity, value = ann.get("entity"), ann.get("value")
                if entity not in values:
                    problems.append(f"{intent}: unknown entity {entity!r} in {example!r}")
                elif value not in values[entity]:
                    problems.append(
                        f"{intent}: value {value!r} not a contract {entity} in {example!r}"
                    )
    for intent in sorted(set(contract["intents"])):
        if counts[intent] < minimum:
            problems.append(f"{intent}: {counts[intent]} examples, need at least {minimum}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--min", type=int, default=15)
    args = parser.parse_args()
    failed = False
    for path in args.files:
        problems = check(path, args.min)
        status = "OK" if not problems else f"{len(problems)} problem(s)"
        print(f"{path}: {status}")
        for problem in problems:
            print(f"  - {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
