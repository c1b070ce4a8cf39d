"""Plotly figures of graph summaries (SSumM and SLUGGER).

Builders return a ``go.Figure`` and never display it. Large summaries are cut
to a readable part (the largest supernodes, a binned adjacency matrix) and
the titles say so.

Examples
--------
>>> from engine.datasets import load_dataset
>>> from engine.summarization import ssumm
>>> g = load_dataset("karate_club")
>>> s = ssumm(g, ratio=0.5, seed=0)
>>> len(summary_graph_figure(s, g).data) >= 2
True
"""

from __future__ import annotations

from typing import Sequence

import networkx as nx
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.summarization import simple_adjacency
from engine.summarization.slugger import SluggerSummary
from engine.summarization.ssumm import SSumMSummary
from engine.types import Graph

__all__ = [
    "summary_graph_figure",
    "adjacency_figure",
    "size_error_figure",
    "hierarchy_figure",
    "edge_counts_figure",
    "supernode_order",
]


def supernode_order(partition: np.ndarray) -> np.ndarray:
    """Node positions grouped by supernode, largest supernode first."""
    sizes = np.bincount(partition)
    rank = np.argsort(-sizes, kind="stable")
    position_of = np.empty_like(rank)
    position_of[rank] = np.arange(len(rank))
    return np.lexsort((np.arange(len(partition)), position_of[partition]))


def summary_graph_figure(
    summary: SSumMSummary,
    graph: Graph,
    *,
    expand: int | None = None,
    max_supernodes: int = 150,
    seed: int = 0,
) -> go.Figure:
    """The summary graph: supernodes sized by member count, superedges by weight.

    Parameters
    ----------
    summary : SSumMSummary
    graph : Graph
        The summarized graph (for the members' labels and edges of an expanded supernode).
    expand : int, optional
        A supernode drawn as its members (and the input edges among them) around its place.
    max_supernodes : int
        Only the largest supernodes (and ``expand``) are drawn.
    seed : int
        Seed of the layout.
    """
    sizes = summary.supernode_sizes()
    shown = np.argsort(-sizes, kind="stable")[:max_supernodes]
    if expand is not None and expand not in shown:
        shown = np.append(shown, expand)
    shown_set = set(int(s) for s in shown)
    a, b = summary.superedges[:, 0], summary.superedges[:, 1]
    keep = np.array([int(x) in shown_set and int(y) in shown_set for x, y in zip(a, b)], dtype=bool)
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(int(s) for s in shown)
    for x, y, w in zip(a[keep], b[keep], summary.weights[keep]):
        if x != y:
            layout_graph.add_edge(int(x), int(y), weight=float(w))
    position = nx.spring_layout(layout_graph, seed=seed, weight="weight") if len(shown) > 1 else {int(shown[0]): (0, 0)}
    fig = go.Figure()
    max_weight = float(summary.weights.max()) if len(summary.weights) else 1.0
    between = keep & (a != b)
    width_bin = np.minimum((summary.weights[between] / max_weight * 4).astype(int), 3)
    for level in range(4):
        edge_x: list = []
        edge_y: list = []
        for x, y in zip(a[between][width_bin == level], b[between][width_bin == level]):
            (x0, y0), (x1, y1) = position[int(x)], position[int(y)]
            edge_x += [x0, x1, None]
            edge_y += [y0, y1, None]
        if edge_x:
            fig.add_trace(go.Scatter(
                x=edge_x, y=edge_y, mode="lines", hoverinfo="skip", showlegend=False,
                line=dict(width=0.5 + 1.5 * level, color="rgba(100,100,100,0.45)"),
            ))
    self_weight = np.zeros(len(sizes))
    self_blocks = a == b
    self_weight[a[self_blocks]] = summary.weights[self_blocks]
    drawn = [int(s) for s in shown if int(s) != expand]
    xy = np.array([position[s] for s in drawn]).reshape(-1, 2)
    fig.add_trace(go.Scatter(
        x=xy[:, 0], y=xy[:, 1], mode="markers", name="supernodes",
        marker=dict(size=6 + 30 * np.sqrt(sizes[drawn] / sizes.max()), color=self_weight[drawn],
                    colorscale="Blues", cmin=0, cmax=1, showscale=True,
                    colorbar=dict(title="inner density"), line=dict(width=1, color="#333")),
        customdata=np.array(drawn),
        text=[f"supernode {s}: {sizes[s]} members, inner weight {self_weight[s]:.2f}" for s in drawn],
        hoverinfo="text",
    ))
    if expand is not None:
        members = summary.members(expand)
        centre = np.asarray(position[int(expand)])
        angle = 2 * np.pi * np.arange(len(members)) / max(len(members), 1)
        radius = 0.08 + 0.01 * np.sqrt(len(members))
        member_xy = centre + radius * np.column_stack([np.cos(angle), np.sin(angle)])
        sub = simple_adjacency(graph)[members][:, members].tocoo()
        edge_x, edge_y = [], []
        for i, j in zip(sub.row, sub.col):
            if i < j:
                edge_x += [member_xy[i, 0], member_xy[j, 0], None]
                edge_y += [member_xy[i, 1], member_xy[j, 1], None]
        fig.add_trace(go.Scatter(x=edge_x, y=edge_y, mode="lines", name="edges among members",
                                 line=dict(width=0.7, color="#ff7f0e"), hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=member_xy[:, 0], y=member_xy[:, 1], mode="markers", name=f"members of supernode {expand}",
            marker=dict(size=8, color="#ff7f0e", line=dict(width=1, color="#333")),
            text=[str(graph.node_ids[u]) for u in members], hoverinfo="text",
        ))
    title = f"Summary graph: {summary.n_supernodes:,} supernodes, {summary.n_superedges:,} superedges"
    if len(shown) < summary.n_supernodes:
        title += f" (the {len(shown)} largest supernodes shown)"
    fig.update_layout(title=title, xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x"),
                      legend=dict(orientation="h"), margin=dict(l=10, r=10, t=50, b=10))
    return fig


def _binned(matrix, order: np.ndarray, n_bins: int) -> np.ndarray:
    """Mean of ``matrix[order][:, order]`` over ``n_bins`` x ``n_bins`` equal bins."""
    n = len(order)
    bins = np.minimum(np.arange(n) * n_bins // max(n, 1), n_bins - 1)
    coo = matrix[order][:, order].tocoo()
    dense = np.zeros((n_bins, n_bins))
    np.add.at(dense, (bins[coo.row], bins[coo.col]), coo.data)
    counts = np.bincount(bins, minlength=n_bins).astype(np.float64)
    return dense / np.outer(counts, counts)


def adjacency_figure(graph: Graph, summary: SSumMSummary, *, max_cells: int = 300) -> go.Figure:
    """Input adjacency beside the reconstruction, both with nodes ordered by supernode.

    Graphs with more than ``max_cells`` nodes are shown binned (each cell is the mean over its block).
    """
    order = supernode_order(summary.partition)
    n = len(order)
    n_bins = min(n, max_cells)
    original = _binned(simple_adjacency(graph), order, n_bins)
    reconstructed = _binned(summary.reconstruct(), order, n_bins)
    binned = " (binned)" if n_bins < n else ""
    fig = make_subplots(rows=1, cols=2, subplot_titles=(f"Input{binned}", f"Reconstruction{binned}"),
                        horizontal_spacing=0.06)
    zmax = max(float(original.max(initial=0)), float(reconstructed.max(initial=0)), 1e-9)
    for col, values in ((1, original), (2, reconstructed)):
        fig.add_trace(go.Heatmap(z=values, colorscale="Greys", zmin=0, zmax=zmax, showscale=col == 2), row=1, col=col)
        fig.update_yaxes(autorange="reversed", scaleanchor=f"x{col if col > 1 else ''}", row=1, col=col)
    fig.update_layout(title=f"Adjacency ordered by supernode (RE1 {summary.re1:.3g}, RE2 {summary.re2:.3g})",
                      margin=dict(l=10, r=10, t=70, b=10))
    return fig


def size_error_figure(
    sweep: Sequence[dict],
    *,
    error: str = "re1",
    slugger_size: float | None = None,
    empty_error: float | None = None,
) -> go.Figure:
    """Size against error from an SSumM ratio sweep, with SLUGGER's lossless point.

    Parameters
    ----------
    sweep : sequence of dict
        Rows with ``relative_size`` (size bits / input bits) and ``re1``/``re2``.
    error : {"re1", "re2"}
    slugger_size : float, optional
        SLUGGER's relative size ``(|P+|+|P-|+|H|)/|E|``, drawn at error 0.
    empty_error : float, optional
        Error of the empty summary, drawn as a dashed line.
    """
    rows = sorted(sweep, key=lambda r: r["relative_size"])
    fig = go.Figure(go.Scatter(
        x=[r["relative_size"] for r in rows], y=[r[error] for r in rows], mode="lines+markers",
        name=f"SSumM ({error.upper()})", text=[f"ratio {r.get('ratio', float('nan')):.2f}" for r in rows],
    ))
    if slugger_size is not None:
        fig.add_trace(go.Scatter(x=[slugger_size], y=[0.0], mode="markers", name="SLUGGER (lossless)",
                                 marker=dict(symbol="star", size=16, color="#d62728")))
    if empty_error is not None:
        fig.add_hline(y=empty_error, line_dash="dash", annotation_text="empty summary")
    fig.update_layout(title="Size against reconstruction error",
                      xaxis_title="size relative to the input (SSumM: bits; SLUGGER: edges)",
                      yaxis_title=error.upper())
    return fig


def hierarchy_figure(summary: SluggerSummary, *, kind: str = "icicle", max_nodes: int = 3000) -> go.Figure:
    """SLUGGER's forest as an icicle or sunburst (box size = number of leaves).

    Roots that are single nodes are pooled into one box; when the forest has more than
    ``max_nodes`` tree nodes the leaves are left out (the boxes keep their leaf counts).
    """
    parent = summary.parent
    n = summary.n_nodes
    n_total = len(parent)
    n_leaves = np.zeros(n_total, dtype=np.int64)
    n_leaves[:n] = 1
    for x in range(n_total):  # children have smaller ids than their parents
        if parent[x] >= 0:
            n_leaves[parent[x]] += n_leaves[x]
    has_children = np.zeros(n_total, dtype=bool)
    has_children[parent[parent >= 0]] = True
    lone = (parent < 0) & ~has_children
    include = ~lone
    if include.sum() > max_nodes:
        include[:n] = False
    labels = [str(summary.node_ids[x]) if x < n else f"n{x - n}" for x in range(n_total)]
    ids = ["all"] + [f"t{x}" for x in np.flatnonzero(include)]
    names = ["all nodes"] + [labels[x] for x in np.flatnonzero(include)]
    parents = [""] + [f"t{parent[x]}" if parent[x] >= 0 else "all" for x in np.flatnonzero(include)]
    values = [n] + [int(n_leaves[x]) for x in np.flatnonzero(include)]
    if lone.any():
        ids.append("lone")
        names.append(f"{int(lone.sum())} single-node roots")
        parents.append("all")
        values.append(int(lone.sum()))
    trace = go.Icicle if kind == "icicle" else go.Sunburst
    fig = go.Figure(trace(ids=ids, labels=names, parents=parents, values=values, branchvalues="total",
                          maxdepth=4))
    title = f"SLUGGER hierarchy: {n_total - n:,} internal nodes, leaf depth mean {summary.avg_leaf_depth:.2f}"
    if not include[:n].any() and n:
        title += " (leaves not drawn)"
    fig.update_layout(title=title, margin=dict(l=10, r=10, t=50, b=10))
    return fig


def edge_counts_figure(summary: SluggerSummary) -> go.Figure:
    """Bar chart of |P+|, |P-| and |H| against the input's |E|."""
    names = ["P+ (positive)", "P- (negative)", "H (hierarchy)", "input edges"]
    values = [summary.n_pos, summary.n_neg, summary.n_hier, summary.n_edges]
    fig = go.Figure(go.Bar(x=names, y=values, text=[f"{v:,}" for v in values], textposition="auto",
                           marker_color=["#2ca02c", "#d62728", "#1f77b4", "#7f7f7f"]))
    fig.update_layout(title=f"Edges of the summary: relative size {summary.relative_size:.3f}",
                      yaxis_title="count")
    return fig
