"""Load rule packs: validate each YAML file against the JSON Schema, compile patterns, report problems as values."""

from __future__ import annotations

import json
import os
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintlaw import cache, safeio, yamlload
from lintlaw import messages as messages_data
from lintlaw.examples import Example
from lintlaw.examples import from_data as example_from_data
from lintlaw.kinds import KINDS, PLACEHOLDERS, message_contract, option_problem
from lintlaw.kinds.base import Build, Invalid
from lintlaw.messages import Messages
from lintlaw.model import Pack, Packs, Problem, Severity
from lintlaw.patterns import Template, pattern_problem
from lintlaw.rule import Rule, month_day_problem
from lintlaw.sections import ScopeDef, SectionDef, SectionExample, SectionTable
from lintlaw.vocabulary import Vocabulary
from lintlaw.vocabulary import from_data as vocabulary_from_data

if TYPE_CHECKING:
    import yaml

# yaml and jsonschema are imported only when a rule file has to be read and validated: a run whose
# rule data is in the cache (lintlaw.cache) starts faster without them.

SECTIONS_FILE = "sections.yaml"
VOCABULARY_FILE = "document.yaml"  # how the document model reads a report (rules/document.yaml)
MESSAGES_FILE = "messages.yaml"  # the fixed texts of findings (rules/messages.yaml)
PACKS_FILE = "packs.yaml"  # the packs' order and titles, for the outputs (rules/packs.yaml)
# The scopes lintlaw.scopes resolves itself; any other scope a rule names is defined in sections.yaml.
_FIXED_SCOPES = frozenset(("document", "head", "opening", "body", "title", "headings", "end"))
LINEARITY_CHECK = b"linearity-1"  # change when lintlaw.linearity changes, so cached packs are checked again


@dataclass(frozen=True, slots=True)
class Rulebook:
    rules: tuple[Rule, ...]
    sections: SectionTable
    problems: tuple[Problem, ...] = ()
    vocabulary: Vocabulary = Vocabulary()
    messages: Messages = Messages()
    packs: Packs = Packs()

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id or rule_id in rule.aliases:
                return rule
        return None


def builtin_rules_dir() -> Path:
    return Path(str(resources.files("lintlaw.rules")))


def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resources.files("lintlaw.schema").joinpath(name).read_text(encoding="utf-8"))
    return schema


def _node_line(node: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    """1-based line of the YAML node at a key path (the deepest one that exists)."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    node, line = v, k.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _key_name(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "（文件顶层）"


def _loader() -> type:
    return yamlload.loader()


def _read_text(path: Path, display: str) -> str | Problem:
    text = safeio.read_utf8(path)
    if isinstance(text, safeio.Unreadable):
        return Problem(display, f"无法读取规则文件：{text.reason}")
    return text


def _parse(text: str, display: str) -> Any | Problem:
    data = yamlload.load(text)
    if isinstance(data, yamlload.Refused):
        return Problem(display, data.reason, data.line)
    return data


def _node(text: str) -> yaml.Node | None:
    """The YAML node tree, composed only when a problem needs a line number."""
    import yaml

    try:
        return yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return None


def _validated(path: Path, display: str, schema_name: str, builtin: bool = False) -> Any | Problem:
    text = _read_text(path, display)
    if isinstance(text, Problem):
        return text
    data = _parse(text, display)
    if isinstance(data, Problem):
        return data
    import jsonschema  # only when a rule file changed: cached runs skip validation entirely

    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    if next(validator.iter_errors(data), None) is None:
        return _pattern_problem(data, text, display, builtin) or data
    problem = _validate(data, _node(text), _schema(schema_name), display)
    assert problem is not None
    return problem


def _validate(data: Any, node: yaml.Node | None, schema: dict[str, Any], display: str) -> Problem | None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    kinds = schema.get("properties", {}).get("kind", {}).get("enum", ())
    if isinstance(data, dict) and data.get("kind") not in kinds:
        # Without a known kind no key is "not for this kind": report the kind (or whatever else is wrong) first.
        errors = [e for e in errors if e.validator != "unevaluatedProperties"] or errors
    elif isinstance(data, dict):
        # A kind's key whose value is wrong also counts as "unevaluated": report the value, not the key.
        errors = [e for e in errors if e.validator != "unevaluatedProperties" or set(data) - _kind_keys(schema, data["kind"])]
    if not errors:
        return None
    error = errors[0]
    while error.validator in ("oneOf", "anyOf") and error.context:
        # One of several shapes (a pattern as a string or a mapping): say what is wrong with the closest one.
        shaped = [e for e in error.context if e.validator != "type"]  # the branches of the value's own type
        error = jsonschema.exceptions.best_match(shaped or error.context)
    path = tuple(error.absolute_path)
    if error.validator == "unevaluatedProperties" and isinstance(error.instance, dict):
        return _not_for_kind(error.instance, schema, path, node, display)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        key_path = path + (extra[0],) if extra else path
        return Problem(display, f"未知的键“{_key_name(key_path)}”", _node_line(node, key_path))
    if error.validator == "required":
        return Problem(display, f"“{_key_name(path)}”缺少必需的键：{error.message}", _node_line(node, path))
    return Problem(display, f"键“{_key_name(path)}”的值无效：{error.message}", _node_line(node, path))


def _kind_keys(schema: dict[str, Any], kind: object) -> set[str]:
    """The keys a rule of a kind may have: the shared ones and its kind's own (rule.schema.json allOf)."""
    keys = set(schema.get("properties", {}))
    for entry in schema.get("allOf", []):
        if entry.get("if", {}).get("properties", {}).get("kind", {}).get("const") == kind:
            keys |= set(entry["then"].get("properties", {}))
    return keys


def _not_for_kind(instance: dict[str, Any], schema: dict[str, Any], path: tuple[Any, ...], node: yaml.Node | None, display: str) -> Problem:
    kind = instance.get("kind")
    key = sorted(set(instance) - _kind_keys(schema, kind))[0]
    takers = [k for k in schema["properties"]["kind"]["enum"] if key in _kind_keys(schema, k)]
    where = path + (key,)
    if not takers:
        return Problem(display, f"未知的键“{_key_name(where)}”", _node_line(node, where))
    return Problem(display, f"键“{_key_name(where)}”不适用于 {kind} 类规则（{'、'.join(takers)} 类规则才有此键）", _node_line(node, where))


def _pattern_sources(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """Every regular expression in a rule or sections file, with its key path."""
    keys = ("patterns", "not_applicable", "editions", "phrases", "specific", "unless", "satisfied_by", "allow", "ignore",
            "terms", "headings", "leads", "noise", "chrome", "title_plan_years", "lead_years", "quoted_titles", "citations",
            "boilerplate")
    singles = ("title_words", "report_title", "body_year", "body_year_ignore")
    found: list[tuple[tuple[Any, ...], str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if (key == "pattern" or key in singles) and isinstance(value, str):
                found.append((path + (key,), value))
            elif key == "issuer_kinds" and isinstance(value, dict):
                found += [(path + (key, k), v) for k, v in value.items() if isinstance(v, str)]
            elif key in keys and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        found.append((path + (key, i), item))
                    else:
                        found += _pattern_sources(item, path + (key, i))
            elif key != "examples":
                found += _pattern_sources(value, path + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found += _pattern_sources(item, path + (i,))
    return found


def _pattern_problem(data: Any, text: str, display: str, builtin: bool = False) -> Problem | None:
    """The first unusable pattern; in the built-in packs also the first that is not proven linear,
    since built-in patterns run without a timeout (lintlaw.patterns.Template.trusted)."""
    for path, source in _pattern_sources(data):
        reason = pattern_problem(source, builtin)
        if reason is not None:
            return Problem(display, f"键“{_key_name(path)}”：{reason}", _node_line(_node(text), path))
    return None


def _templates(sources: list[str], trusted: bool) -> tuple[Template, ...]:
    return tuple(Template(s, trusted) for s in sources)


def _check_placeholders(kind: str, text: str, key: tuple[Any, ...]) -> None:
    allowed = PLACEHOLDERS[kind]
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        raise Invalid(key, "消息中的花括号不成对：占位符写作 {名称}，花括号本身写作 {{ 和 }}") from None
    for _, name, spec, conversion in fields:
        if name is not None and (spec or conversion):
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise Invalid(key, f"消息中的占位符“{{{shown}}}”带有格式说明：只能写 {{{name}}} 这样的名称")
        if name is not None and name not in allowed:
            raise Invalid(key, f"消息中的占位符“{{{name}}}”不属于 {kind} 类规则，可用：{', '.join(sorted(allowed))}")


def _examples(raw: dict[str, Any], key: str, kind: str, fixable: bool) -> tuple[Example, ...]:
    """A rule's pass or fail examples: their options must be the kind's, their deadlines real days, and
    `fixed:` needs a fixable pattern."""
    out = []
    for i, entry in enumerate(raw[key]):
        example = example_from_data(entry)
        if example.fixed is not None and not fixable:
            raise Invalid(("examples", key, i, "fixed"), "只有带 fix: true 模式的规则，例子才能写 fixed（--fix 的结果）")
        for option, value in example.option_values().items():
            reason = option_problem(kind, option)
            if reason is not None:
                raise Invalid(("examples", key, i, "options", option), f"选项{reason}")
            for issuer, day in value.items() if option == "deadlines" else ():
                problem = month_day_problem(day)
                if problem is not None:
                    raise Invalid(("examples", key, i, "options", "deadlines", issuer), problem)
        out.append(example)
    return tuple(out)


def _compile_rule(rule_id: str, data: dict[str, Any], display: str, trusted: bool) -> Rule:
    kind = data["kind"]
    for key in ("message", "pass_message"):
        if key in data:
            _check_placeholders(kind, data[key], (key,))
    build = Build(kind, trusted, lambda text, key: _check_placeholders(kind, text, key), data.get("text") == "raw")
    params = KINDS[kind].params(data, build)
    return Rule(
        id=rule_id,
        kind=kind,
        severity=Severity.parse(data["severity"]),
        title=data["title"],
        message=data["message"],
        cite=data["cite"],
        source=display,
        params=params,
        description=data.get("description", "").strip(),
        pass_message=data.get("pass_message", ""),
        scope=data.get("scope", "document"),
        raw=data.get("text", "logical") == "raw",
        content=data.get("content", False),
        gate=data.get("gate", False),
        max_findings=data.get("max_findings", 20),
        aliases=tuple(data.get("aliases", ())),
        formats=tuple(data.get("formats", ())),
        not_applicable=tuple((Template(n["pattern"], trusted), n["reason"]) for n in data.get("not_applicable", [])),
        requires=tuple(data.get("requires", ())),
        edition=data.get("edition"),
        examples_pass=_examples(data["examples"], "pass", kind, False),
        examples_fail=_examples(data["examples"], "fail", kind, params.fixable),
        examples_previous=data["examples"].get("previous"),
    )


def _compile_problem(path: Path, display: str, exc: Invalid) -> Problem:
    text = _read_text(path, display)
    node = _node(text) if isinstance(text, str) else None
    return Problem(display, f"键“{_key_name(exc.path)}”：{exc.reason}", _node_line(node, exc.path))


def rule_from_data(path: Path, rule_id: str, display: str, data: dict[str, Any], trusted: bool = False) -> Rule | Problem:
    """A rule from validated data; `trusted` (built-in packs only) lets its patterns run without a timeout."""
    try:
        return _compile_rule(rule_id, data, display, trusted)
    except Invalid as exc:
        return _compile_problem(path, display, exc)


def load_rule_file(path: Path, rule_id: str, display: str) -> Rule | Problem:
    data = _validated(path, display, "rule.schema.json")
    if isinstance(data, Problem):
        return data
    return rule_from_data(path, rule_id, display, data)


def sections_from_data(data: dict[str, Any], trusted: bool = False) -> tuple[SectionDef, ...]:
    """Section definitions from validated data (their patterns were checked by _validated)."""
    return tuple(
        SectionDef(
            name, spec["title"], _templates(spec["headings"], trusted), _templates(spec["leads"], trusted),
            spec.get("lead_after", 0.0), spec.get("lead_follows"), spec.get("otherwise"),
        )
        for name, spec in data["sections"].items()
    )


def scopes_from_data(data: dict[str, Any]) -> tuple[ScopeDef, ...]:
    """The scopes sections.yaml defines by the named parts they leave out."""
    return tuple(ScopeDef(name, tuple(spec["without"])) for name, spec in data.get("scopes", {}).items())


def _expected_part(value: dict[str, Any] | None) -> tuple[int, int, str] | None:
    return None if value is None else (value["lines"][0], value["lines"][1], value["by"])


def section_examples_from_data(data: dict[str, Any]) -> tuple[SectionExample, ...]:
    """The examples of sections.yaml: a text, where each listed part lies and which lines each listed scope covers."""
    return tuple(
        SectionExample(
            e["text"],
            tuple((name, _expected_part(v)) for name, v in e.get("sections", {}).items()),
            tuple((name, tuple((a, b) for a, b in ranges)) for name, ranges in e.get("scopes", {}).items()),
        )
        for e in data.get("examples", ())
    )


def load_sections_file(path: Path, display: str) -> tuple[SectionDef, ...] | Problem:
    data = _validated(path, display, "sections.schema.json")
    if isinstance(data, Problem):
        return data
    return sections_from_data(data)


def packs_from_data(data: dict[str, Any]) -> Packs:
    """The packs of a validated packs.yaml; a pack listed twice keeps its first place and title."""
    order: dict[str, Pack] = {}
    for entry in data["packs"]:
        order.setdefault(entry["name"], Pack(entry["name"], entry["title"]))
    return Packs(tuple(order.values()))


def _files(directory: Path) -> list[Path]:
    tops = [directory / name for name in (VOCABULARY_FILE, SECTIONS_FILE, MESSAGES_FILE, PACKS_FILE)]
    return [p for p in tops if os.path.lexists(p)] + sorted(directory.glob("*/*.yaml"))


def _cache_key(directories: tuple[Path, ...]) -> str:
    # LINEARITY_CHECK: a cached built-in pack passed the linearity check of the version that cached it.
    parts = [_schema_bytes(n) for n in ("rule.schema.json", "sections.schema.json", "document.schema.json", "messages.schema.json",
                                        "packs.schema.json")]
    parts.append(LINEARITY_CHECK)
    for directory in directories:
        for path in _files(directory) if directory.is_dir() else []:
            data = safeio.read_bytes(path, safeio.MAX_SETTINGS_BYTES)
            if isinstance(data, safeio.Unreadable):
                raise OSError(data.reason)  # no cache key: the file is read (and reported) on its own
            parts += [str(path).encode("utf-8"), data]
    return "rulebook-" + cache.key(parts)


def _schema_bytes(name: str) -> bytes:
    return resources.files("lintlaw.schema").joinpath(name).read_bytes()


def load(directories: tuple[Path, ...]) -> Rulebook:
    """Load every pack below the given rule directories (the built-in one first), in sorted order.
    Validated rule data is cached on disk, keyed on the files' content (lintlaw.cache)."""
    try:
        key = _cache_key(directories)
    except OSError:
        key = None
    cached = cache.read(key) if key else None
    validated: dict[str, Any] = {}
    rules: list[Rule] = []
    sections: dict[str, SectionDef] = {}
    scopes: dict[str, ScopeDef] = {}
    scope_files: dict[str, str] = {}
    section_examples: list[SectionExample] = []
    vocabulary = Vocabulary()
    packs = Packs()
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    builtin_dir = builtin_rules_dir().resolve()
    # The texts of findings are the built-in ones unless a rule folder replaces some (rules/messages.yaml).
    messages = Messages()
    messages_source = str(builtin_dir / MESSAGES_FILE)
    if all(d.resolve() != builtin_dir for d in directories if d.is_dir()):
        builtin_messages = _validated(builtin_dir / MESSAGES_FILE, messages_source, "messages.schema.json", True)
        if isinstance(builtin_messages, Problem):
            problems.append(builtin_messages)
        else:
            messages = messages_data.from_data(builtin_messages["messages"])
    for directory in directories:
        if not directory.is_dir():
            problems.append(Problem(str(directory), "规则目录不存在"))
            continue
        builtin = directory.resolve() == builtin_dir
        for path in _files(directory):
            display = str(path)
            top = path.parent == directory
            is_sections = top and path.name == SECTIONS_FILE
            is_vocabulary = top and path.name == VOCABULARY_FILE
            is_messages = top and path.name == MESSAGES_FILE
            is_packs = top and path.name == PACKS_FILE
            schema = (
                "sections.schema.json" if is_sections else "document.schema.json" if is_vocabulary
                else "messages.schema.json" if is_messages else "packs.schema.json" if is_packs else "rule.schema.json"
            )
            data = cached.get(display) if isinstance(cached, dict) else None
            if data is None:
                data = _validated(path, display, schema, builtin)
                if isinstance(data, Problem):
                    problems.append(data)
                    continue
            validated[display] = data
            if is_sections:
                sections.update((s.name, s) for s in sections_from_data(data, builtin))
                for scope in scopes_from_data(data):  # a user's sections.yaml may redefine one
                    scopes[scope.name] = scope
                    scope_files[scope.name] = display
                section_examples += section_examples_from_data(data)
                continue
            if is_messages:
                # A user's messages.yaml replaces the texts it names; the others stay the built-in ones.
                messages = messages.merged(messages_data.from_data(data["messages"]))
                messages_source = display
                continue
            if is_vocabulary:
                vocabulary = vocabulary_from_data(data, builtin)  # a user's document.yaml replaces the built-in one
                continue
            if is_packs:
                packs = packs_from_data(data)  # a user's packs.yaml replaces the built-in one
                continue
            result = rule_from_data(path, f"{path.parent.name}/{path.stem}", display, data, builtin)
            if isinstance(result, Problem):
                problems.append(result)
                continue
            for name in (result.id, *result.aliases):
                if name in seen:
                    problems.append(Problem(display, f"规则编号“{name}”与 {seen[name]} 重复"))
                    break
            else:
                seen.update(dict.fromkeys((result.id, *result.aliases), display))
                rules.append(result)
    for rule in rules:
        named = {s.split(":", 1)[1] for s in rule.params.scopes() if s.startswith("section:")}
        for name in sorted(named - set(sections)):
            problems.append(Problem(rule.source, f"引用了未定义的章节“{name}”"))
        if rule.scope.startswith("section:") and rule.scope.split(":", 1)[1] not in sections:
            problems.append(Problem(rule.source, f"作用范围引用了未定义的章节“{rule.scope}”"))
    for scope in scopes.values():
        missing = [n for n in scope.without if n not in sections]
        problems += [Problem(scope_files[scope.name], f"作用范围“{scope.name}”引用了未定义的章节“{n}”") for n in missing]
    for rule in rules:
        if rule.scope not in _FIXED_SCOPES and not rule.scope.startswith("section:") and rule.scope not in scopes:
            problems.append(Problem(rule.source, f"作用范围“{rule.scope}”没有定义（sections.yaml 的 scopes）"))
    unread = any(p.path.endswith(MESSAGES_FILE) for p in problems)  # a messages file that failed to load is reported as such
    for name, reason in () if unread else messages_data.problems(messages, message_contract()):
        problems.append(Problem(messages_source, f"消息“{name}”：{reason}"))
    if key and not problems and cached is None:
        cache.write(key, validated)
    table = SectionTable(tuple(sections.values()), tuple(scopes.values()), tuple(section_examples))
    return Rulebook(tuple(rules), table, tuple(problems), vocabulary, messages, packs)
