"""The shapes real reports come in, built from the sample reports the way real pages alter them:
run-on text, page chrome, no title, traditional characters, department wording, look-alikes, unheaded
parts. Each shape must give the verdicts the plain report gives (or the one a reader gives)."""

from __future__ import annotations

from pathlib import Path

import pytest

import lintlaw
from lintlaw import hanzi
from lintlaw.model import Finding, Status

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
KEY = (
    "structure/report-type",
    "structure/achievements",
    "structure/shortfalls",
    "structure/shortfall-causes",
    "structure/first-responsible-person",
    "structure/next-year-plan",
    "outline/three-enforcement-systems",
    "outline/court-appearance",
    "outline/court-appearance-rate",
    "timeliness/report-year",
    "timeliness/year-consistency",
)
CONTENT_PACKS = ("structure", "outline", "timeliness", "data")


def verdicts(findings: list[Finding], rules: tuple[str, ...] = KEY) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for f in findings:
        if f.rule in rules:
            out.setdefault(f.rule, []).append(f.status.value)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def spanned(text: str, f: Finding) -> str:
    """The source text a finding's span covers (lines and character columns, 1-based)."""
    assert f.span is not None
    lines = text.split("\n")
    s = f.span
    if s.line == s.end_line:
        return lines[s.line - 1][s.column - 1 : s.end_column - 1]
    return "\n".join([lines[s.line - 1][s.column - 1 :], *lines[s.line : s.end_line - 1], lines[s.end_line - 1][: s.end_column - 1]])


def squeeze(text: str) -> str:
    """Spaces inside a paragraph do not count when comparing evidence (PDF-style spaces are dropped)."""
    return "".join(text.split())


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
@pytest.mark.parametrize("separator", ["", "\u3000"], ids=["no-break", "wide-space"])
def test_a_page_stored_on_one_line_gets_the_same_verdicts_at_the_same_text(seed: Path, separator: str) -> None:
    text = seed.read_text(encoding="utf-8")
    one_line = separator.join(line.strip() for line in text.splitlines() if line.strip())
    plain, run_on = lintlaw.check(text), lintlaw.check(one_line)
    assert verdicts(run_on) == verdicts(plain)
    # Evidence and failures point at the same words, now on line 1. (A part's evidence is its first
    # paragraph, which on a run-on page is its first sentence; unnumbered heading lines and the title's
    # extent are lost with the line breaks, so achievements and the report year are not compared.)
    compared = [r for r in KEY if r not in ("timeliness/report-year", "structure/achievements", "structure/report-type")]
    where_plain = {(f.rule, f.status): squeeze(spanned(text, f)) for f in plain if f.rule in compared and f.span}
    where_run_on = {(f.rule, f.status): squeeze(spanned(one_line, f)) for f in run_on if f.rule in compared and f.span}
    for key, words in where_plain.items():
        if words:  # a zero-width failure marks a place, not words
            found = where_run_on.get(key, "")
            assert found and (found in words or words in found), (key, found, words)
    assert {f.line for f in run_on if f.span} == {1}


def _web_page(body: str) -> str:
    chrome_before = [
        "无障碍阅读 关怀版 返回首页",
        "当前位置: 首页 > 政务公开 > 政府信息公开年报 > 法治政府建设",
        "时间：2024-03-28 09:18  来源：区政府办公室  字号：大 中 小",
        "• 学习贯彻党的二十大精神",
        "• 奋力推进中国式现代化",
    ]
    chrome_after = ["附件下载", "微信 微博 QQ空间", "扫一扫在手机上查看当前页面", "【打印本页】【关闭窗口】"]
    return "\n".join([*chrome_before, body.rstrip("\n"), *chrome_after]) + "\n"


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_page_chrome_around_a_report_changes_no_content_verdict_and_is_never_evidence(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    page = _web_page(text)
    options = lintlaw.Options(select=CONTENT_PACKS)
    plain, framed = lintlaw.check(text, options), lintlaw.check(page, options)
    # timeliness/publication-date is the one rule whose evidence is the page's information bar (时间：…).
    reads_chrome = "timeliness/publication-date"
    rules = tuple(sorted({f.rule for f in plain} - {reads_chrome}))
    assert verdicts(framed, rules) == verdicts(plain, rules)
    chrome_lines = set(range(1, 6)) | set(range(len(page.splitlines()) - 3, len(page.splitlines()) + 1))
    assert not [f for f in framed if f.status is Status.PASS and f.line in chrome_lines and f.rule != reads_chrome]
    assert [(f.status, f.line) for f in framed if f.rule == reads_chrome] == [(Status.PASS, 3)]


def test_the_title_is_found_after_the_chrome_and_a_page_headline() -> None:
    page = _web_page("3月31日某区发布关于2023年法治政府建设情况的报告【政策法规】\n某区司法局关于2023年法治政府建设情况的报告\n2023年，我局深入推进法治政府建设。\n")
    findings = {f.rule: f for f in lintlaw.check(page)}
    assert findings["structure/report-type"].status is Status.PASS
    assert findings["timeliness/report-year"].status is Status.PASS
    assert findings["timeliness/report-year"].line == 7  # the document's own title, not the headline


@pytest.mark.parametrize(
    ("lead", "year"),
    [
        ("根据《法治政府建设与责任落实督察工作规定》要求，现将省政府2022年度法治政府建设情况报告如下。", 2022),
        ("根据《法治政府建设实施纲要（2021—2025年）》要求，现将市人社局2021年法治政府建设情况报告予以公开。", 2021),
        ("《某县人民政府关于2020年度法治政府建设情况的报告》全文如下。", 2020),
        ("现将有关情况报告如下：", None),
    ],
)
def test_a_report_without_a_title_takes_its_year_from_the_lead_or_the_review(lead: str, year: int | None) -> None:
    body = "一、主要工作\n{y}年，我局深入推进依法行政，法治政府建设取得新成效。\n{y}年，共审查规范性文件12件。\n"
    text = lead + "\n" + body.format(y=year or 2019)
    findings = {f.rule: f for f in lintlaw.check(text, lintlaw.Options(select=("timeliness/report-year",)))}
    assert findings["timeliness/report-year"].status is Status.PASS
    expected = year or 2019
    source = "开头的引导语" if "现将" in lead and year else "引用的报告标题" if "《" in lead and "全文" in lead else "正文各句"
    assert findings["timeliness/report-year"].message == f"报告年度为{expected}年（据{source}）"


def test_title_and_lead_sentence_naming_different_years_conflict() -> None:
    text = "某区司法局关于2023年法治政府建设情况的报告\n现将我局2022年度法治政府建设情况报告如下：\n全年审查规范性文件12件。\n"
    year = [f for f in lintlaw.check(text) if f.rule == "timeliness/report-year"]
    assert [(f.status, f.line) for f in year] == [(Status.FAIL, 1)]
    assert "2023、2022" in year[0].message


def _traditional(text: str) -> str:
    """A character-for-character traditional copy, as mirror sites make them."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    return "".join(c if len(t := s2t.convert(c)) != 1 else t for c in text)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_a_traditional_character_copy_gets_the_content_verdicts_at_the_same_places(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    copy = _traditional(text)
    assert copy != text and len(copy) == len(text)
    options = lintlaw.Options(select=CONTENT_PACKS)
    plain, mirrored = lintlaw.check(text, options), lintlaw.check(copy, options)
    key = lambda f: (f.rule, f.status, f.span)  # noqa: E731
    assert sorted(map(key, mirrored), key=str) == sorted(map(key, plain), key=str)


def test_the_traditional_map_is_one_for_one() -> None:
    table = hanzi.simplifying_table("這個報告說明了國務院關於法治政府建設的情況", frozenset("這們來時會說國於與為對"))
    assert table and all(len(v) == 1 for v in table.values())
    assert "這個報告".translate(table) == "这个报告"
    assert hanzi.simplifying_table("这是简体字的报告", frozenset("這們來時會說國於與為對")) == {}


def test_a_department_report_on_its_rule_of_law_work_is_a_report() -> None:
    text = (
        "某区司法局关于2023年法治工作情况暨2024年工作要点的报告\n"
        "2023年，我局深入推进依法行政，法治建设各项工作取得成效。\n"
        "一、主要做法和成效\n全年审查规范性文件12件。\n"
    )
    findings = {f.rule: f for f in lintlaw.check(text)}
    assert findings["structure/report-type"].status is Status.PASS
    assert findings["timeliness/report-year"].message == "报告年度为2023年（据标题）"


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        ("各位代表：\n现在，我代表区人民政府，向大会报告工作，请予审议，并请区政协委员提出意见。\n一、2023年工作回顾\n2023年，全区坚持依法行政，法治政府建设扎实推进。\n", "人民代表大会所作的工作报告"),
        ("某区人民政府2023年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》编制。\n", "政府信息公开工作年度报告"),
        ("某区人民政府办公室关于印发2024年法治政府建设工作要点的通知\n各镇人民政府：现将《2024年法治政府建设工作要点》印发给你们。\n", "工作要点、方案或规划"),
        ("【政策解读】《某县人民政府关于2023年度法治政府建设情况的报告》解读\n一、起草背景\n按照省市法治政府建设工作要求，县司法局起草了报告。\n", "解读"),
        ("本报讯 近日，某市发布2023年法治政府建设年度报告，全面总结一年来法治政府建设工作。\n", "新闻报道"),
        ("某区卫生健康局2025年工作总结及2026年工作思路\n2025年，区卫生健康局坚持以人民健康为中心，扎实推进各项工作，法治建设有序推进。\n", "其他工作的总结或报告"),
    ],
)
def test_look_alikes_fail_once_naming_what_they_look_like(text: str, looks_like: str) -> None:
    findings = lintlaw.check(text)
    gate = [f for f in findings if f.rule == "structure/report-type"]
    assert [f.status for f in gate] == [Status.FAIL]
    assert looks_like in gate[0].message
    gated = ("structure/report-type", "structure/secrecy-marking")  # a secrecy mark is wrong in any published text
    content = [f for f in findings if f.rule.startswith(("structure/", "outline/")) and f.rule not in gated]
    assert content and all(f.status is Status.SKIP for f in content)


REVIEW = (
    "某区司法局关于2023年法治政府建设情况的报告\n"
    "一、推进法治政府建设的主要举措和成效\n"
    "2023年，我局坚持依法行政。局党组书记、局长认真履行推进法治建设第一责任人职责。\n"
    "全年审查规范性文件12件，组织行政执法案卷评查2次。\n"
    "会议听取了执法监督工作汇报。下一步，各科室要按照会议要求抓好落实。\n"
    "二、加强行政执法监督\n"
    "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。\n"
    "开展行政执法监督检查3次，发现问题12个，均已整改。\n"
    "严格落实规范性文件备案审查制度，全年备案规范性文件8件。\n"
)
SHORTFALLS = "一年来，我局法治政府建设取得一定成效，但与上级要求相比，仍存在一定差距，主要表现在：一是执法力量不足；二是执法人员素质有待提高。究其原因，主要是由于编制较少。\n"
PLAN = "2024年，我们将继续深化行政执法体制改革，加强执法队伍建设。\n"


def test_unheaded_shortfalls_and_plan_are_found_by_their_lead_sentences() -> None:
    text = REVIEW + SHORTFALLS + PLAN
    findings = {f.rule: f for f in lintlaw.check(text)}
    lines = text.split("\n")
    assert findings["structure/shortfalls"].status is Status.PASS
    assert lines[findings["structure/shortfalls"].line - 1].startswith("一年来")
    assert findings["structure/shortfalls"].message == "有存在的不足部分（见引导句，未单设标题）"
    assert findings["structure/shortfall-causes"].status is Status.PASS
    assert findings["structure/next-year-plan"].status is Status.PASS
    assert lines[findings["structure/next-year-plan"].line - 1] == PLAN.strip()


def test_a_next_step_sentence_in_the_middle_of_the_review_is_not_the_plan() -> None:
    findings = {f.rule: f for f in lintlaw.check(REVIEW + SHORTFALLS)}
    assert findings["structure/shortfalls"].status is Status.PASS
    assert findings["structure/next-year-plan"].status is Status.FAIL


def test_a_stale_year_in_the_plan_fails_year_consistency_at_its_line() -> None:
    seed = next(p for p in SEEDS if p.name.startswith("004"))
    lines = seed.read_text(encoding="utf-8").split("\n")
    plan_heading = lines.index("三、2024年工作思路")
    first = next(i for i in range(plan_heading + 1, len(lines)) if lines[i].strip())
    lines[first] = "2023年，区政府将" + lines[first].lstrip()
    findings = [f for f in lintlaw.check("\n".join(lines)) if f.rule == "timeliness/year-consistency"]
    assert [(f.status, f.line, f.span.column if f.span else 0) for f in findings] == [(Status.FAIL, first + 1, 1)]
    assert "安排应针对2024年" in findings[0].message


DEPARTMENT_REPORT = """某县交通运输局关于2023年度法治政府建设情况的报告
县委、县政府：
2023年，我局深入学习贯彻习近平法治思想，扎实推进依法行政，现将有关情况报告如下：
一、2023年推进法治政府建设的主要举措和成效
（一）依法全面履行职能。全面落实权责清单制度，公布行政权力事项312项。
（二）严格规范公正文明执法。全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，全年办理行政处罚案件126件。
（三）化解行政争议。全年发生行政诉讼案件3件，行政机关负责人出庭应诉3件，出庭应诉率100%。办理行政复议案件2件。
二、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人认真履行推进法治建设第一责任人职责，主持召开党组会议专题研究法治工作4次，年终述法1次。
三、存在的不足和原因
一是执法人员专业素质有待提高，全局持证执法人员仅18人；二是执法信息化水平不高。究其原因，主要是执法力量配备不足，培训投入不够。
四、2024年工作计划
（一）加强执法队伍建设，开展执法人员培训不少于2次。
（二）推进执法信息化，全面应用行政执法综合管理平台。
某县交通运输局
2024年2月20日
"""


@pytest.mark.parametrize("separator", ["\n", "", "\u3000"], ids=["lines", "one-line", "wide-spaces"])
def test_a_complete_department_report_has_no_error_level_failure_in_any_shape(separator: str) -> None:
    text = separator.join(DEPARTMENT_REPORT.splitlines())
    findings = lintlaw.check(text)
    assert [f.rule for f in findings if f.status is Status.FAIL and f.severity is lintlaw.Severity.ERROR] == []
    assert all(s == ("pass",) for s in verdicts(findings).values()), verdicts(findings)
