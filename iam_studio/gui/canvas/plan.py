"""What the canvas draws for a scenario, computed without Qt: its graph and the layered layout's places.
A worker thread makes one for a big file (gui/loading.py) while the window stays responsive."""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ...core.scenario.model import Scenario
from .graph import build_graph
from .layout import layered

Shape = tuple[frozenset[str], frozenset[tuple[str, str, str]]]


@dataclass(frozen=True)
class Plan:
    scenario: Scenario
    graph: nx.MultiDiGraph
    shape: Shape                                   # the graph's nodes and edges, which the places follow
    places: dict[str, tuple[float, float]]         # the layered layout of every node


def graph_shape(g: nx.MultiDiGraph) -> Shape:
    """The graph's nodes and edges: the layered layout changes only when these do."""
    return frozenset(g.nodes), frozenset(g.edges(keys=True))


def plan_for(scenario: Scenario) -> Plan:
    g = build_graph(scenario)
    return Plan(scenario, g, graph_shape(g), layered(g))
