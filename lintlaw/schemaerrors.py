"""Chinese one-line explanations of JSON Schema validation errors (unknown key, wrong type, not one of …)."""

from __future__ import annotations

from typing import Any
from collections.abc import Iterable

from lintlaw.suggest import did_you_mean

_TYPES = {
    "object": "键值表（mapping）",
    "array": "列表",
    "string": "字符串",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "null": "空值",
}


def key_path(parts: Iterable[Any]) -> str:
    """overrides[0].issuer_kind: list indexes in brackets, keys joined by dots."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _type_names(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return "或".join(_TYPES.get(n, str(n)) for n in names)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:40] + "…"


def explain(error: Any, known_keys: Iterable[str] = ()) -> str:
    """One Chinese sentence for a jsonschema ValidationError; `known_keys` are the keys allowed where an
    unknown key was found (for “did you mean”)."""
    where = key_path(error.absolute_path)
    at = f"配置键“{where}”" if where else "配置的顶层"
    validator, expected, value = error.validator, error.validator_value, error.instance
    if validator in ("additionalProperties", "unevaluatedProperties") and isinstance(value, dict):
        known = set(known_keys)
        extra = sorted(str(k) for k in value if k not in known)
        names = [key_path([*error.absolute_path, k]) for k in extra]
        hints = "".join(did_you_mean(k, known) for k in extra[:1])
        return f"配置中有未知的键“{'”“'.join(names)}”{hints}"
    if validator == "type":
        return f"{at}的值“{_shown(value)}”应为{_type_names(expected)}"
    if validator == "enum":
        hint = did_you_mean(value, [str(e) for e in expected]) if isinstance(value, str) else ""
        return f"{at}的值“{_shown(value)}”无效，可选：{'、'.join(map(str, expected))}{hint}"
    if validator == "required":
        missing = [k for k in expected if not isinstance(value, dict) or k not in value]
        return f"{at}缺少键“{'”“'.join(missing)}”"
    if validator == "minItems":
        return f"{at}至少要有 {expected} 项"
    if validator == "minLength":
        return f"{at}不能为空"
    if validator in ("minimum", "exclusiveMinimum"):
        return f"{at}的值 {_shown(value)} 太小，应不小于 {expected}"
    if validator in ("maximum", "exclusiveMaximum"):
        return f"{at}的值 {_shown(value)} 太大，应不大于 {expected}"
    if validator == "pattern":
        return f"{at}的值“{_shown(value)}”格式不对"
    return f"{at}的值“{_shown(value)}”无效"
