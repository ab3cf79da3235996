"""A structural check that a pattern cannot backtrack catastrophically, so built-in patterns can run without a clock."""

from __future__ import annotations

from dataclasses import dataclass

# A repeat whose upper bound exceeds this counts as unbounded for the nesting rule ((a|aa){1,20} is
# already a million paths), and a lazy span longer than this needs a literal on both sides.
REPEAT_LIMIT = 10
SPAN_LIMIT = 100


class _Unparsable(Exception):
    """The pattern uses syntax this checker does not model: it cannot be proven linear."""


@dataclass(frozen=True, slots=True)
class Quantifier:
    low: int
    high: int | None  # None: unbounded
    mode: str  # "greedy", "lazy" or "possessive"


@dataclass(frozen=True, slots=True)
class Node:
    """One item of a sequence: a literal character, a character set, a group or an assertion."""

    kind: str  # "literal", "set", "group", "assert", "backref"
    quantifier: Quantifier | None = None
    literal_set: bool = False  # a character or a set of listed characters (no ranges, classes, negation)
    broad: bool = False  # a set that matches almost any character: ., [^…], \S, \D, \W, \P{…}
    group: str = ""  # for groups: "capture", "plain", "atomic", "look"
    branches: tuple[tuple[Node, ...], ...] = ()


_ESCAPE_CLASSES = set("dDsSwWhHvV")
_ZERO_WIDTH_ESCAPES = set("bBAZzG")
_LITERAL_ESCAPES = {"n", "t", "r", "f", "v", "a", "e"}


class _Parser:
    def __init__(self, source: str) -> None:
        self.s = source
        self.i = 0

    def peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.s[j] if j < len(self.s) else ""

    def parse(self) -> tuple[tuple[Node, ...], ...]:
        branches = self.alternation()
        if self.i != len(self.s):
            raise _Unparsable(f"unexpected {self.peek()!r} at {self.i}")
        return branches

    def alternation(self) -> tuple[tuple[Node, ...], ...]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.sequence())
        return tuple(branches)

    def sequence(self) -> tuple[Node, ...]:
        items: list[Node] = []
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            if atom is None:
                continue
            quantifier = self.quantifier()
            if quantifier is not None:
                if atom.kind == "assert":
                    raise _Unparsable("quantified assertion")
                atom = Node(atom.kind, quantifier, atom.literal_set, atom.broad, atom.group, atom.branches)
            items.append(atom)
        return tuple(items)

    def atom(self) -> Node | None:
        c = self.peek()
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_set()
        if c == "\\":
            return self.escape()
        self.i += 1
        if c in "^$":
            return Node("assert")
        if c == ".":
            return Node("set", broad=True)
        if c in "*+?{" and not (c == "{" and not self._is_counted()):
            raise _Unparsable(f"nothing to repeat at {self.i - 1}")
        return Node("literal", literal_set=True)

    def _is_counted(self, at: int | None = None) -> bool:
        j = self.i if at is None else at
        rest = self.s[j:]
        if not rest.startswith("{"):
            return False
        close = rest.find("}")
        body = rest[1:close] if close > 0 else ""
        parts = body.split(",")
        return close > 0 and len(parts) <= 2 and all(p.isdigit() or (k == 1 and p == "") for k, p in enumerate(parts)) and parts[0] != ""

    def escape(self) -> Node:
        self.i += 1
        c = self.peek()
        if c == "":
            raise _Unparsable("trailing backslash")
        self.i += 1
        if c in "pP":
            self._braced_name()
            return Node("set", broad=c == "P")
        if c in _ESCAPE_CLASSES:
            return Node("set", broad=c.isupper())
        if c in _ZERO_WIDTH_ESCAPES:
            return Node("assert")
        if c.isdigit():
            if c == "0":
                return Node("literal", literal_set=True)
            return Node("backref")
        if c in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[c]
            self.i += width
            return Node("literal", literal_set=True)
        if c == "N":
            self._braced_name()
            return Node("literal", literal_set=True)
        if c.isalpha() and c not in _LITERAL_ESCAPES:
            raise _Unparsable(f"escape \\{c}")
        return Node("literal", literal_set=True)

    def _braced_name(self) -> None:
        if self.peek() == "{":
            close = self.s.find("}", self.i)
            if close < 0:
                raise _Unparsable("unclosed {")
            self.i = close + 1
        else:
            self.i += 1

    def char_set(self) -> Node:
        self.i += 1
        listed = True
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        first = True
        classes: set[str] = set()
        while True:
            c = self.peek()
            if c == "":
                raise _Unparsable("unclosed [")
            if c == "]" and not first:
                self.i += 1
                break
            if c == "[":
                raise _Unparsable("nested set")
            if c == "\\":
                self.i += 1
                e = self.peek()
                self.i += 1
                if e in "pP":
                    self._braced_name()
                    listed = False
                elif e in _ESCAPE_CLASSES:
                    listed = False
                    classes.add(e)
                elif e in "xuU":
                    self.i += {"x": 2, "u": 4, "U": 8}[e]
            else:
                self.i += 1
                if c == "-" and not first and self.peek() not in ("]", ""):
                    listed = False  # a range
            first = False
        # [\s\S], [\d\D] … match any character.
        everything = any(c.lower() in classes and c.upper() in classes for c in classes)
        return Node("set", literal_set=listed and not negated, broad=negated or everything)

    def group(self) -> Node | None:
        self.i += 1
        kind = "capture"
        if self.peek() == "?":
            self.i += 1
            c = self.peek()
            if c == ":":
                self.i += 1
                kind = "plain"
            elif c == ">":
                self.i += 1
                kind = "atomic"
            elif c in "=!":
                self.i += 1
                kind = "look"
            elif c == "<" and self.peek(1) in "=!":
                self.i += 2
                kind = "look"
            elif (c == "P" and self.peek(1) == "<") or c == "<":
                close = self.s.find(">", self.i)
                if close < 0:
                    raise _Unparsable("unclosed group name")
                self.i = close + 1
            elif c == "P" and self.peek(1) == "=":
                close = self.s.find(")", self.i)
                if close < 0:
                    raise _Unparsable("unclosed backreference")
                self.i = close + 1
                return Node("backref")
            elif c == "#":
                close = self.s.find(")", self.i)
                if close < 0:
                    raise _Unparsable("unclosed comment")
                self.i = close + 1
                return None
            else:
                # Inline flags: (?m) (?i) … or scoped (?i:…).
                start = self.i
                while self.peek().isalpha() or self.peek() == "-":
                    self.i += 1
                flags = self.s[start : self.i]
                if not flags or any(f in flags for f in "xV"):
                    raise _Unparsable(f"group (?{flags}")
                if self.peek() == ")":
                    self.i += 1
                    return None
                if self.peek() != ":":
                    raise _Unparsable(f"group (?{flags}")
                self.i += 1
                kind = "plain"
        branches = self.alternation()
        if self.peek() != ")":
            raise _Unparsable("unclosed (")
        self.i += 1
        if kind == "look":
            return Node("assert", group="look", branches=branches)
        return Node("group", group=kind, branches=branches)

    def quantifier(self) -> Quantifier | None:
        c = self.peek()
        if c == "*":
            low, high = 0, None
            self.i += 1
        elif c == "+":
            low, high = 1, None
            self.i += 1
        elif c == "?":
            low, high = 0, 1
            self.i += 1
        elif c == "{" and self._is_counted():
            close = self.s.find("}", self.i)
            body = self.s[self.i + 1 : close]
            self.i = close + 1
            if "," in body:
                a, b = body.split(",")
                low, high = int(a), (int(b) if b else None)
            else:
                low = high = int(body)
        else:
            return None
        mode = "greedy"
        if self.peek() == "?":
            mode = "lazy"
            self.i += 1
        elif self.peek() == "+":
            mode = "possessive"
            self.i += 1
        return Quantifier(low, high, mode)


def _varies(nodes: tuple[Node, ...]) -> bool:
    """Whether a sequence can match in more than one way: a repeat of varying count, or an alternation."""
    for node in nodes:
        q = node.quantifier
        if node.kind == "assert":
            continue
        if q is not None and q.low != q.high and q.mode != "possessive":
            return True
        if node.kind == "group" and node.group != "atomic" and (
            len(node.branches) > 1 or any(_varies(b) for b in node.branches)
        ):
            return True
    return False


def _is_span(node: Node) -> bool:
    q = node.quantifier
    return node.kind == "set" and q is not None and q.mode == "lazy" and (q.high is None or q.high > SPAN_LIMIT)


def _is_open_broad(node: Node) -> bool:
    q = node.quantifier
    return node.kind == "set" and node.broad and q is not None and q.high is None and q.mode != "possessive"


def _open_broad_count(branches: tuple[tuple[Node, ...], ...]) -> int:
    return sum(
        _is_open_broad(node) + (_open_broad_count(node.branches) if node.kind == "group" else 0)
        for seq in branches
        for node in seq
    )


def _anchor(node: Node | None) -> bool:
    return node is not None and node.quantifier is None and node.kind in ("literal", "set") and node.literal_set


def _problems(branches: tuple[tuple[Node, ...], ...]) -> list[str]:
    found: list[str] = []
    for seq in branches:
        for k, node in enumerate(seq):
            q = node.quantifier
            repeats = q is not None and (q.high is None or q.high > REPEAT_LIMIT) and q.mode != "possessive"
            if node.kind == "group" and repeats and node.group != "atomic" and (
                len(node.branches) > 1 or any(_varies(b) for b in node.branches)
            ):
                found.append("嵌套的重复（如 (a+)+、(a|aa)+）可能导致灾难性回溯；请把内层写成原子组 (?>…)")
            if _is_open_broad(node) and node.quantifier is not None and node.quantifier.mode == "lazy":
                found.append("不限长度的懒惰匹配（如 .*?、[^。]*?）须写明上限，如 [^。]{0,30}?")
            elif _is_span(node):
                before = seq[k - 1] if k > 0 else None
                after = seq[k + 1] if k + 1 < len(seq) else None
                if not (_anchor(before) and _anchor(after)):
                    found.append("长度不限或很长的懒惰匹配（如 [\\s\\S]{0,2000}?）两侧须各有一个字面字符作为锚点")
            if node.branches:
                found += _problems(node.branches)
    return found


def linearity_problem(source: str) -> str | None:
    """Why a pattern may take more than linear time (a Chinese reason); None when it is proven safe."""
    try:
        tree = _Parser(source).parse()
    except _Unparsable as exc:
        return f"无法证明此正则表达式的匹配时间为线性（不支持的写法：{exc}）"
    found = _problems(tree)
    if _open_broad_count(tree) > 1:
        # Two open spans over almost any character (.*…​.*) try every split of the text between them.
        found.append("一个模式中最多只能有一处不限长度、几乎匹配任何字符的重复（如 .*、[^。]+）；请为其余的写明上限")
    return found[0] if found else None
