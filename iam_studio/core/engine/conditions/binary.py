"""The BinaryEquals operator: byte-for-byte equality with a base64-encoded policy value.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
The request context holds strings, so a binary request value is written base64-encoded too;
both sides are decoded and the bytes compared. No wildcards, no policy variables.
"""
from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from functools import lru_cache

from ..wildcard import Part
from .comparison import Comparison, ValueTest, joined, never


@lru_cache(maxsize=4096)
def decode(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


def _invalid(value: str) -> str | None:
    return None if decode(value) is not None else f"`{value}` is not base64"


def _build(values: Sequence[tuple[Part, ...]]) -> ValueTest:
    wanted = frozenset(b for b in (decode(joined(v)) for v in values) if b is not None)
    return (lambda value: decode(value) in wanted) if wanted else never


BINARY_EQUALS = Comparison("BinaryEquals", "equals", _build, variables=False, invalid=_invalid)
