"""A small JSON-RPC client that starts `lintlaw server` as an editor does and talks LSP to it over stdio.

Shared by tests/test_lsp.py and bench/lsp_latency.py. Messages are plain dicts in LSP's wire form, so
the tests see exactly what an editor would receive."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

COMMAND = [sys.executable, "-m", "lintlaw", "server", "--stdio"]


def file_uri(path: Path) -> str:
    return path.resolve().as_uri()


class Client:
    def __init__(self, cwd: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            COMMAND, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 0
        self.notifications: list[dict[str, Any]] = []
        self.responses: dict[int, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []  # requests the server sent (each answered with null)
        self.stderr: list[bytes] = []
        self.versions: dict[str, list[int | None]] = {}  # every publishDiagnostics version, per uri
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # --- wire ----------------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body.decode("utf-8")))

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)

    def send_raw(self, body: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any], ascii_only: bool = False) -> None:
        """ascii_only writes every non-ASCII character as a JSON escape (so even a lone surrogate can be sent)."""
        self.send_raw(json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=ascii_only).encode("utf-8"))

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request_async(self, method: str, params: Any) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def request(self, method: str, params: Any, timeout: float = 60) -> dict[str, Any]:
        """The whole response message (with "result" or "error")."""
        return self.response(self.request_async(method, params), timeout)

    # --- waiting -------------------------------------------------------------------------------

    def _pump(self, deadline: float) -> None:
        try:
            message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            return
        if message is None:
            raise EOFError("the server closed its output: " + b"".join(self.stderr).decode("utf-8", "replace"))
        if "id" in message and "method" in message:  # a request from the server: accept it
            self.send({"id": message["id"], "result": None})
            self.requests.append(message)
        elif "id" in message:
            self.responses[message["id"]] = message
        else:
            self.notifications.append(message)
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.versions.setdefault(params["uri"], []).append(params.get("version"))

    def response(self, request_id: int, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while request_id not in self.responses:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no response to request {request_id}")
            self._pump(deadline)
        return self.responses.pop(request_id)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 60) -> list[dict[str, Any]]:
        """Wait for the diagnostics of uri (of this version, when given) and take them."""
        deadline = time.monotonic() + timeout
        while True:
            for i, n in enumerate(self.notifications):
                params = n.get("params") or {}
                if n.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri and (
                    version is None or params.get("version") == version
                ):
                    del self.notifications[: i + 1]
                    return params["diagnostics"]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no diagnostics for {uri} version {version}")
            self._pump(deadline)

    # --- session -------------------------------------------------------------------------------

    def initialize(self, root: Path, options: dict[str, Any] | None = None,
                   capabilities: dict[str, Any] | None = None) -> dict[str, Any]:
        caps = capabilities if capabilities is not None else {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {"publishDiagnostics": {"versionSupport": True}},
            "workspace": {"workspaceEdit": {"documentChanges": True}},
        }
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": file_uri(root), "capabilities": caps,
            "initializationOptions": options or {},
        })
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, language: str = "plaintext", version: int = 1) -> str:
        uri = file_uri(path)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": version, "text": text}})
        return uri

    def change(self, uri: str, version: int, text: str) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close(self) -> int:
        """shutdown, exit; the server's exit code."""
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout=30)
                self.notify("exit", None)
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
