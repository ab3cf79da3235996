"""Adoption (issue 13): Chinese help and usage errors, GBK consoles, honest counts and errors, stdin,
--output, machine-format verdicts and limits, GitHub job summary, --skip-non-reports, progress."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from conftest import SEEDS
from jsonout import output_json
from lintlaw import progress, terminal
from lintlaw.cli import ALL_FORMATS, main

SEED = SEEDS / "000_233507c4a0dcbcd0.txt"
MOBILE = "privacy/mobile-number"
MOBILE_LINE = "seeds/r.txt:51:15: error privacy/mobile-number 公开文本中有未脱敏的手机号码“13959291990”，应删除或脱敏（如138****1234）"


def seed_counts() -> dict[str, int]:
    """Seed 000's verdict counts under the current catalog, from the JSON summary (the other formats must agree)."""
    from lintlaw import api
    from lintlaw.formatters.summary import summary

    return summary(api.check_paths([str(SEED)]))


def seed_summary() -> str:
    c = seed_counts()
    return (f"检查了 1 个文件：{c['fail']} 项不通过（error {c['error']}，warning {c['warning']}，info {c['info']}），"
            f"{c['pass']} 项通过，{c['skip']} 项跳过")


def cli(*args: str | Path, env: dict[str, str] | None = None, stdin: bytes | None = None) -> Result:
    result = CliRunner(env=env).invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False, prog_name="lintlaw")
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as the current folder, with seed 000 at seeds/r.txt."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "r.txt").write_bytes(SEED.read_bytes())
    return tmp_path


# ---------------------------------------------------------------- Chinese help and usage errors


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


ALL_COMMANDS = [((), main), *_commands(main)]


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_help_page_is_chinese_under_lang_c(path: tuple[str, ...], command: click.Command) -> None:
    result = cli(*path, "--help", env={"LANG": "C", "LC_ALL": "C"})

    assert result.exit_code == 0
    assert result.stdout.startswith(f"用法：lintlaw{''.join(' ' + p for p in path)} [选项]")
    assert "选项：" in result.stdout
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "[default:"):
        assert english not in result.stdout
    assert command.help and any("\u4e00" <= c <= "\u9fff" for c in command.help)
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help and any("\u4e00" <= c <= "\u9fff" for c in param.help), (path, param.name)


USAGE_ERRORS = [
    (["check", "--formt", "json", "x.txt"], "没有选项 --formt（是否想输入 --format？）（用 lintlaw check --help 查看用法）"),
    (["chek", "x.txt"], "没有命令“chek”（是否想输入 check？）（用 lintlaw --help 查看用法）"),
    (["check"], "缺少参数 PATHS（用 lintlaw check --help 查看用法）"),
    (["check", "--format", "jsn", "x.txt"],
     f"--format 的值“jsn”无效，可选：{'、'.join(ALL_FORMATS)}（是否想输入 json？）（用 lintlaw check --help 查看用法）"),
    (["check", "-j", "-3", "x.txt"], "--jobs/-j 的值“-3”无效，应为不小于 0 的整数（用 lintlaw check --help 查看用法）"),
    (["check", "--fix", "--diff", "x.txt"],
     "--fix 与 --diff 不能同时使用：--diff 只显示将做的修正，--fix 直接改写文件，请选一个（用 lintlaw check --help 查看用法）"),
    (["check", "-", "x.txt"], "“-”（从标准输入读取）只能单独使用，不能与其他文件一起检查（用 lintlaw check --help 查看用法）"),
    (["rules", "show"], "缺少参数 RULE_ID（用 lintlaw rules show --help 查看用法）"),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_usage_errors_are_one_chinese_line_and_exit_2(args: list[str], message: str) -> None:
    result = cli(*args, env={"LANG": "C", "LC_ALL": "C"})

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"lintlaw: error: {message}"]


def test_mistyped_rule_id_and_pack_get_did_you_mean(work: Path) -> None:
    pack = cli("check", "--select", "privcy", "seeds/r.txt")
    rule = cli("rules", "show", "writing/wordin")

    assert (pack.exit_code, rule.exit_code) == (2, 2)
    assert pack.stderr.splitlines() == ["lintlaw: error: privcy: 未知的规则编号或规则包（是否想输入 privacy？）（用 lintlaw rules list 查看）"]
    assert rule.stderr.splitlines()[0].startswith("lintlaw: error: writing/wordin: 未知的规则编号（是否想输入 writing/wording")


# ---------------------------------------------------------------- GBK consoles


def test_encodable_falls_back_to_characters_the_encoding_has() -> None:
    assert terminal.encodable("  ✓ a ✗ b – c ⟦d⟧ ▶", "gbk") == "  √ a × b – c [d] >"
    assert terminal.encodable("✓ ✗ 中", "ascii") == "? ? ?"
    assert terminal.encodable("✓ 中", "big5") == "√ 中"
    assert terminal.encodable("✓ ✗", "utf-8") == "✓ ✗"


@pytest.mark.parametrize("fmt", ["checklist", "text"])
def test_gbk_console_gets_the_report_without_a_traceback(work: Path, fmt: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "LINTLAW_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-m", "lintlaw", "check", "--format", fmt, "seeds/r.txt"],
                          capture_output=True, env=env, timeout=120)

    assert proc.returncode == 1
    assert proc.stderr == b""
    out = proc.stdout.decode("gbk").splitlines()
    if fmt == "checklist":
        assert out[0] == "seeds/r.txt（txt，utf-8，2023年度，据标题）"
        assert any(line.startswith("  × privacy/mobile-number") for line in out)
        assert any(line.startswith("  √ structure/shortfalls") for line in out)
    else:
        assert MOBILE_LINE in out
        assert out[-1] == seed_summary()


def test_rules_show_on_a_gbk_console(work: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "LINTLAW_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-m", "lintlaw", "rules", "show", "writing/wording"],
                          capture_output=True, env=env, timeout=120)

    assert proc.returncode == 0 and proc.stderr == b""
    assert "不通过的例子（[] 标出应报告的位置）：" in proc.stdout.decode("gbk").splitlines()


# ---------------------------------------------------------------- honest counts and errors


def test_missing_file_is_one_stderr_line_and_counted_as_unreadable(work: Path) -> None:
    result = cli("check", "missing.txt", "seeds/r.txt")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["lintlaw: error: missing.txt: 文件不存在"]
    assert "missing.txt" not in result.stdout
    assert result.stdout.splitlines()[-1] == seed_summary() + "，1 个文件无法读取"


def test_json_summary_counts_unreadable_files_apart(work: Path) -> None:
    result = cli("check", "missing.txt", "seeds/r.txt", "--format", "json")

    summary = output_json(result.stdout)["summary"]
    assert (summary["files"], summary["unreadable"], summary["not_reports"]) == (1, 1, 0)


def test_empty_folder_is_an_error(work: Path) -> None:
    (work / "empty").mkdir()

    result = cli("check", "empty", "seeds")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["lintlaw: error: empty: 文件夹中没有可检查的文件（是空的；支持 .txt .md .docx .pdf .html .htm）"]


def test_folder_with_only_unsupported_files_is_an_error(work: Path) -> None:
    (work / "scans").mkdir()
    (work / "scans" / "a.png").write_bytes(b"\x89PNG\r\n")

    result = cli("check", "scans")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["lintlaw: error: scans: 文件夹中没有可检查的文件（只有 1 个不支持的文件；支持 .txt .md .docx .pdf .html .htm）"]


def test_stdin_is_checked_with_the_settings_of_its_stdin_filename(work: Path) -> None:
    (work / ".lintlaw.yaml").write_text("overrides:\n  - files: ['drafts/']\n    ignore: [privacy]\n", encoding="utf-8")
    data = SEED.read_bytes()

    other = cli("check", "-", "--stdin-filename", "seeds/r.txt", "--select", "privacy", stdin=data)
    draft = cli("check", "-", "--stdin-filename", "drafts/d.txt", "--select", "privacy,writing/wording", stdin=data)
    bare = cli("check", "-", "--select", MOBILE, stdin=data)

    assert other.exit_code == 1
    assert other.stdout.splitlines() == [MOBILE_LINE, "检查了 1 个文件：1 项不通过（error 1，warning 0，info 0），3 项通过，0 项跳过"]
    assert draft.exit_code == 0  # the override for drafts/ ignores the privacy pack
    assert draft.stdout.splitlines() == ["drafts/d.txt:29:41: warning writing/wording “截止”应为“截至”",
                                         "检查了 1 个文件：1 项不通过（error 0，warning 1，info 0），0 项通过，0 项跳过"]
    assert bare.stdout.splitlines()[0] == MOBILE_LINE.replace("seeds/r.txt", "-")


def test_output_dash_is_stdout(work: Path) -> None:
    result = cli("check", "seeds/r.txt", "--format", "json", "--output", "-")

    assert result.exit_code == 1
    data = output_json(result.stdout)  # the JSON alone: no text report around it
    assert data["summary"]["error"] == 1


def test_output_file_is_utf8_without_bom(work: Path) -> None:
    result = cli("check", "seeds/r.txt", "--format", "sarif", "--output", "out.sarif")

    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == seed_summary()
    raw = (work / "out.sarif").read_bytes()
    assert raw.startswith(b"{") and json.loads(raw.decode("utf-8"))["version"] == "2.1.0"


@pytest.mark.parametrize(("target", "message"), [
    ("nowhere/out.json", "nowhere/out.json: 无法写入输出文件：所在的文件夹“nowhere”不存在"),
    ("seeds", "--output 的值“seeds”是目录，应为文件（用 lintlaw check --help 查看用法）"),
    ("seeds/r.txt", "seeds/r.txt: 无法写入输出文件：是要检查的文件之一，不能用作输出文件（会覆盖报告）"),
])
def test_bad_output_target_is_refused_before_checking(work: Path, target: str, message: str) -> None:
    before = (work / "seeds" / "r.txt").read_bytes()

    result = cli("check", "seeds", "--format", "json", "--output", target)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"lintlaw: error: {message}"]
    assert (work / "seeds" / "r.txt").read_bytes() == before


def test_fix_and_diff_together_change_nothing(work: Path) -> None:
    before = (work / "seeds" / "r.txt").read_bytes()

    assert cli("check", "--fix", "--diff", "seeds/r.txt").exit_code == 2
    assert (work / "seeds" / "r.txt").read_bytes() == before


# ---------------------------------------------------------------- machine formats: verdicts and limits


def _sarif(*args: str) -> list[dict]:
    result = cli("check", "seeds/r.txt", "--format", "sarif", *args)
    assert result.exit_code == 1
    return json.loads(result.stdout)["runs"][0]["results"]


def test_sarif_has_failures_only_unless_include_passes(work: Path) -> None:
    default = _sarif()
    everything = _sarif("--include-passes")

    c = seed_counts()
    assert {r["kind"] for r in default} == {"fail"} and len(default) == c["fail"]
    assert len(everything) == c["fail"] + c["pass"] + c["skip"]
    assert {r["kind"] for r in everything} == {"fail", "pass", "notApplicable"}


def test_json_keeps_passes_unless_failures_only(work: Path) -> None:
    default = output_json(cli("check", "seeds/r.txt", "--format", "json").stdout)["files"][0]["findings"]
    failing = output_json(cli("check", "seeds/r.txt", "--format", "json", "--failures-only").stdout)["files"][0]["findings"]

    c = seed_counts()
    assert len(default) == c["fail"] + c["pass"] + c["skip"]
    assert len(failing) == c["fail"] and {f["status"] for f in failing} == {"fail"}


def test_sarif_over_the_limit_keeps_the_most_serious_and_warns(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lintlaw.formatters import sarif

    full = json.loads(cli("check", "seeds/r.txt", "--format", "sarif").stdout)["runs"][0]["results"]
    monkeypatch.setattr(sarif, "MAX_RESULTS", 5)
    result = cli("check", "seeds/r.txt", "--format", "sarif")

    log = json.loads(result.stdout)["runs"][0]
    kept = [r["partialFingerprints"] for r in log["results"]]
    # The one error and the first four of the six warnings, in the order of the full log.
    warnings = [r["partialFingerprints"] for r in full if r["level"] == "warning"][:4]
    expected = [r["partialFingerprints"] for r in full if r["level"] == "error" or r["partialFingerprints"] in warnings]
    assert kept == expected
    assert [r["ruleId"] for r in log["results"]].count(MOBILE) == 1
    [note] = log["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning" and f"已略去 {seed_counts()['fail'] - 5} 条" in note["message"]["text"]
    assert result.stderr.splitlines() == [
        f"lintlaw: error: SARIF 结果共 {seed_counts()['fail']} 条，超过 GitHub 代码扫描每次运行 5 条的上限，只写入最严重的 5 条；请分批检查或用 --select 缩小范围"
    ]


def test_github_format_prints_annotations_the_report_and_a_job_summary(work: Path) -> None:
    summary = work / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")

    result = cli("check", "seeds/r.txt", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})

    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert "::error file=seeds/r.txt,line=51,col=15,endLine=51,endColumn=26,title=privacy/mobile-number::" \
           "公开文本中有未脱敏的手机号码“13959291990”，应删除或脱敏（如138****1234）" in lines
    assert MOBILE_LINE in lines and lines[-1] == seed_summary()
    markdown = summary.read_text(encoding="utf-8").splitlines()
    assert markdown[0] == "earlier step"  # appended, never overwritten
    c = seed_counts()
    assert f"| seeds/r.txt | {c['pass']} | {c['fail']} | {c['error']} | {c['warning']} | {c['info']} |" in markdown
    assert "| `privacy/mobile-number` | ❌ |" in markdown
    assert "| `structure/shortfalls` | ✅ |" in markdown


def test_github_format_without_step_summary_writes_no_file(work: Path) -> None:
    result = cli("check", "seeds/r.txt", "--format", "github", env={"GITHUB_STEP_SUMMARY": ""})

    assert result.exit_code == 1 and result.stderr == ""
    assert sorted(p.name for p in work.iterdir()) == ["seeds"]


# ---------------------------------------------------------------- --skip-non-reports


NOT_REPORTS = {
    "docs/README.md": "# Docs\n\nHow to build and test this repository.\n",
    "会议纪要.txt": "会议纪要\n时间：2024年3月5日\n参会人员：张三、李四\n议定事项：办公楼维修。\n",
}
# Look-alike reports: they have report vocabulary, so they are checked and fail the gate. (The gate's own
# messages belong to structure/report-type and are tested there; here: which rule, which verdict, which line.)
LOOK_ALIKES = {
    "信息公开.txt": "某市人民政府2023年政府信息公开工作年度报告\n本报告由本机关编制。\n",
    "要点.txt": "某县2024年工作要点\n一、加强学习。\n",
}


def _write(root: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return list(files)


def test_skip_non_reports_skips_only_files_clearly_not_a_report(work: Path) -> None:
    names = _write(work, NOT_REPORTS)
    look = _write(work, LOOK_ALIKES)

    skipped = cli("check", "--skip-non-reports", *names)
    mixed = cli("check", "--skip-non-reports", *names, *look, "seeds/r.txt", "--select", "structure/report-type",
                "--format", "json")

    assert skipped.exit_code == 0
    assert skipped.stdout.splitlines() == [
        "docs/README.md: 已跳过：不是法治政府建设年度报告",
        "会议纪要.txt: 已跳过：不是法治政府建设年度报告",
        "检查了 0 个文件：0 项不通过（error 0，warning 0，info 0），0 项通过，0 项跳过，2 个文件不是法治政府建设年度报告（已跳过）",
    ]
    assert mixed.exit_code == 1
    files = output_json(mixed.stdout)["files"]
    verdicts = {f["path"]: (f["skipped"], [(x["rule"], x["status"], x["line"]) for x in f["findings"]]) for f in files}
    assert verdicts == {
        "docs/README.md": ("不是法治政府建设年度报告", []),
        "会议纪要.txt": ("不是法治政府建设年度报告", []),
        "信息公开.txt": (None, [("structure/report-type", "fail", 1)]),
        "要点.txt": (None, [("structure/report-type", "fail", 1)]),
        "seeds/r.txt": (None, [("structure/report-type", "pass", 9)]),
    }


def test_without_skip_non_reports_a_readme_fails_the_gate(work: Path) -> None:
    _write(work, NOT_REPORTS)

    result = cli("check", "docs/README.md", "--select", "structure/report-type")

    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "docs/README.md:1:1: error structure/report-type 文中没有“法治政府建设”（或“法治建设”“依法行政”）的内容，看起来不是法治政府建设年度报告"


def test_skipped_non_report_in_json(work: Path) -> None:
    _write(work, NOT_REPORTS)

    data = output_json(cli("check", "--skip-non-reports", "docs/README.md", "--format", "json").stdout)

    assert data["files"][0]["skipped"] == "不是法治政府建设年度报告" and data["files"][0]["findings"] == []
    assert (data["summary"]["files"], data["summary"]["not_reports"]) == (0, 1)


# ---------------------------------------------------------------- progress


class _Tty(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("total", "people", "out_tty", "err_tty", "expected"), [
    (50, True, True, True, True),
    (49, True, True, True, False),  # a small batch
    (500, False, True, True, False),  # a machine format
    (500, True, False, True, False),  # stdout is a pipe
    (500, True, True, False, False),  # stderr is a pipe
])
def test_progress_only_for_a_large_batch_on_terminals(total: int, people: bool, out_tty: bool, err_tty: bool, expected: bool) -> None:
    assert progress.wanted(total, people, _Tty(out_tty), _Tty(err_tty)) is expected


def test_progress_shows_done_total_rate_and_times() -> None:
    screen = _Tty(True)
    with progress.Progress(60, True, file=screen, force_terminal=True) as bar:
        for _ in range(60):
            bar.step()
    shown = screen.getvalue()

    assert "已检查" in shown and "60/60" in shown and "个/秒" in shown and "已用" in shown and "剩余约" in shown


# ---------------------------------------------------------------- configuration errors and globs


def test_all_config_errors_are_reported_at_once_in_chinese(work: Path) -> None:
    (work / ".lintlaw.yaml").write_text("selekt: [privacy]\nfail_on: fatal\nissuer_kind: 3\n", encoding="utf-8")

    result = cli("check", "seeds/r.txt")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"lintlaw: error: {work / '.lintlaw.yaml'}: 配置有 3 处错误：配置中有未知的键“selekt”（是否想输入 select？）；"
        "配置键“fail_on”的值“fatal”无效，可选：error、warning、info；配置键“issuer_kind”的值“3”无效，可选：auto、government、department"
    ]


def test_wrong_type_in_an_override_is_named_with_its_index(work: Path) -> None:
    (work / ".lintlaw.yaml").write_text("overrides:\n  - files: departments/\n    ignor: [privacy]\n", encoding="utf-8")

    result = cli("check", "seeds/r.txt")

    assert result.stderr.splitlines() == [
        f"lintlaw: error: {work / '.lintlaw.yaml'}: 配置有 2 处错误：配置中有未知的键“overrides[0].ignor”（是否想输入 ignore？）；"
        "配置键“overrides[0].files”的值“departments/”应为列表"
    ]


def test_unknown_rule_id_in_config_names_the_file_and_key(work: Path) -> None:
    (work / ".lintlaw.yaml").write_text("severity: {privacy/mobile-numbr: warning}\n", encoding="utf-8")

    result = cli("check", "seeds/r.txt")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"lintlaw: error: {work / '.lintlaw.yaml'}: 配置键“severity.privacy/mobile-numbr”中的规则编号“privacy/mobile-numbr”不存在"
        "（是否想输入 privacy/mobile-number、privacy/id-number、privacy/home-address？）（用 lintlaw rules list 查看）"
    ]


@pytest.mark.parametrize("pattern", ["reports/*.txt", "reports\\*.txt"])
def test_override_globs_are_gitignore_style(work: Path, pattern: str) -> None:
    (work / ".lintlaw.yaml").write_text(f"select: [{MOBILE}]\noverrides:\n  - files: ['{pattern}']\n    ignore: [privacy]\n",
                                        encoding="utf-8")
    for name in ("reports/a.txt", "reports/sub/b.txt", "a.txt"):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_bytes(SEED.read_bytes())

    data = output_json(cli("check", "reports", "a.txt", "--format", "json").stdout)

    rules = {f["path"]: [x["rule"] for x in f["findings"]] for f in data["files"]}
    # `*` does not cross `/` (fnmatch's did), and a pattern with a folder is anchored at the config's folder.
    assert rules == {"reports/a.txt": [], "reports/sub/b.txt": [MOBILE], "a.txt": [MOBILE]}


def test_windows_drive_letter_patterns_are_made_relative_to_the_config_folder() -> None:
    from lintlaw.config import normalise_pattern

    assert normalise_pattern(r"C:\team\reports\*.txt", r"C:\team") == "/reports/*.txt"
    assert normalise_pattern(r"c:\Team\reports\**\*.txt", r"C:\team") == "/reports/**/*.txt"
    assert normalise_pattern(r"departments\*.txt", "/srv/team") == "departments/*.txt"
    assert normalise_pattern(r"D:\other\*.txt", r"C:\team") == "D:/other/*.txt"


def test_baseline_with_windows_separators_still_matches(work: Path) -> None:
    assert cli("baseline", "seeds", "--output", "base.json").exit_code == 0
    data = json.loads((work / "base.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in data["findings"]} == {"seeds/r.txt"}
    for entry in data["findings"]:
        entry["path"] = ".\\" + entry["path"].replace("/", "\\")  # as written by hand on Windows
    (work / "base.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    result = cli("check", "seeds", "--baseline", "base.json")

    assert result.exit_code == 0
    c = seed_counts()
    assert result.stdout.splitlines() == [
        f"检查了 1 个文件：0 项不通过（error 0，warning 0，info 0），{c['pass']} 项通过，{c['skip'] + c['fail']} 项跳过"]


# ---------------------------------------------------------------- rule cache folder


def test_rule_cache_lives_in_the_platform_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import platformdirs

    from lintlaw import cache

    monkeypatch.delenv("LINTLAW_CACHE_DIR", raising=False)
    monkeypatch.delenv("LINTLAW_NO_CACHE", raising=False)
    assert cache.directory() == Path(platformdirs.user_cache_dir("lintlaw", appauthor=False))
    monkeypatch.setenv("LINTLAW_CACHE_DIR", str(tmp_path))
    assert cache.directory() == tmp_path
    monkeypatch.setenv("LINTLAW_NO_CACHE", "1")
    assert cache.directory() is None


# ---------------------------------------------------------------- encodings


TRADITIONAL = "臺北市政府關於二零二三年法治政府建設情況的報告\n一、主要舉措和成效\n本府持續推動依法行政，落實行政執法三項制度。\n"


def test_big5_is_detected_not_read_as_gb18030_garbage() -> None:
    from lintlaw.readers.text import decode

    short = "依法行政落實行政複議市政府".encode("cp950")
    # What a reader trying GB18030 first accepted: no decoding error, no private-use character, all garbage.
    assert short.decode("gb18030") == "ㄌ猭︽現辅龟︽現狡某カ現┎"
    assert decode(short) == ("依法行政落實行政複議市政府", "cp950")
    assert decode(TRADITIONAL.encode("cp950")) == (TRADITIONAL, "cp950")


def test_gbk_stays_gb18030() -> None:
    from lintlaw.readers.text import decode

    text = SEED.read_text(encoding="utf-8")
    assert decode(text.encode("gbk")) == (text, "gb18030")
    assert decode("关于2023年法治政府建设情况的报告\n".encode("gbk")) == ("关于2023年法治政府建设情况的报告\n", "gb18030")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_gives_the_same_findings(work: Path, encoding: str) -> None:
    (work / "u.txt").write_bytes(SEED.read_text(encoding="utf-8").encode(encoding))

    plain = output_json(cli("check", "seeds/r.txt", "--format", "json").stdout)["files"][0]
    utf16 = output_json(cli("check", "u.txt", "--format", "json").stdout)["files"][0]

    assert utf16["encoding"] == encoding
    assert [{**f} for f in utf16["findings"]] == plain["findings"]


def test_low_confidence_legacy_bytes_are_a_clear_error(work: Path) -> None:
    (work / "odd.txt").write_bytes(bytes(range(0x81, 0xFF)) * 10)

    result = cli("check", "odd.txt")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "lintlaw: error: odd.txt: 无法可靠地判断编码：不是 UTF-8，按 GB18030 解码都像乱码；请另存为 UTF-8 后再检查"
    ]


# ---------------------------------------------------------------- messages never show pattern source


OVERLAP_RULE = """\
kind: overlap
severity: info
content: true
title: 工作安排回应存在的不足
message: 工作安排没有回应“存在的不足”提到的任何领域（{terms}）
pass_message: 工作安排回应了不足（{terms}）
cite: 测试
section: shortfalls
scope: section:plan
terms: ['执法', '应诉|诉讼|败诉', '队伍|人员|力量|人才', '依法治[区县市]|统筹']
examples:
  pass: ['（不运行）']
  fail: ['（不运行）']
"""


def test_overlap_message_names_the_words_found_not_the_patterns(tmp_path: Path) -> None:
    from lintlaw import api

    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "overlap.yaml").write_text(OVERLAP_RULE, encoding="utf-8")
    run = api.check_paths([str(SEED)], api.Options(rule_dirs=(tmp_path,), select=("local/overlap",)))

    assert run.problems == ()
    [overlap] = run.results[0].findings
    assert (overlap.status.value, overlap.message) == ("pass", "工作安排回应了不足（执法、败诉、人员、依法治区）")


def test_no_built_in_message_shows_pattern_source() -> None:
    from lintlaw import api

    run = api.check_paths([str(p) for p in sorted(SEEDS.glob("*.txt"))])
    assert not [f.message for r in run.results for f in r.findings if "|" in f.message or "[区县市]" in f.message]


def test_output_writes_bytes_of_a_binary_format_unchanged(tmp_path: Path) -> None:
    from lintlaw import outputs

    assert outputs.write(tmp_path / "a.xlsx", b"PK\x03\x04") is None
    assert (tmp_path / "a.xlsx").read_bytes() == b"PK\x03\x04"
    assert outputs.write(tmp_path / "a.json", "{\"规则\": 1}\n") is None
    assert (tmp_path / "a.json").read_bytes() == "{\"规则\": 1}\n".encode()  # no BOM, no newline translation
    assert outputs.write(tmp_path / "missing" / "a.json", "{}") == "无法写入（No such file or directory）"
