"""String operators: StringEquals, StringEqualsIgnoreCase, StringLike (and their negations).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
StringEquals and StringLike are case-sensitive, the IgnoreCase forms are not; only the Like forms
read `*` and `?` as wildcards; policy variables are supported.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..wildcard import Part, compile_glob_parts
from .comparison import Comparison, ValueTest, joined, never


def _equals(values: Sequence[tuple[Part, ...]]) -> ValueTest:
    wanted = frozenset(joined(v) for v in values)
    if len(wanted) == 1:
        (only,) = wanted
        return only.__eq__
    return wanted.__contains__ if wanted else never


def _equals_ignore_case(values: Sequence[tuple[Part, ...]]) -> ValueTest:
    wanted = frozenset(joined(v).lower() for v in values)
    return (lambda value: value.lower() in wanted) if wanted else never


def _like(values: Sequence[tuple[Part, ...]]) -> ValueTest:
    globs = [compile_glob_parts(v, case_sensitive=True) for v in values]
    exact = frozenset(g.pattern for g in globs if g.kind == "exact")
    if len(globs) == 1:
        return globs[0].match
    if not globs:
        return never
    if any(g.kind == "any" for g in globs):
        return lambda value: True
    matchers = tuple(g.match for g in globs if g.kind != "exact")
    if not matchers:
        return exact.__contains__

    def test(value: str) -> bool:
        if value in exact:
            return True
        for match in matchers:
            if match(value):
                return True
        return False
    return test


STRING_EQUALS = Comparison("StringEquals", "equals", _equals, variables=True)
STRING_EQUALS_IGNORE_CASE = Comparison("StringEqualsIgnoreCase", "equals (ignoring case)",
                                       _equals_ignore_case, variables=True)
STRING_LIKE = Comparison("StringLike", "is like", _like, variables=True)
