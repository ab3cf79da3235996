"""Render the rule reference (docs/rules.md) from the rule files themselves, so it cannot drift."""

from __future__ import annotations

from lintlaw.rule import Rule, pack_rank

PACK_TITLES = {
    "structure": "structure — 督察工作规定要求年度报告包含的内容",
    "outline": "outline — 《纲要》要求报告的工作",
    "timeliness": "timeliness — 年度、报送时限和年份",
    "data": "data — 数字前后一致",
    "writing": "writing — 公文写作规范",
    "privacy": "privacy — 不得公开的个人信息",
}


def _examples(title: str, texts: tuple[str, ...]) -> list[str]:
    out = [f"{title}", ""]
    for text in texts:
        out += ["```text", text.rstrip("\n"), "```", ""]
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


def render_reference(rules: tuple[Rule, ...]) -> str:
    packs: dict[str, list[Rule]] = {}
    for rule in sorted(rules, key=lambda r: r.id):
        packs.setdefault(rule.pack, []).append(rule)
    order = sorted(packs, key=lambda p: pack_rank(p + "/"))
    out = [
        "# lintlaw rule reference",
        "",
        "Generated from the rule files by `lintlaw rules doc > docs/rules.md`; do not edit by hand.",
        f"{len(rules)} rules in {len(packs)} packs.",
        "",
        "| rule | severity | title |",
        "|---|---|---|",
        *(f"| `{r.id}` | {r.severity.label} | {r.title} |" for p in order for r in packs[p]),
        "",
    ]
    for pack in order:
        out += [f"## {PACK_TITLES.get(pack, pack)}", ""]
        for rule in packs[pack]:
            out += _rule(rule)
    return "\n".join(out).rstrip("\n") + "\n"
