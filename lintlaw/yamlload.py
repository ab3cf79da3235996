"""Parse the YAML of rule and config files safely: no aliases (no alias bombs) and bounded nesting, before anything is built."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml.events import Event

MAX_DEPTH = 64  # real rule and config files nest a handful of levels


@dataclass(frozen=True, slots=True)
class Refused:
    """Why the YAML text is not accepted, with the 1-based line where it goes wrong (None: unknown)."""

    reason: str
    line: int | None = None


def loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


def _line(event: Event) -> int | None:
    """The 1-based line where an event starts (the parsers always mark it; the stubs allow None)."""
    mark = event.start_mark
    return None if mark is None else mark.line + 1


def refusal(text: str) -> Refused | None:
    """Scan the event stream (linear, builds nothing): an alias or a too deep nesting is refused.
    Syntax errors are left to the loader, which reports them with their own words."""
    import yaml

    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader()):
            if isinstance(event, yaml.AliasEvent):
                return Refused(f"不支持 YAML 别名（*{event.anchor}）：请直接写出内容", _line(event))
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return Refused(f"YAML 嵌套超过 {MAX_DEPTH} 层", _line(event))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's own bound, met before ours
            return Refused(f"YAML 嵌套超过 {MAX_DEPTH} 层", 1)
        return None
    return None


def load(text: str) -> Any | Refused:
    """The data of one YAML document, or why it is refused (aliases, nesting, syntax)."""
    import yaml

    refused = refusal(text)
    if refused is not None:
        return refused
    try:
        return yaml.load(text, Loader=loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Refused(f"YAML 语法错误：{reason}", mark.line + 1 if mark else None)
    except (RecursionError, MemoryError):
        return Refused("YAML 内容过于复杂，无法读取")
