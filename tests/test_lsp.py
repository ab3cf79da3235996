"""`lintlaw server` driven over stdio as an editor drives it: diagnostics against `lintlaw check --format
json`, edits, code actions, hover, code lens and symbols, UTF-16 positions, bad input and config reloads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PATHOLOGICAL_RULE, SEEDS
from lsp_client import Client, file_uri
from jsonout import output_json

pytest.importorskip("pygls")

SEED = "000_233507c4a0dcbcd0.txt"
LINTLAW = [sys.executable, "-m", "lintlaw"]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def index_of(lines: list[str], position: dict[str, int]) -> int:
    """A UTF-16 LSP position as an offset into the text made of lines (joined with LF)."""
    line = lines[position["line"]]
    units = 0
    column = 0
    while column < len(line) and units < position["character"]:
        units += utf16(line[column])
        column += 1
    return sum(len(x) + 1 for x in lines[: position["line"]]) + column


def apply(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP text edits as an editor does (from the last to the first)."""
    lines = text.split("\n")
    spans = sorted(((index_of(lines, e["range"]["start"]), index_of(lines, e["range"]["end"]), e["newText"])
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: dict[str, Any]) -> list[dict[str, Any]]:
    (change,) = action["edit"]["documentChanges"]
    return change["edits"]


def key(d: dict[str, Any]) -> tuple:
    r = d["range"]
    return (d["code"], d["severity"], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])


def expected_from_check(paths: list[Path]) -> dict[str, list[tuple]]:
    """What `lintlaw check --format json` reports for these files, as LSP diagnostics keys."""
    out = subprocess.run([*LINTLAW, "check", "--format", "json", *map(str, paths)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode in (0, 1), out.stderr
    severity = {"error": 1, "warning": 2, "info": 3}
    expected = {}
    for f in output_json(out.stdout)["files"]:
        expected[str(Path(f["path"]).resolve())] = sorted(
            (x["rule"], severity[x["severity"]], x["line"] - 1, x["column"] - 1, x["end_line"] - 1, x["end_column"] - 1)
            for x in f["findings"] if x["status"] == "fail"
        )
    return expected


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    return tmp_path


@pytest.fixture
def client(work: Path):
    c = Client(work)
    c.initialize(work)
    yield c
    assert c.close() == 0


def test_diagnostics_on_open_are_the_failures_check_reports(work: Path, client: Client):
    seeds = sorted(work.glob("*.txt"))
    expected = expected_from_check(seeds)
    for path in seeds:
        uri = client.open(path, path.read_text(encoding="utf-8"))
        got = client.diagnostics(uri, 1)
        assert sorted(map(key, got)) == expected[str(path.resolve())], path.name
        assert all(d["source"] == "lintlaw" and "codeDescription" not in d for d in got)
    # One finding in full: the published mobile number of the first sample (line 51, columns 15-26).
    uri = file_uri(work / SEED)
    client.open(work / SEED, (work / SEED).read_text(encoding="utf-8"), version=2)
    (mobile,) = [d for d in client.diagnostics(uri, 2) if d["code"] == "privacy/mobile-number"]
    assert mobile["range"] == {"start": {"line": 50, "character": 14}, "end": {"line": 50, "character": 25}}
    assert mobile["severity"] == 1
    assert mobile["message"].startswith("公开文本中有未脱敏的手机号码“13959291990”")
    assert "\n依据：" in mobile["message"]


def test_an_edit_that_removes_a_defect_removes_only_its_diagnostic(work: Path, client: Client):
    text = (work / SEED).read_text(encoding="utf-8")
    uri = client.open(work / SEED, text)
    before = client.diagnostics(uri, 1)
    (wording,) = [d for d in before if d["code"] == "writing/wording"]
    assert wording["range"]["start"] == {"line": 28, "character": 40}
    lines = text.split("\n")
    assert lines[28][40:42] == "截止"
    lines[28] = lines[28][:40] + "截至" + lines[28][42:]
    client.change(uri, 2, "\n".join(lines))
    after = client.diagnostics(uri, 2)
    assert sorted(map(key, after)) == sorted(key(d) for d in before if d is not wording)


def test_changes_are_debounced_and_only_the_latest_version_is_published(work: Path):
    client = Client(work)
    client.initialize(work, {"debounce_ms": 1500})
    try:
        text = (work / SEED).read_text(encoding="utf-8")
        uri = client.open(work / SEED, text)
        client.diagnostics(uri, 1)
        for version in (2, 3, 4):
            client.change(uri, version, text.replace("13959291990", "1395929199" + str(version)))
        final = client.diagnostics(uri, 4)
        assert [d["message"].split("，")[0] for d in final if d["code"] == "privacy/mobile-number"] == [
            "公开文本中有未脱敏的手机号码“13959291994”"]
        assert client.versions[uri] == [1, 4]  # nothing was published for versions 2 and 3
    finally:
        assert client.close() == 0


def test_safe_fix_and_fix_all_code_actions(work: Path, client: Client):
    path = work / SEED
    text = path.read_text(encoding="utf-8")
    uri = client.open(path, text)
    diagnostics = client.diagnostics(uri, 1)
    (wording,) = [d for d in diagnostics if d["code"] == "writing/wording"]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": wording["range"], "context": {"diagnostics": [wording]}})["result"]
    fixed = subprocess.run([*LINTLAW, "check", "--fix", str(path)], capture_output=True, text=True, timeout=120)
    assert fixed.returncode in (0, 1), fixed.stderr
    count = int(fixed.stderr.split("：")[-1].split(" ")[0])  # 已修正 PATH：3 处
    titles = [a["title"] for a in actions]
    assert titles == ["安全修正：把“截止”改为“截至”", "在上一行加注释，豁免本行的 writing/wording",
                      f"修正本文件中全部可安全修正的问题（{count} 处）"]
    fix, _, fix_all = actions
    assert fix["kind"] == "quickfix" and fix["isPreferred"] is True
    assert fix["diagnostics"][0]["code"] == "writing/wording"
    assert edits_of(fix) == [{"range": wording["range"], "newText": "截至"}]
    # Applying the action makes the diagnostic go away, and nothing else changes.
    client.change(uri, 2, apply(text, edits_of(fix)))
    after = client.diagnostics(uri, 2)
    assert sorted(map(key, after)) == sorted(key(d) for d in diagnostics if d is not wording)
    # "Fix all" gives the same text as `lintlaw check --fix`.
    assert fix_all["kind"] == "source.fixAll" and len(edits_of(fix_all)) == count
    assert apply(text, edits_of(fix_all)) == path.read_text(encoding="utf-8") != text


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_fix_all_on_request_makes_the_same_text_as_check_fix(work: Path, client: Client, seed: str):
    path = work / seed
    text = path.read_text(encoding="utf-8")
    uri = client.open(path, text)
    client.diagnostics(uri, 1)
    start = {"line": 0, "character": 0}
    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {
        "start": start, "end": start}, "context": {"diagnostics": [], "only": ["source.fixAll"]}})["result"]
    subprocess.run([*LINTLAW, "check", "--fix", str(path)], capture_output=True, timeout=120)
    fixed = path.read_text(encoding="utf-8")
    if fixed == text:
        assert actions == []
    else:
        assert [a["kind"] for a in actions] == ["source.fixAll"]
        assert apply(text, edits_of(actions[0])) == fixed


def test_fix_all_is_resolved_only_when_picked_if_the_editor_can_resolve(work: Path):
    client = Client(work)
    client.initialize(work, capabilities={
        "textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}},
        "workspace": {"workspaceEdit": {"documentChanges": True}}})
    try:
        path = work / SEED
        text = path.read_text(encoding="utf-8")
        uri = client.open(path, text)
        (wording,) = [d for d in client.diagnostics(uri, 1) if d["code"] == "writing/wording"]
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": wording["range"], "context": {"diagnostics": []}})["result"]
        lazy = actions[-1]
        assert lazy == {"title": "修正本文件中全部可安全修正的问题", "kind": "source.fixAll",
                        "data": {"uri": uri, "version": 1}}
        resolved = client.request("codeAction/resolve", lazy)["result"]
        subprocess.run([*LINTLAW, "check", "--fix", str(path)], capture_output=True, timeout=120)
        assert apply(text, edits_of(resolved)) == path.read_text(encoding="utf-8") != text
        client.change(uri, 2, text + "\n")
        client.diagnostics(uri, 2)
        assert "edit" not in client.request("codeAction/resolve", lazy)["result"]  # stale: no edit
    finally:
        assert client.close() == 0


def test_suppression_action_in_plain_text_inserts_the_bare_directive(work: Path, client: Client):
    text = (work / SEED).read_text(encoding="utf-8")
    uri = client.open(work / SEED, text)
    before = client.diagnostics(uri, 1)
    (mobile,) = [d for d in before if d["code"] == "privacy/mobile-number"]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": mobile["range"], "context": {"diagnostics": [mobile]}})["result"]
    (suppress,) = [a for a in actions if "privacy/mobile-number" in a["title"]]
    assert edits_of(suppress) == [{"range": {"start": {"line": 50, "character": 0}, "end": {"line": 50, "character": 0}},
                                   "newText": "lintlaw-disable-next-line privacy/mobile-number\n"}]
    client.change(uri, 2, apply(text, edits_of(suppress)))
    after = client.diagnostics(uri, 2)

    def moved(d: dict[str, Any]) -> tuple:
        code, severity, line, column, end_line, end_column = key(d)
        shift = 1 if line >= 50 else 0
        return (code, severity, line + shift, column, end_line + shift, end_column)

    assert sorted(map(key, after)) == sorted(moved(d) for d in before if d is not mobile)


def test_suppression_action_in_markdown_inserts_an_html_comment(tmp_path: Path):
    path = tmp_path / "draft.md"
    text = "# 标题\n\n　　截止2023年底，共办理案件12件。\n"
    path.write_text(text, encoding="utf-8")
    client = Client(tmp_path)
    client.initialize(tmp_path)
    try:
        uri = client.open(path, text, language="markdown")
        (wording,) = [d for d in client.diagnostics(uri, 1) if d["code"] == "writing/wording"]
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": wording["range"], "context": {"diagnostics": []}})["result"]
        (suppress,) = [a for a in actions if a["title"].startswith("在上一行加注释")]
        assert edits_of(suppress)[0]["newText"] == "　　<!-- lintlaw-disable-next-line writing/wording -->\n"
        client.change(uri, 2, apply(text, edits_of(suppress)))
        assert [d for d in client.diagnostics(uri, 2) if d["code"] == "writing/wording"] == []
    finally:
        assert client.close() == 0


def test_hover_shows_the_rule_title_description_and_examples(work: Path, client: Client, book):
    uri = client.open(work / SEED, (work / SEED).read_text(encoding="utf-8"))
    (mobile,) = [d for d in client.diagnostics(uri, 1) if d["code"] == "privacy/mobile-number"]
    inside = {"line": 50, "character": 20}
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": inside})["result"]
    rule = book.get("privacy/mobile-number")
    value = hover["contents"]["value"]
    assert hover["contents"]["kind"] == "markdown"
    assert value.startswith(f"**privacy/mobile-number** · error · {rule.title}")
    assert rule.description.strip() in value
    assert rule.examples_pass[0].text.strip() in value and rule.examples_fail[0].text.strip() in value
    assert hover["range"] == mobile["range"]
    # Line 2 of the sample (the title's second part) has no failing finding: no hover.
    nothing = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 1}})
    assert nothing["result"] is None


def test_code_lens_and_symbols_give_the_checklist_totals(work: Path, client: Client):
    path = work / SEED
    uri = client.open(path, path.read_text(encoding="utf-8"))
    client.diagnostics(uri, 1)
    out = subprocess.run([*LINTLAW, "check", "--format", "checklist", str(path)], capture_output=True, text=True,
                         timeout=120)
    total = next(line.strip() for line in out.stdout.splitlines() if line.strip().startswith("合计："))
    passed_failed = total.removeprefix("合计：")  # 「44 项通过，32 项不通过」
    data = output_json(subprocess.run([*LINTLAW, "check", "--format", "json", str(path)], capture_output=True,
                                     text=True, timeout=120).stdout)["files"][0]["findings"]
    skipped = sum(f["status"] == "skip" for f in data)
    (lens,) = client.request("textDocument/codeLens", {"textDocument": {"uri": uri}})["result"]
    assert lens["range"]["start"] == {"line": 0, "character": 0}
    assert lens["command"]["title"] == f"lintlaw：{passed_failed}，{skipped} 项跳过"
    (top,) = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})["result"]
    assert top["name"] == f"lintlaw 检查结果：{passed_failed}，{skipped} 项跳过"
    assert len(top["children"]) == sum(f["line"] is not None for f in data)
    first = min((f for f in data if f["status"] == "fail" and f["line"] is not None),
                key=lambda f: (f["line"], f["column"], f["rule"]))
    first_fail = next(c for c in top["children"] if c["name"].startswith("✗"))
    assert first_fail["name"] == f"✗ {first['rule']}"
    assert first_fail["range"]["start"] == {"line": first["line"] - 1, "character": first["column"] - 1}


EMOJI_TEXT = "某某局2023年法治政府建设年度报告\n😀👍截止2023年底，共办理案件12件。\n"


@pytest.mark.parametrize(("encoding", "start", "end"), [("utf-16", 4, 6), ("utf-32", 2, 4), ("utf-8", 8, 14)])
def test_positions_after_an_emoji_are_in_the_client_code_units(tmp_path: Path, encoding: str, start: int, end: int):
    path = tmp_path / "emoji.txt"
    client = Client(tmp_path)
    result = client.initialize(tmp_path, capabilities={"general": {"positionEncodings": [encoding]},
                                                       "workspace": {"workspaceEdit": {"documentChanges": True}}})
    try:
        assert result["result"]["capabilities"]["positionEncoding"] == encoding
        uri = client.open(path, EMOJI_TEXT)
        (wording,) = [d for d in client.diagnostics(uri, 1) if d["code"] == "writing/wording"]
        assert wording["range"] == {"start": {"line": 1, "character": start}, "end": {"line": 1, "character": end}}
        hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                      "position": {"line": 1, "character": start + 1}})["result"]
        assert hover["contents"]["value"].startswith("**writing/wording**")
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": wording["range"], "context": {"diagnostics": []}})["result"]
        assert edits_of(actions[0]) == [{"range": wording["range"], "newText": "截至"}]
    finally:
        assert client.close() == 0


def test_malformed_messages_get_errors_and_the_server_keeps_serving(work: Path, client: Client):
    client.send_raw(b"{this is not json")
    bad_params = client.request("textDocument/hover", {"textDocument": {"uri": 42}})
    assert bad_params["error"]["code"] == -32602 and "result" not in bad_params
    client.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///x.txt"}})  # no text, no version
    unknown = client.request("lintlaw/noSuchMethod", {})
    assert unknown["error"]["code"] == -32601
    uri = client.open(work / SEED, (work / SEED).read_text(encoding="utf-8"))
    assert any(d["code"] == "privacy/mobile-number" for d in client.diagnostics(uri, 1))


def test_a_bad_config_is_shown_on_the_document_and_reloaded_when_fixed(tmp_path: Path):
    shutil.copy(SEEDS / SEED, tmp_path / SEED)
    config = tmp_path / ".lintlaw.yaml"
    config.write_text("selectt: [privacy]\n", encoding="utf-8")
    client = Client(tmp_path)
    client.initialize(tmp_path)
    try:
        text = (tmp_path / SEED).read_text(encoding="utf-8")
        uri = client.open(tmp_path / SEED, text)
        (problem,) = client.diagnostics(uri, 1)
        assert problem["code"] == "lintlaw/problem" and problem["severity"] == 1
        assert problem["message"] == f"lintlaw 未能完成检查：{config}: 配置中有未知的键“selectt”（是否想输入 select？）"
        # Fixed on disk; the editor says so (workspace/didChangeWatchedFiles): the document is checked again.
        config.write_text("select: [privacy]\n", encoding="utf-8")
        client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": file_uri(config), "type": 2}]})
        assert [d["code"] for d in client.diagnostics(uri, 1)] == ["privacy/mobile-number"]
        # Changed on disk without a notification (a client that watches nothing): seen at the next edit.
        config.write_text("select: [privacy]\nseverity: {privacy/mobile-number: warning}\n", encoding="utf-8")
        client.change(uri, 2, text)
        assert [(d["code"], d["severity"]) for d in client.diagnostics(uri, 2)] == [("privacy/mobile-number", 2)]
    finally:
        assert client.close() == 0


def test_docs_url_gives_each_diagnostic_a_code_description(tmp_path: Path):
    shutil.copy(SEEDS / SEED, tmp_path / SEED)
    (tmp_path / ".lintlaw.yaml").write_text("select: [privacy]\ndocs_url: https://wiki.example/lintlaw/{rule}\n",
                                            encoding="utf-8")
    client = Client(tmp_path)
    client.initialize(tmp_path)
    try:
        uri = client.open(tmp_path / SEED, (tmp_path / SEED).read_text(encoding="utf-8"))
        (mobile,) = client.diagnostics(uri, 1)
        assert mobile["codeDescription"] == {"href": "https://wiki.example/lintlaw/privacy/mobile-number"}
    finally:
        assert client.close() == 0


def test_a_timing_out_pattern_is_reported_and_the_server_goes_on(tmp_path: Path):
    rules = tmp_path / "drafts" / "my-rules" / "custom"
    rules.mkdir(parents=True)
    (rules / "backtrack.yaml").write_text(PATHOLOGICAL_RULE, encoding="utf-8")
    (tmp_path / "drafts" / ".lintlaw.yaml").write_text("rules: [my-rules]\nselect: [custom, privacy]\n", encoding="utf-8")
    text = "某某区人民政府2023年法治政府建设年度报告\n联系电话：13959291990。\n代码 " + "a" * 40 + "b\n"
    client = Client(tmp_path)
    client.initialize(tmp_path)
    try:
        uri = client.open(tmp_path / "drafts" / "report.txt", text)
        diagnostics = client.diagnostics(uri, 1)
        assert [d["code"] for d in diagnostics] == ["privacy/mobile-number", "lintlaw/problem"]
        assert "规则 custom/backtrack 的模式匹配超时" in diagnostics[1]["message"]
        other = client.open(tmp_path / SEED, (SEEDS / SEED).read_text(encoding="utf-8"))
        assert any(d["code"] == "writing/wording" for d in client.diagnostics(other, 1))
    finally:
        assert client.close() == 0


def test_a_document_with_odd_content_never_stops_the_server(tmp_path: Path):
    client = Client(tmp_path)
    client.initialize(tmp_path)
    try:
        odd = "\x00\ufeff\udcff" + "（" * 5000 + "\r\r\n" + "一、" * 3000
        uri = file_uri(tmp_path / "odd.txt")
        client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": odd}}}, ascii_only=True)
        diagnostics = client.diagnostics(uri, 1)
        assert diagnostics and all(d["source"] == "lintlaw" for d in diagnostics)
        normal = client.open(tmp_path / SEED, (SEEDS / SEED).read_text(encoding="utf-8"))
        assert any(d["code"] == "privacy/mobile-number" for d in client.diagnostics(normal, 1))
    finally:
        assert client.close() == 0


BIG = (SEEDS / SEED).read_text(encoding="utf-8") * 500  # about 3 MB: seconds to check
SMALL = "某某局2023年法治政府建设年度报告\n联系电话：13959291990。\n"


def test_a_stale_run_is_cancelled_while_it_runs_and_never_returned(tmp_path: Path):
    import asyncio

    from lintlaw.lsp.worker import Linter

    async def session() -> tuple:
        linter = Linter()
        uri = "file:///report.txt"
        try:
            linter.want(uri, 0)
            assert (await linter.lint(uri, 0, SMALL, tmp_path / "report.txt")) is not None  # the worker is up
            linter.want(uri, 1)
            first = asyncio.ensure_future(linter.lint(uri, 1, BIG, tmp_path / "report.txt"))
            for _ in range(6000):
                if linter.running == (uri, 1):
                    break
                await asyncio.sleep(0.01)
            linter.want(uri, 2)
            second = await linter.lint(uri, 2, SMALL, tmp_path / "report.txt")
            return await first, second, linter.cancels
        finally:
            linter.close()

    first, second, cancels = asyncio.run(session())
    assert first is None
    assert cancels == 1
    assert second.version == 2
    assert [f.rule for f in second.result.findings if f.status.value == "fail"].count("privacy/mobile-number") == 1


def test_a_large_document_replaced_at_once_only_publishes_the_new_version(work: Path, client: Client):
    uri = client.open(work / "big.txt", BIG)
    client.change(uri, 2, SMALL)
    assert [d["code"] for d in client.diagnostics(uri, 2) if d["code"].startswith("privacy")] == ["privacy/mobile-number"]
    assert client.versions[uri] == [2]
    assert any(d["code"] == "privacy/mobile-number" for d in client.diagnostics(
        client.open(work / SEED, (work / SEED).read_text(encoding="utf-8")), 1))


def test_without_pygls_the_server_command_says_how_to_install_it():
    code = "import sys; sys.modules['pygls'] = None; sys.argv = ['lintlaw', 'server']; from lintlaw.cli import entry; entry()"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr == 'lintlaw: error: lintlaw server 需要的 pygls 未安装：请先运行 pip install "lintlaw[lsp]"\n'


def test_the_command_line_does_not_import_the_language_server():
    code = "import sys, lintlaw.cli; print(sorted(m for m in ('pygls', 'lsprotocol', 'lintlaw.lsp') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_a_worker_that_dies_is_reported_on_the_document_and_replaced(tmp_path: Path):
    import asyncio
    import os
    import signal

    from lintlaw.lsp.worker import Linter

    async def session() -> tuple:
        linter = Linter()
        uri = "file:///report.txt"
        try:
            linter.want(uri, 1)
            await linter.lint(uri, 1, SMALL, tmp_path / "report.txt")
            linter.want(uri, 2)
            run = asyncio.ensure_future(linter.lint(uri, 2, BIG, tmp_path / "report.txt"))
            for _ in range(6000):
                if linter.running == (uri, 2):
                    break
                await asyncio.sleep(0.01)
            os.kill(linter.worker_pid, signal.SIGKILL)  # as the out-of-memory killer would
            died = await run
            linter.want(uri, 3)
            return died, await linter.lint(uri, 3, SMALL, tmp_path / "report.txt")
        finally:
            linter.close()

    died, after = asyncio.run(session())
    assert died.version == 2 and died.result.findings == ()
    assert [p.reason for p in died.result.problems] == ["检查进程意外退出（文档可能过大或内存不足），未能完成检查"]
    assert after.version == 3 and after.result.problems == ()
    assert [f.rule for f in after.result.findings if f.status.value == "fail"].count("privacy/mobile-number") == 1


def test_form_feeds_and_line_separators_do_not_shift_lines(tmp_path: Path):
    """LSP lines end only at LF, CRLF or CR; a PDF page break (form feed) or U+2028 is inside a line."""
    path = tmp_path / "paged.txt"
    text = "某某局2023年法治政府建设年度报告\x0c第1页\u2028续\r\n　　截止2023年底，共办理案件12件。\n"
    path.write_text(text, encoding="utf-8", newline="")
    expected = expected_from_check([path])[str(path.resolve())]
    client = Client(tmp_path)
    client.initialize(tmp_path)
    try:
        uri = client.open(path, text)
        got = client.diagnostics(uri, 1)
        assert sorted(map(key, got)) == expected
        assert ("writing/wording", 2, 1, 2, 1, 4) in expected
        client.change(uri, 2, text.replace("截止", "截至"))
        assert [d for d in client.diagnostics(uri, 2) if d["code"] == "writing/wording"] == []
    finally:
        assert client.close() == 0


def test_config_files_are_watched_when_the_editor_can_watch(tmp_path: Path):
    client = Client(tmp_path)
    client.initialize(tmp_path, capabilities={"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}})
    try:
        uri = client.open(tmp_path / "a.txt", SMALL)
        client.diagnostics(uri, 1)
        (request,) = [n for n in client.requests if n["method"] == "client/registerCapability"]
        (registration,) = request["params"]["registrations"]
        assert registration["method"] == "workspace/didChangeWatchedFiles"
        assert [w["globPattern"] for w in registration["registerOptions"]["watchers"]] == [
            "**/.lintlaw.yaml", "**/.lintlaw.yml", "**/pyproject.toml"]
    finally:
        assert client.close() == 0
