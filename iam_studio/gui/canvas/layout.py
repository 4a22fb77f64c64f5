"""Automatic node placement with networkx: a layered layout (for any size) and a force-directed one
(for up to `FORCE_LIMIT` nodes)."""
from __future__ import annotations

import math

import networkx as nx

LAYER_GAP = 230.0
ROW_GAP = 120.0


def layered(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Columns left to right: root and users, groups, policies, roles, resources.

    Within each column, nodes are ordered to cross fewer edges: a few sweeps of the barycenter
    heuristic (each node moves to the mean row of its neighbours in the columns beside it). A column
    of more than `column_rows(g)` nodes is wrapped into several side by side, so that a big account
    is a block about as wide as it is tall instead of one endless column.
    """
    if g.number_of_nodes() == 0:
        return {}
    nodes = g.nodes
    layers = sorted({d["layer"] for _, d in nodes(data=True)})
    columns = [sorted(n for n, d in nodes(data=True) if d["layer"] == layer) for layer in layers]
    column_of = {n: c for c, col in enumerate(columns) for n in col}
    beside: dict[str, tuple[list[str], list[str]]] = {n: ([], []) for n in nodes}   # (left, right) neighbours
    for n in nodes:
        c = column_of[n]
        for m in set(g.predecessors(n)) | set(g.successors(n)):
            if column_of[m] == c - 1:
                beside[n][0].append(m)
            elif column_of[m] == c + 1:
                beside[n][1].append(m)
    row = {n: i for col in columns for i, n in enumerate(col)}
    for sweep in range(SWEEPS):
        side = sweep % 2              # forward sweeps look left, backward ones right
        order = range(1, len(columns)) if side == 0 else range(len(columns) - 2, -1, -1)
        for c in order:
            columns[c] = sorted(columns[c], key=lambda n: _barycenter(n, beside[n][side], row))
            row.update((n, i) for i, n in enumerate(columns[c]))
    accounts = _account_ranks(g)
    rows = column_rows(g)
    if _bands(accounts, columns, rows):
        return _banded(columns, accounts, nodes)
    out: dict[str, tuple[float, float]] = {}
    x = 0.0
    for column in columns:
        wraps = -(-len(column) // rows)
        tall = min(len(column), rows)
        for i, n in enumerate(column):
            out[n] = (x + (i // rows) * LAYER_GAP, (i % rows - (tall - 1) / 2) * ROW_GAP)
        x += wraps * LAYER_GAP
    return out


def arranged(g: nx.MultiDiGraph, aspect: float, saved: dict[str, tuple[float, float]]
             ) -> dict[str, tuple[float, float]]:
    """The places of the nodes `saved` does not place: the layered layout with its columns wrapped for a view
    `aspect` wide (`fitted`; accounts in bands keep their bands), each clear of the saved places."""
    places = layered(g)
    if aspect > 0 and not _bands(_account_ranks(g), _columns(places), column_rows(g)):
        places = fitted(places, aspect)
    pinned = [saved[k] for k in g.nodes if k in saved]
    if not pinned:
        return places
    crowded = _Grid(pinned, MIN_GAP)
    taken = pinned + [at for key, at in places.items() if key not in saved]
    out = dict(places)          # a saved node keeps its layered place too, for when its saved one is undone
    for key, at in places.items():
        if key not in saved and crowded.crowds(at):
            out[key] = spot = free_spot(taken, at)
            taken.append(spot)
            crowded.add(spot)
    return out


class _Grid:
    """Places by grid cell of side `gap`: whether a spot is closer than `gap` to one looks at 9 cells only."""

    def __init__(self, places: list[tuple[float, float]], gap: float):
        self.gap = gap
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for at in places:
            self.add(at)

    def add(self, at: tuple[float, float]) -> None:
        self.cells.setdefault((math.floor(at[0] / self.gap), math.floor(at[1] / self.gap)), []).append(at)

    def crowds(self, at: tuple[float, float]) -> bool:
        x, y = at
        gap = self.gap
        cx, cy = math.floor(x / gap), math.floor(y / gap)
        return any((x - tx) ** 2 + (y - ty) ** 2 < gap * gap
                   for i in (-1, 0, 1) for j in (-1, 0, 1) for tx, ty in self.cells.get((cx + i, cy + j), ()))


def _bands(accounts: dict[str, int], columns: list[list[str]], rows: int) -> bool:
    """Whether the layered layout puts each account in a band of its own (a big account's columns wrap instead)."""
    return len(accounts) > 1 and max(map(len, columns), default=0) <= rows


def _columns(pos: dict[str, tuple[float, float]]) -> list[list[str]]:
    """A layered layout's columns, left to right, each top to bottom."""
    by_x: dict[float, list[str]] = {}
    for key, (x, _y) in sorted(pos.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[0])):
        by_x.setdefault(x, []).append(key)
    return [by_x[x] for x in sorted(by_x)]


def _account_ranks(g: nx.MultiDiGraph) -> dict[str, int]:
    """Each account that owns nodes, by its band's place: the home account (the root user's) first."""
    home = g.nodes["root"]["account"] if "root" in g.nodes else None
    owners = sorted({d["account"] or "" for _, d in g.nodes(data=True)} - {home or ""})
    return {account: rank for rank, account in enumerate(([home] if home is not None else []) + owners)}


def _banded(columns: list[list[str]], accounts: dict[str, int], nodes) -> dict[str, tuple[float, float]]:
    """Several accounts: each in its own band of rows, the home account's on top, two free rows between
    two bands, so that the frames around each account's nodes never overlap (the print shop's account was
    drawn inside ours) and the next frame's title, which keeps its size on screen however far the view
    zooms out, stays off the names above it. Within a band a column keeps its order (fewer crossings)."""
    rank = {n: accounts.get(nodes[n]["account"] or "", 0) for col in columns for n in col}
    height = [0] * len(accounts)
    for column in columns:
        for band in range(len(accounts)):
            height[band] = max(height[band], sum(1 for n in column if rank[n] == band))
    start = [0] * len(accounts)
    for band in range(1, len(accounts)):
        start[band] = start[band - 1] + height[band - 1] + (2 if height[band - 1] else 0)
    out: dict[str, tuple[float, float]] = {}
    for c, column in enumerate(columns):
        placed = [0] * len(accounts)
        for n in column:          # already ordered by the sweeps; each account's nodes keep that order
            band = rank[n]
            out[n] = (c * LAYER_GAP, (start[band] + placed[band]) * ROW_GAP)
            placed[band] += 1
    return out


SWEEPS = 6
MIN_ROWS = 60            # a column this long or shorter is never wrapped


def column_rows(g: nx.MultiDiGraph) -> int:
    """The most nodes one column holds: enough for a square-ish block of the whole graph."""
    return max(MIN_ROWS, math.ceil(math.sqrt(g.number_of_nodes() * LAYER_GAP / ROW_GAP)))


def _barycenter(node: str, linked: list[str], row: dict[str, int]) -> float:
    """Mean row of the linked nodes; a node with no links keeps its place."""
    if not linked:
        return float(row[node])
    return sum(row[n] for n in linked) / len(linked)


FORCE_LIMIT = 600        # more nodes than this: the force layout (quadratic) would freeze the window


def force(g: nx.MultiDiGraph, start: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """A spring layout started from the current positions (stable: same input, same output)."""
    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_nodes() > FORCE_LIMIT:
        raise ValueError(f"the force layout arranges at most {FORCE_LIMIT} nodes")
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
    grid = _Grid(taken, gap)
    cx, cy = near
    if not grid.crowds(near):
        return near
    step = gap * 0.75
    for ring in range(1, 60):
        spots = [(cx + i * step, cy + j * step) for i in range(-ring, ring + 1) for j in range(-ring, ring + 1)
                 if max(abs(i), abs(j)) == ring]
        spots.sort(key=lambda p: ((p[0] - cx) ** 2 + (p[1] - cy) ** 2, p))
        for x, y in spots:
            if not grid.crowds((x, y)):
                return (x, y)
    return (cx, cy)


NODE_SPAN = (200.0, 190.0)      # what one node needs around its centre: its shape, its name, the frame's title


def fitted(pos: dict[str, tuple[float, float]], aspect: float) -> dict[str, tuple[float, float]]:
    """A layered layout wrapped for a view `aspect` (width / height) wide: each column taller than R nodes
    becomes several side by side, with R chosen so that the whole shows at the largest scale (a wide, short
    view, as in presentation mode, gets short columns). Columns keep their order and their nodes' order."""
    if not pos or aspect <= 0:
        return dict(pos)
    columns = _columns(pos)
    tallest = max(len(c) for c in columns)

    def scale(rows: int) -> float:
        wide = sum(-(-len(c) // rows) for c in columns)
        width = (wide - 1) * LAYER_GAP + NODE_SPAN[0]
        height = (min(rows, tallest) - 1) * ROW_GAP + NODE_SPAN[1]
        return min(aspect / width, 1.0 / height)

    rows = max(range(1, tallest + 1), key=lambda r: (round(scale(r), 9), r))
    out: dict[str, tuple[float, float]] = {}
    x = 0.0
    for column in columns:
        tall = min(len(column), rows)
        for i, key in enumerate(column):
            out[key] = (x + (i // rows) * LAYER_GAP, (i % rows - (tall - 1) / 2) * ROW_GAP)
        x += -(-len(column) // rows) * LAYER_GAP
    return out
