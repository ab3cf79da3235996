"""Apply rule option values (a config's `options:` table, or an example's `options:`) to a compiled rule."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from lintlaw import kinds
from lintlaw.rule import Rule


def with_options(rule: Rule, values: Mapping[str, Any]) -> Rule:
    """The rule with option values applied: max_findings (every kind), the others in the kind's Params
    (kinds.with_options; an option the kind does not take is a problem found earlier: kinds.option_problem)."""
    if not values:
        return rule
    return dataclasses.replace(
        rule,
        max_findings=int(values["max_findings"]) if "max_findings" in values else rule.max_findings,
        params=kinds.with_options(rule.params, rule.kind, values),
    )
