"""Find this year's sentences that repeat last year's — word for word, or with only figures, years or
names changed — and name what was changed (「2022年→2023年」「462件→515件」).

A sentence is compared by its skeleton: punctuation and spaces dropped, boilerplate phrases cut out
(a rule's `boilerplate` list), every number written as #. Equal skeletons are a copy with at most the
figures changed; otherwise two skeletons count as a copy when difflib's ratio of the two reaches the
rule's `similarity` (0.85: about one character in eight differs, as when a place name or a date is
swapped). Candidates are found through shared 4-character shingles, so a report is not compared
sentence by sentence with every sentence of the other.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from itertools import chain

import regex

from lintlaw.messages import Messages
from lintlaw.document import Document
from lintlaw.matching import blank
from lintlaw.patterns import Template

_SENTENCE = regex.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_NOT_TEXT = regex.compile(r"[\s\p{P}\p{S}|]+")
_NUMBER = regex.compile(r"\d+(?:\.\d+)?")
_TOKEN = regex.compile(r"\d+(?:\.\d+)?%?|.", regex.S)
# A unit or place word after a changed token is shown with it: 「462件→515件」 rather than 「462→515」.
_UNITS = frozenset("年月日件次人个位起宗处项条场名家所户份篇期批册张台支元万亿%区县市镇乡街村")
SHINGLE = 4
MAX_CHANGES = 6


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # offsets in Document.logical
    end: int
    text: str  # as written
    skeleton: str


@dataclass(frozen=True, slots=True)
class Copy:
    index: int  # position among this year's sentences (adjacent copies form one passage)
    current: Sentence
    previous: Sentence
    score: float
    changes: tuple[tuple[str, str], ...]  # (last year's wording, this year's)


def sentences(
    doc: Document, ranges: list[tuple[int, int]], boilerplate: tuple[Template, ...], year: int | None, min_length: int
) -> list[Sentence]:
    """The sentences in logical ranges whose skeleton keeps at least min_length characters."""
    out = []
    stripped = blank(doc.logical, ranges, boilerplate, year)
    for a, b in ranges:
        for m in _SENTENCE.finditer(doc.logical, a, b):
            skeleton = _NUMBER.sub("#", _NOT_TEXT.sub("", stripped[m.start() : m.end()]))
            if len(skeleton) - skeleton.count("#") >= min_length:
                out.append(Sentence(m.start(), m.end(), m.group(0).strip(), skeleton))
    return out


def _shingles(skeleton: str) -> set[str]:
    return {skeleton[i : i + SHINGLE] for i in range(max(1, len(skeleton) - SHINGLE + 1))}


def find_copies(mine: list[Sentence], earlier: list[Sentence], similarity: float) -> list[Copy]:
    """This year's sentences that repeat one of last year's, in this year's order."""
    exact: dict[str, Sentence] = {}
    for s in earlier:
        exact.setdefault(s.skeleton, s)
    postings: dict[str, list[int]] | None = None  # built when a sentence is not an exact copy
    copies = []
    for index, s in enumerate(mine):
        found = exact.get(s.skeleton)
        score = 1.0
        if found is None:
            if postings is None:
                postings = {}
                for i, e in enumerate(earlier):
                    for sh in _shingles(e.skeleton):
                        postings.setdefault(sh, []).append(i)
            found, score = _nearest(s, earlier, postings, similarity)
        if found is not None:
            copies.append(Copy(index, s, found, score, changes(found.text, s.text)))
    return copies


def _nearest(
    s: Sentence, earlier: list[Sentence], postings: dict[str, list[int]], similarity: float
) -> tuple[Sentence | None, float]:
    shingles = _shingles(s.skeleton)
    counts = Counter(chain.from_iterable(postings.get(sh, ()) for sh in shingles))
    # Only sentences sharing a good part of the shingles can reach the ratio; check the best few.
    floor = max(2, int(0.3 * len(shingles)))
    best: tuple[Sentence | None, float] = (None, 0.0)
    for i, _ in sorted(((i, c) for i, c in counts.items() if c >= floor), key=lambda ic: (-ic[1], ic[0]))[:3]:
        ratio = difflib.SequenceMatcher(None, s.skeleton, earlier[i].skeleton, autojunk=False).ratio()
        if ratio >= similarity and ratio > best[1]:
            best = (earlier[i], ratio)
    return best


def changes(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """The wording changed between two versions of a sentence, number by number and word by word."""
    if before == after:
        return ()
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    if len(a) == len(b):
        # Most copies differ only in figures at the same places: compare token by token.
        differ = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if all(a[i][0].isdigit() and b[i][0].isdigit() for i in differ):
            return tuple(dict.fromkeys(_with_unit(a, b, i, i + 1, i + 1) for i in differ))
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old, new = _with_unit(a, b, i1, i2, j2, j1)
        if old or new:
            out.append((old, new))
    return tuple(out)


def _with_unit(a: list[str], b: list[str], i1: int, i2: int, j2: int, j1: int | None = None) -> tuple[str, str]:
    """Tokens a[i1:i2] and b[j1:j2] as shown, with the unit word that follows both (年, 件 …)."""
    j1 = i1 if j1 is None else j1
    old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
    if i2 < len(a) and j2 < len(b) and a[i2] == b[j2] and a[i2] in _UNITS:
        old, new = old + a[i2], new + b[j2]
    return old.strip(), new.strip()


def describe(changed: tuple[tuple[str, str], ...], messages: Messages) -> str:
    """「2022年→2023年」「462件→515件」, or 一字未改 (the texts: rules/messages.yaml, reuse-*)."""
    say = messages.text
    if not changed:
        return say("reuse-unchanged")
    changed = tuple(dict.fromkeys(changed))  # a passage that changed the same year twice says it once
    shown = [
        say("reuse-change", old=_cut(old) or say("reuse-added"), new=_cut(new) or say("reuse-removed"))
        for old, new in changed[:MAX_CHANGES]
    ]
    more = say("reuse-more", count=len(changed)) if len(changed) > MAX_CHANGES else ""
    return say("reuse-changes", changes="".join(shown), more=more)


def _cut(text: str, width: int = 14) -> str:
    return text if len(text) <= width else text[:width] + "…"


def passages(copies: list[Copy], logical: str) -> list[list[Copy]]:
    """Copies of adjacent sentences of one paragraph, merged into passages."""
    out: list[list[Copy]] = []
    for c in copies:
        last = out[-1][-1] if out else None
        if last is not None and c.index == last.index + 1 and "\n" not in logical[last.current.end : c.current.start]:
            out[-1].append(c)
        else:
            out.append([c])
    return out
