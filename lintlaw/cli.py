"""Command line: flags → options → api → formatter → echo → exit code. Wiring only."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from lintlaw import api, clihelp, outputs, progress, selftest, suppress, terminal
from lintlaw import config as config_files
from lintlaw.formatters import FORMATTERS, STREAMING, json_formatter, json_stream, summary
from lintlaw.formatters.checklist import DEFAULT_WIDTH, checklist_file
from lintlaw.formatters.json import json_piece
from lintlaw.formatters import BINARY_FORMATTERS, KEEPS_SOURCE, REVIEW_FORMATTERS
from lintlaw.model import ExitCode, FileResult, Problem, Status
from lintlaw.ruledoc import render_reference
from lintlaw.safeio import not_regular, os_reason
from lintlaw.suggest import did_you_mean

# Formats written for people; the others are for machines (no progress display, no colour).
PEOPLE_FORMATS = ("text", "checklist")


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _error(message: str) -> None:
    terminal.error(message)


def _fail(message: str) -> NoReturn:
    """One error line on stderr, then exit 2."""
    _error(message)
    sys.exit(ExitCode.ERROR)


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
    if result.fails_gate():
        return ExitCode.FINDINGS
    return ExitCode.OK


def exit_code(run: api.Run) -> ExitCode:
    if run.problems:
        return ExitCode.ERROR
    return max((file_exit_code(r) for r in run.results), default=ExitCode.OK)


@click.group(cls=clihelp.Group, context_settings={"help_option_names": ["-h", "--help"]},
             help="lintlaw：按法规要求检查法治政府建设年度报告。")
@click.version_option(package_name="lintlaw", message="%(prog)s %(version)s", help="显示版本并退出。")
def main() -> None:
    """lintlaw: check annual rule-of-law government reports (法治政府建设年度报告)."""


def _run_options(command):
    """The options that choose rules and settings, shared by `check` and `baseline`."""
    for decorator in reversed([
        click.option("--select", multiple=True, metavar="编号或包", help="只运行这些规则编号或规则包（可重复，可用逗号分隔）。"),
        click.option("--ignore", multiple=True, metavar="编号或包", help="不运行这些规则编号或规则包（可重复，可用逗号分隔）。"),
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path), metavar="目录",
                     help="另加的规则目录（<规则包>/<规则>.yaml），可重复。"),
        click.option("--issuer-kind", type=click.Choice(["auto", "government", "department"]), default=None,
                     help="报告主体类型，报送期限不同：government 政府（4月1日前）、department 部门（3月1日前）；"
                          "auto（默认）按发文机关名称判断。"),
        click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), metavar="文件",
                     help="使用这个配置文件，不再从每个文件所在目录向上查找 .lintlaw.yaml 或 pyproject.toml。"),
        click.option("--previous", type=click.Path(path_type=Path, dir_okay=False), metavar="文件",
                     help="上一年度报告（一份）：与本报告对照照抄的段落、上年工作安排的落实和主要指标。只能检查一份报告时使用。"),
        click.option("--previous-dir", type=click.Path(path_type=Path, file_okay=False), metavar="目录",
                     help="上一年度报告目录：每份报告与目录中同一发文机关上一年度的报告对照（厦门市湖里区司法局 = 湖里区司法局）。"),
    ]):
        command = decorator(command)
    return command


def _options(select, ignore, rule_dirs, issuer_kind, previous, previous_dir, **extra) -> api.Options:
    return api.Options(select=_split(select), ignore=_split(ignore), rule_dirs=rule_dirs, issuer_kind=issuer_kind,
                       previous=previous, previous_dir=previous_dir, **extra)


def _empty_folders(paths: tuple[str, ...], the_plan: api.Plan) -> list[str]:
    """Folders given on the command line from which not one file will be checked."""
    empty = []
    for given in paths:
        folder = Path(given)
        try:
            is_dir = folder.is_dir()
        except (OSError, ValueError):  # too long, a NUL in it: the plan has already reported it
            is_dir = False
        if is_dir and not any(t.path.is_relative_to(folder) for t in the_plan.tasks):
            empty.append(given)
    return empty


def _plan(paths: tuple[str, ...], options: api.Options, config_path: Path | None) -> api.Plan:
    if config_path is not None and (reason := not_regular(config_path)) is not None:
        _fail(f"{config_path}: 配置文件{'不存在' if reason == '文件不存在' else '无法读取：' + reason}")
    the_plan = api.plan(paths, options, config_path)
    for problem in the_plan.problems:
        _error(str(problem))
    if the_plan.problems:
        sys.exit(ExitCode.ERROR)
    for folder in _empty_folders(paths, the_plan):
        unsupported = sum(Path(s.path).is_relative_to(folder) for s in the_plan.skipped)
        why = f"只有 {unsupported} 个不支持的文件" if unsupported else "是空的"
        _error(f"{folder}: 文件夹中没有可检查的文件（{why}；支持 .txt .md .docx .pdf .html .htm）")
    if _empty_folders(paths, the_plan):
        sys.exit(ExitCode.ERROR)
    return the_plan


def _execute(the_plan: api.Plan, options: api.Options, config_path: Path | None, jobs: int, shown: bool,
             compact: Callable[[FileResult], FileResult] | None = None):
    """The plan's results one by one (each reduced to what the output needs by `compact`, where it is
    checked), with the progress display when `shown` allows it."""
    enabled = progress.wanted(len(the_plan.tasks), shown)
    # closing(): when the output fails (a closed pipe) or the run is interrupted, the worker processes
    # are ended at once, not when the interpreter exits.
    # (api.execute returns a generator, which has close(), but is annotated as an Iterator.)
    with progress.Progress(len(the_plan.tasks), enabled) as bar, contextlib.closing(  # type: ignore[type-var]
        api.execute(the_plan, options, config_path, jobs, compact)
    ) as results:
        for result in results:
            yield result
            bar.step()


def _compaction(fmt: str, passes: bool | None, pretty: bool, with_text: bool = False) -> Callable[[FileResult], FileResult] | None:
    """outputs.compaction, with JSON rendered where each file is checked."""
    render = functools.partial(json_piece, pretty=pretty) if fmt == "json" else None
    return outputs.compaction(fmt, passes, with_text, render)


def _stream(the_plan: api.Plan, options: api.Options, config_path: Path | None, jobs: int, fmt: str,
            passes: bool | None, pretty: bool = False) -> ExitCode:
    """Print each file's part of a streaming format as soon as it is checked, then the totals.
    Problems go to stderr only, once each."""
    stream = json_stream(pretty) if fmt == "json" else STREAMING[fmt]
    if fmt == "checklist":  # the checklist wraps its lines to the terminal's width
        width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
        stream = stream._replace(part=lambda result, first, packs: checklist_file(result, width, packs))
    counts: Counter[str] = Counter()  # a running total: memory does not grow with the batch
    code = ExitCode.OK
    keep_passes = outputs.include_passes(fmt, passes)
    terminal.echo(stream.header(), nl=False)
    for result in _execute(the_plan, options, config_path, jobs, fmt in PEOPLE_FORMATS, _compaction(fmt, passes, pretty)):
        code = max(code, file_exit_code(result))
        if not keep_passes:
            result = outputs.failures_only_result(result)
        part = stream.part(result, not counts, the_plan.packs)
        if part:
            terminal.echo(part, nl=False)
        for problem in result.problems:
            _error(str(problem))
        counts.update(summary.count(result))
    terminal.echo(stream.footer(summary.totals([counts]), the_plan.skipped), nl=False)
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


def _report_problems(run: api.Run) -> None:
    for problem in run.problems:
        _error(str(problem))
    for result in run.results:
        for problem in result.problems:
            _error(str(problem))


def _stdin_run(options: api.Options, config_path: Path | None, stdin_filename: str | None) -> api.Run:
    data = sys.stdin.buffer.read()  # click.get_binary_stream is deprecated (Click 8.5) and goes in 9.0
    run = api.check_bytes(data, stdin_filename or "stdin.txt", stdin_filename or "-", options, config_path)
    if run.problems:
        _report_problems(run)
        sys.exit(ExitCode.ERROR)
    return run


def _render(fmt: str, run: api.Run, passes: bool | None, pretty: bool = False) -> str | bytes:
    """The report in a format, with pass and skip verdicts only where the format (or the flag) wants them."""
    if not outputs.include_passes(fmt, passes):
        run = outputs.failures_only(run)
    if fmt == "sarif":
        from lintlaw.formatters import sarif

        total = sum(len(r.findings) for r in run.results)
        if total > sarif.MAX_RESULTS:
            _error(f"SARIF 结果共 {total} 条，超过 GitHub 代码扫描每次运行 {sarif.MAX_RESULTS} 条的上限，"
                   f"只写入最严重的 {sarif.MAX_RESULTS} 条；请分批检查或用 --select 缩小范围")
    if fmt in BINARY_FORMATTERS:
        return BINARY_FORMATTERS[fmt](run)
    render = json_formatter(pretty) if fmt == "json" else TEXT_FORMATTERS[fmt]
    return render(run)


def _write_step_summary(run: api.Run) -> None:
    """For --format github: the checklist matrix as Markdown, appended to $GITHUB_STEP_SUMMARY when set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from lintlaw.formatters.github import render_step_summary

    try:
        with open(target, "a", encoding="utf-8", newline="") as handle:
            handle.write(render_step_summary(run))
    except OSError as exc:
        _error(f"{target}: 无法写入 GitHub 作业摘要（{exc.strerror or exc}）")


def _check_flags(paths: tuple[str, ...], fix: bool, show_diff: bool, stdin_filename: str | None) -> None:
    if fix and show_diff:
        raise click.UsageError("--fix 与 --diff 不能同时使用：--diff 只显示将做的修正，--fix 直接改写文件，请选一个")
    if "-" in paths and len(paths) > 1:
        raise click.UsageError("“-”（从标准输入读取）只能单独使用，不能与其他文件一起检查")
    if "-" in paths and (fix or show_diff):
        raise click.UsageError("--fix 和 --diff 只能用于文件，不能用于标准输入（-）")
    if stdin_filename and "-" not in paths:
        raise click.UsageError("--stdin-filename 只在检查标准输入（-）时使用")


@main.command(help="检查报告文件或文件夹（.txt .md .docx .html .htm .pdf）。PATHS 为“-”时从标准输入读取。")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(ALL_FORMATS), default="text",
              help="输出格式（默认 text）：text 逐条列出不通过项；checklist 每份报告的完整核对清单；json、sarif、junit "
                   "供机器读取；github 为 GitHub Actions 注释加文字报告；html、xlsx、csv 供审核人员阅读（xlsx 须配合 --output）。")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True), metavar="文件",
              help="把 --format 格式的报告写入这个文件（UTF-8），终端仍显示文字报告；“-”表示标准输出。")
@click.option("--include-passes/--failures-only", "include_passes", default=None,
              help="机器格式是否包括通过和跳过的检查项。默认：sarif 只含不通过项，json、junit 全部包括。")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="不通过项达到这个严重程度时以退出码 1 结束（默认取配置，否则为 error）。")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False), metavar="文件",
              help="不再报告这个基线文件中已记录的不通过项（见 lintlaw baseline）。")
@click.option("--report-unused-suppressions", "report_unused", is_flag=True,
              help="报告没有豁免任何问题的豁免注释。")
@click.option("--fix", is_flag=True, help="对 .txt/.md 文件应用规则声明为安全的修正，再报告剩下的问题。")
@click.option("--diff", "show_diff", is_flag=True, help="以统一差异格式显示 --fix 将做的修正，不改动文件。")
@click.option("--skip-non-reports/--no-skip-non-reports", default=False,
              help="跳过明显不是法治政府建设年度报告的文件（不含任何报告用语，如说明文档、会议纪要），"
                   "只提示一次、不算失败；信息公开年报、工作要点等形似报告的文件仍会报错。"
                   "pre-commit 钩子默认开启（在 args 中加 --no-skip-non-reports 关闭）。")
@click.option("--stdin-filename", metavar="文件名",
              help="从标准输入（-）读取时使用的文件名：决定读取格式、适用的配置和 overrides。")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, metavar="N",
              help="并行检查的进程数（默认 0：32 个及以上文件时每个可用 CPU 核一个，"
                   "Windows、macOS 和 Python 3.14 起的 Linux 上为 128 个及以上；1：不启用子进程）。")
@click.option("--pretty", is_flag=True, help="JSON 输出带缩进、便于阅读（输出到终端时默认如此；默认为紧凑格式）。")
@_run_options
def check(paths: tuple[str, ...], fmt: str, output: Path | None, include_passes: bool | None, fail_on: str | None,
          baseline: Path | None, report_unused: bool, fix: bool, show_diff: bool, skip_non_reports: bool,
          stdin_filename: str | None, jobs: int, pretty: bool, config_path: Path | None, **chosen) -> None:
    """Check report files or directories (.txt .md .docx .html .pdf)."""
    _check_flags(paths, fix, show_diff, stdin_filename)
    # Fingerprints cost a hash per failure: only SARIF shows them (a baseline asks for them itself).
    options = _options(**chosen, fail_on=fail_on, baseline=baseline, report_unused=report_unused,
                       fingerprints=fmt == "sarif", keep_source=fmt in KEEPS_SOURCE, skip_non_reports=skip_non_reports)
    refused = _binary_target_problem(fmt, output) if fmt in BINARY_FORMATTERS else None
    if refused:
        _fail(refused)
    not_fixed = ExitCode.OK
    if fix or show_diff:
        writing = fix and not show_diff
        report = (lambda c: terminal.echo(f"已修正 {c.path}：{c.count} 处", err=True)) if writing else None
        changed, fix_run = api.fix_paths(paths, options, config_path, write=writing, on_fixed=report)
        if show_diff:
            terminal.echo("".join(c.diff for c in changed), nl=False)
        for fix_problem in fix_run.problems:
            _error(str(fix_problem))
        if fix_run.problems and not fix_run.results:  # a usage or rule problem: nothing was checked
            sys.exit(ExitCode.ERROR)
        not_fixed = ExitCode.ERROR if fix_run.problems else ExitCode.OK
    # jobs 0 (the default) lets the run choose: see api.worker_count.
    to_stdout = output == outputs.STDOUT
    if to_stdout:
        output = None
    pretty = pretty or (output is None and sys.stdout.isatty())
    if paths == ("-",):
        run = _stdin_run(options, config_path, stdin_filename)
        the_plan = None
    elif output is None and not to_stdout and fmt in STREAMING:
        sys.exit(max(not_fixed, _stream(_plan(paths, options, config_path), options, config_path, jobs, fmt, include_passes, pretty)))
    else:
        the_plan = _plan(paths, options, config_path)
    if output is not None:
        problem = outputs.target_problem(output, [t.path for t in the_plan.tasks] if the_plan else [])
        if problem:
            _fail(f"{output}: 无法写入输出文件：{problem}")
    if the_plan is not None:
        shown = output is not None or fmt in PEOPLE_FORMATS
        compact = _compaction(fmt, include_passes, pretty, with_text=output is not None)
        run = the_plan.run(tuple(_execute(the_plan, options, config_path, jobs, shown, compact)))
    if output is not None:
        problem = outputs.write(output, _render(fmt, run, include_passes, pretty))
        if problem:
            _report_problems(run)
            _fail(f"{output}: {problem}")
        terminal.echo(TEXT_FORMATTERS["text"](run), nl=False)
    else:
        rendered = _render(fmt, run, include_passes, pretty)
        assert isinstance(rendered, str), fmt  # a binary format without --output is refused above
        terminal.echo(rendered, nl=False)
    if fmt == "github":
        _write_step_summary(run)
    _report_problems(run)
    sys.exit(max(not_fixed, exit_code(run)))


@main.command(help="记录当前的不通过项，之后用 --baseline 检查时只报告新出现的问题。")
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=Path(".lintlaw-baseline.json"), metavar="文件",
              help="要写入的基线文件（默认 .lintlaw-baseline.json）。")
@_run_options
def baseline(paths: tuple[str, ...], output: Path, config_path: Path | None, **chosen) -> None:
    """Record the current failures so that later runs with --baseline report only new ones."""
    options = _options(**chosen)
    the_plan = _plan(paths, options, config_path)
    problem = outputs.target_problem(output, [t.path for t in the_plan.tasks])
    if problem:
        _fail(f"{output}: 不能写入基线文件：{problem}")
    run = the_plan.run(tuple(_execute(the_plan, options, config_path, 0, True)))
    _report_problems(run)
    if any(r.problems for r in run.results):
        sys.exit(ExitCode.ERROR)
    findings = [f for r in run.results for f in r.findings]
    _write_text_file(output, suppress.write_baseline(findings, output))
    count = sum(f.status is Status.FAIL for f in findings)
    terminal.echo(f"已把 {count} 项不通过的检查结果写入基线 {output}")


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
    outcome = word.annotate_path(draft, options, config_path, suggest, dt.datetime.now(dt.UTC))
    if not isinstance(outcome[0], FileResult):
        for problem in outcome:
            _error(str(problem))
        sys.exit(ExitCode.ERROR)
    result, annotated = outcome
    try:  # a new file in one step: a crash leaves no half-written output
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".lintlaw", delete=False) as handle:
            handle.write(annotated.data)
        os.replace(handle.name, target)
    except OSError as exc:
        _error(f"{target}: 无法写入（{exc.strerror or exc}）")
        sys.exit(ExitCode.ERROR)
    changes = f"，{annotated.changes} 处修订" if suggest else ""
    terminal.echo(f"已写入 {target}：{annotated.comments} 条批注（含 1 条汇总）{changes}")
    sys.exit(file_exit_code(result))


@main.group("config", help="查看适用于某个文件的配置。")
def config_group() -> None:
    """Show the configuration that applies to a file."""


@config_group.command("show", help="以 YAML 显示适用于 PATH（文件或文件夹，默认当前文件夹）的合并后配置。")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="使用这个配置文件，不再向上查找。")
def config_show(path: Path, config_path: Path | None) -> None:
    """Print the merged configuration for PATH (a file or folder) as YAML."""
    if config_path is not None and not config_path.is_file():
        _fail(f"{config_path}: 配置文件不存在")
    settings = api.Session(api.Options(), config_path).settings_for(path)
    if isinstance(settings, Problem):
        _fail(str(settings))
    import yaml

    terminal.echo(yaml.safe_dump(config_files.as_dict(settings), allow_unicode=True, sort_keys=False), nl=False)


@main.command(help="在 DIRECTORY（默认当前文件夹）写入带注释的 .lintlaw.yaml 样板（已有时不改写）。")
@click.argument("directory", default=".", type=click.Path(path_type=Path, file_okay=False))
def init(directory: Path) -> None:
    """Write a commented starter .lintlaw.yaml (never overwrites one)."""
    target = directory / config_files.CONFIG_NAMES[0]
    if not directory.is_dir():
        _fail(f"{directory}: 目录不存在")
    if os.path.lexists(target):  # also a dangling symlink: never write through it
        _fail(f"{target}: 已存在，未改写")
    _write_text_file(target, config_files.STARTER, exclusive=True)
    terminal.echo(f"已写入 {target}")


@main.group(help="列出、查看和测试规则。")
def rules() -> None:
    """List, show and test rules."""


def _book(rule_dirs: tuple[Path, ...]):
    book = api.load_rulebook(api.Options(rule_dirs=rule_dirs))
    for problem in book.problems:
        _error(str(problem))
    if book.problems:
        sys.exit(ExitCode.ERROR)
    return book


_RULES_DIR_HELP = "另加的规则目录（<规则包>/<规则>.yaml），可重复。"


@rules.command("list", help="按规则包列出规则，附严重程度和标题。")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path), help=_RULES_DIR_HELP)
def rules_list(rule_dirs: tuple[Path, ...]) -> None:
    """List rules grouped by pack, with severity and title."""
    book = _book(rule_dirs)
    pack = None
    for rule in sorted(book.rules, key=lambda r: r.id):
        if rule.pack != pack:
            pack = rule.pack
            terminal.echo(f"{pack}:")
        terminal.echo(f"  {rule.id:<42} {rule.severity.label:<8} {rule.title}")


@rules.command("show", help="显示一条规则检查什么、依据什么，以及它的例子。")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path), help=_RULES_DIR_HELP)
def rules_show(rule_id: str, rule_dirs: tuple[Path, ...]) -> None:
    """Show what a rule checks, why, and its examples."""
    book = _book(rule_dirs)
    rule = book.get(rule_id)
    if rule is None:
        known = [r.id for r in book.rules]
        _fail(f"{rule_id}: 未知的规则编号{did_you_mean(rule_id, known)}（用 lintlaw rules list 查看）")
    lines = [
        f"{rule.id}  [{rule.severity.label}]  {rule.title}",
        "",
        rule.description or rule.title,
        "",
        f"依据：{rule.cite}",
        f"类型：{rule.kind}    范围：{rule.scope}    文件：{rule.source}",
        "",
        "通过的例子：",
        *(f"  {line}" for example in rule.examples_pass for line in ["---", *example.text.rstrip().splitlines()]),
        "",
        "不通过的例子（⟦⟧ 标出应报告的位置）：",
        *(f"  {line}" for example in rule.examples_fail for line in ["---", *example.text.rstrip().splitlines()]),
    ]
    terminal.echo("\n".join(lines))


@rules.command("doc", help="输出由规则文件生成的 Markdown 规则参考（docs/rules.md）。")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path), help=_RULES_DIR_HELP)
def rules_doc(rule_dirs: tuple[Path, ...]) -> None:
    """Print the Markdown rule reference (docs/rules.md) generated from the rule files."""
    book = _book(rule_dirs)
    terminal.echo(render_reference(book.rules, book.packs), nl=False)


@rules.command("test", help="运行每条规则自带的通过/不通过例子（内置规则包，或 DIRECTORY 中的规则）。")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def rules_test(directory: Path | None) -> None:
    """Run every rule's embedded pass/fail examples (the built-in packs, or the rules in DIRECTORY)."""
    book = _book((directory,) if directory else ())
    wanted = [r for r in book.rules if directory is None or Path(r.source).is_relative_to(directory)]
    failed = 0
    total = 0
    results = [r for rule in wanted for r in selftest.run_rule(rule, book)]
    if directory is None:
        results += selftest.run_vocabulary(book) + selftest.run_sections(book)
    for result in results:
        total += 1
        if not result.ok:
            failed += 1
            terminal.echo(f"FAIL {result.rule}:{result.name}: {result.detail}")
    terminal.echo(f"{total - failed} passed, {failed} failed")
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
    """The console script: usage errors are one Chinese line and exit 2 (clihelp.Group.main), Ctrl-C ends
    the run with exit code 130 and one line, SIGTERM with 143, never a traceback; a closed output pipe
    (`lintlaw check … | head`) ends quietly; any other failure to write the output, or an unexpected
    error, is one line and exit code 2."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        main.main(prog_name="lintlaw")
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
