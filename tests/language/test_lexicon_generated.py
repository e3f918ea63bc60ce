"""What detection takes from the training data is generated: the committed files must match
nlu/ (run `make lexicon` after changing it), and they are part of the package."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path

import pytest

from bot.language.lexicon import (
    GENERATED_TERMS_FILE,
    TERMS_FILE,
    VOCABULARY_FILE,
    fold,
    is_german_term,
)
from tests.conftest import ROOT
from tools.make_lexicon import render

GENERATED = [GENERATED_TERMS_FILE, VOCABULARY_FILE]


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: p.name)
def test_generated_lexicon_is_up_to_date_with_nlu(path: Path) -> None:
    assert path.read_text(encoding="utf-8") == render()[path], "run `make lexicon`"


def test_generated_files_are_packaged() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    package_data = pyproject.split("[tool.setuptools.package-data]", 1)[1]
    line = re.search(r"^bot = \[(.*)\]$", package_data, re.MULTILINE)
    assert line is not None
    patterns = re.findall(r'"([^"]+)"', line.group(1))
    for path in GENERATED:
        relative = path.relative_to(ROOT / "bot").as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), relative


def test_every_generated_term_never_counts_as_german() -> None:
    lines = GENERATED_TERMS_FILE.read_text(encoding="utf-8").splitlines()
    generated = [line for line in lines if line and not line.startswith("#")]
    curated = TERMS_FILE.read_text(encoding="utf-8").splitlines()
    kept_out = {fold(line[1:]) for line in curated if line.startswith("!")}
    assert len(generated) > 50  # the other languages' data does mix German nouns in
    assert [w for w in generated if fold(w) not in kept_out and not is_german_term(w)] == []
