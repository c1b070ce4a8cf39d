"""Plotly figures of a whole graph: the network drawing and the degree distribution.

The network figure draws all edges in one line trace whose coordinates are
built with numpy, one ``[x_source, x_target, NaN]`` triple per edge (the NaN
breaks the line), so plotly serialises them as typed arrays; nodes are one
marker trace. Above :data:`WEBGL_THRESHOLD` elements both use ``Scattergl``.

Examples
--------
>>> import numpy as np
>>> from engine.types import Graph
>>> g = Graph.from_edges([0, 1], [1, 2])
>>> fig = network_figure(g, np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]))
>>> [trace.name for trace in fig.data]
['edges', 'nodes']
>>> fig.data[0].x.tolist()
[0.0, 1.0, nan, 1.0, 1.0, nan]
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

from engine.errors import ParameterError
from engine.types import Graph

__all__ = ["WEBGL_THRESHOLD", "network_figure", "edge_coordinates", "degree_ccdf", "degree_ccdf_figure"]

#: Nodes + edges above which the traces switch from SVG ``Scatter`` to WebGL ``Scattergl``.
WEBGL_THRESHOLD = 1_500

_PALETTE = qualitative.Plotly + qualitative.Dark24
_MIN_SIZE, _MAX_SIZE = 4.0, 22.0


def edge_coordinates(graph: Graph, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Line coordinates of every edge: ``x0, x1, NaN`` per edge (self-loops left out).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``x`` and ``y``, each of length ``3 * n_drawn_edges``.
    """
    source, target, _ = graph.edges()
    keep = source != target
    source, target = source[keep], target[keep]
    coords = np.full((source.size, 3, 2), np.nan)
    coords[:, 0] = positions[source]
    coords[:, 1] = positions[target]
    flat = coords.reshape(-1, 2)
    return flat[:, 0].copy(), flat[:, 1].copy()


def network_figure(
    graph: Graph,
    positions: np.ndarray,
    *,
    color: np.ndarray | Sequence | None = None,
    color_label: str = "",
    categorical: bool | None = None,
    size: np.ndarray | None = None,
    size_label: str = "",
    highlight: Sequence[int] | np.ndarray | None = None,
    hover: Mapping[str, np.ndarray | Sequence] | None = None,
    title: str | None = None,
    webgl: bool | None = None,
) -> go.Figure:
    """Draw a graph from precomputed positions.

    Parameters
    ----------
    graph : Graph
    positions : numpy.ndarray
        ``(n_nodes, 2)`` coordinates, e.g. from :func:`engine.layout.layout`.
    color : array-like, optional
        One value per node: numbers give a continuous colour scale with a
        colour bar; strings (or ``categorical=True``) give one palette colour per category.
    color_label : str
        Name of the colour variable (colour bar title and hover line).
    categorical : bool, optional
        Force categorical (True) or continuous (False) colouring; by default
        non-numeric values are categorical.
    size : numpy.ndarray, optional
        One number per node, mapped linearly to marker sizes of 4–22 px.
    size_label : str
        Name of the size variable (hover line).
    highlight : sequence of int, optional
        Node positions drawn again, larger and labelled, in a third trace.
    hover : mapping of str to array-like, optional
        Extra per-node values shown on hover, after the node id.
    title : str, optional
        Figure title; defaults to the graph name and size.
    webgl : bool, optional
        Force ``Scattergl`` on or off; by default on above :data:`WEBGL_THRESHOLD`
        nodes + edges.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces ``edges`` (lines), ``nodes`` (markers) and, with ``highlight``, ``highlighted``.

    Raises
    ------
    ParameterError
        If an array does not have one entry per node.
    """
    n = graph.n_nodes
    positions = np.asarray(positions, dtype=np.float64)
    if positions.shape != (n, 2):
        raise ParameterError(f"positions must have shape ({n}, 2) (got {positions.shape})")
    if webgl is None:
        webgl = n + graph.n_edges > WEBGL_THRESHOLD
    scatter = go.Scattergl if webgl else go.Scatter

    edge_x, edge_y = edge_coordinates(graph, positions)
    edges = scatter(
        x=edge_x,
        y=edge_y,
        mode="lines",
        name="edges",
        line={"width": 0.5 if n > 1000 else 1.0, "color": "rgba(120, 120, 120, 0.45)"},
        hoverinfo="skip",
        showlegend=False,
    )

    labels = np.array([str(node) for node in graph.node_ids], dtype=object)
    hover_columns: dict[str, np.ndarray] = {}
    marker: dict = {"size": 10.0 if n <= 200 else (6.0 if n <= 2000 else 4.0), "line": {"width": 0}}
    if color is not None:
        values = _per_node(color, n, "color")
        is_categorical = categorical if categorical is not None else not np.issubdtype(values.dtype, np.number)
        if is_categorical:
            categories, codes = np.unique(values.astype(str), return_inverse=True)
            # Category codes on a stepped colour scale keep the colour array numeric (a typed array in JSON).
            marker.update(color=codes.astype(np.float64), colorscale=_stepped_palette(len(categories)), showscale=False)
            marker.update(cmin=-0.5, cmax=len(categories) - 0.5)
        else:
            marker.update(
                color=values.astype(np.float64),
                colorscale="Viridis",
                showscale=True,
                colorbar={"title": {"text": color_label}, "thickness": 12},
            )
        hover_columns[color_label or "color"] = values
    if size is not None:
        values = _per_node(size, n, "size").astype(np.float64)
        marker["size"] = _scale_sizes(values)
        hover_columns[size_label or "size"] = values
    for name, values in (hover or {}).items():
        hover_columns[name] = _per_node(values, n, f"hover[{name!r}]")

    customdata, template = _hover_data(hover_columns)
    nodes = scatter(
        x=positions[:, 0],
        y=positions[:, 1],
        mode="markers",
        name="nodes",
        text=labels,
        customdata=customdata,
        hovertemplate=template,
        marker=marker,
        showlegend=False,
    )
    traces = [edges, nodes]

    if highlight is not None and len(highlight):
        chosen = np.unique(np.asarray(highlight, dtype=np.int64))
        if chosen.min() < 0 or chosen.max() >= n:
            raise ParameterError(f"highlight positions must lie in 0..{n - 1}")
        traces.append(
            scatter(
                x=positions[chosen, 0],
                y=positions[chosen, 1],
                mode="markers+text",
                name="highlighted",
                text=labels[chosen],
                textposition="top center",
                marker={"size": 18, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": "crimson"}},
                hovertemplate="<b>%{text}</b><extra>highlighted</extra>",
                showlegend=False,
            )
        )

    figure = go.Figure(traces)
    figure.update_layout(
        title={"text": title if title is not None else f"{graph.name}: {n:,} nodes, {graph.n_edges:,} edges"},
        template="plotly_white",
        hovermode="closest",
        height=650,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1},
        dragmode="pan",
    )
    return figure


def _stepped_palette(n_categories: int) -> list[list]:
    """A colour scale mapping code ``i`` (on ``cmin=-0.5, cmax=n-0.5``) to palette colour ``i``."""
    scale = []
    for i in range(n_categories):
        colour = _PALETTE[i % len(_PALETTE)]
        scale += [[i / n_categories, colour], [(i + 1) / n_categories, colour]]
    return scale


def _per_node(values, n: int, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.shape != (n,):
        raise ParameterError(f"{name} must have one value per node ({n}) (got shape {array.shape})")
    return array


def _scale_sizes(values: np.ndarray) -> np.ndarray:
    finite = np.where(np.isfinite(values), values, np.nan)
    low, high = np.nanmin(finite, initial=np.inf), np.nanmax(finite, initial=-np.inf)
    if not np.isfinite(low) or high <= low:
        return np.full(values.size, (_MIN_SIZE + _MAX_SIZE) / 3)
    scaled = _MIN_SIZE + (finite - low) / (high - low) * (_MAX_SIZE - _MIN_SIZE)
    return np.where(np.isnan(scaled), _MIN_SIZE, scaled)


def _hover_data(columns: Mapping[str, np.ndarray]) -> tuple[np.ndarray | None, str]:
    """``customdata`` (numeric when possible, so it travels as a typed array) and its hover template."""
    template = "<b>%{text}</b>"
    if not columns:
        return None, template + "<extra></extra>"
    numeric = all(np.issubdtype(values.dtype, np.number) for values in columns.values())
    customdata = np.column_stack(
        [values.astype(np.float64 if numeric else object) for values in columns.values()]
    )
    for i, (name, values) in enumerate(columns.items()):
        is_number = np.issubdtype(values.dtype, np.number)
        is_integer = np.issubdtype(values.dtype, np.integer)
        fmt = ":.4g" if is_number and not is_integer else ""
        template += f"<br>{name}: %{{customdata[{i}]{fmt}}}"
    return customdata, template + "<extra></extra>"


def degree_ccdf(graph: Graph) -> tuple[np.ndarray, np.ndarray]:
    """Complementary cumulative degree distribution over nodes of degree >= 1.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Distinct degrees ``k`` (ascending) and the fraction of nodes with degree ``>= k``.

    Examples
    --------
    >>> from engine.types import Graph
    >>> k, p = degree_ccdf(Graph.from_edges([0, 0, 0], [1, 2, 3]))
    >>> k.tolist(), p.tolist()
    ([1, 3], [1.0, 0.25])
    """
    degrees = graph.degrees()
    if degrees.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    counts = np.bincount(degrees)
    at_least = np.cumsum(counts[::-1])[::-1] / degrees.size
    distinct = np.flatnonzero(counts)
    distinct = distinct[distinct > 0]
    return distinct, at_least[distinct]


def degree_ccdf_figure(graph: Graph, *, title: str | None = None) -> go.Figure:
    """Log-log plot of ``P(degree >= k)`` against ``k`` (out-degree when directed).

    Nodes of degree 0 cannot appear on a log axis; their count is given in the subtitle.
    """
    k, p = degree_ccdf(graph)
    n_isolated = int(np.count_nonzero(graph.degrees() == 0))
    kind = "out-degree" if graph.directed else "degree"
    subtitle = f"{n_isolated:,} isolated nodes not shown" if n_isolated else None
    figure = go.Figure(
        go.Scatter(
            x=k,
            y=p,
            mode="markers",
            name="CCDF",
            marker={"size": 5},
            hovertemplate=f"{kind} ≥ %{{x}}: %{{y:.3g}} of nodes<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": title or f"{kind.capitalize()} distribution of {graph.name}", "subtitle": {"text": subtitle}},
        xaxis={"type": "log", "title": {"text": kind + " k"}},
        yaxis={"type": "log", "title": {"text": f"P({kind} ≥ k)"}},
        template="plotly_white",
        height=400,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
    )
    return figure
