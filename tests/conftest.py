"""Shared fixtures: the built-in rulebook (loaded once per session) and the seed reports; private caches for the session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from lintlaw.examples import Example
from lintlaw.rule import Rule
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


def example_cases(book: Rulebook) -> list[tuple[Rule, Example, bool, str]]:
    """Every example of every rule in a rulebook: (rule, example, expect_fail, "RULE:pass[i]" or "RULE:fail[i]")."""
    return [
        (rule, example, kind == "fail", f"{rule.id}:{kind}[{i}]")
        for rule in book.rules
        for kind, examples in (("pass", rule.examples_pass), ("fail", rule.examples_fail))
        for i, example in enumerate(examples)
    ]


_CACHE_VARIABLE = "LINTLAW_CACHE_DIR"
# Where the session's programs (lintlaw, and the tools tests run: virtualenv, pre-commit, rustup, chromium,
# hypothesis) would otherwise write caches and settings: the user's home folder or the checkout.
_PRIVATE_FOLDERS = {
    _CACHE_VARIABLE: "lintlaw-cache",
    "XDG_CACHE_HOME": "cache",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "HYPOTHESIS_STORAGE_DIRECTORY": "hypothesis",
    "RUSTUP_HOME": "rustup",  # pre-commit asks rustup about toolchains, which writes its settings
}
_SAVED_KEY = pytest.StashKey[tuple[str, dict[str, str | None]]]()


def pytest_configure(config: pytest.Config) -> None:
    """The whole session (test modules load rulebooks while they are collected, before any fixture runs)
    keeps its rule cache and every tool's caches and settings in one temporary folder, removed at the
    end; child processes inherit it. Nothing is written to the user's home folder or the checkout."""
    root = tempfile.mkdtemp(prefix="lintlaw-test-")
    config.stash[_SAVED_KEY] = (root, {name: os.environ.get(name) for name in _PRIVATE_FOLDERS})
    for name, folder in _PRIVATE_FOLDERS.items():
        os.environ[name] = os.path.join(root, folder)
        os.makedirs(os.environ[name])


def pytest_unconfigure(config: pytest.Config) -> None:
    root, before = config.stash.get(_SAVED_KEY, ("", {}))
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if root:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def private_cache() -> Path:
    """The session's rule cache folder (see pytest_configure)."""
    return Path(os.environ[_CACHE_VARIABLE])


@pytest.fixture(scope="session")
def book() -> Rulebook:
    loaded = load((builtin_rules_dir(),))
    assert loaded.problems == ()
    return loaded


@pytest.fixture(autouse=True)
def _workers_chosen_as_where_they_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's worker batches (65–85 files) are sized for forked workers (workers.MIN_PARALLEL_FILES).
    Where the pool starts fresh interpreters instead (spawn, forkserver: workers.MIN_SPAWNED_FILES) they
    still get workers, started the platform's way; test_speed tests that choice itself."""
    from lintlaw import workers

    monkeypatch.setattr(workers, "_forks", lambda: True)
