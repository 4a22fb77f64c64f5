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
    return {k: (float(p[0]), float(p[1])) for k, p in pos.items()}
