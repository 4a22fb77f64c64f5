"""ARN operators: ArnEquals and ArnLike (same matching), ArnNotEquals and ArnNotLike.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
Case-sensitive; each colon-separated part of the ARN is checked on its own and may hold `*` and
`?` wildcards (see `arn.py`); policy variables are supported.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..arn import compile_arn_parts
from ..wildcard import Part
from .comparison import Comparison, ValueTest, never


def _build(values: Sequence[tuple[Part, ...]]) -> ValueTest:
    matchers = tuple(compile_arn_parts(tuple(v)).match for v in values)
    if len(matchers) == 1:
        return matchers[0]
    return (lambda value: any(m(value) for m in matchers)) if matchers else never


ARN_EQUALS = Comparison("ArnEquals", "matches", _build, variables=True)
ARN_LIKE = Comparison("ArnLike", "is like", _build, variables=True)
