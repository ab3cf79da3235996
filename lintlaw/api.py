"""The public surface: check paths, a file, a text or bytes, and fix files; every answer is a value.

Nothing here guesses what its argument is: `check_path` reads a file (a missing one is a problem in its
result), `check_text` checks a text; only the documented shortcut `check(path_or_text)` tells the two
apart. The work itself is `lintlaw.pipeline`'s (planning a batch, running each file through it) and
`lintlaw.fixing`'s (safe fixes written back to files)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal
from collections.abc import Iterable

from lintlaw import readers
from lintlaw.fixing import Fixed, fix_paths
from lintlaw.model import FileResult, Finding, Problem, Run
from lintlaw.pipeline import (
    Indexed, Options, Plan, Session, Setup, Task, check_source, execute, load_rulebook, plan, report_title_line,
    rule_info,
)
from lintlaw.walking import display_name, is_dir, walk

__all__ = [
    "Fixed",
    "Indexed",
    "Options",
    "Plan",
    "Run",
    "Session",
    "Setup",
    "Task",
    "check",
    "check_bytes",
    "check_path",
    "check_paths",
    "check_text",
    "check_text_at",
    "execute",
    "fix_paths",
    "load_rulebook",
    "plan",
    "report_title_line",
    "walk",
]


def check_paths(
    paths: Iterable[str], options: Options = Options(), config_path: Path | None = None, jobs: int = 1
) -> Run:
    """Check files and directories, each with the settings its configuration gives it; all results."""
    the_plan = plan(paths, options, config_path)
    if the_plan.problems:
        return Run((), (), the_plan.problems)
    return the_plan.run(tuple(execute(the_plan, options, config_path, jobs)))


def check_path(path: str | os.PathLike[str], options: Options = Options(), config_path: Path | None = None) -> FileResult:
    """Check one file with the settings its configuration gives it (or config_path's).

    Never raises for bad input: a missing, unreadable or unsupported file, a folder, and configuration or
    rule problems all come back as the result's problems (then `result.findings` is empty)."""
    target = Path(path)
    display = display_name(os.fspath(path))
    if is_dir(target):
        return FileResult(display, problems=(Problem(display, "是文件夹，不是文件（检查文件夹请用 check_paths）"),))
    the_plan = plan([os.fspath(path)], options, config_path)
    if the_plan.problems:
        return FileResult(display, problems=the_plan.problems)
    [result] = execute(the_plan, options, config_path)
    return result


def check_text(
    text: str, options: Options = Options(), name: str = "<text>", fmt: Literal["txt", "md"] = "txt"
) -> FileResult:
    """Check a text as it is (no file is read, no configuration file is looked for: only `options`);
    `name` is how its findings name it, `fmt` whether it is Markdown. Rule problems come back as the
    result's problems."""
    ready = Session(options).setup_for(options)
    if not isinstance(ready, Setup):
        return FileResult(name, problems=ready)
    source = readers.Source(readers.base.normalise_newlines(text), fmt, "utf-8")
    return check_source(source, name, ready.book, ready.rules, options, ready)


def check_bytes(data: bytes, name: str, display: str, options: Options = Options(), config_path: Path | None = None) -> Run:
    """Check bytes that are not in a file (standard input) as if they were the file `name`: its suffix
    chooses the reader, its folder and name the configuration and overrides; `display` is how it is shown."""
    session = Session(options, config_path)
    path = Path(name)
    settings = session.settings_for(path)
    if isinstance(settings, Problem):
        return Run((), (), (settings,))
    ready = session.setup_for(settings)
    if not isinstance(ready, Setup):
        return Run((), (), tuple(ready))
    rules, packs = tuple(rule_info(r) for r in ready.rules), ready.book.packs
    if not readers.is_supported(path):
        return Run((FileResult(display, problems=(Problem(display, readers.unsupported_reason(path)),)),), (), (), rules, packs)
    fmt, reader = readers.READERS[path.suffix.lower()]
    source = reader(data, display, fmt)
    if isinstance(source, Problem):
        return Run((FileResult(display, problems=(source,)),), (), (), rules, packs)
    result = check_source(source, display, ready.book, ready.rules, settings, ready, ready.baseline)
    return Run((result,), (), (), rules, packs)


def _names_a_file(text: str) -> bool:
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL in it: it is report text
        return False


def check(path_or_text: str | os.PathLike[str], options: Options = Options()) -> list[Finding]:
    """Check one file (a path) or a text (a str that names no existing file); return its findings.

    The documented shortcut over check_path and check_text. Raises ValueError with the one-line reason
    when the file cannot be read or the rules are invalid.
    """
    text = os.fspath(path_or_text)
    is_path = isinstance(path_or_text, os.PathLike) or _names_a_file(text)
    result = check_path(text, options) if is_path else check_text(text, options)
    if result.problems:
        raise ValueError(str(result.problems[0]))
    return list(result.findings)


# --- check_text_at: a text as if it were a file (for editors: the unsaved buffer of a file) ------------


def check_text_at(
    text: str, path: str | os.PathLike[str], options: Options = Options(), session: Session | None = None
) -> FileResult:
    """Check text as if it were the file at path: that path's configuration, its format (.md or .txt)
    and suppressions apply; the file itself is not read. Configuration and rule problems come back as
    the result's problems. Pass one session to many calls so rules and configs are loaded once."""
    session = session or Session(options)
    target = Path(path)
    display = str(path)
    settings = session.settings_for(target)
    if isinstance(settings, Problem):
        return FileResult(display, problems=(settings,))
    ready = session.setup_for(settings)
    if not isinstance(ready, Setup):
        return FileResult(display, problems=ready)
    fmt = "md" if target.suffix.lower() in (".md", ".markdown") else "txt"
    source = readers.Source(readers.base.normalise_newlines(text), fmt, "utf-8")
    return check_source(source, display, ready.book, ready.rules, settings, ready, ready.baseline)
