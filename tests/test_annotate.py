"""`lintlaw annotate`: every failing finding becomes a Word comment on its exact span, a summary
comment opens the draft, safe fixes become tracked changes, and the draft itself is never touched.

Anchors are read from the commentRangeStart/End markers in the XML (tests/wordxml.py); the files are
the LibreOffice-made fixtures in tests/data/formats, files made here with python-docx, and the
seeds as .txt. LibreOffice itself (soffice) checks that a real word processor sees the comments and
the revisions; outside CI those tests are skipped when soffice is not installed."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner, Result
from conftest import SEEDS
from docx.oxml import parse_xml
from test_readers import FORMATS, S000, SEED_NAMES, W_NS, make_docx
from wordxml import W, anchored, comments, part

from lintlaw import api, readers
from lintlaw.cli import main
from lintlaw.fixer import edits_of, fixed_text
from lintlaw.model import FileResult, Finding, Status
from lintlaw.word import annotate as word

NOW = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) is not installed; .ci/run installs it and CI always runs this test",
)


def run_cli(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def check(path: Path, *options: str) -> FileResult:
    run = api.check_paths([str(path)])
    assert run.problems == ()
    [result] = run.results
    assert result.problems == ()
    return result


def failing(result: FileResult) -> list[Finding]:
    return sorted((f for f in result.findings if f.status is Status.FAIL), key=Finding.sort_key)


def expected_anchor(text: str, f: Finding) -> str:
    """The finding's span in the checked text; a point (a missing item) stands for its whole line."""
    lines = text.split("\n")
    assert f.span is not None and f.span.end_line == f.span.line
    line = lines[f.line - 1]
    if f.span.end_column == f.span.column:
        return line
    return line[f.span.column - 1 : f.span.end_column - 1]


def body_text(path: Path) -> list[str]:
    """Every paragraph's text, table cells included, as python-docx reads it."""
    document = docx.Document(str(path))
    body = document.element.body
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


def assert_round_trip(draft: Path, out: Path, result: FileResult, text: str) -> None:
    found = comments(out)
    spans = anchored(out)
    shown = failing(result)
    assert len(found) == len(shown) + 1
    ids = list(found)
    author, summary = found[ids[0]]
    assert author == "lintlaw"
    passed = sum(f.status is Status.PASS for f in result.findings)
    assert summary.startswith(f"lintlaw 审核意见：{passed} 项通过，{len(shown)} 项不通过，")
    for f in shown:
        if f.severity.label == "error":
            assert f.message in summary
    for comment_id, f in zip(ids[1:], shown, strict=True):
        author, said = found[comment_id]
        assert author == "lintlaw"
        assert f.message in said and f.rule in said
        if f.citation:
            assert f"依据：{f.citation}" in said
        assert spans[comment_id] == expected_anchor(text, f), (f.rule, f.line, f.span)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("maker", ["libreoffice", "python-docx"])
@pytest.mark.parametrize("seed", SEED_NAMES)
def test_each_failing_finding_is_a_comment_on_its_exact_span(seed: str, maker: str, tmp_path: Path) -> None:
    if maker == "libreoffice":
        draft = tmp_path / f"{seed}.docx"
        draft.write_bytes((FORMATS / f"{seed}.docx").read_bytes())
    else:
        draft = make_docx(seed, tmp_path)
    before = draft.read_bytes()
    result = check(draft)
    cli = run_cli("annotate", draft)
    out = tmp_path / f"{seed}.审核意见.docx"
    assert cli.exit_code == (1 if any(f.severity.label == "error" for f in failing(result)) else 0), cli.output
    assert cli.output == f"已写入 {out}：{len(failing(result)) + 1} 条批注（含 1 条汇总）\n"
    assert draft.read_bytes() == before
    text = readers.read_path(draft, draft.name).text
    assert_round_trip(draft, out, result, text)
    assert body_text(out) == body_text(draft)
    assert readers.read_path(out, out.name).text == text


def test_a_text_draft_becomes_a_word_file_with_the_comments(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes((SEEDS / f"{S000}.txt").read_bytes())
    result = check(draft)
    cli = run_cli("annotate", draft)
    assert cli.exit_code == 1  # seed 000 publishes a mobile number: an error
    out = tmp_path / "draft.审核意见.docx"
    text = draft.read_text(encoding="utf-8")
    assert_round_trip(draft, out, result, text)
    assert readers.read_path(out, out.name).text == text.rstrip("\n")
    assert draft.read_text(encoding="utf-8") == text


def test_options_of_check_choose_the_comments_and_the_exit_code(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    draft.write_bytes((FORMATS / f"{S000}.docx").read_bytes())
    cli = run_cli("annotate", "--select", "writing/wording", "--fail-on", "warning", "-o", tmp_path / "o.docx", draft)
    assert cli.exit_code == 1
    found = comments(tmp_path / "o.docx")
    assert len(found) == 2
    (author, said) = list(found.values())[1]
    assert author == "lintlaw"
    assert said.splitlines() == [
        "【警告】公文常见用词错误（writing/wording）",
        "“截止”应为“截至”",
        "建议：改为“截至”",
        "依据：《现代汉语词典》（第7版）相关词条；《党政机关公文处理工作条例》行文规范",
    ]
    assert next(iter(found.values()))[1].splitlines() == [
        "lintlaw 审核意见：0 项通过，1 项不通过，0 项跳过。", "没有错误级不通过项。", "另有 1 项警告或提示级问题，见文中各条批注。"]
    assert list(anchored(tmp_path / "o.docx").values())[1] == "截止"
    cli = run_cli("annotate", "--select", "writing/wording", "-o", tmp_path / "p.docx", draft)
    assert cli.exit_code == 0  # a warning does not fail the default gate


def test_config_and_baseline_apply_as_in_check(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    draft.write_bytes((FORMATS / f"{S000}.docx").read_bytes())
    (tmp_path / ".lintlaw.yaml").write_text("select: [privacy]\n", encoding="utf-8")
    assert run_cli("annotate", draft).exit_code == 1
    assert list(anchored(tmp_path / "d.审核意见.docx").values())[1:] == ["13959291990"]
    assert run_cli("baseline", "--output", tmp_path / "base.json", draft).exit_code == 0
    cli = run_cli("annotate", "--baseline", tmp_path / "base.json", "--force", draft)
    assert cli.exit_code == 0
    assert len(comments(tmp_path / "d.审核意见.docx")) == 1  # only the summary: nothing new
    (tmp_path / ".lintlaw.yaml").write_text("select: [writing/wording]\nseverity: {writing/wording: error}\n", encoding="utf-8")
    assert run_cli("annotate", "--force", draft).exit_code == 1
    said = list(comments(tmp_path / "d.审核意见.docx").values())
    assert said[1][1].startswith("【错误】公文常见用词错误（writing/wording）\n")
    assert "错误级不通过项（1 项）：\n1. 公文常见用词错误：“截止”应为“截至”（第14段）" in said[0][1]


# ---------------------------------------------------------------- never lose anything


def test_the_draft_and_an_existing_output_are_never_overwritten(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    draft.write_bytes((FORMATS / f"{S000}.docx").read_bytes())
    before = draft.read_bytes()
    cli = run_cli("annotate", "-o", draft, "--force", draft)
    assert cli.exit_code == 2
    assert cli.output == f"lintlaw: error: {draft}: 输出文件不能是草稿本身（草稿从不被改写）\n"
    assert draft.read_bytes() == before
    out = tmp_path / "d.审核意见.docx"
    out.write_bytes(b"keep me")
    cli = run_cli("annotate", draft)
    assert cli.exit_code == 2
    assert cli.output == f"lintlaw: error: {out}: 输出文件已存在，未改写（加 --force 覆盖）\n"
    assert out.read_bytes() == b"keep me"
    assert run_cli("annotate", "--force", draft).exit_code == 1
    assert len(comments(out)) > 1
    cli = run_cli("annotate", "-o", tmp_path / "x.txt", draft)
    assert (cli.exit_code, cli.output) == (2, f"lintlaw: error: {tmp_path / 'x.txt'}: 输出文件的扩展名应为 .docx\n")
    cli = run_cli("annotate", "-o", tmp_path / "no" / "x.docx", draft)
    assert (cli.exit_code, cli.output) == (2, f"lintlaw: error: {tmp_path / 'no' / 'x.docx'}: 输出文件所在的目录不存在\n")
    cli = run_cli("annotate", tmp_path / "missing.docx")
    assert (cli.exit_code, cli.output) == (2, f"lintlaw: error: {tmp_path / 'missing.docx'}: 文件不存在\n")


def test_a_broken_word_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    draft = tmp_path / "broken.docx"
    draft.write_bytes((FORMATS / f"{S000}.docx").read_bytes()[:3000])
    cli = run_cli("annotate", draft)
    assert cli.exit_code == 2
    assert cli.output.startswith(f"lintlaw: error: {draft}: 无法读取 Word 文件：") and cli.output.count("\n") == 1
    assert not (tmp_path / "broken.审核意见.docx").exists()


# ---------------------------------------------------------------- tracked changes


def revisions(path: Path) -> list:
    root = part(path, "word/document.xml")
    return list(root.iter(W + "ins", W + "del"))


def test_safe_fixes_become_tracked_changes_word_accepts(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    draft.write_bytes((FORMATS / f"{S000}.docx").read_bytes())
    cli = run_cli("annotate", "--suggest", draft)
    out = tmp_path / "d.审核意见.docx"
    made = revisions(out)
    assert cli.output == f"已写入 {out}：34 条批注（含 1 条汇总），{len(made)} 处修订\n"
    ids = [el.get(W + "id") for el in made]
    assert len(set(ids)) == len(ids)
    other_ids = [el.get(W + "id") for el in part(out, "word/document.xml").iter(W + "commentRangeStart", W + "bookmarkStart")]
    assert not set(ids) & set(other_ids)
    for el in made:
        assert el.get(W + "author") == "lintlaw"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", el.get(W + "date"))
        assert [child.tag for child in el] == [W + "r"]
        texts = {t.tag for t in el.iter(W + "t", W + "delText")}
        assert texts == ({W + "delText"} if el.tag == W + "del" else {W + "t"})
    # Accepting every change gives exactly what --fix would write; the original is still there to reject.
    original = readers.read_path(draft, draft.name).text
    fixes = api.check_paths([str(draft)], api.Options(fix=True)).results[0].findings
    assert readers.read_path(out, out.name).text == fixed_text(original, edits_of(list(fixes)))
    assert len(made) == 2 * len(edits_of(list(fixes)))  # each fix: one deletion and one insertion
    result = check(draft)
    wording = next(f for f in failing(result) if f.rule == "writing/wording")
    comment_id = list(comments(out))[1 + failing(result).index(wording)]
    assert anchored(out)[comment_id] == "截至" and anchored(out, deleted=True)[comment_id] == "截止"


# ---------------------------------------------------------------- a real word processor


def soffice_convert(path: Path, fmt: str, out: Path) -> Path:
    profile = out / "profile"
    subprocess.run(
        [SOFFICE or "soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt, "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=300,
    )
    return out / f"{path.stem}.{fmt.split(':')[0]}"


@needs_soffice
def test_libreoffice_opens_the_comments_and_the_revisions(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    draft.write_bytes((FORMATS / f"{S000}.docx").read_bytes())
    assert run_cli("annotate", "--suggest", draft).exit_code == 1
    out = tmp_path / "d.审核意见.docx"
    odt = soffice_convert(out, "odt", tmp_path)
    with zipfile.ZipFile(odt) as zf:
        content = zf.read("content.xml").decode("utf-8")
    annotations = re.findall(r"<office:annotation[ >].*?</office:annotation>", content, re.DOTALL)
    assert len(annotations) == len(comments(out))
    assert all("<dc:creator>lintlaw</dc:creator>" in a for a in annotations)
    assert "13959291990" in "".join(annotations)
    made = revisions(out)
    assert content.count("<text:changed-region") == len(made)
    assert content.count("<text:insertion>") == sum(el.tag == W + "ins" for el in made)
    assert content.count("<text:deletion>") == sum(el.tag == W + "del" for el in made)
    # The PDF LibreOffice prints carries each comment as a PDF note (README: rendering a sample).
    pdf = soffice_convert(out, 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}', tmp_path)
    notes = [a.get_object() for page in pypdf.PdfReader(pdf).pages for a in page.get("/Annots") or []]
    texts = [str(a["/Contents"]) for a in notes if a["/Subtype"] == "/Text"]
    assert sorted(texts) == sorted(text for _, text in comments(out).values())


# ---------------------------------------------------------------- hostile input


def hostile_docx(path: Path) -> Path:
    """5,000 paragraphs, a reviewer's comment already there, fields, a hyperlink, a table with a nested table."""
    document = docx.Document()
    document.add_paragraph("关于2024年法治政府建设情况的报告")
    first = document.add_paragraph("")
    document.add_comment(first.add_run("一、主要工作"), text="原有批注：请补充数据", author="审核人", initials="SH")
    linked = document.add_paragraph("咨询电话：")
    linked._p.append(parse_xml(
        f'<w:hyperlink {W_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" w:anchor="x">'
        '<w:r><w:t>139</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>59291990</w:t></w:r></w:hyperlink>'
    ))
    linked.add_run("。")
    field = document.add_paragraph("详见第")
    for xml in ('<w:fldChar w:fldCharType="begin"/>', '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar w:fldCharType="separate"/>', "<w:t>3</w:t>", '<w:fldChar w:fldCharType="end"/>'):
        field._p.append(parse_xml(f"<w:r {W_NS}>{xml}</w:r>"))
    field.add_run("页。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "外层单元格"
    inner = table.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "截止2024年底，共办理案件12件。"
    for i in range(5000):
        document.add_paragraph(f"第{i}项工作稳步推进，取得新成效。")
    document.save(path)
    return path


def test_hostile_word_file_is_annotated_and_keeps_its_content(tmp_path: Path) -> None:
    draft = hostile_docx(tmp_path / "hostile.docx")
    before = draft.read_bytes()
    result = check(draft)
    cli = run_cli("annotate", "--suggest", draft)
    assert cli.exit_code == 1, cli.output
    out = tmp_path / "hostile.审核意见.docx"
    assert draft.read_bytes() == before
    found = comments(out)
    assert found["0"] == ("审核人", "原有批注：请补充数据")
    assert anchored(out)["0"] == "一、主要工作"
    shown = failing(result)
    assert len(found) == 1 + len(shown) + 1
    by_rule = {f.rule: cid for cid, f in zip(list(found)[2:], shown, strict=True)}
    assert anchored(out)[by_rule["privacy/mobile-number"]] == "13959291990"  # across two runs of a hyperlink
    assert anchored(out, deleted=True)[by_rule["writing/wording"]] == "截止"  # in a nested table cell
    root = part(out, "word/document.xml")
    original = part(draft, "word/document.xml")
    for tag in ("hyperlink", "fldChar", "instrText", "tbl"):
        assert len(list(root.iter(W + tag))) == len(list(original.iter(W + tag))), tag
    assert len(list(root.iter(W + "p"))) == len(list(original.iter(W + "p")))
    assert [t.get(W + "val") for t in root.iter(W + "b")] == [t.get(W + "val") for t in original.iter(W + "b")]
    fixes = api.check_paths([str(draft)], api.Options(fix=True)).results[0].findings
    assert readers.read_path(out, out.name).text == fixed_text(readers.read_path(draft, "h").text, edits_of(list(fixes)))


def test_findings_in_headers_and_notes_are_commented_on_the_body_naming_where(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "机密★1年"
    document.add_paragraph("关于2024年法治政府建设情况的报告")
    document.add_paragraph("一、主要工作")
    path = tmp_path / "h.docx"
    document.save(path)
    result = check(path)
    secrecy = next(f for f in failing(result) if f.rule == "structure/secrecy-marking")
    assert (secrecy.line, secrecy.location) == (1, "页眉")
    assert run_cli("annotate", path).exit_code == 1
    out = tmp_path / "h.审核意见.docx"
    cid = list(comments(out))[1 + failing(result).index(secrecy)]
    assert anchored(out)[cid] == "关于2024年法治政府建设情况的报告"
    assert "位置：页眉（Word 不能在页眉和页脚中加批注，批注放在正文第一段）" in comments(out)[cid][1]
    assert docx.Document(str(out)).sections[0].header.paragraphs[0].text == "机密★1年"


def test_the_annotation_is_the_same_for_the_same_input_and_time(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    draft.write_bytes((FORMATS / f"{S000}.docx").read_bytes())
    result = check(draft)
    made = [word.annotate(word.open_draft(draft, result), result, [], NOW, api.check_paths([str(draft)]).packs) for _ in range(2)]
    xml = [zipfile.ZipFile(__import__("io").BytesIO(m.data)).read("word/comments.xml") for m in made]
    assert xml[0] == xml[1]
    assert b'w:date="2025-03-01T09:30:00Z"' in xml[0]


def test_a_finding_in_a_footnote_is_commented_on_the_paragraph_citing_it(tmp_path: Path) -> None:
    from test_readers import _add_notes, _note_ref

    document = docx.Document()
    _add_notes(document, "footnote", {3: "联系人手机13959291990。"})
    document.add_paragraph("关于2024年法治政府建设情况的报告")
    cited = document.add_paragraph("办理复议案件12件。")
    _note_ref(cited, "footnote", 3)
    path = tmp_path / "n.docx"
    document.save(path)
    result = check(path)
    mobile = next(f for f in failing(result) if f.rule == "privacy/mobile-number")
    assert mobile.location == "脚注1"
    assert run_cli("annotate", path).exit_code == 1
    out = tmp_path / "n.审核意见.docx"
    cid = list(comments(out))[1 + failing(result).index(mobile)]
    assert anchored(out)[cid] == "办理复议案件12件。"
    assert comments(out)[cid][1].splitlines()[2] == "位置：脚注1（批注放在此脚注或尾注所在的段落）"


# Findings whose span starts inside a number Word draws (the seeds' headings, numbered by Word here).
ON_DRAWN_NUMBER: dict[str, list[str]] = {
    SEED_NAMES[0]: [],
    SEED_NAMES[1]: [],
    # plan-addresses-shortfalls points at the plan's heading, whose number Word draws (issue 14).
    SEED_NAMES[2]: ["structure/shortfall-causes", "structure/plan-addresses-shortfalls"],
    SEED_NAMES[3]: ["writing/mixed-brackets"] * 5 + ["structure/shortfall-causes"],
    SEED_NAMES[4]: ["structure/shortfall-causes", "structure/plan-addresses-shortfalls"],
}


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_numbers_word_draws_are_not_anchored_the_rest_of_the_span_is(seed: str, tmp_path: Path) -> None:
    draft = make_docx(seed, tmp_path, auto_numbering=True)
    result = check(draft)
    assert run_cli("annotate", draft).exit_code in (0, 1)
    out = tmp_path / f"{seed}.审核意见.docx"
    lines = readers.read_path(draft, draft.name).text.split("\n")
    paragraphs = iter(p.text for p in docx.Document(str(draft)).paragraphs if p.text)
    typed = {i: next(paragraphs) for i, line in enumerate(lines, 1) if line}  # line → the text typed in Word
    spans = anchored(out)
    on_number: list[str] = []
    for comment_id, f in zip(list(comments(out))[1:], failing(result), strict=True):
        line, own = lines[f.line - 1], typed[f.line]
        drawn = len(line) - len(own)  # the number Word draws in front (一、 （一）), not in any run
        assert line.endswith(own)
        a, b = max(f.span.column - 1, drawn), f.span.end_column - 1
        assert spans[comment_id] == (line[a:b] if b > a else own), (f.rule, f.line, f.span)
        if drawn and f.span.column - 1 < drawn:
            on_number.append(f.rule)
    assert on_number == ON_DRAWN_NUMBER[seed]


def test_a_span_across_paragraphs_is_anchored_across_them(tmp_path: Path) -> None:
    document = docx.Document()
    for text in ("关于2024年法治政府建设情况的报告", "一、主要工作", "我局坚持依法行政，推进行政", "", "行政执法规范化建设。"):
        document.add_paragraph(text)
    path = tmp_path / "across.docx"
    document.save(path)
    result = check(path)
    [doubled] = [f for f in failing(result) if f.rule == "writing/doubled-word"]
    assert (doubled.span.line, doubled.span.column, doubled.span.end_line, doubled.span.end_column) == (3, 12, 5, 3)
    assert run_cli("annotate", path).exit_code in (0, 1)
    out = tmp_path / "across.审核意见.docx"
    cid = list(comments(out))[1 + failing(result).index(doubled)]
    assert anchored(out)[cid] == "行政\n\n行政"


def test_a_text_draft_gets_the_safe_fixes_as_revisions_too(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_bytes((SEEDS / f"{S000}.txt").read_bytes())
    assert run_cli("annotate", "--suggest", draft).exit_code == 1
    out = tmp_path / "draft.审核意见.docx"
    fixes = api.check_paths([str(draft)], api.Options(fix=True)).results[0].findings
    edits = edits_of(list(fixes))
    assert len(edits) == 3  # 截止→截至 and the two half-width brackets around the mobile number
    assert len(revisions(out)) == 6
    text = draft.read_text(encoding="utf-8")
    assert readers.read_path(out, out.name).text == fixed_text(text, edits).rstrip("\n")


def test_text_inside_a_reviewer_s_revision_is_commented_but_not_revised_again(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于2024年法治政府建设情况的报告")
    paragraph = document.add_paragraph("一是")
    paragraph._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="审核" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>旧文字</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {W_NS} w:id="2" w:author="审核" w:date="2025-01-01T00:00:00Z"><w:r><w:t>截止2024年底办结</w:t></w:r></w:ins>'))
    paragraph.add_run("。截止目前全部公开。")
    path = tmp_path / "revised.docx"
    document.save(path)
    result = check(path)
    wording = [f for f in failing(result) if f.rule == "writing/wording"]
    assert [(f.span.column, f.span.end_column) for f in wording] == [(3, 5), (14, 16)]
    assert run_cli("annotate", "--suggest", path).exit_code in (0, 1)
    out = tmp_path / "revised.审核意见.docx"
    ids = list(comments(out))[1:]
    assert [anchored(out)[ids[failing(result).index(f)]] for f in wording] == ["截止", "截至"]
    ours = [el for el in revisions(out) if el.get(W + "author") == "lintlaw"]
    assert len(ours) == 2  # only the second: the first is inside the reviewer's own insertion
    assert readers.read_path(out, out.name).text.split("\n")[1] == "一是截止2024年底办结。截至目前全部公开。"



@pytest.mark.parametrize("seed", [S000, SEED_NAMES[3]])
def test_a_pdf_or_web_page_draft_becomes_a_word_file_of_its_text(seed: str, tmp_path: Path) -> None:
    for name in (f"{seed}.pdf", f"{seed}.html"):
        if not (FORMATS / name).exists():
            continue
        draft = tmp_path / name
        draft.write_bytes((FORMATS / name).read_bytes())
        result = check(draft)
        out = tmp_path / f"{name}.docx"
        assert run_cli("annotate", "-o", out, draft).exit_code in (0, 1)
        text = readers.read_path(draft, draft.name).text
        assert_round_trip(draft, out, result, text.replace("\f", " "))
