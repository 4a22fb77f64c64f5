"""Reading a UTF-8 text file the way every reader must: refused by what it is before it is read.

A FIFO would block the reader forever and `/dev/zero` would fill memory, so the path is checked
with `stat` first: only a regular file of at most `MAX_FILE_BYTES` is opened. Every refusal is a
diagnostic at `FILE:1:1` (or at the first byte that is not UTF-8) with a hint.
"""
from __future__ import annotations

import errno
import os
import stat

from .diagnostics import Diagnostic, Severity, Span
from .limits import MAX_FILE_BYTES

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
_START = Span.point(1, 1, 0)


def refuse_kind(mode: int) -> str | None:
    """What a non-regular file is (`a named pipe (FIFO)`), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_text_file(path: str | os.PathLike[str]) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or None with the diagnostic that says why it cannot be read."""
    file = str(path)
    try:
        info = os.stat(path)
        problem = _check(info, file)
        if problem is not None:
            return None, [problem]
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            problem = _check(os.fstat(handle.fileno()), file)       # the file may have changed since
            if problem is not None:
                return None, [problem]
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [unreadable(exc, file)]
    if len(data) > MAX_FILE_BYTES:
        return None, [_too_large(file)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(data, exc, file)]


def unreadable(exc: OSError, file: str) -> Diagnostic:
    """The diagnostic for an OSError met while opening or reading `file`."""
    reason = (exc.strerror or str(exc)).lower()
    hints = {errno.EACCES: f"check the file's permissions (`ls -l {file}`); you need read access",
             errno.EPERM: f"check the file's permissions (`ls -l {file}`); you need read access",
             errno.ENOENT: "check the path and the spelling of the file name",
             errno.ENOTDIR: "a folder in the path is a file; check the path",
             errno.ELOOP: "the path is a symbolic link that points to itself; fix the link",
             errno.ENAMETOOLONG: "use a shorter path"}
    return Diagnostic("file.unreadable", Severity.ERROR, f"cannot read the file: {reason}", _START,
                      hints.get(exc.errno or 0, "check that the file exists and can be read"), file)


def _check(info: os.stat_result, file: str) -> Diagnostic | None:
    kind = refuse_kind(info.st_mode)
    if kind is not None:
        help_text = ("give a scenario file, or a folder to search for them" if kind == "a folder"
                     else "give a regular file: pipes and devices are never read")
        return Diagnostic("file.not-a-file", Severity.ERROR, f"this is {kind}, not a file", _START, help_text, file)
    if info.st_size > MAX_FILE_BYTES:
        return _too_large(file)
    return None


def _too_large(file: str) -> Diagnostic:
    return Diagnostic("file.too-large", Severity.ERROR,
                      f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", _START,
                      "split it into smaller files", file)


def _not_utf8(data: bytes, exc: UnicodeDecodeError, file: str) -> Diagnostic:
    start = exc.start
    line_start = data.rfind(b"\n", 0, start) + 1
    line = data.count(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", "replace")) + 1
    return Diagnostic("file.encoding", Severity.ERROR,
                      f"the file is not UTF-8 text: byte 0x{data[start]:02X} cannot be decoded",
                      Span.point(line, column, -1),
                      "save the file as UTF-8 (most editors offer it under Save As or Encoding)", file)
