"""ISO 8601 times as the scenario format writes them (`2026-11-28T09:00:00Z`): one parser for everyone.

Times run from `EARLIEST` to `LATEST` (0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, in UTC); a time
outside that range, such as `0001-01-01T00:00:00+14:00`, is not a time.
"""
from __future__ import annotations

from datetime import datetime, timezone

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
