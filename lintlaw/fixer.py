"""Apply the safe replacements that rules declare (--fix) to the exact bytes that were checked, keeping the
file's encoding, byte-order mark, line endings, owner and mode, so the file changes only in the fixed characters."""

from __future__ import annotations

import bisect
import codecs
import difflib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import regex

from lintlaw import interrupts, safeio
from lintlaw.model import Finding, Status
from lintlaw.readers.base import MAX_BYTES

_LINE_END = regex.compile(r"\r\n|\r|\n")
_BOM_CODECS = {
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}
FIXABLE_FORMATS = ("txt", "md")


@dataclass(frozen=True, slots=True)
class Edit:
    start: int  # offsets in the newline-normalised text, end exclusive
    end: int
    replacement: str


def edits_of(findings: list[Finding]) -> list[Edit]:
    """The fixes of failing findings, in order, without overlaps (the first one wins)."""
    edits: list[Edit] = []
    fixes = [f.fix for f in findings if f.status is Status.FAIL and f.fix]
    for start, end, replacement in sorted(fixes):
        if edits and start < edits[-1].end:
            continue
        edits.append(Edit(start, end, replacement))
    return edits


def _codec(data: bytes, encoding: str) -> tuple[bytes, str]:
    """(BOM to write back, codec without BOM handling) for the detected encoding."""
    for bom, name in _BOM_CODECS.get(encoding, ()):
        if data.startswith(bom):
            return bom, name
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8, "utf-8"
    return b"", encoding


def fixed_text(original: str, edits: list[Edit]) -> str:
    """Apply edits given in normalised offsets to the original text, whose line endings may be CRLF or CR."""
    starts_norm = [0]
    starts_orig = [0]
    for m in _LINE_END.finditer(original):
        starts_orig.append(m.end())
        starts_norm.append(starts_norm[-1] + (m.start() - starts_orig[-2]) + 1)
    pieces: list[str] = []
    cursor = 0
    for edit in edits:
        line = bisect.bisect_right(starts_norm, edit.start) - 1
        start = starts_orig[line] + edit.start - starts_norm[line]
        end = start + (edit.end - edit.start)
        pieces.append(original[cursor:start])
        pieces.append(edit.replacement)
        cursor = end
    pieces.append(original[cursor:])
    return "".join(pieces)


def fix_bytes(data: bytes, encoding: str, edits: list[Edit]) -> tuple[bytes, str, str]:
    """(new bytes, old text, new text) — the text with its original line endings."""
    bom, codec = _codec(data, encoding)
    original = data[len(bom):].decode(codec)
    new = fixed_text(original, edits)
    return bom + new.encode(codec), original, new


def diff(path: str, old: str, new: str) -> str:
    relative = not Path(path).is_absolute()
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}" if relative else path,
        tofile=f"b/{path}" if relative else path,
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The exact bytes that were checked, and what identified the file when they were read."""

    data: bytes
    digest: str
    mtime_ns: int
    size: int
    inode: int


def _identity(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_mtime_ns, info.st_size, info.st_ino


def snapshot(path: Path) -> Snapshot | str:
    """Read a file for fixing; a Chinese reason when it cannot be read or changes while it is read."""
    try:
        before = os.stat(path)
    except (OSError, ValueError) as exc:
        return safeio.os_reason(exc)
    data = safeio.read_bytes(path, MAX_BYTES)
    if isinstance(data, safeio.Unreadable):
        return data.reason
    try:
        after = os.stat(path)
    except OSError as exc:
        return safeio.os_reason(exc)
    if _identity(before) != _identity(after):
        return MODIFIED
    return Snapshot(data, hashlib.sha256(data).hexdigest(), after.st_mtime_ns, after.st_size, after.st_ino)


MODIFIED = "文件在检查期间被修改，未修改"


def _unchanged(target: Path, snap: Snapshot) -> bool:
    try:
        info = os.stat(target)
    except OSError:
        return False
    if _identity(info) != (snap.mtime_ns, snap.size, snap.inode):
        return False
    data = safeio.read_bytes(target, MAX_BYTES)
    return not isinstance(data, safeio.Unreadable) and hashlib.sha256(data).hexdigest() == snap.digest


def write_problem(target: Path, info: os.stat_result) -> str | None:
    """Why the file must not be rewritten (read-only, hard links that a replace would split)."""
    if not stat.S_ISREG(info.st_mode):
        return safeio.kind_reason(info.st_mode)
    if not info.st_mode & 0o222:
        return "文件是只读的，未修改"
    if not os.access(target, os.W_OK):
        return "没有写入权限，未修改"
    if info.st_nlink > 1:
        return f"文件有 {info.st_nlink} 个硬链接，替换会拆开它们，未修改"
    return None


TEMP_SUFFIX = ".lintlaw"


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def clean_stale_temps(target: Path) -> list[Path]:
    """Remove temp files a killed earlier --fix left beside target (their writer process is gone)."""
    removed: list[Path] = []
    prefix = _temp_prefix(target)
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in sorted(names):
        if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
            continue
        pid = name[len(prefix):-len(TEMP_SUFFIX)].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue  # another lintlaw is writing this file right now
        stale = target.parent / name
        try:
            if stat.S_ISREG(os.lstat(stale).st_mode):
                stale.unlink()
                removed.append(stale)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def replace_checked(path: Path, snap: Snapshot, data: bytes, on_replaced: Callable[[], None]) -> str | None:
    """Replace the file's content with data in one step, only if it still holds exactly the snapshot's
    bytes; through a symlink to its target, keeping owner and mode. on_replaced runs with Ctrl-C held
    back, so a file that was replaced is always reported. Returns why nothing was written, or None."""
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except (OSError, ValueError):
        return MODIFIED  # it was read a moment ago: deleted or moved since
    reason = write_problem(target, info)
    if reason is not None:
        return reason
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f"{_temp_prefix(target)}{os.getpid()}.", suffix=TEMP_SUFFIX)
    except OSError as exc:
        return f"无法在文件所在目录创建临时文件（{safeio.os_reason(exc)}），未修改"
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, info.st_mode & 0o7777)
        if (info.st_uid, info.st_gid) != _owner(temp):
            try:
                os.chown(temp, info.st_uid, info.st_gid)
            except OSError:
                Path(temp).unlink(missing_ok=True)
                return "无法保持文件的属主，未修改"
        if not _unchanged(target, snap):
            Path(temp).unlink(missing_ok=True)
            return MODIFIED
        with interrupts.held():
            os.replace(temp, target)
            on_replaced()
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        return f"写入失败（{safeio.os_reason(exc)}），未修改"
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return None


def _owner(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid
