"""Shared fixtures: the built-in rulebook (loaded once per session) and the seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from lintlaw.rulebook import Rulebook, builtin_rules_dir, load

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def book() -> Rulebook:
    loaded = load((builtin_rules_dir(),))
    assert loaded.problems == ()
    return loaded
