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
