"""ARNs: parsing, and matching an ARN against a Resource (or NotResource) pattern.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- an ARN is `arn:partition:service:region:account-id:resource`; the resource part may itself
  contain colons and slashes;
- wildcards (`*`, `?`) work within each colon-separated segment; a `*` does not span into the
  next segment, unless it is the last character of a segment: then it can expand beyond the
  colon boundaries; in the resource part `*` matches anything, `/` and `:` included;
- matching is case-sensitive (e.g. IAM user names in the Resource element);
- `"*"` alone matches every resource.
The ARN condition operators compare the six parts differently (`conditions/arns.py`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from .wildcard import Part, has_wildcard

RESOURCE_SEGMENT = 5     # index of the resource part among the colon-separated segments


def _always(_text: str) -> bool:
    return True


class ArnPattern:
    """A compiled Resource pattern; `match(arn)` tells whether the ARN matches."""

    __slots__ = ("pattern", "match", "kind", "regex")

    def __init__(self, pattern: str, match: Callable[[str], bool], kind: str, regex: re.Pattern[str] | None = None):
        self.pattern = pattern
        self.match = match
        self.kind = kind                # "any", "exact", "prefix" or "regex"
        self.regex = regex              # the compiled expression of a "regex" pattern

    def __repr__(self) -> str:
        return f"ArnPattern({self.pattern!r}, kind={self.kind!r})"


def arn_regex(parts: Iterable[Part]) -> str:
    """The regular expression source (for fullmatch) of an ARN pattern given as parts."""
    chars = [(ch, literal) for text, literal in parts for ch in text]
    out: list[str] = []
    segment = 0
    for i, (ch, literal) in enumerate(chars):
        if literal:
            out.append(re.escape(ch))
        elif ch == ":":
            segment += 1
            out.append(":")
        elif ch == "*":
            last_of_segment = i + 1 == len(chars) or chars[i + 1] == (":", False)
            out.append(".*" if segment >= RESOURCE_SEGMENT or last_of_segment else "[^:]*")
        elif ch == "?":
            out.append("." if segment >= RESOURCE_SEGMENT else "[^:]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def compile_arn_pattern(pattern: str) -> ArnPattern:
    return compile_arn_parts(((pattern, False),))


@lru_cache(maxsize=4096)
def compile_arn_parts(parts: tuple[Part, ...]) -> ArnPattern:
    """Compile a pattern made of pattern text and literal (substituted) text."""
    display = "".join(text for text, _ in parts)
    wild = [i for i, (text, literal) in enumerate(parts) if not literal and has_wildcard(text)]
    if not wild:
        return ArnPattern(display, display.__eq__, "exact")
    if len(parts) == 1 and display == "*":
        return ArnPattern(display, _always, "any")
    last = parts[-1][0]
    if wild == [len(parts) - 1] and last.endswith("*") and not has_wildcard(last[:-1]):
        prefix = display[:-1]
        return ArnPattern(display, lambda arn: arn.startswith(prefix), "prefix")
    regex = re.compile(arn_regex(parts), re.DOTALL)
    return ArnPattern(display, lambda arn: regex.fullmatch(arn) is not None, "regex", regex)


def arn_matches(pattern: str, arn: str) -> bool:
    """Whether `arn` matches the Resource `pattern` (no policy variables)."""
    return compile_arn_pattern(pattern).match(arn)
