"""Year over year: pairing with last year's report, and the cross-year rules on hand-built pairs."""

from __future__ import annotations

from pathlib import Path


from click.testing import CliRunner

from jsonout import output_json
from lintlaw import api, pairing
from lintlaw.cli import main
from lintlaw.model import Status

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
S000 = "000_233507c4a0dcbcd0.txt"  # 湖里区司法局, 2023
S001 = "001_527454772160757c.txt"  # 湖里区 (the district), 2024
S003 = "003_09316cdeb402fe12.txt"  # 泉州市鲤城区司法局, 2024
S004 = "004_e8312d85b4224fe3.txt"  # 泉州市泉港区人民政府, 2023
CROSS_YEAR = (
    "structure/plan-follow-through", "structure/repeated-shortfalls", "data/copied-from-previous", "data/indicator-trend"
)


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def advanced(text: str, year: int) -> str:
    """The report moved on one year: the plan's year first, then the report's."""
    return text.replace(str(year + 1), str(year + 2)).replace(str(year), str(year + 1))


def earlier(text: str, year: int) -> str:
    """The report moved back one year (for a previous-year copy)."""
    return text.replace(str(year), str(year - 1)).replace(str(year + 1), str(year))


# --- a hand-built pair: seed 003 (2024) and a 2025 report written from it --------------------------
# The 2025 report keeps most of the 2024 review (copied), changes figures, carries out two of last
# year's plan items in new sentences (一案一码, and the appearance rate falls to 95%), writes new
# shortfalls except one, and leaves the 法律顾问开放日 item without any account.
SHORTFALLS_2024 = seed(S003).splitlines()[67]
SHORTFALLS_2025 = (
    "      2025年,鲤城区司法局在推进法治政府建设工作中虽已取得一定成绩,但还存在一些短板和不足:"
    "一是普法宣传形式缺乏创新。开展宣传活动时,形式较为单一、固定,群众参与积极性较弱;"
    "二是街道法制审核力量普遍薄弱,审核人员多为兼职;三是公共法律服务覆盖面有待扩大,偏远社区法律顾问服务频次偏低。"
)


def report_2025() -> str:
    text = advanced(seed(S003), 2024)
    text = text.replace("行政复议申请111件", "行政复议申请126件").replace("纠错率17.91%", "纠错率12.5%")
    text = text.replace("行政机关负责人出庭应诉率连续三年保持100%,排名全市第一。", "行政机关负责人出庭应诉率95%。")
    text = text.replace(
        "全年共审查区级行政规范性文件8件,报送规范性文件备案材料10件。",
        "全年共审查区级行政规范性文件8件,报送规范性文件备案材料10件。上线行政复议“一案一码”系统,全年赋码案件126件,实现案件全程可溯。",
    )
    lines = text.splitlines()
    assert lines[67] == advanced(SHORTFALLS_2024, 2024)
    lines[67] = SHORTFALLS_2025
    return "\n".join(lines) + "\n"


def pair_run(tmp_path: Path, select=CROSS_YEAR):
    (tmp_path / "2024.txt").write_text(seed(S003), encoding="utf-8")
    (tmp_path / "2025.txt").write_text(report_2025(), encoding="utf-8")
    run = api.check_paths([str(tmp_path / "2025.txt")], api.Options(select=select, previous=tmp_path / "2024.txt"))
    [result] = run.results
    return result


def by_rule(result, rule):
    return [f for f in result.findings if f.rule == rule]


def test_plan_follow_through_names_the_items_carried_out_and_the_ones_not(tmp_path):
    [f] = by_rule(pair_run(tmp_path), "structure/plan-follow-through")
    assert f.status is Status.FAIL
    assert f.line == 64  # the end of the review part: where the missing account belongs
    rows = [(d.label, d.status, d.line, d.previous_line) for d in f.details]
    assert rows == [
        ("深化行政执法协调监督工作", "pass", 40, 74),
        ("建立“法律顾问开放日”制度", "fail", None, 76),
        ("建设行政复议“一案一码”系统", "pass", 30, 78),  # carried out in the new sentence
        ("深化“鲤小司”普法品牌效应", "pass", 50, 80),
        ("加强“两类人员”管理", "fail", None, 82),
        ("深化公共法律服务力度", "pass", 58, 84),
    ]
    assert f.message.startswith("上一年度报告的工作安排共6项，其中2项在本报告的工作总结中找不到落实情况：「建立“法律顾问开放日”制度」")


def test_plan_follow_through_passes_when_every_item_has_a_trace(tmp_path):
    text = report_2025().replace(
        "上线行政复议“一案一码”系统",
        "举办“法律顾问开放日”活动6场。加强“两类人员”管理,安置帮教衔接率100%。上线行政复议“一案一码”系统",
    )
    (tmp_path / "2024.txt").write_text(seed(S003), encoding="utf-8")
    (tmp_path / "2025.txt").write_text(text, encoding="utf-8")
    options = api.Options(select=("structure/plan-follow-through",), previous=tmp_path / "2024.txt")
    [f] = api.check_paths([str(tmp_path / "2025.txt")], options).results[0].findings
    assert (f.status, f.line) == (Status.PASS, 40)
    assert [d.status for d in f.details] == ["pass"] * 6
    assert f.message.startswith("上一年度报告的工作安排共6项，本报告均有落实情况：「深化行政执法协调监督工作」（第40行，相似度1.00）")


def test_repeated_shortfalls_counts_the_one_point_said_again(tmp_path):
    [f] = by_rule(pair_run(tmp_path), "structure/repeated-shortfalls")
    assert f.status is Status.PASS
    assert f.message == "“存在的不足”共3点，与上一年度报告相同的有1点"
    assert [(d.label, d.status) for d in f.details] == [
        ("普法宣传形式缺乏创新", "fail"),
        ("街道法制审核力量普遍薄弱,审核人员多为兼职", "pass"),
        ("公共法律服务覆盖面有待扩大,偏远社区法律顾问服务频次偏低", "pass"),
    ]


def test_repeated_shortfalls_fails_when_last_years_points_come_back(tmp_path):
    (tmp_path / "2024.txt").write_text(seed(S003), encoding="utf-8")
    (tmp_path / "2025.txt").write_text(advanced(seed(S003), 2024), encoding="utf-8")
    options = api.Options(select=("structure/repeated-shortfalls",), previous=tmp_path / "2024.txt")
    [f] = api.check_paths([str(tmp_path / "2025.txt")], options).results[0].findings
    column = SHORTFALLS_2024.index("普法宣传形式缺乏创新") + 1  # the first repeated point
    assert (f.status, f.line, f.span.column) == (Status.FAIL, 68, column)
    assert f.message.startswith("“存在的不足”共3点，其中3点与上一年度报告的不足几乎相同（超过50%）：「普法宣传形式缺乏创新」")


def test_copied_passages_are_merged_and_their_changes_marked(tmp_path):
    copied = by_rule(pair_run(tmp_path), "data/copied-from-previous")
    assert all(f.status is Status.FAIL for f in copied)
    # One finding per passage of adjacent copied sentences: the first 20 listed, each carrying the total.
    assert [f.line for f in copied[:4]] == [10, 14, 18, 20]
    assert len(copied) == 20 and {f.total for f in copied} == {34}
    assert copied[0].message.startswith("与上一年度报告相同或只改了数字、名称的句子占")
    changed = [(d.line, d.previous_line, d.note) for d in copied[0].details if d.note != "一字未改"]
    assert changed[:3] == [(10, 10, "只改了「2024年→2025年」"), (14, 14, "只改了「2024年→2025年」"), (20, 20, "只改了「2024年→2025年」")]
    assert (32, 32, "只改了「111件→126件」「17.91%→12.5%」") in changed
    # The sentence that now reports 95% instead of 100% for three years is new, not copied.
    assert not any("95%" in d.label for d in copied[0].details)
    assert 32 in [d.line for d in copied[0].details]


def test_boilerplate_alone_is_not_copied(tmp_path):
    formula = "坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻党的二十大和二十届二中、三中全会精神,全面贯彻习近平法治思想。"
    (tmp_path / "a.txt").write_text(f"关于2023年法治政府建设情况的报告\n{formula}\n全年受理行政复议案件462件,审结333件,调解结案67件。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"关于2024年法治政府建设情况的报告\n{formula}\n组建行政争议调解中心,全年调解行政争议案件41件。\n", encoding="utf-8")
    options = api.Options(select=("data/copied-from-previous",), previous=tmp_path / "a.txt")
    [f] = api.check_paths([str(tmp_path / "b.txt")], options).results[0].findings
    # The formula is left out of the comparison: one substantive sentence, not copied.
    assert (f.status, f.message) == (Status.PASS, "与上一年度报告相同或只改了数字、名称的句子占0%（0/1句）")


def test_indicator_trend_fails_on_the_appearance_rate_with_both_figures(tmp_path):
    result = pair_run(tmp_path)
    [f] = by_rule(result, "data/indicator-trend")
    assert (f.status, f.line) == (Status.FAIL, 32)
    assert f.message.startswith("“行政机关负责人出庭应诉率”由上年的100%降至95%，低于100%（")
    assert [(d.label, d.before, d.after, d.note) for d in f.details] == [
        ("行政机关负责人出庭应诉率", "100%", "95%", "变差"),
        ("行政复议案件数", "111件", "126件", "增加"),
        ("行政复议纠错率", "17.91%", "12.5%", "减少"),
        ("行政诉讼败诉率", "1.37%", "1.37%", "持平"),
        ("规范性文件审核数", "8件", "8件", "持平"),
        ("执法案卷评查数", "未报告", "未报告", "无法比较"),
    ]


def test_cross_year_rules_skip_without_a_previous_report():
    findings = api.check(str(SEEDS / S003), api.Options(select=CROSS_YEAR))
    assert [(f.rule, f.status, f.message) for f in findings] == [
        (rule, Status.SKIP, "没有提供上一年度报告（--previous 或 --previous-dir），不检查") for rule in sorted(CROSS_YEAR)
    ]


# --- pairing ----------------------------------------------------------------------------------


def test_issuer_names_are_normalised_to_the_body():
    assert pairing.issuer_key("厦门市湖里区司法局") == pairing.issuer_key("湖里区司法局") == "湖里区司法局"
    assert pairing.issuer_key("泉州市泉港区人民政府") == pairing.issuer_key("泉港区政府") == "泉港区政府"
    assert pairing.issuer_key("福建省泉州市鲤城区司法局") == "鲤城区司法局"
    # A district's government is not its justice bureau; areas inside a name are kept.
    assert pairing.issuer_key("湖里区") != pairing.issuer_key("湖里区司法局")
    assert pairing.issuer_key("湖里区社区矫正管理局") == "湖里区社区矫正管理局"
    assert pairing.issuer_key("广东省市场监督管理局") == "广东省市场监督管理局"


def batch(tmp_path: Path) -> tuple[Path, Path]:
    """Three bodies × two years: this year's reports in cur/, last year's in prev/ (one signed with the
    city's name in front, 厦门市湖里区司法局)."""
    cur, prev = tmp_path / "cur", tmp_path / "prev"
    cur.mkdir()
    prev.mkdir()
    for name, year in ((S000, 2023), (S003, 2024), (S004, 2023)):
        (cur / name).write_text(seed(name), encoding="utf-8")
        old = earlier(seed(name), year)
        if name == S000:
            old = old.replace("\n湖里区司法局\n", "\n厦门市湖里区司法局\n")
        (prev / f"old_{name}").write_text(old, encoding="utf-8")
    return cur, prev


def pairings(run) -> dict[str, tuple[str, str | None]]:
    return {Path(r.path).name: (r.previous.status, r.previous.path and Path(r.previous.path).name) for r in run.results}


def test_a_batch_of_three_bodies_pairs_each_with_its_previous_year(tmp_path):
    cur, prev = batch(tmp_path)
    run = api.check_paths([str(cur)], api.Options(select=CROSS_YEAR, previous_dir=prev))
    assert pairings(run) == {
        S000: ("paired", f"old_{S000}"), S003: ("paired", f"old_{S003}"), S004: ("paired", f"old_{S004}")
    }
    by_name = {Path(r.path).name: r for r in run.results}
    assert by_name[S000].previous.issuer == "厦门市湖里区司法局" and by_name[S000].previous.year == 2022
    assert by_name[S003].previous.rules == tuple(sorted(CROSS_YEAR))
    assert not run.skipped and all(not r.problems for r in run.results)


def test_one_folder_of_both_years_never_pairs_a_report_with_itself(tmp_path):
    cur, prev = batch(tmp_path)
    for p in prev.iterdir():
        p.rename(cur / p.name)
    run = api.check_paths([str(cur)], api.Options(select=("data/copied-from-previous",), previous_dir=cur))
    got = pairings(run)
    assert got[S003] == ("paired", f"old_{S003}")
    assert got[f"old_{S003}"] == ("missing", None)
    by_name = {Path(r.path).name: r for r in run.results}
    assert by_name[f"old_{S003}"].previous.reason == f"{cur} 中泉州市鲤城区司法局的报告只有 2024 年度，没有 2022 年度"
    [skip] = by_name[f"old_{S000}"].findings
    assert skip.status is Status.SKIP
    assert skip.message == f"未与上一年度报告对照：{cur} 中厦门市湖里区司法局的报告只有 2023 年度，没有 2021 年度"


def test_seeds_000_and_001_are_different_bodies_and_do_not_pair(tmp_path):
    run = api.check_paths([str(SEEDS / S001)], api.Options(select=CROSS_YEAR, previous_dir=SEEDS))
    [result] = run.results
    assert result.previous.status == "no-issuer"  # 001 is signed by no one; 000 is the 司法局, not the district
    assert all(f.status is Status.SKIP and f.message.startswith("未与上一年度报告对照：无法确定本报告的发文机关") for f in result.findings)
    # 001's previous year would be 2023: seed 000 (2023) is the only report of that year from 湖里区 …
    assert pairing.issuer_key("湖里区司法局") != pairing.issuer_key("湖里区人民政府")


def test_a_missing_year_and_a_duplicate_are_reported(tmp_path):
    cur, prev = batch(tmp_path)
    (prev / f"old_{S004}").unlink()
    (prev / f"copy_{S003}").write_text(earlier(seed(S003), 2024).replace("10:03", "10:04"), encoding="utf-8")
    run = api.check_paths([str(cur)], api.Options(select=CROSS_YEAR, previous_dir=prev))
    by_name = {Path(r.path).name: r.previous for r in run.results}
    assert (by_name[S004].status, by_name[S004].reason) == (
        "missing", f"{prev} 中没有泉州市泉港区人民政府的上一年度（2022年度）报告"
    )
    assert by_name[S003].status == "duplicate"
    assert by_name[S003].reason == (
        f"{prev} 中有 2 份泉州市鲤城区司法局2023年度报告（{prev / f'copy_{S003}'}、{prev / f'old_{S003}'}），无法确定与哪一份对照"
    )


def test_unpairable_files_of_the_previous_folder_are_listed(tmp_path):
    cur, prev = batch(tmp_path)
    (prev / "notes.xlsx").write_bytes(b"PK")
    (prev / "untitled.txt").write_text("一些没有标题和年份的文字。\n", encoding="utf-8")
    run = api.check_paths([str(cur)], api.Options(select=CROSS_YEAR, previous_dir=prev))
    reasons = {Path(p.path).name: p.reason for p in run.skipped}
    assert reasons["untitled.txt"] == "无法确定这份上一年度报告的发文机关，不能用于配对"
    assert reasons["notes.xlsx"].startswith("上一年度报告目录中的文件不能读取：")


def test_the_previous_folder_must_exist(tmp_path):
    run = api.check_paths([str(SEEDS / S000)], api.Options(previous_dir=tmp_path / "nowhere"))
    assert [p.reason for p in run.problems] == ["上一年度报告目录不存在"]


def test_previous_file_that_is_the_report_itself_or_of_a_wrong_year_is_an_error(tmp_path):
    runner = CliRunner()
    target = tmp_path / "2024.txt"
    target.write_text(seed(S003), encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(seed(S003), encoding="utf-8")
    old = tmp_path / "2022.txt"
    old.write_text(earlier(earlier(seed(S003), 2024), 2023), encoding="utf-8")
    for previous, reason in (
        (target, f"上一年度报告 {target} 就是本报告本身，不能与自己对照"),
        (copy, f"上一年度报告 {copy} 就是本报告本身，不能与自己对照"),
        (old, f"上一年度报告 {old} 是 2022 年度的，本报告是 2024 年度，应与 2023 年度报告对照"),
    ):
        result = runner.invoke(main, ["check", "--select", "data", "--previous", str(previous), str(target)])
        assert result.exit_code == 2, result.output
        assert f"lintlaw: error: {target}: {reason}" in result.output


def test_previous_file_with_several_reports_is_a_usage_error():
    result = CliRunner().invoke(main, ["check", "--previous", str(SEEDS / S000), str(SEEDS)])
    assert result.exit_code == 2
    assert "--previous 只能与一份报告对照，本次要检查 5 份；多份报告请用 --previous-dir 上一年度报告目录" in result.output


def test_previous_and_previous_dir_together_is_a_usage_error():
    result = CliRunner().invoke(main, ["check", "--previous", str(SEEDS / S000), "--previous-dir", str(SEEDS), str(SEEDS / S001)])
    assert result.exit_code == 2
    assert "--previous 与 --previous-dir 只能用一个" in result.output


def test_previous_dir_from_the_config_file(tmp_path):
    cur, _prev = batch(tmp_path)
    (cur / ".lintlaw.yaml").write_text("previous_dir: ../prev\n", encoding="utf-8")
    run = api.check_paths([str(cur)], api.Options(select=("data/indicator-trend",)))
    assert {Path(r.path).name: r.previous.status for r in run.results} == {S000: "paired", S003: "paired", S004: "paired"}


def test_the_pairing_is_in_the_json_and_the_checklist(tmp_path):
    (tmp_path / "2024.txt").write_text(seed(S003), encoding="utf-8")
    (tmp_path / "2025.txt").write_text(report_2025(), encoding="utf-8")
    args = ["check", "--select", ",".join(CROSS_YEAR), "--previous", str(tmp_path / "2024.txt"), str(tmp_path / "2025.txt")]
    out = CliRunner().invoke(main, [*args, "--format", "json"])
    data = output_json(out.output)  # the documented contract, details included
    previous = data["files"][0]["previous"]
    assert previous == {
        "status": "paired", "path": str(tmp_path / "2024.txt"), "year": 2024, "issuer": "泉州市鲤城区司法局",
        "reason": f"与 {tmp_path / '2024.txt'}（泉州市鲤城区司法局2024年度）对照", "rules": sorted(CROSS_YEAR),
    }
    [trend] = [f for f in data["files"][0]["findings"] if f["rule"] == "data/indicator-trend"]
    assert trend["details"][0] == {
        "label": "行政机关负责人出庭应诉率", "status": "fail", "line": 32, "previous_line": 32, "score": None,
        "before": "100%", "after": "95%", "note": "变差",
    }
    text = CliRunner().invoke(main, [*args, "--format", "checklist"]).output
    assert f"  上一年度报告：{tmp_path / '2024.txt'}（与 {tmp_path / '2024.txt'}（泉州市鲤城区司法局2024年度）对照）" in text
    assert "  与上一年度对照：" in text
    assert "      ✗ 行政机关负责人出庭应诉率：100%→95%（变差）  本年第32行，上年第32行" in text
    assert "      ✗ 建立“法律顾问开放日”制度（上年第76行；相似度0.57）" in text


def test_the_json_of_the_batch_and_of_the_seeds_follows_the_schema(tmp_path):
    cur, prev = batch(tmp_path)
    for args in (["--previous-dir", str(prev), str(cur)], [str(SEEDS)]):
        out = CliRunner().invoke(main, ["check", "--format", "json", *args]).output
        data = output_json(out)  # the documented contract, details included
        assert [f["previous"] is None for f in data["files"]] == [args[0] != "--previous-dir"] * len(data["files"])


def test_a_previous_report_without_a_plan_skips_follow_through_with_the_reason(tmp_path):
    (tmp_path / "2023.txt").write_text("关于2023年法治政府建设情况的报告\n全年审查规范性文件10件。\n", encoding="utf-8")
    options = api.Options(select=("structure/plan-follow-through",), previous=tmp_path / "2023.txt")
    (tmp_path / "2024.txt").write_text(seed(S003), encoding="utf-8")
    [f] = api.check_paths([str(tmp_path / "2024.txt")], options).results[0].findings
    assert (f.status, f.message) == (Status.SKIP, "没有找到上一年度报告的“下一年度工作安排”，无从对照")
