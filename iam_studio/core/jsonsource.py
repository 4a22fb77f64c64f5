"""JSON text -> located tree (`LMap`/`LSeq`/`LScalar`), tolerant of errors.

Valid JSON is read by the standard library's C decoder into a tree whose positions are found
only when they are read (`JsonPositions`): a diagnostic, the trace or the editor asks for a few
spans, not for one per value. Text it refuses goes to the forgiving reader: tree-sitter-json
lexes and parses; subtrees without errors are converted directly. Wherever tree-sitter reports
an error, that region is flattened to its tokens and re-read by a small forgiving parser, so a
half-typed document still gives as much tree as possible (open objects are closed at the end of
input) and one diagnostic per problem, with its position and a hint.

tree-sitter works in UTF-8 bytes; every `Span` here is in characters (1-based line/column,
0-based offsets, end exclusive).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, Severity, Span
from .limits import INT_TOO_LONG_HELP, MAX_DEPTH, NODE_BUDGET, TOO_DEEP_HELP, int_too_long, too_deep_message
from .located import LEntry, LMap, LNode, LScalar, LSeq, Place

if TYPE_CHECKING:
    import tree_sitter

_VALUE_TYPES = frozenset({"object", "array", "string", "number", "true", "false", "null"})
_PUNCT = frozenset("{}[]:,")
_CLOSER = {"{": "}", "[": "]"}
_NUMBER_RE = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
_EXPONENT_PLUS = re.compile(rb"([0-9])([eE])\+(?=[0-9])")
_STRUCTURE = re.compile(rb'"(?:[^"\\\n]|\\.)*"?|[\[\]{}]')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}

# What YAML reads differently from JSON (so a scenario holding it goes to the YAML reader, which
# says what is wrong or reads it its own way): characters YAML does not allow, line breaks other
# than LF and CRLF, escaped surrogates, and the merge key `<<`. The first is compiled (9 ms) by `re`
# when first searched for: ASCII text never is.
_NOT_YAML_CHARACTER = "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_BARE_CR = re.compile("\r(?!\n)")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_FIRST = frozenset('{["-0123456789tfn \t\r\n')
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LITERALS: dict[object, str] = {True: "true", False: "false", None: "null"}


class _Refused(ValueError):
    """The strict reader does not take this text (the forgiving reader will say why)."""


def _int(text: str) -> LScalar:
    if int_too_long(text):
        raise _Refused(text)
    return LScalar(int(text), None, text)


def _float(text: str) -> LScalar:
    return LScalar(float(text), None, text)


def _constant(text: str) -> object:
    raise _Refused(text)                # NaN, Infinity: not JSON


def read_json(text: str, *, as_yaml: bool = False) -> LNode | None:
    """The located tree of `text` when it is valid JSON within the limits, else None.

    C speed: the standard library's decoder reads the values, numbers keep their spelling, and
    the positions are found when first read. None means the forgiving reader must say what is
    wrong (not JSON, nested deeper than `MAX_DEPTH`, an integer too long, `NaN`, more values than
    `NODE_BUDGET`). `as_yaml`: also None for text that YAML reads differently, so that a scenario
    (a YAML document) reads the same whichever reader takes it.
    """
    if not text or text[0] not in _FIRST:
        return None
    if text.count(",") + text.count("[") + text.count("{") >= NODE_BUDGET:
        return None                     # each value but the first of a container follows a comma
    try:
        data = json.loads(text, object_pairs_hook=tuple, parse_int=_int, parse_float=_float,
                          parse_constant=_constant)
    except (ValueError, RecursionError, MemoryError):
        return None
    if as_yaml and not _reads_as_yaml(text):
        return None
    try:
        return _tree(data, JsonPositions(text), -1, 0)
    except _Refused:
        return None


def _reads_as_yaml(text: str) -> bool:
    """Whether YAML reads this JSON text as JSON does (the text is valid JSON)."""
    if text.isascii():      # valid JSON holds no raw control character but tabs and line breaks
        if "\x7f" in text:
            return False
    elif re.search(_NOT_YAML_CHARACTER, text):
        return False
    if "\r" in text and _BARE_CR.search(text):
        return False
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        return False
    return '"<<"' not in text


def _tree(value: object, up: Place | JsonPositions, at: int, depth: int) -> LNode:
    """The decoder's values (objects as tuples of pairs) as located nodes that find their spans later."""
    if type(value) is LScalar:
        value._up, value._at = up, at
        return value
    if type(value) is str:
        return LScalar(value, None, value, up, at)
    if type(value) is not tuple and type(value) is not list:
        return LScalar(value, None, _LITERALS[value], up, at)
    if depth >= MAX_DEPTH:
        raise _Refused("too deep")
    depth += 1
    place = (up, at)
    if type(value) is tuple:
        entries: list[LEntry] = []
        for i, (k, v) in enumerate(value):
            if type(v) is str:          # most values: made here rather than by a call
                entries.append(LEntry(k, None, LScalar(v, None, v, place, i)))
            else:
                entries.append(LEntry(k, None, _tree(v, place, i, depth)))
        return LMap(entries, None, up, at)
    items = [LScalar(v, None, v, place, i) if type(v) is str else _tree(v, place, i, depth)
             for i, v in enumerate(value)]
    return LSeq(items, None, up, at)


class JsonPositions:
    """Where the values of a valid JSON text are, found when asked.

    A container's members are located once, as far as asked, and kept, so a path costs one look-up
    per level. A member's end is found only when the next member or its own span needs it (the C
    decoder skips over the value, or the container's members found so far lead to its end), so
    a path reads the text before it about once, not once per level. Line and column come from
    counting line feeds from the nearest offset already counted.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # container start -> ([key start, key end, value start, value end or -1] of each member found,
        # [its end once all members are found, else -1])
        self._members: dict[int, tuple[list[list[int]], list[int]]] = {}
        self._scan = json.JSONDecoder().raw_decode
        self._marks = [0]           # offsets whose line is known, ascending
        self._lines = [1]

    def locate(self, path: list[int], key: bool) -> Span:
        start = _WHITESPACE.match(self.text).end()      # type: ignore[union-attr]
        member = [-1, -1, start, -1]
        for index in path:
            member = self.member(member[2], index)
        if key:
            return self.span(member[0], member[1])
        return self.span(member[2], self._end(member))

    def member(self, start: int, index: int) -> list[int]:
        """[key start, key end, value start, value end or -1] of member `index` of the container at `start`.

        An array item's key is the empty region at its start.
        """
        known = self._members.get(start)
        if known is None:
            known = self._members[start] = ([], [-1])
        found = known[0]
        while len(found) <= index:
            self._next(start, known)
        return found[index]

    def _next(self, start: int, known: tuple[list[list[int]], list[int]]) -> bool:
        """Find the next member of the container at `start`; False when it has no more (its end is then known)."""
        text, skip = self.text, _WHITESPACE.match
        found = known[0]
        i = skip(text, self._end(found[-1]) if found else start + 1).end()      # type: ignore[union-attr]
        if found and text[i] == ",":
            i = skip(text, i + 1).end()            # type: ignore[union-attr]
        elif text[i] in "]}":
            known[1][0] = i + 1
            return False
        if text[start] == "{":
            key_end = self._scan(text, i)[1]
            value_start = skip(text, skip(text, key_end).end() + 1).end()  # type: ignore[union-attr]
        else:
            key_end = value_start = i
        found.append([i, key_end, value_start, -1])
        return True

    def _end(self, member: list[int]) -> int:
        """Where a member's value ends, found once: after the last member of a container already
        being read, else by the C decoder skipping over it."""
        end = member[3]
        if end < 0:
            start = member[2]
            known = self._members.get(start)
            if known is None:
                end = self._scan(self.text, start)[1]
            else:
                while self._next(start, known):
                    pass
                end = known[1][0]
            member[3] = end
        return end

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column, start, end)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of the character at `offset`."""
        text, marks = self.text, self._marks
        k = bisect_right(marks, offset) - 1
        line = self._lines[k] + text.count("\n", marks[k], offset)
        if offset - marks[k] > 256:
            marks.insert(k + 1, offset)
            self._lines.insert(k + 1, line)
        return line, offset - text.rfind("\n", 0, offset)


@lru_cache(maxsize=1)
def _parser() -> tree_sitter.Parser:
    import tree_sitter
    import tree_sitter_json

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_json.language()))


def parse_json(text: str, file: str | None = None) -> tuple[LNode | None, list[Diagnostic]]:
    """Parse JSON `text` into a located tree plus diagnostics; never raises.

    The tree is `None` only when nothing resembling a value was found.
    """
    root = read_json(text)
    if root is not None:
        return root, []
    return _Reader(text, file).read()


@dataclass(slots=True)
class _Tok:
    kind: str            # "unit" (clean tree-sitter subtree), "punct", "string", "bad", "comment"
    start: int           # byte offsets
    end: int
    node: tree_sitter.Node | None = None
    text: str = ""
    terminated: bool = True

    def unit(self) -> tree_sitter.Node:
        """The clean tree-sitter subtree of a `unit` token."""
        assert self.node is not None
        return self.node


class _Reader:
    def __init__(self, text: str, file: str | None):
        self.text = text
        self.file = file
        self.data = text.encode("utf-8", "surrogatepass")
        self.diagnostics: list[Diagnostic] = []
        if len(self.data) == len(text):
            self._char_at = None
        else:                                    # byte offset -> character offset
            table = []
            for i, ch in enumerate(text):
                table.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
            table.append(len(text))
            self._char_at = table
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    # -- positions ---------------------------------------------------------------------------
    def _char(self, byte: int) -> int:
        if self._char_at is None:
            return byte
        return self._char_at[min(byte, len(self._char_at) - 1)]

    def _pos(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def span(self, start_byte: int, end_byte: int) -> Span:
        start, end = self._char(start_byte), self._char(end_byte)
        line, col = self._pos(start)
        end_line, end_col = self._pos(end)
        return Span(line, col, end_line, end_col, start, end)

    def error(self, code: str, message: str, start: int, end: int, help: str | None = None) -> None:
        end = max(end, start + 1) if start < len(self.data) else end
        self.diagnostics.append(
            Diagnostic(f"json.{code}", Severity.ERROR, message, self.span(start, end), help, self.file))

    def snippet(self, start: int, end: int, limit: int = 20) -> str:
        s = self.data[start:end].decode("utf-8", "replace")
        return s if len(s) <= limit else s[: limit - 1] + "…"

    # -- entry ---------------------------------------------------------------------------------
    def read(self) -> tuple[LNode | None, list[Diagnostic]]:
        too_deep = self._too_deep()
        if too_deep is not None:
            self.error("too-deep", too_deep_message(), too_deep, too_deep + 1, help=TOO_DEEP_HELP)
            return None, self.diagnostics
        try:
            # tree-sitter-json does not lex an exponent sign `e+`; `e0` has the same length and
            # the same structure, and all text is taken from the original bytes.
            tree = _parser().parse(_EXPONENT_PLUS.sub(rb"\1\g<2>0", self.data))
        except Exception as exc:  # pragma: no cover - tree-sitter failing is not a user error
            self.diagnostics.append(Diagnostic("json.internal", Severity.ERROR,
                                               f"the JSON reader failed: {exc}", None, None, self.file))
            return None, self.diagnostics
        tokens: list[_Tok] = []
        for child in tree.root_node.children:
            self._flatten(child, tokens)
        tokens = self._merge_strings(tokens)
        self.toks = [t for t in tokens if not self._is_comment(t)]
        self.i = 0
        if not self.toks:
            self.error("empty", "the document is empty", 0, len(self.data),
                       help="a policy document is a JSON object: `{\"Version\": \"2012-10-17\", \"Statement\": []}`")
            return None, self._sorted()
        root = self._value()
        while root is None and self.i < len(self.toks):
            root = self._value()
        if self.i < len(self.toks):
            t = self.toks[self.i]
            self.error("trailing-content", f"unexpected `{self.snippet(t.start, t.end)}` after the end of the document",
                       t.start, self.toks[-1].end,
                       help="a JSON document holds exactly one value; remove the extra text")
        return root, self._sorted()

    def _too_deep(self) -> int | None:
        """The byte offset of the first `[` or `{` nested deeper than `MAX_DEPTH`, or None."""
        data = self.data
        if data.count(b"[") + data.count(b"{") <= MAX_DEPTH:
            return None
        depth = 0
        for m in _STRUCTURE.finditer(data):
            c = data[m.start()]
            if c in b"[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return m.start()
            elif c in b"]}":
                depth = max(depth - 1, 0)
        return None

    def _sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: d.span.offset if d.span else -1)

    def _is_comment(self, t: _Tok) -> bool:
        if t.kind == "comment":
            self.error("comment", "comments are not allowed in JSON", t.start, t.end, help="remove the comment")
            return True
        return False

    # -- tokens --------------------------------------------------------------------------------
    def _flatten(self, node: tree_sitter.Node, out: list[_Tok]) -> None:
        t = node.type
        if t == "comment":
            out.append(_Tok("comment", node.start_byte, node.end_byte))
        elif node.is_missing:
            return
        elif (not node.has_error and (t in _VALUE_TYPES or t == "pair")) or _is_closed_string(node):
            out.append(_Tok("unit", node.start_byte, node.end_byte, node))
        elif node.child_count == 0:
            text = self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")
            if t in _PUNCT and text == t:
                out.append(_Tok("punct", node.start_byte, node.end_byte, text=t))
            elif t in ('"', "string_content", "escape_sequence"):
                out.append(_Tok(t, node.start_byte, node.end_byte, text=text))
            elif node.end_byte > node.start_byte:
                out.append(_Tok("bad", node.start_byte, node.end_byte, text=text))
        else:
            for child in node.children:
                self._flatten(child, out)

    def _merge_strings(self, tokens: list[_Tok]) -> list[_Tok]:
        """Join loose `"`, content and escape tokens (strings inside error regions) into string tokens."""
        out: list[_Tok] = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.kind == '"':
                end = t.end
                i += 1
                while i < len(tokens) and tokens[i].kind in ("string_content", "escape_sequence") \
                        and tokens[i].start == end:
                    end = tokens[i].end
                    i += 1
                terminated = i < len(tokens) and tokens[i].kind == '"' and tokens[i].start == end
                if terminated:
                    end = tokens[i].end
                    i += 1
                out.append(_Tok("string", t.start, end, terminated=terminated))
                continue
            if t.kind in ("string_content", "escape_sequence"):
                t = _Tok("bad", t.start, t.end, text=t.text)
            out.append(t)
            i += 1
        return out

    # -- forgiving parser over tokens ----------------------------------------------------------
    def _peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _is(self, t: _Tok | None, punct: str) -> bool:
        return t is not None and t.kind == "punct" and t.text == punct

    def _value(self) -> LNode | None:
        t = self._peek()
        if t is None:
            end = len(self.data)
            self.error("missing-value", "expected a value, found the end of the document", end, end,
                       help="finish the document")
            return None
        if t.kind == "unit":
            self.i += 1
            return self._convert(t.unit())
        if t.kind == "string":
            self.i += 1
            return self._string_token(t)
        if self._is(t, "{"):
            return self._object()
        if self._is(t, "["):
            return self._array()
        self.i += 1
        self._unexpected(t, "expected a value")
        return None

    def _unexpected(self, t: _Tok, what: str) -> None:
        text = self.snippet(t.start, t.end)
        help = None
        if text.startswith("'"):
            help = "JSON strings use double quotes: `\"...\"`"
        elif text in ("True", "False", "None", "TRUE", "FALSE", "NULL"):
            help = "JSON literals are lowercase: `true`, `false`, `null`"
        elif text and text[0] in "0123456789-+.":
            help = "JSON numbers look like `12`, `-3`, `1.5` or `2e10` (no leading zeros or `+`)"
        elif t.kind == "bad" and text[:1].isalpha():
            help = "strings must be in double quotes: `\"" + text + "\"`"
        else:
            help = "a JSON value is a string in double quotes, a number, `true`, `false`, `null`, `{...}` or `[...]`"
        self.error("unexpected", f"{what}, found `{text}`", t.start, t.end, help=help)

    def _string_token(self, t: _Tok) -> LScalar | None:
        if not t.terminated:
            self.error("unterminated-string", "this string is not closed", t.start, t.end,
                       help="add the closing `\"`")
        inner_start = t.start + 1
        inner_end = t.end - 1 if t.terminated else t.end
        return LScalar(self._decode(inner_start, inner_end), self.span(t.start, t.end))

    def _object(self) -> LMap:
        open_tok = self.toks[self.i]
        self.i += 1
        result = LMap()
        last_end = open_tok.end
        expect_member = True      # after `{` or `,`
        comma: _Tok | None = None
        while True:
            t = self._peek()
            if t is None or self._is(t, "]"):
                self.error("unclosed", "`{` is never closed", open_tok.start, open_tok.end,
                           help="add the matching `}`")
                break
            if self._is(t, "}"):
                if comma is not None:
                    self.error("trailing-comma", "trailing comma before `}`", comma.start, comma.end,
                               help="JSON does not allow a comma after the last member; remove it")
                self.i += 1
                last_end = t.end
                break
            if self._is(t, ","):
                if expect_member:
                    self.error("unexpected", "unexpected `,`", t.start, t.end, help="remove the extra comma")
                comma, expect_member = t, True
                self.i += 1
                last_end = t.end
                continue
            if t.kind in ("unit", "string") and (t.kind == "string" or t.unit().type in ("pair", "string")):
                if not expect_member:
                    self.error("missing-comma", "expected `,` between members", t.start, t.end,
                               help="separate the members of an object with commas")
                entry_end = self._member(result)
                last_end = max(last_end, entry_end)
                expect_member, comma = False, None
                continue
            self.i += 1
            self._unexpected(t, "expected a member name in double quotes")
            last_end = t.end
            while (n := self._peek()) is not None and not (n.kind == "punct" and n.text in ",}]"):
                self.i += 1        # skip the rest of the broken member
                last_end = n.end
            expect_member, comma = False, None
        result.span = self.span(open_tok.start, last_end)
        return result

    def _member(self, result: LMap) -> int:
        """Read `"key": value` (or a clean pair); add it to `result`; return its end byte."""
        t = self.toks[self.i]
        self.i += 1
        if t.kind == "unit" and t.unit().type == "pair":
            entry = self._convert_pair(t.unit())
            if entry is not None:
                result.entries.append(entry)
            return t.end
        key = self._convert(t.unit()) if t.kind == "unit" else self._string_token(t)
        key_text = key.value if isinstance(key, LScalar) else ""
        colon = self._peek()
        if colon is not None and self._is(colon, ":"):
            self.i += 1
            end = colon.end
        else:
            self.error("missing-colon", f"expected `:` after the member name `{key_text}`", t.start, t.end,
                       help=f"write `\"{key_text}\": value`")
            end = t.end
        nxt = self._peek()
        if nxt is None or self._is(nxt, ",") or self._is(nxt, "}") or self._is(nxt, "]"):
            where = nxt.start if nxt is not None else len(self.data)
            self.error("missing-value", f"missing value for `{key_text}`", t.start, where,
                       help="add a value after the `:`")
            return end
        value = self._value()
        if value is not None:
            result.entries.append(LEntry(str(key_text), key.span if key else None, value))
            return self.toks[self.i - 1].end
        return end

    def _array(self) -> LSeq:
        open_tok = self.toks[self.i]
        self.i += 1
        result = LSeq()
        last_end = open_tok.end
        expect_item = True
        comma: _Tok | None = None
        while True:
            t = self._peek()
            if t is None or self._is(t, "}"):
                self.error("unclosed", "`[` is never closed", open_tok.start, open_tok.end,
                           help="add the matching `]`")
                break
            if self._is(t, "]"):
                if comma is not None:
                    self.error("trailing-comma", "trailing comma before `]`", comma.start, comma.end,
                               help="JSON does not allow a comma after the last item; remove it")
                self.i += 1
                last_end = t.end
                break
            if self._is(t, ","):
                if expect_item:
                    self.error("unexpected", "unexpected `,`", t.start, t.end, help="remove the extra comma")
                comma, expect_item = t, True
                self.i += 1
                last_end = t.end
                continue
            if self._is(t, ":"):
                self.i += 1
                self._unexpected(t, "expected a list item")
                continue
            if not expect_item:
                self.error("missing-comma", "expected `,` between list items", t.start, t.end,
                           help="separate the items of a list with commas")
            start = self.i
            item = self._value()
            if item is not None:
                result.items.append(item)
            if self.i > start:
                last_end = self.toks[self.i - 1].end
            expect_item, comma = False, None
        result.span = self.span(open_tok.start, last_end)
        return result

    # -- clean subtrees ------------------------------------------------------------------------
    def _convert(self, node: tree_sitter.Node) -> LNode | None:
        t = node.type
        span = self.span(node.start_byte, node.end_byte)
        if t == "object":
            result = LMap(span=span)
            for child in node.children:
                if child.type == "pair":
                    entry = self._convert_pair(child)
                    if entry is not None:
                        result.entries.append(entry)
                elif child.type == "comment":
                    self._is_comment(_Tok("comment", child.start_byte, child.end_byte))
            return result
        if t == "array":
            seq = LSeq(span=span)
            for child in node.children:
                if child.type in _VALUE_TYPES:
                    item = self._convert(child)
                    if item is not None:
                        seq.items.append(item)
                elif child.type == "comment":
                    self._is_comment(_Tok("comment", child.start_byte, child.end_byte))
            return seq
        raw = self.data[node.start_byte:node.end_byte].decode("utf-8", "surrogatepass")
        if t == "string":
            return LScalar(self._decode(node.start_byte + 1, node.end_byte - 1), span, raw)
        if t == "number":
            if not any(c in raw for c in ".eE") and int_too_long(raw):
                self.error("number-too-long", f"an integer of {len(raw.lstrip('-')):,} digits", node.start_byte,
                           node.end_byte, help=INT_TOO_LONG_HELP)
                return LScalar(raw, span, raw)
            if not _NUMBER_RE.match(raw):
                self.error("bad-number", f"`{raw}` is not a JSON number", node.start_byte, node.end_byte,
                           help="JSON numbers look like `12`, `-3`, `1.5` or `2e10` (no leading zeros, `+` or "
                                "trailing `.`)")
            return LScalar(_number(raw), span, raw)
        if t in ("true", "false"):
            return LScalar(t == "true", span, raw)
        if t == "null":
            return LScalar(None, span, raw)
        return None

    def _convert_pair(self, node: tree_sitter.Node) -> LEntry | None:
        key_node = node.child_by_field_name("key")
        value_node = node.child_by_field_name("value")
        for child in node.children:
            if child.type == "comment":
                self._is_comment(_Tok("comment", child.start_byte, child.end_byte))
        if key_node is None or value_node is None:
            return None
        key = self._convert(key_node)
        value = self._convert(value_node)
        if key is None or value is None:
            return None
        if not isinstance(key, LScalar):
            return None
        if key_node.type != "string":
            self.error("key-not-string", f"member names must be strings, found `{key.raw}`",
                       key_node.start_byte, key_node.end_byte, help=f"write `\"{key.raw}\"`")
        return LEntry(str(key.value), key.span, value)

    def _decode(self, start: int, end: int) -> str:
        """Decode the characters of a JSON string between its quotes (byte offsets), reporting bad escapes."""
        s = self.data[start:end].decode("utf-8", "surrogatepass")
        if "\\" not in s and not any(ord(c) < 0x20 for c in s):
            return s
        out: list[str] = []
        i = 0
        base = self._char(start)
        n = len(s)
        while i < n:
            c = s[i]
            if ord(c) < 0x20:
                self._char_error("control-character", "control characters must be escaped in a JSON string",
                                 base + i, base + i + 1, "write `\\n` for a new line, `\\t` for a tab")
                out.append(c)
                i += 1
            elif c != "\\":
                out.append(c)
                i += 1
            elif i + 1 < n and s[i + 1] in _ESCAPES:
                out.append(_ESCAPES[s[i + 1]])
                i += 2
            elif i + 1 < n and s[i + 1] == "u" and _is_hex(s[i + 2:i + 6]):
                code = int(s[i + 2:i + 6], 16)
                i += 6
                if 0xD800 <= code < 0xDC00 and s[i:i + 2] == "\\u" and _is_hex(s[i + 2:i + 6]):
                    low = int(s[i + 2:i + 6], 16)
                    if 0xDC00 <= low < 0xE000:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                out.append(chr(code))
            else:
                bad = s[i:i + 2]
                self._char_error("bad-escape", f"invalid escape `{bad}` in a string", base + i,
                                 base + i + len(bad),
                                 "valid escapes are `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t`, "
                                 "`\\uXXXX`")
                out.append(bad)
                i += len(bad)
        return "".join(out)

    def _char_error(self, code: str, message: str, start: int, end: int, help: str) -> None:
        line, col = self._pos(start)
        end_line, end_col = self._pos(end)
        self.diagnostics.append(Diagnostic(f"json.{code}", Severity.ERROR, message,
                                           Span(line, col, end_line, end_col, start, end), help, self.file))


def _is_closed_string(node: tree_sitter.Node) -> bool:
    """A string with both quotes whose only errors are bad escapes (the decoder reports those)."""
    if node.type != "string" or node.child_count < 2:
        return False
    first, last = node.children[0], node.children[-1]
    return first.type == '"' and last.type == '"' and not last.is_missing and last.end_byte > last.start_byte


def _is_hex(s: str) -> bool:
    return len(s) == 4 and all(c in "0123456789abcdefABCDEF" for c in s)


def _number(raw: str) -> int | float:
    try:
        if any(c in raw for c in ".eE"):
            return float(raw)
        return int(raw)
    except ValueError:
        return float("nan")
