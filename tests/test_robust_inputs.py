"""Hostile inputs that once hung, crashed or passed silently: FIFOs, unreadable folders, alias bombs, lying
zip directories, broken rule messages and deadlines, bad paths, failing outputs, killed workers."""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import time
import types
import zipfile
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import PATHOLOGICAL_RULE, SEEDS
from jsonout import output_json
from lintlaw import api, console, engine, pipeline, suppress, workers
from lintlaw.cli import main
from lintlaw.model import Problem
from lintlaw.patterns import PatternTimeout
from lintlaw.readers import read_path

LINTLAW = [sys.executable, "-m", "lintlaw"]
REPORT = "关于2023年法治政府建设情况的报告\n其它事项急待布署。\n"
HANG_GUARD = 120  # seconds; only stops a hang, never measures speed


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LINTLAW, *args], capture_output=True, text=True, timeout=HANG_GUARD, cwd=cwd,
                          stdin=subprocess.DEVNULL)


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("lintlaw: error:")]


def _report(folder: Path, name: str = "r.txt", text: str = REPORT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- FIFOs and devices are never opened ----------------------------------------------------------


def test_a_fifo_named_directly_is_an_error_and_the_other_files_are_checked(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = _report(tmp_path / "ok")
    result = run_process("check", "--select", "writing/wording", str(fifo), str(good))
    assert errors(result.stderr) == [f"lintlaw: error: {fifo}: 是命名管道（FIFO）而不是普通文件，不读取"]
    assert f"{good}:2:1: warning writing/wording" in result.stdout
    assert result.returncode == 2


def test_a_fifo_in_a_walked_folder_is_listed_as_skipped_and_the_files_after_it_are_checked(tmp_path):
    os.mkfifo(tmp_path / "a-pipe.txt")
    _report(tmp_path, "b.txt")
    result = run_process("check", "--format", "json", "--select", "writing/wording", str(tmp_path))
    data = output_json(result.stdout)
    assert data["skipped"] == [{"path": str(tmp_path / "a-pipe.txt"), "reason": "是命名管道（FIFO）而不是普通文件，不读取"}]
    assert [f["path"] for f in data["files"]] == [str(tmp_path / "b.txt")]
    assert result.returncode == 0


def test_a_device_in_a_walked_folder_is_skipped(tmp_path):
    (tmp_path / "null.txt").symlink_to("/dev/null")
    _report(tmp_path, "b.txt")
    result = run("check", "--format", "json", "--select", "writing/wording", str(tmp_path))
    data = output_json(result.stdout)
    assert data["skipped"] == [{"path": str(tmp_path / "null.txt"), "reason": "是设备文件而不是普通文件，不读取"}]


@pytest.mark.parametrize(("flag", "name", "message"), [
    ("--previous", "last.txt", "上一年度报告无法读取：是命名管道（FIFO）而不是普通文件，不读取"),
    ("--baseline", "base.json", "基线文件无法读取：是命名管道（FIFO）而不是普通文件，不读取"),
    ("--config", "conf.yaml", "配置文件无法读取：是命名管道（FIFO）而不是普通文件，不读取"),
])
def test_a_fifo_as_previous_baseline_or_config_is_an_error(tmp_path, flag, name, message):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    result = run_process("check", flag, str(fifo), str(_report(tmp_path)))
    assert errors(result.stderr) == [f"lintlaw: error: {fifo}: {message}"]
    assert result.returncode == 2


def test_a_fifo_rule_file_and_a_fifo_config_found_upward_are_errors(tmp_path):
    rules = tmp_path / "my-rules" / "local"
    rules.mkdir(parents=True)
    os.mkfifo(rules / "pipe.yaml")
    result = run_process("check", "--rules", str(tmp_path / "my-rules"), str(_report(tmp_path)))
    assert errors(result.stderr) == [f"lintlaw: error: {rules / 'pipe.yaml'}: 无法读取规则文件：是命名管道（FIFO）而不是普通文件，不读取"]
    assert result.returncode == 2
    project = tmp_path / "project"
    report = _report(project)
    os.mkfifo(project / ".lintlaw.yaml")
    result = run_process("check", str(report))
    assert errors(result.stderr) == [f"lintlaw: error: {project / '.lintlaw.yaml'}: 无法读取配置文件：是命名管道（FIFO）而不是普通文件，不读取"]
    assert result.returncode == 2


# --- folders and paths that cannot be read --------------------------------------------------------


def test_an_unreadable_folder_is_a_problem_not_an_empty_pass(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    _report(tmp_path, "ok.txt")
    real = os.scandir

    def scandir(path=".", *rest):
        if Path(path) == locked:  # the tests run as root, whom chmod cannot lock out
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *rest)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("check", "--select", "writing/wording", str(tmp_path))
    assert errors(result.stderr) == [f"lintlaw: error: {locked}: 目录无法读取：没有读取权限"]
    assert f"{tmp_path / 'ok.txt'}:2:1: warning writing/wording" in result.stdout
    assert result.exit_code == 2


def test_bad_paths_are_one_line_each(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    long_name = str(tmp_path / ("长" * 2000 + ".txt"))
    result = run("check", str(loop), str(dangling), long_name, str(_report(tmp_path)))
    assert errors(result.stderr) == [
        f"lintlaw: error: {loop}: 符号链接循环（或链接层数过多）",
        f"lintlaw: error: {dangling}: 符号链接指向的文件不存在",
        f"lintlaw: error: {long_name}: 文件名过长",
    ]
    assert result.exit_code == 2


def test_an_empty_path_argument_is_a_usage_error_not_the_current_folder(tmp_path):
    _report(tmp_path)
    result = run_process("check", "", cwd=tmp_path)
    assert errors(result.stderr) == ["lintlaw: error: “”: 路径参数为空字符串（要检查当前目录请写 .）"]
    assert result.stdout == "" and result.returncode == 2


def test_a_nul_in_previous_is_one_line(tmp_path):
    config = tmp_path / ".lintlaw.yaml"
    config.write_text('previous: "a\\0b.txt"\n', encoding="utf-8")
    result = run("check", str(_report(tmp_path)))
    assert errors(result.stderr) == [f"lintlaw: error: {tmp_path / 'a'}\x00b.txt: 上一年度报告无法读取：文件名中含有空字符"]
    assert result.exit_code == 2


def test_non_utf8_file_names_are_escaped_the_same_way_in_every_format(tmp_path):
    with open(os.fsencode(tmp_path) + b"/bad\xffname.txt", "wb") as handle:
        handle.write(REPORT.encode("utf-8"))
    shown = f"{tmp_path}/bad\\xffname.txt"  # the byte 0xFF as the four characters \xff
    expected = {"text": f"{shown}:2:1:", "junit": f">{shown}:2:1", "github": f"file={shown},line=2",
                "sarif": "bad%5Cxffname.txt"}  # a URI: the backslash percent-encoded
    for fmt in ("json", *expected):
        out = tmp_path / f"out.{fmt}"
        result = run_process("check", "--format", fmt, "--output", str(out), "--select", "writing/wording", str(tmp_path))
        assert result.returncode == 0 and "Traceback" not in result.stderr
        text = out.read_bytes().decode("utf-8")  # valid UTF-8: no raw 0xFF byte
        if fmt == "json":
            assert [f["path"] for f in output_json(text)["files"]] == [shown]
        else:
            assert expected[fmt] in text


# --- rule and config files -------------------------------------------------------------------------

BOMB = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 10))


def _rule_dir(tmp_path: Path, text: str, name: str = "bad") -> Path:
    pack = tmp_path / "my-rules" / "local"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "my-rules"


def test_an_alias_bomb_in_a_rule_file_is_refused_before_it_expands(tmp_path):
    rules = _rule_dir(tmp_path, "l0: &l0 [x]\n" + BOMB)
    result = run("check", "--rules", str(rules), str(_report(tmp_path)))
    assert errors(result.stderr) == [f"lintlaw: error: {rules / 'local' / 'bad.yaml'}:2: 不支持 YAML 别名（*l0）：请直接写出内容"]
    assert result.exit_code == 2


def test_an_alias_bomb_in_the_config_is_refused(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("x0: &l0 [structure]\n" + BOMB + "select: *l9\n", encoding="utf-8")
    result = run("check", str(_report(tmp_path)))
    assert errors(result.stderr) == [f"lintlaw: error: {tmp_path / '.lintlaw.yaml'}:2: 配置文件有误：不支持 YAML 别名（*l0）：请直接写出内容"]
    assert result.exit_code == 2


def test_deeply_nested_yaml_is_refused(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("select: " + "[" * 100000 + "]" * 100000 + "\n", encoding="utf-8")
    result = run("check", str(_report(tmp_path)))
    assert errors(result.stderr) == [f"lintlaw: error: {tmp_path / '.lintlaw.yaml'}:1: 配置文件有误：YAML 嵌套超过 64 层"]


RULE = """kind: forbid
severity: warning
title: t
message: "{message}"
cite: c
text: raw
patterns: ['征求意见稿']
examples:
  pass: ['定稿']
  fail: ['⟦征求意见稿⟧']
"""


@pytest.mark.parametrize(("message", "reason"), [
    ("{", "消息中的花括号不成对：占位符写作 {名称}，花括号本身写作 {{ 和 }}"),
    ("{match!r:>99999999}", "消息中的占位符“{match!r:>99999999}”带有格式说明：只能写 {match} 这样的名称"),
    ("{match:>99}", "消息中的占位符“{match:>99}”带有格式说明：只能写 {match} 这样的名称"),
])
def test_a_rule_message_may_hold_only_plain_placeholders(tmp_path, message, reason):
    rules = _rule_dir(tmp_path, RULE.replace("{message}", message))
    result = run("check", "--rules", str(rules), str(_report(tmp_path)))
    assert errors(result.stderr) == [f"lintlaw: error: {rules / 'local' / 'bad.yaml'}:4: 键“message”：{reason}"]
    assert result.exit_code == 2


def test_a_pattern_that_matches_only_positions_is_refused(tmp_path):
    rules = _rule_dir(tmp_path, RULE.replace("{message}", "m").replace("['征求意见稿']", "['(?=征求)']"))
    result = run("check", "--rules", str(rules), str(_report(tmp_path)))
    [line] = errors(result.stderr)
    assert line.startswith(f"lintlaw: error: {rules / 'local' / 'bad.yaml'}:7: 键“patterns.0”：正则表达式只能匹配零宽度的位置")


@pytest.mark.parametrize("deadline", ["02-30", "02-29", "04-31"])
def test_a_deadline_that_not_every_year_has_is_refused(tmp_path, deadline):
    (tmp_path / ".lintlaw.yaml").write_text(
        f'options:\n  timeliness/deadline: {{deadlines: {{government: "{deadline}"}}}}\n', encoding="utf-8")
    report = _report(tmp_path, text="关于2024年法治政府建设情况的报告\n某某区人民政府\n2025年2月1日\n")
    result = run("check", str(report))
    assert errors(result.stderr) == [
        f"lintlaw: error: {tmp_path / '.lintlaw.yaml'}: 配置键“options.timeliness/deadline.deadlines.government”的值无效："
        f"截止日期“{deadline}”不是每年都有的日期（应为 MM-DD，如 03-31）"]
    assert result.exit_code == 2


def test_a_malformed_pyproject_with_a_lintlaw_table_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.lintlaw]\nselect = [structure\n", encoding="utf-8")
    result = run("check", str(_report(tmp_path)))
    [line] = errors(result.stderr)
    assert line.startswith(f"lintlaw: error: {tmp_path / 'pyproject.toml'}: 配置文件语法错误：")
    assert result.exit_code == 2


def test_a_malformed_pyproject_of_another_tool_is_not_lintlaws_business(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = [\n", encoding="utf-8")
    result = run("check", "--select", "writing/wording", str(_report(tmp_path)))
    assert errors(result.stderr) == [] and result.exit_code == 0


def test_a_baseline_nested_too_deeply_is_one_line(tmp_path):
    baseline = tmp_path / "base.json"
    baseline.write_text("[" * 100000, encoding="utf-8")
    result = run("check", "--baseline", str(baseline), str(_report(tmp_path)))
    assert errors(result.stderr) == [f"lintlaw: error: {baseline}: 基线文件无法读取：JSON 嵌套过深"]
    assert result.exit_code == 2


def test_a_runaway_pattern_in_sections_is_a_problem_for_that_file(tmp_path, monkeypatch):
    def runaway(*args, **kwargs):
        raise PatternTimeout("(a+)+$")

    monkeypatch.setattr(engine, "prepare", runaway)
    report = _report(tmp_path)
    result = run("check", str(report))
    assert errors(result.stderr) == [f"lintlaw: error: {report}: 章节定义的模式匹配超时，未检查此文件（模式：(a+)+$）"]
    assert result.exit_code == 2


# --- Word files whose zip directory lies ------------------------------------------------------------


def _lying_docx(path: Path, megabytes: int) -> Path:
    """A .docx whose document.xml inflates to `megabytes` MB but says 5,000 bytes in both headers."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w") as member:
            for _ in range(megabytes):
                member.write(b"\0" * (1 << 20))
    data = bytearray(path.read_bytes())
    for signature, header, name_at, size_at in ((b"PK\x03\x04", 30, 26, 22), (b"PK\x01\x02", 46, 28, 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, at + name_at)[0]
            if bytes(data[at + header : at + header + length]) == b"word/document.xml":
                struct.pack_into("<I", data, at + size_at, 5000)
            start = at + 4
    path.write_bytes(bytes(data))
    return path


def test_a_docx_that_lies_about_its_sizes_is_refused_with_bounded_memory(tmp_path):
    import tracemalloc

    bomb = _lying_docx(tmp_path / "bomb.docx", 64)
    tracemalloc.start()
    try:
        outcome = read_path(bomb, "bomb.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert outcome == Problem("bomb.docx", "无法读取 Word 文件：不是有效的 .docx 文件（Bad CRC-32 for file 'word/document.xml'）")
    assert peak < 16 * 1024 * 1024  # the member really holds 64 MB; reading it whole would need all of it


# --- outputs that cannot be written -------------------------------------------------------------------


def test_outputs_that_cannot_be_written_are_one_line(tmp_path):
    report = str(_report(tmp_path))
    for args, line in ((["check", "--format", "json", "--output", "/nonexistent/x", report],
                        "lintlaw: error: /nonexistent/x: 无法写入输出文件：所在的文件夹“/nonexistent”不存在"),
                       (["baseline", "--output", "/nonexistent/b.json", report],
                        "lintlaw: error: /nonexistent/b.json: 不能写入基线文件：所在的文件夹“/nonexistent”不存在")):
        result = run(*args)
        assert errors(result.stderr) == [line]
        assert result.exit_code == 2
    result = run("init", "/nonexistent")
    assert errors(result.stderr) == ["lintlaw: error: /nonexistent: 目录不存在"] and result.exit_code == 2


def test_stdout_to_a_full_device_is_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run([*LINTLAW, "check", str(SEEDS)], stdout=full, stderr=subprocess.PIPE, text=True,
                                timeout=HANG_GUARD)
    assert result.stderr.splitlines()[-1] == "lintlaw: error: 无法写出结果（磁盘空间不足）"
    assert "Traceback" not in result.stderr and result.returncode == 2


def test_init_never_writes_through_a_dangling_symlink(tmp_path):
    (tmp_path / ".lintlaw.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    result = run("init", str(tmp_path))
    assert errors(result.stderr) == [f"lintlaw: error: {tmp_path / '.lintlaw.yaml'}: 已存在，未改写"]
    assert not (tmp_path / "elsewhere.yaml").exists() and result.exit_code == 2


# --- suppression directives ----------------------------------------------------------------------------


def test_a_directive_without_a_rule_is_reported_as_unused(tmp_path):
    report = _report(tmp_path, text="关于2023年法治政府建设情况的报告\n<!-- lintlaw-disable-next-line -->\n其它事项。\n")
    result = run("check", "--select", "writing/wording", "--report-unused-suppressions", str(report))
    assert f"{report}: warning lintlaw/unused-suppression 第2行的豁免注释没有写规则编号或规则包，不会豁免任何问题" in result.stdout
    assert f"{report}:3:1: warning writing/wording" in result.stdout


def test_directives_are_matched_in_linear_logarithmic_time():
    """100,000 directives against 100,000 failures: the old scan of every directive per failure did
    1e10 steps. The subprocess's timeout only guards against such a hang."""
    code = (
        "from lintlaw import suppress\n"
        "from lintlaw.model import Finding, Severity, Span, Status\n"
        "n = 100_000\n"
        "text = '\\n'.join('<!-- lintlaw-disable-next-line writing/wording -->\\nx' for _ in range(n))\n"
        "found = suppress.directives(text)\n"
        "fs = [Finding('writing/wording', Status.FAIL, Severity.WARNING, 'p', Span(2 * i + 2, 1, 2 * i + 2, 2), 'm')"
        " for i in range(n)]\n"
        "out = suppress.apply_directives(fs, found, True)\n"
        "print(len(found), sum(f.status is Status.SKIP for f in out), len(out))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_GUARD)
    assert result.stdout.split() == ["100000", "100000", "100000"]


def test_the_first_covering_directive_wins_as_before():
    text = "\n".join(["<!-- lintlaw-disable writing -- 整段引用 -->", "a", "<!-- lintlaw-disable-next-line writing/wording -- 原文 -->",
                      "b", "<!-- lintlaw-enable writing -->", "c", "<!-- lintlaw-disable-file writing/wording -->"])
    from lintlaw.model import Finding, Severity, Span, Status

    found = suppress.directives(text)
    findings = [Finding("writing/wording", Status.FAIL, Severity.WARNING, "p", Span(line, 1, line, 2), "m") for line in (2, 4, 6)]
    findings.append(Finding("writing/wording", Status.FAIL, Severity.WARNING, "p", None, "m"))
    out = suppress.apply_directives(findings, found, False)
    assert [f.message.split("（")[0] for f in out] == ["已按第1行的注释豁免：整段引用", "已按第1行的注释豁免：整段引用",
                                                       "已按第7行的注释豁免", "已按第1行的注释豁免：整段引用"]


# --- processes -------------------------------------------------------------------------------------------


def test_a_dead_worker_gives_one_problem_per_file_of_its_chunk():
    future: Future = Future()
    future.set_exception(BrokenProcessPool("killed"))
    tasks = tuple(api.Task(Path(f"{i}.txt"), f"{i}.txt", True, api.Options()) for i in range(2))
    results = workers.chunk_results(tasks, future, pipeline.broken_chunk)
    reason = "检查此文件的工作进程意外退出（被结束或内存不足），未检查；可用 --jobs 1 重试"
    assert [r.problems for r in results] == [(Problem("0.txt", reason),), (Problem("1.txt", reason),)]


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# A line on which the user rule PATHOLOGICAL_RULE runs into its per-match limit (2 s): a report with it
# keeps a worker busy, so a run is surely still going when a test signals it, on a quiet machine as
# on a busy one (with plain reports a fast run could end before the signal comes).
_SLOW_LINE = b"\n" + b"a" * 60 + b"b\n"


def _batch(tmp_path: Path, slow: Callable[[int], bool]) -> tuple[Path, Path]:
    """A rule folder with the pathological rule, and 200 reports (the samples 40 times), the n-th in name
    order made slow when slow(n)."""
    rules = tmp_path / "rules" / "custom"
    rules.mkdir(parents=True)
    (rules / "backtrack.yaml").write_text(PATHOLOGICAL_RULE, encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    names = sorted((f"{i:03d}_{seed.name}", seed) for i in range(40) for seed in sorted(SEEDS.glob("*.txt")))
    for n, (name, seed) in enumerate(names):
        (reports / name).write_bytes(seed.read_bytes() + (_SLOW_LINE if slow(n) else b""))
    return tmp_path / "rules", reports


def _started(args: list[str], stdout: int) -> tuple[subprocess.Popen[str], list[int]]:
    """A lintlaw run, once its worker processes exist (or it ended, or HANG_GUARD passed), with their pids;
    the run must still be going then."""
    process = subprocess.Popen([*LINTLAW, *args], stdout=stdout, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + HANG_GUARD
    while not (workers := _children(process.pid)) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert workers and process.poll() is None, "the run had no worker processes"
    return process, workers


def test_kill_9_of_a_worker_ends_with_one_line_per_lost_file(tmp_path):
    # The first report of each of the first two tasks (16 files each) is slow: tasks are in flight.
    rules, reports = _batch(tmp_path, lambda n: n in (0, 16))
    process, workers = _started(["check", "-j", "2", "--format", "json", "--rules", str(rules), str(reports)], subprocess.PIPE)
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=HANG_GUARD)
    data = output_json(out)  # the JSON stays valid
    reasons = {f["path"]: [p["reason"] for p in f["problems"]] for f in data["files"]}
    lost = [path for path, found in reasons.items() if any(r.startswith("检查此文件的工作进程意外退出") for r in found)]
    assert len(data["files"]) == 200 and lost
    assert all(len(reasons[path]) == 1 for path in lost)
    # A file checked before the pool broke may carry the slow pattern's limit, and nothing else.
    timeout = "规则 custom/backtrack 的模式匹配超时，已跳过此规则（模式：(a|aa)+$）"
    assert all(found == [timeout] for path, found in reasons.items() if found and path not in lost)
    assert "Traceback" not in err and process.returncode == 2


def test_ctrl_c_while_starting_up_is_one_line(monkeypatch, capsys):
    class Interrupted(types.ModuleType):
        def __getattr__(self, name):
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "lintlaw.cli", Interrupted("lintlaw.cli"))
    with pytest.raises(SystemExit) as stopped:
        console.entry()
    assert stopped.value.code == 130 and capsys.readouterr().err == "lintlaw: 已中断\n"


def test_sigterm_ends_the_run_and_its_workers(tmp_path):
    rules, reports = _batch(tmp_path, lambda n: True)  # every report slow: the batch takes minutes
    process, workers = _started(["check", "-j", "2", "--rules", str(rules), str(reports)], subprocess.DEVNULL)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=HANG_GUARD)
    assert process.returncode == 143 and err.splitlines()[-1] == "lintlaw: 已终止"
    for worker in workers:
        deadline = time.monotonic() + HANG_GUARD
        while Path(f"/proc/{worker}").exists() and "zombie" not in _state(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{worker}").exists() or "zombie" in _state(worker)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:", 1)[1].splitlines()[0]
    except (OSError, IndexError):
        return "zombie"
