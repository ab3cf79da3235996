"""Shared fixtures: the built-in rulebook (loaded once per session) and the seed reports; a private rule cache."""

from __future__ import annotations

import os
import shutil
import tempfile
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


_CACHE_VARIABLE = "LINTLAW_CACHE_DIR"
_CACHE_KEY = pytest.StashKey[tuple[str | None, str | None]]()


def pytest_configure(config: pytest.Config) -> None:
    """The rule cache of the whole session (test modules load rulebooks while they are collected, before
    any fixture runs) is a temporary folder, never the user's cache folder; child processes inherit it."""
    folder = tempfile.mkdtemp(prefix="lintlaw-test-cache-")
    config.stash[_CACHE_KEY] = (folder, os.environ.get(_CACHE_VARIABLE))
    os.environ[_CACHE_VARIABLE] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before = config.stash.get(_CACHE_KEY, (None, None))
    if folder is None:
        return
    if before is None:
        os.environ.pop(_CACHE_VARIABLE, None)
    else:
        os.environ[_CACHE_VARIABLE] = before
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def private_cache() -> Path:
    """The session's rule cache folder (see pytest_configure)."""
    return Path(os.environ[_CACHE_VARIABLE])


@pytest.fixture(scope="session")
def book() -> Rulebook:
    loaded = load((builtin_rules_dir(),))
    assert loaded.problems == ()
    return loaded
