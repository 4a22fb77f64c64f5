"""ISO 8601 times as the scenario format writes them (`2026-11-28T09:00:00Z`): one parser for everyone."""
from __future__ import annotations

from datetime import datetime, timezone


def parse_time(text: object) -> datetime | None:
    """An ISO 8601 time (`Z` allowed) as an aware UTC datetime, or None when it is not one."""
    if isinstance(text, datetime):
        return utc(text)
    if not isinstance(text, str) or not text.strip():
        return None
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        return utc(datetime.fromisoformat(value))
    except ValueError:
        return None


def utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
