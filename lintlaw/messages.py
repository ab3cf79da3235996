"""The fixed Chinese texts the engine and the rule kinds put into findings (rules/messages.yaml), looked up by key."""

from __future__ import annotations

import string
from dataclasses import dataclass
from collections.abc import Mapping


@dataclass(frozen=True, slots=True)
class Messages:
    table: tuple[tuple[str, str], ...] = ()

    def text(self, key: str, **values: object) -> str:
        for name, text in self.table:
            if name == key:
                return text.format_map(values)
        raise KeyError(f"rules/messages.yaml has no message {key!r}")

    def merged(self, other: Messages) -> Messages:
        """These messages with other's texts in place of the same keys (a user's rule folder adapts some)."""
        mine = dict(self.table)
        mine.update(other.table)
        return Messages(tuple(sorted(mine.items())))


def from_data(data: Mapping[str, str]) -> Messages:
    return Messages(tuple(sorted(data.items())))


def problems(messages: Messages, contract: Mapping[str, frozenset[str]]) -> list[tuple[str, str]]:
    """(key, reason) for each message the contract needs that is missing or names a value it is not given."""
    table = dict(messages.table)
    out: list[tuple[str, str]] = []
    for key, allowed in sorted(contract.items()):
        if key not in table:
            out.append((key, "缺少这条消息"))
            continue
        try:
            names = {n for _, n, _, _ in string.Formatter().parse(table[key]) if n is not None}
        except ValueError:
            out.append((key, "消息中的花括号不成对：占位符写作 {名称}，花括号本身写作 {{ 和 }}"))
            continue
        extra = sorted(names - allowed)
        if extra:
            shown = "、".join("{" + n + "}" for n in extra)
            usable = "、".join("{" + n + "}" for n in sorted(allowed)) or "无"
            out.append((key, f"消息中的占位符 {shown} 在此处没有值，可用：{usable}"))
    for key in sorted(set(table) - set(contract)):
        out.append((key, "未知的消息（没有规则类型用到它）"))
    return out
