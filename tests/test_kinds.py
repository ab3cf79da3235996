"""The rule kinds as a package: typed parameters per kind, keys a kind does not take rejected with
file, line and key, the one findings path of the engine (messages, bounding, totals), and the fixed
texts of findings as rule-pack data (rules/messages.yaml)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from lintlaw import document, engine, scopes
from lintlaw.cli import main
from lintlaw.kinds import KINDS, WHOLE_DOCUMENT_KINDS, message_contract
from lintlaw.kinds.base import Params
from lintlaw.model import Status
from lintlaw.rulebook import builtin_rules_dir, load
from lintlaw.schema import __file__ as schema_init

SCHEMA = json.loads((Path(schema_init).parent / "rule.schema.json").read_text(encoding="utf-8"))
SEED = sorted(SEEDS.glob("000_*.txt"))[0]

FORBID = (
    "kind: forbid\nseverity: warning\ntitle: 测试\ndescription: 测试用\nmessage: 不应出现“{match}”\ncite: 测试\n"
    "{extra}patterns:\n  - 'aab'\nexamples:\n  pass:\n    - 没有\n  fail:\n    - ⟦aab⟧\n"
)


def _pack(tmp_path: Path, text: str, name: str = "x") -> Path:
    folder = tmp_path / "mine" / "pack"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "mine"


def test_every_kind_has_frozen_typed_params_and_a_schema_entry():
    kinds_in_schema = [e["if"]["properties"]["kind"]["const"] for e in SCHEMA["allOf"]]
    assert kinds_in_schema == SCHEMA["properties"]["kind"]["enum"]
    assert set(kinds_in_schema) == set(KINDS)
    book = load((builtin_rules_dir(),))
    for rule in book.rules:
        assert isinstance(rule.params, Params)
        assert dataclasses.is_dataclass(rule.params)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(rule.params, dataclasses.fields(rule.params)[0].name, None)
    assert WHOLE_DOCUMENT_KINDS == {"require", "require-all", "meta", "date", "overlap", "match-items"}


def test_a_key_of_another_kind_is_rejected_naming_file_line_and_key(tmp_path):
    mine = _pack(tmp_path, FORBID.replace("{extra}", "levels: [1, 2]\n"))
    book = load((mine,))
    (problem,) = book.problems
    assert (problem.path, problem.line) == (str(mine / "pack" / "x.yaml"), 7)
    assert problem.reason == "键“levels”不适用于 forbid 类规则（sequence 类规则才有此键）"


def test_a_key_no_kind_takes_is_unknown(tmp_path):
    mine = _pack(tmp_path, FORBID.replace("{extra}", "deadline: 03-31\n"))
    (problem,) = load((mine,)).problems
    assert (problem.line, problem.reason) == (7, "未知的键“deadline”")


def test_an_unknown_kind_is_reported_as_such_not_as_its_keys(tmp_path):
    mine = _pack(tmp_path, FORBID.replace("{extra}", "").replace("kind: forbid", "kind: forbidd"))
    (problem,) = load((mine,)).problems
    assert problem.line == 1 and problem.reason.startswith("键“kind”的值无效：'forbidd' is not one of")


def test_the_builtin_rules_use_only_the_keys_of_their_kind():
    assert load((builtin_rules_dir(),)).problems == ()


def _forbid_rule(tmp_path: Path, max_findings: int | None):
    extra = f"max_findings: {max_findings}\n" if max_findings else ""
    mine = _pack(tmp_path, FORBID.replace("{extra}", extra))
    book = load((mine,))
    assert book.problems == ()
    return book, book.rules[0]


def test_the_engine_lists_max_findings_failures_with_the_total_and_locates_only_those(tmp_path, monkeypatch):
    book, rule = _forbid_rule(tmp_path, 3)
    text = "标题\n" + "aab，" * 60_000 + "\n"
    doc = document.build("<many>", text, book.vocabulary)
    doc, ctx = engine.prepare(doc, book.sections, book.vocabulary, messages=book.messages)
    located: list[tuple[int, int]] = []
    real = scopes.hit_at

    def counting(d, a, b, raw):
        located.append((a, b))
        return real(d, a, b, raw)

    monkeypatch.setattr(engine, "hit_at", counting)
    found, problems = engine.run(doc, (rule,), ctx)
    assert problems == []
    assert [(f.status, f.line, f.span.column if f.span else None, f.total) for f in found] == [
        (Status.FAIL, 2, 1, 60_000), (Status.FAIL, 2, 5, 60_000), (Status.FAIL, 2, 9, 60_000)
    ]
    assert found[0].message == "不应出现“aab”"
    assert len(located) == 3  # only the findings shown were located


def test_unbounded_runs_list_every_failure_without_a_total(tmp_path):
    book, rule = _forbid_rule(tmp_path, 3)
    doc = document.build("<many>", "标题\n" + "aab，" * 5 + "\n", book.vocabulary)
    doc, ctx = engine.prepare(doc, book.sections, book.vocabulary, unbounded=True, messages=book.messages)
    found, _ = engine.run(doc, (rule,), ctx)
    assert [(f.status, f.total) for f in found] == [(Status.FAIL, 0)] * 5



def test_forbid_makes_violations_for_the_first_max_findings_only_and_counts_the_rest(tmp_path):
    # Two patterns: "aa" also matches where "aab" does; at one place the first pattern's match is listed.
    rule_text = FORBID.replace("{extra}", "max_findings: 3\n").replace("  - 'aab'\n", "  - 'aab'\n  - 'b，a'\n  - 'aab'\n")
    book = load((_pack(tmp_path, rule_text),))
    assert book.problems == ()
    rule = book.rules[0]
    doc = document.build("<many>", "标题\n" + "aab，" * 50 + "\n", book.vocabulary)
    check = KINDS["forbid"].check
    for unbounded, listed, left_out in ((False, 3, 96), (True, 99, 0)):
        d, ctx = engine.prepare(doc, book.sections, book.vocabulary, unbounded=unbounded, messages=book.messages)
        violations = check(rule, rule.params, d, ctx)
        shown = [v for v in violations if not v.left_out]
        assert len(shown) == listed and [v.left_out for v in violations if v.left_out] == ([left_out] if left_out else [])
        # Text order: aab at 0, b，a at 2, aab at 4 … (the third pattern's copies of "aab" are the first's).
        assert [d.logical[slice(*v.match)] for v in shown[:3]] == ["aab", "b，a", "aab"]
    bounded = engine.prepare(doc, book.sections, book.vocabulary, messages=book.messages)
    found, _ = engine.run(bounded[0], (rule,), bounded[1])
    assert [(f.status, f.total) for f in found] == [(Status.FAIL, 99)] * 3  # the engine lists them with the total

def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_config_option_the_rules_kind_does_not_take_is_an_error(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("options: {writing/wording: {min_length: 5}}\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    shutil.copy(SEED, report)
    result = _run("check", str(report))
    assert result.exit_code == 2
    assert "配置键“options.writing/wording.min_length”不适用于 forbid 类规则（可用：max_findings）" in result.stderr


def test_messages_yaml_of_a_rule_folder_replaces_the_texts_it_names(tmp_path):
    mine = _pack(tmp_path, FORBID.replace("{extra}", ""))
    (mine / "messages.yaml").write_text("messages:\n  pass: 通过\n", encoding="utf-8")
    book = load((builtin_rules_dir(), mine))
    assert book.problems == ()
    assert book.messages.text("pass") == "通过"
    assert book.messages.text("no-scope") == "文中没有找到要检查的部分"  # the others stay the built-in ones
    doc = document.build("<ok>", "标题\n没有问题。\n", book.vocabulary)
    doc, ctx = engine.prepare(doc, book.sections, book.vocabulary, messages=book.messages)
    found, _ = engine.run(doc, (book.get("pack/x"),), ctx)
    assert [(f.status, f.message) for f in found] == [(Status.PASS, "通过")]


def test_a_message_with_a_placeholder_it_is_not_given_is_a_problem(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "messages.yaml").write_text("messages:\n  wrong-format: 不适用于 {kind} 文件\n  nonsense: 无\n", encoding="utf-8")
    problems = [p.reason for p in load((builtin_rules_dir(), mine)).problems]
    assert problems == [
        "消息“wrong-format”：消息中的占位符 {kind} 在此处没有值，可用：{format}",
        "消息“nonsense”：未知的消息（没有规则类型用到它）",
    ]


def test_builtin_messages_cover_exactly_what_the_engine_and_kinds_use():
    book = load((builtin_rules_dir(),))
    assert {k for k, _ in book.messages.table} == set(message_contract())


def test_a_forbid_only_pattern_key_on_another_kind_is_named_with_its_line(tmp_path):
    rule = FORBID.replace("{extra}", "").replace("kind: forbid", "kind: require").replace(
        "patterns:\n  - 'aab'\n", "patterns:\n  - pattern: 'aab'\n    suggest: b\n"
    )
    mine = _pack(tmp_path, rule)
    (problem,) = load((mine,)).problems
    assert (problem.line, problem.reason) == (9, "未知的键“patterns.0.suggest”")
