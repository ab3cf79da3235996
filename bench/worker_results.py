"""Measure what worker processes send back: the pickled bytes of 1,000 reports' results, whole and as
each output format's compaction keeps them (lintlaw.outputs.compaction; JSON rendered in the worker),
pickled in chunks as the worker pool sends them (lintlaw.workers.CHUNK_FILES results per message),
and the seconds spent pickling and unpickling them.

    python bench/worker_results.py [--copies 200]

The five sample reports are copied `copies` times (1,000 files by default) and checked once in this
process; each format's compaction is then applied to the same results (it is a pure function of a
result, so this is what a worker would send). The script also renders each compacted run and checks
that the output equals the whole run's output, so the figures are for identical results.
"""

from __future__ import annotations

import argparse
import functools
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

from lintlaw import api, outputs, workers
from lintlaw.formatters import FORMATTERS
from lintlaw.formatters.json import json_piece
from lintlaw.model import FileResult, Run, Status

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _batch(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(copies):
        for seed in SEEDS:
            shutil.copy(seed, folder / f"{i:04d}_{seed.name}")
    return folder


def _pickled(results: list[FileResult]) -> tuple[int, float]:
    """Bytes on the pipe, one pickle per chunk as the pool sends them, and the seconds it takes to
    pickle them (in the worker) and unpickle them (in the main process): what crosses matters less
    than how many objects it is made of."""
    started = time.perf_counter()
    blobs = [pickle.dumps(list(chunk), pickle.HIGHEST_PROTOCOL) for chunk in workers.chunked(results)]
    for blob in blobs:
        pickle.loads(blob)
    return sum(len(b) for b in blobs), time.perf_counter() - started


def _render(fmt: str, run: Run, passes: bool | None) -> str:
    shown = run if outputs.include_passes(fmt, passes) else outputs.failures_only(run)
    return FORMATTERS[fmt](shown)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = _batch(Path(tmp) / "batch", args.copies)
        started = time.perf_counter()
        the_plan = api.plan([str(folder)], api.Options())
        results = list(api.execute(the_plan, api.Options()))
        elapsed = time.perf_counter() - started
    whole, whole_seconds = _pickled(results)
    findings = sum(len(r.findings) for r in results)
    passes = sum(f.status is Status.PASS for r in results for f in r.findings)
    print(f"{len(results)} reports checked in {elapsed:.1f} s; {findings} findings, {passes} of them passes")
    print(f"{'format':<28} {'pickled bytes':>14} {'share of whole':>15} {'pickle+unpickle s':>18}  output identical")
    print(f"{'(whole results)':<28} {whole:>14,} {1:>15.1%} {whole_seconds:>18.2f}")
    full_run = the_plan.run(tuple(results))
    ok = True
    # (format, --include-passes, --output: the text summary is printed beside the file)
    for fmt, flag, beside in (("text", None, False), ("sarif", None, False), ("sarif", None, True), ("junit", None, False),
                              ("json", None, False), ("json", None, True), ("json", False, False)):
        # JSON is rendered where each file is checked, as `lintlaw check` asks for it.
        render = functools.partial(json_piece, pretty=False) if fmt == "json" else None
        compact = outputs.compaction(fmt, flag, with_text=beside, render_json=render)
        kept = [compact(r) for r in results] if compact is not None else results
        kept_run = the_plan.run(tuple(kept))
        same = _render(fmt, kept_run, flag) == _render(fmt, full_run, flag)
        if beside:
            same = same and _render("text", kept_run, None) == _render("text", full_run, None)
        ok = ok and same
        label = fmt + (" --failures-only" if flag is False else "") + (" --output (text beside)" if beside else "")
        size, seconds = _pickled(kept)
        print(f"{label:<28} {size:>14,} {size / whole:>15.1%} {seconds:>18.2f}  {'yes' if same else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
