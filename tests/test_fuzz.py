"""Property-based fuzzing of the readers, the Document model and the engine (issue 6: unbreakable on bad input).

Properties, for any input:
  * no exception escapes and no call hangs (each call runs under a wall-clock alarm);
  * lintlaw.api.check(text) gives every rule at least one finding, and every span lies inside the text;
  * document.build gives ordered paragraphs inside Document.logical and a source map into the text;
  * a reader turns any bytes into a Source or a Problem whose reason is one non-empty line.

The number of examples is modest by default so the whole file runs in well under a minute on a
2-core machine. Raise it to fuzz harder, e.g.

    LINTLAW_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py

Heavy strategies (200,000-character lines, thousands of headings) run a fraction of that number.
LINTLAW_FUZZ_HANG_SECONDS (default 30) is how long one call may run before it counts as a hang.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import signal
import string
import tempfile
import zipfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from growth import MAX_RATIO, growth  # noqa: E402
from lintlaw import api, document, engine, readers  # noqa: E402
from lintlaw.model import Finding, Problem, Span  # noqa: E402
from lintlaw.readers.base import Source, normalise_newlines  # noqa: E402
from lintlaw.readers.text import read_text  # noqa: E402
from lintlaw.rulebook import builtin_rules_dir, load  # noqa: E402

VOCAB = load((builtin_rules_dir(),)).vocabulary

EXAMPLES = int(os.environ.get("LINTLAW_FUZZ_EXAMPLES", "200"))
# The default run is derandomized (the same examples every time, so CI is stable); asking for more
# examples, or LINTLAW_FUZZ_RANDOM=1, draws fresh random examples on every run.
RANDOM = "LINTLAW_FUZZ_EXAMPLES" in os.environ or os.environ.get("LINTLAW_FUZZ_RANDOM") == "1"
HANG_SECONDS = float(os.environ.get("LINTLAW_FUZZ_HANG_SECONDS", "30"))
FORMATS_DIR = Path(__file__).parent / "data" / "formats"


def _settings(fraction: float = 1.0, minimum: int = 5) -> settings:
    return settings(
        max_examples=max(minimum, int(EXAMPLES * fraction)),
        deadline=None,
        database=None,  # leave no .hypothesis/ folder in the work tree
        derandomize=not RANDOM,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                               HealthCheck.filter_too_much],
    )


# --- hang guard ---------------------------------------------------------------------------------


class Hang(Exception):
    """A single call ran longer than HANG_SECONDS."""


@contextlib.contextmanager
def time_limit(seconds: float = HANG_SECONDS):
    """Raise Hang in the main thread when the block runs longer than `seconds` (SIGALRM, POSIX only).
    Python-level loops are interrupted; built-in patterns are proven linear (lintlaw.linearity)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum, frame):  # noqa: ARG001
        raise Hang(f"call ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- rules are loaded once, not once per example ----------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _load_rules_once():
    """api.check(text) loads the rule packs on every call (~0.1 s); the fuzz runs it thousands of times.
    Cache the loaded Rulebook per Options: the code path under test is otherwise unchanged."""
    real = api.load_rulebook
    cache: dict = {}

    def cached(options):
        if options not in cache:
            cache[options] = real(options)
        return cache[options]

    mp = pytest.MonkeyPatch()
    mp.setattr(api, "load_rulebook", cached)
    yield
    mp.undo()


@pytest.fixture(scope="module")
def rule_ids() -> frozenset[str]:
    book = api.load_rulebook(api.Options())
    assert book.problems == ()
    return frozenset(r.id for r in book.rules)


# --- strategies ---------------------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
CN_PUNCT = st.sampled_from(list("。，、；：“”‘’《》〈〉（）【】〔〕「」『』！？…—～·"))
ASCII_PUNCT = st.sampled_from(list(string.punctuation))
DIGITS = st.sampled_from(list(string.digits + "０１２３４５６７８９〇零一二三四五六七八九十百千万"))
SPACES = st.sampled_from([" ", "\t", "\n", "\n", "\n\n", "\r", "\r\n", "\f", "\v", "\u3000", "\u00a0", "\u200b", "\ufeff"])
FRAGMENTS = st.sampled_from([
    "一、", "二、", "十、", "（一）", "（二）", "(三)", "1.", "2．", "3、", "（1）", "(2)", "一是", "二是", "三是",
    "2023年", "2022年", "2024年", "年", "月", "日", "报告", "法治政府建设", "年度报告", "工作情况", "主要成效",
    "存在的问题", "不足", "原因", "下一步工作", "计划", "人民政府", "司法局", "〔2024〕3号", "2024年3月1日",
    "主要负责人", "第一责任人", "行政复议", "行政诉讼", "出庭应诉", "共", "件", "其中", "%", "％", "13959291990",
    "350102199001011234", "截止", "lintlaw: disable-next-line", "# ", "## ", "**", "\f", "。\n", "：\n",
])
ANY_CHAR = st.characters(blacklist_categories=("Cs",))

ATOM = st.one_of(CJK, CJK, CJK, CN_PUNCT, ASCII_PUNCT, DIGITS, SPACES, FRAGMENTS, FRAGMENTS, ANY_CHAR)
CJK_TEXT = st.lists(ATOM, max_size=400).map("".join)

HEADING_MARKERS = ["一、", "二、", "三、", "九十九、", "（一）", "（十）", "(二)", "1.", "12.", "3、", "4．", "（1）",
                   "(15)", "一是", "二是", "十是", "", "# ", "### "]
HEADING_TAILS = ["加强法治政府建设", "主要成效", "存在的不足和原因", "下一步工作计划", "推进依法行政，取得成效。",
                 "共办理案件12件；", "“八五”普法《条例", "", "。", "（未完"]


@st.composite
def deep_outline(draw) -> str:
    """Thousands of heading lines (一、 （一） 1. （1） 一是 …) interleaved at random."""
    count = draw(st.integers(min_value=500, max_value=4000))
    seed = draw(st.lists(st.tuples(st.sampled_from(HEADING_MARKERS), st.sampled_from(HEADING_TAILS)), min_size=1, max_size=60))
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\n\f"]))
    lines = [seed[i % len(seed)][0] + seed[(i * 7) % len(seed)][1] for i in range(count)]
    return draw(st.sampled_from(["2023年法治政府建设年度报告\n", ""])) + sep.join(lines)


@st.composite
def huge_line(draw) -> str:
    """One line of 200,000 characters (a random chunk repeated), optionally between ordinary lines."""
    chunk = draw(st.lists(ATOM.filter(lambda s: "\n" not in s and "\r" not in s), min_size=1, max_size=30).map("".join))
    assume(chunk)
    line = (chunk * (200_000 // len(chunk) + 1))[:200_000]
    before = draw(st.sampled_from(["", "2023年法治政府建设年度报告\n", "一、主要成效\n"]))
    after = draw(st.sampled_from(["", "\n", "\n二、存在的不足\n"]))
    return before + line + after


@st.composite
def one_line(draw) -> str:
    """A single line of 1-4,000 characters: api.check reads a one-line str as a possible file name."""
    chunk = draw(st.lists(ATOM.filter(lambda s: "\n" not in s and "\r" not in s), min_size=1, max_size=20).map("".join))
    assume(chunk)
    return (chunk * 4000)[: draw(st.integers(1, 4000))]


ONLY_PUNCT = st.text(alphabet=st.one_of(CN_PUNCT, ASCII_PUNCT), min_size=1, max_size=3000)
ONLY_SPACE = st.lists(SPACES, min_size=1, max_size=2000).map("".join)
UNBALANCED = st.text(alphabet=st.sampled_from(list("《》“”‘’（）()【】〔〕「」法治。，\n")), min_size=1, max_size=5000)

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5", "latin-1"]


@st.composite
def mixed_encodings(draw) -> bytes:
    """Pieces of text, each in its own encoding, concatenated, then maybe truncated or cut at both ends."""
    pieces = draw(st.lists(st.tuples(CJK_TEXT, st.sampled_from(ENCODINGS)), min_size=1, max_size=5))
    data = b"".join(text.encode(enc, errors="replace") for text, enc in pieces)
    cut = draw(st.sampled_from(["none", "end", "start", "both"]))
    if data and cut != "none":
        a = draw(st.integers(0, len(data))) if cut in ("start", "both") else 0
        b = draw(st.integers(a, len(data))) if cut in ("end", "both") else len(data)
        data = data[a:b]
    return data


BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"%PDF-1.4\n", b"PK\x03\x04",
        b"<html>", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]
RANDOM_BYTES = st.one_of(
    st.binary(max_size=4000),
    st.tuples(st.sampled_from(BOMS), st.binary(max_size=2000)).map(lambda t: t[0] + t[1]),
    mixed_encodings(),
)

ANY_TEXT = st.one_of(CJK_TEXT, CJK_TEXT, one_line(), ONLY_PUNCT, ONLY_SPACE, UNBALANCED, st.text(max_size=500))


# --- checks -------------------------------------------------------------------------------------


def check_text(text: str) -> tuple[list[Finding], str]:
    """api.check(text) under the hang guard; the findings and the text they are about."""
    with time_limit():
        return api.check(text), text


def assert_spans_inside(findings: list[Finding], text: str) -> None:
    lines = normalise_newlines(text).split("\n")
    for f in findings:
        if f.span is None:
            continue
        s: Span = f.span
        where = f"{f.rule} {s}"
        assert 1 <= s.line <= len(lines), where
        assert 1 <= s.end_line <= len(lines), where
        assert s.column >= 1 and s.end_column >= 1, where
        assert (s.line, s.column) <= (s.end_line, s.end_column), where
        # Columns may point one past the last character of a line (an empty span at the line's end).
        assert s.column <= len(lines[s.line - 1]) + 1, where
        assert s.end_column <= len(lines[s.end_line - 1]) + 1, where


def assert_findings(findings: list[Finding], text: str, rule_ids: frozenset[str]) -> None:
    assert isinstance(findings, list)
    assert all(isinstance(f, Finding) for f in findings)
    missing = rule_ids - {f.rule for f in findings}
    assert not missing, f"rules without a finding: {sorted(missing)}"
    assert_spans_inside(findings, text)


def assert_document(text: str) -> document.Document:
    text = normalise_newlines(text)
    with time_limit():
        doc = document.build("<fuzz>", text, VOCAB)
    n_lines = text.count("\n") + 1
    assert doc.text == text
    assert doc.line_starts[0] == 0 and len(doc.line_starts) == n_lines
    previous_end = -1
    for i, p in enumerate(doc.paragraphs):
        assert p.index == i
        assert 0 <= p.start <= p.end <= len(doc.logical), p
        assert p.start > previous_end, (p, previous_end)
        assert 1 <= p.start_line <= p.end_line <= n_lines, p
        previous_end = p.end
    for i in range(len(doc.logical) + 1):
        offset = doc.source_offset(i)
        assert 0 <= offset <= len(text), (i, offset)
        if i < len(doc.logical):
            # Every logical character is copied from the source character it maps to.
            # (The newline between two parts of a run-on line maps to where the second part starts;
            # a traditional-character text is read through the one-for-one simplified map.)
            same = doc.logical[i] == text[offset] or doc.traditional or doc.logical[i] == "\n"
            assert same, (i, offset, doc.logical[i], text[offset])
    assert 0 <= doc.head_end <= doc.tail_start <= len(doc.paragraphs)
    for h in doc.headings:
        assert 0 <= h.paragraph < len(doc.paragraphs)
        assert 1 <= h.line <= n_lines
    for located in (doc.metadata.title, doc.metadata.year_source, doc.metadata.issuer, doc.metadata.doc_number,
                    doc.metadata.issue_date_source):
        if located is not None:
            assert 1 <= located.line <= n_lines
    return doc


def assert_problem_line(problem: Problem) -> None:
    assert isinstance(problem, Problem)
    assert isinstance(problem.reason, str) and problem.reason.strip(), problem
    assert "\n" not in problem.reason and "\r" not in problem.reason, repr(problem.reason)
    assert "\n" not in str(problem) and "\r" not in str(problem), repr(str(problem))


def assert_source_or_problem(result: Source | Problem) -> None:
    assert isinstance(result, (Source, Problem)), type(result)
    if isinstance(result, Problem):
        assert_problem_line(result)
        return
    assert isinstance(result.text, str) and result.text.strip()
    assert "\r" not in result.text, "a reader left a carriage return in the text"
    if result.line_labels:
        # One label per line of text: findings are located by it.
        assert len(result.line_labels) == result.text.count("\n") + 1, (len(result.line_labels), result.text.count("\n") + 1)


# --- api.check(text) ----------------------------------------------------------------------------


@_settings()
@given(text=ANY_TEXT)
def test_check_text_never_breaks(text, rule_ids):
    assert_findings(*check_text(text), rule_ids)


@_settings(fraction=0.25)
@given(text=st.one_of(ONLY_PUNCT, ONLY_SPACE, UNBALANCED))
def test_check_only_punctuation_whitespace_brackets(text, rule_ids):
    assert_findings(*check_text(text), rule_ids)


@_settings(fraction=0.03, minimum=4)
@given(text=huge_line())
def test_check_huge_line(text, rule_ids):
    assert_findings(*check_text(text), rule_ids)


@_settings(fraction=0.05, minimum=5)
@given(text=deep_outline())
def test_check_deep_heading_nesting(text, rule_ids):
    assert_findings(*check_text(text), rule_ids)
    assert_document(text)


# --- the Document model -------------------------------------------------------------------------


@_settings()
@given(text=ANY_TEXT)
def test_document_build_positions(text):
    doc = assert_document(text)
    # Sections located by the built-in definitions lie inside the document.
    book = api.load_rulebook(api.Options())
    with time_limit():
        located, _ctx = engine.prepare(doc, book.sections, book.vocabulary, messages=book.messages)
    for s in located.sections:
        assert 0 <= s.first <= s.last < len(doc.paragraphs), s
    for start in range(0, len(doc.logical) + 1, max(1, len(doc.logical) // 50)):
        a, b = doc.source_span(start, min(len(doc.logical), start + 3))
        assert 0 <= a <= b <= len(doc.text)


@_settings(fraction=0.1)
@given(text=huge_line())
def test_document_build_huge_line(text):
    assert_document(text)


# --- readers ------------------------------------------------------------------------------------


@_settings()
@given(data=RANDOM_BYTES)
def test_read_text_any_bytes(data):
    with time_limit():
        result = read_text(data, "<fuzz>", "txt")
    assert_source_or_problem(result)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


def _sample(suffix: str) -> bytes:
    found = sorted(FORMATS_DIR.glob(f"*{suffix}"))
    return found[0].read_bytes() if found else b""


_DOCX_SAMPLE = _sample(".docx")
_PDF_SAMPLE = _sample(".pdf")
_HTML_SAMPLE = _sample(".html")


def _docx_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(_DOCX_SAMPLE)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


_XML_BITS = st.sampled_from([
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", "<w:br/>",
    "<w:tab/>", "<w:del>", "</w:del>", "<w:ins>", "</w:ins>", "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
    "<w:instrText>PAGE</w:instrText>", "&amp;", "&#x0;", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;",
])


@st.composite
def docx_bytes(draw) -> bytes:
    """Random bytes, a mutated real .docx, or a real package whose document.xml is replaced by random XML."""
    kind = draw(st.sampled_from(["random", "flip", "truncate", "xml"]))
    if kind == "random" or not _DOCX_SAMPLE:
        return draw(st.tuples(st.sampled_from([b"", b"PK\x03\x04"]), st.binary(max_size=3000)).map(lambda t: t[0] + t[1]))
    if kind == "flip":
        data = bytearray(_DOCX_SAMPLE)
        for pos, value in draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), min_size=1, max_size=20)):
            data[pos] = value
        return bytes(data)
    if kind == "truncate":
        return _DOCX_SAMPLE[: draw(st.integers(0, len(_DOCX_SAMPLE)))]
    members = _docx_members()
    body = draw(st.lists(st.one_of(_XML_BITS, CJK_TEXT), max_size=40).map("".join))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    wrapper = draw(st.sampled_from([f"<w:document {ns}><w:body>{{}}</w:body></w:document>", "{}", f"<w:document {ns}>{{}}"]))
    members["word/document.xml"] = wrapper.format(body).encode("utf-8", errors="replace")
    if draw(st.booleans()) and "word/numbering.xml" in members:
        members["word/numbering.xml"] = draw(st.binary(max_size=200))
    return _zip(members)


@st.composite
def pdf_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["random", "flip", "truncate", "header"]))
    if kind == "random" or not _PDF_SAMPLE:
        return draw(st.binary(max_size=3000))
    if kind == "header":
        return b"%PDF-1." + draw(st.binary(max_size=3000))
    if kind == "truncate":
        return _PDF_SAMPLE[: draw(st.integers(0, len(_PDF_SAMPLE)))]
    data = bytearray(_PDF_SAMPLE)
    for pos, value in draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), min_size=1, max_size=30)):
        data[pos] = value
    return bytes(data)


_HTML_BITS = st.sampled_from([
    "<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<br>", "<table><tr><td>", "</td><td>", "</td></tr></table>",
    "<script>", "</script>", "<h1>", "</h1>", "<title>", "</title>", '<meta charset="gbk">', '<meta charset="bogus">',
    '<meta name="ArticleTitle" content="', '">', '<div style="display:none">', '<div class="title">', "&nbsp;", "&#0;",
    "&#xD800;", "<!--", "-->", "<![CDATA[", "]]>", "索引号：", "发布机构：", "公文生成日期：2024-03-01", "<td>文号：</td>",
    "扫一扫在手机上查看当前页面", "\n", "\r", "。", "，", "<p>我们坚持依法行政，取得了明显成效，各项工作稳步推进。</p>",
    "<div><p>一、主要成效</p><p>全年办理行政复议案件12件，其中纠错3件；</p></div>",
])


@st.composite
def html_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["random", "tags", "tags", "sample"]))
    if kind == "random":
        return draw(st.binary(max_size=3000))
    if kind == "sample" and _HTML_SAMPLE:
        data = bytearray(_HTML_SAMPLE)
        for pos, value in draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), min_size=1, max_size=30)):
            data[pos] = value
        return bytes(data)
    page = draw(st.lists(st.one_of(_HTML_BITS, _HTML_BITS, CJK_TEXT), max_size=60).map("".join))
    return page.encode(draw(st.sampled_from(["utf-8", "gb18030", "utf-16"])), errors="replace")


BYTES_BY_SUFFIX = {
    ".txt": RANDOM_BYTES,
    ".md": RANDOM_BYTES,
    ".docx": docx_bytes(),
    ".pdf": pdf_bytes(),
    ".html": html_bytes(),
}


@pytest.fixture(scope="module")
def tmp_dir():
    with tempfile.TemporaryDirectory(prefix="lintlaw-fuzz-") as d:
        yield Path(d)


@pytest.mark.parametrize("suffix", sorted(BYTES_BY_SUFFIX))
def test_read_path_any_bytes(suffix, tmp_dir):
    @_settings(fraction=0.5)
    @given(data=BYTES_BY_SUFFIX[suffix])
    def run(data):
        path = tmp_dir / f"fuzz{suffix}"
        path.write_bytes(data)
        with time_limit():
            result = readers.read_path(path, str(path))
        assert_source_or_problem(result)
        if data and suffix in (".docx", ".pdf") and not data.startswith((b"PK", b"%PDF")) and b"%PDF-" not in data[:1024]:
            # Random bytes in a binary format: a Problem, never a text.
            assert isinstance(result, Problem)

    run()


@pytest.mark.parametrize("suffix", sorted(BYTES_BY_SUFFIX))
def test_check_paths_end_to_end(suffix, tmp_dir, rule_ids):
    @_settings(fraction=0.1)
    @given(data=BYTES_BY_SUFFIX[suffix])
    def run(data):
        path = tmp_dir / f"e2e{suffix}"
        path.write_bytes(data)
        with time_limit():
            result = api.check_paths([str(path)])
        assert result.problems == ()
        assert len(result.results) == 1
        file_result = result.results[0]
        for problem in file_result.problems:
            assert_problem_line(problem)
        if not file_result.problems or file_result.findings:
            source = readers.read_path(path, str(path))
            assert isinstance(source, Source)
            assert_findings(list(file_result.findings), source.text, rule_ids)

    run()


# --- bugs the fuzz found, fixed; these keep them fixed -------------------------------------------


# Found by the fuzz: a one-line text over 255 UTF-8 bytes once raised ENAMETOOLONG from the path probe.
def test_check_one_long_line_of_text(rule_ids):
    text = "法" * 86  # 258 bytes in UTF-8, no newline
    assert_findings(api.check(text), text, rule_ids)


# Found by the fuzz: a newline inside <title> once gave the text one line more than its labels.
def test_html_title_with_newline_keeps_one_label_per_line():
    body = "<div>" + "<p>我们坚持依法行政，取得了明显成效，各项工作稳步推进。</p>" * 3 + "</div>"
    page = "<html><head><title>2023年法治\n政府建设年度报告</title></head><body>" + body + "</body></html>"
    result = readers.READERS[".html"][1](page.encode("utf-8"), "<page>", "html")
    assert_source_or_problem(result)


# Found by the fuzz: check_pairs once scanned the whole stack for every closing mark (quadratic).
def test_unbalanced_pairs_is_not_quadratic():
    book = api.load_rulebook(api.Options())
    rule = book.get("writing/unbalanced-pairs")
    assert rule is not None

    def at(n: int):
        doc, ctx = engine.prepare(document.build("<pairs>", "《）" * n, VOCAB), book.sections, book.vocabulary, messages=book.messages)
        return lambda: engine.run(doc, (rule,), ctx)

    with time_limit():
        small, large, ratio = growth(at, 7_500)
    # Linear work grows about 4× for 4× the marks; the quadratic scan grew about 16×.
    assert ratio <= MAX_RATIO, (small, large, ratio)
