"""String operators: StringEquals, StringEqualsIgnoreCase, StringLike (and their negations).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
StringEquals and StringLike are case-sensitive, the IgnoreCase forms are not; only the Like forms
read `*` and `?` as wildcards; policy variables are supported.
"""
from __future__ import annotations

from typing import Sequence

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
    globs = tuple(compile_glob_parts(v, case_sensitive=True).match for v in values)
    if len(globs) == 1:
        return globs[0]
    return (lambda value: any(m(value) for m in globs)) if globs else never


STRING_EQUALS = Comparison("StringEquals", "equals", _equals, variables=True)
STRING_EQUALS_IGNORE_CASE = Comparison("StringEqualsIgnoreCase", "equals (ignoring case)",
                                       _equals_ignore_case, variables=True)
STRING_LIKE = Comparison("StringLike", "is like", _like, variables=True)
