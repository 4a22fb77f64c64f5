"""ARN operators: ArnEquals and ArnLike (same matching), ArnNotEquals and ArnNotLike.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
Case-sensitive. "Each of the six colon-delimited components of the ARN is checked separately and
each can include multi-character match wildcards (*) or single-character match wildcards (?)":
- a request value is split at its first five colons; its sixth part (the resource) keeps any
  further colons;
- in the first five parts `*` and `?` never match a colon (unlike the Resource element, where a
  `*` that ends a segment runs past colons); in the sixth part they match any character;
- a value or a policy value with fewer than six parts is not an ARN and matches nothing (the
  guide: every part must be present in the policy value, even if it is only a wildcard).
So `arn:aws:someservice:*:111122223333:finance/*` does not match
`arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt`, though
StringLike would. Policy variables are supported; substituted text is literal.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..wildcard import Part, has_wildcard
from .comparison import Comparison, ValueTest, never

RESOURCE_PART = 5        # index of the sixth, colon-tolerant part


def arn_condition_regex(parts: Sequence[Part]) -> str | None:
    """The fullmatch source for one policy value, or None when it has fewer than six parts."""
    out: list[str] = []
    part = 0
    for text, literal in parts:
        for ch in text:
            if ch == ":" and part < RESOURCE_PART:
                part += 1
                out.append(":")
            elif literal or ch not in "*?":
                out.append(re.escape(ch))
            elif part < RESOURCE_PART:
                out.append("[^:]*" if ch == "*" else "[^:]")
            else:
                out.append(".*" if ch == "*" else ".")
    return "".join(out) if part == RESOURCE_PART else None


def _one(parts: Sequence[Part]) -> ValueTest:
    text = "".join(t for t, _ in parts)
    if not any(has_wildcard(t) for t, literal in parts if not literal):
        return text.__eq__ if text.count(":") >= RESOURCE_PART else never
    source = arn_condition_regex(parts)
    if source is None:
        return never
    regex = re.compile(source, re.DOTALL)
    return lambda value: regex.fullmatch(value) is not None


def _build(values: Sequence[tuple[Part, ...]]) -> ValueTest:
    matchers = tuple(_one(v) for v in values)
    if len(matchers) == 1:
        return matchers[0]
    return (lambda value: any(m(value) for m in matchers)) if matchers else never


def _invalid(value: str) -> str | None:
    if "${" not in value and value.count(":") < RESOURCE_PART:
        return (f"`{value}` has fewer than the six colon-separated parts of an ARN, so it matches nothing "
                "(write every part, e.g. `arn:aws:sns:*:*:*`)")
    return None


ARN_EQUALS = Comparison("ArnEquals", "matches", _build, variables=True, invalid=_invalid)
ARN_LIKE = Comparison("ArnLike", "is like", _build, variables=True, invalid=_invalid)
