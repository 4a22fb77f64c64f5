"""Shared printing helpers for the subcommands."""
from __future__ import annotations

import sys

from ..core.diagnostics import Diagnostic


def print_diagnostics(diagnostics: list[Diagnostic], stream=None) -> None:
    stream = stream or sys.stderr
    for d in diagnostics:
        stream.write(d.format() + "\n")


def error_dict(d: Diagnostic, file: str | None = None) -> dict:
    return {"file": d.file or file, "line": d.span.line if d.span else None,
            "column": d.span.column if d.span else None, "message": d.message,
            "severity": d.severity.value, "code": d.code, "help": d.help}
