"""The checks a careful reviewer makes (issue 14): altered copies of the sample reports carrying one
defect each flip exactly the rule for that defect, at the right line, and nothing else."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import SEEDS
from jsonout import output_json
from lintlaw import api
from lintlaw.cli import main
from lintlaw.model import Finding, Status

S000, S001, S002, S003, S004 = sorted(p.name for p in SEEDS.glob("*.txt"))


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def verdicts(text: str, options: api.Options = api.Options()) -> set[tuple[str, str, int]]:
    return {(f.rule, f.status.value, f.line) for f in api.check(text, options)}


def flipped(before: str, after: str, options: api.Options = api.Options()) -> set[str]:
    return {v[0] for v in verdicts(before, options) ^ verdicts(after, options)}


def of(text: str, rule: str, options: api.Options = api.Options()) -> list[Finding]:
    return [f for f in api.check(text, options) if f.rule == rule]


def altered(name: str, old: str, new: str) -> tuple[str, str]:
    text = seed(name)
    assert text.count(old) == 1, old
    return text, text.replace(old, new)


# --- figures -----------------------------------------------------------------------------------


def test_seed_004_clearing_outcomes_short_of_the_total_fail_at_line_43():
    [finding] = of(seed(S004), "data/sum-of-parts")
    assert (finding.status, finding.line) == (Status.FAIL, 43)
    assert finding.message == "分项之和212（180＋32）小于总数218，而文中所列各项应合计为总数"


def test_clearing_outcomes_that_add_up_pass_and_flip_only_sum_of_parts():
    before, after = altered(S004, "保留（继续有效）180件", "保留（继续有效）186件")
    assert flipped(before, after) == {"data/sum-of-parts"}
    [finding] = of(after, "data/sum-of-parts")
    assert (finding.status, finding.line) == (Status.PASS, 43)


def test_one_part_larger_than_its_total_fails():
    before, after = altered(S002, "加强规范性文件审查。", "加强规范性文件审查，共审查规范性文件12件，其中合法性审核15件。")
    assert flipped(before, after) == {"data/sum-of-parts"}
    [finding] = of(after, "data/sum-of-parts")
    assert finding.status is Status.FAIL and finding.message == "分项之和15（15）大于总数12"


def test_a_total_after_its_parts_is_their_sum():
    before, after = altered(S000, "共受理行政复议案件462件，", "办理行政复议案件30件、行政诉讼案件20件，合计60件，共受理行政复议案件462件，")
    assert flipped(before, after) == {"data/sum-of-parts"}
    [finding] = of(after, "data/sum-of-parts")
    assert (finding.status, finding.line, finding.message) == (Status.FAIL, 33, "分项之和50（30＋20）小于总数60，而文中所列各项应合计为总数")


def test_percentage_change_of_a_rate_asks_whether_points_are_meant():
    [finding] = of(seed(S003), "data/percentage-point")
    assert (finding.status, finding.line, finding.severity.label) == (Status.FAIL, 32, "info")
    assert "百分点" in finding.message and "败诉率1.37%,同比下降10.91%" in finding.message
    before, after = altered(S003, "同比下降10.91%", "同比下降1.2个百分点")
    assert flipped(before, after) == {"data/percentage-point"}
    assert [f.status for f in of(after, "data/percentage-point")] == [Status.PASS]


def test_a_share_without_a_base_is_reported_in_seed_004():
    [finding] = of(seed(S004), "data/share-without-base")
    assert (finding.status, finding.line, finding.severity.label) == (Status.FAIL, 29, "info")
    before, after = altered(S004, "共办理1130件，占比达100%", "共办理1130件，均已办结")
    assert flipped(before, after) == {"data/share-without-base"}


def test_an_impossible_date_fails_date_format_at_its_line():
    before, after = altered(S000, "\n\n2024年2月29日\n\n(联系人", "\n\n2024年2月30日\n\n(联系人")
    # The issuing date is read from the same line: the deadline rule cannot use it either.
    assert flipped(before, after) == {"writing/date-format", "timeliness/deadline"}
    [bad] = [f for f in of(after, "writing/date-format") if f.status is Status.FAIL]
    assert (bad.line, bad.message) == (49, "日期“2024年2月30日”不存在，请核对")
    assert [f.status for f in of(after, "timeliness/deadline")] == [Status.SKIP]


def test_an_issuing_date_in_the_report_year_is_called_stale_not_late():
    before, after = altered(S003, "2025年2月17日", "2024年2月29日")
    assert flipped(before, after) == {"timeliness/deadline"}
    [finding] = of(after, "timeliness/deadline")
    assert (finding.status, finding.line) == (Status.FAIL, 88)
    assert finding.message == "成文日期2024年2月29日不在报告年度2024年之后，不可能是本报告的成文日期（疑为沿用往年的日期），请核对"


def test_a_late_issuing_date_still_names_the_deadline():
    _before, after = altered(S003, "2025年2月17日", "2025年4月3日")
    [finding] = of(after, "timeliness/deadline")
    assert (finding.status, finding.line) == (Status.FAIL, 88)
    assert "2025年3月1日前" in finding.message  # a department (司法局)


# --- causes of shortfalls ----------------------------------------------------------------------


def test_the_cause_of_a_success_is_not_a_cause_of_the_shortfalls():
    before, after = altered(S002, "2023年，我局法治政府建设工作取得一定成效，但也存在",
                            "2023年，由于全局上下共同努力，我局法治政府建设工作取得一定成效。但也存在")
    assert flipped(before, after) == set()
    [finding] = of(after, "structure/shortfall-causes")
    assert (finding.status, finding.line) == (Status.FAIL, 19)


def test_a_cause_in_a_shortfall_sentence_passes():
    before, after = altered(S002, "业务不精、素质参差不齐等问题客观存在", "业务不精等问题客观存在，主要是由于培训不足")
    assert flipped(before, after) == {"structure/shortfall-causes"}
    [finding] = of(after, "structure/shortfall-causes")
    assert (finding.status, finding.line) == (Status.PASS, 20)


# --- review part only --------------------------------------------------------------------------


def test_outline_evidence_comes_from_the_review_not_the_shortfalls():
    # Seed 003 names 信息化 in a shortfall (line 68); its review names the 闽执法 platform (line 28).
    [finding] = of(seed(S003), "outline/digital-government")
    assert (finding.status, finding.line) == (Status.PASS, 28)
    _before, after = altered(S003, "广泛应用“闽执法”平台办理案件", "广泛应用办理案件")
    text = after.replace("“闽执法”平台", "系统").replace("政府法务工作平台", "法务工作")
    [finding] = of(text, "outline/digital-government")
    assert (finding.status, finding.line) == (Status.FAIL, 64)  # the end of the review, not line 68


def test_missing_topics_point_at_the_end_of_the_review():
    [finding] = of(seed(S004), "outline/government-openness")
    assert (finding.status, finding.line) == (Status.FAIL, 67)  # before 二、存在的问题 (line 69)


# --- not applicable ----------------------------------------------------------------------------


def test_no_lawsuits_makes_the_court_appearance_rate_not_applicable():
    before, after = altered(S002, "推进公共法律服务提档升级。", "推进公共法律服务提档升级。全年未发生行政诉讼案件。")
    assert flipped(before, after) == {"outline/court-appearance-rate"}
    [finding] = of(after, "outline/court-appearance-rate")
    assert finding.status is Status.SKIP
    assert finding.message == "报告写明本年度没有行政诉讼案件，没有出庭应诉率可报（第17行：“未发生行政诉讼案件”）"


def test_no_lost_lawsuits_is_not_no_lawsuits():
    before, after = altered(S002, "推进公共法律服务提档升级。", "推进公共法律服务提档升级。全年未发生行政诉讼败诉案件。")
    assert flipped(before, after) == set()
    [finding] = of(after, "outline/court-appearance-rate")
    assert (finding.status, finding.line) == (Status.FAIL, 17)


def test_a_stated_rate_passes_even_when_there_were_no_lawsuits():
    _before, after = altered(S000, "共受理行政复议案件462件", "全年未发生行政诉讼案件，共受理行政复议案件462件")
    [finding] = of(after, "outline/court-appearance-rate")
    assert (finding.status, finding.line) == (Status.PASS, 33)


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_enforcement_false_per_path_skips_the_enforcement_rules(tmp_path):
    (tmp_path / "offices").mkdir()
    for where in ("offices/office.txt", "bureau.txt"):
        (tmp_path / where).write_text(seed(S000), encoding="utf-8")
    (tmp_path / ".lintlaw.yaml").write_text(
        'overrides:\n  - files: ["offices/*"]\n    enforcement: false\n', encoding="utf-8"
    )
    result = _run("check", "--format", "json", str(tmp_path))
    files = {Path(f["path"]).name: f["findings"] for f in output_json(result.stdout)["files"]}
    enforcement = ("outline/three-enforcement-systems", "outline/enforcement-manner")
    for name, expected in (("office.txt", "skip"), ("bureau.txt", "fail")):
        got = {f["rule"]: (f["status"], f["line"]) for f in files[name] if f["rule"] in enforcement}
        if expected == "skip":
            assert got == dict.fromkeys(enforcement, ("skip", None))
        else:
            assert got == dict.fromkeys(enforcement, ("fail", 39))
    office = {f["rule"]: f for f in files["office.txt"]}
    assert office["outline/enforcement-manner"]["message"] == "本单位没有行政执法职权（配置 enforcement: false），此项不适用"
    # Nothing else differs between the two copies.
    bureau = {(f["rule"], f["status"], f["line"]) for f in files["bureau.txt"]}
    office_set = {(f["rule"], f["status"], f["line"]) for f in files["office.txt"]}
    assert {r for r, _, _ in bureau ^ office_set} == set(enforcement)


def test_enforcement_must_be_a_boolean(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("enforcement: maybe\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text(seed(S000), encoding="utf-8")
    result = _run("check", str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert "enforcement" in result.output and "Traceback" not in result.output


# --- the year's formulations -------------------------------------------------------------------


def test_an_expired_outline_edition_cited_as_current_fails_at_its_line():
    [finding] = of(seed(S004), "timeliness/outline-edition")
    assert (finding.status, finding.line) == (Status.PASS, 11)
    before, after = altered(S004, "《法治政府建设实施纲要（2021—2025年）》及省市", "《法治政府建设实施纲要（2015—2020年）》及省市")
    assert flipped(before, after) == {"timeliness/outline-edition"}
    [finding] = of(after, "timeliness/outline-edition")
    assert (finding.status, finding.line, finding.severity.label) == (Status.FAIL, 11, "warning")
    assert finding.message == "报告年度2023年适用的是《法治政府建设实施纲要（2021－2025年）》，文中的“法治政府建设实施纲要（2015—2020年）”已经到期"


def test_a_report_beyond_the_table_is_asked_to_review_the_edition_at_info():
    text = seed(S004).replace("2023年", "2026年").replace("2024年", "2027年")
    [finding] = of(text, "timeliness/outline-edition")
    assert (finding.status, finding.line, finding.severity.label) == (Status.FAIL, 11, "info")
    assert "2025年12月31日到期" in finding.message and "2026年" in finding.message


def test_the_previous_congress_presented_as_guidance_is_stale():
    [finding] = of(seed(S003), "timeliness/stale-formulations")
    assert (finding.status, finding.line) == (Status.PASS, 10)
    text = seed(S003)
    after = text.replace("党的二十大和二十届二中、三中全会精神", "党的十九大和十九届二中、三中全会精神")
    assert after.count("十九大") == 2
    assert flipped(text, after) == {"timeliness/stale-formulations"}
    found = of(after, "timeliness/stale-formulations")
    assert [(f.status, f.line) for f in found] == [(Status.FAIL, 10), (Status.FAIL, 72)]
    assert found[0].message == "报告年度2024年开始前党的二十大已经召开，文中仍以“十九大和十九届二中、三中全会精神”为指导"


def test_the_previous_congress_is_current_in_a_report_on_the_year_the_next_was_held():
    text = seed(S000).replace("党的二十大和二十届二中全会精神", "党的十九大和十九届六中全会精神").replace("2023年", "2022年")
    assert "十九届六中全会精神" in text
    assert [(f.status, f.line) for f in of(text, "timeliness/stale-formulations")] == [(Status.PASS, 13)]


# --- publication date --------------------------------------------------------------------------


def test_publication_date_of_a_saved_page_is_read_not_the_document_date():
    [finding] = of(seed(S003), "timeliness/publication-date")
    assert (finding.status, finding.line) == (Status.PASS, 6)
    assert finding.message == "发布日期2025年2月17日，在2025年4月1日前"
    before, after = altered(S003, "来源:鲤城区司法局 时间:2025-02-17", "来源:鲤城区司法局 时间:2025-04-17")
    assert flipped(before, after) == {"timeliness/publication-date"}
    [finding] = of(after, "timeliness/publication-date")
    assert (finding.status, finding.line) == (Status.FAIL, 6)
    assert finding.message == "发布日期2025年4月17日晚于公开期限（2024年度报告应在2025年4月1日前公开发布）"


def test_without_a_publication_date_the_rule_skips():
    [finding] = of(seed(S000), "timeliness/publication-date")
    assert finding.status is Status.SKIP


# --- addressee ---------------------------------------------------------------------------------


def test_a_department_addressing_the_peoples_congress_is_asked_about():
    [finding] = of(seed(S000), "structure/addressee")
    assert finding.status is Status.PASS
    before, after = altered(S000, "中共湖里区委、湖里区政府：", "中共湖里区委、湖里区人大常委会：")
    assert flipped(before, after) == {"structure/addressee"}
    [finding] = of(after, "structure/addressee")
    assert (finding.status, finding.line, finding.severity.label) == (Status.FAIL, 11, "info")
    assert finding.message.startswith("主送机关“湖里区人大常委会”不在规定的报送对象之列")


def test_a_government_addressing_a_department_is_asked_about():
    government = api.Options(issuer_kind="government")
    before, after = altered(S000, "中共湖里区委、湖里区政府：", "中共湖里区委、厦门市司法局：")
    assert [f.status for f in of(before, "structure/addressee", government)] == [Status.PASS]
    [finding] = of(after, "structure/addressee", government)
    assert (finding.status, finding.line) == (Status.FAIL, 11)
    # The same addressee is the department above for a department: nothing to ask.
    assert [f.status for f in of(after, "structure/addressee")] == [Status.PASS]


# --- shortfalls in substance -------------------------------------------------------------------


def test_shortfalls_that_are_all_boilerplate_fail_at_the_part():
    text = seed(S004)
    after = text.replace("对行政应诉工作重要性认识不足，应诉能力和应对措施有待提升", "工作机制还需完善").replace(
        "“放管服”工作还需进一步深化", "依法行政水平有待进一步提高")
    # plan-addresses-shortfalls checks each point (issue 14): it already fails on the point left
    # unchanged (行政执法专业化、精细化), and the two boilerplate points are not checked, so it does not flip.
    assert flipped(text, after) == {"structure/shortfalls-substance"}
    [finding] = of(after, "structure/shortfalls-substance")
    assert (finding.status, finding.line) == (Status.FAIL, 69)
    assert finding.message.startswith("“存在的不足”部分只有套话（需进一步增强")


def test_one_specific_point_is_enough():
    text = seed(S004)
    after = text.replace("对行政应诉工作重要性认识不足，应诉能力和应对措施有待提升", "工作机制还需完善")
    [finding] = of(after, "structure/shortfalls-substance")
    assert (finding.status, finding.line) == (Status.PASS, 71)  # “放管服”工作还需进一步深化 names a piece of work


# --- checklist and counts ----------------------------------------------------------------------


def _result(name: str):
    return api.check_paths([str(SEEDS / name)]).results[0]


def _packs():
    return api.check_paths([str(SEEDS / S000)]).packs


def test_the_total_of_a_bounded_rule_is_not_one_more_failure():
    result = _result(S003)
    listed = [f for f in result.findings if f.rule == "writing/halfwidth-punctuation" and f.status is Status.FAIL]
    assert len(listed) == 20 and {f.total for f in listed} == {220}
    payload = output_json(_run("check", "--format", "json", str(SEEDS / S003)).stdout)
    findings = payload["files"][0]["findings"]
    halfwidth = [f for f in findings if f["rule"] == "writing/halfwidth-punctuation"]
    assert len(halfwidth) == 20 and {f["total"] for f in halfwidth} == {220}
    assert not any("本文共有" in f["message"] for f in findings)
    assert payload["summary"]["fail"] == sum(f["status"] == "fail" for f in findings)


def test_text_output_still_states_the_total_after_the_listed_failures():
    out = _run("check", str(SEEDS / S003)).stdout.splitlines()
    halfwidth = [line for line in out if " writing/halfwidth-punctuation " in line]
    assert len(halfwidth) == 21 and halfwidth[-1].endswith("本文共有 220 处此类问题，仅列出前 20 处")
    # 20 listed, not 21; the skips include the three cross-year rules added in issue 17 (no previous report).
    assert out[-1] == "检查了 1 个文件：38 项不通过（error 0，warning 33，info 5），48 项通过，7 项跳过"


def test_checklist_gives_one_line_with_count_and_first_lines_for_a_rule_failing_many_times():
    from lintlaw.formatters.checklist import checklist_file

    lines = checklist_file(_result(S003), 400, _packs()).splitlines()
    halfwidth = [line for line in lines if "writing/halfwidth-punctuation" in line]
    assert len(halfwidth) == 1
    assert "中文里用全角标点 220 处：第1、2、3、6、8、10、14…行。首处：半角“:”应为全角“：”" in halfwidth[0]
    leftovers = [line for line in lines if "writing/web-leftovers" in line]
    assert len(leftovers) == 1 and "8 处：第92、94、96、97、98、99、100、101行。" in leftovers[0]
    assert lines[-2] == "  合计：48 项通过，38 项不通过"


def test_checklist_lists_structure_rules_in_the_regulations_order():
    from lintlaw.formatters.checklist import STRUCTURE_ORDER, checklist_file

    lines = checklist_file(_result(S000), 400, _packs()).splitlines()
    rules = [line.split()[1] for line in lines[1:-1] if line.split()[1:2] and line.split()[1].startswith("structure/")]
    assert rules == [r for r in STRUCTURE_ORDER if r in rules]
    assert rules[:4] == ["structure/report-type", "structure/title", "structure/achievements", "structure/shortfalls"]
    assert rules.index("structure/first-responsible-person") < rules.index("structure/next-year-plan") < rules.index(
        "structure/other-matters")


def test_checklist_wraps_to_the_width_and_no_evidence_breaks_a_line():
    import dataclasses
    import unicodedata

    from lintlaw.formatters.checklist import checklist_file

    result = _result(S000)
    # Evidence with a line break in it (as a multi-line match would give) stays on its checklist line.
    odd = [dataclasses.replace(f, evidence="第一行\n第二行") if f.rule == "structure/title" else f for f in result.findings]
    text = checklist_file(dataclasses.replace(result, findings=tuple(odd)), 80, _packs())

    def columns(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    body = text.splitlines()[1:]
    assert all(columns(line) <= 80 for line in body if line.startswith("    "))
    [title] = [line for line in body if "structure/title" in line]
    assert "第一行 第二行" in text.replace("\n    ", "")
    assert title.split()[:2] == ["✓", "structure/title"]


def test_stray_spaces_says_what_it_found_and_leaves_web_metadata_and_slogans():
    assert [f.status for f in of(seed(S003), "writing/stray-spaces")] == [Status.PASS]
    before, after = altered(S003, "全年共审查区级行政规范性文件8件", "全年共审查区级行政规范性文件 8件")
    assert flipped(before, after) == {"writing/stray-spaces"}
    [finding] = of(after, "writing/stray-spaces")
    assert (finding.status, finding.line, finding.message) == (Status.FAIL, 30, "汉字与数字之间有多余的空格")


# --- outline edition ---------------------------------------------------------------------------

EDITION_2021 = ("outline/digital-government", "outline/enforcement-manner", "outline/emergency-response")


def test_topics_of_the_2021_outline_skip_for_a_report_on_2019():
    text = seed(S000).replace("2023年", "2019年").replace("2024年", "2020年").replace("2024 年", "2020 年")
    for rule in EDITION_2021:
        [finding] = of(text, rule)
        assert finding.status is Status.SKIP
        assert finding.message == ("此项依据《法治政府建设实施纲要（2021－2025年）》，"
                                   "本报告适用《法治政府建设实施纲要（2015－2020年）》，不检查")
    # Configured, the edition wins over the year.
    forced = api.Options(outline_edition="2021")
    assert {rule: of(text, rule, forced)[0].status for rule in EDITION_2021} == {
        "outline/digital-government": Status.PASS, "outline/enforcement-manner": Status.FAIL,
        "outline/emergency-response": Status.FAIL}


def test_outline_edition_in_config_applies_to_a_report_of_the_new_period(tmp_path):
    (tmp_path / ".lintlaw.yaml").write_text("outline_edition: 2015\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text(seed(S000), encoding="utf-8")
    payload = output_json(_run("check", "--format", "json", str(tmp_path / "r.txt")).stdout)
    got = {f["rule"]: f["status"] for f in payload["files"][0]["findings"] if f["rule"] in EDITION_2021}
    assert got == dict.fromkeys(EDITION_2021, "skip")
