"""Pretty-printing JSON text without losing anything (key order and duplicate keys are kept)."""
from __future__ import annotations

import json
import re

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def format_json(text: str, indent: str = "  ") -> str | None:
    """The text re-indented, or None when it is not valid JSON (the caller says so, never guesses)."""
    try:
        json.loads(text, object_pairs_hook=lambda pairs: pairs)
    except ValueError:
        return None
    out: list[str] = []
    depth = 0
    tokens = _TOKEN.findall(text)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in "{[":
            if nxt in "}]":
                out.append(tok)
                continue
            depth += 1
            out.append(tok + "\n" + indent * depth)
        elif tok in "}]":
            prev = tokens[i - 1] if i else ""
            if prev in "{[":
                out.append(tok)
                continue
            depth -= 1
            out.append("\n" + indent * depth + tok)
        elif tok == ",":
            out.append(",\n" + indent * depth)
        elif tok == ":":
            out.append(": ")
        else:
            out.append(tok)
    return "".join(out) + "\n"
