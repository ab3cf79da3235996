"""Configuration: discovery upward from each file, pyproject.toml, --config, validation, overrides, init."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import SEEDS
from jsonout import output_json
from lintlaw.cli import main

SEED = sorted(SEEDS.glob("000_*.txt"))[0]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def findings(result) -> list[dict]:
    return [f for file in output_json(result.stdout)["files"] for f in file["findings"]]


def place(tmp_path: Path, relative: str) -> Path:
    target = tmp_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, target)
    return target


def test_config_is_found_by_walking_up_from_a_nested_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / ".lintlaw.yaml").write_text("ignore: [privacy]\n", encoding="utf-8")
    report = place(tmp_path, "a/b/c/report.txt")
    result = run("check", str(report), "--format", "json")
    rules = {f["rule"] for f in findings(result)}
    assert rules and not any(r.startswith("privacy/") for r in rules)
    assert result.exit_code == 0  # the only error-level failure (a phone number) is in the ignored pack


def test_pyproject_tool_section_is_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.lintlaw]\nselect = ["writing/wording"]\nfail_on = "warning"\n', encoding="utf-8")
    report = place(tmp_path, "report.txt")
    result = run("check", str(report), "--format", "json")
    assert {f["rule"] for f in findings(result)} == {"writing/wording"}
    assert result.exit_code == 1  # fail_on: warning from the config


def test_command_line_wins_over_config_and_explicit_config_replaces_discovery(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("select: [privacy]\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text("select: [writing/wording]\n", encoding="utf-8")
    report = place(tmp_path, "report.txt")
    assert {f["rule"] for f in findings(run("check", str(report), "--format", "json", "--select", "structure/title"))} == {"structure/title"}
    assert {f["rule"] for f in findings(run("check", str(report), "--format", "json", "--config", str(other)))} == {"writing/wording"}


def test_unknown_config_key_is_an_error_naming_it(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("selekt: [privacy]\n", encoding="utf-8")
    report = place(tmp_path, "report.txt")
    result = run("check", str(report))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"lintlaw: error: {tmp_path / '.lintlaw.yaml'}: 配置中有未知的键“selekt”（是否想输入 select？）"]


def test_unknown_key_inside_an_override_is_named(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("overrides:\n  - files: ['*.txt']\n    ignor: [privacy]\n", encoding="utf-8")
    result = run("check", str(place(tmp_path, "report.txt")))
    assert result.exit_code == 2 and "ignor" in result.stderr


def test_severity_and_rule_options(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text(
        "select: [outline/court-appearance-rate, structure/other-matters]\n"
        "severity: {structure/other-matters: error}\n"
        "options: {outline/court-appearance-rate: {min: 101}}\n",
        encoding="utf-8",
    )
    result = run("check", str(place(tmp_path, "report.txt")), "--format", "json")
    by_rule = {f["rule"]: f for f in findings(result)}
    assert by_rule["structure/other-matters"]["severity"] == "error"
    rate = by_rule["outline/court-appearance-rate"]
    assert (rate["status"], rate["line"], rate["message"]) == ("fail", 33, "行政机关负责人出庭应诉率为100%，低于101%")
    assert result.exit_code == 1


def test_overrides_apply_to_matching_files_only(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text(
        "select: [timeliness/deadline]\n"
        "options: {timeliness/deadline: {deadlines: {department: '02-01'}}}\n"
        "overrides:\n  - files: ['late/*.txt']\n    issuer_kind: department\n  - files: ['gov/*.txt']\n    issuer_kind: government\n",
        encoding="utf-8",
    )
    late = place(tmp_path, "late/report.txt")
    gov = place(tmp_path, "gov/report.txt")
    result = run("check", str(late), str(gov), "--format", "json")
    files = {Path(f["path"]).parent.name: f["findings"][0] for f in output_json(result.stdout)["files"]}
    assert files["late"]["status"] == "fail" and "2024年2月1日" in files["late"]["message"]
    assert files["gov"]["status"] == "pass"


def test_config_show_prints_the_merged_settings(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("ignore: [writing]\noverrides:\n  - files: ['d/*']\n    issuer_kind: department\n", encoding="utf-8")
    report = place(tmp_path, "d/report.txt")
    shown = yaml.safe_load(run("config", "show", str(report)).stdout)
    assert shown["ignore"] == ["writing"] and shown["issuer_kind"] == "department"
    assert shown["config"] == str((tmp_path / ".lintlaw.yaml").resolve())


def test_init_writes_a_valid_starter_config_once(tmp_path):
    result = run("init", str(tmp_path))
    assert result.exit_code == 0 and (tmp_path / ".lintlaw.yaml").is_file()
    report = place(tmp_path, "report.txt")
    assert run("check", str(report)).exit_code == 1  # the starter config is valid and changes nothing
    again = run("init", str(tmp_path))
    assert again.exit_code == 2 and "已存在" in again.stderr
