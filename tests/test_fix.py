"""--fix and --diff: only the declared safe replacements, written atomically, encoding and line endings kept."""

from __future__ import annotations

import codecs

from click.testing import CliRunner

from conftest import SEEDS
from lintlaw import api
from lintlaw.cli import main
from lintlaw.fixer import Edit, fixed_text

S000, S001 = sorted(SEEDS.glob("*.txt"))[:2]
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_fix_on_a_gb18030_crlf_file_changes_only_the_fixed_characters(tmp_path):
    text = S001.read_text(encoding="utf-8")
    report = tmp_path / "report.txt"
    before = text.replace("\n", "\r\n").encode("gb18030")
    report.write_bytes(before)
    result = run("check", "--fix", str(report), "--select", "writing/halfwidth-punctuation")
    after_bytes = report.read_bytes()
    after = after_bytes.decode("gb18030")
    original = before.decode("gb18030")
    assert after.count("\r\n") == original.count("\r\n") and "\n" not in after.replace("\r\n", "")
    assert len(after) == len(original)
    changed = [(a, b) for a, b in zip(original, after) if a != b]
    assert len(changed) == 94 and all(HALF_TO_FULL[a] == b for a, b in changed)
    assert after_bytes == after.encode("gb18030")
    assert "已修正" in result.stderr and "94 处" in result.stderr
    # What is left is reported after fixing: nothing for this rule.
    assert result.exit_code == 0 and "writing/halfwidth-punctuation" not in result.stdout


def test_fix_keeps_a_utf16_big_endian_bom_and_mixed_line_endings(tmp_path):
    report = tmp_path / "report.txt"
    text = "关于2023年法治政府建设情况的报告\r\n截止目前,共办理案件12件。\n其它事项。\r"
    report.write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    run("check", "--fix", str(report))
    data = report.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_BE)
    assert data[2:].decode("utf-16-be") == "关于2023年法治政府建设情况的报告\r\n截至目前，共办理案件12件。\n其他事项。\r"


def test_diff_shows_the_change_and_writes_nothing(tmp_path):
    report = tmp_path / "report.txt"
    report.write_bytes(S000.read_bytes())
    result = run("check", "--diff", str(report), "--select", "writing/wording")
    assert report.read_bytes() == S000.read_bytes()
    assert "-30名执法人员取得行政执法资格" in result.stdout and "截至目前各街道" in result.stdout
    added = [line for line in result.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(added) == 1 and added[0].startswith("+30名执法人员")


def test_only_declared_fixes_are_applied(tmp_path):
    report = tmp_path / "report.txt"
    report.write_bytes(S000.read_bytes())
    run("check", "--fix", str(report))
    changed = [(a, b) for a, b in zip(S000.read_text(encoding="utf-8"), report.read_text(encoding="utf-8")) if a != b]
    # 截止→截至 and the two half-width parentheses around the contact line; the phone number stays.
    assert changed == [("止", "至"), ("(", "（"), (")", "）")]


def test_word_files_are_never_written(tmp_path):
    docx = tmp_path / "r.docx"
    source = SEEDS.parent / "tests" / "data" / "formats" / S000.name.replace(".txt", ".docx")
    docx.write_bytes(source.read_bytes())
    changed, _ = api.fix_paths([str(docx)])
    assert changed == [] and docx.read_bytes() == source.read_bytes()


def test_fixed_text_maps_offsets_through_crlf_and_cr():
    original = "甲,\r\n乙,\r丙,\n丁"
    # Normalised text "甲,\n乙,\n丙,\n丁": commas at 1, 4, 7.
    edits = [Edit(1, 2, "，"), Edit(4, 5, "，"), Edit(7, 8, "，")]
    assert fixed_text(original, edits) == "甲，\r\n乙，\r丙，\n丁"
