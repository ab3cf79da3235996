"""Read files without ever hanging or raising: only regular files are opened, and every failure is a Chinese reason.

A FIFO, a device or a socket is never opened for reading (it would block, or stream forever): the path
is checked with os.stat first, and the file is opened with O_NONBLOCK and checked again with fstat, so
a regular file swapped for a FIFO between the two steps is still refused.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)

_ERRNO_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ELOOP: "符号链接循环（或链接层数过多）",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EISDIR: "是目录而不是文件",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统只读",
}


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why a path could not be read, in Chinese."""

    reason: str


def os_reason(exc: OSError | ValueError) -> str:
    """The Chinese reason for an error raised by an operation on a path."""
    if isinstance(exc, ValueError):
        return "文件名中含有空字符" if "null" in str(exc) else f"路径无效（{exc}）"
    if exc.errno in _ERRNO_REASONS:
        reason = _ERRNO_REASONS[exc.errno]
        return "符号链接指向的文件不存在" if exc.errno == errno.ENOENT and _dangling(exc.filename) else reason
    return f"系统错误（{exc.strerror or exc}）"


def _dangling(name: object) -> bool:
    try:
        return isinstance(name, (str, bytes, os.PathLike)) and os.path.islink(name)
    except (OSError, ValueError):
        return False


def kind_reason(mode: int) -> str | None:
    """Why a file of this stat mode is not read; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "是目录而不是文件"
    if stat.S_ISFIFO(mode):
        return "是命名管道（FIFO）而不是普通文件，不读取"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备文件而不是普通文件，不读取"
    if stat.S_ISSOCK(mode):
        return "是套接字而不是普通文件，不读取"
    return "不是普通文件，不读取"


def not_regular(path: Path) -> str | None:
    """None when path is a regular file (or a symlink to one); otherwise why it cannot be read."""
    try:
        return kind_reason(os.stat(path).st_mode)
    except (OSError, ValueError) as exc:
        return os_reason(exc)


def is_special(path: Path) -> bool:
    """A FIFO, device or socket (what a directory walk lists as skipped instead of reading)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes | Unreadable:
    """The bytes of a regular file, at most max_bytes of them (more is refused, never read)."""
    reason = not_regular(path)
    if reason is not None:
        return Unreadable(reason)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError) as exc:
        return Unreadable(os_reason(exc))
    try:
        info = os.fstat(fd)
        reason = kind_reason(info.st_mode)
        if reason is not None:
            return Unreadable(reason)
        if max_bytes is not None and info.st_size > max_bytes:
            return Unreadable(f"文件过大（{info.st_size} 字节，上限 {max_bytes} 字节）")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if max_bytes is not None and total > max_bytes:
                return Unreadable(f"文件过大（超过上限 {max_bytes} 字节）")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        return Unreadable(os_reason(exc))
    finally:
        os.close(fd)


# Rule, config and baseline files are small; a bigger one is not what it claims to be.
MAX_SETTINGS_BYTES = 10 * 1024 * 1024


def read_utf8(path: Path, max_bytes: int = MAX_SETTINGS_BYTES) -> str | Unreadable:
    """A regular UTF-8 text file (a rule, config or baseline file)."""
    data = read_bytes(path, max_bytes)
    if isinstance(data, Unreadable):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Unreadable(f"不是 UTF-8 编码（第 {exc.start} 字节起无法解码）")
