"""A source-located value tree: what JSON text and YAML nodes both become before interpretation.

Every mapping key, sequence item and scalar knows the span it came from, so policy and
scenario diagnostics and the engine's trace can point at the exact place in the file.
Equality of the *values* ignores spans (`to_plain()` gives plain Python data).

A reader either gives each node its `Span` as it builds the tree (the YAML reader) or leaves the
positions to be found when they are read (the JSON reader): such a node knows its parent and its
place in it, the root knows a `Positions` that finds a path's span in the text, and `node.span`
is a `LazySpan` that asks it the first time one of its fields is read.
"""
from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Protocol, cast, overload

from .diagnostics import Span

_FIELDS = ("line", "column", "end_line", "end_column", "offset", "end_offset")
_VALUE, _KEY, _JOIN = 0, 1, 2


class Written(str):
    """A number, boolean or null kept as the text it was written as (`+1`, `0x10`, `1.50`, `True`).

    AWS compares a condition value's text, so saving must not respell it; YAML writers emit it
    plain, exactly as it reads.
    """

    __slots__ = ()


class Positions(Protocol):
    """Finds where a node of a tree is in its text, from the node's path (its place in each parent)."""

    def locate(self, path: list[int], key: bool) -> Span:
        """The span of the value at `path` (0-based member or item indices from the root), or of its key."""
        ...


class LazySpan(Span):
    """A `Span` worked out the first time one of its fields is read.

    It compares, hashes and copies like the `Span` it stands for; once worked out it lets go of
    the tree it was found in.
    """

    __slots__ = ("_of", "_at", "_part")

    def __init__(self, of: object, at: int = -1, part: int = _VALUE) -> None:
        self._of: object = of          # a node's `_up` (with its `_at`), or the (first, last) spans to join
        self._at = at
        self._part = part

    def __getattr__(self, name: str) -> Any:
        if name not in _FIELDS or self._of is None:
            raise AttributeError(name)
        span = self._find()
        for field_name, value in zip(_FIELDS, (span.line, span.column, span.end_line, span.end_column,
                                               span.offset, span.end_offset), strict=True):
            object.__setattr__(self, field_name, value)
        self._of = None
        return object.__getattribute__(self, name)

    def _find(self) -> Span:
        of = self._of
        if self._part == _JOIN:
            assert isinstance(of, tuple)
            first, last = of
            return Span(first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset)
        path: list[int] = []
        up, at = of, self._at
        while type(up) is tuple:
            path.append(at)
            up, at = up
        path.reverse()
        return cast(Positions, up).locate(path, self._part == _KEY)

    def plain(self) -> Span:
        """The same region as a plain `Span`."""
        return Span(self.line, self.column, self.end_line, self.end_column, self.offset, self.end_offset)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (self.line, self.column, self.end_line, self.end_column, self.offset, self.end_offset) == \
            (other.line, other.column, other.end_line, other.end_column, other.offset, other.end_offset)

    def __hash__(self) -> int:
        return hash(self.plain())

    def __repr__(self) -> str:
        return repr(self.plain())

    def __copy__(self) -> Span:
        return self.plain()

    def __deepcopy__(self, memo: dict[int, object]) -> Span:
        return self.plain()

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, int, int, int, int]]:
        return Span, (self.line, self.column, self.end_line, self.end_column, self.offset, self.end_offset)


def join_spans(first: Span, last: Span) -> Span:
    """The span from the start of `first` to the end of `last`, worked out only when read."""
    if type(first) is Span and type(last) is Span:
        return Span(first.line, first.column, last.end_line, last.end_column, first.offset, last.end_offset)
    return LazySpan((first, last), -1, _JOIN)


def _plain_span(span: Span | None) -> Span | None:
    return span.plain() if isinstance(span, LazySpan) else span


# Where a node is, without a reference to any node (so that a tree holds no reference cycle):
# the `Positions` of its text for the root, else its parent's `Place` and its index in the parent.
Place = tuple["Place | Positions", int]


class _Node:
    """What the three kinds of node share: a span, given or found on demand.

    `_up` is None for a node that has its span (or none), else the place of its parent (a
    `Place`; the `Positions` for the root), and `_at` its member or item index in that parent.
    A container's children have `(container._up, container._at)` as their `_up`.
    """

    __slots__ = ("_span", "_up", "_at")

    _span: Span | None
    _up: Place | Positions | None
    _at: int

    @property
    def span(self) -> Span | None:
        span = self._span
        if span is None and self._up is not None:
            span = self._span = LazySpan(self._up, self._at)
        return span

    @span.setter
    def span(self, span: Span | None) -> None:
        self._span = span


class LScalar(_Node):
    """A string, number, boolean or null. `raw` keeps the source spelling (e.g. `true`, `1.0`)."""

    __slots__ = ("value", "raw")

    def __init__(self, value: object, span: Span | None = None, raw: str | None = None,
                 up: Place | Positions | None = None, at: int = -1) -> None:
        self.value = value
        self.raw = raw
        self._span = span
        self._up = up
        self._at = at

    def __eq__(self, other: object) -> bool:
        if type(other) is not LScalar:
            return NotImplemented
        return (self.value, self.span, self.raw) == (other.value, other.span, other.raw)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LScalar(value={self.value!r}, span={self.span!r}, raw={self.raw!r})"

    def __deepcopy__(self, memo: dict[int, object]) -> LScalar:
        return LScalar(copy.deepcopy(self.value, memo), _plain_span(self.span), self.raw)

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


class LEntry:
    """One `key: value` of a mapping; the key's span is found on demand when the value's is."""

    __slots__ = ("key", "value", "_key_span")

    def __init__(self, key: str, key_span: Span | None, value: LNode) -> None:
        self.key = key
        self._key_span = key_span
        self.value = value

    @property
    def key_span(self) -> Span | None:
        span = self._key_span
        value = self.value
        if span is None and value._up is not None:
            span = self._key_span = LazySpan(value._up, value._at, _KEY)
        return span

    @key_span.setter
    def key_span(self, span: Span | None) -> None:
        self._key_span = span

    def __eq__(self, other: object) -> bool:
        if type(other) is not LEntry:
            return NotImplemented
        return (self.key, self.key_span, self.value) == (other.key, other.key_span, other.value)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LEntry(key={self.key!r}, key_span={self.key_span!r}, value={self.value!r})"

    def __deepcopy__(self, memo: dict[int, object]) -> LEntry:
        return LEntry(self.key, _plain_span(self.key_span), copy.deepcopy(self.value, memo))


class LMap(_Node):
    """A mapping that keeps key order, duplicate keys (JSON allows them; grammar checks flag them) and key spans."""

    __slots__ = ("entries",)

    def __init__(self, entries: list[LEntry] | None = None, span: Span | None = None,
                 up: Place | Positions | None = None, at: int = -1) -> None:
        self.entries = [] if entries is None else entries
        self._span = span
        self._up = up
        self._at = at

    def __eq__(self, other: object) -> bool:
        if type(other) is not LMap:
            return NotImplemented
        return (self.entries, self.span) == (other.entries, other.span)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LMap(entries={self.entries!r}, span={self.span!r})"

    def __deepcopy__(self, memo: dict[int, object]) -> LMap:
        return LMap([copy.deepcopy(e, memo) for e in self.entries], _plain_span(self.span))

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

    def first_entries(self) -> dict[str, LEntry]:
        """Each key's entry, the first of repeated ones (as `entry` finds it), for reading many keys."""
        return {e.key: e for e in reversed(self.entries)}

    def __iter__(self) -> Iterator[LEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def to_plain(self) -> dict[str, object]:
        return {e.key: e.value.to_plain() for e in self.entries}

    def written(self) -> dict[str, object]:
        return {e.key: e.value.written() for e in self.entries}


class LSeq(_Node):
    __slots__ = ("items",)

    def __init__(self, items: list[LNode] | None = None, span: Span | None = None,
                 up: Place | Positions | None = None, at: int = -1) -> None:
        self.items = [] if items is None else items
        self._span = span
        self._up = up
        self._at = at

    def __eq__(self, other: object) -> bool:
        if type(other) is not LSeq:
            return NotImplemented
        return (self.items, self.span) == (other.items, other.span)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LSeq(items={self.items!r}, span={self.span!r})"

    def __deepcopy__(self, memo: dict[int, object]) -> LSeq:
        return LSeq([copy.deepcopy(i, memo) for i in self.items], _plain_span(self.span))

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
