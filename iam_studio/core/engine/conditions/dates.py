"""Date operators: DateEquals, DateLessThan ... (DateNotEquals is the negation).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
Values are W3C ISO 8601 dates (`2020-01-01`, `2020-01-01T12:00:00Z`, with or without fractions
and offsets) or epoch (UNIX) seconds, as aws:CurrentTime and aws:EpochTime carry them; both
sides are turned into instants and compared. No wildcards, no policy variables. Instants outside
0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z are not dates: such a policy value is reported, and
a request value that is not a date (unreadable, or outside that range) matches no Date operator,
DateNotEquals included (issue 8's pinned rule; AWS documents the range, not what lies outside it).
"""
from __future__ import annotations

import calendar
import operator
import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ...isotime import EARLIEST, LATEST, RANGE_TEXT
from .comparison import Comparison, ordered

_FIRST = Decimal(calendar.timegm(EARLIEST.utctimetuple()))
_LAST = Decimal(calendar.timegm(LATEST.utctimetuple()))

_EPOCH = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"(Z|z|[+-]\d{2}:?\d{2})?$"
)


@lru_cache(maxsize=4096)
def parse_date(text: str) -> Decimal | None:
    """The instant `text` names, in seconds since 1970-01-01T00:00:00Z, or None (also out of range)."""
    instant = _instant(text.strip())
    return instant if instant is not None and _FIRST <= instant < _LAST + 1 else None


def _instant(text: str) -> Decimal | None:
    if len(text) > 64:
        return None
    if _EPOCH.match(text):
        return Decimal(text)
    m = _ISO.match(text)
    if m is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = m.groups()
    if not (1 <= int(year) and 1 <= int(month) <= 12
            and 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]):
        return None
    h, mi, s = int(hour or 0), int(minute or 0), int(second or 0)
    if h > 23 or mi > 59 or s > 60:
        return None
    seconds = calendar.timegm((int(year), int(month), int(day), h, mi, s, 0, 0, 0))
    instant = Decimal(seconds) + (Decimal("0" + fraction) if fraction else 0)
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        instant -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return instant


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
