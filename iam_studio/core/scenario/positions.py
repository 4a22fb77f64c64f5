"""The node positions a scenario's `layout:` key holds, read whatever it holds.

`layout` is written by the GUI (`{node key: [x, y]}`) but a file may say anything there: only
entries with a text key and two finite numbers within `LIMIT` count; every other node is placed
by the automatic layout.
"""
from __future__ import annotations

import math

LIMIT = 1e7         # far beyond any canvas, small enough for Qt's coordinates


def saved_positions(layout: object) -> dict[str, tuple[float, float]]:
    """The usable `node key -> (x, y)` entries of a `layout` value (empty for anything else)."""
    if not isinstance(layout, dict):
        return {}
    out: dict[str, tuple[float, float]] = {}
    for key, value in layout.items():
        if not isinstance(key, str) or not isinstance(value, (list, tuple)) or len(value) != 2:
            continue
        x, y = _coordinate(value[0]), _coordinate(value[1])
        if x is not None and y is not None:
            out[key] = (x, y)
    return out


def _coordinate(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int) and abs(value) > LIMIT:
        return None              # also ints too big for a float
    number = float(value)
    return number if math.isfinite(number) and abs(number) <= LIMIT else None
