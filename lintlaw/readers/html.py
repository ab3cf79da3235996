"""Read a saved web page (.html/.htm) of a published report: the report body, without the site.

The bytes are decoded here first (a byte-order mark, else an honest <meta charset> naming a real text
encoding, else UTF-8 / GB18030 detection), so a lying charset cannot steer the parser; the text is then
parsed by lxml.html (libxml2's HTML parser, linear in the page's size) with network access off: it
fetches nothing, loads no DTD and resolves no external entity (only the fixed HTML character references
such as &nbsp;), and it tolerates the unclosed tags real pages are full of. A page nested deeper than
libxml2's limit (256 levels) is refused rather than read in part. The parsed tree is then walked without
recursion, and every step below is linear in the page's size.

What the produced text holds, top to bottom:
  * the page metadata found outside the body — 索引号, 发布机构, 公文生成日期, 文号, 发布时间, 来源 …
    — one "名称：值" line each, in page order, labelled "网页信息：名称";
  * the title of the report (the heading above the body, else the ArticleTitle meta tag, else
    the <title>), labelled "网页标题";
  * the body: the smallest element of the page that holds most of its running prose (the 正文
    div), one line per paragraph or table cell, labelled "网页正文第N段" (N counts the body's lines
    that have text), without the site's widgets (扫一扫在手机上查看当前页面, 打印本页, 关闭窗口 …).
Navigation, breadcrumbs, scripts, styles, hidden elements and footers are left out.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from lintlaw.model import Problem
from lintlaw.readers.base import Source
from lintlaw.readers.text import decode

if TYPE_CHECKING:
    from lxml.etree import _Element as Node

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# Elements whose text is never part of the report.
_SKIP = {"script", "style", "noscript", "template", "nav", "footer", "aside", "select", "option", "button", "iframe",
         "object", "svg", "canvas", "map", "textarea", "head"}
# Elements that end a line of text.
_BLOCK = {"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
          "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li",
          "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br"}
# Elements that can hold the body of a report (a paragraph or an inline element cannot).
_CONTAINERS = {"#root", "html", "body", "div", "article", "section", "main", "td", "th", "table", "tbody", "tr", "form",
               "center", "blockquote", "dd", "li", "ul", "ol", "header", "figure"}
# Tags a new one of which implicitly closes an open one (<p>a<p>b, <li>a<li>b, <td>a<td>b).
_SELF_CLOSING_SIBLINGS = {"p": {"p"}, "li": {"li"}, "td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr"},
                          "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"}}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Whole lines that are the site's widgets, never the report (compared with spaces and 【】[] removed).
_WIDGETS = {
    "扫一扫在手机上查看当前页面", "扫一扫在手机打开当前页", "打印本页", "关闭窗口", "打印", "关闭", "附件下载", "相关附件", "附件",
    "相关解读", "文字解读", "图片解读", "视频解读", "访谈解读", "媒体报道", "相关链接", "相关文章", "相关新闻", "分享到",
    "收藏", "我要纠错", "返回顶部", "返回", "字号大中小", "字体大中小", "【字体大中小】", "保存本页", "上一篇", "下一篇",
}
_WIDGET_PREFIX = regex.compile(r"^(?:【?\s*(?:字号|字体)[:：]|分享到[:：]|上一篇[:：]|下一篇[:：]|浏览次数[:：]|访问量[:：]|点击数[:：])")

# Metadata labels of government information-disclosure pages, as written and as we print them.
_META_LABELS = (
    ("索引号", "索引号"), ("主题分类", "主题分类"), ("主题词", "主题词"), ("发布机构", "发布机构"), ("发文机关", "发文机关"),
    ("公文生成日期", "公文生成日期"), ("成文日期", "成文日期"), ("生成日期", "生成日期"), ("发布日期", "发布日期"),
    ("发布时间", "发布时间"), ("备注/文号", "文号"), ("发文字号", "文号"), ("文号", "文号"), ("有效性", "有效性"),
    ("信息来源", "来源"), ("来源", "来源"), ("时间", "发布时间"), ("日期", "发布日期"),
)
_LABEL_RE = regex.compile(
    r"(?P<label>" + "|".join(regex.escape(a) for a, _ in sorted(_META_LABELS, key=lambda p: -len(p[0]))) + r")\s*[:：]\s*"
)
_LABEL_NAME = dict(_META_LABELS)
_LABEL_ALONE = regex.compile(r"^(?P<label>" + "|".join(regex.escape(a) for a, _ in _META_LABELS) + r")\s*[:：]?$")
_META_TAGS = {"articletitle": "title", "pubdate": "发布时间", "contentsource": "来源"}
_PROSE = regex.compile(r"[。，；]")
_SPACES = regex.compile(r"[ \t\r\n\f\v]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


@dataclass(slots=True)
class _Element:
    tag: str
    parent: _Element | None
    depth: int
    index: int = 0
    classes: str = ""  # class and id attributes, lower-cased
    prose: int = 0  # characters of prose lines inside
    last: int = 0  # index of the last element inside (elements are numbered in page order)
    heading: str = ""  # the innermost enclosing h1…h6, or "title" for a title-ish element
    cell: bool = False  # inside a table cell


@dataclass(slots=True)
class _Line:
    text: str
    element: _Element  # innermost open element when the line ended
    heading: str = ""  # h1…h6 or "title" when the line is a heading or a title-ish element
    cell: bool = False


class _Collector:
    """Turns start-tag / text / end-tag events into lines, each knowing its innermost element.
    Everything per line or per element is derived from the parent, so no step walks the stack."""

    def __init__(self) -> None:
        self.root = _Element("#root", None, 0)
        self.elements = [self.root]
        self.stack: list[_Element] = [self.root]
        self.skip_depth = 0
        self.buffer: list[str] = []
        self.lines: list[_Line] = []
        self.title = ""
        self.in_title = False
        self.meta: dict[str, str] = {}

    # -- structure
    def _flush(self) -> None:
        if not self.buffer:
            return
        text = "".join(self.buffer)
        self.buffer = []
        text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
        text = _SPACES.sub(" ", text).strip()
        if not text:
            return
        top = self.stack[-1]
        self.lines.append(_Line(text, top, top.heading, top.cell))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("name") or a.get("property") or "").lower()
            if name in _META_TAGS and a.get("content", "").strip():
                self.meta[_META_TAGS[name]] = one_line(a["content"])
            return
        if tag == "title":
            self.in_title = True
            return
        if tag in _BLOCK:
            self._flush()
        if tag in _VOID:
            return
        # Implicitly close <p>, <li>, <td> … when a sibling of the same kind opens.
        closes = _SELF_CLOSING_SIBLINGS.get(tag)
        if closes and self.stack[-1].tag in closes:
            self._pop_to(len(self.stack) - 1)
        hidden = bool(_HIDDEN_STYLE.search(a.get("style", ""))) or "hidden" in a
        parent = self.stack[-1]
        element = _Element(tag, parent, len(self.stack), len(self.elements), f"{a.get('class', '')} {a.get('id', '')}".lower())
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            element.heading = tag
        elif parent.heading:
            element.heading = parent.heading
        elif _title_class(element):
            element.heading = "title"
        element.cell = parent.cell or tag in ("td", "th")
        self.elements.append(element)
        self.stack.append(element)
        if tag in _SKIP or hidden or self.skip_depth:
            self.skip_depth += 1

    def _pop_to(self, position: int) -> None:
        self._flush()
        while len(self.stack) > position:
            self.stack.pop().last = len(self.elements) - 1
            if self.skip_depth:
                self.skip_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in _VOID:
            if tag == "br":
                self._flush()
            return
        for position in range(len(self.stack) - 1, 0, -1):
            if self.stack[position].tag == tag:
                self._pop_to(position)
                return
        if tag in _BLOCK:  # a stray end tag still ends the line
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip_depth:
            self.buffer.append(data)

    def close(self) -> None:
        self._pop_to(1)
        self.root.last = len(self.elements) - 1


def _feed(root: Node, collector: _Collector) -> None:
    """Replay the parsed tree as events, in page order, with an explicit stack (no recursion)."""
    todo: list[tuple[Node, bool]] = [(root, False)]
    while todo:
        node, closing = todo.pop()
        tag = node.tag if isinstance(node.tag, str) else None  # comments and processing instructions have none
        if closing:
            if tag is not None:
                collector.handle_endtag(tag)
            if node.tail:
                collector.handle_data(node.tail)
            continue
        if tag is None:
            if node.tail:
                collector.handle_data(node.tail)
            continue
        collector.handle_starttag(tag.lower(), list(node.attrib.items()))
        if node.text:
            collector.handle_data(node.text)
        todo.append((node, True))
        todo.extend((child, False) for child in reversed(node))


def one_line(text: str) -> str:
    """A title or attribute value as one line: a line break inside it joins (as in “法治\n政府”)."""
    return regex.sub(r"[ \t\u3000]+", " ", regex.sub(r"\s*[\r\n]+\s*", "", text)).strip()

def _title_class(e: _Element) -> bool:
    return bool(re.search(r"(?:^|[\s_-])(?:title|bt|biaoti|tit)(?:$|[\s_-])", e.classes))


# The encodings a web page's <meta charset> is honoured for: real text encodings of pages, by their
# codecs names. Anything else (rot13, base64, zlib, uu, undefined, utf-7 …) is ignored and the bytes
# are detected as for a text file, so a lying label can neither crash the reader nor garble the text.
_PAGE_ENCODINGS = frozenset({
    "utf-8", "gb18030", "big5", "big5hkscs", "cp950", "ascii", "latin-1", "shift_jis", "cp932", "euc_jp",
    "euc_kr", "cp949", "koi8-r", "koi8-u", "mac-roman",
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)),
    *(f"cp{n}" for n in range(1250, 1259)),
})


def _charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn"):
        return "gb18030"  # pages labelled GB2312/GBK use GBK characters; GB18030 is the superset
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return codec if codec in _PAGE_ENCODINGS else None


def _decode(data: bytes) -> tuple[str, str] | str:
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                return f"带 {name} 字节顺序标记，但无法按 {name} 解码"
    declared = _charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeError:
            pass  # mislabelled pages exist: fall back to detection
    return decode(data)


MAX_DEPTH = 256  # libxml2's own limit; a deeper page is refused, never read in part


def _parse(html_text: str) -> tuple[_Collector, None] | tuple[None, str]:
    """The page's lines and metadata, or why the page cannot be parsed."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html_text.encode("utf-8", "surrogatepass"), parser=parser)
    except lxml.etree.ParserError:
        return None, "网页没有文字内容"
    except (lxml.etree.LxmlError, ValueError) as exc:
        return None, f"无法读取网页：{str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__}"
    if any(e.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log):
        return None, f"网页元素嵌套超过 {MAX_DEPTH} 层，无法完整读取，拒绝读取"
    collector = _Collector()
    _feed(root, collector)
    collector.close()
    return collector, None


_SPACED_LABEL = regex.compile(r"(?<![\p{Han}])\p{Han}(?:[\s\u3000]*[\p{Han}/]){1,7}[\s\u3000]*(?=[:：])")


def _compact_labels(text: str) -> str:
    """索 引 号： and 文　　号： → 索引号： and 文号： (pages space labels out to align them)."""
    return _SPACED_LABEL.sub(lambda m: regex.sub(r"[\s\u3000]+", "", m.group(0)), text)


def _split_meta(text: str) -> list[tuple[str, str]]:
    """'来源：鲤城区司法局 时间：2025-02-17 10:03' → [('来源', '鲤城区司法局'), ('发布时间', '2025-02-17 10:03')]."""
    compact = _compact_labels(text)
    matches = list(_LABEL_RE.finditer(compact))
    if not matches or compact[: matches[0].start()].strip(" •·|｜[]【】"):
        return []
    out = []
    for m, nxt in zip(matches, matches[1:] + [None]):
        value = compact[m.end() : nxt.start() if nxt else len(compact)]
        value = regex.sub(r"\s*【[^】]*】.*$", "", value).strip(" •·|｜\u3000")
        if value:
            out.append((_LABEL_NAME[m["label"]], value))
    return out


def _is_widget(text: str) -> bool:
    bare = regex.sub(r"[\s【】\[\]〖〗『』()（）|｜>»·•:：]", "", text)
    return bare in _WIDGETS or bool(_WIDGET_PREFIX.match(text))


def read_html(data: bytes, display: str, fmt: str) -> Source | Problem:
    if not data:
        return Problem(display, "文件为空")
    decoded = _decode(data)
    if isinstance(decoded, str):
        return Problem(display, f"无法读取网页：{decoded}")
    html_text, encoding = decoded
    parser, reason = _parse(html_text)
    if parser is None:
        return Problem(display, reason or "无法读取网页")
    lines = parser.lines
    if not lines:
        return Problem(display, "网页没有文字内容")

    # Prose per element: every element holds the prose characters of the lines inside it. Elements are
    # numbered in page order, so a child comes after its parent: one backward pass adds them up.
    prose_total = 0
    for line in lines:
        if _PROSE.search(line.text) and len(line.text) >= 15:
            prose_total += len(line.text)
            line.element.prose += len(line.text)
    for element in reversed(parser.elements):
        if element.parent is not None:
            element.parent.prose += element.prose
    if prose_total == 0:
        return Problem(display, "网页里没有找到报告正文")
    # The body: the deepest container (not a paragraph or an inline element) holding 60% of the prose.
    body = max((e for e in parser.elements if e.prose >= 0.6 * prose_total and e.tag in _CONTAINERS), key=lambda e: e.depth)
    in_body = [body.index <= line.element.index <= body.last for line in lines]
    first_body = in_body.index(True)

    # The title: the last heading-like line above the body (a site logo in an <h1> comes first).
    title_at = -1
    for i in range(first_body):
        line = lines[i]
        if line.heading and 4 <= len(line.text) <= 100 and not _is_widget(line.text) and not _split_meta(line.text):
            title_at = i
    out: list[str] = []
    labels: list[str] = []
    # Metadata and title, in page order, from the part of the page above the body.
    seen_meta: set[str] = set()
    pending_label = ""
    for i in range(first_body):
        line = lines[i]
        if i == title_at:
            out.append(line.text)
            labels.append("网页标题")
            continue
        alone = _LABEL_ALONE.match(_compact_labels(line.text))
        if alone and line.cell:  # <td>索引号：</td><td>QZ01104-…</td>
            pending_label = _LABEL_NAME[alone["label"]]
            continue
        pairs = [(pending_label, line.text)] if pending_label and line.cell else _split_meta(line.text)
        pending_label = ""
        for name, value in pairs:
            if name not in seen_meta:
                seen_meta.add(name)
                out.append(f"{name}：{value}")
                labels.append(f"网页信息：{name}")
    for name in ("来源", "发布时间"):
        if name in parser.meta and name not in seen_meta:
            out.insert(0, f"{name}：{parser.meta[name]}")
            labels.insert(0, f"网页信息：{name}")
    if title_at < 0:
        title = parser.meta.get("title") or regex.split(r"\s*(?:[-_|｜—]+)\s*", one_line(parser.title))[0]
        if title.strip() and title.strip() != lines[first_body].text.strip():
            out.append(title.strip())
            labels.append("网页标题")

    paragraph = 0
    for line, inside in zip(lines, in_body):
        if not inside or _is_widget(line.text):
            continue
        paragraph += 1
        out.append(line.text)
        labels.append(f"网页正文第{paragraph}段")
    if not paragraph:
        return Problem(display, "网页里没有找到报告正文")
    return Source("\n".join(out), fmt, encoding, tuple(labels))
