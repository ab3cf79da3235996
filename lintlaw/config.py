"""Find and read configuration (.lintlaw.yaml upward from a file, or [tool.lintlaw] in pyproject.toml),
validate it, and resolve the settings for one checked file: defaults ← file ← overrides ← command line."""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from lintlaw import safeio, schemaerrors, yamlload
from lintlaw.model import Problem
from lintlaw.rule import month_day_problem

CONFIG_NAMES = (".lintlaw.yaml", ".lintlaw.yml")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that decides how one file is checked. Hashable, so runs can share work between files."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    options: tuple[tuple[str, str], ...] = ()  # (rule id, JSON of its option values)
    issuer_kind: str | None = None
    previous: Path | None = None
    previous_dir: Path | None = None  # last year's reports, each paired by issuer and year (lintlaw.pairing)
    rule_dirs: tuple[Path, ...] = ()
    fail_on: str | None = None
    baseline: Path | None = None
    report_unused: bool = False  # report suppression comments that suppress nothing
    fix: bool = False  # collect every fixable failure (no max_findings bound)
    keep_source: bool = False  # keep each file's lines in its result, for formats that show them (html, xlsx)
    skip_non_reports: bool = False  # skip files that are clearly not an annual report (pre-commit hook)
    config_path: Path | None = None
    fingerprints: bool = True  # give failures their fingerprint (SARIF and baselines need them)
    enforcement: bool | None = None  # False: the body has no enforcement powers (enforcement rules skip)
    outline_edition: str | None = None  # the 纲要 edition the reports answer to: auto, 2015 or 2021

    def rule_options(self) -> dict[str, dict[str, Any]]:
        return {rule: json.loads(values) for rule, values in self.options}


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None
    data: dict[str, Any]

    @property
    def base(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


EMPTY = Config(None, {})


def find(start: Path) -> Path | None:
    """The nearest .lintlaw.yaml (or pyproject.toml with [tool.lintlaw]) in start's folder or above."""
    folder = start if start.is_dir() else start.parent
    try:
        folder = folder.resolve()
    except (OSError, RuntimeError, ValueError):
        folder = Path(os.path.abspath(folder))
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            # Anything by that name is the config, so a FIFO or a dangling link is reported, not passed over.
            if _lexists(candidate / name):
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if _lexists(pyproject) and _has_tool_section(pyproject):
            return pyproject
    return None


def _lexists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def _has_tool_section(pyproject: Path) -> bool:
    """A [tool.lintlaw] table — or a pyproject.toml that mentions lintlaw but cannot be parsed, which
    load() then reports instead of silently checking with the defaults."""
    import tomllib

    text = safeio.read_utf8(pyproject)
    if isinstance(text, safeio.Unreadable):
        return False  # a project file that is not lintlaw's to read
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return "lintlaw" in text
    return isinstance(tool, dict) and "lintlaw" in tool


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resources.files("lintlaw.schema").joinpath("config.schema.json").read_text(encoding="utf-8"))
    return schema


def load(path: Path) -> Config | Problem:
    import tomllib  # config readers are imported only when there is a config file

    display = str(path)
    text = safeio.read_utf8(path)
    if isinstance(text, safeio.Unreadable):
        return Problem(display, f"无法读取配置文件：{text.reason}")
    if path.name == "pyproject.toml":
        try:
            tool = tomllib.loads(text).get("tool", {})
        except tomllib.TOMLDecodeError as exc:
            return Problem(display, f"配置文件语法错误：{str(exc).splitlines()[0]}")
        data = tool.get("lintlaw", {}) if isinstance(tool, dict) else {}
    else:
        loaded = yamlload.load(text)
        if isinstance(loaded, yamlload.Refused):
            return Problem(display, f"配置文件有误：{loaded.reason}", loaded.line)
        data = loaded or {}
    import jsonschema  # only when there is a config file to validate

    schema = _schema()
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        reasons = list(dict.fromkeys(schemaerrors.explain(e, _known_keys(schema, list(e.absolute_path))) for e in errors))
        head = f"配置有 {len(reasons)} 处错误：" if len(reasons) > 1 else ""
        return Problem(display, head + "；".join(reasons))
    bad = _bad_deadline(data)
    if bad is not None:
        return Problem(display, bad)
    return Config(path, data)


def _known_keys(schema: dict[str, Any], where: list[Any]) -> list[str]:
    """The keys the schema allows at a place in the config (top level, an override, a rule's options)."""
    settings = schema["$defs"]["settings"]["properties"]
    if not where:
        return list(schema["properties"])
    if where[0] == "overrides":
        if len(where) == 2:
            return [*settings, "files"]
        where = where[2:]
    if len(where) == 2 and where[0] == "options":
        return list(settings["options"]["additionalProperties"]["properties"])
    if len(where) == 3 and where[0] == "options" and where[2] == "deadlines":
        return ["government", "department"]
    return []


def _bad_deadline(data: dict[str, Any]) -> str | None:
    layers = [data, *data.get("overrides", ())]
    for layer in layers:
        for rule, values in layer.get("options", {}).items():
            for kind, text in values.get("deadlines", {}).items():
                reason = month_day_problem(text)
                if reason is not None:
                    return f"配置键“options.{rule}.deadlines.{kind}”的值无效：{reason}"
    return None


def _relative(config: Config, value: str | None) -> Path | None:
    return None if value is None else (config.base / value)


def _layer(settings: Settings, config: Config, layer: dict[str, Any]) -> Settings:
    options = dict(settings.rule_options())
    for rule, values in layer.get("options", {}).items():
        options[rule] = {**options.get(rule, {}), **values}
    severity = {**dict(settings.severity), **layer.get("severity", {})}
    return dataclasses.replace(
        settings,
        select=tuple(layer.get("select", settings.select)),
        ignore=tuple(dict.fromkeys((*settings.ignore, *layer.get("ignore", ())))),
        severity=tuple(sorted(severity.items())),
        options=tuple(sorted((r, json.dumps(v, sort_keys=True)) for r, v in options.items())),
        issuer_kind=layer.get("issuer_kind", settings.issuer_kind),
        previous=_relative(config, layer.get("previous")) or settings.previous,
        enforcement=layer.get("enforcement", settings.enforcement),
        outline_edition=str(layer.get("outline_edition", settings.outline_edition or "auto")),
        previous_dir=_relative(config, layer.get("previous_dir")) or settings.previous_dir,
    )


def normalise_pattern(pattern: str, base: str) -> str:
    """A pattern as gitignore-style matching wants it: `/` separators (a Windows user's `a\\b` is `a/b`), and
    an absolute pattern with a drive letter (C:\\reports\\*.txt) made relative to the config's folder."""
    text = pattern.replace("\\", "/")
    if len(text) > 2 and text[1] == ":" and text[2] == "/" and text[0].isalpha():
        from pathlib import PureWindowsPath

        try:
            return "/" + PureWindowsPath(text).relative_to(PureWindowsPath(base)).as_posix()
        except ValueError:
            return text
    return text


def _matches(config: Config, file: Path, patterns: list[str]) -> bool:
    """gitignore-style globs relative to the config's folder (pathspec): `*` stays within one folder,
    `**` crosses folders, a pattern without `/` matches a name at any depth, `dir/` a folder."""
    import pathspec

    base = config.base.resolve()
    try:
        relative = file.resolve().relative_to(base).as_posix()
    except ValueError:
        relative = file.as_posix()
    spec = pathspec.GitIgnoreSpec.from_lines(normalise_pattern(p, str(base)) for p in patterns)
    return spec.match_file(relative)


def resolve(config: Config, file: Path | None, cli: Settings) -> Settings:
    """Settings for one file: the config file's top level, then matching overrides, then the command line."""
    data = config.data
    settings = Settings(
        rule_dirs=tuple(config.base / d for d in data.get("rules", ())),
        fail_on=data.get("fail_on"),
        baseline=_relative(config, data.get("baseline")),
        config_path=config.path,
    )
    settings = _layer(settings, config, data)
    for override in data.get("overrides", ()):
        if file is not None and _matches(config, file, override["files"]):
            settings = _layer(settings, config, override)
    cli_layer: dict[str, Any] = {}
    if cli.select:
        cli_layer["select"] = list(cli.select)
    if cli.ignore:
        cli_layer["ignore"] = list(cli.ignore)
    if cli.issuer_kind:
        cli_layer["issuer_kind"] = cli.issuer_kind
    settings = _layer(settings, EMPTY, cli_layer)
    return dataclasses.replace(
        settings,
        previous=cli.previous or (None if cli.previous_dir else settings.previous),
        previous_dir=cli.previous_dir or (None if cli.previous else settings.previous_dir),
        rule_dirs=(*settings.rule_dirs, *cli.rule_dirs),
        fail_on=cli.fail_on or settings.fail_on,
        baseline=cli.baseline or settings.baseline,
        report_unused=cli.report_unused,
        fix=cli.fix,
        fingerprints=cli.fingerprints,
        keep_source=cli.keep_source,
        skip_non_reports=cli.skip_non_reports,
        issuer_kind=None if settings.issuer_kind == "auto" else settings.issuer_kind,
    )


def as_dict(settings: Settings) -> dict[str, Any]:
    """The merged settings as plain data, for `lintlaw config show`."""
    return {
        "config": str(settings.config_path) if settings.config_path else None,
        "select": list(settings.select),
        "ignore": list(settings.ignore),
        "severity": dict(settings.severity),
        "options": settings.rule_options(),
        "issuer_kind": settings.issuer_kind or "auto",
        "previous": str(settings.previous) if settings.previous else None,
        "previous_dir": str(settings.previous_dir) if settings.previous_dir else None,
        "rules": [str(d) for d in settings.rule_dirs],
        "fail_on": settings.fail_on or "error",
        "baseline": str(settings.baseline) if settings.baseline else None,
        "enforcement": settings.enforcement is not False,
        "outline_edition": settings.outline_edition or "auto",
    }


STARTER = """\
# lintlaw configuration — found by walking up from each checked file.
# Every key is optional; `lintlaw config show FILE` prints what applies to a file.

# Only these packs or rule ids (default: all). Packs: structure outline timeliness data writing privacy
# select: [structure, outline, timeliness, data, privacy]

# Rules or packs to leave out.
# ignore: [writing/stray-spaces]

# The reporting body: government (deadline 1 April) or department (1 March); auto infers it from
# the issuer's name (…局/…委/…办 are departments, …人民政府 governments).
issuer_kind: auto

# Severity of a failing finding that makes `lintlaw check` exit 1: error, warning or info.
fail_on: error

# Change a rule's severity.
# severity:
#   structure/other-matters: warning

# Rule options.
# options:
#   outline/court-appearance-rate: {min: 100}        # the bound for the appearance rate, in %
#   timeliness/deadline: {deadlines: {government: "04-01", department: "03-01"}}

# Your own rule packs (<dir>/<pack>/<rule>.yaml), relative to this file.
# rules: [my-rules]

# Does the reporting body have administrative enforcement powers? false skips the enforcement
# rules (outline/three-enforcement-systems, outline/enforcement-manner …); set it per path in overrides.
# enforcement: true

# The 纲要 edition the reports answer to: auto picks it by report year (2016–2020: 2015, later: 2021);
# outline topics that only the 2021–2025 edition asks for are skipped for a 2015 report.
# outline_edition: auto

# Last year's report, for the cross-year rules (data/copied-from-previous, structure/plan-follow-through …).
# previous: 2023/report.txt

# Or a folder of last year's reports: each checked report is compared with the one of the same issuing
# body (厦门市湖里区司法局 = 湖里区司法局) for the year before.
# previous_dir: ../2023

# Findings recorded by `lintlaw baseline` are not reported again.
# baseline: .lintlaw-baseline.json

# Settings for some files only (globs relative to this file); later entries win.
# overrides:
#   - files: ["departments/*.txt"]
#     issuer_kind: department
#   - files: ["drafts/*"]
#     ignore: [writing]
"""
