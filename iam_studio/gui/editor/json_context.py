"""Where the cursor is in (possibly half-typed) JSON: the key path, whether a key or a value is being
typed, and the text of the enclosing statement. Tolerant by design: it reads only up to the cursor."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class JsonContext:
    path: list[str] = field(default_factory=list)   # keys of the enclosing objects, outermost first
    is_key: bool = False                             # typing a key (else a value)
    in_string: bool = False
    statement_start: int = -1                        # offset of the `{` of the enclosing statement


def context_at(text: str, offset: int) -> JsonContext:
    """Scan `text[:offset]` and report the position's context."""
    # each frame: [kind ('{' or '['), key (last key seen in an object), expecting_key, start offset]
    stack: list[list] = []
    in_string = escaped = False
    string_is_key = False
    string_start = 0
    for i in range(min(offset, len(text))):
        c = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
                if string_is_key and stack:
                    stack[-1][1] = text[string_start + 1:i]
            continue
        if c == '"':
            in_string = True
            string_start = i
            string_is_key = bool(stack) and stack[-1][0] == "{" and stack[-1][2]
        elif c == "{":
            stack.append(["{", None, True, i])
        elif c == "[":
            stack.append(["[", None, False, i])
        elif c in "}]":
            if stack:
                stack.pop()
        elif c == ":":
            if stack and stack[-1][0] == "{":
                stack[-1][2] = False
        elif c == ",":
            if stack and stack[-1][0] == "{":
                stack[-1][2] = True
    path = [frame[1] for frame in stack if frame[0] == "{" and frame[1] is not None]
    ctx = JsonContext(in_string=in_string)
    ctx.is_key = bool(stack) and stack[-1][0] == "{" and stack[-1][2]
    if ctx.is_key and stack and stack[-1][1] is not None:
        path = path[:-1] if path and path[-1] == stack[-1][1] else path
    ctx.path = path
    # the statement is the object whose parent container is the value of "Statement"
    for depth, frame in enumerate(stack):
        if frame[0] == "{" and depth > 0 and _value_of(stack, depth - 1) == "Statement":
            ctx.statement_start = frame[3]
    return ctx


def _value_of(stack: list[list], depth: int) -> str | None:
    """The key whose value the frame at `depth` is (an array frame looks through to its object)."""
    frame = stack[depth]
    if frame[0] == "[":
        return _value_of(stack, depth - 1) if depth > 0 else None
    return None if frame[2] else frame[1]


def outside_strings(text: str, start: int = 0):
    """(offset, character) for every character of `text[start:]` that is not inside a JSON string."""
    in_string = escaped = False
    for i in range(start, len(text)):
        c = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        else:
            yield i, c


def enclosing_object(text: str, start: int) -> str:
    """The text of the object starting at `start` up to its closing brace (or the end of the text)."""
    depth = 0
    for i, c in outside_strings(text, start):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
    return text[start:]
