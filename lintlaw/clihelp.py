"""Chinese help pages and usage errors for the click command line, through click's own extension points
(a help formatter, command and group classes, and the rendering of UsageError) — never gettext."""

from __future__ import annotations

import sys
from typing import Any

import click
import regex

from lintlaw import terminal
from lintlaw.suggest import did_you_mean

HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
HELP_OPTION_HELP = "显示此帮助并退出。"
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."

# click's own usage-error texts (raised through ctx.fail) and their Chinese; first match wins.
_GENERIC = (
    (regex.compile(r"No such command '(?P<a>.+)'"), "没有命令“{a}”"),
    (regex.compile(r"Got unexpected extra arguments? \((?P<a>.+)\)"), "多余的参数：{a}"),
    (regex.compile(r"Missing command"), "缺少命令"),
    (regex.compile(r"does not take a value"), "此选项不接受值"),
)
_QUOTED = regex.compile(r"'([^']*)'")
_LEADING_VALUE = regex.compile(r"^(\S+) is not")
_HAN = regex.compile(r"\p{Han}")


class Formatter(click.HelpFormatter):
    """click's formatter with Chinese section headings and usage prefix."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")


class Context(click.Context):
    formatter_class = Formatter


def _chinese_help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = HELP_OPTION_HELP
    return option


class Command(click.Command):
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _chinese_help_option(super().get_help_option(ctx))


class Group(click.Group):
    """A group whose subcommands and subgroups are Chinese too, and which renders usage errors itself."""

    context_class = Context
    command_class = Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _chinese_help_option(super().get_help_option(ctx))

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            raise click.UsageError(f"没有命令“{name}”{did_you_mean(name, self.list_commands(ctx))}", ctx)
        return super().resolve_command(ctx, args)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """click's main, but usage errors are one Chinese line (exit 2) and Ctrl-C is one line (exit 130)."""
        try:
            value = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            terminal.error(usage_error_text(exc))
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            terminal.error(exc.format_message())
            sys.exit(exc.exit_code)
        except click.Abort:
            terminal.echo("lintlaw: 已中断", err=True)
            sys.exit(130)
        if not standalone_mode:
            return value
        sys.exit(value if isinstance(value, int) else 0)


def _param_name(param: click.Parameter | None, hint: str | None) -> str:
    if param is None:
        return hint or "参数"
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name


def _bad_value(exc: click.BadParameter) -> str:
    name = _param_name(exc.param, exc.param_hint if isinstance(exc.param_hint, str) else None)
    quoted = _QUOTED.search(exc.message) or _LEADING_VALUE.search(exc.message)
    value = f"“{quoted.group(1)}”" if quoted else ""
    kind = exc.param.type if exc.param is not None else None
    if isinstance(kind, click.Choice):
        choices = [str(c) for c in kind.choices]
        hint = did_you_mean(quoted.group(1), choices) if quoted else ""
        return f"{name} 的值{value}无效，可选：{'、'.join(choices)}{hint}"
    if isinstance(kind, click.IntRange):
        bound = f"不小于 {kind.min} 的" if kind.min is not None else ""
        return f"{name} 的值{value}无效，应为{bound}整数"
    if isinstance(kind, click.types.IntParamType):
        return f"{name} 的值{value}无效，应为整数"
    if isinstance(kind, click.Path) and "directory" in exc.message:
        return f"{name} 的值{value}是目录，应为文件"
    if _HAN.search(exc.message):
        return f"{name}：{exc.message}"
    return f"{name} 的值{value}无效"


def usage_error_text(exc: click.UsageError) -> str:
    """One Chinese line for a usage error, ending with where to find help."""
    if isinstance(exc, click.NoSuchOption):
        hint = f"（是否想输入 {'、'.join(sorted(exc.possibilities))}？）" if exc.possibilities else ""
        text = f"没有选项 {exc.option_name}{hint}"
    elif isinstance(exc, click.MissingParameter):
        what = "参数" if exc.param_type == "argument" or isinstance(exc.param, click.Argument) else "选项"
        text = f"缺少{what} {_param_name(exc.param, None)}"
    elif isinstance(exc, click.BadParameter):
        text = _bad_value(exc)
    elif isinstance(exc, click.BadOptionUsage) and "requires" in exc.message:
        text = f"选项 {exc.option_name} 需要一个值"
    elif _HAN.search(exc.message):
        text = exc.message
    else:
        found = next(((m, t) for p, t in _GENERIC if (m := p.search(exc.message))), None)
        text = found[1].format(**found[0].groupdict()) if found else "命令行用法有误"
    command = exc.ctx.command_path if exc.ctx is not None else "lintlaw"
    return f"{text}（用 {command} --help 查看用法）"
