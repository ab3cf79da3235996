"""The heading markers of rules/document.yaml: the table the document model reads headings with, and the
marker of an expected number that messages name."""

from __future__ import annotations

import dataclasses

import pytest

from lintlaw import document, engine, selftest
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


def test_the_sequence_rule_names_the_expected_marker_as_the_table_writes_it(tmp_path):
    """writing/heading-sequence takes the marker it names from the table: a user's document.yaml that
    writes level-2 markers as 〔三〕 gets 〔三〕 in the message."""
    rule = _BOOK.get("writing/heading-sequence")
    assert rule is not None
    text = "关于2023年法治政府建设情况的报告\n一、主要举措\n（一）甲\n（三）丙\n二、不足\n"
    def detail(vocabulary):
        doc = document.build("<seq>", text, vocabulary)
        doc, ctx = engine.prepare(doc, _BOOK.sections, vocabulary, messages=_BOOK.messages)
        (finding,) = [f for f in engine.run(doc, (rule,), ctx)[0] if f.status.value == "fail"]
        return finding.line, finding.message
    line, message = detail(_BOOK.vocabulary)
    assert line == 4 and "跳号：“（三）”之前缺少“（二）”" in message
    bracketed = tuple(dataclasses.replace(m, form="〔{cn}〕") if m.level == 2 else m for m in _MARKERS)
    line, message = detail(dataclasses.replace(_BOOK.vocabulary, heading_markers=bracketed))
    assert line == 4 and "跳号：“（三）”之前缺少“〔二〕”" in message


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
