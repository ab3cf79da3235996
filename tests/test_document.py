"""The document model: logical paragraphs, positions, outline, blocks and metadata."""

from __future__ import annotations

from pathlib import Path

from lintlaw import document
from lintlaw.rulebook import builtin_rules_dir, load
from lintlaw.readers.text import decode

VOCAB = load((builtin_rules_dir(),)).vocabulary

SPLIT = "局党组书记、局长\n\n认真履行推进法治建设第一责任人职责。\n"


def test_page_break_inside_a_sentence_is_joined():
    doc = document.build("x", SPLIT, VOCAB)
    assert len(doc.paragraphs) == 1
    assert doc.paragraph_text(0) == "局党组书记、局长认真履行推进法治建设第一责任人职责。"
    assert (doc.paragraphs[0].start_line, doc.paragraphs[0].end_line) == (1, 3)


def test_logical_offsets_map_back_to_source_lines_and_columns():
    doc = document.build("x", SPLIT, VOCAB)
    at = doc.logical.index("认真")
    assert doc.line_col(doc.source_offset(at)) == (3, 1)
    start, end = doc.source_span(doc.logical.index("局长"), doc.logical.index("局长") + 2)
    assert doc.line_col(start) == (1, 7) and doc.line_col(end) == (1, 9)


def test_pdf_spaces_between_chinese_and_digits_are_removed_but_latin_words_keep_theirs():
    doc = document.build("x", "组织全区 30 位负责人述法，出庭率和胜诉率均达 100%，使用 Word Excel 办公。\n", VOCAB)
    assert doc.logical == "组织全区30位负责人述法，出庭率和胜诉率均达100%，使用Word Excel办公。"


def test_word_split_across_page_break_inside_book_title():
    doc = document.build("x", "深入学习宣传新修订的《行政复议\n\n法》，加强行政复议调解。\n", VOCAB)
    assert "《行政复议法》" in doc.logical


def test_headings_are_not_joined_to_the_next_paragraph():
    text = "一、主要做法和成效\n（一）加强领导\n1.强化学习。全年学习12次。\n（1）专题讲座\n一是开展培训。\n"
    doc = document.build("x", text, VOCAB)
    assert [(h.level, h.number, h.title) for h in doc.headings] == [
        (1, 1, "主要做法和成效"), (2, 1, "加强领导"), (3, 1, "强化学习"), (4, 1, "专题讲座"), (5, 1, "开展培训"),
    ]


def test_halfwidth_bracket_headings_are_the_same_level():
    doc = document.build("x", "（一）甲\n(二)乙\n", VOCAB)
    assert [(h.level, h.number) for h in doc.headings] == [(2, 1), (2, 2)]


def test_title_block_end_block_and_metadata():
    text = (
        "厦门市湖里区司法局文件\n\n厦湖司〔2024〕9号\n\n湖里区司法局 关于2023年法治政府建设情况的报告\n\n"
        "中共湖里区委：\n\n2023年，我局推进法治政府建设。\n\n湖里区司法局\n\n2024年2月29日\n\n2024年2月29日印发\n"
    )
    doc = document.build("x", text, VOCAB)
    meta = doc.metadata
    assert meta.title and meta.title.line == 5
    assert meta.report_year == 2023
    assert meta.doc_number and meta.doc_number.value == "厦湖司〔2024〕9号"
    assert meta.issue_date == (2024, 2, 29) and meta.issue_date_source.line == 13
    assert meta.issuer and (meta.issuer.value, meta.issuer.line) == ("湖里区司法局", 11)


def test_web_page_issuing_date_and_issuer():
    text = "• 发布机构:鲤城区司法局\n• 公文生成日期:2025-02-17\n鲤城区司法局关于2024年度法治政府建设情况的报告\n2024年，我局推进法治政府建设。\n"
    meta = document.build("x", text, VOCAB).metadata
    assert meta.issue_date == (2025, 2, 17) and meta.issue_date_source.line == 2
    assert meta.report_year == 2024
    assert meta.issuer and meta.issuer.value == "鲤城区司法局"


def test_report_year_from_body_when_there_is_no_title():
    meta = document.build("x", "2024年,湖里区坚持依法行政。\n一、加强领导\n", VOCAB).metadata
    assert meta.title is None and meta.report_year == 2024 and meta.year_source.line == 1


def test_two_years_in_the_title_make_the_year_ambiguous():
    meta = document.build("x", "关于2022—2023年法治政府建设情况的报告\n全年办理案件。\n", VOCAB).metadata
    assert meta.year_candidates == (2022, 2023) and meta.report_year is None


def test_chinese_numeral_issuing_date():
    meta = document.build("x", "关于2023年法治政府建设情况的报告\n全年办理案件。\n某区司法局\n二〇二四年二月二十日\n", VOCAB).metadata
    assert meta.issue_date == (2024, 2, 20)


def test_decoding_is_explicit():
    text = "关于2023年法治政府建设情况的报告"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("gb18030")) == (text, "gb18030")
    assert decode(text.encode("utf-16")) == (text, "utf-16")
    assert decode(b"") == "文件为空"
    assert "二进制" in decode(b"PK\x03\x04\x00\x00")


def test_a_line_ending_inside_a_second_book_title_is_joined():
    doc = document.build("x", "印发《关于甲的通知》《中共某区委关于开展\n乙工作的意见》等文件。\n", VOCAB)
    assert len(doc.paragraphs) == 1


# --- page chrome: the anchored patterns are matched at the paragraph's start, the others searched ---


def test_anchored_at_start_is_true_only_when_searching_and_matching_at_the_start_agree():
    from lintlaw.patterns import anchored_at_start

    anchored = ["^首页", "^(a|b)c", "^[|]x", r"^\|x", "^[^]|]x", "^[]|]", r"^\p{Han}+$", "^(?>a|b)+$", "^(?:a|b)(?=c|d)"]
    not_anchored = ["^a|b", "a^", "首页", "(?m)^a", "(?m:^a)", "^(?s).|x", "^(?P<x>a)", "(^a)", r"\^a", "^(?#(|)a|b", r"^\Q(\Ea|b"]
    assert [anchored_at_start(s) for s in anchored] == [True] * len(anchored)
    assert [anchored_at_start(s) for s in not_anchored] == [False] * len(not_anchored)


def test_template_match_finds_only_a_match_at_the_start():
    from lintlaw.patterns import Template

    for trusted in (True, False):
        t = Template("首页|微博", trusted)
        assert t.match("首页 > 新闻", None) is not None and t.match("新闻 首页", None) is None
        assert t.match("新闻 首页", None, 3).span() == (3, 5)


def test_chrome_split_in_two_says_what_one_search_over_all_the_chrome_patterns_says():
    import regex
    import yaml

    sources = yaml.safe_load((builtin_rules_dir() / "document.yaml").read_text(encoding="utf-8"))["chrome"]
    one = regex.compile("|".join(f"(?:{s})" for s in sources))
    corpus = Path(__file__).parent / "corpus" / "openings"
    lines = {line.strip() for f in sorted(corpus.rglob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines()}
    lines |= {"首页 > 新闻", "索 引 号：", "微信 微博", "2024-03-01 10:00", "｜ 打印 ｜", "分享 ｜ 打印 ｜ 关闭", "IPv6", "繁體版", "当前位置：首页"}
    short = sorted(t for t in lines if t and len(t) <= 150 and "。" not in t)
    said = [document._is_chrome(t, VOCAB) for t in short]
    assert said == [one.search(t) is not None for t in short]
    assert VOCAB.chrome_start is not None and VOCAB.chrome_anywhere is not None
    by_start = [VOCAB.chrome_start.match(t, None) is not None for t in short]
    by_search = [VOCAB.chrome_anywhere.search(t, None) is not None for t in short]
    assert sum(by_start) >= 20 and sum(s and not a for a, s in zip(by_start, by_search, strict=True)) >= 3  # both halves decide
