"""Automatic node placement with networkx: a layered layout and a force-directed one."""
from __future__ import annotations

import networkx as nx

LAYER_GAP = 230.0
ROW_GAP = 120.0


def layered(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Columns left to right: root and users, groups, policies, roles, resources.

    Within each column, nodes are ordered to cross fewer edges: a few sweeps of the barycenter
    heuristic (each node moves to the mean row of its neighbours in the columns beside it).
    """
    if g.number_of_nodes() == 0:
        return {}
    layers = sorted({d["layer"] for _, d in g.nodes(data=True)})
    columns = [sorted(n for n, d in g.nodes(data=True) if d["layer"] == layer) for layer in layers]
    neighbours = {n: set(g.predecessors(n)) | set(g.successors(n)) for n in g.nodes}
    for sweep in range(SWEEPS):
        order = range(1, len(columns)) if sweep % 2 == 0 else range(len(columns) - 2, -1, -1)
        for c in order:
            row = {n: i for col in columns for i, n in enumerate(col)}
            side = columns[c - 1] if sweep % 2 == 0 else columns[c + 1]
            beside = set(side)
            columns[c] = sorted(columns[c], key=lambda n: _barycenter(n, neighbours[n] & beside, row))
    out: dict[str, tuple[float, float]] = {}
    for c, column in enumerate(columns):
        for i, n in enumerate(column):
            out[n] = (c * LAYER_GAP, (i - (len(column) - 1) / 2) * ROW_GAP)
    return out


SWEEPS = 6


def _barycenter(node: str, linked: set[str], row: dict[str, int]) -> float:
    """Mean row of the linked nodes; a node with no links keeps its place."""
    if not linked:
        return float(row[node])
    return sum(row[n] for n in linked) / len(linked)


def force(g: nx.MultiDiGraph, start: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """A spring layout started from the current positions (stable: same input, same output)."""
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(g.to_undirected())
    n = simple.number_of_nodes()
    scale = max(300.0, (n ** 0.5) * 140.0)
    init = {k: (x / scale, y / scale) for k, (x, y) in start.items() if k in simple}
    pos = nx.spring_layout(simple, pos=init or None, seed=7, iterations=80, scale=scale,
                           k=1.6 / max(1.0, n ** 0.5))
    return separate({k: (float(p[0]), float(p[1])) for k, p in pos.items()})


MIN_GAP = 150.0          # centre-to-centre distance two nodes need so that shapes and names do not overlap


def separate(pos: dict[str, tuple[float, float]], gap: float = MIN_GAP, rounds: int = 60
             ) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than `gap` (a few rounds of pairwise pushes; same input, same output)."""
    keys = sorted(pos)
    xy = {k: [float(pos[k][0]), float(pos[k][1])] for k in keys}
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                dx, dy = xy[b][0] - xy[a][0], xy[b][1] - xy[a][1]
                d = (dx * dx + dy * dy) ** 0.5
                if d >= gap:
                    continue
                if d < 1e-6:
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (gap - d) / 2 + 0.5
                ux, uy = dx / d, dy / d
                xy[a][0] -= ux * push
                xy[a][1] -= uy * push
                xy[b][0] += ux * push
                xy[b][1] += uy * push
                moved = True
        if not moved:
            break
    return {k: (v[0], v[1]) for k, v in xy.items()}


def free_spot(taken: list[tuple[float, float]], near: tuple[float, float], gap: float = MIN_GAP
              ) -> tuple[float, float]:
    """The free place nearest `near` (on rings of a grid around it) at least `gap` from every node."""
    cx, cy = near
    if all((x - cx) ** 2 + (y - cy) ** 2 >= gap * gap for x, y in taken):
        return near
    step = gap * 0.75
    for ring in range(1, 60):
        spots = [(cx + i * step, cy + j * step) for i in range(-ring, ring + 1) for j in range(-ring, ring + 1)
                 if max(abs(i), abs(j)) == ring]
        spots.sort(key=lambda p: ((p[0] - cx) ** 2 + (p[1] - cy) ** 2, p))
        for x, y in spots:
            if all((x - tx) ** 2 + (y - ty) ** 2 >= gap * gap for tx, ty in taken):
                return (x, y)
    return (cx, cy)
