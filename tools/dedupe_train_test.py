"""Remove from nlu/<lang>.yml every example that also stands in a test set of that language:
tests/nlu/<lang>.yml (held out) or tests/nlu/real/<lang>.yml (realistic messages).

Why: a test set only measures generalisation if none of its sentences
was seen in training. Compares annotation-free, case- and punctuation-folded text.
Run after adding data: .venv/bin/python tools/dedupe_train_test.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bot.nlu_data import plain_text

ROOT = Path(__file__).resolve().parent.parent
PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def key(example: str) -> str:
    plain = plain_text(example)
    return " ".join(PUNCT.sub(" ", plain.lower()).split())


def examples(path: Path) -> set[str]:
    return {
        key(line.strip()[2:])
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("- ") and not line.strip().startswith("- intent:")
    }


def eval_sets(lang: str) -> list[Path]:
    """Every test file of one language: the held-out set and, if present, the realistic one."""
    paths = [
        ROOT / "tests" / "nlu" / f"{lang}.yml",
        ROOT / "tests" / "nlu" / "real" / f"{lang}.yml",
    ]
    return [path for path in paths if path.exists()]


def main() -> int:
    removed_total = 0
    for test in sorted((ROOT / "tests" / "nlu").glob("*.yml")):
        train = ROOT / "nlu" / test.name
        held_out = set().union(*(examples(path) for path in eval_sets(test.stem)))
        kept, removed = [], 0
        for line in train.read_text(encoding="utf-8").splitlines(keepends=True):
            s = line.strip()
            if s.startswith("- ") and not s.startswith("- intent:") and key(s[2:]) in held_out:
                removed += 1
                continue
            kept.append(line)
        if removed:  # an unchanged file keeps its timestamp, so `make train` stays skipped
            train.write_text("".join(kept), encoding="utf-8")
        print(f"{train.relative_to(ROOT)}: removed {removed}")
        removed_total += removed
    return 0 if removed_total >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
