"""Automatic node placement with networkx: a layered layout and a force-directed one."""
from __future__ import annotations

import networkx as nx

LAYER_GAP = 230.0
ROW_GAP = 120.0


def layered(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Columns left to right: root and users, groups, policies, roles, resources."""
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(g.nodes(data=True))
    layers = sorted({d["layer"] for _, d in g.nodes(data=True)})
    rank = {layer: i for i, layer in enumerate(layers)}
    for n, d in simple.nodes(data=True):
        d["rank"] = rank[d["layer"]]
    pos = nx.multipartite_layout(simple, subset_key="rank", align="vertical")
    out: dict[str, tuple[float, float]] = {}
    for r in rank.values():
        column = sorted((n for n, d in simple.nodes(data=True) if d["rank"] == r), key=lambda n: pos[n][1])
        for i, n in enumerate(column):
            out[n] = (r * LAYER_GAP, (i - (len(column) - 1) / 2) * ROW_GAP)
    return out


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
