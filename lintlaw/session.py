"""Checking one file: load and configure the rules its settings ask for, read it, run the engine,
then fingerprint, suppress and baseline its findings."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from lintlaw import config as config_files
from lintlaw import document as document_model
from lintlaw import engine, fingerprint, kinds, nonreport, pairing, readers, safeio, suppress
from lintlaw.config import Settings
from lintlaw.kinds import WHOLE_DOCUMENT_KINDS
from lintlaw.model import FileResult, Pairing, Problem, Severity, SourceText
from lintlaw.patterns import PatternTimeout
from lintlaw.rule import Rule
from lintlaw.rulebook import Rulebook, builtin_rules_dir, load
from lintlaw.vocabulary import Vocabulary
from lintlaw.suggest import did_you_mean

# The settings a check runs with (see lintlaw.config.Settings); the name callers use.
Options = Settings

def load_rulebook(options: Options) -> Rulebook:
    return load((builtin_rules_dir(), *options.rule_dirs))


def _matches(rule: Rule, names: tuple[str, ...]) -> bool:
    return any(n in (rule.id, rule.pack, *rule.aliases) for n in names)


def select_rules(book: Rulebook, options: Options) -> tuple[tuple[Rule, ...], tuple[Problem, ...]]:
    known = {r.id for r in book.rules} | {r.pack for r in book.rules} | {a for r in book.rules for a in r.aliases}
    unknown = [n for n in (*options.select, *options.ignore) if n not in known]
    problems = tuple(Problem(n, f"未知的规则编号或规则包{did_you_mean(n, known)}（用 lintlaw rules list 查看）") for n in unknown)
    where = str(options.config_path) if options.config_path else "配置"
    for rule_id, values in sorted(options.rule_options().items()):
        rule = book.get(rule_id)
        for key in sorted(values) if rule is not None else ():
            reason = kinds.option_problem(rule.kind, key)
            if reason is not None:
                problems += (Problem(where, f"配置键“options.{rule_id}.{key}”{reason}"),)
    # Rule ids used as keys of the config's severity and options tables: name the file and the key.
    ids = [r.id for r in book.rules]
    for table, names in (("severity", dict(options.severity)), ("options", dict(options.options))):
        problems += tuple(
            Problem(where, f"配置键“{table}.{n}”中的规则编号“{n}”不存在{did_you_mean(n, ids)}（用 lintlaw rules list 查看）")
            for n in names if book.get(n) is None
        )
    rules = book.rules
    if options.select:
        rules = tuple(r for r in rules if _matches(r, options.select))
    if options.ignore:
        rules = tuple(r for r in rules if not _matches(r, options.ignore))
    return tuple(_configured(r, options) for r in rules), problems


def _configured(rule: Rule, options: Options) -> Rule:
    """A rule with the configured severity and option values."""
    changes: dict[str, object] = {}
    severity = dict(options.severity).get(rule.id)
    if severity:
        changes["severity"] = Severity.parse(severity)
    values = options.rule_options().get(rule.id, {})
    if "max_findings" in values:
        changes["max_findings"] = int(values["max_findings"])
    params = kinds.with_options(rule.params, rule.kind, values)
    if params is not rule.params:
        changes["params"] = params
    return dataclasses.replace(rule, **changes) if changes else rule


def read_previous(options: Options, book: Rulebook) -> document_model.Document | Problem | None:
    if options.previous is None:
        return None
    return _read_report(options.previous, str(options.previous), book.vocabulary)


def _read_report(path: Path, display: str, vocabulary: Vocabulary) -> document_model.Document | Problem:
    source = readers.read_path(path, display)
    if isinstance(source, Problem):
        return Problem(source.path, f"上一年度报告无法读取：{source.reason}")
    return _build(display, source.text, vocabulary)


def _build(display: str, text: str, vocabulary: Vocabulary) -> document_model.Document:
    """The document model of a text, its suppression directive lines left out of the report's text."""
    return document_model.build(display, text, vocabulary, suppress.directive_lines(text))


def digest(text: str) -> str:
    """Content hash, so that a copy of the checked report under another name is not its previous year."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


# A folder of last year's reports indexed by issuer and year, and the files in it that cannot be paired.
Indexed = tuple[pairing.Index, tuple[Problem, ...]]


def index_previous_dir(directory: Path, vocabulary: Vocabulary) -> Indexed | Problem:
    """Read every report below a folder once for its issuer and year. A file that cannot be read, or
    whose issuer or year cannot be told, is listed (never silently left out of the pairing)."""
    if not directory.is_dir():
        return Problem(str(directory), "上一年度报告目录不存在")
    entries: list[pairing.Entry] = []
    unusable: list[Problem] = []
    for path, display, _ in walk([str(directory)]):
        if not readers.is_supported(path):
            unusable.append(Problem(display, f"上一年度报告目录中的文件不能读取：{readers.unsupported_reason(path)}"))
            continue
        source = readers.read_path(path, display)
        if isinstance(source, Problem):
            unusable.append(Problem(display, f"上一年度报告无法读取：{source.reason}"))
            continue
        meta = _build(display, source.text, vocabulary).metadata
        if meta.issuer is None or meta.report_year is None:
            what = "发文机关" if meta.issuer is None else "年度"
            unusable.append(Problem(display, f"无法确定这份上一年度报告的{what}，不能用于配对"))
            continue
        key = pairing.issuer_key(meta.issuer.value)
        entries.append(pairing.Entry(display, str(path.resolve()), digest(source.text), key, meta.issuer.value, meta.report_year))
    return pairing.build_index(str(directory), entries), tuple(unusable)


def _paired_previous(
    doc: document_model.Document, text: str, identity: str, ready: "Setup", options: Options, rules: tuple[Rule, ...],
    vocabulary: Vocabulary,
) -> tuple[Pairing | None, document_model.Document | None, Problem | None]:
    """Which report is this one's previous year (explicit file, else the folder's index), and that report."""
    cross = tuple(r.id for r in rules if r.uses_previous)
    meta = doc.metadata
    issuer = meta.issuer.value if meta.issuer else None
    own = digest(text)
    if ready.previous is not None and options.previous is not None:
        prev = ready.previous
        same = ready.previous_identity == identity or ready.previous_digest == own
        prev_issuer = prev.metadata.issuer.value if prev.metadata.issuer else None
        found = pairing.pair_file(str(options.previous), prev_issuer, prev.metadata.report_year, meta.report_year, same)
        found = dataclasses.replace(found, rules=cross)
        if found.paired:
            return found, prev, None
        return found, None, Problem(doc.path, found.reason)
    if ready.index is None:
        return None, None, None
    found = dataclasses.replace(pairing.pair_in_index(ready.index, issuer, meta.report_year, identity, own), rules=cross)
    if not found.paired or not cross or found.path is None:
        return found, None, None
    prev_doc = _read_report(Path(found.path), found.path, vocabulary)
    if isinstance(prev_doc, Problem):
        return dataclasses.replace(found, status="unreadable", reason=prev_doc.reason), None, None
    return found, prev_doc, None


def check_source(
    source: readers.Source,
    display: str,
    book: Rulebook,
    rules: tuple[Rule, ...],
    options: Options,
    ready: "Setup | None" = None,
    baseline: frozenset[tuple[str, str, str]] | None = None,
    identity: str = "",
) -> FileResult:
    try:
        doc = _build(display, source.text, book.vocabulary)
        paired, previous, pairing_problem = (
            _paired_previous(doc, source.text, identity, ready, options, rules, book.vocabulary)
            if ready is not None else (None, None, None)
        )
        unpaired = "" if paired is None or paired.paired else f"未与上一年度报告对照：{paired.reason}"
        doc, ctx = engine.prepare(
            doc, book.sections, book.vocabulary, options.issuer_kind, previous, source.format, options.fix, engine.sections_needed(rules),
            options.enforcement is not False, options.outline_edition or "auto", unpaired, messages=book.messages,
        )
    except PatternTimeout as exc:  # a runaway pattern in a user's sections.yaml or document.yaml
        return FileResult(display, source.format, source.encoding, problems=(
            Problem(display, f"章节定义的模式匹配超时，未检查此文件（模式：{str(exc)[:80]}）"),))
    findings, problems = engine.run(doc, rules, ctx)
    if pairing_problem is not None:
        problems.insert(0, pairing_problem)
    gates = frozenset(r.id for r in rules if r.gate)
    report_words = ready.report_words if ready is not None else None
    if report_words is not None and nonreport.clearly_not_a_report(findings, gates, doc.text, report_words):
        return FileResult(display, source.format, source.encoding, ctx.year, (), tuple(problems), skipped=nonreport.REASON)
    if options.fingerprints or options.baseline is not None:
        whole = frozenset(r.id for r in rules if r.kind in WHOLE_DOCUMENT_KINDS)
        findings = fingerprint.assign(findings, doc.text, doc.line_starts, whole)
    if source.format in ("txt", "md"):
        findings = suppress.apply_directives(findings, suppress.directives(source.text), options.report_unused)
    if baseline is not None and options.baseline is not None:
        findings = suppress.apply_baseline(findings, baseline, options.baseline.parent)
    if source.line_labels:
        findings = [dataclasses.replace(f, location=source.label(f.line)) if f.span else f for f in findings]
    fail_on = Severity.parse(options.fail_on or "error")
    year_source = doc.metadata.year_basis if ctx.year else ""
    kept = _source_text(doc, source) if options.keep_source else None
    return FileResult(
        display, source.format, source.encoding, ctx.year, tuple(findings), tuple(problems), fail_on, year_source, paired,
        kept,
    )


def _source_text(doc: document_model.Document, source: readers.Source) -> SourceText:
    meta = doc.metadata
    return SourceText(
        tuple(doc.text.split("\n")),
        source.line_labels,
        meta.title.value if meta.title else "",
        meta.issuer.value if meta.issuer else "",
    )


def walk(paths: Iterable[str]) -> Iterator[tuple[Path, str, bool]]:
    """Yield (path, display name, named explicitly) for every file below the given paths, sorted.
    Hidden files and folders (.git, .venv …) inside walked directories are left out. A folder that
    cannot be listed is yielded as if named explicitly, so that checking it reports why."""
    for given in paths:
        root = Path(given)
        if _is_dir(root):
            entries: list[tuple[Path, bool]] = []
            failed: list[OSError] = []
            for dirpath, dirnames, filenames in os.walk(root, onerror=failed.append, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                entries.extend((Path(dirpath) / f, False) for f in filenames if not f.startswith("."))
                # Linked folders are not entered (no loops, no double counting) but listed as skipped.
                entries.extend((Path(dirpath) / d, False) for d in dirnames if os.path.islink(Path(dirpath) / d))
            entries.extend((Path(e.filename), True) for e in failed if e.filename is not None)
            for path, explicit in sorted(entries):
                yield path, display_name(path), explicit
        else:
            yield root, display_name(given), True


def _folder_of(path: Path) -> Path:
    """The absolute folder a path's configuration is looked for from, whatever is wrong with the path."""
    folder = path if _is_dir(path) else path.parent
    try:
        return folder.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long, a NUL
        return Path(os.path.abspath(folder))


def display_name(path: Path | str) -> str:
    """A path as users read it in every format: bytes of the name that are not UTF-8 are written
    as \\xHH (so `bad\\xff.txt`), the same in text, JSON, SARIF and JUnit output."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that no file name byte gave
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, or a NUL in it: checking it reports why
        return False


def walked_skip_reason(path: Path) -> str | None:
    """Why a file met while walking a folder is listed as skipped rather than read (None: read it)."""
    if os.path.islink(path) and _is_dir(path):
        return "是指向目录的符号链接，未进入"
    reason = safeio.not_regular(path)
    if reason is not None and safeio.is_special(path):
        return reason
    if not readers.is_supported(path):
        return readers.unsupported_reason(path)
    return None


def explicit_problem(path: Path) -> str | None:
    """Why a path named on the command line (or a folder that could not be listed) cannot be read."""
    if _is_dir(path):
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return f"目录无法读取：{safeio.os_reason(exc)}"
    return safeio.not_regular(path)


@dataclass(frozen=True, slots=True)
class Setup:
    """Everything a run needs before the first file: the rules to run and last year's report."""

    book: Rulebook
    rules: tuple[Rule, ...]
    previous: document_model.Document | None
    baseline: frozenset[tuple[str, str, str]] | None = None
    previous_identity: str = ""  # the --previous file's resolved path and content hash, to refuse a self-pair
    previous_digest: str = ""
    index: pairing.Index | None = None  # the --previous-dir folder's reports
    unpairable: tuple[Problem, ...] = ()  # files of that folder that cannot be paired
    report_words: nonreport.Vocabulary | None = None  # only with --skip-non-reports


IndexFor = Callable[[Path, Vocabulary], "Indexed | Problem"]


def setup(options: Options, index_for: IndexFor = lambda d, v: index_previous_dir(d, v)) -> Setup | tuple[Problem, ...]:
    """The rules, last year's report or folder index, and the baseline that a file's settings ask for."""
    book = load_rulebook(options)
    if book.problems:
        return book.problems
    rules, problems = select_rules(book, options)
    if problems:
        return problems
    previous = read_previous(options, book)
    if isinstance(previous, Problem):
        return (previous,)
    known = suppress.read_baseline(options.baseline) if options.baseline else None
    if isinstance(known, Problem):
        return (known,)
    indexed = index_for(options.previous_dir, book.vocabulary) if options.previous_dir is not None else None
    if isinstance(indexed, Problem):
        return (indexed,)
    identity = previous_digest = ""
    if previous is not None and options.previous is not None:
        identity, previous_digest = str(options.previous.resolve()), digest(previous.text)
    index, unpairable = indexed if indexed is not None else (None, ())
    report_words = nonreport.load() if options.skip_non_reports else None
    if isinstance(report_words, Problem):
        return (report_words,)
    return Setup(book, rules, previous, known, identity, previous_digest, index, unpairable, report_words)


def check_file(path: Path, display: str, explicit: bool, ready: Setup, options: Options) -> FileResult | Problem:
    """One file's result; a Problem (not an error) for an unsupported file met in a directory walk."""
    if not explicit:
        skip = walked_skip_reason(path)
        if skip is not None:
            return Problem(display, skip)
    else:
        reason = explicit_problem(path)
        if reason is not None:
            return FileResult(display, problems=(Problem(display, reason),))
    source = readers.read_path(path, display)
    if isinstance(source, Problem):
        return FileResult(display, problems=(source,))
    return check_source(source, display, ready.book, ready.rules, options, ready, ready.baseline, str(path.resolve()))


class Session:
    """Per-run memory: configs found per folder and setups per settings, so 1,000 files load rules once."""

    def __init__(self, cli: Options, config_path: Path | None = None, indexes: dict[Path, Indexed | Problem] | None = None) -> None:
        self.cli = cli
        # Previous-year folders, indexed once per run (the plan's index is handed to worker processes).
        self.indexes: dict[Path, Indexed | Problem] = dict(indexes or {})
        self.explicit = config_files.load(config_path) if config_path else None
        self.configs: dict[Path, config_files.Config | Problem] = {}
        self.setups: dict[Options, Setup | tuple[Problem, ...]] = {}
        self.resolved: dict[Path | None, Options] = {}

    def config_for(self, path: Path) -> config_files.Config | Problem:
        if self.explicit is not None:
            return self.explicit
        folder = _folder_of(path)
        if folder not in self.configs:
            found = config_files.find(folder)
            self.configs[folder] = config_files.load(found) if found else config_files.EMPTY
        return self.configs[folder]

    def settings_for(self, path: Path) -> Options | Problem:
        config = self.config_for(path)
        if isinstance(config, Problem):
            return config
        if config.data.get("overrides"):
            return config_files.resolve(config, path, self.cli)
        # Without per-path overrides every file under this config gets the same settings.
        key = config.path
        if key not in self.resolved:
            self.resolved[key] = config_files.resolve(config, None, self.cli)
        return self.resolved[key]

    def index_for(self, directory: Path, vocabulary: Vocabulary) -> Indexed | Problem:
        if directory not in self.indexes:
            self.indexes[directory] = index_previous_dir(directory, vocabulary)
        return self.indexes[directory]

    def setup_for(self, settings: Options) -> Setup | tuple[Problem, ...]:
        if settings not in self.setups:
            self.setups[settings] = setup(settings, self.index_for)
        return self.setups[settings]


