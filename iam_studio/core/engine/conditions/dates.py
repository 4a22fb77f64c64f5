"""Date operators: DateEquals, DateLessThan ... (DateNotEquals is the negation).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
Values are W3C ISO 8601 dates (`2020-01-01`, `2020-01-01T12:00:00Z`, with or without fractions
and offsets) or epoch (UNIX) seconds, as aws:CurrentTime and aws:EpochTime carry them; both
sides are turned into instants and compared. No wildcards, no policy variables. Instants outside
0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z are not dates: such a policy value is reported, and
a request value that is not a date (unreadable, or outside that range) matches no Date operator,
DateNotEquals included (issue 8's pinned rule; AWS documents the range, not what lies outside it).
The parser, `parse_date`, lives in `core/isotime.py`: the policy grammar checks values with it too.
"""
from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from ...isotime import RANGE_TEXT, parse_date
from .comparison import Comparison, ordered


def _invalid(value: str) -> str | None:
    return None if parse_date(value) is not None else \
        f"`{value}` is not a date (ISO 8601 or epoch seconds, {RANGE_TEXT})"


def is_date(text: str) -> bool:
    return parse_date(text) is not None


def _date(name: str, verb: str, op: Callable[[Any, Any], bool]) -> Comparison:
    return ordered(name, verb, parse_date, op, _invalid, accepts=is_date)


DATE_EQUALS = _date("DateEquals", "is the same time as", operator.eq)
DATE_LESS_THAN = _date("DateLessThan", "is before", operator.lt)
DATE_LESS_THAN_EQUALS = _date("DateLessThanEquals", "is at or before", operator.le)
DATE_GREATER_THAN = _date("DateGreaterThan", "is after", operator.gt)
DATE_GREATER_THAN_EQUALS = _date("DateGreaterThanEquals", "is at or after", operator.ge)
