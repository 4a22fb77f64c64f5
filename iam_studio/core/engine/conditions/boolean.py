"""The Bool operator: the request value must be the policy's `true` or `false`.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
Policy variables are supported; a policy value other than true/false never matches.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..wildcard import Part
from .comparison import Comparison, ValueTest, joined, never

_BOOLEANS = ("true", "false")


def _invalid(value: str) -> str | None:
    return None if value.strip().lower() in _BOOLEANS else f"`{value}` is not `true` or `false`"


def _build(values: Sequence[tuple[Part, ...]]) -> ValueTest:
    wanted = frozenset(t for t in (joined(v).strip().lower() for v in values) if t in _BOOLEANS)
    return (lambda value: value.strip().lower() in wanted) if wanted else never


BOOL = Comparison("Bool", "is", _build, variables=True, invalid=_invalid)
