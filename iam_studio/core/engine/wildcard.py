"""`*` / `?` glob matching as IAM uses it in Action, StringLike and friends, compiled once.

`*` matches any run of characters (including none, `/` and `:`), `?` exactly one character.
There is no escape syntax in a pattern; a literal `*` reaches a pattern only through a policy
variable (`${*}`) or a substituted value, so the compiler also accepts `(text, literal)` parts.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

Part = tuple[str, bool]     # (text, literal): literal text has no wildcards


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def _always(_text: str) -> bool:
    return True


class Glob:
    """A compiled pattern; `match(text)` tells whether the whole text matches."""

    __slots__ = ("pattern", "case_sensitive", "match", "kind")

    def __init__(self, pattern: str, case_sensitive: bool, match: Callable[[str], bool], kind: str):
        self.pattern = pattern                  # display form (literal parts shown as written)
        self.case_sensitive = case_sensitive
        self.match = match
        self.kind = kind                        # "any", "exact", "prefix", "ends" (one wildcard) or "regex"

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r}, case_sensitive={self.case_sensitive}, kind={self.kind!r})"


def glob_regex(parts: Iterable[Part]) -> str:
    """The regular expression source (for fullmatch) of a pattern given as parts."""
    out: list[str] = []
    for text, literal in parts:
        if literal:
            out.append(re.escape(text))
            continue
        for ch in text:
            if ch == "*":
                out.append(".*")
            elif ch == "?":
                out.append(".")
            else:
                out.append(re.escape(ch))
    return "".join(out)


def compile_glob(pattern: str, *, case_sensitive: bool) -> Glob:
    """Compile a pattern where `*` and `?` are wildcards."""
    return _compile(((pattern, False),), case_sensitive)


def compile_glob_parts(parts: Iterable[Part], *, case_sensitive: bool) -> Glob:
    """Compile a pattern made of pattern text and literal text (substituted policy variables)."""
    return _compile(tuple(parts), case_sensitive)


@lru_cache(maxsize=4096)
def _compile(parts: tuple[Part, ...], case_sensitive: bool) -> Glob:
    display = "".join(text for text, _ in parts)
    if not case_sensitive:
        parts = tuple((text.lower(), literal) for text, literal in parts)
    wild = [i for i, (t, lit) in enumerate(parts) if not lit and has_wildcard(t)]
    if not wild:
        exact = "".join(t for t, _ in parts)
        if case_sensitive:
            return Glob(display, True, exact.__eq__, "exact")
        return Glob(display, False, lambda text: text.lower() == exact, "exact")
    if len(parts) == 1 and parts[0][0] == "*":
        return Glob(display, case_sensitive, _always, "any")
    last_text = parts[-1][0]
    if (wild == [len(parts) - 1] and last_text.endswith("*")
            and not has_wildcard(last_text[:-1])):
        prefix = "".join(t for t, _ in parts[:-1]) + last_text[:-1]
        if case_sensitive:
            return Glob(display, True, lambda text: text.startswith(prefix), "prefix")
        return Glob(display, False, lambda text: text.lower().startswith(prefix), "prefix")
    if len(wild) == 1:
        single = _single_wildcard(parts, wild[0])
        if single is not None:
            if case_sensitive:
                return Glob(display, True, single, "ends")
            return Glob(display, False, lambda text: single(text.lower()), "ends")
    regex = re.compile(glob_regex(parts), re.DOTALL)
    if case_sensitive:
        return Glob(display, True, lambda text: regex.fullmatch(text) is not None, "regex")
    return Glob(display, False, lambda text: regex.fullmatch(text.lower()) is not None, "regex")


def _single_wildcard(parts: tuple[Part, ...], at: int) -> Callable[[str], bool] | None:
    """A pattern with one wildcard character in all (`AROA*:bob`, `s3:GetObjec?`) as a test of its two ends,
    without compiling an expression (an account's policies hold hundreds of such one-off patterns)."""
    text = parts[at][0]
    position = min(i for i in (text.find("*"), text.find("?")) if i >= 0)
    if has_wildcard(text[position + 1:]):
        return None
    head = "".join(t for t, _ in parts[:at]) + text[:position]
    tail = text[position + 1:] + "".join(t for t, _ in parts[at + 1:])
    least = len(head) + len(tail)
    if text[position] == "*":
        return lambda value: len(value) >= least and value.startswith(head) and value.endswith(tail)
    return lambda value: len(value) == least + 1 and value.startswith(head) and value.endswith(tail)
