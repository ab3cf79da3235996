"""Measure what worker processes send back: the pickled bytes of 1,000 reports' results, whole and as
each output format's compaction keeps them (lintlaw.outputs.compaction), pickled in chunks as the
worker pool sends them (lintlaw.workers.CHUNK_FILES results per message).

    python bench/worker_results.py [--copies 200]

The five sample reports are copied `copies` times (1,000 files by default) and checked once in this
process; each format's compaction is then applied to the same results (it is a pure function of a
result, so this is what a worker would send). The script also renders each compacted run and checks
that the output equals the whole run's output, so the figures are for identical results.
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

from lintlaw import api, outputs, workers
from lintlaw.formatters import FORMATTERS
from lintlaw.model import FileResult, Run, Status

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _batch(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(copies):
        for seed in SEEDS:
            shutil.copy(seed, folder / f"{i:04d}_{seed.name}")
    return folder


def _pickled(results: list[FileResult]) -> int:
    """Bytes on the pipe: one pickle per chunk, as the pool sends them."""
    return sum(len(pickle.dumps(list(chunk), pickle.HIGHEST_PROTOCOL)) for chunk in workers.chunked(results))


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
    whole = _pickled(results)
    findings = sum(len(r.findings) for r in results)
    passes = sum(f.status is Status.PASS for r in results for f in r.findings)
    print(f"{len(results)} reports checked in {elapsed:.1f} s; {findings} findings, {passes} of them passes")
    print(f"{'format':<28} {'pickled bytes':>14} {'share of whole':>15}  output identical")
    print(f"{'(whole results)':<28} {whole:>14,} {1:>15.1%}")
    full_run = the_plan.run(tuple(results))
    ok = True
    # (format, --include-passes, --output: the text summary is printed beside the file)
    for fmt, flag, beside in (("text", None, False), ("sarif", None, False), ("sarif", None, True), ("junit", None, False),
                              ("json", None, False)):
        compact = outputs.compaction(fmt, flag, with_text=beside)
        kept = [compact(r) for r in results] if compact is not None else results
        kept_run = the_plan.run(tuple(kept))
        same = _render(fmt, kept_run, flag) == _render(fmt, full_run, flag)
        if beside:
            same = same and _render("text", kept_run, None) == _render("text", full_run, None)
        ok = ok and same
        label = fmt + (" --output (text beside)" if beside else "")
        size = _pickled(kept)
        print(f"{label:<28} {size:>14,} {size / whole:>15.1%}  {'yes' if same else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
