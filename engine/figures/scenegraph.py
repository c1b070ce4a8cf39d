"""Plotly figures for scene graphs: the image-plane drawing, the predicate-node view, statistics, metrics.

Builders return a ``go.Figure`` and never display it.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.figures.text import plotly_text, plotly_texts
from engine.scenegraph.types import SceneGraph

__all__ = [
    "scene_figure",
    "predicate_graph_figure",
    "density_histogram",
    "predicate_long_tail",
    "metrics_comparison",
    "per_predicate_recall_figure",
]

_OBJECT_COLOUR = "#d6336c"
_PREDICATE_COLOUR = "#1c7ed6"


def _object_positions(graph: SceneGraph) -> tuple[np.ndarray, float, float]:
    """Box centres in pixels, or a circle on a unit canvas when the graph has no boxes."""
    if graph.boxes is not None:
        width, height = graph.canvas_size()
        centres = graph.boxes[:, :2] + graph.boxes[:, 2:] / 2
        return centres, width, height
    angles = 2 * np.pi * np.arange(graph.n_objects) / max(graph.n_objects, 1)
    return np.column_stack([0.5 + 0.4 * np.cos(angles), 0.5 + 0.4 * np.sin(angles)]), 1.0, 1.0


def scene_figure(graph: SceneGraph, *, title: str | None = None, show_boxes: bool = True) -> go.Figure:
    """Objects at their box centres on a canvas of the image size, with labelled relation arrows.

    The y axis points down, as in image coordinates. Graphs without boxes are
    placed on a circle (the title says so).

    Parameters
    ----------
    graph : SceneGraph
    title : str, optional
    show_boxes : bool
        Draw each box as an outline too.

    Returns
    -------
    go.Figure
        One marker trace (objects) and one text trace (predicates at arrow midpoints).
    """
    centres, width, height = _object_positions(graph)
    figure = go.Figure()
    if show_boxes and graph.boxes is not None:
        for x, y, w, h in graph.boxes:
            figure.add_shape(type="rect", x0=x, y0=y, x1=x + w, y1=y + h,
                             line=dict(color=_OBJECT_COLOUR, width=1), opacity=0.35)
    midpoints, names = [], []
    for s, o, predicate in graph.relations:
        (x0, y0), (x1, y1) = centres[s], centres[o]
        figure.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                              showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=1.4,
                              arrowcolor=_PREDICATE_COLOUR, standoff=6, text="")
        midpoints.append(((x0 + x1) / 2, (y0 + y1) / 2))
        names.append(plotly_text(f"{graph.labels[s]} {predicate} {graph.labels[o]}"))
    figure.add_trace(go.Scatter(
        x=centres[:, 0], y=centres[:, 1], mode="markers+text", text=plotly_texts(graph.labels), textposition="top center",
        marker=dict(size=11, color=_OBJECT_COLOUR), name="objects", hoverinfo="text",
    ))
    mids = np.array(midpoints).reshape(-1, 2)
    figure.add_trace(go.Scatter(
        x=mids[:, 0], y=mids[:, 1], mode="text", text=plotly_texts(r[2] for r in graph.relations),
        textfont=dict(color=_PREDICATE_COLOUR, size=11), hovertext=names, hoverinfo="text", name="relations",
    ))
    suffix = "" if graph.boxes is not None else " (no boxes: objects on a circle)"
    figure.update_layout(
        title=plotly_text(title or graph.image_id or "scene graph") + suffix, showlegend=False, height=480,
        xaxis=dict(range=[0, width], showgrid=False, zeroline=False, constrain="domain"),
        yaxis=dict(range=[height, 0], showgrid=False, zeroline=False, scaleanchor="x"),
        margin=dict(l=10, r=10, t=40, b=10),
    )
    return figure


def predicate_graph_figure(graph: SceneGraph, *, title: str | None = None, seed: int | None = None) -> go.Figure:
    """Graph view with predicates as their own small nodes: subject -> predicate -> object (as sg2im draws it).

    Returns
    -------
    go.Figure
        Traces: edges, object nodes, predicate nodes.
    """
    g = nx.DiGraph()
    g.add_nodes_from(("o", i) for i in range(graph.n_objects))
    for k, (s, o, _) in enumerate(graph.relations):
        g.add_edge(("o", s), ("p", k))
        g.add_edge(("p", k), ("o", o))
    layout = nx.spring_layout(g, seed=seed) if len(g) else {}
    xs, ys = [], []
    for u, v in g.edges():
        xs += [layout[u][0], layout[v][0], None]
        ys += [layout[u][1], layout[v][1], None]
    figure = go.Figure(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#adb5bd", width=1), hoverinfo="skip", name="edges"))
    objects = [("o", i) for i in range(graph.n_objects)]
    predicates = [("p", k) for k in range(graph.n_relations)]
    figure.add_trace(go.Scatter(
        x=[layout[n][0] for n in objects], y=[layout[n][1] for n in objects], mode="markers+text",
        text=plotly_texts(graph.labels), textposition="top center", marker=dict(size=16, color=_OBJECT_COLOUR, symbol="square"),
        name="objects",
    ))
    figure.add_trace(go.Scatter(
        x=[layout[n][0] for n in predicates], y=[layout[n][1] for n in predicates], mode="markers+text",
        text=plotly_texts(p for _, _, p in graph.relations), textposition="bottom center",
        marker=dict(size=8, color=_PREDICATE_COLOUR), name="predicates",
    ))
    figure.update_layout(title=plotly_text(title or "objects and predicates"), showlegend=False, height=480,
                         xaxis=dict(visible=False), yaxis=dict(visible=False), margin=dict(l=10, r=10, t=40, b=10))
    return figure


def density_histogram(stats: pd.DataFrame, *, title: str = "Graph density per image") -> go.Figure:
    """Histogram of per-graph density (``stats`` from :func:`engine.scenegraph.stats.graph_statistics`)."""
    figure = go.Figure(go.Histogram(x=stats["density"], nbinsx=40, marker_color=_PREDICATE_COLOUR, name="images"))
    figure.update_layout(title=title, xaxis_title="density = relations / (n (n - 1))", yaxis_title="images", bargap=0.05)
    return figure


def predicate_long_tail(frequencies: pd.Series, *, title: str = "Predicate frequencies (long tail)") -> go.Figure:
    """Bar chart of predicate counts, most frequent first, on a log axis (zero counts omitted)."""
    frequencies = frequencies[frequencies > 0].sort_values(ascending=False)
    figure = go.Figure(go.Bar(x=plotly_texts(frequencies.index), y=frequencies.to_numpy(), marker_color=_PREDICATE_COLOUR))
    figure.update_layout(title=title, yaxis_type="log", yaxis_title="count (log)", xaxis_tickangle=-60)
    return figure


def metrics_comparison(scores: dict[str, dict], keys, *, title: str = "Metrics side by side") -> go.Figure:
    """Grouped bars: one group per metric in ``keys``, one bar per method in ``scores`` (method -> metric dict)."""
    keys = list(keys)
    figure = go.Figure([
        go.Bar(name=method, x=keys, y=[values.get(k, np.nan) for k in keys]) for method, values in scores.items()
    ])
    figure.update_layout(title=title, barmode="group", yaxis=dict(range=[0, 1], title="recall (fraction found)"),
                         xaxis=dict(title="metric (see the glossary)", tickangle=-30, automargin=True),
                         legend_title="method", template="plotly_white")
    return figure


def per_predicate_recall_figure(recalls: dict[str, np.ndarray], predicates, train_frequencies: pd.Series, *,
                                k: int = 50, title: str | None = None) -> go.Figure:
    """Per-predicate recall of each method, predicates sorted by training frequency (most frequent left).

    Parameters
    ----------
    recalls : dict of method to ndarray (R,)
        Recall per predicate in vocabulary order (NaN for absent ones, which are skipped).
    predicates : sequence of str
        The vocabulary's predicates.
    train_frequencies : Series
        Training count per predicate name.
    k : int
        The K of the recall, for the title.
    """
    predicates = list(predicates)
    order = sorted(range(len(predicates)), key=lambda i: -int(train_frequencies.get(predicates[i], 0)))
    present = [i for i in order if any(np.isfinite(r[i]) for r in recalls.values())]
    figure = go.Figure([
        go.Bar(name=method, x=plotly_texts(predicates[i] for i in present), y=[r[i] for i in present])
        for method, r in recalls.items()
    ])
    figure.update_layout(title=title or f"Per-predicate R@{k}, by training frequency", barmode="group",
                         yaxis=dict(range=[0, 1], title=f"R@{k} (share of the predicate's triplets found)"),
                         xaxis=dict(title="predicate (most frequent in training on the left)", tickangle=-60,
                                    automargin=True), legend_title="method", template="plotly_white",
                         height=460 + 6 * max((len(str(p)) for p in predicates), default=0))
    return figure
