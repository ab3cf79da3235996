"""Safe fixes applied to files: each file's exact bytes are checked, fixed and replaced atomically, or left
alone when they changed in between."""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable

from lintlaw import readers
from lintlaw.model import FileResult, Problem, Run
from lintlaw.pipeline import Options, Session, Setup, check_file, check_source, plan


@dataclass(frozen=True, slots=True)
class Fixed:
    path: str
    count: int
    diff: str


def fix_paths(
    paths: Iterable[str],
    options: Options = Options(),
    config_path: Path | None = None,
    write: bool = True,
    on_fixed: Callable[[Fixed], None] | None = None,
) -> tuple[list[Fixed], Run]:
    """Apply every safe fix to the .txt/.md files among paths (or only compute the diffs when write is
    False), file by file: the fixes are applied to exactly the bytes that were checked, and a file that
    changed in between is left alone. on_fixed is called as soon as a file has been replaced (even when
    Ctrl-C arrives then). Returns what changed and the run the fixes came from; files that could not be
    fixed are the run's problems."""
    from lintlaw import fixer  # difflib and tempfile only for --fix and --diff

    the_plan = plan(paths, dataclasses.replace(options, fix=True), config_path)
    if the_plan.problems:
        return [], Run((), (), the_plan.problems)
    session = the_plan.session or Session(dataclasses.replace(options, fix=True), config_path)
    changed: list[Fixed] = []
    results: list[FileResult] = []
    refused: list[Problem] = []
    for task in the_plan.tasks:
        ready = session.setup_for(task.settings)
        assert isinstance(ready, Setup)  # the plan already loaded these settings without problems
        if readers.READERS.get(task.path.suffix.lower(), ("",))[0] not in fixer.FIXABLE_FORMATS:
            outcome = check_file(task.path, task.display, task.explicit, ready, task.settings)
            assert isinstance(outcome, FileResult)
            results.append(outcome)
            continue
        snap = fixer.snapshot(task.path)
        if isinstance(snap, str):
            results.append(FileResult(task.display, problems=(Problem(task.display, snap),)))
            continue
        source = readers.read_data(task.path, snap.data, task.display)
        if isinstance(source, Problem):
            results.append(FileResult(task.display, problems=(source,)))
            continue
        result = check_source(source, task.display, ready.book, ready.rules, task.settings, ready, ready.baseline,
                              str(task.path.resolve()))
        results.append(result)
        edits = fixer.edits_of(list(result.findings))
        if not edits or result.format not in fixer.FIXABLE_FORMATS:
            continue
        new_bytes, old, new = fixer.fix_bytes(snap.data, result.encoding, edits)
        done = Fixed(result.path, len(edits), fixer.diff(result.path, old, new))
        if write:
            fixer.clean_stale_temps(Path(os.path.realpath(task.path)))
            reason = fixer.replace_checked(task.path, snap, new_bytes, functools.partial(_fixed, changed, done, on_fixed))
            if reason is not None:
                refused.append(Problem(task.display, reason))
        else:
            _fixed(changed, done, on_fixed)
    return changed, the_plan.run(tuple(results), tuple(refused))


def _fixed(changed: list[Fixed], done: Fixed, on_fixed: Callable[[Fixed], None] | None) -> None:
    changed.append(done)
    if on_fixed is not None:
        on_fixed(done)
