"""Plotly figures of node embeddings and their assessment (side by side across methods).

Examples
--------
>>> len(map_bars_figure({"fastrp": (0.5, 0.4, 0.3), "hope": (0.6, 0.5, 0.2)}).data)
2
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.embedding import Embedding
from engine.embedding.assess import ClassificationScores, NeighbourhoodComparison
from engine.figures.graph import edge_coordinates
from engine.figures.text import plotly_text, plotly_texts
from engine.layout import layout
from engine.types import Graph

__all__ = [
    "map_bars_figure",
    "map_line_figure",
    "f1_figure",
    "cost_figure",
    "projection_figure",
    "neighbourhood_figure",
]

#: Above this many points a scatter uses WebGL.
_WEBGL_ABOVE = 3000
#: Colours of the per-node view: query, true neighbour found, true neighbour missed, near but not true.
_ROLE_COLOURS = {"query": "#111111", "found": "#2ca02c", "missed": "#d62728", "false": "#ff7f0e", "other": "#c7c7c7"}
#: Colour of the graph's edges in the per-node view.
_EDGE_COLOUR = "#dddddd"


#: Axis titles of a projection, by kind.
_PROJECTION_AXES = {
    "pca": ("principal component 1 (embedding units)", "principal component 2 (embedding units)"),
    "tsne": ("t-SNE 1 (no unit: only neighbours matter)", "t-SNE 2 (no unit)"),
}
#: Legend labels of the per-node view's roles, in drawing order.
_ROLE_LABELS = (("other", "other node (context)"), ("missed", "true neighbour, missed"),
                ("false", "nearest, not a neighbour"), ("found", "true neighbour, found"),
                ("query", "chosen node"))


def _hop_labels(hops: Sequence[int]) -> list[str]:
    return [f"{k} hop" if k == 1 else f"{k} hops" for k in hops]


def map_bars_figure(maps: Mapping[str, Sequence[float]], *, hops: Sequence[int] = (1, 2, 3)) -> go.Figure:
    """Grouped bars: RESTORE mAP at each hop count, one bar group per hop and one colour per method."""
    fig = go.Figure([go.Bar(name=name, x=_hop_labels(hops), y=list(values), text=[f"{v:.2f}" for v in values],
                            textposition="outside", hovertemplate="%{x}: mAP %{y:.3f}<extra>" + name + "</extra>")
                     for name, values in maps.items()])
    fig.update_layout(barmode="group", title="Reconstruction of the k-hop neighbourhood (mAP)",
                      xaxis=dict(title="neighbourhood radius k (hops)"),
                      yaxis=dict(title="mAP (0–1, 1 = perfect)", range=[0, 1.08]), legend_title="method")
    return fig


def map_line_figure(maps: Mapping[str, Sequence[float]], *, hops: Sequence[int] = (1, 2, 3)) -> go.Figure:
    """mAP over the number of hops, one line per method."""
    fig = go.Figure([go.Scatter(name=name, x=list(hops), y=list(values), mode="lines+markers",
                                hovertemplate="%{x} hop(s): mAP %{y:.3f}<extra>" + name + "</extra>")
                     for name, values in maps.items()])
    fig.update_layout(title="mAP over hops", xaxis=dict(title="neighbourhood radius k (hops)", tickvals=list(hops)),
                      yaxis=dict(title="mAP (0–1, 1 = perfect)", range=[0, 1.02]), legend_title="method")
    return fig


def f1_figure(scores: Mapping[str, ClassificationScores]) -> go.Figure:
    """Node-classification Micro-F1 (solid) and Macro-F1 (dashed) over train fractions, per method."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Micro-F1", "Macro-F1"), shared_yaxes=True)
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    for i, (name, result) in enumerate(scores.items()):
        colour = palette[i % len(palette)]
        x = [f * 100 for f in result.train_fractions]
        for col, (values, errors) in enumerate(((result.micro_f1, result.micro_f1_std),
                                                (result.macro_f1, result.macro_f1_std)), start=1):
            fig.add_trace(go.Scatter(x=x, y=list(values), error_y=dict(type="data", array=list(errors)), name=name,
                                     legendgroup=name, showlegend=col == 1, mode="lines+markers",
                                     line=dict(color=colour, dash="solid" if col == 1 else "dash")), row=1, col=col)
    fig.update_xaxes(title_text="labelled nodes used for training (%)")
    fig.update_yaxes(title_text="F1 on the other nodes (0–1)", row=1, col=1)
    fig.update_layout(title="Node classification (logistic regression)", legend_title="method")
    return fig


def cost_figure(embeddings: Mapping[str, Embedding]) -> go.Figure:
    """Wall time (log scale) and peak memory of each method's embedding."""
    names = list(embeddings)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Wall time", "Peak memory growth"), horizontal_spacing=0.2)
    seconds = [max(embeddings[n].seconds, 1e-4) for n in names]
    memory = [embeddings[n].peak_bytes / 2**20 for n in names]
    colour = "#4c78a8"
    fig.add_trace(go.Bar(x=names, y=seconds, text=[f"{s:.3g} s" for s in seconds], name="seconds",
                         marker_color=colour, hovertemplate="%{x}: %{y:.3g} s<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=names, y=memory, text=[f"{m:.0f} MB" if m >= 1 else f"{m:.2g} MB" for m in memory],
                         name="MB", marker_color=colour, hovertemplate="%{x}: %{y:.3g} MB<extra></extra>"),
                  row=1, col=2)
    fig.update_yaxes(type="log", dtick=1, title_text="seconds (log scale)", row=1, col=1)  # labels at powers of 10
    fig.update_yaxes(title_text="MB (resident memory growth)", rangemode="tozero", row=1, col=2)
    fig.update_xaxes(title_text="method", automargin=True)
    fig.update_layout(title="Cost of each method's embedding", showlegend=False)
    return fig


def projection_figure(
    coordinates: np.ndarray,
    *,
    color: Sequence | np.ndarray | None = None,
    color_label: str = "label",
    node_ids: Sequence | None = None,
    title: str = "2-D projection",
    kind: str = "pca",
) -> go.Figure:
    """Scatter of a 2-D projection, one trace per category of ``color`` (or one grey trace).

    ``kind`` ("pca" or "tsne") names the axes: principal components are in the embedding's own
    units; t-SNE coordinates have no unit.
    """
    coordinates = np.asarray(coordinates)
    n = coordinates.shape[0]
    names = plotly_texts(node_ids if node_ids is not None else range(n))
    scatter = go.Scattergl if n > _WEBGL_ABOVE else go.Scatter
    marker = dict(size=5 if n > 500 else 8, opacity=0.8)
    traces = []
    if color is None:
        traces.append(scatter(x=coordinates[:, 0], y=coordinates[:, 1], mode="markers", text=names, name="nodes",
                              marker=marker, hovertemplate="%{text}<extra></extra>"))
    else:
        values = np.array([str(v) for v in color], dtype=object)
        for category in sorted(set(values), key=_natural):
            mask = values == category
            traces.append(scatter(x=coordinates[mask, 0], y=coordinates[mask, 1], mode="markers", text=names[mask],
                                  name=plotly_text(category), marker=marker,
                                  hovertemplate=f"%{{text}}<br>{plotly_text(color_label)} {plotly_text(category)}"
                                                "<extra></extra>"))
    fig = go.Figure(traces)
    axis = _PROJECTION_AXES.get(kind, ("axis 1", "axis 2"))
    fig.update_layout(title=title, legend_title=plotly_text(color_label), showlegend=True,
                      xaxis=dict(title=axis[0], showticklabels=kind == "pca", zeroline=False),
                      yaxis=dict(title=axis[1], showticklabels=kind == "pca", zeroline=False, scaleanchor="x"))
    return fig


def _natural(value: str):
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def neighbourhood_figure(
    graph: Graph,
    comparisons: Mapping[str, NeighbourhoodComparison],
    *,
    max_nodes: int = 300,
    seed: int | None = None,
) -> go.Figure:
    """One panel per method: a node's true k-hop neighbours against its nearest nodes in the embedding.

    The panels share one layout of the subgraph induced by the query node, its
    true neighbours and every method's nearest nodes (cut to ``max_nodes``,
    nearest nodes first). Colours: true neighbour among the nearest (found),
    true neighbour not among them (missed), near but not a true neighbour.
    """
    names = list(comparisons)
    first = comparisons[names[0]]
    chosen = [first.node]
    for comparison in comparisons.values():
        chosen += comparison.nearest.tolist()
    chosen += first.true_neighbours.tolist()
    nodes = np.array(list(dict.fromkeys(chosen))[:max_nodes])
    sub = graph.subgraph(nodes)
    positions = layout(sub, "spring" if sub.n_nodes <= 500 else "auto", seed=seed)
    xs, ys = edge_coordinates(sub, positions)
    truth = set(first.true_neighbours.tolist())
    fig = make_subplots(rows=1, cols=len(names), subplot_titles=[
        f"{name}: AP {comparisons[name].average_precision:.2f}" for name in names])
    in_legend: set[str] = set()  # each role once in the legend, from whichever panel first uses it
    for col, name in enumerate(names, start=1):
        nearest = set(comparisons[name].nearest.tolist())
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=_EDGE_COLOUR, width=0.7),
                                 hoverinfo="skip", name="edge of the graph", legendgroup="edge",
                                 showlegend=col == 1), row=1, col=col)
        roles = np.array([_role(int(v), first.node, truth, nearest) for v in nodes], dtype=object)
        for role, label in _ROLE_LABELS:
            mask = roles == role
            if not mask.any():
                continue
            fig.add_trace(go.Scatter(
                x=positions[mask, 0], y=positions[mask, 1], mode="markers", name=label, legendgroup=role,
                showlegend=role not in in_legend, marker=dict(color=_ROLE_COLOURS[role], size=12 if role == "query" else 8),
                text=plotly_texts(graph.node_ids[v] for v in nodes[mask]), hovertemplate="%{text}<extra>" + label + "</extra>",
            ), row=1, col=col)
            in_legend.add(role)
    # a drawing of the subgraph: positions come from a layout, so the axes carry no quantity
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title=f"Node {plotly_text(graph.node_ids[first.node])}: {len(truth)} true neighbours within "
                            f"{first.hops} hop(s) vs the nearest nodes of each embedding"
                            + (f" (first {max_nodes} nodes drawn)" if len(set(chosen)) > max_nodes else ""),
                      legend=dict(orientation="h", yanchor="top", y=-0.05, title_text="colour"))
    return fig


def _role(node: int, query: int, truth: set, nearest: set) -> str:
    if node == query:
        return "query"
    if node in truth:
        return "found" if node in nearest else "missed"
    return "false" if node in nearest else "other"
