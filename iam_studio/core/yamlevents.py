"""YAML text → located tree from libyaml's event stream, with a span made for every key and value.

libyaml (PyYAML's `CSafeLoader`) is fast enough for files of tens of megabytes and gives every node
its start and end position. Scalars are typed by the YAML 1.2 core schema — the schema ruamel.yaml
uses — so `yes`, `on`, `0755` and timestamps mean the same thing everywhere: only `true`/`false` are
booleans, and times stay strings as written. `yamlsource.parse_yaml` comes here for every text the
JSON reader does not take.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from .diagnostics import Diagnostic, Severity, Span
from .limits import INT_TOO_LONG_HELP, MAX_DEPTH, NODE_BUDGET, TOO_DEEP_HELP, int_too_long, too_deep_message
from .located import LEntry, LMap, LNode, LScalar, LSeq

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_STR_TAG = "tag:yaml.org,2002:str"
_MAYBE_TYPED = frozenset("0123456789+-.~tTfFnN") | {""}


class _TooLong(ValueError):
    """An integer literal longer than `MAX_INT_DIGITS` digits."""


def resolve_plain(text: str) -> object:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if text[:1] not in _MAYBE_TYPED:
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text) or _OCT.match(text) or _HEX.match(text):
        if int_too_long(text):
            raise _TooLong(text)
        if text[:2] == "0o":
            return int(text[2:], 8)
        return int(text[2:], 16) if text[:2] == "0x" else int(text)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def _span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1, start.index, end.index)


class _Builder:
    """Turns a PyYAML event stream into one located tree, reporting what YAML allows but we do not."""

    def __init__(self, file: str | None, budget: int = NODE_BUDGET):
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, tuple[LNode, int]] = {}    # anchor -> (node, nodes it holds)
        self.budget = budget          # nodes left, aliases counted at their full size ("billion laughs")
        self.documents = 0

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, message, span, help, self.file))

    def build(self, events: Iterable[Any]) -> LNode | None:
        """Fold the events into a tree; written for speed (it runs once per node of big files).

        Stops at the first node past `MAX_DEPTH` levels or past the node budget, and at an integer
        that is too long, each with a diagnostic at its position.
        """
        root: LNode | None = None
        # [container, pending key (str, Span) or None, start mark, anchor, merges, nodes inside]
        stack: list[list[Any]] = []
        frame: list[Any] | None = None
        node: LNode | None
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        starts = {yaml.MappingStartEvent: LMap, yaml.SequenceStartEvent: LSeq}
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        for event in events:
            kind = type(event)
            size = 1
            if kind is scalar_event:
                a, b = event.start_mark, event.end_mark
                span = Span(a.line + 1, a.column + 1, b.line + 1, b.column + 1, a.index, b.index)
                text = event.value
                if frame is not None and frame[1] is None and type(frame[0]) is LMap:
                    frame[1] = (text, span)          # a mapping key: kept as written
                    if event.anchor:
                        self.anchors[event.anchor] = (LScalar(text, span, text), 1)
                    continue
                if event.style or event.tag == _STR_TAG:
                    value = text
                else:
                    try:
                        value = resolve_plain(text)
                    except _TooLong:
                        self.error("yaml.number-too-long", f"an integer of {len(text.lstrip('+-')):,} digits",
                                   span, INT_TOO_LONG_HELP)
                        return None
                node = LScalar(value, span, text)
                if event.anchor:
                    self.anchors[event.anchor] = (node, 1)
            elif kind in starts:
                if len(stack) >= MAX_DEPTH:
                    self.error("yaml.too-deep", too_deep_message(), _span(event.start_mark, event.end_mark),
                               TOO_DEEP_HELP)
                    return None
                frame = [starts[kind](), None, event.start_mark, event.anchor, [], 0]
                stack.append(frame)
                continue
            elif kind in ends:
                container, _, start, anchor, merged, size = stack.pop()
                size += 1
                frame = stack[-1] if stack else None
                if merged:
                    own = set(container.keys())
                    container.entries.extend(e for e in merged if e.key not in own)
                container.span = _span(start, event.end_mark)
                if anchor:
                    self.anchors[anchor] = (container, size)
                node = container
            elif kind is alias_event:
                node, size = self.alias(event)
                if node is None:
                    return None
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents == 2:
                    self.error("yaml.multiple-documents", "a scenario file holds one YAML document",
                               _span(event.start_mark, event.end_mark),
                               "remove the second `---` and everything after it, or move it to its own file")
                continue
            else:
                continue
            if self.documents > 1:
                continue
            if kind is not alias_event:
                self.budget -= 1
                if self.budget < 0:
                    self.error("yaml.too-many-nodes", f"the document holds more than {NODE_BUDGET:,} values",
                               node.span, "split the scenario into smaller files")
                    return None
            if frame is None:
                root = node
                continue
            frame[5] += size
            self.add(frame, node)
        return root

    def alias(self, event: Any) -> tuple[LNode | None, int]:
        """The anchored node and its size; None (with a diagnostic) when unknown or over the budget."""
        span = _span(event.start_mark, event.end_mark)
        target = self.anchors.get(event.anchor)
        if target is None:
            self.error("yaml.unknown-alias", f"no anchor `&{event.anchor}` before this alias", span,
                       f"define `&{event.anchor}` on a value above this line, or write the value out")
            return LScalar(None, span, ""), 1
        node, size = target
        self.budget -= size
        if self.budget < 0:
            self.error("yaml.alias-bomb", f"aliases expand this document beyond {NODE_BUDGET:,} values", span,
                       "use fewer nested aliases (`*name`)")
            return None, 0
        return node, size

    def add(self, frame: list[Any], node: LNode) -> None:
        container, pending = frame[0], frame[1]
        if isinstance(container, LSeq):
            container.items.append(node)
            return
        if pending is None:
            if not isinstance(node, LScalar):
                self.error("yaml.complex-key", "a key must be plain text, not " +
                           ("a list" if isinstance(node, LSeq) else "an object"), node.span,
                           "write the key as text before its `:`, such as `name: value`")
                frame[1] = ("", node.span)
            else:
                frame[1] = (node.raw if node.raw is not None else str(node.value), node.span)
            return
        key, key_span = pending
        frame[1] = None
        if key == "<<":
            # YAML merge key (`<<: *defaults`): entries the mapping does not set itself
            sources = node.items if isinstance(node, LSeq) else [node]
            maps = [s for s in sources if isinstance(s, LMap)]
            if len(maps) == len(sources):
                frame[4].extend(e for s in maps for e in s.entries)
                return
        container.entries.append(LEntry(key, key_span, node))


def _syntax_hint(problem: str) -> str:
    p = problem.lower()
    if "tab" in p:
        return "indent with spaces: YAML does not allow tab characters for indentation"
    if "mapping values are not allowed" in p:
        return "put a space after each `:` that ends a key, and quote values that contain `: `"
    if "expected ':'" in p or "could not find expected ':'" in p:
        return "each key needs a `:` after it; check the indentation of this line and the one before"
    if "found character that cannot start any token" in p:
        return "quote the value: it starts with a character YAML reserves (such as `@` or a backtick)"
    if "found unexpected end of stream" in p or "found unexpected end" in p:
        return "a quote or bracket is not closed"
    if "did not find expected" in p:
        return "check the indentation and that every `[`, `{` and quote is closed"
    if "duplicate" in p:
        return "remove one of the two entries"
    return "check the indentation and quoting near this position"


def _error_from_exception(exc: Exception, text: str, file: str | None) -> Diagnostic:
    span = None
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        span = Span.point(mark.line + 1, mark.column + 1, mark.index)
        if text[mark.index:mark.index + 1] == "\t":
            return Diagnostic("yaml.syntax", Severity.ERROR, "invalid YAML: a tab character here", span,
                              "indent with spaces: YAML does not allow tabs for indentation", file)
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc).splitlines()[0]
    if isinstance(exc, yaml.reader.ReaderError):
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        span = Span.at(text, exc.position)
        problem = f"the control character U+{character:04X} is not allowed in YAML text"
        help_text = ("remove it; inside a double-quoted string write it as an escape such as "
                     f"`\\x{character:02X}`" if character < 0x100 else "remove it")
    else:
        help_text = _syntax_hint(str(problem))
    message = "invalid YAML: " + str(problem).rstrip(".")
    return Diagnostic("yaml.syntax", Severity.ERROR, message, span, help_text, file)


def _events(text: str) -> Iterator[Any]:
    """libyaml's events, read straight from the parser (PyYAML's `yaml.parse` adds a call per event)."""
    parser = _Loader(text)
    end = yaml.StreamEndEvent
    try:
        while True:
            event = parser.get_event()
            yield event
            if type(event) is end:
                return
    finally:
        parser.dispose()


def read_events(text: str, file: str | None = None) -> tuple[LNode | None, list[Diagnostic]]:
    """The located tree built from libyaml's events, a span made for every node, and the diagnostics."""
    builder = _Builder(file)
    try:
        root = builder.build(_events(text))
    except yaml.YAMLError as exc:
        return None, [_error_from_exception(exc, text, file)]
    except UnicodeEncodeError as exc:             # a lone surrogate: only text made in memory holds one
        return None, [Diagnostic("yaml.syntax", Severity.ERROR,
                                 f"the character U+{ord(exc.object[exc.start]):04X} (a lone surrogate) "
                                 "cannot be in YAML text", Span.at(text, exc.start),
                                 "remove it; a character outside the basic plane is written as one pair", file)]
    except MemoryError:
        return None, [Diagnostic("yaml.too-large", Severity.ERROR, "the document does not fit in memory",
                                 Span.point(1, 1, 0), "split the scenario into smaller files", file)]
    return root, builder.diagnostics
