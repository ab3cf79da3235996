"""Command line: flags → options → api → formatter → echo → exit code. Wiring only."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
from typing import Callable
from collections import Counter
from pathlib import Path

import click

from lintlaw import api, selftest, suppress
from lintlaw import config as config_files
from lintlaw.formatters import FORMATTERS, STREAMING, json_formatter, json_stream, summary
from lintlaw.formatters.checklist import DEFAULT_WIDTH, checklist_file
from lintlaw.formatters import BINARY_FORMATTERS, KEEPS_SOURCE, REVIEW_FORMATTERS
from lintlaw.model import ExitCode, FileResult, Problem, Status
from lintlaw.ruledoc import render_reference
from lintlaw.safeio import not_regular, os_reason


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _error(message: str) -> None:
    click.echo(f"lintlaw: error: {message}", err=True)


def _write_text_file(path: Path, text: str, exclusive: bool = False) -> None:
    """Write a report, baseline or starter config; a failure is one line and exit 2. Text is UTF-8;
    a character that UTF-8 cannot hold (a lone surrogate) is written as \\uXXXX, never a crash."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) if exclusive else os.O_TRUNC)
    try:
        fd = os.open(path, flags, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
    except (OSError, ValueError) as exc:
        _error(f"{path}: 无法写入（{os_reason(exc)}）")
        sys.exit(ExitCode.ERROR)


def file_exit_code(result: FileResult) -> ExitCode:
    if result.problems:
        return ExitCode.ERROR
    if any(f.status is Status.FAIL and f.severity >= result.fail_on for f in result.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def exit_code(run: api.Run) -> ExitCode:
    if run.problems:
        return ExitCode.ERROR
    return max((file_exit_code(r) for r in run.results), default=ExitCode.OK)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lintlaw")
def main() -> None:
    """lintlaw: check annual rule-of-law government reports (法治政府建设年度报告)."""


def _run_options(command):
    """The options that choose rules and settings, shared by `check` and `baseline`."""
    for decorator in reversed([
        click.option("--select", multiple=True, help="Only these rule ids or packs (repeatable, comma-separated)."),
        click.option("--ignore", multiple=True, help="Skip these rule ids or packs (repeatable, comma-separated)."),
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path),
                     help="Extra rule directory (<pack>/<rule>.yaml)."),
        click.option("--issuer-kind", type=click.Choice(["auto", "government", "department"]), default=None,
                     help="Reporting body's kind; deadlines differ. auto (default) infers it from the issuer's name."),
        click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
                     help="Use this config file instead of finding .lintlaw.yaml / pyproject.toml upward from each file."),
        click.option("--previous", type=click.Path(path_type=Path, dir_okay=False),
                     help="上一年度报告（一份）：与本报告对照照抄的段落、上年工作安排的落实和主要指标。只能检查一份报告时使用。"),
        click.option("--previous-dir", type=click.Path(path_type=Path, file_okay=False),
                     help="上一年度报告目录：每份报告与目录中同一发文机关上一年度的报告对照（厦门市湖里区司法局 = 湖里区司法局）。"),
    ]):
        command = decorator(command)
    return command


def _options(select, ignore, rule_dirs, issuer_kind, previous, previous_dir, **extra) -> api.Options:
    return api.Options(select=_split(select), ignore=_split(ignore), rule_dirs=rule_dirs, issuer_kind=issuer_kind,
                       previous=previous, previous_dir=previous_dir, **extra)


def _plan(paths: tuple[str, ...], options: api.Options, config_path: Path | None) -> api.Plan:
    if config_path is not None and (reason := not_regular(config_path)) is not None:
        _error(f"{config_path}: 配置文件{'不存在' if reason == '文件不存在' else '无法读取：' + reason}")
        sys.exit(ExitCode.ERROR)
    the_plan = api.plan(paths, options, config_path)
    for problem in the_plan.problems:
        _error(str(problem))
    if the_plan.problems:
        sys.exit(ExitCode.ERROR)
    return the_plan


def _run(paths: tuple[str, ...], options: api.Options, config_path: Path | None, jobs: int = 1) -> api.Run:
    the_plan = _plan(paths, options, config_path)
    results = tuple(api.execute(the_plan, options, config_path, jobs))
    return api.Run(results, the_plan.skipped, (), the_plan.rules)


class Progress:
    """“已检查 N/M 个文件” on stderr, redrawn in place — only for a large batch on a terminal."""

    MIN_FILES = 50

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done = total, 0
        self.enabled = enabled and total >= self.MIN_FILES and sys.stderr.isatty()

    def clear(self) -> None:
        if self.enabled:
            click.echo("\r\033[K", nl=False, err=True)

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            click.echo(f"\r已检查 {self.done}/{self.total} 个文件", nl=False, err=True)


def _stream(the_plan: api.Plan, options: api.Options, config_path: Path | None, jobs: int, fmt: str,
            pretty: bool = False) -> ExitCode:
    """Print each file's part of a people's format as soon as it is checked, then the totals."""
    stream = json_stream(pretty) if fmt == "json" else STREAMING[fmt]
    if fmt == "checklist":  # the checklist wraps its lines to the terminal's width
        width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
        stream = stream._replace(part=lambda result, first: checklist_file(result, width))
    progress = Progress(len(the_plan.tasks), enabled=fmt in ("text", "checklist"))
    counts: Counter[str] = Counter()  # a running total: memory does not grow with the batch
    code = ExitCode.OK
    click.echo(stream.header(), nl=False)
    # closing(): when the output fails (a closed pipe) or the run is interrupted, the worker processes
    # are ended at once, not when the interpreter exits.
    with contextlib.closing(api.execute(the_plan, options, config_path, jobs)) as results:
        for result in results:
            part = stream.part(result, not counts)
            if part:
                progress.clear()
                click.echo(part, nl=False)
            for problem in result.problems:
                _error(str(problem))
            counts.update(summary.count(result))
            code = max(code, file_exit_code(result))
            progress.step()
    progress.clear()
    click.echo(stream.footer(summary.totals([counts]), the_plan.skipped), nl=False)
    return code


# --- review formats (issue 15): html and csv are text; xlsx is a binary workbook written only to a file.
TEXT_FORMATTERS = {**FORMATTERS, **REVIEW_FORMATTERS}
ALL_FORMATS = sorted({*TEXT_FORMATTERS, *BINARY_FORMATTERS})


def _binary_target_problem(fmt: str, output: Path | None) -> str | None:
    """Why a binary format cannot be written where asked (a terminal, stdout), or None."""
    if output is None or str(output) == "-":
        return f"--format {fmt} 生成二进制的 Excel 工作簿，不能输出到终端或标准输出；请用 --output 文件名.{fmt} 指定要写入的文件"
    try:
        is_device = output.exists() and not output.is_file() and output.resolve().as_posix().startswith("/dev/")
    except OSError:
        is_device = False
    if is_device:
        return f"{output}: --format {fmt} 生成二进制的 Excel 工作簿，只能写入普通文件，不能写入终端或设备"
    return None


def _write_output(output: Path, fmt: str, run: api.Run, render: Callable[[api.Run], str] | None = None) -> None:
    """Write the chosen format (or what `render` makes of the run) to --output; a file that cannot be
    written is a one-line error, exit 2."""
    try:
        if fmt in BINARY_FORMATTERS:
            output.write_bytes(BINARY_FORMATTERS[fmt](run))
        else:
            output.write_text((render or TEXT_FORMATTERS[fmt])(run), encoding="utf-8")
    except (OSError, ValueError) as exc:
        _error(f"{output}: 无法写入输出文件（{os_reason(exc)}）")
        sys.exit(ExitCode.ERROR)


def _report_problems(run: api.Run) -> None:
    for result in run.results:
        for problem in result.problems:
            _error(str(problem))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(ALL_FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report in --format to this file; the terminal shows the text format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Exit 1 when a failing finding has this severity or higher (default: config, else error).")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Do not report failures recorded in this baseline file (see `lintlaw baseline`).")
@click.option("--report-unused-suppressions", "report_unused", is_flag=True,
              help="Report suppression comments that suppress nothing.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes rules declare to .txt/.md files, then report what is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Show the safe fixes as a unified diff; change nothing.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Worker processes for a batch (default 0: one per CPU core for 64 files or more, none when the machine is busy; 1: no worker processes).")
@click.option("--pretty", is_flag=True, help="JSON 输出带缩进、便于阅读（输出到终端时默认如此；默认为紧凑格式）。")
@_run_options
def check(paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str | None, baseline: Path | None,
          report_unused: bool, fix: bool, show_diff: bool, jobs: int, pretty: bool, config_path: Path | None,
          **chosen) -> None:
    """Check report files or directories (.txt .md .docx .html .pdf)."""
    # Fingerprints cost a hash per failure: only SARIF shows them (a baseline asks for them itself).
    options = _options(**chosen, fail_on=fail_on, baseline=baseline, report_unused=report_unused,
                       fingerprints=fmt == "sarif", keep_source=fmt in KEEPS_SOURCE)
    pretty = pretty or (output is None and sys.stdout.isatty())
    refused = _binary_target_problem(fmt, output) if fmt in BINARY_FORMATTERS else None
    if refused:
        _error(refused)
        sys.exit(ExitCode.ERROR)
    not_fixed = ExitCode.OK
    if fix or show_diff:
        writing = fix and not show_diff
        report = (lambda c: click.echo(f"已修正 {c.path}：{c.count} 处", err=True)) if writing else None
        changed, fix_run = api.fix_paths(paths, options, config_path, write=writing, on_fixed=report)
        if show_diff:
            click.echo("".join(c.diff for c in changed), nl=False)
        for problem in fix_run.problems:
            _error(str(problem))
        if fix_run.problems and not fix_run.results:  # a usage or rule problem: nothing was checked
            sys.exit(ExitCode.ERROR)
        not_fixed = ExitCode.ERROR if fix_run.problems else ExitCode.OK
    # jobs 0 (the default) lets the run choose: see api.worker_count.
    if output is None and fmt in STREAMING:
        sys.exit(max(not_fixed, _stream(_plan(paths, options, config_path), options, config_path, jobs, fmt, pretty)))
    run = _run(paths, options, config_path, jobs)
    if output is not None:
        _write_output(output, fmt, run, json_formatter(pretty) if fmt == "json" else None)
        fmt = "text"
    click.echo(TEXT_FORMATTERS[fmt](run), nl=False)
    _report_problems(run)
    sys.exit(max(not_fixed, exit_code(run)))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=Path(".lintlaw-baseline.json"),
              show_default=True, help="The baseline file to write.")
@_run_options
def baseline(paths: tuple[str, ...], output: Path, config_path: Path | None, **chosen) -> None:
    """Record the current failures so that later runs with --baseline report only new ones."""
    run = _run(paths, _options(**chosen), config_path, 0)
    _report_problems(run)
    if any(r.problems for r in run.results):
        sys.exit(ExitCode.ERROR)
    findings = [f for r in run.results for f in r.findings]
    _write_text_file(output, suppress.write_baseline(findings, output))
    count = sum(f.status is Status.FAIL for f in findings)
    click.echo(f"已把 {count} 项不通过的检查结果写入基线 {output}")


# --- lintlaw annotate (issue 16): the reviewer's answer as Word comments ---------------------------


@main.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="批注后的 Word 文件（默认：与草稿同目录的“草稿名.审核意见.docx”）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它（草稿本身从不改写）。")
@click.option("--suggest", is_flag=True, help="把安全修正（--fix 会改的内容）写成 Word 修订，由起草人在 Word 中接受或拒绝。")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="有此级别或更高级别的不通过项时退出码为 1（默认：配置文件的设置，否则 error）。")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="不报告此基线文件中记录的不通过项（见 lintlaw baseline）。")
@_run_options
def annotate(draft: Path, output: Path | None, force: bool, suggest: bool, fail_on: str | None,
             baseline: Path | None, config_path: Path | None, **chosen) -> None:
    """在草稿的每个问题处加 Word 批注，写成新的 .docx（.txt、.md 等草稿也生成 .docx）。"""
    import datetime as dt
    import os
    import tempfile

    from lintlaw.word import annotate as word

    target = output if output is not None else word.default_output(draft)
    problem = word.target_problem(draft, target, force)
    if problem is not None:
        _error(str(problem))
        sys.exit(ExitCode.ERROR)
    if config_path is not None and not config_path.is_file():
        _error(f"{config_path}: 配置文件不存在")
        sys.exit(ExitCode.ERROR)
    options = _options(**chosen, fail_on=fail_on, baseline=baseline)
    outcome = word.annotate_path(draft, options, config_path, suggest, dt.datetime.now(dt.timezone.utc))
    if not isinstance(outcome[0], FileResult):
        for problem in outcome:
            _error(str(problem))
        sys.exit(ExitCode.ERROR)
    result, annotated = outcome
    try:  # a new file in one step: a crash leaves no half-written output
        handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".lintlaw", delete=False)
        with handle:
            handle.write(annotated.data)
        os.replace(handle.name, target)
    except OSError as exc:
        _error(f"{target}: 无法写入（{exc.strerror or exc}）")
        sys.exit(ExitCode.ERROR)
    changes = f"，{annotated.changes} 处修订" if suggest else ""
    click.echo(f"已写入 {target}：{annotated.comments} 条批注（含 1 条汇总）{changes}")
    sys.exit(file_exit_code(result))


@main.group("config")
def config_group() -> None:
    """Show the configuration that applies to a file."""


@config_group.command("show")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False))
def config_show(path: Path, config_path: Path | None) -> None:
    """Print the merged configuration for PATH (a file or folder) as YAML."""
    settings = api.Session(api.Options(), config_path).settings_for(path)
    if isinstance(settings, Problem):
        _error(str(settings))
        sys.exit(ExitCode.ERROR)
    import yaml

    click.echo(yaml.safe_dump(config_files.as_dict(settings), allow_unicode=True, sort_keys=False), nl=False)


@main.command()
@click.argument("directory", default=".", type=click.Path(path_type=Path, file_okay=False))
def init(directory: Path) -> None:
    """Write a commented starter .lintlaw.yaml (never overwrites one)."""
    target = directory / config_files.CONFIG_NAMES[0]
    if not directory.is_dir():
        _error(f"{directory}: 目录不存在")
        sys.exit(ExitCode.ERROR)
    if os.path.lexists(target):  # also a dangling symlink: never write through it
        _error(f"{target}: 已存在，未改写")
        sys.exit(ExitCode.ERROR)
    _write_text_file(target, config_files.STARTER, exclusive=True)
    click.echo(f"已写入 {target}")


@main.group()
def rules() -> None:
    """List, show and test rules."""


def _book(rule_dirs: tuple[Path, ...]):
    book = api.load_rulebook(api.Options(rule_dirs=rule_dirs))
    for problem in book.problems:
        _error(str(problem))
    if book.problems:
        sys.exit(ExitCode.ERROR)
    return book


@rules.command("list")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path))
def rules_list(rule_dirs: tuple[Path, ...]) -> None:
    """List rules grouped by pack, with severity and title."""
    book = _book(rule_dirs)
    pack = None
    for rule in sorted(book.rules, key=lambda r: r.id):
        if rule.pack != pack:
            pack = rule.pack
            click.echo(f"{pack}:")
        click.echo(f"  {rule.id:<42} {rule.severity.label:<8} {rule.title}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path))
def rules_show(rule_id: str, rule_dirs: tuple[Path, ...]) -> None:
    """Show what a rule checks, why, and its examples."""
    book = _book(rule_dirs)
    rule = book.get(rule_id)
    if rule is None:
        _error(f"{rule_id}: 未知的规则编号（用 lintlaw rules list 查看）")
        sys.exit(ExitCode.ERROR)
    lines = [
        f"{rule.id}  [{rule.severity.label}]  {rule.title}",
        "",
        rule.description or rule.title,
        "",
        f"依据：{rule.cite}",
        f"类型：{rule.kind}    范围：{rule.scope}    文件：{rule.source}",
        "",
        "通过的例子：",
        *(f"  {line}" for text in rule.examples_pass for line in ["---", *text.rstrip().splitlines()]),
        "",
        "不通过的例子（⟦⟧ 标出应报告的位置）：",
        *(f"  {line}" for text in rule.examples_fail for line in ["---", *text.rstrip().splitlines()]),
    ]
    click.echo("\n".join(lines))


@rules.command("doc")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path))
def rules_doc(rule_dirs: tuple[Path, ...]) -> None:
    """Print the Markdown rule reference (docs/rules.md) generated from the rule files."""
    click.echo(render_reference(_book(rule_dirs).rules), nl=False)


@rules.command("test")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def rules_test(directory: Path | None) -> None:
    """Run every rule's embedded pass/fail examples (the built-in packs, or the rules in DIRECTORY)."""
    book = _book((directory,) if directory else ())
    wanted = [r for r in book.rules if directory is None or Path(r.source).is_relative_to(directory)]
    failed = 0
    total = 0
    results = [r for rule in wanted for r in selftest.run_rule(rule, book)]
    if directory is None:
        results += selftest.run_vocabulary(book)
    for result in results:
        total += 1
        if not result.ok:
            failed += 1
            click.echo(f"FAIL {result.rule}:{result.name}: {result.detail}")
    click.echo(f"{total - failed} passed, {failed} failed")
    sys.exit(ExitCode.FINDINGS if failed else ExitCode.OK)



# --- lintlaw server (issue 18): the language server; pygls is imported only here ----------------------


@main.command()
@click.option("--stdio", is_flag=True, help="经标准输入输出通信（默认且唯一的方式；编辑器常传此参数，故接受）。")
def server(stdio: bool) -> None:
    """为编辑器运行语言服务器（LSP，经标准输入输出），边写边检查；需先安装 pip install "lintlaw[lsp]"。"""
    try:
        from lintlaw.lsp import server as lsp_server
    except ImportError as exc:
        _error(f"lintlaw server 需要的 {(exc.name or 'pygls').split('.')[0]} 未安装：请先运行 pip install \"lintlaw[lsp]\"")
        sys.exit(ExitCode.ERROR)
    lsp_server.main()


class Terminated(Exception):
    """SIGTERM arrived: stop like Ctrl-C, so worker processes are ended and nothing is left half-written."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def entry() -> None:
    """The console script: Ctrl-C ends the run with exit code 130 and one line, SIGTERM with 143, never a
    traceback; a closed output pipe (`lintlaw check … | head`) ends quietly (click handles EPIPE); any
    other failure to write the output, or an unexpected error, is one line and exit code 2."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        main.main(prog_name="lintlaw", standalone_mode=False)
        _flush_or_quit()
    except click.ClickException as exc:
        exc.show()
        _exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        _quit("lintlaw: 已中断", 130)
    except Terminated:
        _quit("lintlaw: 已终止", 143)
    except SystemExit as exc:
        _flush_or_quit()
        _exit(_exit_status(exc.code))
    except OSError as exc:
        _quit(f"lintlaw: error: 无法写出结果（{os_reason(exc)}）", ExitCode.ERROR)
    except RecursionError:
        _quit("lintlaw: error: 输入嵌套过深，无法处理", ExitCode.ERROR)
    except MemoryError:
        _quit("lintlaw: error: 内存不足，已停止", ExitCode.ERROR)
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, never a traceback
        _quit(f"lintlaw: error: 内部错误（{type(exc).__name__}: {str(exc)[:200]}），请报告此问题", ExitCode.ERROR)
    _exit(ExitCode.OK)


def _exit_status(code: object) -> int:
    """What sys.exit(code) would make the exit status: None is 0, a message is printed and is 1."""
    if code is None or isinstance(code, int):
        return code or 0
    click.echo(str(code), err=True)
    return 1


def _exit(code: int) -> None:
    """Exit; when a stopped worker pool left its helper threads behind (they could wait for a result
    that will never come), leave without waiting for them — the output is already flushed."""
    import threading

    if threading.active_count() > 1:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    sys.exit(code)


def _flush_or_quit() -> None:
    if sys.stdout is None or sys.stdout.closed:  # the language server closes it when the editor leaves
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _quit(f"lintlaw: error: 无法写出结果（{os_reason(exc)}）", ExitCode.ERROR)


def _silence_stdout() -> None:
    """Output can no longer be written: point stdout at /dev/null so the exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _quit(line: str, code: int) -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _silence_stdout()
    try:
        click.echo(line, err=True)
    except OSError:
        pass
    _exit(code)
