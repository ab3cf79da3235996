"""The review page's inline stylesheet (screen and A4 print) and plain script (filters, sorting, the
document view), static text that fetches nothing and puts report text into the DOM only as text."""

CSS = r"""
:root { --ok:#1a7f37; --ok-bg:#e6f4ea; --e:#b42318; --e-bg:#fde7e6; --w:#9a6700; --w-bg:#fff4d6;
  --i:#1f5fa8; --i-bg:#e7f0fb; --k:#6b7280; --line:#d0d7de; --h1:1.9em; }
* { box-sizing: border-box; }
body { margin: 0 1.2em 2em; font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", sans-serif; color: #1f2328; background: #fff; }
h1 { font-size: 1.45em; margin: .7em 0 .1em; } h2 { font-size: 1.2em; margin: 1.2em 0 .4em; }
h3 { font-size: 1em; margin: .9em 0 .3em; }
.by, .path, .sub, .hint { color: #57606a; font-size: .86em; }
.rid { font-family: ui-monospace, monospace; font-size: .85em; color: #57606a; }
table.items { border-collapse: collapse; } table.items th, table.items td { border: 1px solid var(--line);
  padding: .25em .6em; text-align: left; vertical-align: top; } table.items td.num { text-align: right; white-space: nowrap; }
.lists { display: flex; flex-wrap: wrap; gap: 0 3em; } .lists ol { margin: .2em 0; padding-left: 1.6em; }
.lists .path { margin-left: .5em; }
.toolbar { display: flex; flex-wrap: wrap; gap: .4em 1.4em; margin: .3em 0 .5em; }
.toolbar label { margin-right: .6em; white-space: nowrap; } .toolbar button { margin-left: .3em; }
.scroll { max-height: 78vh; overflow: auto; border: 1px solid var(--line); }
#matrix { border-collapse: separate; border-spacing: 0; font-size: 13px; table-layout: fixed; width: 1px; }
#matrix col.cd { width: 17em; } #matrix col.cn { width: 3.6em; } #matrix col.cr { width: 2.6em; }
#matrix th, #matrix td { border-right: 1px solid #eaeef2; border-bottom: 1px solid #eaeef2; padding: 0; }
#matrix thead th { position: sticky; background: #f6f8fa; z-index: 2; }
#matrix tr.h1 th { top: 0; height: var(--h1); padding: 0 .3em; white-space: nowrap; }
#matrix tr.h1 th.pack { text-align: left; font-weight: 600; border-left: 2px solid #afb8c1; }
#matrix tr.h2 th { top: var(--h1); }
#matrix th.rule { vertical-align: bottom; padding: .3em 0; width: 2.4em; min-width: 2.4em; font-weight: 500; }
#matrix th.rule span { writing-mode: vertical-rl; display: inline-block; max-height: 9.5em; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
#matrix th.doc { position: sticky; left: 0; z-index: 1; background: #fff; text-align: left; width: 17em;
  min-width: 17em; max-width: 17em; padding: .15em .4em; font-weight: 400; border-right: 2px solid #afb8c1; }
#matrix th.doc > * { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#matrix thead th.corner { z-index: 3; left: 0; vertical-align: bottom; }
#matrix th.count { vertical-align: bottom; padding: 0 .3em; font-weight: 500; }
#matrix td { text-align: center; white-space: nowrap; min-width: 2.4em; height: 2.2em; }
#matrix td.num { padding: 0 .4em; text-align: right; font-variant-numeric: tabular-nums; }
#matrix td a { display: block; color: inherit; text-decoration: none; padding: 0 .15em; line-height: 1.15; }
#matrix td a i { display: block; font-style: normal; font-size: .72em; opacity: .8; }
#matrix td sup { font-size: .65em; }
#matrix tfoot td, #matrix tfoot th { position: sticky; bottom: 0; background: #f6f8fa; font-size: .8em; z-index: 1; }
#matrix tfoot th.doc { z-index: 2; }
#matrix tr.bad td.problem { text-align: left; color: var(--e); padding: 0 .6em; }
.o { color: var(--ok); background: var(--ok-bg); } .k { color: var(--k); }
.x.e { color: var(--e); background: var(--e-bg); font-weight: 700; }
.x.w { color: var(--w); background: var(--w-bg); font-weight: 700; }
.x.i { color: var(--i); background: var(--i-bg); }
#matrix td.n { background: repeating-linear-gradient(45deg, #fff, #fff 3px, #f3f4f6 3px, #f3f4f6 6px); }
#matrix td a:hover, #matrix td a:focus { outline: 2px solid #0969da; outline-offset: -2px; }
.legend { font-size: .85em; color: #57606a; } .legend span { padding: 0 .3em; }
#view { margin-top: 1.5em; border-top: 3px solid #afb8c1; }
#view .nav { display: flex; gap: 1em; align-items: center; margin: .6em 0; }
#view h2 { margin-bottom: .1em; } #view .facts { color: #57606a; margin: 0 0 .6em; }
#view .problems { color: var(--e); }
.missing, .unlocated { border: 1px solid var(--line); border-left: 4px solid var(--e); padding: .3em .8em;
  margin: .6em 0; background: #fffafa; } .unlocated { border-left-color: var(--k); background: #fafbfc; }
.missing h3, .unlocated h3 { margin: .2em 0; } .missing ul, .unlocated ul { margin: .2em 0; padding-left: 1.3em; }
.text { border-top: 1px solid var(--line); }
.ln { display: grid; grid-template-columns: 5.2em minmax(0, 1fr) 22em; gap: 0 .9em; border-bottom: 1px solid #f3f4f6; }
.ln .no { color: #8c959f; text-align: right; font-size: .8em; padding-top: .25em; user-select: none; }
.ln .no small { display: block; font-size: .9em; }
.ln .tx { white-space: pre-wrap; word-break: break-all; padding: .1em 0; font-family: "Noto Serif CJK SC",
  "Source Han Serif SC", "Songti SC", SimSun, serif; font-size: 15px; }
.ln .notes { font-size: .82em; padding: .1em 0; }
mark { background: none; color: inherit; }
mark.bad { background: var(--e-bg); border-bottom: 2px solid var(--e); } mark.bad.w { background: var(--w-bg);
  border-bottom-color: var(--w); } mark.bad.i { background: var(--i-bg); border-bottom-color: var(--i); }
mark.good { border-bottom: 2px dotted var(--ok); }
mark.pt::before { content: "▲"; color: var(--e); font-size: .7em; vertical-align: super; }
mark.cur { outline: 3px solid #0969da; outline-offset: 1px; }
.note { border-left: 3px solid var(--e); padding: .1em .5em; margin: .15em 0 .35em; background: #fffafa; }
.note.w { border-left-color: var(--w); background: #fffdf5; } .note.i { border-left-color: var(--i); background: #f8fbff; }
.note.pass { border-left-color: var(--ok); background: #f6fbf7; color: #3d4a40; }
.note.skip { border-left-color: var(--k); background: #fafbfc; color: #57606a; }
.note.cur { box-shadow: 0 0 0 2px #0969da; }
.note b { font-weight: 600; } .note .cite, .note .fix, .note .ev { display: block; color: #57606a; }
.note .fix { color: #1a7f37; }
@media print {
  @page { size: A4; margin: 14mm 12mm 14mm 14mm; }
  body { margin: 0; font-size: 10pt; }
  header, #summary, #matrix-section, #view .nav, #view .hint { display: none !important; }
  #view { border: 0; margin: 0; }
  .ln { grid-template-columns: 11mm minmax(0, 1fr) 56mm; gap: 0 3mm; break-inside: avoid; }
  .ln .tx { font-size: 10.5pt; line-height: 1.6; }
  .ln .notes { font-size: 7.5pt; line-height: 1.35; }
  .note.pass, .note.skip { display: none; }
  .note, .missing, .unlocated { break-inside: avoid; }
  mark.cur, .note.cur { outline: 0; box-shadow: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

JS = r"""
(function () {
  "use strict";
  const page = JSON.parse(document.getElementById("page").textContent);
  const table = document.getElementById("matrix");
  const tbody = table.tBodies[0];
  const view = document.getElementById("view");
  const filterStyle = document.createElement("style");
  document.head.appendChild(filterStyle);
  const ruleHeads = Array.from(table.querySelectorAll("tr.h2 th.rule"));
  const packHeads = Array.from(table.querySelectorAll("tr.h1 th.pack"));
  const STATUS = { pass: "通过", fail: "不通过", skip: "跳过" };
  const MARK = { pass: "✓", fail: "✗", skip: "–" };
  const SEV = page.severity;
  const SEVCLASS = { error: "e", warning: "w", info: "i" };
  let shown = null;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Filters: hide whole columns with one generated rule per hidden column (no per-cell work).
  function applyFilters() {
    const packs = new Set(), sevs = new Set();
    document.querySelectorAll("#filters input[data-pack]").forEach(b => { if (!b.checked) packs.add(b.dataset.pack); });
    document.querySelectorAll("#filters input[data-severity]").forEach(b => { if (!b.checked) sevs.add(b.dataset.severity); });
    const selectors = [], visible = {};
    ruleHeads.forEach((th, j) => {
      const hidden = packs.has(th.dataset.pack) || sevs.has(th.dataset.severity);
      if (hidden) {
        selectors.push("#matrix tr.h2 > :nth-child(" + (j + 1) + ")");
        selectors.push("#matrix colgroup > :nth-child(" + (j + page.firstRuleColumn) + ")");
        selectors.push("#matrix tr.r > :nth-child(" + (j + page.firstRuleColumn) + ")");
      } else {
        visible[th.dataset.pack] = (visible[th.dataset.pack] || 0) + 1;
      }
    });
    packHeads.forEach(th => {
      const n = visible[th.dataset.pack] || 0;
      th.hidden = n === 0;
      if (n) th.colSpan = n;
    });
    table.querySelectorAll("tr.bad td.problem").forEach(td => { td.colSpan = Math.max(1, ruleHeads.length - selectors.length / 3); });
    filterStyle.textContent = selectors.length ? selectors.join(",\n") + " { display: none; }" : "";
  }

  function sortRows(key) {
    const rows = Array.from(tbody.rows);
    const byPath = (a, b) => a.dataset.path < b.dataset.path ? -1 : a.dataset.path > b.dataset.path ? 1 : 0;
    rows.sort(key === "fails" ? (a, b) => (b.dataset.fails - a.dataset.fails) || byPath(a, b) : byPath);
    tbody.append(...rows);
  }

  const CODES = { p: "pass", f: "fail", k: "skip" };
  const LEVELS = { 3: "error", 2: "warning", 1: "info" };

  // A finding arrives as an array (see lintlaw/formatters/html.py); the view works on objects.
  function finding(a) {
    const rule = page.rules[a[0]];
    return { r: rule[0], t: rule[1], cite: rule[2], s: CODES[a[1]], v: LEVELS[a[2]], l: a[3], c: a[4],
      el: a[5], ec: a[6], m: page.messages[a[7]], loc: a[8], e: a[9], fix: a[10] === null ? undefined : a[10], miss: a[11] };
  }

  function loadDoc(d) {
    const node = document.getElementById("doc-" + d);
    if (!node) return null;
    const doc = JSON.parse(node.textContent);
    doc.findings = doc.findings.map(finding);
    return doc;
  }

  // Pieces of one line between finding boundaries, each with the findings that cover it.
  function pieces(text, covering) {
    const cuts = new Set([0, text.length]);
    covering.forEach(c => { cuts.add(c.a); cuts.add(c.b); });
    const points = Array.from(cuts).filter(p => p >= 0 && p <= text.length).sort((x, y) => x - y);
    const out = [];
    covering.filter(c => c.a === c.b).forEach(c => out.push({ at: c.a, point: c }));
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      out.push({ at: a, a: a, b: b, by: covering.filter(c => c.a < b && c.b > a) });
    }
    out.sort((x, y) => x.at - y.at || (x.point ? -1 : 1));
    return out;
  }

  function markFor(list) {
    const bad = list.filter(c => c.f.s === "fail");
    const m = el("mark");
    if (bad.length) {
      const order = ["error", "warning", "info"];
      const worst = bad.map(c => c.f.v).sort((x, y) => order.indexOf(x) - order.indexOf(y))[0];
      m.className = "bad " + SEVCLASS[worst];
    } else {
      m.className = "good";
    }
    m.dataset.f = list.map(c => c.i).join(" ");
    return m;
  }

  function note(f, i, d) {
    const n = el("div", "note " + f.s + (f.s === "fail" ? " " + SEVCLASS[f.v] : ""));
    n.id = "n" + d + "-" + i;
    const head = el("div");
    head.append(el("b", null, MARK[f.s] + " " + (f.t || f.r)), " ", el("span", "rid", f.r), " ",
      el("span", null, "（" + STATUS[f.s] + (f.s === "fail" ? "，" + SEV[f.v] : "") + (f.loc ? "，" + f.loc : "") + "）"));
    n.append(head, el("div", null, f.m));
    if (f.fix !== undefined) n.append(el("span", "fix", "建议改为：" + (f.fix || "（删除）")));
    if (f.e) n.append(el("span", "ev", "原文：" + f.e));
    if (f.cite && f.s !== "pass") n.append(el("span", "cite", "依据：" + f.cite));
    else if (f.cite) n.title = "依据：" + f.cite;
    return n;
  }

  function where(f, doc) {
    if (!f.l) return "全文";
    const label = doc.labels[f.l - 1];
    return "第" + f.l + "行" + (label ? "（" + label + "）" : "");
  }

  function listBox(cls, title, items, d, doc) {
    const box = el("div", cls);
    box.append(el("h3", null, title));
    const ul = el("ul");
    items.forEach(([f, i]) => {
      const li = el("li");
      const a = el("a", null, (f.t || f.r));
      a.href = "#d" + d + "-f" + i;
      li.append(a, "：" + f.m + " —— " + (f.l ? "应在" + where(f, doc) + "处" : "全文"));
      ul.append(li);
    });
    box.append(ul);
    return box;
  }

  function render(d) {
    const doc = loadDoc(d);
    if (!doc) return false;
    const frag = document.createDocumentFragment();
    const nav = el("div", "nav");
    const back = el("a", null, "↑ 回到矩阵"); back.href = "#matrix-section";
    nav.append(back);
    if (d > 0) { const p = el("a", null, "‹ 上一份"); p.href = "#d" + (d - 1); nav.append(p); }
    if (d + 1 < page.documents) { const n = el("a", null, "下一份 ›"); n.href = "#d" + (d + 1); nav.append(n); }
    const print = el("button", null, "打印本报告"); print.type = "button"; print.addEventListener("click", () => window.print());
    nav.append(print);
    frag.append(nav, el("h2", null, doc.title || doc.path));
    const fails = doc.findings.filter(f => f.s === "fail").length;
    frag.append(el("p", "facts", [doc.path, doc.issuer, doc.year ? doc.year + "年度" : "年度未知",
      doc.format + (doc.encoding ? "，" + doc.encoding : ""), "不通过 " + fails + " 项"].filter(Boolean).join(" · ")));
    doc.problems.forEach(p => frag.append(el("p", "problems", "无法检查：" + p)));
    const indexed = doc.findings.map((f, i) => [f, i]);
    const missing = indexed.filter(([f]) => f.miss);
    if (missing.length) frag.append(listBox("missing", "缺少的内容（" + missing.length + " 项）", missing, d, doc));
    const unlocated = indexed.filter(([f]) => !f.l && f.s === "fail");
    if (unlocated.length) frag.append(listBox("unlocated", "没有具体位置的问题", unlocated, d, doc));
    const byLine = new Map(), notesAt = new Map();
    const last = Math.max(doc.lines.length, 1);
    indexed.forEach(([f, i]) => {
      if (!f.l || f.s === "skip") return;
      const l0 = Math.min(f.l, last), l1 = Math.min(Math.max(f.el || f.l, l0), last);
      for (let l = l0; l <= l1; l++) {
        const text = doc.lines[l - 1] || "";
        const a = l === f.l ? Math.min(f.c - 1, text.length) : 0;
        const b = l === f.el ? Math.min(f.ec - 1, text.length) : text.length;
        if (!byLine.has(l)) byLine.set(l, []);
        byLine.get(l).push({ a: a, b: Math.max(a, b), f: f, i: i });
      }
      if (!notesAt.has(l0)) notesAt.set(l0, []);
      notesAt.get(l0).push([f, i]);
    });
    const body = el("div", "text");
    doc.lines.forEach((text, k) => {
      const l = k + 1;
      const row = el("div", "ln");
      row.id = "d" + d + "-l" + l;
      const no = el("span", "no", doc.labels[k] || l);
      if (doc.labels[k]) no.append(el("small", null, l));
      const tx = el("span", "tx");
      const covering = byLine.get(l);
      if (covering) {
        pieces(text, covering).forEach(p => {
          if (p.point) { const m = markFor([p.point]); m.classList.add("pt"); tx.append(m); return; }
          const s = text.slice(p.a, p.b);
          if (!p.by.length) { tx.append(s); return; }
          const m = markFor(p.by); m.textContent = s; tx.append(m);
        });
      } else {
        tx.textContent = text;
      }
      const notes = el("div", "notes");
      (notesAt.get(l) || []).forEach(([f, i]) => notes.append(note(f, i, d)));
      row.append(no, tx, notes);
      body.append(row);
    });
    frag.append(body);
    view.replaceChildren(frag);
    view.dataset.doc = String(d);
    shown = d;
    return true;
  }

  function select(i) {
    view.querySelectorAll(".cur").forEach(n => n.classList.remove("cur"));
    if (i === null) { view.scrollIntoView({ block: "start" }); return; }
    const marks = Array.from(view.querySelectorAll("mark")).filter(m => m.dataset.f.split(" ").includes(String(i)));
    marks.forEach(m => m.classList.add("cur"));
    const n = document.getElementById("n" + shown + "-" + i);
    if (n) n.classList.add("cur");
    view.dataset.finding = String(i);
    const target = marks[0] || n;
    if (target) target.scrollIntoView({ block: "center" });
    else view.scrollIntoView({ block: "start" });
  }

  function route() {
    const m = /^#d(\d+)(?:-f(\d+))?$/.exec(location.hash);
    if (!m) return;
    const d = Number(m[1]);
    if (shown !== d && !render(d)) return;
    select(m[2] === undefined ? null : Number(m[2]));
  }

  document.getElementById("filters").addEventListener("change", applyFilters);
  document.querySelectorAll("#filters button[data-sort]").forEach(b => b.addEventListener("click", () => sortRows(b.dataset.sort)));
  window.addEventListener("hashchange", route);
  // A second click on the cell already shown scrolls back to it (the hash does not change).
  table.addEventListener("click", e => {
    const a = e.target.closest("a");
    if (a && a.getAttribute("href") === location.hash) route();
  });
  applyFilters();
  route();
})();
"""
