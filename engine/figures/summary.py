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

import numpy as np
import plotly.graph_objects as go
import scipy.sparse as sp
from plotly.subplots import make_subplots

from engine.errors import ParameterError
from engine.figures.text import plotly_text
from engine.layout import layout
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
    "history_figure",
    "supernode_order",
]


def supernode_order(partition: np.ndarray) -> np.ndarray:
    """Node positions grouped by supernode, largest supernode first."""
    sizes = np.bincount(partition)
    rank = np.argsort(-sizes, kind="stable")
    position_of = np.empty_like(rank)
    position_of[rank] = np.arange(len(rank))
    return np.lexsort((np.arange(len(partition)), position_of[partition]))


#: Superedge weight bins of the summary graph: (low, high, colour, width).
_WEIGHT_BINS = (
    (0.0, 0.25, "rgba(198,219,239,0.7)", 0.6),
    (0.25, 0.5, "rgba(107,174,214,0.7)", 1.2),
    (0.5, 0.75, "rgba(33,113,181,0.6)", 2.0),
    (0.75, 1.0001, "rgba(8,48,107,0.55)", 3.0),
)
_EXPANDED_COLOUR = "#ff7f0e"


def _segments(position: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``x0, x1, NaN`` line coordinates joining ``position[a]`` to ``position[b]``."""
    coords = np.full((len(a), 3, 2), np.nan)
    coords[:, 0] = position[a]
    coords[:, 1] = position[b]
    flat = coords.reshape(-1, 2)
    return flat[:, 0].copy(), flat[:, 1].copy()


def _place(source: np.ndarray, target: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Positions of ``n`` supernodes: the linked ones by a force layout, the unlinked ones in a row below."""
    position = np.zeros((n, 2))
    linked = np.zeros(n, dtype=bool)
    linked[source] = linked[target] = True
    ids = np.flatnonzero(linked)
    if ids.size > 1:
        local = np.full(n, -1)
        local[ids] = np.arange(ids.size)
        sub = Graph.from_edges(local[source], local[target], n_nodes=ids.size, name="summary")
        position[ids] = layout(sub, "kamada_kawai" if ids.size <= 300 else "auto", seed=seed)
    alone = np.flatnonzero(~linked)
    if alone.size:
        per_row = max(int(np.ceil(np.sqrt(alone.size * 4))), 1)
        position[alone, 0] = -1 + 2 * (np.arange(alone.size) % per_row) / max(per_row - 1, 1)
        position[alone, 1] = -1.25 - 0.15 * (np.arange(alone.size) // per_row)
    return position


def summary_graph_figure(
    summary: SSumMSummary,
    graph: Graph,
    *,
    expand: int | None = None,
    max_supernodes: int = 150,
    max_members: int = 300,
    seed: int | None = None,
) -> go.Figure:
    """The summary graph with its superedges; an expanded supernode's members beside it with their real edges.

    Supernodes are circles sized by member count (those without a drawn superedge to another
    stand in rows below the others) and coloured by inner density (the weight of
    their self-superedge, 0 when they have none). Superedges between supernodes are lines
    whose width and colour both grow with their weight (the share of member pairs linked),
    in four legend bins; hovering a superedge's midpoint gives its weight. With ``expand``,
    the supernode is ringed in orange and a second panel lays out its members with the
    input edges among them.

    Parameters
    ----------
    summary : SSumMSummary
    graph : Graph
        The summarized graph (for the members' labels and edges of an expanded supernode).
    expand : int, optional
        A supernode whose members are drawn in their own panel.
    max_supernodes : int
        Only this many supernodes (and ``expand``) are drawn: those with the most members plus
        weighted members of the supernodes they link to.
    max_members : int
        At most this many members of ``expand`` are drawn (the best-connected ones).
    seed : int
        Seed of the layouts.

    Raises
    ------
    ParameterError
        If ``expand`` is not a supernode.
    """
    sizes = summary.supernode_sizes()
    if expand is not None and not 0 <= int(expand) < summary.n_supernodes:
        raise ParameterError(f"expand must be a supernode in [0, {summary.n_supernodes - 1}] (got {expand})")
    a, b, weights = summary.superedges[:, 0], summary.superedges[:, 1], summary.weights
    # supernodes ranked by the input edges they stand for: members plus weighted members of linked supernodes
    reach = sizes.astype(np.float64)
    linked = a != b
    np.add.at(reach, a[linked], weights[linked] * sizes[b[linked]])
    np.add.at(reach, b[linked], weights[linked] * sizes[a[linked]])
    shown = np.argsort(-reach, kind="stable")[:max_supernodes]
    if expand is not None and expand not in shown:
        shown = np.append(shown, expand)
    index = np.full(summary.n_supernodes, -1)
    index[shown] = np.arange(len(shown))
    keep = (index[a] >= 0) & (index[b] >= 0)
    between = keep & (a != b)
    position = _place(index[a[between]], index[b[between]], len(shown), seed)
    panels = 2 if expand is not None else 1
    fig = make_subplots(rows=1, cols=panels, column_widths=[0.58, 0.42] if panels == 2 else None,
                        horizontal_spacing=0.04, subplot_titles=None)
    for low, high, colour, width in _WEIGHT_BINS:
        chosen = between & (weights >= low) & (weights < high)
        if not chosen.any():
            continue
        xs, ys = _segments(position, index[a[chosen]], index[b[chosen]])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(width=width, color=colour), hoverinfo="skip",
                                 name=f"superedge, weight {low:.2f}–{min(high, 1):.2f}", legendgroup=f"w{low}"),
                      row=1, col=1)
        middle = (position[index[a[chosen]]] + position[index[b[chosen]]]) / 2
        fig.add_trace(go.Scatter(
            x=middle[:, 0], y=middle[:, 1], mode="markers", marker=dict(size=6, color=colour, opacity=0.0),
            showlegend=False, legendgroup=f"w{low}", hovertemplate="%{text}<extra>superedge</extra>",
            text=[f"supernodes {x}–{y}: weight {w:.3f} ({w:.0%} of member pairs linked)"
                  for x, y, w in zip(a[chosen], b[chosen], weights[chosen])],
        ), row=1, col=1)
    self_weight = np.zeros(len(sizes))
    self_blocks = a == b
    self_weight[a[self_blocks]] = weights[self_blocks]
    fig.add_trace(go.Scatter(
        x=position[:, 0], y=position[:, 1], mode="markers", name="supernode (size: members)",
        marker=dict(size=7 + 17 * np.sqrt(sizes[shown] / sizes.max()), color=self_weight[shown], opacity=0.9,
                    colorscale="YlGnBu", cmin=0, cmax=1, showscale=True,
                    colorbar=dict(title=dict(text="inner<br>density", side="top"), x=-0.02 if panels == 2 else 1.02,
                                  xanchor="right" if panels == 2 else "left", len=0.8, tickformat=".0%"),
                    line=dict(width=1, color="#333")),
        customdata=shown, hovertemplate="%{text}<extra></extra>",
        text=[f"supernode {s}: {sizes[s]:,} members, inner density {self_weight[s]:.0%}" for s in shown],
    ), row=1, col=1)
    title = f"Summary graph: {summary.n_supernodes:,} supernodes, {summary.n_superedges:,} superedges"
    notes = []  # a second, smaller line, so that a long title is never cut at the figure's edge
    if len(shown) < summary.n_supernodes:
        notes.append(f"drawn: the {len(shown)} supernodes with the most members and links")
    if expand is not None:
        centre = position[index[expand]]
        fig.add_trace(go.Scatter(x=[centre[0]], y=[centre[1]], mode="markers", name=f"expanded: supernode {expand}",
                                 marker=dict(size=13 + 17 * np.sqrt(sizes[expand] / sizes.max()), color="rgba(0,0,0,0)",
                                             line=dict(width=3, color=_EXPANDED_COLOUR)), hoverinfo="skip"),
                      row=1, col=1)
        _members_panel(fig, summary, graph, int(expand), max_members, seed)
        notes.append(f"right: the members of supernode {expand}")
    if notes:
        title += "<br><span style='font-size:12px'>" + "; ".join(notes) + "</span>"
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_yaxes(scaleanchor="x", row=1, col=1)
    fig.update_layout(title=dict(text=title, font=dict(size=15)), height=560, template="plotly_white",
                      legend=dict(orientation="h", yanchor="top", y=-0.02, xanchor="left", x=0),
                      margin=dict(l=10, r=10, t=80, b=70))
    return fig


def _members_panel(fig: go.Figure, summary: SSumMSummary, graph: Graph, expand: int, max_members: int,
                   seed: int) -> None:
    """Second panel: the members of ``expand`` laid out with the input edges among them."""
    members = summary.members(expand)
    adjacency = simple_adjacency(graph)
    inner = adjacency[members][:, members]
    if len(members) > max_members:
        degree = np.asarray(inner.sum(axis=1)).ravel()
        members = members[np.sort(np.argsort(-degree, kind="stable")[:max_members])]
        inner = adjacency[members][:, members]
    sub = graph.subgraph(members)
    position = layout(sub, "spring" if len(members) <= 500 else "auto", seed=seed) if len(members) > 1 \
        else np.zeros((1, 2))
    coo = sp.triu(inner, k=1).tocoo()
    xs, ys = _segments(position, coo.row, coo.col)
    n_pairs = len(members) * (len(members) - 1) // 2
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(width=0.8, color="#999"), hoverinfo="skip",
                             name=f"input edges among members ({coo.nnz:,} of {n_pairs:,} pairs)"), row=1, col=2)
    outside = np.asarray(adjacency[members].sum(axis=1)).ravel() - np.asarray(inner.sum(axis=1)).ravel()
    fig.add_trace(go.Scatter(
        x=position[:, 0], y=position[:, 1], mode="markers", name=f"member of supernode {expand}",
        marker=dict(size=9, color=_EXPANDED_COLOUR, line=dict(width=1, color="#333")),
        text=[f"node {plotly_text(graph.node_ids[u])}: {int(d)} edges inside the supernode, {int(o)} outside"
              for u, d, o in zip(members, np.asarray(inner.sum(axis=1)).ravel(), outside)],
        hovertemplate="%{text}<extra></extra>",
    ), row=1, col=2)
    density = coo.nnz / n_pairs if n_pairs else 0.0
    fig.add_annotation(text=f"supernode {expand}: {summary.supernode_sizes()[expand]:,} members, "
                            f"{density:.0%} of pairs linked", xref="x2 domain", yref="y2 domain", x=0.5, y=1.04,
                       showarrow=False, font=dict(size=13))
    fig.update_yaxes(scaleanchor="x2", row=1, col=2)


def _binned(matrix, order: np.ndarray, n_bins: int) -> np.ndarray:
    """Share of linked pairs in each of ``n_bins`` x ``n_bins`` equal blocks of ``matrix[order][:, order]``."""
    n = len(order)
    bins = np.minimum(np.arange(n) * n_bins // max(n, 1), n_bins - 1)
    coo = matrix[order][:, order].tocoo()
    dense = np.zeros((n_bins, n_bins))
    np.add.at(dense, (bins[coo.row], bins[coo.col]), coo.data)
    counts = np.bincount(bins, minlength=n_bins).astype(np.float64)
    return dense / np.outer(counts, counts)


def adjacency_figure(graph: Graph, summary: SSumMSummary, *, max_cells: int = 300) -> go.Figure:
    """Input adjacency beside the reconstruction, both with nodes ordered by supernode (largest first).

    Graphs with more than ``max_cells`` nodes are binned: each cell is the share of linked
    pairs in its block. The colour scale is square-root (so blocks of a sparse graph stay
    visible) and saturates at the 99th percentile of the non-zero cells; the colour bar is
    labelled in shares. Axis titles say what the rows and columns are; the figure zooms to a
    block with the toolbar.
    """
    order = supernode_order(summary.partition)
    n = len(order)
    n_bins = min(n, max_cells)
    original = _binned(simple_adjacency(graph), order, n_bins)
    reconstructed = _binned(summary.reconstruct(), order, n_bins)
    nodes_per_cell = n / n_bins
    binned = f" ({n_bins}×{n_bins} cells of ~{nodes_per_cell:.0f} nodes)" if n_bins < n else ""
    fig = make_subplots(rows=1, cols=2, subplot_titles=(f"Input{binned}", f"Summary's reconstruction{binned}"),
                        horizontal_spacing=0.08, shared_xaxes=True, shared_yaxes=True)
    nonzero = np.concatenate([original[original > 0], reconstructed[reconstructed > 0]])
    top = float(np.quantile(nonzero, 0.99)) if nonzero.size else 1.0
    top = max(top, 1e-9)
    ticks = [v for v in (0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0) if v <= top * 1.0001]
    if len(ticks) < 3:
        ticks = [0.0, top / 4, top]
    positions = np.arange(n_bins)
    start_node = np.floor(positions * nodes_per_cell).astype(int)
    end_node = np.minimum(np.floor((positions + 1) * nodes_per_cell).astype(int), n) - 1
    hover_text = np.array([[f"rows {start_node[i]:,}–{end_node[i]:,}, columns {start_node[j]:,}–{end_node[j]:,}"
                            for j in range(n_bins)] for i in range(n_bins)]) if n_bins <= 300 else None
    for col, values in ((1, original), (2, reconstructed)):
        fig.add_trace(go.Heatmap(
            z=np.sqrt(np.minimum(values, top)), zmin=0, zmax=np.sqrt(top), colorscale="Blues",
            showscale=col == 2, text=hover_text, customdata=values,
            hovertemplate="%{text}<br>share of pairs linked: %{customdata:.3f}<extra></extra>",
            colorbar=dict(title=dict(text="share of<br>pairs linked", side="top"), tickvals=np.sqrt(ticks),
                          ticktext=[f"{t:.2g}" for t in ticks]),
        ), row=1, col=col)
    fig.update_xaxes(title_text="nodes, grouped by supernode (largest first)", showticklabels=False)
    fig.update_yaxes(autorange="reversed", showticklabels=False)
    fig.update_yaxes(title_text="nodes, grouped by supernode", row=1, col=1)
    fig.update_yaxes(scaleanchor="x", row=1, col=1)
    fig.update_yaxes(scaleanchor="x2", row=1, col=2)
    fig.update_layout(title=f"Adjacency ordered by supernode: RE1 {summary.re1:.3g}, RE2 {summary.re2:.3g}",
                      template="plotly_white", height=520, margin=dict(l=50, r=10, t=80, b=50))
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
        Rows with ``relative_size`` (size bits / input bits), ``re1``/``re2`` and optionally ``ratio``.
    error : {"re1", "re2"}
    slugger_size : float, optional
        SLUGGER's relative size ``(|P+|+|P-|+|H|)/|E|``, drawn at error 0.
    empty_error : float, optional
        Error of the empty summary, drawn as a dashed line.
    """
    rows = sorted(sweep, key=lambda r: r["relative_size"])
    fig = go.Figure(go.Scatter(
        x=[r["relative_size"] for r in rows], y=[r[error] for r in rows], mode="lines+markers+text",
        name=f"SSumM summaries ({error.upper()})", marker=dict(size=9),
        text=[f"ρ={r['ratio']:g}" if "ratio" in r else "" for r in rows], textposition="top right",
        hovertemplate="size %{x:.1%} of the input<br>" + error.upper() + " %{y:.3g}<br>%{text}<extra></extra>",
    ))
    if slugger_size is not None:
        fig.add_trace(go.Scatter(x=[slugger_size], y=[0.0], mode="markers", name="SLUGGER (lossless; size in edges)",
                                 marker=dict(symbol="star", size=16, color="#d62728"),
                                 hovertemplate="SLUGGER: size %{x:.1%} of the input's edges, error 0<extra></extra>"))
    if empty_error is not None:
        fig.add_trace(go.Scatter(x=[0, max([r["relative_size"] for r in rows] + [slugger_size or 0, 0.01])],
                                 y=[empty_error, empty_error], mode="lines", name="empty summary's error",
                                 line=dict(dash="dash", color="#7f7f7f")))
    fig.update_layout(title="Size against reconstruction error (lower left is better)", template="plotly_white",
                      xaxis=dict(title="size relative to the input (SSumM: bits; SLUGGER: edges)", tickformat=".0%",
                                 rangemode="tozero", automargin=True),
                      yaxis=dict(title=f"{error.upper()} (mean error per node pair)", rangemode="tozero",
                                 tickformat=".2~g", automargin=True),
                      legend=dict(orientation="h", yanchor="top", y=-0.2), margin=dict(b=90))
    return fig


def _children(parent: np.ndarray) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in range(len(parent))]
    for x in np.flatnonzero(parent >= 0):
        children[int(parent[x])].append(int(x))
    return children


def hierarchy_figure(summary: SluggerSummary, *, kind: str = "tree", max_depth: int = 3, max_children: int = 8,
                     max_roots: int = 12, n_labels: int = 6) -> go.Figure:
    """SLUGGER's forest as a readable tree (default) or an icicle, collapsed below ``max_depth``.

    The tree is drawn top-down from one "all nodes" root: its children are SLUGGER's root
    supernodes, largest first (at most ``max_roots``; the rest, and roots that are single
    nodes, are pooled into one box each); every tree node keeps its ``max_children`` largest
    children and pools the rest. Marker size grows with the number of input nodes (leaves)
    below; the ``n_labels`` largest drawn nodes carry a label, every node has one on hover.

    Parameters
    ----------
    summary : SluggerSummary
    kind : {"tree", "icicle"}
        Node-link tree, or an icicle (click a box to zoom) of the same collapsed hierarchy.
    max_depth : int
        Levels drawn below the root (deeper levels are collapsed into their ancestor).
    max_children, max_roots : int
        Children drawn per node, and root supernodes drawn.
    n_labels : int
        Drawn nodes labelled on the figure (by size).

    Raises
    ------
    ParameterError
        On an unknown ``kind`` or a depth below 1.
    """
    if kind not in ("tree", "icicle"):
        raise ParameterError(f"kind must be one of tree, icicle (got {kind!r})")
    if max_depth < 1:
        raise ParameterError(f"max_depth must be >= 1 (got {max_depth})")
    parent = summary.parent
    n = summary.n_nodes
    n_total = len(parent)
    n_leaves = np.zeros(n_total, dtype=np.int64)
    n_leaves[:n] = 1
    for x in range(n_total):  # children have smaller ids than their parents
        if parent[x] >= 0:
            n_leaves[parent[x]] += n_leaves[x]
    children = _children(parent)
    roots = [x for x in np.flatnonzero(parent < 0) if children[x]]
    lone = int(np.sum((parent < 0) & np.array([not c for c in children])))
    roots.sort(key=lambda x: -n_leaves[x])
    # drawn nodes: (id, label, parent id, leaves, depth)
    drawn: list[tuple[str, str, str, int, int]] = [("all", f"all {n:,} nodes", "", n, 0)]

    def name(x: int) -> str:
        return f"node {plotly_text(summary.node_ids[x])}" if x < n else f"supernode {x - n}"

    def add(x: int, parent_id: str, depth: int) -> None:
        drawn.append((f"t{x}", name(x), parent_id, int(n_leaves[x]), depth))
        if depth >= max_depth or not children[x]:
            return
        kids = sorted(children[x], key=lambda c: -n_leaves[c])
        for child in kids[:max_children]:
            add(child, f"t{x}", depth + 1)
        rest = kids[max_children:]
        if rest:
            drawn.append((f"r{x}", f"{len(rest)} more children", f"t{x}", int(sum(n_leaves[c] for c in rest)),
                          depth + 1))

    for root in roots[:max_roots]:
        add(int(root), "all", 1)
    if len(roots) > max_roots:
        drawn.append(("more", f"{len(roots) - max_roots} more root supernodes", "all",
                      int(sum(n_leaves[r] for r in roots[max_roots:])), 1))
    if lone:
        drawn.append(("lone", f"{lone:,} nodes left on their own", "all", lone, 1))
    title = (f"SLUGGER hierarchy: {n_total - n:,} supernodes above {n:,} nodes; mean leaf depth "
             f"{summary.avg_leaf_depth:.2f}, deepest {summary.max_leaf_depth} (drawn to depth {max_depth})")
    ids = [d[0] for d in drawn]
    labels = [d[1] for d in drawn]
    parents = [d[2] for d in drawn]
    values = [d[3] for d in drawn]
    hover = [f"{d[1]}: {d[3]:,} input nodes below" for d in drawn]
    if kind == "icicle":
        fig = go.Figure(go.Icicle(ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
                                  tiling=dict(orientation="v"), hovertext=hover, hoverinfo="text",
                                  textinfo="label", insidetextfont=dict(size=12)))
        fig.update_layout(title=dict(text=title, font=dict(size=14)), height=520, margin=dict(l=10, r=10, t=60, b=10))
        return fig
    depth = np.array([d[4] for d in drawn])
    position_of = {identifier: i for i, identifier in enumerate(ids)}
    kids_of: list[list[int]] = [[] for _ in drawn]
    for i, parent_id in enumerate(parents):
        if parent_id:
            kids_of[position_of[parent_id]].append(i)
    x = np.zeros(len(drawn))
    next_leaf = [0.0]

    def place(i: int) -> None:
        if not kids_of[i]:
            x[i] = next_leaf[0]
            next_leaf[0] += 1.0
            return
        for k in kids_of[i]:
            place(k)
        x[i] = float(np.mean(x[kids_of[i]]))

    place(0)
    y = -depth.astype(float)
    child_index = np.array([i for i in range(1, len(drawn))])
    parent_index = np.array([position_of[parents[i]] for i in child_index])
    xs, ys = _segments(np.column_stack([x, y]), parent_index, child_index)
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#bbbbbb", width=1), hoverinfo="skip",
                               name="contains"))
    values_array = np.array(values, dtype=float)
    kinds = np.array(["pooled" if i[0] in "rml" else ("leaf" if i.startswith("t") and int(i[1:]) < n else "super")
                      for i in ids], dtype=object)
    kinds[0] = "super"
    labelled: set[int] = set()
    for i in sorted(np.flatnonzero(kinds != "pooled"), key=lambda i: -values_array[i]):
        if len(labelled) == n_labels:
            break
        if all(depth[j] != depth[i] or abs(x[j] - x[i]) >= 0.15 * (x.max() + 1) for j in labelled):  # no overlap
            labelled.add(int(i))
    for kind_name, colour, legend in (("super", "#1f77b4", "supernode (size: input nodes below)"),
                                      ("leaf", "#2ca02c", "input node"),
                                      ("pooled", "#b0b0b0", "pooled: smaller children or roots")):
        mask = kinds == kind_name
        if not mask.any():
            continue
        fig.add_trace(go.Scatter(
            x=x[mask], y=y[mask], mode="markers+text", name=legend,
            marker=dict(size=8 + 30 * np.sqrt(values_array[mask] / n), color=colour, line=dict(width=1, color="#333")),
            text=[(labels[i] if i == 0 else f"{labels[i]} ({values[i]:,})") if i in labelled else ""
                  for i in np.flatnonzero(mask)], textposition="top center",
            textfont=dict(size=11), hovertext=[hover[i] for i in np.flatnonzero(mask)], hoverinfo="text",
        ))
    fig.update_layout(
        title=dict(text=title, font=dict(size=14)), template="plotly_white", height=520,
        xaxis=dict(visible=False), legend=dict(orientation="h", yanchor="top", y=-0.02),
        yaxis=dict(title="depth below all nodes", tickvals=[-d for d in range(int(depth.max()) + 1)],
                   ticktext=[str(d) for d in range(int(depth.max()) + 1)], zeroline=False, automargin=True),
        margin=dict(l=60, r=10, t=60, b=60),
    )
    return fig


def edge_counts_figure(summary: SluggerSummary) -> go.Figure:
    """Bar chart of |P+|, |P-| and |H| (stacked: the summary's cost) against the input's |E|."""
    parts = (("P+ (positive edges)", summary.n_pos, "#2ca02c"), ("P− (negative edges)", summary.n_neg, "#d62728"),
             ("H (hierarchy links)", summary.n_hier, "#1f77b4"))
    fig = go.Figure([go.Bar(x=["summary (cost)"], y=[value], name=name, marker_color=colour,
                            text=[f"{value:,}"], textposition="inside",
                            hovertemplate=name + ": %{y:,}<extra></extra>") for name, value, colour in parts])
    fig.add_trace(go.Bar(x=["input edges |E|"], y=[summary.n_edges], name="input edges |E|", marker_color="#7f7f7f",
                         text=[f"{summary.n_edges:,}"], textposition="inside",
                         hovertemplate="input edges: %{y:,}<extra></extra>"))
    fig.update_layout(barmode="stack", template="plotly_white",
                      title=f"What SLUGGER stores: {summary.cost:,} edges for {summary.n_edges:,} "
                            f"(relative size {summary.relative_size:.3f})",
                      yaxis=dict(title="edges", tickformat=",d", automargin=True), legend=dict(orientation="h"))
    return fig


#: Quantities of a summarization run's history: (method, error) -> (history column, panel title).
_HISTORY_QUANTITIES = {
    ("ssumm", "re1"): (2, "SSumM RE1"),
    ("ssumm", "re2"): (3, "SSumM RE2"),
    ("slugger", None): (1, "SLUGGER cost (edges)"),
}


def history_figure(histories: Sequence[tuple[str, str, str | None, Sequence[Sequence[float]]]]) -> go.Figure:
    """Per-iteration history of summarization runs, one panel (and axis) per quantity.

    Parameters
    ----------
    histories : sequence of (label, method, error, history)
        ``method`` is "ssumm" (history rows ``(iteration, size_bits, re1, re2)``, the panel
        chosen by ``error``) or "slugger" (rows ``(iteration, cost)``; ``error`` ignored).

    Raises
    ------
    ParameterError
        On an unknown method or when no run has a history.
    """
    panels: dict[str, list] = {}
    for label, method, error, history in histories:
        key = (method, None) if method == "slugger" else (method, error)
        if key not in _HISTORY_QUANTITIES:
            raise ParameterError(f"method must be one of ssumm, slugger with a known error (got {method!r}, {error!r})")
        column, title = _HISTORY_QUANTITIES[key]
        rows = np.asarray(history, dtype=float)
        if rows.size:
            panels.setdefault(title, []).append((label, rows[:, 0], rows[:, column]))
    if not panels:
        raise ParameterError("runs must have a per-iteration history (got none)")
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=list(panels), horizontal_spacing=0.12)
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
    colours: dict[str, str] = {}
    for col, (title, lines) in enumerate(panels.items(), start=1):
        for label, xs, ys in lines:
            colour = colours.setdefault(label, palette[len(colours) % len(palette)])
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=plotly_text(label), line=dict(color=colour),
                                     hovertemplate=plotly_text(label) + "<br>iteration %{x}: %{y:.4g}<extra></extra>"),
                          row=1, col=col)
        fig.update_yaxes(title_text=title, tickformat=".3~g" if "cost" not in title else ",d", automargin=True,
                         row=1, col=col)
    fig.update_xaxes(title_text="iteration", tickformat="d", dtick=1 if max(
        len(lines[0][1]) for lines in panels.values()) <= 20 else None)
    fig.update_layout(title="Per-iteration history, one axis per quantity", template="plotly_white",
                      legend=dict(orientation="h", yanchor="top", y=-0.25), margin=dict(b=110), height=420)
    return fig
