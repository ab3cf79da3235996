"""Every example embedded in every built-in rule runs here: pytest -k 'writing/wording'."""

from __future__ import annotations

import pytest
from conftest import example_cases

from lintlaw import selftest
from lintlaw.rulebook import builtin_rules_dir, load

_BOOK = load((builtin_rules_dir(),))
_CASES = example_cases(_BOOK)


@pytest.mark.parametrize(("rule", "text", "expect_fail", "name"), _CASES, ids=[c[3] for c in _CASES])
def test_example(rule, text, expect_fail, name):
    result = selftest.run_example(rule, _BOOK, text, expect_fail, name.split(":", 1)[1])
    assert result.ok, f"{name}: {result.detail}"


def test_examples_exist():
    assert len(_CASES) >= 2 * len(_BOOK.rules)


_VOCABULARY = selftest.run_vocabulary(_BOOK)


@pytest.mark.parametrize("result", _VOCABULARY, ids=[r.name for r in _VOCABULARY])
def test_document_vocabulary_example(result):
    """rules/document.yaml: what the document model must read from each example text."""
    assert result.ok, f"document.yaml {result.name}: {result.detail}"


_SECTIONS = selftest.run_sections(_BOOK)


def test_sections_examples_exist():
    assert len(_SECTIONS) >= 4


@pytest.mark.parametrize("result", _SECTIONS, ids=[r.name for r in _SECTIONS])
def test_sections_example(result):
    """rules/sections.yaml: where the named parts lie and which lines the scopes defined from them cover."""
    assert result.ok, f"sections.yaml {result.name}: {result.detail}"
