"""The machine formats: SARIF 2.1.0 (schema-valid, code-point columns, stable fingerprints),
JUnit XML (counts, escaping) and GitHub Actions workflow commands (exact lines, escaping)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema.validators import validator_for

from conftest import ROOT, SEEDS
from lintlaw import api
from lintlaw.api import Run
from lintlaw.formatters import FORMATTERS
from lintlaw.formatters.github import annotations, escape_data, escape_property, render_github
from lintlaw.formatters.junit import render_junit
from lintlaw.formatters.sarif import FINGERPRINT_KEY, artifact_uri, render_sarif
from lintlaw.model import FileResult, Finding, Problem, Severity, Span, Status

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
S000 = "seeds/000_233507c4a0dcbcd0.txt"
MOBILE = "privacy/mobile-number"
MOBILE_MESSAGE = "公开文本中有未脱敏的手机号码“13959291990”，应删除或脱敏（如138****1234）"


@pytest.fixture(scope="module")
def seeds_run() -> Run:
    """A real run over the seeds folder, with paths relative to the repository (as a CI job has them)."""
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return api.check_paths([os.path.relpath(SEEDS, ROOT)])
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_sarif(log: dict, schema: dict) -> None:
    validator_cls = validator_for(schema)
    validator_cls.check_schema(schema)
    errors = sorted(validator_cls(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def seed_result(run: Run, path: str = S000) -> FileResult:
    return next(r for r in run.results if r.path == path)


def results_of(log: dict) -> list[dict]:
    return log["runs"][0]["results"]


def only(items: list, what: str) -> object:
    assert len(items) == 1, f"expected one {what}, got {len(items)}"
    return items[0]


def mobile_result(log: dict) -> dict:
    return only([r for r in results_of(log) if r["ruleId"] == MOBILE and r["kind"] == "fail"], MOBILE)


def region(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["region"]


def run_of(*findings: Finding, problems: tuple[Problem, ...] = (), run_problems: tuple[Problem, ...] = ()) -> Run:
    path = findings[0].path if findings else "x.txt"
    return Run((FileResult(path, "txt", "utf-8", 2023, findings, problems),), (), run_problems)


def test_formatters_table_has_the_machine_formats(seeds_run: Run) -> None:
    # The table imports the machine formats on first use; each entry renders what its module renders.
    for name, render in {"sarif": render_sarif, "junit": render_junit, "github": render_github}.items():
        assert FORMATTERS[name](seeds_run) == render(seeds_run)


def test_formatters_only_format(seeds_run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("sarif", "junit", "github"):
        out = FORMATTERS[name](seeds_run)
        assert isinstance(out, str) and out.endswith("\n")
        assert out == FORMATTERS[name](seeds_run)  # deterministic
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------- SARIF


def test_sarif_of_the_seeds_is_valid(seeds_run: Run, sarif_schema: dict) -> None:
    validate_sarif(json.loads(render_sarif(seeds_run)), sarif_schema)


def test_sarif_run_and_rules(seeds_run: Run) -> None:
    log = json.loads(render_sarif(seeds_run))
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lintlaw"
    assert "informationUri" not in driver
    from importlib.metadata import version

    assert driver["version"] == version("lintlaw")
    assert [d["id"] for d in driver["rules"]] == [r.id for r in seeds_run.rules]
    by_id = {d["id"]: d for d in driver["rules"]}
    for rule in seeds_run.rules:
        d = by_id[rule.id]
        assert d["name"] == rule.id
        assert d["shortDescription"]["text"] == rule.title
        assert d["fullDescription"]["text"] == (rule.description or rule.title)
        assert rule.cite in d["help"]["text"]
        assert d["properties"]["pack"] == rule.pack and d["properties"]["kind"] == rule.kind
        assert d["properties"]["citation"] == rule.cite
        expected = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[rule.severity]
        assert d["defaultConfiguration"]["level"] == expected
    assert by_id[MOBILE]["defaultConfiguration"]["level"] == "error"
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_known_finding(seeds_run: Run) -> None:
    result = mobile_result(json.loads(render_sarif(seeds_run)))
    assert result["level"] == "error"
    assert result["message"]["text"] == MOBILE_MESSAGE
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": S000}
    assert location["region"] == {"startLine": 51, "startColumn": 15, "endLine": 51, "endColumn": 26}
    assert len(result["partialFingerprints"][FINGERPRINT_KEY]) == 32


def test_sarif_columns_are_code_points(seeds_run: Run) -> None:
    """Line 51 is “(联系人：陈丽铭 联系电话：13959291990)”: the number starts at character 15,
    which is byte 39 in UTF-8 — SARIF with columnKind unicodeCodePoints wants the character."""
    r = region(mobile_result(json.loads(render_sarif(seeds_run))))
    line = (ROOT / S000).read_text(encoding="utf-8").split("\n")[r["startLine"] - 1]
    assert line[r["startColumn"] - 1 : r["endColumn"] - 1] == "13959291990"
    assert len(line[: r["startColumn"] - 1].encode("utf-8")) + 1 != r["startColumn"]


def test_sarif_columns_count_a_character_outside_the_bmp_once(tmp_path: Path) -> None:
    """𠮷 (U+20BB7) is one code point but two UTF-16 units: the column after it is one more, not two."""
    lines = (ROOT / S000).read_text(encoding="utf-8").split("\n")
    lines[50] = "𠮷" + lines[50]
    (tmp_path / "r.txt").write_text("\n".join(lines), encoding="utf-8")
    r = region(mobile_result(json.loads(render_sarif(api.check_paths([str(tmp_path / "r.txt")])))))
    assert (r["startLine"], r["startColumn"], r["endColumn"]) == (51, 16, 27)
    assert lines[50][r["startColumn"] - 1 : r["endColumn"] - 1] == "13959291990"
    assert len(lines[50][:15].encode("utf-16-le")) // 2 + 1 == 17  # what a UTF-16 column would be


def test_sarif_every_finding_is_a_result_of_its_kind(seeds_run: Run) -> None:
    log = json.loads(render_sarif(seeds_run))
    findings = [f for r in seeds_run.results for f in r.findings]
    results = results_of(log)
    assert len(results) == len(findings)
    kinds = {"fail": Status.FAIL, "pass": Status.PASS, "notApplicable": Status.SKIP}
    assert [(r["ruleId"], kinds[r["kind"]]) for r in results] == [(f.rule, f.status) for f in findings]
    for result, finding in zip(results, findings):
        if finding.status is Status.FAIL:
            assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity.label]
        else:
            assert result["level"] == "none"
    assert sum(r["kind"] == "fail" for r in results) == sum(f.status is Status.FAIL for f in findings)


def test_sarif_fingerprints_are_unique_per_file(seeds_run: Run) -> None:
    log = json.loads(render_sarif(seeds_run))
    per_file: dict[str, list[str]] = {}
    for r in results_of(log):
        per_file.setdefault(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], []).append(
            r["partialFingerprints"][FINGERPRINT_KEY]
        )
    assert len(per_file) == len(seeds_run.results)
    for uri, fps in per_file.items():
        assert len(fps) == len(set(fps)), uri


def test_sarif_fingerprints_survive_inserted_lines(tmp_path: Path) -> None:
    text = (ROOT / S000).read_text(encoding="utf-8")
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    (tmp_path / "before" / "r.txt").write_text(text, encoding="utf-8")
    (tmp_path / "after" / "r.txt").write_text("\n\n\n" + text, encoding="utf-8")
    before = results_of(json.loads(render_sarif(api.check_paths([str(tmp_path / "before" / "r.txt")]))))
    after = results_of(json.loads(render_sarif(api.check_paths([str(tmp_path / "after" / "r.txt")]))))
    assert len(before) == len(after) and sum(r["kind"] == "fail" for r in before) > 10
    for b, a in zip(before, after):
        assert (a["ruleId"], a["kind"]) == (b["ruleId"], b["kind"])
        assert a["partialFingerprints"] == b["partialFingerprints"]
        if "region" in b["locations"][0]["physicalLocation"]:
            assert region(a)["startLine"] == region(b)["startLine"] + 3
            assert region(a)["endLine"] == region(b)["endLine"] + 3
            assert region(a)["startColumn"] == region(b)["startColumn"]


def test_sarif_fingerprint_counts_identical_occurrences() -> None:
    def fail(line: int) -> Finding:
        return Finding("writing/x", Status.FAIL, Severity.WARNING, "a.txt", Span(line, 1, line, 2), "m", evidence="同 一句")

    one = results_of(json.loads(render_sarif(run_of(fail(3), fail(9)))))
    two = results_of(json.loads(render_sarif(run_of(fail(5), fail(12)))))
    assert one[0]["partialFingerprints"] != one[1]["partialFingerprints"]
    assert [r["partialFingerprints"] for r in one] == [r["partialFingerprints"] for r in two]


def test_sarif_problems_and_skipped_files(tmp_path: Path, sarif_schema: dict) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    run = api.check_paths([str(tmp_path)])
    log = json.loads(render_sarif(run))
    validate_sarif(log, sarif_schema)
    invocation = only(log["runs"][0]["invocations"], "invocation")
    assert invocation["executionSuccessful"] is False
    levels = {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]: n["level"]
        for n in invocation["toolExecutionNotifications"]
    }
    assert levels == {"empty.txt": "error", "old.doc": "note"}
    assert results_of(log) == []


def test_sarif_extracted_text_and_unknown_rules(sarif_schema: dict) -> None:
    """A Word paragraph label replaces the region (the .docx has no text lines); a rule that is not in
    run.rules still gets a descriptor so ruleIndex stays valid; odd paths become URI references."""
    f = Finding("x/y", Status.FAIL, Severity.INFO, "报告 2023/a%b.docx", Span(12, 3, 12, 5), "消息", location="第12段")
    log = json.loads(render_sarif(run_of(f)))
    validate_sarif(log, sarif_schema)
    result = only(results_of(log), "result")
    assert result["level"] == "note"
    assert result["message"]["text"] == "消息（第12段）"
    assert "region" not in result["locations"][0]["physicalLocation"]
    assert result["properties"]["location"] == "第12段"
    assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "x/y"
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E6%8A%A5%E5%91%8A%202023/a%25b.docx"


def test_artifact_uri() -> None:
    assert artifact_uri("seeds/a.txt") == "seeds/a.txt"
    assert artifact_uri("a:b.txt") == "a%3Ab.txt"  # never read as a scheme
    assert artifact_uri("/tmp/a b.txt") == "file:///tmp/a%20b.txt"


# ---------------------------------------------------------------- JUnit


def test_junit_counts_for_seed_000(seeds_run: Run) -> None:
    root = ET.fromstring(render_junit(seeds_run))
    assert root.tag == "testsuites"
    result = seed_result(seeds_run)
    suite = only([s for s in root.findall("testsuite") if s.get("name") == S000], "suite")
    fails = sum(f.status is Status.FAIL for f in result.findings)
    skips = sum(f.status is Status.SKIP for f in result.findings)
    assert int(suite.get("tests")) == len(result.findings) == len(suite.findall("testcase"))
    assert int(suite.get("failures")) == fails == len(suite.findall("testcase/failure")) > 0
    assert int(suite.get("skipped")) == skips == len(suite.findall("testcase/skipped"))
    assert int(suite.get("errors")) == 0
    names = [c.get("name") for c in suite.findall("testcase")]
    assert len(names) == len(set(names))
    assert len(root.findall("testsuite")) == len(seeds_run.results)
    total = sum(len(r.findings) for r in seeds_run.results)
    assert int(root.get("tests")) == total


def test_junit_chinese_round_trip(seeds_run: Run) -> None:
    root = ET.fromstring(render_junit(seeds_run))
    suite = next(s for s in root.findall("testsuite") if s.get("name") == S000)
    case = only([c for c in suite.findall("testcase") if c.get("name") == MOBILE], MOBILE)
    assert case.get("classname") == "privacy"
    failure = case.find("failure")
    assert failure.get("message") == MOBILE_MESSAGE
    assert failure.get("type") == "error"
    assert failure.text.splitlines() == [
        f"{S000}:51:15",
        MOBILE_MESSAGE,
        "原文：(联系人：陈丽铭 联系电话：13959291990)",
        "依据：《中华人民共和国个人信息保护法》第二十八条；《政府信息公开条例》第十五条",
    ]
    repeated = [c.get("name") for c in suite.findall("testcase") if c.get("name").startswith("writing/halfwidth-punctuation")]
    assert repeated == ["writing/halfwidth-punctuation (line 51:1)", "writing/halfwidth-punctuation (line 51:26)"]


def test_junit_escapes_and_reports_problems() -> None:
    message = '引号"<a>" & \x0c分页\n第二行'
    f = Finding("p/r", Status.FAIL, Severity.WARNING, "a.txt", None, message, evidence="]]> 结束")
    run = run_of(f, problems=(Problem("a.txt", "规则超时", 3),), run_problems=(Problem("rules/x.yaml", "未知的键", 2),))
    root = ET.fromstring(render_junit(run))
    failure = root.find(".//failure")
    assert failure.get("message") == message.replace("\x0c", "\ufffd")
    assert "原文：]]> 结束" in failure.text
    errors = root.findall(".//error")
    assert [e.get("message") for e in errors] == ["未知的键", "规则超时"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "2")


# ---------------------------------------------------------------- GitHub Actions


def test_github_line_for_the_mobile_number(seeds_run: Run) -> None:
    lines = annotations(seeds_run).splitlines()
    expected = (
        f"::error file={S000},line=51,col=15,endLine=51,endColumn=26,title={MOBILE}::{MOBILE_MESSAGE}"
    )
    assert expected in lines
    fails = [f for r in seeds_run.results for f in r.findings if f.status is Status.FAIL]
    assert len(lines) == len(fails)
    levels = {"error": "::error ", "warning": "::warning ", "info": "::notice "}
    assert [line[: len(levels[f.severity.label])] for line, f in zip(lines, fails)] == [levels[f.severity.label] for f in fails]


def test_github_escaping() -> None:
    text = "50%，1,2: 第一行\r\n第二行"
    assert escape_data(text) == "50%25，1,2: 第一行%0D%0A第二行"
    assert escape_property(text) == "50%25，1%2C2%3A 第一行%0D%0A第二行"
    f = Finding("p/r", Status.FAIL, Severity.INFO, "dir,a:b.txt", None, text)
    assert annotations(run_of(f)) == "::notice file=dir%2Ca%3Ab.txt,title=p/r::50%25，1,2: 第一行%0D%0A第二行\n"


def test_github_problems_labels_and_quiet_passes() -> None:
    labelled = Finding("p/r", Status.FAIL, Severity.WARNING, "a.docx", Span(7, 2, 7, 4), "消息", location="第7段")
    passed = Finding("p/s", Status.PASS, Severity.ERROR, "a.docx", Span(1, 1, 1, 2), "好")
    out = annotations(run_of(labelled, passed, problems=(Problem("a.docx", "无法读取：已加密"),)))
    assert out.splitlines() == [
        "::error file=a.docx::无法读取：已加密",
        "::warning file=a.docx,title=p/r::消息（第7段）",
    ]
