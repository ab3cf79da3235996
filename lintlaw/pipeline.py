"""The per-file pipeline and the batch plan: settings and rules per file (setup), then read → document →
engine → fingerprints, suppressions and baseline for each file, in this process or in worker processes."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator, Sequence

from lintlaw import config as config_files
from lintlaw import document as document_model
from lintlaw import engine, fingerprint, kinds, needs, nonreport, pairing, readers, ruleoptions, suppress, workers
from lintlaw.config import Settings
from lintlaw.kinds import WHOLE_DOCUMENT_KINDS
from lintlaw.model import FileResult, Finding, Packs, Pairing, Problem, RuleInfo, Run, Severity, SourceText
from lintlaw.patterns import PatternTimeout
from lintlaw.rule import Context, Rule
from lintlaw.rulebook import Rulebook, builtin_rules_dir, load
from lintlaw.suggest import did_you_mean
from lintlaw.vocabulary import Vocabulary
from lintlaw.walking import explicit_problem, is_dir, walk, walked_skip_reason

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
        configured = book.get(rule_id)
        if configured is None:
            continue  # reported below
        for key in sorted(values):
            reason = kinds.option_problem(configured.kind, key)
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
    severity = dict(options.severity).get(rule.id)
    configured = ruleoptions.with_options(rule, options.rule_options().get(rule.id, {}))
    return dataclasses.replace(configured, severity=Severity.parse(severity)) if severity else configured


def read_previous(options: Options, book: Rulebook) -> document_model.Document | Problem | None:
    if options.previous is None:
        return None
    return _read_report(options.previous, str(options.previous), book.vocabulary)


def _read_report(path: Path, display: str, vocabulary: Vocabulary) -> document_model.Document | Problem:
    source = readers.read_path(path, display)
    if isinstance(source, Problem):
        return Problem(source.path, f"上一年度报告无法读取：{source.reason}")
    return _build(display, source.text, vocabulary)


def _build(
    display: str, text: str, vocabulary: Vocabulary, parts: document_model.Parts = document_model.EVERY_PART
) -> document_model.Document:
    """The document model of a text, its suppression directive lines left out of the report's text,
    with the optional parts of the model asked for (lintlaw.needs)."""
    return document_model.build(display, text, vocabulary, suppress.directive_lines(text), parts)


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
    doc: document_model.Document, text: str, identity: str, ready: Setup, options: Options, rules: tuple[Rule, ...],
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
    ready: Setup | None = None,
    baseline: frozenset[tuple[str, str, str]] | None = None,
    identity: str = "",
    processes: int = 1,
) -> FileResult:
    """A decoded file's result. `processes`: how many processes its rules may run in when it is large."""
    if ready is not None and ready.rules is rules:
        parts, needed = ready.parts, ready.needed
    else:
        parts, needed = needs.parts_for(rules, book.sections), engine.sections_needed(rules, book.sections)
    try:
        doc = _build(display, source.text, book.vocabulary, parts)
        paired, previous, pairing_problem = (
            _paired_previous(doc, source.text, identity, ready, options, rules, book.vocabulary)
            if ready is not None else (None, None, None)
        )
        unpaired = "" if paired is None or paired.paired else f"未与上一年度报告对照：{paired.reason}"
        doc, ctx = engine.prepare(
            doc, book.sections, book.vocabulary, options.issuer_kind, previous, source.format, options.fix,
            needed, options.enforcement is not False, options.outline_edition or "auto", unpaired,
            messages=book.messages,
        )
    except PatternTimeout as exc:  # a runaway pattern in a user's sections.yaml or document.yaml
        return FileResult(display, source.format, source.encoding, problems=(
            Problem(display, f"章节定义的模式匹配超时，未检查此文件（模式：{str(exc)[:80]}）"),))
    findings, problems = _run(doc, rules, ctx, processes)
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


def _run(doc: document_model.Document, rules: tuple[Rule, ...], ctx: Context, processes: int) -> tuple[list[Finding], list[Problem]]:
    """engine.run; when the file is large and two processes are allowed, the rules after the gates
    are shared out between this process and a second one (each takes the next rule left): the same
    findings and problems, in the same order."""
    if processes < 2 or len(doc.text) < workers.SPLIT_CHARS:
        return engine.run(doc, rules, ctx)
    findings, problems, not_report = engine.run_gates(doc, rules, ctx)
    others = tuple(r for r in rules if not r.gate)
    for more, more_problems in workers.in_two(len(others), lambda i: engine.run_others(doc, (others[i],), ctx, not_report)):
        findings += more
        problems += more_problems
    findings.sort(key=Finding.sort_key)
    return findings, problems


def _source_text(doc: document_model.Document, source: readers.Source) -> SourceText:
    meta = doc.metadata
    return SourceText(
        tuple(doc.text.split("\n")),
        source.line_labels,
        meta.title.value if meta.title else "",
        meta.issuer.value if meta.issuer else "",
    )


def _folder_of(path: Path) -> Path:
    """The absolute folder a path's configuration is looked for from, whatever is wrong with the path."""
    folder = path if is_dir(path) else path.parent
    try:
        return folder.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long, a NUL
        return Path(os.path.abspath(folder))


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
    # What the rules read, worked out once for the run rather than once per file: the optional parts
    # of the document model, and the named sections to locate.
    parts: document_model.Parts = field(init=False, compare=False)
    needed: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", needs.parts_for(self.rules, self.book.sections))
        object.__setattr__(self, "needed", engine.sections_needed(self.rules, self.book.sections))


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


def check_file(
    path: Path, display: str, explicit: bool, ready: Setup, options: Options, processes: int = 1
) -> FileResult | Problem:
    """One file's result; a Problem (not an error) for an unsupported file met in a directory walk.
    `processes`: how many processes a large file's rules may run in."""
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
    # The resolved path tells a report from last year's (a self-pair): only worth a system call when pairing.
    pairs = ready.previous is not None or ready.index is not None
    identity = str(path.resolve()) if pairs else ""
    return check_source(source, display, ready.book, ready.rules, options, ready, ready.baseline, identity, processes)


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
        self.folders: dict[Path, Path] = {}  # a file's folder as given → resolved (one resolve per folder)

    def config_for(self, path: Path) -> config_files.Config | Problem:
        if self.explicit is not None:
            return self.explicit
        if is_dir(path):
            folder = _folder_of(path)
        else:
            folder = self.folders.get(path.parent) or self.folders.setdefault(path.parent, _folder_of(path))
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




def report_title_line(text: str, path: Path, options: Options, config_path: Path | None = None) -> int | None:
    """The line of the report's title in text, read with the vocabulary a check of the file at path uses."""
    session = Session(options, config_path)
    settings = session.settings_for(path)
    ready = session.setup_for(settings) if not isinstance(settings, Problem) else None
    if not isinstance(ready, Setup):
        return None
    title = _build(str(path), text, ready.book.vocabulary).metadata.title
    return title.line if title else None


# --- the batch: plan every file's settings first, then check the files in order ----------------------


def rule_info(rule: Rule) -> RuleInfo:
    """What the outputs show of a rule."""
    return RuleInfo(rule.id, rule.title, rule.severity, rule.kind, rule.cite, rule.description)


@dataclass(frozen=True, slots=True)
class Task:
    path: Path
    display: str
    explicit: bool
    settings: Options


@dataclass(frozen=True, slots=True)
class Plan:
    tasks: tuple[Task, ...]
    skipped: tuple[Problem, ...]  # files in walked directories that no reader handles
    problems: tuple[Problem, ...]  # configuration and rule problems: nothing is checked
    rules: tuple[Rule, ...]  # every rule that will run on some file (for SARIF's rule table)
    # The session that planned the run, with the rules it loaded: checking in this process reuses
    # it, so a run loads its rulebook once.
    session: Session | None = field(default=None, compare=False, repr=False)
    indexes: tuple[tuple[Path, Indexed | Problem], ...] = ()  # previous-year folders, indexed once
    packs: Packs = Packs()  # the packs' order and titles, from the rulebook of the first file

    def run(self, results: tuple[FileResult, ...], problems: tuple[Problem, ...] = ()) -> Run:
        """The run of these results: what the formatters need of the plan's rules and packs."""
        return Run(results, self.skipped, problems, tuple(rule_info(r) for r in self.rules), self.packs)


def usage_problem(options: Options, paths: list[str]) -> Problem | None:
    """Why the run's own arguments cannot be used, before any file is looked at."""
    if options.previous is not None and options.previous_dir is not None:
        return Problem("--previous", "--previous 与 --previous-dir 只能用一个：一份报告用 --previous 文件，多份报告用 --previous-dir 目录")
    if any(not str(p) for p in paths):  # Path("") would be the current folder: never walk it unasked
        return Problem("“”", "路径参数为空字符串（要检查当前目录请写 .）")
    return None


def plan(paths: Iterable[str], options: Options, config_path: Path | None = None) -> Plan:
    session = Session(options, config_path)
    paths = list(paths)
    usage = usage_problem(options, paths)
    if usage is not None:
        return Plan((), (), (usage,), ())
    tasks: list[Task] = []
    skipped: list[Problem] = []
    problems: dict[str, Problem] = {}
    rules: dict[str, Rule] = {}
    packs: Packs | None = None
    for path, display, explicit in walk(paths):
        if not explicit:
            skip = walked_skip_reason(path)
            if skip is not None:
                skipped.append(Problem(display, skip))
                continue
        settings = session.settings_for(path)
        if isinstance(settings, Problem):
            problems[str(settings)] = settings
            continue
        ready = session.setup_for(settings)
        if not isinstance(ready, Setup):
            problems.update((str(p), p) for p in ready)
            continue
        rules.update((r.id, r) for r in ready.rules)
        if packs is None:
            packs = ready.book.packs
        tasks.append(Task(path, display, explicit, settings))
    if options.previous is not None and len(tasks) > 1:
        usage = Problem(
            "--previous", f"--previous 只能与一份报告对照，本次要检查 {len(tasks)} 份；多份报告请用 --previous-dir 上一年度报告目录"
        )
        problems[str(usage)] = usage
    indexes = tuple(session.indexes.items())
    for _, indexed in indexes:
        if not isinstance(indexed, Problem):
            skipped.extend(indexed[1])
    return Plan(
        tuple(tasks), tuple(skipped), tuple(problems.values()), tuple(rules[k] for k in sorted(rules)), session, indexes,
        packs or Packs(),
    )


# What of a file's result the run's output needs (lintlaw.outputs.compaction); None keeps all of it.
Compact = Callable[[FileResult], FileResult] | None


def _iter_tasks(
    tasks: Iterable[Task], cli: Options, config_path: Path | None, session: Session | None = None, compact: Compact = None,
    processes: int = 1,
) -> Iterator[FileResult]:
    """Check files one by one with one session, so each rule set is loaded once; `processes`: how many
    processes a large file's rules may run in."""
    session = session or Session(cli, config_path)
    for task in tasks:
        ready = session.setup_for(task.settings)
        assert isinstance(ready, Setup)  # the plan already loaded these settings without problems
        outcome = check_file(task.path, task.display, task.explicit, ready, task.settings, processes)
        assert isinstance(outcome, FileResult)
        yield compact(outcome) if compact is not None else outcome


# The one Session of a worker process, made by its initializer: each worker loads its rules once
# for the whole run, however many chunks it checks. Never set in the main process.
_WORKER_SESSION: list[Session] = []


def _start_worker(
    cli: Options, config_path: Path | None, indexes: tuple[tuple[Path, Indexed | Problem], ...] = ()
) -> None:
    # The plan's previous-year folder indexes come along, so no worker reads those folders again.
    _WORKER_SESSION.append(Session(cli, config_path, dict(indexes)))


def _check_chunk(tasks: Sequence[Task], cli: Options, config_path: Path | None, compact: Compact = None) -> list[FileResult]:
    """A worker process's share of a batch, compacted before it is pickled back."""
    session = _WORKER_SESSION[0] if _WORKER_SESSION else None
    return list(_iter_tasks(tasks, cli, config_path, session, compact))


def broken_chunk(chunk: Sequence[Task]) -> list[FileResult]:
    """A chunk whose worker died (killed, out of memory): each of its files says so."""
    reason = "检查此文件的工作进程意外退出（被结束或内存不足），未检查；可用 --jobs 1 重试"
    return [FileResult(task.display, problems=(Problem(task.display, reason),)) for task in chunk]


def execute(
    the_plan: Plan, options: Options, config_path: Path | None = None, jobs: int = 1, compact: Compact = None
) -> Iterator[FileResult]:
    """Results in the plan's order, whatever the number of processes (jobs 0: choose, see workers.worker_count;
    a batch checked in this process may still run a large file's rules in two, see workers.split_count);
    `compact` (a module-level function, so workers can be sent it) reduces each result where it is made."""
    tasks = the_plan.tasks
    if the_plan.problems:
        return
    count = workers.worker_count(jobs, len(tasks))
    if count == 0:
        yield from _iter_tasks(tasks, options, config_path, the_plan.session, compact, workers.split_count(jobs))
        return
    work = functools.partial(_check_chunk, cli=options, config_path=config_path, compact=compact)
    yield from workers.run_chunks(
        workers.chunked(tasks, workers.chunk_size(len(tasks), count)), work, _start_worker,
        (options, config_path, the_plan.indexes), count, broken_chunk,
    )
