"""Build a wheel, install it into a fresh venv outside the checkout, and run the installed `lintlaw`.

This proves the built-in rule packs (rules/ → lintlaw.rules) and schemas ship inside the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jsonout import output_json

pytestmark = pytest.mark.slow  # packaging: run by default and in CI, left out by -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "seeds" / "000_233507c4a0dcbcd0.txt"
TIMEOUT = 600

# Left out of the copy the wheel is built from: VCS data, caches and earlier build output.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A clean environment for the child: no PYTHONPATH or venv of the test run leaking in.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of the checkout so the build leaves nothing (build/, *.egg-info) in the working tree."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    outdir = tmp_path / "dist"
    proc = run(sys.executable, "-m", "build", "--wheel", "--outdir", outdir, cwd=source)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [wheel] = outdir.glob("lintlaw-*.whl")
    return wheel


def install_into_fresh_venv(wheel: Path, tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    proc = run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    proc = run(bindir / "python", "-m", "pip", "install", wheel, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return bindir


def test_installed_wheel_ships_rule_packs(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    bindir = install_into_fresh_venv(wheel, tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    report = work / SEED_000.name
    report.write_bytes(SEED_000.read_bytes())
    lintlaw = bindir / "lintlaw"

    check = run(lintlaw, "check", report.name, "--format", "json", cwd=work)

    assert check.returncode == 1, check.stderr  # seed 000 has one error-severity failure
    [file] = output_json(check.stdout)["files"]
    shortfalls = [f for f in file["findings"] if f["rule"] == "structure/shortfalls"]
    assert [(f["status"], f["line"]) for f in shortfalls] == [("pass", 41)]

    listing = run(lintlaw, "rules", "list", cwd=work)

    assert listing.returncode == 0, listing.stderr
    rule_lines = [line for line in listing.stdout.splitlines() if line.startswith("  ")]
    assert len(rule_lines) >= 21
    assert any(line.split()[0] == "structure/shortfalls" for line in rule_lines)

    # The installed program must not be reading the checkout's rules/ folder.
    show = run(lintlaw, "rules", "show", "structure/shortfalls", cwd=work)
    assert show.returncode == 0, show.stderr
    assert str(ROOT) not in show.stdout
    assert f"文件：{bindir.parent}" in show.stdout  # …/venv/lib/pythonX.Y/site-packages/lintlaw/rules/…
