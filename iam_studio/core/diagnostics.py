"""The one shape of every problem the tool reports: code, severity, message, span, help.

Message style (after Cedar's): lowercase, no final period, user input in backticks;
the hint goes in `help`, not in the message.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A region of source text. Lines and columns are 1-based; offsets are 0-based character offsets.

    `end_line`/`end_column` point one past the last character (exclusive), like an editor cursor.
    Treat it as immutable: it is not frozen only because frozen dataclasses are four times slower
    to create, and big scenario files create hundreds of thousands of spans.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    offset: int = -1
    end_offset: int = -1

    @staticmethod
    def point(line: int, column: int, offset: int = -1) -> Span:
        return Span(line, column, line, column + 1, offset, offset + 1 if offset >= 0 else -1)

    @staticmethod
    def at(text: str, offset: int) -> Span:
        """The one-character span at character `offset` of `text`."""
        offset = max(0, min(offset, len(text)))
        line_start = text.rfind("\n", 0, offset) + 1
        return Span.point(text.count("\n", 0, offset) + 1, offset - line_start + 1, offset)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str                       # stable machine-readable code, e.g. "policy.principal-in-identity"
    severity: Severity
    message: str
    span: Span | None = None
    help: str | None = None
    file: str | None = None         # path of the file, when it came from one

    def with_file(self, file: str | None) -> Diagnostic:
        return Diagnostic(self.code, self.severity, self.message, self.span, self.help, file)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """`FILE:LINE:COLUMN` (parts that are unknown are left out, the file falls back to `<input>`)."""
        where = self.file or "<input>"
        if self.span is not None:
            where += f":{self.span.line}:{self.span.column}"
        return where

    def format(self) -> str:
        """The one-line form printed by the CLI, with the hint on a second line."""
        text = f"{self.location()}: {self.severity.value}: {self.message}"
        if self.help:
            text += f"\n  help: {self.help}"
        return text


@dataclass(slots=True)
class DiagnosticBag:
    """Collects diagnostics so that every problem is reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, message: str, span: Span | None = None, *, help: str | None = None,
            severity: Severity = Severity.ERROR, file: str | None = None) -> None:
        self.items.append(Diagnostic(code, severity, message, span, help, file))

    def warn(self, code: str, message: str, span: Span | None = None, *, help: str | None = None) -> None:
        self.add(code, message, span, help=help, severity=Severity.WARNING)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]
