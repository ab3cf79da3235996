"""End-to-end tests of the command line: exit codes, formats, bad input, encodings, rule files, `rules` commands."""

from __future__ import annotations

import codecs
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jsonout import output_json
from lintlaw.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "seeds" / "000_233507c4a0dcbcd0.txt"

# What seed 000 is known to contain (see the assertions below for where each one comes from).
MOBILE_LINE, MOBILE_COLUMN = 51, 15
WORDING_LINE = 29
SHORTFALLS_LINE = 41


# ---------------------------------------------------------------- helpers


def run_cli(*args: str | Path) -> Result:
    """Invoke the CLI in-process; a crash (anything but SystemExit) propagates and fails the test."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def seed_text() -> str:
    text = SEED_000.read_text(encoding="utf-8")
    assert "\r" not in text  # the variants below add their own line endings
    return text


def copy_seed(directory: Path, name: str = SEED_000.name) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    target.write_bytes(SEED_000.read_bytes())
    return target


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


def as_json(result: Result) -> dict:
    return output_json(result.stdout)


def findings(result: Result, file_index: int = 0) -> list[dict]:
    return as_json(result)["files"][file_index]["findings"]


def failing_rules(result: Result) -> set[str]:
    return {f["rule"] for f in findings(result) if f["status"] == "fail"}


def finding(result: Result, rule: str) -> dict:
    matches = [f for f in findings(result) if f["rule"] == rule]
    assert len(matches) == 1, f"expected one finding for {rule}, got {matches}"
    return matches[0]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path so that the paths we pass are the paths the CLI prints."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def seed(in_tmp: Path) -> str:
    """A copy of seed 000 at seeds/<name>, returned as the relative path passed on the command line."""
    copy_seed(in_tmp / "seeds")
    return f"seeds/{SEED_000.name}"


# ---------------------------------------------------------------- check: text format and exit codes


def test_check_text_reports_error_and_exits_1(seed: str) -> None:
    result = run_cli("check", seed)

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    mobile = [line for line in lines if line.startswith(f"{seed}:{MOBILE_LINE}:{MOBILE_COLUMN}: error privacy/mobile-number ")]
    assert len(mobile) == 1
    assert "13959291990" in mobile[0]
    assert f"{seed}:{WORDING_LINE}:41: warning writing/wording “截止”应为“截至”" in lines
    assert lines[-1].startswith("检查了 1 个文件：")
    assert result.stderr == ""


def test_fail_on_default_error_ignores_a_warning(seed: str) -> None:
    result = run_cli("check", seed, "--select", "writing/wording")

    assert result.exit_code == 0
    failures = [line for line in result.stdout.splitlines() if line.startswith(f"{seed}:")]
    assert failures == [f"{seed}:{WORDING_LINE}:41: warning writing/wording “截止”应为“截至”"]


def test_fail_on_warning_fails_on_a_warning(seed: str) -> None:
    result = run_cli("check", seed, "--select", "writing/wording", "--fail-on", "warning")

    assert result.exit_code == 1
    assert f"{seed}:{WORDING_LINE}:41: warning writing/wording" in result.stdout


def test_fail_on_info_fails_on_an_info_finding(seed: str) -> None:
    assert run_cli("check", seed, "--select", "structure/other-matters").exit_code == 0
    assert run_cli("check", seed, "--select", "structure/other-matters", "--fail-on", "info").exit_code == 1


# ---------------------------------------------------------------- --select / --ignore


PRIVACY_RULES = {"privacy/mobile-number", "privacy/id-number", "privacy/home-address", "privacy/other-identifiers"}


def test_select_by_pack_keeps_only_that_pack(seed: str) -> None:
    result = run_cli("check", seed, "--select", "privacy", "--format", "json")

    assert result.exit_code == 1
    assert {f["rule"] for f in findings(result)} == PRIVACY_RULES


def test_select_accepts_comma_separated_ids_and_packs(seed: str) -> None:
    result = run_cli("check", seed, "--select", "privacy,writing/wording", "--format", "json")

    assert {f["rule"] for f in findings(result)} == PRIVACY_RULES | {"writing/wording"}


def test_ignore_by_id_removes_that_rule(seed: str) -> None:
    result = run_cli("check", seed, "--ignore", "privacy/mobile-number", "--format", "json")

    rules = {f["rule"] for f in findings(result)}
    assert "privacy/mobile-number" not in rules
    assert "writing/wording" in rules
    assert result.exit_code == 0  # the only error-severity failure is gone


def test_ignore_by_pack_removes_the_whole_pack(seed: str) -> None:
    result = run_cli("check", seed, "--ignore", "privacy,writing", "--format", "json")

    rules = {f["rule"] for f in findings(result)}
    assert rules and not any(r.startswith(("privacy/", "writing/")) for r in rules)
    assert "structure/shortfalls" in rules


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_id_is_a_usage_error(seed: str, option: str) -> None:
    result = run_cli("check", seed, option, "nope/nope")

    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = stderr_lines(result)
    assert line.startswith("lintlaw: error: nope/nope: ")
    assert "未知的规则编号" in line


# ---------------------------------------------------------------- output formats


def test_json_format(seed: str) -> None:
    result = run_cli("check", seed, "--format", "json")

    assert result.exit_code == 1
    data = as_json(result)
    assert data["version"] == 1
    [file] = data["files"]
    assert file["path"] == seed
    assert file["format"] == "txt"
    assert file["encoding"] == "utf-8"
    assert file["report_year"] == 2023
    assert file["problems"] == []
    mobile = finding(result, "privacy/mobile-number")
    assert mobile["status"] == "fail"
    assert mobile["severity"] == "error"
    assert (mobile["line"], mobile["column"], mobile["end_line"], mobile["end_column"]) == (MOBILE_LINE, MOBILE_COLUMN, MOBILE_LINE, 26)
    assert "13959291990" in mobile["message"]
    assert data["skipped"] == []
    summary = data["summary"]
    assert set(summary) == {"files", "pass", "fail", "skip", "error", "warning", "info", "unreadable", "not_reports"}
    assert (summary["unreadable"], summary["not_reports"]) == (0, 0)
    assert summary["files"] == 1
    statuses = [f["status"] for f in file["findings"]]
    assert (summary["pass"], summary["fail"], summary["skip"]) == (statuses.count("pass"), statuses.count("fail"), statuses.count("skip"))
    assert summary["error"] == 1


def test_checklist_format(seed: str) -> None:
    result = run_cli("check", seed, "--format", "checklist")

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "✗ privacy/mobile-number" in result.stdout
    shortfalls = [line for line in lines if line.split()[:2] == ["✓", "structure/shortfalls"]]
    assert len(shortfalls) == 1
    assert f"第{SHORTFALLS_LINE}行" in shortfalls[0]
    assert lines[0] == f"{seed}（txt，utf-8，2023年度，据标题）"


# ---------------------------------------------------------------- bad input


BAD_INPUTS = [
    pytest.param("empty.txt", b"", "文件为空", id="empty"),
    pytest.param("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "二进制", id="binary"),
    pytest.param("garbled.txt", b"\x81\x20" * 16, "无法解码", id="undecodable"),
    pytest.param("escape.txt", "法治政府建设情况报告\n\x1b[0m一、主要举措\n".encode(), "含有控制字符", id="control-character"),
    pytest.param("bad-bom.txt", b"\xff\xfe\xfd\x80abc", "无法按 utf-16 解码", id="bad-utf16-bom"),
    pytest.param("missing.txt", None, "文件不存在", id="missing"),
    pytest.param("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx", id="unsupported-doc"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_INPUTS)
def test_bad_input_is_one_error_line_and_other_files_are_still_checked(
    seed: str, in_tmp: Path, name: str, data: bytes | None, reason: str
) -> None:
    if data is not None:
        (in_tmp / name).write_bytes(data)

    result = run_cli("check", name, seed)

    assert result.exit_code == 2
    [line] = stderr_lines(result)
    assert line.startswith(f"lintlaw: error: {name}: ")
    assert reason in line
    assert f"{seed}:{MOBILE_LINE}:{MOBILE_COLUMN}: error privacy/mobile-number" in result.stdout


def test_bad_input_in_json_is_listed_under_problems(seed: str, in_tmp: Path) -> None:
    (in_tmp / "empty.txt").write_bytes(b"")

    result = run_cli("check", "empty.txt", seed, "--format", "json")

    assert result.exit_code == 2
    data = as_json(result)
    assert [f["path"] for f in data["files"]] == ["empty.txt", seed]
    assert data["files"][0]["problems"] == [{"path": "empty.txt", "line": None, "reason": "文件为空"}]
    assert data["files"][0]["findings"] == []
    assert any(f["rule"] == "privacy/mobile-number" for f in data["files"][1]["findings"])


def test_directory_skips_unsupported_files_without_error(in_tmp: Path) -> None:
    folder = in_tmp / "reports"
    copy_seed(folder, "report.txt")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "README").write_text("说明文件\n", encoding="utf-8")

    result = run_cli("check", "reports")

    assert result.exit_code == 1  # the error in report.txt, not 2 for the skipped files
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert f"reports/report.txt:{MOBILE_LINE}:{MOBILE_COLUMN}: error privacy/mobile-number" in result.stdout
    assert any(line.startswith("reports/scan.png: 已跳过：") for line in lines)
    assert any(line.startswith("reports/README: 已跳过：") for line in lines)
    assert lines[-1].startswith("检查了 1 个文件：") and lines[-1].endswith("，2 个文件未检查")


def test_skipped_files_alone_do_not_fail_the_run(in_tmp: Path) -> None:
    folder = in_tmp / "reports"
    copy_seed(folder, "report.txt")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")

    result = run_cli("check", "reports", "--select", "writing/wording", "--format", "json")

    assert result.exit_code == 0
    [skipped] = as_json(result)["skipped"]
    assert skipped["path"] == "reports/scan.png"
    assert skipped["reason"].startswith("不支持的文件类型“.png”")


# ---------------------------------------------------------------- encodings and line endings


def _spans(result: Result) -> list[tuple]:
    keys = ("rule", "status", "line", "column", "end_line", "end_column")
    return sorted((tuple(f[k] for k in keys) for f in findings(result)), key=repr)


ENCODINGS = [
    pytest.param(lambda t: t.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
    pytest.param(lambda t: t.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(lambda t: t.encode("utf-16"), "utf-16", id="utf-16-bom"),
    pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8", id="crlf"),
    pytest.param(lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8", id="cr"),
]


@pytest.mark.parametrize(("encode", "encoding"), ENCODINGS)
def test_encodings_and_line_endings_give_identical_findings(in_tmp: Path, encode, encoding: str) -> None:
    (in_tmp / "plain.txt").write_bytes(seed_text().encode("utf-8"))
    (in_tmp / "variant.txt").write_bytes(encode(seed_text()))

    baseline = run_cli("check", "plain.txt", "--format", "json")
    variant = run_cli("check", "variant.txt", "--format", "json")

    assert variant.exit_code == baseline.exit_code == 1
    assert as_json(variant)["files"][0]["encoding"] == encoding
    assert as_json(variant)["files"][0]["report_year"] == 2023
    assert len(_spans(baseline)) > 10
    assert _spans(variant) == _spans(baseline)


# ---------------------------------------------------------------- custom rule files


VALID_RULE = """\
kind: forbid
severity: error
title: 不写“截止”
message: 文中出现“{match}”
cite: 测试用
patterns:
  - '截止'
examples:
  pass:
    - |
      截至年底。
  fail:
    - |
      ⟦截止⟧年底。
"""


def write_rule(in_tmp: Path, text: str) -> str:
    path = in_tmp / "myrules" / "mypack" / "bad.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return "myrules/mypack/bad.yaml"


def test_valid_custom_rule_is_loaded(seed: str, in_tmp: Path) -> None:
    write_rule(in_tmp, VALID_RULE)

    result = run_cli("check", seed, "--rules", "myrules", "--select", "mypack", "--format", "json")

    assert result.exit_code == 1
    assert finding(result, "mypack/bad")["line"] == WORDING_LINE


def test_unknown_key_in_rule_file(seed: str, in_tmp: Path) -> None:
    rule_file = write_rule(in_tmp, VALID_RULE.replace("severity: error", "severty: error"))

    result = run_cli("check", seed, "--rules", "myrules")

    assert result.exit_code == 2
    [line] = stderr_lines(result)
    assert line.startswith(f"lintlaw: error: {rule_file}:2: ")
    assert "severty" in line


def test_yaml_syntax_error_in_rule_file(seed: str, in_tmp: Path) -> None:
    rule_file = write_rule(in_tmp, VALID_RULE.replace("title: 不写“截止”\n", "title: 不写“截止”\n  oops: bad indent\n"))

    result = run_cli("check", seed, "--rules", "myrules")

    assert result.exit_code == 2
    [line] = stderr_lines(result)
    assert line.startswith(f"lintlaw: error: {rule_file}:4: ")
    assert "YAML" in line


# ---------------------------------------------------------------- rules list / show / test


def test_rules_list() -> None:
    result = run_cli("rules", "list")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "structure:" in lines
    assert "privacy:" in lines
    assert any(line.split()[:2] == ["privacy/mobile-number", "error"] for line in lines)


def test_rules_show() -> None:
    result = run_cli("rules", "show", "structure/shortfalls")

    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("structure/shortfalls  [error]  存在的不足")
    assert "依据：" in out and "督察工作规定" in out
    assert "通过的例子：" in out and "不通过的例子" in out
    assert "二、存在的问题" in out  # from a pass example
    assert "继续补短板、强弱项，提升执法水平。⟦⟧" in out  # from the fail example


def test_rules_show_unknown_rule() -> None:
    result = run_cli("rules", "show", "nope/nope")

    assert result.exit_code == 2
    [line] = stderr_lines(result)
    assert line.startswith("lintlaw: error: nope/nope: ")


def test_rules_test_passes_all_examples() -> None:
    result = run_cli("rules", "test")

    assert result.exit_code == 0
    last = result.stdout.splitlines()[-1]
    match = re.fullmatch(r"(\d+) passed, 0 failed", last)
    assert match and int(match.group(1)) > 0
    assert "FAIL" not in result.stdout


# ---------------------------------------------------------------- python -m lintlaw


def test_python_dash_m_help() -> None:
    proc = subprocess.run([sys.executable, "-m", "lintlaw", "--help"], capture_output=True, text=True, timeout=120)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("用法：lintlaw [选项] 命令 [参数]...")
    assert "check" in proc.stdout and "rules" in proc.stdout
    assert "Traceback" not in proc.stderr
