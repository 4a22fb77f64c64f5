"""A source-located value tree: what JSON text and YAML nodes both become before interpretation.

Every mapping key, sequence item and scalar keeps the span it came from, so policy and
scenario diagnostics and the engine's trace can point at the exact place in the file.
Equality of the *values* ignores spans (`to_plain()` gives plain Python data).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import overload

from .diagnostics import Span


class Written(str):
    """A number, boolean or null kept as the text it was written as (`+1`, `0x10`, `1.50`, `True`).

    AWS compares a condition value's text, so saving must not respell it; YAML writers emit it
    plain, exactly as it reads.
    """

    __slots__ = ()


@dataclass(slots=True)
class LScalar:
    """A string, number, boolean or null. `raw` keeps the source spelling (e.g. `true`, `1.0`)."""

    value: object
    span: Span | None = None
    raw: str | None = None

    def to_plain(self) -> object:
        return self.value

    def written(self) -> object:
        """Plain data for saving: strings as they are, other scalars as `Written` source text."""
        v = self.value
        if isinstance(v, str) or not self.raw:
            return v
        return Written(self.raw)

    def aws_text(self) -> str:
        """The string AWS receives for this value: `true` → "true", numbers as written."""
        v = self.value
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return self.raw if self.raw is not None else str(v)
        return str(v)


@dataclass(slots=True)
class LEntry:
    key: str
    key_span: Span | None
    value: LNode


@dataclass(slots=True)
class LMap:
    """A mapping that keeps key order, duplicate keys (JSON allows them; grammar checks flag them) and key spans."""

    entries: list[LEntry] = field(default_factory=list)
    span: Span | None = None

    def get(self, key: str) -> LNode | None:
        for e in self.entries:
            if e.key == key:
                return e.value
        return None

    def entry(self, key: str) -> LEntry | None:
        for e in self.entries:
            if e.key == key:
                return e
        return None

    def keys(self) -> list[str]:
        return [e.key for e in self.entries]

    def __iter__(self) -> Iterator[LEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def to_plain(self) -> dict[str, object]:
        return {e.key: e.value.to_plain() for e in self.entries}

    def written(self) -> dict[str, object]:
        return {e.key: e.value.written() for e in self.entries}


@dataclass(slots=True)
class LSeq:
    items: list[LNode] = field(default_factory=list)
    span: Span | None = None

    def __iter__(self) -> Iterator[LNode]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def to_plain(self) -> list[object]:
        return [i.to_plain() for i in self.items]

    def written(self) -> list[object]:
        return [i.written() for i in self.items]


LNode = LScalar | LMap | LSeq


@overload
def from_plain(value: dict[str, object]) -> LMap: ...
@overload
def from_plain(value: object) -> LNode: ...
def from_plain(value: object) -> LNode:
    """Wrap plain Python data (no positions) as a located tree, e.g. for documents built in code."""
    if isinstance(value, dict):
        return LMap([LEntry(str(k), None, from_plain(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return LSeq([from_plain(v) for v in value])
    return LScalar(value)


def kind_name(node: LNode) -> str:
    """A learner-friendly name of the node's type for messages: `a string`, `a list`, `an object`."""
    if isinstance(node, LMap):
        return "an object"
    if isinstance(node, LSeq):
        return "a list"
    v = node.value
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    return "a string"
