"""Render the rule reference (docs/rules.md) from the rule files themselves, so it cannot drift."""

from __future__ import annotations

from lintlaw.examples import Example
from lintlaw.model import Packs
from lintlaw.rule import Rule


def _examples(title: str, examples: tuple[Example, ...]) -> list[str]:
    out = [f"{title}", ""]
    for example in examples:
        if example.options:
            out += [f"选项 `options`：`{example.options}`", ""]
        out += ["```text", example.text.rstrip("\n"), "```", ""]
        if example.fixed is not None:
            out += ["`--fix` 改为：", "", "```text", example.fixed.rstrip("\n"), "```", ""]
    return out


def _rule(rule: Rule) -> list[str]:
    return [
        f"### `{rule.id}` — {rule.title}",
        "",
        f"Severity **{rule.severity.label}** · kind `{rule.kind}` · scope `{rule.scope}`"
        + (" · content rule (skipped for documents that are not annual reports)" if rule.content else ""),
        "",
        rule.description or rule.title,
        "",
        f"依据：{rule.cite}",
        "",
        *_examples("通过：", rule.examples_pass),
        *_examples("不通过（⟦⟧ 标出报告的位置）：", rule.examples_fail),
    ]


def render_reference(rules: tuple[Rule, ...], packs: Packs) -> str:
    grouped: dict[str, list[Rule]] = {}
    for rule in sorted(rules, key=lambda r: r.id):
        grouped.setdefault(rule.pack, []).append(rule)
    order = sorted(grouped, key=lambda p: packs.rank(p + "/"))
    out = [
        "# lintlaw rule reference",
        "",
        "Generated from the rule files by `lintlaw rules doc > docs/rules.md`; do not edit by hand.",
        f"{len(rules)} rules in {len(grouped)} packs.",
        "",
        "| rule | severity | title |",
        "|---|---|---|",
        *(f"| `{r.id}` | {r.severity.label} | {r.title} |" for p in order for r in grouped[p]),
        "",
    ]
    for pack in order:
        out += [f"## {packs.title(pack)}", ""]
        for rule in grouped[pack]:
            out += _rule(rule)
    return "\n".join(out).rstrip("\n") + "\n"
