"""Numeric operators: NumericEquals, NumericLessThan ... (NumericNotEquals is the negation).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
The request value is compared with the policy value (`key < value` for NumericLessThan); no
wildcards, no policy variables. A value that is not a number never matches.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .comparison import Comparison, ordered

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


@lru_cache(maxsize=4096)
def parse_number(text: str) -> Decimal | None:
    text = text.strip()
    return Decimal(text) if _NUMBER.match(text) else None


def _invalid(value: str) -> str | None:
    return None if parse_number(value) is not None else f"`{value}` is not a number"


def _numeric(name: str, verb: str, op: Callable[[Any, Any], bool]) -> Comparison:
    return ordered(name, verb, parse_number, op, _invalid)


NUMERIC_EQUALS = _numeric("NumericEquals", "equals", operator.eq)
NUMERIC_LESS_THAN = _numeric("NumericLessThan", "is less than", operator.lt)
NUMERIC_LESS_THAN_EQUALS = _numeric("NumericLessThanEquals", "is less than or equal to", operator.le)
NUMERIC_GREATER_THAN = _numeric("NumericGreaterThan", "is greater than", operator.gt)
NUMERIC_GREATER_THAN_EQUALS = _numeric("NumericGreaterThanEquals", "is greater than or equal to",
                                       operator.ge)
