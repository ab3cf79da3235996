"""The heading markers of rules/document.yaml: the table the document model reads headings with, and the
marker of an expected number that messages name."""

from __future__ import annotations

import dataclasses

import pytest

from lintlaw import document, selftest
from lintlaw.kinds import sequence
from lintlaw.numerals import chinese_to_int
from lintlaw.rulebook import builtin_rules_dir, load
from lintlaw.vocabulary import VocabularyExample

_BOOK = load((builtin_rules_dir(),))
_MARKERS = _BOOK.vocabulary.heading_markers
_NUMBERS = range(1, 31)


def test_the_data_table_is_the_one_the_document_model_uses():
    """document.py still carries its own copy of the table (the model reads it without a vocabulary):
    the two must not drift apart until the model takes the table from the vocabulary."""
    model = [(level, pattern.pattern, level == document.LEAD_LEVEL) for level, pattern in document._HEADING_MARKERS]
    assert [(m.level, m.template.source, m.lead) for m in _MARKERS] == model


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_marker_for_writes_what_the_sequence_rule_names(level: int):
    assert [_BOOK.vocabulary.marker_for(level, n) for n in _NUMBERS] == [sequence.marker_for(level, n) for n in _NUMBERS]


@pytest.mark.parametrize("marker", _MARKERS, ids=lambda m: f"level{m.level}")
def test_each_form_is_read_back_by_its_pattern(marker):
    """A marker written by `form` opens a heading of its level with its number, in the data and in the model."""
    for n in _NUMBERS:
        line = _BOOK.vocabulary.marker_for(marker.level, n) + "加强监督"
        m = marker.template.search(line, None)
        assert m is not None and chinese_to_int(m.group("num")) == n, line
        assert document.heading_of(line)[:2] == (marker.level, n)


def test_marker_for_an_unknown_level_is_empty():
    assert _BOOK.vocabulary.marker_for(9, 3) == ""


def test_a_wrong_headings_expectation_fails_with_what_was_read():
    text = "关于2023年法治政府建设情况的报告\n一、主要举措和成效\n（一）坚持党的领导\n"
    example = VocabularyExample(text, (("headings", ((2, 1, 1), (3, 3, 1))),))
    vocabulary = dataclasses.replace(_BOOK.vocabulary, examples=(example,))
    [result] = selftest.run_vocabulary(dataclasses.replace(_BOOK, vocabulary=vocabulary))
    assert not result.ok
    assert result.detail == "headings: expected ((2, 1, 1), (3, 3, 1)), got ((2, 1, 1), (3, 2, 1))"
