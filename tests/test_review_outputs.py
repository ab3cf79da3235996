"""The reviewer's formats without a browser: the xlsx workbook read back with openpyxl, the CSV read back
with the csv module, the HTML page's escaping and data, the matrix's columns, and the CLI's handling."""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from jsonout import output_json
from lintlaw import api
from lintlaw.cli import main
from lintlaw.formatters import BINARY_FORMATTERS, REVIEW_FORMATTERS, matrix
from lintlaw.formatters.html import render_html, script_json
from lintlaw.formatters.xlsx import render_xlsx
from lintlaw.model import Status

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED_000 = SEEDS[0]
FORMATS = ROOT / "tests" / "data" / "formats"
MARKS = {"pass": "✓", "fail": "✗", "skip": "–"}
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS = {"pass": "通过", "fail": "不通过", "skip": "跳过"}

# A report whose text tries to break out of the page and out of spreadsheet cells.
HOSTILE = (
    "某区司法局关于2023年法治政府建设情况的报告<script>alert(1)</script>\n\n"
    "一、主要举措和成效</td></tr></table><img src=x onerror=alert(2)>\n\n"
    "=1+1截止目前共办理案件12件。\n\n"
    "联系电话：13959291990\n"
)


def run_cli(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def json_of(*paths: str | Path) -> dict:
    result = run_cli("check", "--format", "json", *paths)
    assert result.exit_code in (0, 1)
    return output_json(result.stdout)


def verdict(findings: list[dict], rule: str) -> str | None:
    """The matrix cell of one rule for one file, computed from the JSON contract alone."""
    statuses = {f["status"] for f in findings if f["rule"] == rule}
    for status in ("fail", "pass", "skip"):
        if status in statuses:
            return status
    return None


@pytest.fixture(scope="module")
def seeds_run() -> api.Run:
    return api.check_paths([str(p) for p in SEEDS], api.Options(keep_source=True))


@pytest.fixture(scope="module")
def seeds_json() -> dict:
    return json_of(*SEEDS)


# ---------------------------------------------------------------- columns and source lines


def test_columns_put_the_regulation_items_first_in_order(seeds_run: api.Run) -> None:
    cols = matrix.columns(seeds_run.rules, seeds_run.packs)
    ids = [r.id for r in cols]
    structure = [r for r in cols if r.pack == "structure"]
    keys = [matrix.regulation_items(r) for r in structure]
    with_items = [k for k in keys if k]
    # The rules citing an item come first, by the item they cite first (then by how many they cite) …
    assert keys[: len(with_items)] == with_items
    assert [(k[0], len(k)) for k in with_items] == sorted((k[0], len(k)) for k in with_items)
    assert {k[0] for k in with_items} == {1, 2, 3, 4, 5}
    # … so the five prescribed items read in the regulation's order.
    order = [ids.index(i) for i in ("structure/achievements", "structure/shortfalls", "structure/shortfall-causes",
                                     "structure/first-responsible-person", "structure/next-year-plan",
                                     "structure/other-matters")]
    assert order[0] == 0 and order[2:] == sorted(order[2:]) and order[1] < order[3]
    assert ids.index("structure/shortfalls") < ids.index("structure/plan-addresses-shortfalls")  # 第（二）（四）项
    packs = [i.split("/")[0] for i in ids]
    assert packs == sorted(packs, key=["structure", "outline", "timeliness", "data", "writing", "privacy"].index)
    assert len(ids) == len(seeds_run.rules) == len(set(ids))


def test_regulation_items_are_read_from_the_citation(seeds_run: api.Run) -> None:
    by_id = {r.id: r for r in seeds_run.rules}
    assert matrix.regulation_items(by_id["structure/plan-addresses-shortfalls"]) == (2, 4)
    assert matrix.regulation_items(by_id["structure/other-matters"]) == (5,)
    assert matrix.regulation_items(by_id["structure/title"]) == ()


def test_source_lines_are_kept_only_when_asked() -> None:
    plain = api.check_paths([str(SEED_000)])
    assert plain.results[0].source is None
    kept = api.check_paths([str(SEED_000)], api.Options(keep_source=True)).results[0].source
    assert kept is not None
    assert kept.lines == tuple(SEED_000.read_text(encoding="utf-8").split("\n"))
    assert kept.title == "湖里区司法局关于2023年法治政府建设情况的报告"
    assert kept.issuer == "湖里区司法局"
    assert kept.labels == ()


def test_word_lines_keep_their_paragraph_labels() -> None:
    kept = api.check_paths([str(FORMATS / "000_233507c4a0dcbcd0.docx")], api.Options(keep_source=True))
    source = kept.results[0].source
    assert source is not None and len(source.labels) == len(source.lines)
    first = next(i for i, line in enumerate(source.lines) if line)
    assert (source.lines[first], source.labels[first]) == ("厦门市湖里区司法局文件", "第1段")


def test_five_items_tally_matches_the_json(seeds_run: api.Run, seeds_json: dict) -> None:
    cols = matrix.columns(seeds_run.rules, seeds_run.packs)
    grid = [matrix.cells(r, cols) for r in seeds_run.results]
    tallies = {t.number: t for t in matrix.items(grid, cols)}
    assert sorted(tallies) == [1, 2, 3, 4, 5]
    for tally in tallies.values():
        rules = [r.id for r in tally.rules]
        verdicts = [[verdict(f["findings"], rule) for rule in rules] for f in seeds_json["files"]]
        assert tally.failed == sum("fail" in v for v in verdicts)
        assert tally.passed == sum(all(x == "pass" for x in v) for v in verdicts)
    assert (tallies[5].passed, tallies[5].failed) == (0, 5)  # no seed says 其他需要报告的情况


# ---------------------------------------------------------------- xlsx


def test_xlsx_matrix_matches_the_json_cell_by_cell(seeds_run: api.Run, seeds_json: dict) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(seeds_run)))
    assert book.sheetnames == ["汇总", "问题清单", "规则"]
    sheet = book["汇总"]
    head = [c.value for c in sheet[1]]
    assert head[:6] == ["文件", "标题", "发文机关", "年度", "不通过", "错误"]
    rule_ids = [r.id for r in matrix.columns(seeds_run.rules, seeds_run.packs)]
    assert head[6:] == [{r.id: r.title for r in seeds_run.rules}[i] for i in rule_ids]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(head))}{len(SEEDS) + 1}"
    assert sheet.max_row == len(SEEDS) + 1
    crosses = 0
    for row, file in zip(sheet.iter_rows(min_row=2), seeds_json["files"], strict=True):
        assert row[0].value == file["path"]
        assert row[3].value == file["report_year"]
        assert row[4].value == sum(f["status"] == "fail" for f in file["findings"])
        assert row[5].value == sum(f["status"] == "fail" and f["severity"] == "error" for f in file["findings"])
        for cell, rule in zip(row[6:], rule_ids, strict=True):
            expected = verdict(file["findings"], rule)
            assert cell.value == (MARKS[expected] if expected else None), (file["path"], rule)
            if expected == "fail":
                crosses += 1
                lines = [f["line"] for f in file["findings"] if f["rule"] == rule and f["status"] == "fail"]
                first = next((n for n in lines if n), None)
                assert cell.comment is not None
                if first:
                    assert cell.comment.text.startswith(f"第{first}行：")
    assert crosses == sum(
        verdict(f["findings"], r) == "fail" for f in seeds_json["files"] for r in rule_ids
    )
    title_of_000 = sheet.cell(row=2, column=2).value
    assert title_of_000 == "湖里区司法局关于2023年法治政府建设情况的报告"


def test_xlsx_issue_list_is_every_failing_finding(seeds_run: api.Run, seeds_json: dict) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(seeds_run)))["问题清单"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["文件", "行", "位置", "规则", "规则名称", "严重程度", "信息", "原文", "依据"]
    expected = [
        [file["path"], f["line"], f["rule"], SEVERITY[f["severity"]], f["message"], f["evidence"] or None,
         f["citation"] or None]
        for file in seeds_json["files"] for f in file["findings"] if f["status"] == "fail"
    ]
    got = [[r[0], r[1], r[3], r[5], r[6], r[7], r[8]] for r in rows[1:]]
    assert got == expected
    mobile = [r for r in rows if r[3] == "privacy/mobile-number"]
    assert len(mobile) == 1
    assert mobile[0][:6] == [str(SEED_000), 51, None, "privacy/mobile-number", "不公开个人手机号码", "错误"]
    assert "13959291990" in mobile[0][6]


def test_xlsx_rules_sheet_has_pass_rates(seeds_run: api.Run, seeds_json: dict) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(seeds_run)))["规则"]
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=2)}
    assert len(rows) == len(seeds_run.rules)
    for rule_id, row in rows.items():
        verdicts = [verdict(f["findings"], rule_id) for f in seeds_json["files"]]
        passed, failed = verdicts.count("pass"), verdicts.count("fail")
        assert row[5:8] == [passed, failed, verdicts.count("skip")], rule_id
        assert row[8] == (pytest.approx(passed / (passed + failed)) if passed + failed else None)
    assert rows["structure/other-matters"][1:4] == ["structure", "其他需要报告的情况", "提示"]
    assert rows["structure/other-matters"][8] == 0


def test_xlsx_is_deterministic_and_writes_text_as_text(tmp_path: Path) -> None:
    report = tmp_path / "hostile.txt"
    report.write_text(HOSTILE, encoding="utf-8")
    run = api.check_paths([str(report)], api.Options(keep_source=True))
    data = render_xlsx(run)
    assert data == render_xlsx(run)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["汇总"]["B2"].value == "某区司法局关于2023年法治政府建设情况的报告<script>alert(1)</script>"
    texts = [c.value for row in book["问题清单"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("=1+1截止") for t in texts)  # kept as the report's text …
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert "<f>" not in sheets  # … and never written as a formula


# ---------------------------------------------------------------- csv


def test_csv_round_trips_through_the_csv_module(seeds_json: dict) -> None:
    result = run_cli("check", "--format", "csv", *SEEDS)
    assert result.exit_code == 1
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["文件", "行", "列", "结束行", "结束列", "位置", "规则", "规则名称", "结果", "严重程度", "信息", "原文", "依据"]
    text = lambda v: "" if v is None else str(v)  # noqa: E731
    expected = [
        [file["path"], text(f["line"]), text(f["column"]), text(f["end_line"]), text(f["end_column"]),
         text(f["location"]), f["rule"], rows_title(f["rule"]), STATUS[f["status"]], SEVERITY[f["severity"]],
         f["message"], f["evidence"], f["citation"]]
        for file in seeds_json["files"] for f in file["findings"]
    ]
    assert rows[1:] == expected


@functools.cache
def rows_title(rule_id: str) -> str:
    return api.load_rulebook(api.Options()).get(rule_id).title


def test_csv_written_with_output_is_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "findings.csv"
    result = run_cli("check", "--format", "csv", "--output", out, SEED_000)
    assert result.exit_code == 1
    assert "privacy/mobile-number" in result.stdout  # the terminal shows the text format
    assert out.read_bytes() == run_cli("check", "--format", "csv", SEED_000).stdout_bytes


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    report = tmp_path / "hostile.txt"
    report.write_text(HOSTILE, encoding="utf-8")
    rows = list(csv.reader(io.StringIO(run_cli("check", "--format", "csv", report).stdout.lstrip("\ufeff"))))
    assert {r[0] for r in rows[1:]} == {str(report)}
    evidence = [r[11] for r in rows[1:] if r[6] == "writing/wording"]
    assert evidence and all(e.startswith("'=1+1截止") for e in evidence)


# ---------------------------------------------------------------- html (the browser tests look at it)


def test_html_escapes_report_text(tmp_path: Path) -> None:
    report = tmp_path / "hostile.txt"
    report.write_text(HOSTILE, encoding="utf-8")
    page = render_html(api.check_paths([str(report)], api.Options(keep_source=True)))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "情况的报告&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the matrix row's title
    # Report text inside the data blocks cannot close them or open a comment.
    blocks = page.split('<script type="application/json"')[1:]
    for block in blocks:
        body = block.split(">", 1)[1].split("</script>", 1)[0]
        assert "<" not in body and ">" not in body
        json.loads(body)
    assert page.count("<script") == len(blocks) + 1  # the data blocks and the page's own script, nothing else


def test_script_json_survives_closing_tags() -> None:
    text = script_json({"x": "</script><!-- \u2028 & >"})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!-- \u2028 & >"}


def test_html_is_self_contained_and_deterministic(seeds_run: api.Run) -> None:
    page = render_html(seeds_run)
    assert page == render_html(seeds_run)
    for outside in ("http://", "https://", "//cdn", "<link", "src="):
        assert outside not in page.split("<script>")[-1].split('<script type="application/json"')[0]
    head = page.split("</head>")[0]
    assert "default-src 'none'" in head and "<link" not in head and "@page { size: A4" in head
    assert page.count('<tr class="r" data-d=') == len(SEEDS)


def test_html_document_data_marks_missing_items(seeds_run: api.Run) -> None:
    from lintlaw.formatters.html import RuleTable, document_data

    kinds = {r.id: r.kind for r in seeds_run.rules}
    table = RuleTable()
    data = document_data(seeds_run.results[0], kinds, table)
    rules = table.rows()
    by_rule = {rules[f[0]][0]: f for f in data["findings"]}
    assert len(by_rule) == len(rules)  # every rule in the table is one a finding names
    missing = [rules[f[0]][0] for f in data["findings"] if len(f) > 11 and f[11] == 1]
    assert "structure/other-matters" in missing
    assert "privacy/mobile-number" not in missing
    mobile = by_rule["privacy/mobile-number"]
    assert rules[mobile[0]][1] == "不公开个人手机号码"
    assert rules[mobile[0]][2] == "《中华人民共和国个人信息保护法》第二十八条；《政府信息公开条例》第十五条"
    assert mobile[1:7] == ["f", 3, 51, 15, 51, 26]
    assert table.messages()[mobile[7]] == "公开文本中有未脱敏的手机号码“13959291990”，应删除或脱敏（如138****1234）"
    assert data["lines"][50][14:25] == "13959291990"
    assert len(mobile) <= 10 or mobile[9] is None  # a located finding's excerpt is the text itself, not repeated


# ---------------------------------------------------------------- command line


def test_xlsx_refuses_the_terminal_and_stdout(tmp_path: Path) -> None:
    for extra in ([], ["--output", "-"], ["--output", "/dev/null"]):
        result = run_cli("check", "--format", "xlsx", *extra, SEED_000)
        assert result.exit_code == 2, extra
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("lintlaw: error: ") and "--output" in lines[0] + str(extra)
        assert "Excel" in lines[0]


def test_xlsx_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    result = run_cli("check", "--format", "xlsx", "--output", out, SEED_000)
    assert result.exit_code == 1
    assert "privacy/mobile-number" in result.stdout
    assert openpyxl.load_workbook(out)["汇总"]["A2"].value == str(SEED_000)


def test_unwritable_output_is_a_one_line_error(tmp_path: Path) -> None:
    for fmt in ("xlsx", "html"):
        result = run_cli("check", "--format", fmt, "--output", tmp_path / "missing" / f"out.{fmt}", SEED_000)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and "无法写入输出文件" in result.stderr


def test_html_to_stdout_and_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli("check", "--format", "html", SEED_000, empty)
    assert result.exit_code == 2
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert '<tr class="bad"' in result.stdout and "无法检查：" in result.stdout
    assert f"{empty}:" in result.stderr


def test_unreadable_and_skipped_files_are_listed_in_every_review_format(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "notes.rtf").write_text("{\\rtf1}", encoding="ascii")
    shutil.copy(SEED_000, tmp_path / "ok.txt")
    bad, ok, rtf = (str(tmp_path / n) for n in ("bad.txt", "ok.txt", "notes.rtf"))
    rows = list(csv.reader(io.StringIO(run_cli("check", "--format", "csv", tmp_path).stdout.lstrip("\ufeff"))))
    bad_rows = [r for r in rows if r[0] == bad]
    assert bad_rows == [[bad, "", "", "", "", "", "", "", "无法检查", "错误", bad_rows[0][10], "", ""]]
    assert "utf-16" in bad_rows[0][10]
    assert [r[8] for r in rows if r[0] == rtf] == ["已跳过"]
    out = tmp_path / "review.xlsx"
    assert run_cli("check", "--format", "xlsx", "--output", out, tmp_path).exit_code == 2
    sheet = openpyxl.load_workbook(out)["汇总"]
    column = {row[0].value: row[4].value for row in sheet.iter_rows(min_row=2)}
    assert column[bad].startswith("无法检查：") and column[rtf].startswith("已跳过：")
    assert column[ok] == sum(f["status"] == "fail" for f in json_of(SEED_000)["files"][0]["findings"])
    assert sheet.auto_filter.ref.endswith(str(len(column) + 1))
    page = run_cli("check", "--format", "html", tmp_path).stdout
    assert "notes.rtf" in page.split('id="summary"')[1].split("</section>")[0]
    assert page.count('<tr class="bad"') == 1


def test_review_formats_are_registered() -> None:
    assert set(REVIEW_FORMATTERS) == {"html", "csv"} and set(BINARY_FORMATTERS) == {"xlsx"}
    help_text = run_cli("check", "--help").stdout
    assert "csv" in help_text and "html" in help_text and "xlsx" in help_text


def test_cells_follow_status_precedence(seeds_run: api.Run, seeds_json: dict) -> None:
    cols = matrix.columns(seeds_run.rules, seeds_run.packs)
    for result, file in zip(seeds_run.results, seeds_json["files"], strict=True):
        for rule, cell in zip(cols, matrix.cells(result, cols), strict=True):
            expected = verdict(file["findings"], rule.id)
            assert (cell.status.value if cell.status else None) == expected
            if cell.status is Status.FAIL:
                assert result.findings[cell.first].status is Status.FAIL
                assert result.findings[cell.first].rule == rule.id
