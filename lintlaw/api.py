"""The one orchestration: paths or text → documents → findings. Used by the CLI, the tests and Python callers."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lintlaw import document as document_model
from lintlaw import engine, readers
from lintlaw.model import FileResult, Finding, Problem
from lintlaw.rule import Rule
from lintlaw.rulebook import Rulebook, builtin_rules_dir, load


@dataclass(frozen=True, slots=True)
class Options:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    issuer_kind: str | None = None  # "government", "department" or None to infer
    previous: Path | None = None  # last year's report, for data/copied-from-previous


@dataclass(frozen=True, slots=True)
class Run:
    results: tuple[FileResult, ...]
    skipped: tuple[Problem, ...] = ()  # files in walked directories that no reader handles
    problems: tuple[Problem, ...] = ()  # rule-file and usage problems
    rules: tuple[Rule, ...] = field(default_factory=tuple)


def load_rulebook(options: Options) -> Rulebook:
    return load((builtin_rules_dir(), *options.rule_dirs))


def _matches(rule: Rule, names: tuple[str, ...]) -> bool:
    return any(n in (rule.id, rule.pack, *rule.aliases) for n in names)


def select_rules(book: Rulebook, options: Options) -> tuple[tuple[Rule, ...], tuple[Problem, ...]]:
    known = {r.id for r in book.rules} | {r.pack for r in book.rules} | {a for r in book.rules for a in r.aliases}
    unknown = [n for n in (*options.select, *options.ignore) if n not in known]
    problems = tuple(Problem(n, "未知的规则编号或规则包（用 lintlaw rules list 查看）") for n in unknown)
    rules = book.rules
    if options.select:
        rules = tuple(r for r in rules if _matches(r, options.select))
    if options.ignore:
        rules = tuple(r for r in rules if not _matches(r, options.ignore))
    return rules, problems


def read_previous(options: Options) -> document_model.Document | Problem | None:
    if options.previous is None:
        return None
    source = readers.read_path(options.previous, str(options.previous))
    if isinstance(source, Problem):
        return Problem(source.path, f"上一年度报告无法读取：{source.reason}")
    return document_model.build(str(options.previous), source.text)


def check_source(
    source: readers.Source,
    display: str,
    book: Rulebook,
    rules: tuple[Rule, ...],
    options: Options,
    previous: document_model.Document | None = None,
) -> FileResult:
    doc = document_model.build(display, source.text)
    doc, ctx = engine.prepare(doc, book.sections, options.issuer_kind, previous)
    findings, problems = engine.run(doc, rules, ctx)
    if source.line_labels:
        findings = [dataclasses.replace(f, location=source.label(f.line)) if f.span else f for f in findings]
    return FileResult(display, source.format, source.encoding, ctx.year, tuple(findings), tuple(problems))


def walk(paths: Iterable[str]) -> Iterator[tuple[Path, str, bool]]:
    """Yield (path, display name, named explicitly) for every file below the given paths, sorted.
    Hidden files and folders (.git, .venv …) inside walked directories are left out."""
    for given in paths:
        root = Path(given)
        if root.is_dir():
            found: list[Path] = []
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found.extend(Path(dirpath) / f for f in filenames if not f.startswith("."))
            for path in sorted(found):
                yield path, str(path), False
        else:
            yield root, given, True


@dataclass(frozen=True, slots=True)
class Setup:
    """Everything a run needs before the first file: the rules to run and last year's report."""

    book: Rulebook
    rules: tuple[Rule, ...]
    previous: document_model.Document | None


def setup(options: Options) -> Setup | tuple[Problem, ...]:
    book = load_rulebook(options)
    if book.problems:
        return book.problems
    rules, problems = select_rules(book, options)
    if problems:
        return problems
    previous = read_previous(options)
    if isinstance(previous, Problem):
        return (previous,)
    return Setup(book, rules, previous)


def check_file(path: Path, display: str, explicit: bool, ready: Setup, options: Options) -> FileResult | Problem:
    """One file's result; a Problem (not an error) for an unsupported file met in a directory walk."""
    if not explicit and not readers.is_supported(path):
        return Problem(display, readers.unsupported_reason(path))
    if explicit and not path.exists():
        return FileResult(display, problems=(Problem(display, "文件不存在"),))
    source = readers.read_path(path, display)
    if isinstance(source, Problem):
        return FileResult(display, problems=(source,))
    return check_source(source, display, ready.book, ready.rules, options, ready.previous)


def check_paths(paths: Iterable[str], options: Options = Options()) -> Run:
    ready = setup(options)
    if not isinstance(ready, Setup):
        return Run((), (), ready)
    results: list[FileResult] = []
    skipped: list[Problem] = []
    for path, display, explicit in walk(paths):
        outcome = check_file(path, display, explicit, ready, options)
        if isinstance(outcome, Problem):
            skipped.append(outcome)
        else:
            results.append(outcome)
    return Run(tuple(results), tuple(skipped), (), ready.rules)


def check(path_or_text: str | os.PathLike[str], options: Options = Options()) -> list[Finding]:
    """Check one file (a path) or a text (a str that names no existing file); return its findings.

    Raises ValueError with the one-line reason when the file cannot be read or the rules are invalid.
    """
    ready = setup(options)
    if not isinstance(ready, Setup):
        raise ValueError(str(ready[0]))
    text = str(path_or_text)
    is_path = isinstance(path_or_text, os.PathLike) or ("\n" not in text and len(text) < 4096 and Path(text).is_file())
    if is_path:
        result = check_file(Path(path_or_text), str(path_or_text), True, ready, options)
        assert isinstance(result, FileResult)
        if result.problems:
            raise ValueError(str(result.problems[0]))
        return list(result.findings)
    source = readers.Source(readers.base.normalise_newlines(text), "txt", "utf-8")
    return list(check_source(source, "<text>", ready.book, ready.rules, options, ready.previous).findings)
