"""Adopting the gate: inline suppressions and a baseline that hides old findings and shows new ones."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from conftest import SEEDS
from jsonout import output_json
from lintlaw import api
from lintlaw.cli import main
from lintlaw.model import Status

SEED = sorted(SEEDS.glob("000_*.txt"))[0]
TEXT = SEED.read_text(encoding="utf-8")


def verdicts(text: str) -> set[tuple[str, str]]:
    return {(f.rule, f.status.value) for f in api.check(text)}


def insert_before(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[: line - 1] + [new] + lines[line - 1 :])


def test_next_line_suppression_silences_exactly_one_finding():
    text = insert_before(TEXT, 29, "<!-- lintlaw-disable-next-line writing/wording -- 引用原文 -->")
    findings = api.check(text)
    wording = [f for f in findings if f.rule == "writing/wording"]
    assert [(f.status, f.line) for f in wording] == [(Status.SKIP, 30)]
    assert wording[0].message.startswith("已按第29行的注释豁免：引用原文")
    assert verdicts(text) - {("writing/wording", "skip")} == verdicts(TEXT) - {("writing/wording", "fail")}


def test_suppression_on_another_line_or_rule_suppresses_nothing():
    text = insert_before(TEXT, 28, "<!-- lintlaw-disable-next-line writing/wording -->")
    assert ("writing/wording", "fail") in verdicts(text)
    text = insert_before(TEXT, 29, "lintlaw-disable-next-line privacy")
    assert ("writing/wording", "fail") in verdicts(text)


def test_block_and_file_suppressions_and_pack_names():
    block = insert_before(insert_before(TEXT, 52, "lintlaw-enable privacy"), 51, "lintlaw-disable privacy -- 单位值班电话")
    [phone] = [f for f in api.check(block) if f.rule == "privacy/mobile-number"]
    assert (phone.status, phone.line) == (Status.SKIP, 52)
    whole = "<!-- lintlaw-disable-file writing/stray-spaces -->\n" + TEXT
    spaces = [f for f in api.check(whole) if f.rule == "writing/stray-spaces"]
    assert spaces and all(f.status is Status.SKIP for f in spaces)


def test_directive_lines_do_not_change_the_document():
    text = insert_before(TEXT, 19, "<!-- lintlaw-disable-next-line writing/wording -->")
    # The directive sits inside a paragraph split by a page break; the paragraph is still joined.
    [frp] = [f for f in api.check(text) if f.rule == "structure/first-responsible-person"]
    assert (frp.status, frp.line) == (Status.PASS, 17)


def test_unused_suppressions_are_reported_on_request():
    text = insert_before(TEXT, 3, "<!-- lintlaw-disable-next-line writing/doubled-word -->")
    options = api.Options(report_unused=True)
    unused = [f for f in api.check(text, options) if f.rule == "lintlaw/unused-suppression"]
    assert [(f.status, f.message) for f in unused] == [
        (Status.FAIL, "第3行的豁免注释（writing/doubled-word）没有豁免任何问题，可以删除")
    ]
    assert not [f for f in api.check(text) if f.rule == "lintlaw/unused-suppression"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_baseline_hides_old_findings_and_shows_a_new_one(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(SEED, report)
    baseline = tmp_path / ".lintlaw-baseline.json"
    written = run("baseline", str(report), "--output", str(baseline))
    assert written.exit_code == 0
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["version"] == 1
    assert {e["path"] for e in recorded["findings"]} == {"report.txt"}

    clean = run("check", str(report), "--baseline", str(baseline), "--fail-on", "info")
    assert clean.exit_code == 0, clean.stdout

    # Edit above the old findings (every line moves down) and add one new defect.
    report.write_text("\n\n" + insert_before(TEXT, 27, "其它事项另行报告。\n"), encoding="utf-8")
    again = run("check", str(report), "--baseline", str(baseline), "--fail-on", "info", "--format", "json")
    fails = [(f["rule"], f["line"]) for f in output_json(again.stdout)["files"][0]["findings"] if f["status"] == "fail"]
    assert fails == [("writing/wording", 29)]
    assert again.exit_code == 1


def test_baseline_from_config(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(SEED, report)
    run("baseline", str(report), "--output", str(tmp_path / "base.json"))
    (tmp_path / ".lintlaw.yaml").write_text("baseline: base.json\nfail_on: info\n", encoding="utf-8")
    assert run("check", str(report)).exit_code == 0


def test_missing_baseline_is_a_clear_error(tmp_path):
    result = run("check", str(SEED), "--baseline", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "基线文件不存在" in result.stderr


def test_output_file_gets_the_format_and_the_terminal_the_text(tmp_path):
    target = tmp_path / "report.json"
    result = run("check", str(SEED), "--format", "json", "--output", str(target))
    assert output_json(target.read_text(encoding="utf-8"))["version"] == 1
    assert ":51:15: error privacy/mobile-number" in result.stdout
