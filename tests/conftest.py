"""Shared fixtures: the built-in rulebook (loaded once per session) and the seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from lintlaw.rulebook import Rulebook, builtin_rules_dir, load

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# A user rule whose pattern backtracks exponentially: the per-match limit for user patterns must stop it.
PATHOLOGICAL_RULE = """\
kind: forbid
severity: warning
title: 病态模式
description: 测试用：一个指数级回溯的正则表达式。
message: 不应出现“{match}”
cite: 测试
scope: document
patterns:
  - '(a|aa)+$'
examples:
  pass:
    - 没有字母。
  fail:
    - ⟦aaa⟧
"""


@pytest.fixture(scope="session")
def book() -> Rulebook:
    loaded = load((builtin_rules_dir(),))
    assert loaded.problems == ()
    return loaded
