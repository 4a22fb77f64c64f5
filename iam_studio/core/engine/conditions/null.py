"""The Null operator: does the request carry the key at all.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
`"Null": {"key": "true"}` matches when the key is absent (its value is null); `"false"` matches
when the key is present. Several values are OR-ed like any other operator's values.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NullCheck:
    when_missing: bool      # the condition's result when the key is absent
    when_present: bool      # ... and when it is present
    invalid: tuple[str, ...] = ()   # policy values that are neither true nor false


def compile_null(values: tuple[str, ...]) -> NullCheck:
    words = [v.strip().lower() for v in values]
    invalid = tuple(v for v, w in zip(values, words, strict=False) if w not in ("true", "false"))
    return NullCheck("true" in words, "false" in words, invalid)
