"""--fix under hostile conditions: a file edited, deleted or made binary while it is checked, symlinks,
hard links, read-only files, owner and mode, Ctrl-C part-way, temp files left by a killed run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from lintlaw import fixing, pipeline
from lintlaw.cli import main

LINTLAW = [sys.executable, "-m", "lintlaw"]
REPORT = "关于2023年法治政府建设情况的报告\n其它事项急待布署。\n"
FIXED = "关于2023年法治政府建设情况的报告\n其他事项亟待部署。\n"
WORDING = ["--select", "writing/wording"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _report(folder: Path, name: str = "r.txt", text: str = REPORT) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _edit_while_checking(monkeypatch, change) -> None:
    """Run `change` right after the file's bytes have been checked, before the fix is written."""
    real = pipeline.check_source

    def checking(source, display, *rest):
        result = real(source, display, *rest)
        change(Path(display))
        return result

    monkeypatch.setattr(fixing, "check_source", checking)


def test_a_file_edited_during_the_check_is_left_as_edited(tmp_path, monkeypatch):
    report = _report(tmp_path)
    edited = "新增一行\n" + REPORT
    _edit_while_checking(monkeypatch, lambda p: p.write_text(edited, encoding="utf-8"))
    result = run("check", "--fix", *WORDING, str(report))
    assert report.read_text(encoding="utf-8") == edited
    assert f"lintlaw: error: {report}: 文件在检查期间被修改，未修改" in result.stderr.splitlines()
    assert "已修正" not in result.stderr
    assert result.exit_code == 2


def test_a_file_deleted_or_made_binary_during_the_check_gives_one_line(tmp_path, monkeypatch):
    gone = _report(tmp_path, "gone.txt")
    binary = _report(tmp_path, "binary.txt")

    def change(path: Path) -> None:
        if path.name == "gone.txt":
            path.unlink()
        else:
            path.write_bytes(b"\xff\x00\xfe" * 100)

    _edit_while_checking(monkeypatch, change)
    result = run("check", "--fix", *WORDING, str(gone), str(binary))
    assert not gone.exists() and binary.read_bytes() == b"\xff\x00\xfe" * 100
    errors = [line for line in result.stderr.splitlines() if "未修改" in line]
    assert errors == [f"lintlaw: error: {gone}: 文件在检查期间被修改，未修改",
                      f"lintlaw: error: {binary}: 文件在检查期间被修改，未修改"]
    assert "Traceback" not in result.stderr and result.exit_code == 2


def test_fix_writes_through_a_symlink_to_its_target(tmp_path):
    target = _report(tmp_path, "target.txt")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = run("check", "--fix", *WORDING, str(link))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == FIXED
    assert f"已修正 {link}：3 处" in result.stderr and result.exit_code == 0


def test_fix_keeps_the_mode_and_leaves_no_temp_file(tmp_path):
    report = _report(tmp_path)
    report.chmod(0o640)
    run("check", "--fix", *WORDING, str(report))
    assert report.read_text(encoding="utf-8") == FIXED
    assert report.stat().st_mode & 0o7777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


def test_fix_refuses_a_read_only_file_and_a_hard_linked_one(tmp_path):
    read_only = _report(tmp_path, "ro.txt")
    read_only.chmod(0o444)
    linked = _report(tmp_path, "linked.txt")
    os.link(linked, tmp_path / "other-name.txt")
    result = run("check", "--fix", *WORDING, str(read_only), str(linked))
    assert read_only.read_text(encoding="utf-8") == REPORT and read_only.stat().st_mode & 0o777 == 0o444
    assert linked.read_text(encoding="utf-8") == REPORT and linked.stat().st_nlink == 2
    lines = result.stderr.splitlines()
    assert f"lintlaw: error: {read_only}: 文件是只读的，未修改" in lines
    assert f"lintlaw: error: {linked}: 文件有 2 个硬链接，替换会拆开它们，未修改" in lines
    assert result.exit_code == 2


def test_temp_files_of_a_killed_run_are_removed_by_the_next_fix(tmp_path):
    report = _report(tmp_path)
    dead = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # no process can have this id
    stale = tmp_path / f".r.txt.{dead}.x1y2.lintlaw"
    stale.write_bytes(b"half")
    unrelated = tmp_path / ".notes.lintlaw"
    unrelated.write_bytes(b"keep")
    run("check", "--fix", *WORDING, str(report))
    assert not stale.exists() and unrelated.exists()
    assert report.read_text(encoding="utf-8") == FIXED


def test_ctrl_c_part_way_reports_every_file_already_fixed(tmp_path):
    files = [_report(tmp_path, f"{i:03d}.txt", REPORT * 40) for i in range(300)]
    process = subprocess.Popen([*LINTLAW, "check", "--fix", "-j", "1", *WORDING, str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    seen = [process.stderr.readline() for _ in range(5)]
    assert all(line.startswith("已修正") for line in seen)
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=120)
    lines = [line.rstrip("\n") for line in seen] + rest.splitlines()
    reported = {line.split(" ", 1)[1].rsplit("：", 1)[0] for line in lines if line.startswith("已修正")}
    rewritten = {str(p) for p in files if p.read_text(encoding="utf-8") != REPORT * 40}
    assert process.returncode == 130 and lines[-1] == "lintlaw: 已中断"
    assert 5 <= len(rewritten) < len(files) and reported == rewritten
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".lintlaw")]
