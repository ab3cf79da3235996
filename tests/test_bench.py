"""bench/run.py stops with a clear error when lintlaw did not run, instead of printing a figure
that measures nothing (issue 12). Nothing here measures speed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import ROOT

_SPEC = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["bench_run"] = bench  # dataclasses look their module up there
_SPEC.loader.exec_module(bench)


def test_the_failing_count_is_read_from_lintlaws_json():
    assert bench.failing('{"version": 1, "summary": {"fail": 7, "pass": 3}}', ["lintlaw"]) == 7


@pytest.mark.parametrize("output", ["", "Traceback (most recent call last):", '{"summary": {}}', "[]"])
def test_output_that_is_not_lintlaws_json_stops_the_benchmark(output: str):
    with pytest.raises(bench.NotMeasured, match="printed no lintlaw JSON"):
        bench.failing(output, [sys.executable, "-c", "pass"])


def test_a_missing_baseline_stops_the_benchmark(tmp_path: Path):
    with pytest.raises(bench.NotMeasured, match="no such executable"):
        bench.executables(tmp_path / "lintlaw")


def test_a_command_that_cannot_start_or_exits_2_stops_the_benchmark(tmp_path: Path):
    with pytest.raises(bench.NotMeasured, match="cannot be run"):
        bench._once([str(tmp_path / "missing")], "time")
    with pytest.raises(bench.NotMeasured, match="exit code 2: bad input"):
        bench._once([sys.executable, "-c", "import sys; print('bad input', file=sys.stderr); sys.exit(2)"], "time")


def test_a_run_that_exits_1_is_measured():
    sample = bench._once([sys.executable, "-c", "import sys; print('{}'); sys.exit(1)"], "time")
    assert sample.stdout.strip() == "{}" and sample.seconds > 0 and sample.cpu > 0 and sample.peak_mb > 0


_BOUNDS_SPEC = importlib.util.spec_from_file_location("bench_bounds", ROOT / "bench" / "bounds.py")
assert _BOUNDS_SPEC is not None and _BOUNDS_SPEC.loader is not None
bounds = importlib.util.module_from_spec(_BOUNDS_SPEC)
sys.modules["bench_bounds"] = bounds
_BOUNDS_SPEC.loader.exec_module(bounds)


def test_a_bound_under_the_target_leaves_the_rest_a_budget():
    b = bounds.bound_of(floor=0.15, ratio=2.5, start=0.14, rules=0.27, read=0.02, cores=2, cpu=1.7)
    assert (b.target, b.bound, b.rest_now, b.rest_budget) == pytest.approx((0.375, 0.285, 1.27, 0.18))
    assert bounds.verdict(b) == "rest 1.27 → ≤ 0.18 CPU s (7.1× less)"


def test_a_bound_just_under_the_target_leaves_next_to_nothing():
    b = bounds.bound_of(floor=0.15, ratio=2.0, start=0.17, rules=0.22, read=0.02, cores=2, cpu=1.15)
    assert (b.bound, b.rest_budget) == pytest.approx((0.29, 0.02))
    assert bounds.verdict(b) == "rest 0.74 → ≤ 0.02 CPU s (37.0× less)"
    b = bounds.bound_of(floor=0.15, ratio=2.0, start=0.17, rules=0.238, read=0.02, cores=2, cpu=1.155)
    assert (b.bound, b.rest_budget) == pytest.approx((0.299, 0.002))
    assert bounds.verdict(b) == "rest 0.73 → ≤ 0.00 CPU s (next to nothing left)"


def test_a_bound_over_the_target_is_out_of_reach():
    b = bounds.bound_of(floor=0.15, ratio=2.0, start=0.15, rules=0.4, read=0.02, cores=2, cpu=1.2)
    assert b.bound == pytest.approx(0.36) and b.target == pytest.approx(0.3) and b.rest_budget < 0
    assert bounds.verdict(b) == "out of reach: start, reading and the rules' searches alone take longer"


def test_the_probe_times_the_searches_without_changing_the_verdicts(tmp_path: Path):
    from lintlaw import api
    from lintlaw.config import Settings

    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    measured = bounds.probe(seed, bench.FOUR_RULES, tmp_path)
    plain = api.check_path(seed, Settings(select=tuple(bench.FOUR_RULES.split(","))))
    assert measured["failing"] == sum(1 for f in plain.findings if f.status.value == "fail") > 0
    assert measured["rules"] > 0 and measured["model"] > 0 and measured["read"] > 0
