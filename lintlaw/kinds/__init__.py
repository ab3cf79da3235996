"""The rule kinds, one module each (its Params, `params` from YAML data, `check`), and their registry.

A kind module defines:
- a frozen `Params` dataclass (subclass of lintlaw.kinds.base.Params): what its rules' YAML says;
- `params(data, build) -> Params`: compile validated YAML data (build checks message placeholders);
- `check(rule, params, doc, ctx) -> list[Violation]`: the verdicts, failures in reading order;
- `PLACEHOLDERS`: the names its rules' messages may use; `MESSAGES`: the rules/messages.yaml texts it
  uses, with the names each is given; optionally `OPTIONS` (config option → Params field, converter)
  `WHOLE_DOCUMENT = True` (one verdict per document) and `READS` (the optional parts of the document
  model its checks read — outline, masked; every part when it does not say).
Adding a kind: one module here, one line in KINDS below, its keys in lintlaw/schema/rule.schema.json (one allOf
entry) and its texts in rules/messages.yaml."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType, ModuleType
from typing import Any
from collections.abc import Callable, Mapping

from lintlaw.kinds import (
    consistency,
    current,
    date,
    forbid,
    match_items,
    meta,
    metric,
    overlap,
    pairs,
    ratio,
    require,
    require_all,
    reuse,
    sequence,
    sum,
    trend,
    years,
)
from lintlaw.kinds.base import Build, Params, Violation
from lintlaw.rule import RuleParams

Convert = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    params: Callable[[Mapping[str, Any], Build], Params]
    check: Callable[..., list[Violation]]  # (rule, params, doc, ctx) with the kind's own Params type
    placeholders: frozenset[str]
    messages: Mapping[str, frozenset[str]]
    options: Mapping[str, tuple[str, Convert]]  # config option key → (Params field, converter)
    whole_document: bool  # one verdict per document (the others give one finding per occurrence)
    reads: frozenset[str]  # the optional parts of the document model its checks read: outline, masked


def _kind(name: str, module: ModuleType) -> Kind:
    return Kind(
        name, module.params, module.check, module.PLACEHOLDERS, MappingProxyType(dict(module.MESSAGES)),
        MappingProxyType(dict(getattr(module, "OPTIONS", {}))), getattr(module, "WHOLE_DOCUMENT", False),
        # A kind that does not say what it reads gets every part: a rule never sees a half-built model.
        getattr(module, "READS", frozenset({"outline", "masked"})),
    )


KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        k.name: k
        for k in (
            _kind("require", require),
            _kind("require-all", require_all),
            _kind("forbid", forbid),
            _kind("metric", metric),
            _kind("ratio", ratio),
            _kind("sequence", sequence),
            _kind("pairs", pairs),
            _kind("date", date),
            _kind("years", years),
            _kind("meta", meta),
            _kind("overlap", overlap),
            _kind("sum", sum),
            _kind("consistency", consistency),
            _kind("reuse", reuse),
            _kind("current", current),
            _kind("match-items", match_items),
            _kind("trend", trend),
        )
    }
)

# Kinds that give exactly one verdict per document.
WHOLE_DOCUMENT_KINDS = frozenset(k.name for k in KINDS.values() if k.whole_document)

# Placeholders each kind fills in rule messages (fail `message`, `pass_message`, and the kind's own messages).
PLACEHOLDERS: Mapping[str, frozenset[str]] = MappingProxyType({k.name: k.placeholders for k in KINDS.values()})

# Options every rule takes in a config's `options:` table (beyond its kind's own).
SHARED_OPTIONS: Mapping[str, tuple[str, Convert]] = MappingProxyType({"max_findings": ("max_findings", int)})


# The texts the engine gives around the kinds (lintlaw.engine), with the names each is given.
ENGINE_MESSAGES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pass": frozenset(),
        "not-a-report": frozenset(),
        "wrong-format": frozenset({"format"}),
        "timeout": frozenset(),
        "timeout-problem": frozenset({"rule", "pattern"}),
        "moot": frozenset({"reason", "line", "text"}),
        "edition-2015": frozenset(),
        "edition-2021": frozenset(),
        "other-edition": frozenset({"rule_edition", "edition"}),
        "no-enforcement": frozenset(),
    }
)


def message_contract() -> dict[str, frozenset[str]]:
    """Every rules/messages.yaml key the engine or some kind uses, with the names it is given."""
    contract: dict[str, frozenset[str]] = dict(ENGINE_MESSAGES)
    for k in KINDS.values():
        for key, names in k.messages.items():
            contract[key] = contract.get(key, frozenset()) | names
    return contract


def option_problem(kind: str, key: str) -> str | None:
    """Why a config option does not apply to rules of a kind; None when it does."""
    if key in SHARED_OPTIONS or key in KINDS[kind].options:
        return None
    usable = sorted({*SHARED_OPTIONS, *KINDS[kind].options})
    return f"不适用于 {kind} 类规则（可用：{'、'.join(usable)}）"


def with_options(params: RuleParams, kind: str, values: Mapping[str, Any]) -> RuleParams:
    """Params with the configured option values of the kind's own options (shared ones are Rule fields)."""
    changes: dict[str, object] = {}
    for key, value in values.items():
        if key not in KINDS[kind].options:
            continue
        field_name, convert = KINDS[kind].options[key]
        if key == "deadlines":
            merged = {**dict(getattr(params, field_name)), **{k: tuple(map(int, v.split("-"))) for k, v in value.items()}}
            changes[field_name] = tuple(sorted(merged.items()))
        else:
            changes[field_name] = convert(value) if convert else value
    return dataclasses.replace(params, **changes) if changes else params  # type: ignore[type-var]
