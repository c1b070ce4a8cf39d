"""Plotly figures of hypergraphs, their projections, loss patterns and reconstructions.

Drawings of nodes are limited to a readable part: :func:`neighbourhood` picks
the hyperedges around the busiest node (breadth first) until ``max_nodes``
nodes are shown, and titles say how much is shown. Builders return a
``go.Figure`` and never display it.

Examples
--------
>>> from engine.hypergraph import Hypergraph
>>> h = Hypergraph.from_hyperedges([[1, 2, 3], [3, 4], [4, 5, 6]])
>>> len(hull_figure(h).data) > 0
True
"""

from __future__ import annotations

from collections import deque
from typing import Hashable, Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.figures.text import plotly_text, plotly_texts
from engine.glossary import lookup
from engine.hypergraph.core import Hypergraph
from engine.hypergraph.metrics import outcome_sets
from engine.hypergraph.projection import LossPatterns, project

__all__ = [
    "neighbourhood",
    "bipartite_figure",
    "hull_figure",
    "projection_figure",
    "loss_pattern_figure",
    "metrics_figure",
    "per_size_recall_figure",
    "outcome_figure",
    "outcome_size_figure",
    "OUTCOME_COLOURS",
]

#: Colours of reconstructed hyperedges by outcome.
OUTCOME_COLOURS = {"correct": "#2ca02c", "spurious": "#d62728", "missed": "#7f7f7f"}
_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]


def neighbourhood(hypergraph: Hypergraph, *, max_nodes: int = 60, max_hyperedges: int = 80) -> Hypergraph:
    """The hyperedges reached breadth first from the node in most hyperedges, within the limits.

    Returns ``hypergraph`` itself when it is small enough.

    Examples
    --------
    >>> h = Hypergraph.from_hyperedges([[1, 2], [2, 3], [3, 4], [7, 8]])
    >>> sorted(sorted(e) for e in neighbourhood(h, max_nodes=3, max_hyperedges=5).hyperedges)
    [[2, 3], [3, 4]]
    """
    if hypergraph.n_nodes <= max_nodes and hypergraph.n_hyperedges <= max_hyperedges:
        return hypergraph
    by_node: dict[Hashable, list[int]] = {}
    for j, edge in enumerate(hypergraph.hyperedges):
        for node in edge:
            by_node.setdefault(node, []).append(j)
    start = max(by_node, key=lambda v: (len(by_node[v]), str(v)))
    shown: set = {start}
    chosen: list[int] = []
    taken: set[int] = set()
    queue = deque([start])
    while queue and len(chosen) < max_hyperedges:
        node = queue.popleft()
        for j in by_node[node]:
            if j in taken:
                continue
            edge = hypergraph.hyperedges[j]
            if len(shown | edge) > max_nodes or len(chosen) >= max_hyperedges:
                continue
            taken.add(j)
            chosen.append(j)
            for other in edge - shown:
                queue.append(other)
            shown |= edge
    edges = [hypergraph.hyperedges[j] for j in chosen] or [next(iter(hypergraph.hyperedges))]
    return Hypergraph.from_hyperedges(edges, name=hypergraph.name)


def _layout(hypergraph: Hypergraph, seed: int) -> dict[Hashable, np.ndarray]:
    import networkx as nx

    graph = project(hypergraph, weighted=False).to_networkx()
    if graph.number_of_nodes() == 0:
        return {}
    return {node: np.asarray(p) for node, p in nx.spring_layout(graph, seed=seed, iterations=80).items()}


def _hull_path(points: np.ndarray, radius: float) -> tuple[list[float], list[float]]:
    """A closed padded convex hull around ``points`` (works for 1 or 2 points too)."""
    from scipy.spatial import ConvexHull, QhullError

    angles = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1) * radius
    cloud = (points[:, None, :] + ring[None, :, :]).reshape(-1, 2)
    try:
        vertices = cloud[ConvexHull(cloud).vertices]
    except (QhullError, ValueError):
        vertices = cloud
    vertices = np.vstack([vertices, vertices[:1]])
    return vertices[:, 0].tolist(), vertices[:, 1].tolist()


def _hull_traces(
    edges: Iterable[frozenset], layout: Mapping, *, colour: str, name: str, radius: float, dash: str | None = None, fill: bool = True
) -> list[go.BaseTraceType]:
    xs: list = []
    ys: list = []
    cx: list = []
    cy: list = []
    text: list = []
    for edge in edges:
        points = np.array([layout[v] for v in edge if v in layout])
        if len(points) == 0:
            continue
        x, y = _hull_path(points, radius)
        xs += x + [None]
        ys += y + [None]
        centre = points.mean(axis=0)
        cx.append(float(centre[0]))
        cy.append(float(centre[1]))
        text.append(f"{name}: {{{', '.join(plotly_texts(sorted(edge, key=str)))}}}")
    if not xs:
        return []
    rgba = _rgba(colour, 0.18)
    hull = go.Scatter(
        x=xs, y=ys, mode="lines", name=name, line={"color": colour, "width": 1.5, "dash": dash},
        fill="toself" if fill else None, fillcolor=rgba if fill else None, hoverinfo="skip", legendgroup=name,
    )
    centres = go.Scatter(
        x=cx, y=cy, mode="markers", marker={"size": 6, "color": colour, "opacity": 0.0},
        text=text, hoverinfo="text", showlegend=False, legendgroup=name,
    )
    return [hull, centres]


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _node_trace(layout: Mapping, *, colour: str = "#222", size: int = 7, name: str = "nodes") -> go.Scatter:
    nodes = list(layout)
    return go.Scatter(
        x=[float(layout[v][0]) for v in nodes], y=[float(layout[v][1]) for v in nodes], mode="markers",
        marker={"size": size, "color": colour}, text=[f"node {plotly_text(v)}" for v in nodes], hoverinfo="text", name=name,
    )


def _edge_trace(pairs: Iterable[tuple], layout: Mapping, *, colour: str, width: float, name: str) -> go.Scatter:
    xs: list = []
    ys: list = []
    for u, v in pairs:
        xs += [float(layout[u][0]), float(layout[v][0]), None]
        ys += [float(layout[u][1]), float(layout[v][1]), None]
    return go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": width}, hoverinfo="skip", name=name)


def _shown_title(title: str, shown: Hypergraph, full: Hypergraph) -> str:
    if shown.n_hyperedges == full.n_hyperedges:
        return title
    return f"{title}: {shown.n_hyperedges} of {full.n_hyperedges:,} hyperedges ({shown.n_nodes} nodes, around the busiest node)"


def _frame(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title=title, xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
        plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 50, "b": 10}, legend={"orientation": "h"},
    )
    return fig


def bipartite_figure(hypergraph: Hypergraph, *, max_nodes: int = 60, max_hyperedges: int = 80, seed: int | None = None) -> go.Figure:
    """The node–hyperedge incidence graph: nodes as dots, hyperedges as squares sized by their size."""
    import networkx as nx

    shown = neighbourhood(hypergraph, max_nodes=max_nodes, max_hyperedges=max_hyperedges)
    bipartite = nx.Graph()
    edge_nodes = [("hyperedge", j) for j in range(shown.n_hyperedges)]
    bipartite.add_nodes_from(shown.nodes)
    bipartite.add_nodes_from(edge_nodes)
    bipartite.add_edges_from((v, ("hyperedge", j)) for j, e in enumerate(shown.hyperedges) for v in e)
    layout = {k: np.asarray(p) for k, p in nx.spring_layout(bipartite, seed=seed, iterations=80).items()}
    fig = go.Figure()
    fig.add_trace(_edge_trace(bipartite.edges(), layout, colour="#bbb", width=1, name="incidences"))
    fig.add_trace(_node_trace({v: layout[v] for v in shown.nodes}))
    sizes = [len(e) for e in shown.hyperedges]
    fig.add_trace(
        go.Scatter(
            x=[float(layout[k][0]) for k in edge_nodes], y=[float(layout[k][1]) for k in edge_nodes], mode="markers",
            marker={"symbol": "square", "size": [6 + 2 * min(s, 10) for s in sizes], "color": "#ff7f0e"},
            text=[f"hyperedge of size {len(e)}: {{{', '.join(plotly_texts(sorted(e, key=str)))}}}"
                  for e in shown.hyperedges],
            hoverinfo="text", name="hyperedges",
        )
    )
    return _frame(fig, _shown_title("Bipartite node–hyperedge graph", shown, hypergraph))


def hull_figure(hypergraph: Hypergraph, *, max_nodes: int = 60, max_hyperedges: int = 80, seed: int | None = None) -> go.Figure:
    """Hyperedges as shaded convex hulls over a spring layout of the projection (one colour per size)."""
    shown = neighbourhood(hypergraph, max_nodes=max_nodes, max_hyperedges=max_hyperedges)
    layout = _layout(shown, seed)
    radius = 0.03 * _extent(layout)
    fig = go.Figure()
    by_size: dict[int, list[frozenset]] = {}
    for edge in sorted(shown.hyperedges, key=len, reverse=True):
        by_size.setdefault(len(edge), []).append(edge)
    for i, (size, edges) in enumerate(sorted(by_size.items(), reverse=True)):
        colour = _PALETTE[i % len(_PALETTE)]
        for trace in _hull_traces(edges, layout, colour=colour, name=f"size {size}", radius=radius):
            fig.add_trace(trace)
    fig.add_trace(_node_trace(layout))
    return _frame(fig, _shown_title("Hyperedges as convex hulls", shown, hypergraph))


def _extent(layout: Mapping) -> float:
    if not layout:
        return 1.0
    points = np.array(list(layout.values()))
    return float(max(np.ptp(points[:, 0]), np.ptp(points[:, 1]), 1e-3))


def projection_figure(
    hypergraph: Hypergraph, patterns: LossPatterns | None = None, *, max_nodes: int = 60, max_hyperedges: int = 80, seed: int | None = None
) -> go.Figure:
    """The projection, with nested hyperedges (dashed outlines) and uncovered cliques (red hulls) highlighted."""
    shown = neighbourhood(hypergraph, max_nodes=max_nodes, max_hyperedges=max_hyperedges)
    layout = _layout(shown, seed)
    radius = 0.035 * _extent(layout)
    graph = project(shown, weighted=False)
    src, dst, _ = graph.edges()
    ids = graph.node_ids
    fig = go.Figure()
    fig.add_trace(_edge_trace(((ids[u], ids[v]) for u, v in zip(src, dst)), layout, colour="#999", width=1, name="projected edges"))
    if patterns is not None:
        nodes = set(shown.nodes)
        edge_set = shown.edge_set
        nested = [e for e in patterns.nested if e in edge_set]
        uncovered = [c for c in patterns.uncovered_cliques if c <= nodes]
        for trace in _hull_traces(uncovered, layout, colour="#d62728", name=f"uncovered cliques ({len(uncovered)})", radius=radius):
            fig.add_trace(trace)
        for trace in _hull_traces(
            nested, layout, colour="#ff7f0e", name=f"nested hyperedges ({len(nested)})", radius=radius * 0.6, dash="dash", fill=False
        ):
            fig.add_trace(trace)
    fig.add_trace(_node_trace(layout))
    return _frame(fig, _shown_title("Projection and its loss patterns", shown, hypergraph))


def loss_pattern_figure(patterns: LossPatterns, hypergraph: Hypergraph) -> go.Figure:
    """Counts per size: hyperedges, nested hyperedges (pattern 1) and uncovered maximal cliques (pattern 2)."""
    counts = patterns.counts_by_size()
    series = {
        "hyperedges": hypergraph.size_counts(),
        "nested hyperedges (pattern 1)": counts["nested"],
        "uncovered cliques (pattern 2)": counts["uncovered_cliques"],
    }
    colours = ["#1f77b4", "#ff7f0e", "#d62728"]
    fig = go.Figure()
    for (name, values), colour in zip(series.items(), colours):
        fig.add_trace(go.Bar(x=list(values), y=list(values.values()), name=name, marker_color=colour))
    fig.update_layout(
        title=f"Loss patterns: {patterns.n_nested:,} nested hyperedges, {patterns.n_uncovered_cliques:,} uncovered cliques",
        xaxis_title="hyperedge size (nodes)", yaxis_title="hyperedges or cliques (count)", barmode="group",
        legend={"orientation": "h", "title_text": "what is counted"},
    )
    return fig


def metrics_figure(table: pd.DataFrame) -> go.Figure:
    """Grouped bars of Jaccard, precision, recall and F1 (columns of ``table``) per ``method``."""
    fig = go.Figure()
    for metric in ("jaccard", "precision", "recall", "f1"):
        fig.add_trace(go.Bar(x=table["method"], y=table[metric], name=lookup(metric).name,
                             text=[f"{v:.1%}" for v in table[metric]]))
    fig.update_layout(title="Reconstruction quality", barmode="group", legend_title_text="metric",
                      xaxis={"title": "method", "automargin": True},
                      yaxis={"title": "score (% of hyperedges, higher is better)", "range": [0, 1],
                             "tickformat": ".0%"})
    return fig


def per_size_recall_figure(per_size: Mapping[str, pd.DataFrame]) -> go.Figure:
    """Recall of true hyperedges by size: grouped bars, one colour per method.

    Sizes are categories (only those the test hypergraph has, so no line suggests values between them), and
    each size's tick says how many true hyperedges it holds: a recall of 0 % or 100 % from one or two
    hyperedges is noise, not a finding.

    Parameters
    ----------
    per_size : mapping of str to DataFrame
        Method name (a key of ``engine.methods.METHODS`` is shown by its title) to its ``per_size`` table
        (columns ``size``, ``n_true``, ``n_correct``, ``recall``).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    from engine.methods import METHODS

    frames = {method: frame[frame["n_true"] > 0] for method, frame in per_size.items()}
    n_true = {int(size): int(count) for frame in frames.values() for size, count in zip(frame["size"], frame["n_true"])}
    ticks = {size: f"{size}<br>n={n_true[size]:,}" for size in sorted(n_true)}
    fig = go.Figure()
    for method, frame in frames.items():
        title = METHODS[method].title if method in METHODS else str(method)
        fig.add_trace(go.Bar(
            x=[ticks[int(size)] for size in frame["size"]], y=frame["recall"], name=plotly_text(title),
            customdata=np.column_stack([frame["n_correct"], frame["n_true"]]),
            hovertemplate="%{customdata[0]} of %{customdata[1]} true hyperedges: %{y:.0%}<extra>%{fullData.name}</extra>",
        ))
    fig.update_layout(
        title="Recall by hyperedge size", barmode="group", legend_title_text="method",
        xaxis={"title": "hyperedge size (nodes)", "type": "category",
               "categoryorder": "array", "categoryarray": list(ticks.values())},
        yaxis={"title": "recall (% of true hyperedges of that size)", "range": [0, 1.02], "tickformat": ".0%"})
    return fig


def outcome_figure(predicted: Hypergraph, true: Hypergraph, *, max_nodes: int = 60, max_hyperedges: int = 80, seed: int | None = None) -> go.Figure:
    """Reconstructed hyperedges as hulls coloured correct / spurious, true ones missed as grey dashed outlines."""
    outcomes = outcome_sets(predicted, true)
    union = Hypergraph.from_hyperedges(list(outcomes["correct"]) + list(outcomes["spurious"]) + list(outcomes["missed"]))
    shown = neighbourhood(union, max_nodes=max_nodes, max_hyperedges=max_hyperedges)
    layout = _layout(shown, seed)
    radius = 0.03 * _extent(layout)
    fig = go.Figure()
    shown_edges = shown.edge_set
    for outcome in ("missed", "spurious", "correct"):
        edges = sorted((e for e in outcomes[outcome] if e in shown_edges), key=len, reverse=True)
        traces = _hull_traces(
            edges, layout, colour=OUTCOME_COLOURS[outcome], name=f"{outcome} ({len(edges)})", radius=radius,
            dash="dash" if outcome == "missed" else None, fill=outcome != "missed",
        )
        for trace in traces:
            fig.add_trace(trace)
    fig.add_trace(_node_trace(layout))
    return _frame(fig, _shown_title("Reconstruction: correct, spurious and missed hyperedges", shown, union))


def outcome_size_figure(predicted: Hypergraph, true: Hypergraph) -> go.Figure:
    """Stacked bars per size of correct, spurious and missed hyperedges."""
    outcomes = outcome_sets(predicted, true)
    fig = go.Figure()
    for outcome, edges in outcomes.items():
        sizes = pd.Series([len(e) for e in edges], dtype="int64").value_counts().sort_index()
        fig.add_trace(go.Bar(x=sizes.index.tolist(), y=sizes.tolist(), name=outcome, marker_color=OUTCOME_COLOURS[outcome]))
    fig.update_layout(title="Hyperedges by outcome and size", barmode="stack", xaxis_title="hyperedge size (nodes)",
                      yaxis_title="hyperedges (count)", legend_title_text="outcome")
    return fig
