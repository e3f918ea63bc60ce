"""Evaluate the trained model on the test sets, one table per set, one row per language.

Two tables: the held-out set (tests/nlu/<lang>.yml, written like the training data)
and, with --real, the realistic set (tests/nlu/real/<lang>.yml: messages as newcomers
write them, by other writers, never trained on). Why our own script rather than
`rasa test nlu` fourteen times: the model is loaded once, and the contract's scoring
rule is applied exactly (an `nlu_fallback` counts as wrong, except for out_of_scope
utterances).
A third table, with --subtopics: the specific questions inside a topic
(tests/nlu/subtopics/<lang>.yml, by other writers than the training data): "named" is the
share of messages whose parse result names the right sub-topic, "answered" the share
that also reaches an answer (a topic intent, or a missed one that the sub-topic answers).
Exit code 1 when any language is below --min-accuracy (held-out), below
--min-real-accuracy (realistic) or below --min-subtopic-accuracy (answered).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml
from sklearn.metrics import f1_score

from bot.nlu_data import plain_text

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def load_examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((plain_text(line[2:].strip()), block["intent"]))
    return pairs


def scored(gold: str, predicted: str) -> str:
    """Map a prediction to what the contract counts."""
    if gold == "out_of_scope" and predicted == "nlu_fallback":
        return "out_of_scope"
    return predicted


@dataclass
class Row:
    language: str
    n: int
    accuracy: float
    macro_f1: float
    worst: list[tuple[str, float]]
    confusions: list[tuple[tuple[str, str], int]]

    def line(self) -> str:
        worst = ", ".join(f"{name} {score:.2f}" for name, score in self.worst)
        return (
            f"{self.language:<5} {self.n:>4} {self.accuracy:>9.3f} {self.macro_f1:>9.3f}  {worst}"
        )


async def evaluate(
    model: str, *sets: list[Path], subtopics: list[Path] | None = None
) -> tuple[list[list[Row]], list[SubtopicRow]]:
    """One list of rows for each list of files, and the sub-topic rows; the model is
    loaded once."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no per-message debug lines in the report
    agent = Agent.load(model)
    rows = [await evaluate_files(agent, files) for files in sets]
    return rows, [await evaluate_subtopics(agent, path) for path in subtopics or []]


@dataclass
class SubtopicRow:
    language: str
    n: int
    named: float
    answered: float
    misses: list[tuple[tuple[str, str], int]]

    def line(self) -> str:
        return f"{self.language:<5} {self.n:>4} {self.named:>9.3f} {self.answered:>9.3f}"


def load_subtopics(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(str(text), name) for name, texts in data["subtopics"].items() for text in texts]


async def evaluate_subtopics(agent: Any, path: Path) -> SubtopicRow:
    from actions.clarify import TOPIC_ANSWERS

    named = answered = 0
    misses: Counter[tuple[str, str]] = Counter()
    pairs = load_subtopics(path)
    for text, gold in pairs:
        result = await agent.parse_message(text)
        found = (result.get("subtopic") or {}).get("name") or "none"
        intent = result["intent"]["name"]
        if found == gold:
            named += 1
            answered += intent in TOPIC_ANSWERS or intent in ("nlu_fallback", "out_of_scope")
        else:
            misses[(gold, found)] += 1
    n = len(pairs)
    return SubtopicRow(path.stem, n, named / n, answered / n, misses.most_common(5))


def report_subtopics(rows: list[SubtopicRow], minimum: float) -> bool:
    print("== sub-topics (tests/nlu/subtopics)")
    print(f"{'lang':<5} {'n':>4} {'named':>9} {'answered':>9}")
    for row in rows:
        print(row.line())
    for row in rows:
        misses = "; ".join(f"{g}->{p} x{c}" for (g, p), c in row.misses)
        print(f"  {row.language}: most frequent misses: {misses}")
    failing = [r.language for r in rows if r.answered < minimum]
    if failing:
        print(f"FAIL (sub-topics): answered below {minimum:.2f} for {', '.join(failing)}")
        return False
    print(f"OK (sub-topics): every language at or above {minimum:.2f} answered")
    return True


async def evaluate_files(agent: Any, files: list[Path]) -> list[Row]:
    rows = []
    for path in files:
        gold, pred = [], []
        for text, intent in load_examples(path):
            result = await agent.parse_message(text)
            gold.append(intent)
            pred.append(scored(intent, result["intent"]["name"]))
        labels = sorted(set(gold))
        per_intent = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
        errors = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
        rows.append(
            Row(
                language=path.stem,
                n=len(gold),
                accuracy=sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold),
                macro_f1=float(
                    f1_score(gold, pred, labels=labels, average="macro", zero_division=0)
                ),
                worst=sorted(
                    (
                        (label, float(score))
                        for label, score in zip(labels, per_intent, strict=True)
                    ),
                    key=lambda item: item[1],
                )[:3],
                confusions=errors.most_common(5),
            )
        )
    return rows


def report(title: str, rows: list[Row], minimum: float) -> bool:
    """Print one table; True when every language reaches `minimum`."""
    print(f"== {title}")
    print(f"{'lang':<5} {'n':>4} {'accuracy':>9} {'macro-F1':>9}  worst intents (F1)")
    for row in rows:
        print(row.line())
    for row in rows:
        confusions = "; ".join(f"{g}->{p} x{c}" for (g, p), c in row.confusions)
        print(f"  {row.language}: most frequent confusions: {confusions}")
    failing = [r.language for r in rows if r.accuracy < minimum]
    if failing:
        print(f"FAIL ({title}): accuracy below {minimum:.2f} for {', '.join(failing)}")
        return False
    print(f"OK ({title}): every language at or above {minimum:.2f} accuracy")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="held-out test files")
    parser.add_argument("--real", nargs="*", type=Path, default=[], help="realistic test files")
    parser.add_argument("--model", required=True)
    parser.add_argument("--min-accuracy", type=float, default=0.90)
    parser.add_argument("--min-real-accuracy", type=float, default=0.0)
    parser.add_argument("--subtopics", nargs="*", type=Path, default=[], help="sub-topic sets")
    parser.add_argument("--min-subtopic-accuracy", type=float, default=0.0)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    (held_out, real), subtopics = asyncio.run(
        evaluate(args.model, args.files, args.real, subtopics=args.subtopics)
    )
    ok = report("held-out (tests/nlu)", held_out, args.min_accuracy)
    if real:
        print()
        ok = report("realistic (tests/nlu/real)", real, args.min_real_accuracy) and ok
    if subtopics:
        print()
        ok = report_subtopics(subtopics, args.min_subtopic_accuracy) and ok
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        # one list as before (bench/run.py reads it); realistic rows, if any, follow marked
        results = [asdict(r) for r in held_out] + [{**asdict(r), "set": "real"} for r in real]
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
