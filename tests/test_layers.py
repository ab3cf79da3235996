"""Issue 10, part 4: pack order and titles as rule-pack data (rules/packs.yaml) carried to the formatters in the
Run, and the public API's check_path / check_text that never guess."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEEDS

from lintlaw import api
from lintlaw.cli import main
from lintlaw.model import FileResult, Pack, Packs, Severity, Status
from lintlaw.rulebook import builtin_rules_dir, load

S000 = next(SEEDS.glob("000_*.txt"))
BUILTIN_ORDER = ("structure", "outline", "timeliness", "data", "writing", "privacy")


def _packs_file(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "packs.yaml").write_text(text, encoding="utf-8")
    return folder


def _checklist_packs(output: str) -> list[str]:
    """The packs of a checklist's rule lines, in the order they first appear."""
    seen: list[str] = []
    for line in output.splitlines():
        words = line.split()
        if len(words) > 1 and words[0] in "✓✗–" and "/" in words[1]:
            pack = words[1].split("/", 1)[0]
            if pack not in seen:
                seen.append(pack)
    return seen


# --- rules/packs.yaml ------------------------------------------------------------------------------------


def test_the_builtin_packs_come_in_the_reviewers_order_with_their_titles(book):
    assert tuple(p.name for p in book.packs.order) == BUILTIN_ORDER
    assert book.packs.title("structure") == "structure — 督察工作规定要求年度报告包含的内容"
    assert book.packs.title("privacy") == "privacy — 不得公开的个人信息"


def test_every_builtin_pack_is_listed_in_packs_yaml(book):
    listed = {p.name for p in book.packs.order}
    assert {r.pack for r in book.rules} <= listed
    assert {d.name for d in builtin_rules_dir().iterdir() if d.is_dir() and list(d.glob("*.yaml"))} == listed


def test_an_unlisted_pack_follows_the_listed_ones_by_name():
    packs = Packs((Pack("structure", "结构"), Pack("privacy", "隐私")))
    ids = ["local/b", "privacy/x", "aaa/a", "structure/z", "local/a"]
    assert sorted(ids, key=packs.rank) == ["structure/z", "privacy/x", "aaa/a", "local/a", "local/b"]
    assert packs.title("local") == "local"
    assert packs.title("privacy") == "privacy — 隐私"


def test_a_run_carries_the_packs_of_its_rulebook(book):
    run = api.check_paths([str(S000)])
    assert run.packs == book.packs
    assert _checklist_packs(CliRunner().invoke(main, ["check", "--format", "checklist", str(S000)]).output) == list(
        BUILTIN_ORDER)


def test_a_users_packs_yaml_replaces_the_builtin_order(tmp_path: Path):
    mine = _packs_file(tmp_path / "mine", "packs:\n  - name: privacy\n    title: 个人信息优先\n  - name: writing\n    title: 写作\n")
    result = CliRunner().invoke(main, ["check", "--format", "checklist", "--rules", str(mine), str(S000)])
    assert result.exit_code == 1, result.output
    # The listed packs first, in the file's order; the others after them, by name.
    assert _checklist_packs(result.output) == ["privacy", "writing", "data", "outline", "structure", "timeliness"]
    doc = CliRunner().invoke(main, ["rules", "doc", "--rules", str(mine)])
    headings = [line for line in doc.output.splitlines() if line.startswith("## ")]
    assert headings == ["## privacy — 个人信息优先", "## writing — 写作", "## data", "## outline", "## structure",
                        "## timeliness"]


def test_a_changed_packs_yaml_is_read_again_not_served_from_the_cache(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("LINTLAW_CACHE_DIR", str(tmp_path / "cache"))
    mine = _packs_file(tmp_path / "mine", "packs:\n  - name: privacy\n    title: 甲\n")
    assert load((builtin_rules_dir(), mine)).packs.order == (Pack("privacy", "甲"),)
    assert list((tmp_path / "cache").iterdir())  # the rulebook was cached
    _packs_file(mine, "packs:\n  - name: data\n    title: 乙\n")
    assert load((builtin_rules_dir(), mine)).packs.order == (Pack("data", "乙"),)


def test_a_bad_packs_yaml_is_a_one_line_error_naming_the_file_and_key(tmp_path: Path):
    bad = _packs_file(tmp_path / "bad", "packs:\n  - name: privacy\n    titel: 个人信息\n")
    result = CliRunner().invoke(main, ["check", "--rules", str(bad), str(S000)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"lintlaw: error: {bad / 'packs.yaml'}:3: 未知的键“packs.0.titel”"]


def test_a_pack_listed_twice_keeps_its_first_place(tmp_path: Path):
    mine = _packs_file(tmp_path / "mine", "packs:\n  - name: data\n    title: 一\n  - name: privacy\n    title: 二\n"
                                          "  - name: data\n    title: 三\n")
    assert load((builtin_rules_dir(), mine)).packs.order == (Pack("data", "一"), Pack("privacy", "二"))


# --- check_path / check_text: no guessing ----------------------------------------------------------------


def test_check_path_gives_the_same_result_as_check_paths():
    [expected] = api.check_paths([str(S000)]).results
    assert api.check_path(S000) == expected
    assert api.check_path(str(S000)) == expected


def test_check_path_of_a_missing_file_is_a_result_with_the_reason_not_an_exception(tmp_path: Path):
    missing = tmp_path / "没有这份报告.txt"
    result = api.check_path(missing)
    assert result.findings == () and result.unreadable
    assert [(p.path, p.reason) for p in result.problems] == [(str(missing), "文件不存在")]
    with pytest.raises(ValueError, match="文件不存在"):
        api.check(missing)


def test_check_path_of_a_folder_says_to_use_check_paths(tmp_path: Path):
    result = api.check_path(tmp_path)
    assert [p.reason for p in result.problems] == ["是文件夹，不是文件（检查文件夹请用 check_paths）"]
    assert result.findings == ()


def test_check_path_reports_bad_rules_as_problems(tmp_path: Path):
    result = api.check_path(S000, api.Options(rule_dirs=(tmp_path / "nowhere",)))
    assert [(p.path, p.reason) for p in result.problems] == [(str(tmp_path / "nowhere"), "规则目录不存在")]


def test_check_text_checks_the_text_as_given_and_check_is_a_thin_wrapper():
    text = S000.read_text(encoding="utf-8")
    result = api.check_text(text)
    assert result.path == "<text>" and result.problems == ()
    assert list(result.findings) == api.check(text)
    failing = {f.rule for f in result.findings if f.status is Status.FAIL}
    assert "privacy/mobile-number" in failing
    # A text that happens to name an existing file is still text for check_text
    named = api.check_text(str(S000))
    # (a one-line path is not a report: the gate fails and the content rules skip).
    assert named.path == "<text>"
    assert {f.rule for f in named.findings if f.status is Status.FAIL} == {"structure/report-type"}


def test_check_text_applies_suppressions_in_markdown():
    text = S000.read_text(encoding="utf-8")
    number_line = next(i for i, line in enumerate(text.splitlines()) if "13959291990" in line)
    lines = text.splitlines()
    lines.insert(number_line, "<!-- lintlaw-disable-next-line privacy/mobile-number -- 单位值班电话 -->")
    result = api.check_text("\n".join(lines) + "\n", name="draft.md", fmt="md")
    [mobile] = [f for f in result.findings if f.rule == "privacy/mobile-number"]
    assert mobile.status is Status.SKIP and mobile.line == number_line + 2


def test_check_text_reports_bad_rules_as_problems(tmp_path: Path):
    result = api.check_text("正文。\n", api.Options(rule_dirs=(tmp_path / "nowhere",)))
    assert [p.reason for p in result.problems] == ["规则目录不存在"] and result.findings == ()


def test_the_readme_documents_check_path_and_check_text():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "api.check_path(" in readme and "api.check_text(" in readme


# --- issue 12: workers send back what the output needs ---------------------------------------------------


def test_each_format_gets_the_compaction_it_can_show():
    from lintlaw import outputs

    assert outputs.compaction("text", None) is outputs.text_result
    assert outputs.compaction("text", None, with_text=True) is outputs.text_result
    assert outputs.compaction("sarif", None) is outputs.failures_only_result
    assert outputs.compaction("sarif", True) is None
    # With --output the text summary is printed beside the file, so what SARIF leaves out is counted.
    assert outputs.compaction("sarif", None, with_text=True) is outputs.counted_result
    for fmt in ("json", "checklist", "junit", "github", "html", "xlsx", "csv"):
        assert outputs.compaction(fmt, None) is None, fmt
        assert outputs.compaction(fmt, None, with_text=True) is None, fmt


def test_a_counted_result_keeps_the_failures_and_counts_the_rest():
    from lintlaw import outputs
    from lintlaw.formatters.summary import count

    [full] = api.check_paths([str(S000)]).results
    counted = outputs.counted_result(full)
    assert counted.findings == tuple(f for f in full.findings if f.status is Status.FAIL)
    assert dict(counted.omitted) == {"pass": sum(f.status is Status.PASS for f in full.findings),
                                     "skip": sum(f.status is Status.SKIP for f in full.findings)}
    assert count(counted) == count(full)
    assert outputs.counted_result(counted) == counted  # applying it twice changes nothing
    # Failures only forgets the counts too, as it always has (SARIF's summary counts no passes).
    assert outputs.failures_only_result(counted) == outputs.failures_only_result(full)
    assert outputs.failures_only_result(counted).omitted == ()


def test_the_text_of_compact_results_is_the_text_of_whole_ones():
    from lintlaw import outputs
    from lintlaw.formatters import FORMATTERS

    run = api.check_paths([str(SEEDS)])
    for compact in (outputs.text_result, outputs.counted_result):
        kept = api.Run(tuple(compact(r) for r in run.results), run.skipped, run.problems, run.rules, run.packs)
        assert FORMATTERS["text"](kept) == FORMATTERS["text"](run)
        assert all(f.status is Status.FAIL for r in kept.results for f in r.findings)
    # The text format's results keep what it prints of each failure, and nothing more.
    slim = [f for r in run.results for f in outputs.text_result(r).findings]
    whole = [f for r in run.results for f in r.findings if f.status is Status.FAIL]
    assert [(f.rule, f.path, f.span, f.severity, f.message, f.location, f.total) for f in slim] == [
        (f.rule, f.path, f.span, f.severity, f.message, f.location, f.total) for f in whole]
    assert {(f.evidence, f.citation, f.title, f.details, f.fix) for f in slim} == {("", "", "", (), None)}


def _batch_of_65(tmp_path: Path) -> Path:
    """65 copies of the samples: just above the threshold for worker processes."""
    import shutil

    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(13):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"{i:02d}_{seed.name}")
    return folder


@pytest.mark.parametrize("pretty", [False, True])
@pytest.mark.parametrize("passes", [None, False])
def test_json_rendered_where_each_file_is_checked_is_the_json_of_whole_results(tmp_path: Path, pretty: bool, passes: bool | None):
    import functools

    from lintlaw import outputs, workers
    from lintlaw.formatters import json_formatter
    from lintlaw.formatters.json import json_piece
    from lintlaw.formatters.summary import count

    folder = _batch_of_65(tmp_path)
    options = api.Options()
    the_plan = api.plan([str(folder)], options)
    assert workers.worker_count(2, len(the_plan.tasks)) == 2
    compact = outputs.compaction("json", passes, render_json=functools.partial(json_piece, pretty=pretty))
    assert compact is not None
    whole = list(api.execute(the_plan, options, jobs=1))
    pooled = list(api.execute(the_plan, options, jobs=2, compact=compact))
    assert pooled == list(api.execute(the_plan, options, jobs=1, compact=compact))
    # What is pickled back: the rendered object and the findings' counts, by status and by failing severity.
    assert all(r.rendered_json and r.findings == () for r in pooled)
    assert [dict(r.omitted) for r in pooled] == [_tally(r) for r in whole]
    assert [count(r) for r in pooled] == [count(r) for r in whole]
    assert [r.fails_gate() for r in pooled] == [r.fails_gate() for r in whole]
    keep = outputs.include_passes("json", passes)
    shown = whole if keep else [outputs.failures_only_result(r) for r in whole]
    kept = pooled if keep else [outputs.failures_only_result(r) for r in pooled]
    render = json_formatter(pretty)
    assert render(the_plan.run(tuple(kept))) == render(the_plan.run(tuple(shown)))


def _tally(result: FileResult) -> dict[str, int]:
    """The counts of its findings that a JSON result rendered where it was checked keeps."""
    counts = Counter(f.status.value for f in result.findings)
    counts.update(f.severity.label for f in result.findings if f.status is Status.FAIL)
    return dict(counts)


def test_json_rendered_with_a_text_summary_beside_keeps_the_failures_it_prints():
    import functools

    from lintlaw import outputs
    from lintlaw.formatters.json import json_piece

    [full] = api.check_paths([str(S000)]).results
    compact = outputs.compaction("json", None, with_text=True, render_json=functools.partial(json_piece, pretty=False))
    assert compact is not None
    kept = compact(full)
    assert kept.rendered_json == json_piece(full)
    assert kept.findings == outputs.text_result(full).findings and len(kept.findings) > 0
    assert dict(kept.omitted) == {"pass": sum(f.status is Status.PASS for f in full.findings),
                                  "skip": sum(f.status is Status.SKIP for f in full.findings)}


@pytest.mark.parametrize("fail_on", list(Severity))
def test_a_tallied_result_fails_the_gate_exactly_when_the_whole_result_does(fail_on: Severity):
    from lintlaw import outputs
    from lintlaw.formatters.summary import count

    [full] = api.check_paths([str(S000)]).results
    assert {f.severity for f in full.findings if f.status is Status.FAIL} == set(Severity)  # every level fails somewhere
    warnings_only = dataclasses.replace(full, findings=tuple(
        f for f in full.findings if f.status is not Status.FAIL or f.severity is Severity.WARNING))
    for whole in (full, warnings_only):
        whole = dataclasses.replace(whole, fail_on=fail_on)
        tallied = outputs.tallied_result(whole)
        assert tallied.findings == () and dict(tallied.omitted) == _tally(whole)
        assert tallied.fails_gate() is whole.fails_gate()
        assert count(tallied) == count(whole)
        assert count(outputs.failures_only_result(tallied)) == count(outputs.failures_only_result(whole))
    assert [dataclasses.replace(warnings_only, fail_on=s).fails_gate() for s in Severity] == [True, True, False]


def test_check_prints_the_same_json_whether_it_renders_in_workers_or_not(tmp_path: Path):
    import json

    folder = _batch_of_65(tmp_path)
    runner = CliRunner()
    pooled = runner.invoke(main, ["check", "--format", "json", "--jobs", "2", str(folder)])
    here = runner.invoke(main, ["check", "--format", "json", "--jobs", "1", str(folder)])
    assert pooled.exit_code == here.exit_code == 1
    assert pooled.output == here.output
    data = json.loads(pooled.output)
    assert data["summary"]["files"] == 65 and data["summary"]["pass"] > 0
    assert [f["path"] for f in data["files"]] == sorted(f["path"] for f in data["files"])
    expected = api.check_paths([str(folder)])
    assert data["summary"]["fail"] == sum(f.status is Status.FAIL for r in expected.results for f in r.findings)


@pytest.mark.parametrize(("fail_on", "code"), [([], 0), (["--fail-on", "warning"], 1)])
def test_json_rendered_in_workers_gives_the_exit_code_of_its_counted_failures(tmp_path: Path, fail_on: list[str], code: int):
    import json

    folder = _batch_of_65(tmp_path)
    runner = CliRunner()
    args = ["check", "--format", "json", "--select", "writing/wording", *fail_on, str(folder)]
    pooled = runner.invoke(main, [*args, "--jobs", "2"])
    here = runner.invoke(main, [*args, "--jobs", "1"])
    assert pooled.exit_code == here.exit_code == code  # the rule's failures are warnings
    assert pooled.output == here.output
    assert json.loads(pooled.output)["summary"]["warning"] == json.loads(pooled.output)["summary"]["fail"] > 0


def test_workers_send_back_compact_results_equal_to_those_made_in_process(tmp_path: Path):
    from lintlaw import outputs, workers

    folder = _batch_of_65(tmp_path)
    options = api.Options()
    the_plan = api.plan([str(folder)], options)
    assert workers.worker_count(2, len(the_plan.tasks)) == 2
    here = list(api.execute(the_plan, options, jobs=1, compact=outputs.text_result))
    pooled = list(api.execute(the_plan, options, jobs=2, compact=outputs.text_result))
    assert pooled == here and len(pooled) == 65
    assert all(f.status is Status.FAIL for r in pooled for f in r.findings)
    whole = list(api.execute(the_plan, options, jobs=1))
    assert [outputs.text_result(r) for r in whole] == pooled
