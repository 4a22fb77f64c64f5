"""ISO 8601 times as the scenario format writes them (`2026-11-28T09:00:00Z`): one parser for everyone.

Times run from `EARLIEST` to `LATEST` (0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, in UTC); a time
outside that range, such as `0001-01-01T00:00:00+14:00`, is not a time.

`parse_time` reads the scenario's own times; `parse_date` reads a Date condition operator's values
(dates, times, or epoch seconds, as AWS compares them), for the policy grammar and the engine alike.
"""
from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache

EARLIEST = datetime(1, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
RANGE_TEXT = "from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z"


def parse_time(text: object) -> datetime | None:
    """An ISO 8601 time (`Z` allowed) as an aware UTC datetime, or None when it is not one (or out of range)."""
    if isinstance(text, datetime):
        moment = _utc_or_none(text)
    elif not isinstance(text, str) or not text.strip():
        return None
    else:
        value = text.strip()
        if value.endswith(("Z", "z")):
            value = value[:-1] + "+00:00"
        try:
            moment = _utc_or_none(datetime.fromisoformat(value))
        except ValueError:
            return None
    if moment is None or not EARLIEST <= moment <= LATEST.replace(microsecond=999999):
        return None
    return moment


def utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def iso_utc(moment: datetime) -> str:
    """`moment` as `YYYY-MM-DDTHH:MM:SSZ` (four-digit years, unlike `strftime` on some platforms)."""
    return utc(moment).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _utc_or_none(moment: datetime) -> datetime | None:
    try:
        return utc(moment)
    except OverflowError:          # the offset moves it before year 1 or after year 9999
        return None


# Date condition values: the seconds since the epoch of EARLIEST and LATEST bound them.
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
