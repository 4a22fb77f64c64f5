"""Edges that pass around nodes: a straight line that would cross another node (and so seem to connect
to it) is bent into a curve that clears it. Pure geometry, no Qt."""
from __future__ import annotations

import math
from collections.abc import Sequence

CLEARANCE = 46.0         # how far an edge keeps from another node's centre (its shape and the top of its name)
BEND_LIMIT = 40          # more nodes than this: edges stay straight (the test is per edge, per node)
_OFFSETS = (60.0, -60.0, 110.0, -110.0, 170.0, -170.0, 240.0, -240.0)


def _near(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    """Distance from (px, py) to the segment a-b."""
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _curve(ax: float, ay: float, cx: float, cy: float, bx: float, by: float, steps: int) -> list[tuple[float, float]]:
    """Points along the quadratic curve from a to b with control point c."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * ax + 2 * u * t * cx + t * t * bx, u * u * ay + 2 * u * t * cy + t * t * by))
    return out


def _crossed(points: list[tuple[float, float]], obstacles: Sequence[tuple[float, float]], clearance: float,
             enough: int) -> int:
    """How many obstacles the polyline through `points` comes closer to than `clearance` (counted up to
    `enough`: a curve that crosses that many is no better than one found already)."""
    count = 0
    segments = list(zip(points, points[1:], strict=False))
    for ox, oy in obstacles:
        for (ax, ay), (bx, by) in segments:
            if _near(ox, oy, ax, ay, bx, by) < clearance:
                count += 1
                break
        if count >= enough:
            break
    return count


def bend(ax: float, ay: float, bx: float, by: float, obstacles: Sequence[tuple[float, float]],
         clearance: float = CLEARANCE) -> tuple[float, float] | None:
    """The control point of a curve from a to b that keeps `clearance` from every obstacle, or None when the
    straight line already does (the smallest bend that clears; when none does, the one crossing the fewest
    obstacles, or None if the line crosses no more)."""
    length = math.hypot(bx - ax, by - ay)
    if length < 1:
        return None
    in_way = [(ox, oy) for ox, oy in obstacles if _near(ox, oy, ax, ay, bx, by) < clearance]
    if not in_way:
        return None
    nx, ny = -(by - ay) / length, (bx - ax) / length
    mx, my = (ax + bx) / 2, (ay + by) / 2
    steps = max(6, int(length / 25))
    best: tuple[int, tuple[float, float] | None] = (len(in_way), None)
    for offset in _OFFSETS:
        cx, cy = mx + nx * offset * 2, my + ny * offset * 2      # the curve's middle lies half way to c
        left, right = min(ax, bx, cx) - clearance, max(ax, bx, cx) + clearance
        top, bottom = min(ay, by, cy) - clearance, max(ay, by, cy) + clearance
        around = [(ox, oy) for ox, oy in obstacles if left <= ox <= right and top <= oy <= bottom]
        crossed = _crossed(_curve(ax, ay, cx, cy, bx, by, steps), around, clearance, best[0])
        if crossed == 0:
            return cx, cy
        if crossed < best[0]:
            best = (crossed, (cx, cy))
    return best[1]          # in a crowded diagram: the curve that crosses the fewest nodes, or the line
