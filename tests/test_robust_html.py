"""Hostile web pages: lying charsets, pages built to make parsers quadratic, nesting past the bound."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jsonout import output_json
from lintlaw.cli import main
from lintlaw.model import Problem
from lintlaw.readers import Source, html, read_path

LINTLAW = [sys.executable, "-m", "lintlaw"]
BODY = "<div><p>关于2024年法治政府建设情况的报告，全区持续推进严格规范公正文明执法。</p><p>鲤城区，司法局，依法行政。</p></div>"
LINES = ["关于2024年法治政府建设情况的报告，全区持续推进严格规范公正文明执法。", "鲤城区，司法局，依法行政。"]


@pytest.mark.parametrize("charset", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri", "undefined", "utf-7",
                                     "idna", "punycode", "unicode_escape", "no-such-codec"])
def test_a_lying_meta_charset_is_ignored_and_the_bytes_are_detected(tmp_path, charset):
    page = tmp_path / "p.html"
    page.write_bytes(f'<html><head><meta charset="{charset}"></head><body>{BODY}</body></html>'.encode())
    source = read_path(page, "p.html")
    assert isinstance(source, Source) and source.encoding == "utf-8"
    assert source.text.split("\n")[-2:] == LINES


def test_a_lying_charset_on_gbk_bytes_still_reads_as_gb18030(tmp_path):
    page = tmp_path / "p.html"
    page.write_bytes(f'<meta charset="base64"><body>{BODY}</body>'.encode("gbk"))
    source = read_path(page, "p.html")
    assert isinstance(source, Source) and source.encoding == "gb18030" and source.text.split("\n")[-2:] == LINES


def test_a_batch_with_lying_pages_checks_every_file_and_streams_valid_json(tmp_path):
    for i, charset in enumerate(["rot13", "zlib", "utf-8"]):
        (tmp_path / f"{i}.html").write_bytes(f'<meta charset="{charset}"><body>{BODY}</body>'.encode())
    previous = tmp_path / "prev.html"
    last_year = BODY.replace("2024", "2023").replace("依法行政", "规范执法，推进政务公开")
    previous.write_bytes(f'<meta charset="bz2"><body>{last_year}</body>'.encode())
    result = CliRunner().invoke(main, ["check", "-j", "1", "--format", "json",
                                       str(tmp_path / "0.html"), str(tmp_path / "1.html"), str(tmp_path / "2.html")])
    data = output_json(result.stdout)
    assert [f["path"] for f in data["files"]] == [str(tmp_path / f"{i}.html") for i in range(3)]
    assert all(f["problems"] == [] and f["encoding"] == "utf-8" for f in data["files"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.stderr
    with_previous = CliRunner().invoke(main, ["check", "--format", "json", "--previous", str(previous), str(tmp_path / "0.html")])
    assert [f["problems"] for f in output_json(with_previous.stdout)["files"]] == [[]]
    assert with_previous.exit_code in (0, 1) and "Traceback" not in with_previous.stderr


def test_nesting_past_the_bound_is_refused_with_one_line():
    outcome = html.read_html(("<div>文字，内容。" * 300).encode(), "deep.html", "html")
    assert outcome == Problem("deep.html", f"网页元素嵌套超过 {html.MAX_DEPTH} 层，无法完整读取，拒绝读取")
    within = html.read_html(("<div>" * 200 + BODY + "</div>" * 200).encode(), "ok.html", "html")
    assert isinstance(within, Source) and within.text.split("\n")[-2:] == LINES


def test_the_walk_over_the_tree_has_no_recursion_and_keeps_page_order():
    collector = html._Collector()
    import lxml.html

    root = lxml.html.document_fromstring("<body><div>甲<br>乙<!-- c -->丙<p>丁</p>戊" + "<div>" * 250 + "己</div></body>")
    html._feed(root, collector)
    collector.close()
    assert [line.text for line in collector.lines] == ["甲", "乙丙", "丁", "戊", "己"]
    assert collector.lines[-1].element.depth == 253  # html, body, div, then 250 nested divs


# The pages the hostile-input survey timed at 58 s to more than 180 s with html.parser. The timeout
# only guards against a hang; nothing here measures speed (bench/html_growth.py does).
HOSTILE = {
    "nested-20k.html": lambda: "<div>关于法治政府建设，文字。" * 20000,
    "a-2m.html": lambda: "<a" * 2_000_000,
    "unclosed-and-stray.html": lambda: "<div>文字，内容。" * 50_000 + "</span>" * 50_000,
    "nested-1m.html": lambda: "<b>" * 1_000_000,
}


def test_hostile_pages_end_with_one_line_each(tmp_path):
    for name, build in HOSTILE.items():
        (tmp_path / name).write_text(build(), encoding="utf-8")
    good = tmp_path / "z-good.html"
    good.write_bytes(f"<body>{BODY}</body>".encode())
    process = subprocess.run([*LINTLAW, "check", "-j", "1", "--format", "json", str(tmp_path)],
                             capture_output=True, text=True, timeout=300)
    data = output_json(process.stdout)
    reasons = {Path(f["path"]).name: [p["reason"] for p in f["problems"]] for f in data["files"]}
    deep = f"网页元素嵌套超过 {html.MAX_DEPTH} 层，无法完整读取，拒绝读取"
    assert reasons == {"a-2m.html": ["网页没有文字内容"], "nested-1m.html": [deep], "nested-20k.html": [deep],
                       "unclosed-and-stray.html": [deep], "z-good.html": []}
    assert process.returncode == 2 and "Traceback" not in process.stderr
