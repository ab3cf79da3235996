"""Decide whether a file is clearly not an annual report (for --skip-non-reports), from the gate rule's
verdict and the report vocabulary declared in rules/report-vocabulary.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from collections.abc import Iterable

import regex

from lintlaw.model import Finding, Problem, Status

VOCABULARY_FILE = "report-vocabulary.yaml"
REASON = "不是法治政府建设年度报告"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    patterns: tuple[regex.Pattern[str], ...]

    def occurs_in(self, text: str) -> bool:
        return any(p.search(text, timeout=2.0) for p in self.patterns)


def parse(data: object, display: str) -> Vocabulary | Problem:
    """The vocabulary from the file's data: {patterns: [regex, …]}."""
    patterns = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
        return Problem(display, "报告用语文件应有非空的 patterns 列表（每项是一个正则表达式）")
    try:
        return Vocabulary(tuple(regex.compile(p) for p in patterns))
    except regex.error as exc:
        return Problem(display, f"报告用语文件中的正则表达式无效：{exc}")


def load() -> Vocabulary | Problem:
    """The built-in vocabulary (YAML is imported only when --skip-non-reports is used)."""
    import yaml

    resource = resources.files("lintlaw.rules").joinpath(VOCABULARY_FILE)
    try:
        return parse(yaml.safe_load(resource.read_text(encoding="utf-8")), VOCABULARY_FILE)
    except (OSError, yaml.YAMLError) as exc:
        return Problem(VOCABULARY_FILE, f"报告用语文件无法读取：{exc}")


def clearly_not_a_report(findings: Iterable[Finding], gates: frozenset[str], text: str, vocabulary: Vocabulary) -> bool:
    """True when a gate rule failed and the text has none of the report vocabulary."""
    gate_failed = any(f.rule in gates and f.status is Status.FAIL for f in findings)
    return gate_failed and not vocabulary.occurs_in(text)
