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


def check_source(source: readers.Source, display: str, book: Rulebook, rules: tuple[Rule, ...], options: Options) -> FileResult:
    doc = document_model.build(display, source.text)
    doc, ctx = engine.prepare(doc, book.sections, options.issuer_kind)
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


def check_paths(paths: Iterable[str], options: Options = Options()) -> Run:
    book = load_rulebook(options)
    if book.problems:
        return Run((), (), book.problems)
    rules, problems = select_rules(book, options)
    if problems:
        return Run((), (), problems)
    results: list[FileResult] = []
    skipped: list[Problem] = []
    for path, display, explicit in walk(paths):
        if not explicit and not readers.is_supported(path):
            skipped.append(Problem(display, readers.unsupported_reason(path)))
            continue
        if explicit and not path.exists():
            results.append(FileResult(display, problems=(Problem(display, "文件不存在"),)))
            continue
        source = readers.read_path(path, display)
        if isinstance(source, Problem):
            results.append(FileResult(display, problems=(source,)))
            continue
        results.append(check_source(source, display, book, rules, options))
    return Run(tuple(results), tuple(skipped), (), rules)


def check(path_or_text: str | os.PathLike[str], options: Options = Options()) -> list[Finding]:
    """Check one file (a path) or a text (a str that names no existing file); return its findings.

    Raises ValueError with the one-line reason when the file cannot be read or the rules are invalid.
    """
    book = load_rulebook(options)
    if book.problems:
        raise ValueError(str(book.problems[0]))
    rules, problems = select_rules(book, options)
    if problems:
        raise ValueError(str(problems[0]))
    candidate = Path(path_or_text)
    is_path = isinstance(path_or_text, os.PathLike) or ("\n" not in str(path_or_text) and len(str(path_or_text)) < 4096 and candidate.is_file())
    if is_path:
        source = readers.read_path(candidate, str(candidate))
        if isinstance(source, Problem):
            raise ValueError(str(source))
        return list(check_source(source, str(candidate), book, rules, options).findings)
    text = readers.base.normalise_newlines(str(path_or_text))
    return list(check_source(readers.Source(text, "txt", "utf-8"), "<text>", book, rules, options).findings)
