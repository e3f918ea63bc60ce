"""Shared fixtures: compiled catalogs, the contract, tracker fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTRACT_PATHS = [ROOT.parent / "shared" / "nlu-contract.yml"]


def compile_catalogs() -> None:
    """Compile .po to .mo so tests never run on stale catalogs (`make catalogs` does the same)."""
    for po in LOCALES.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        with mo.open("wb") as target:
            write_mo(target, catalog)


compile_catalogs()


@pytest.fixture(scope="session")
def contract() -> dict[str, Any]:
    for path in CONTRACT_PATHS:
        if path.exists():
            return dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    pytest.skip("shared/nlu-contract.yml is not next to the repository")


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")))


def load_tracker(name: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / "trackers" / f"{name}.json").read_text(encoding="utf-8")))
