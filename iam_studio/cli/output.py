"""Shared printing helpers for the subcommands, and the end of a command's process."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

from ..core.diagnostics import Diagnostic


def print_diagnostics(diagnostics: list[Diagnostic], stream=None) -> None:
    stream = stream or sys.stderr
    for d in diagnostics:
        stream.write(d.format() + "\n")


def end_process(code: int) -> NoReturn:
    """End the process at once, its output flushed, without the interpreter's shutdown.

    Shutdown would free every object a command made, one by one, and scan them all for reference
    cycles: a large share of a check's time, for memory the operating system takes back anyway.
    Nothing a command does waits for shutdown (no atexit handlers, no files left open for writing).
    """
    with contextlib.suppress(OSError):      # nobody reads the output any more (a closed pipe)
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def error_dict(d: Diagnostic, file: str | None = None) -> dict:
    return {"file": d.file or file, "line": d.span.line if d.span else None,
            "column": d.span.column if d.span else None, "message": d.message,
            "severity": d.severity.value, "code": d.code, "help": d.help}
