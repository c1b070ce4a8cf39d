"""Plotly figures of a whole graph: the network drawing and the degree distribution.

The network figure draws the edges of a small graph in one line trace whose
coordinates are built with numpy, one ``[x_source, x_target, NaN]`` triple per
edge (the NaN breaks the line), so plotly serialises them as typed arrays;
above :data:`MAX_LINE_EDGES` edges they are one server-rendered image
(:mod:`engine.overview`). Nodes are one marker trace of float32 arrays. Above
:data:`WEBGL_THRESHOLD` elements the traces use ``Scattergl``.

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
from plotly.colors import hex_to_rgb, qualitative, sample_colorscale, unlabel_rgb

from engine.errors import ParameterError
from engine.figures.text import plotly_text, plotly_texts
from engine.overview import bounds, edge_raster, node_raster, png_data_uri, shade_counts
from engine.types import Graph

__all__ = ["WEBGL_THRESHOLD", "MAX_LINE_EDGES", "MAX_POINTS", "OVERVIEW_POINTS", "IMAGE_SIZE", "MAX_LEGEND_CATEGORIES",
           "OTHER_COLOUR", "network_figure", "drawn_nodes", "is_overview", "edge_image", "node_image",
           "edge_coordinates", "category_codes", "degree_ccdf", "degree_ccdf_figure"]

#: Markers + line vertices above which the traces switch from SVG ``Scatter`` to WebGL ``Scattergl``.
WEBGL_THRESHOLD = 1_500
#: Most edges drawn as vector lines; above, the edges are one server-rendered image.
MAX_LINE_EDGES = 5_000
#: Most nodes drawn as markers; above, the overview draws the nodes into the image too. Measured in
#: headless Chromium (software WebGL, bench/explore_browser.py): 100k markers made a colour change on
#: Barabási–Albert 100k ~4x slower than on ego-Facebook's 4k (5 MB sent per click), one click timing out.
MAX_POINTS = 50_000
#: Markers kept in the overview (the highest-degree nodes), for hover and clicking; every node is in the
#: node image, and a box or lasso selects by position. ``Plotly.react`` of a recoloured overview in headless
#: Chromium (software WebGL, BA 100k, load 9) took a median 0.84 s with 5,000 markers, 0.46 s with 1,000.
OVERVIEW_POINTS = 2_000
#: Width and height in pixels of the edge image (about the drawing's size on a wide page).
IMAGE_SIZE = (1200, 800)
_DEFAULT_RGBA = np.array([99, 110, 250, 255], dtype=np.uint8)  # plotly's first colour, #636efa

_PALETTE = qualitative.Plotly + qualitative.Dark24
#: Categories (e.g. Louvain communities) with their own colour and legend entry, largest first; the
#: rest share :data:`OTHER_COLOUR` and one "other" entry (more colours could not be told apart).
MAX_LEGEND_CATEGORIES = 12
#: Colour of the categories past :data:`MAX_LEGEND_CATEGORIES`.
OTHER_COLOUR = "#b4b4b4"
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


def drawn_nodes(graph: Graph, positions: np.ndarray, *, region=None, max_points: int = MAX_POINTS,
                priority: np.ndarray | None = None) -> np.ndarray:
    """Positions of the nodes that :func:`network_figure` draws as markers (in the figure's order).

    All nodes inside ``region`` (default: everywhere) when there are at most ``max_points`` of them, else
    the :data:`OVERVIEW_POINTS` of highest ``priority`` (default: degree) among them, the rest being drawn
    only in the image. The page uses it to map a selection's point indices back to nodes.
    """
    positions = np.asarray(positions)
    inside = np.arange(graph.n_nodes)
    if region is not None:
        (x0, x1), (y0, y1) = region
        keep = (positions[:, 0] >= x0) & (positions[:, 0] <= x1) & (positions[:, 1] >= y0) & (positions[:, 1] <= y1)
        inside = np.flatnonzero(keep)
    if inside.size <= max_points:
        return inside
    priority = (graph.degrees() if priority is None else np.asarray(priority))[inside]
    if priority.size <= OVERVIEW_POINTS:
        return inside
    # the OVERVIEW_POINTS highest, ties to the lowest position (as a stable sort by decreasing priority
    # would pick), in linear time: at 1M nodes a full sort cost 0.1 s per rerun
    kth = np.partition(priority, priority.size - OVERVIEW_POINTS)[priority.size - OVERVIEW_POINTS]
    above = np.flatnonzero(priority > kth)
    ties = np.flatnonzero(priority == kth)[: OVERVIEW_POINTS - above.size]
    return inside[np.sort(np.concatenate([above, ties]))]


def is_overview(graph: Graph, positions: np.ndarray, *, region=None, max_points: int = MAX_POINTS) -> bool:
    """Whether :func:`network_figure` draws ``graph`` as an overview (nodes in an image, the top ones as markers).

    Examples
    --------
    >>> from engine.types import Graph
    >>> g = Graph.from_edges([0, 1, 2], [1, 2, 3])
    >>> is_overview(g, np.zeros((4, 2)))
    False
    """
    n_inside = graph.n_nodes if region is None else _count_inside(np.asarray(positions), region)
    return n_inside > max(max_points, OVERVIEW_POINTS)


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
    edges: str = "auto",
    region: tuple[tuple[float, float], tuple[float, float]] | None = None,
    max_points: int = MAX_POINTS,
    image_size: tuple[int, int] = IMAGE_SIZE,
    edge_png: str | None = None,
    node_png: str | None = None,
) -> go.Figure:
    """Draw a graph from precomputed positions.

    Small graphs get one vector line trace for the edges. Above :data:`MAX_LINE_EDGES` edges, the edges
    are one server-rendered image (:mod:`engine.overview`) under the node markers, so the browser draws
    points, not hundreds of thousands of line pieces, and the figure's size no longer grows with the
    edges. Above ``max_points`` nodes (in ``region``), the nodes too are drawn into the image and only
    the :data:`OVERVIEW_POINTS` highest-degree ones stay markers (for hover, search and selection).

    Parameters
    ----------
    graph : Graph
    positions : numpy.ndarray
        ``(n_nodes, 2)`` coordinates, e.g. from :func:`engine.layout.layout`.
    color : array-like, optional
        One value per node: numbers give a continuous colour scale with a
        colour bar; strings (or ``categorical=True``) give one palette colour per category, the
        :data:`MAX_LEGEND_CATEGORIES` largest each with a legend entry (name and node count), the
        rest one grey "other" entry.
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
        drawn markers + line edges.
    edges : {"auto", "lines", "image"}
        How edges are drawn; "auto" uses lines up to :data:`MAX_LINE_EDGES` edges.
    region : ((float, float), (float, float)), optional
        The ``(x_range, y_range)`` to draw (a zoom); by default the whole layout.
    max_points : int
        Most nodes drawn as markers before the overview (nodes in the image) takes over.
    image_size : (int, int)
        Width and height in pixels of the edge image.
    edge_png : str, optional
        The edge image from :func:`edge_image` for the same graph, positions, region and size, when the
        caller cached it (a change of colour or size then does not redraw the edges).
    node_png : str, optional
        For an overview, the node image from :func:`node_image` for the same graph, positions, colours,
        region and size, when the caller cached it (a change of size or search then does not redraw it).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces ``edges`` (lines, absent when the edges are an image), ``nodes`` (markers, for the nodes
        of :func:`drawn_nodes`), with ``highlight``, ``highlighted``, and with categorical colours one
        legend-only trace (no points) per legend entry, last; an edge image is ``layout.images[0]``.

    Raises
    ------
    ParameterError
        If an array does not have one entry per node or ``edges`` is unknown.
    """
    n = graph.n_nodes
    positions = np.asarray(positions, dtype=np.float64)
    if positions.shape != (n, 2):
        raise ParameterError(f"positions must have shape ({n}, 2) (got {positions.shape})")
    if edges not in ("auto", "lines", "image"):
        raise ParameterError(f"edges must be 'auto', 'lines' or 'image' (got {edges!r})")
    line_edges = edges == "lines" or (edges == "auto" and graph.n_edges <= MAX_LINE_EDGES)
    shown = drawn_nodes(graph, positions, region=region, max_points=max_points)
    overview = shown.size < (n if region is None else _count_inside(positions, region))
    if webgl is None:
        webgl = shown.size + (graph.n_edges if line_edges else 0) > WEBGL_THRESHOLD
    scatter = go.Scattergl if webgl else go.Scatter
    traces = []
    if line_edges:
        edge_x, edge_y = edge_coordinates(graph, positions)
        traces.append(scatter(
            x=edge_x.astype(np.float32),
            y=edge_y.astype(np.float32),
            mode="lines",
            name="edges",
            line={"width": 0.5 if n > 1000 else 1.0, "color": "rgba(120, 120, 120, 0.45)"},
            hoverinfo="skip",
            showlegend=False,
        ))

    hover_columns: dict[str, np.ndarray] = {}
    legend: list = []
    marker: dict = {"size": 10.0 if n <= 200 else (6.0 if n <= 2000 else 4.0), "line": {"width": 0}}
    if color is not None:
        values = _per_node(color, n, "color")
        is_categorical = categorical if categorical is not None else not np.issubdtype(values.dtype, np.number)
        if is_categorical:
            categories, counts, codes = category_codes(values)
            n_colours = min(len(categories), MAX_LEGEND_CATEGORIES + 1)
            # Category codes on a stepped colour scale keep the colour array numeric (a typed array in JSON);
            # codes past the largest MAX_LEGEND_CATEGORIES share one grey "other" colour.
            marker.update(color=codes[shown].astype(np.float32), colorscale=_stepped_palette(n_colours),
                          showscale=False, cmin=-0.5, cmax=n_colours - 0.5)
            legend = _category_legend(categories, counts, color_label, webgl=bool(webgl))
        else:
            numbers = values.astype(np.float64)
            finite = numbers[np.isfinite(numbers)]
            low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            marker.update(
                color=numbers[shown].astype(np.float32),
                colorscale="Viridis",
                cmin=low,
                cmax=high if high > low else low + 1.0,
                showscale=True,
                colorbar={"title": {"text": plotly_text(color_label)}, "thickness": 12},
            )
        hover_columns[color_label or "color"] = values
    if size is not None:
        values = _per_node(size, n, "size").astype(np.float64)
        marker["size"] = _scale_sizes(values)[shown].astype(np.float32)
        hover_columns[size_label or "size"] = values
    for name, values in (hover or {}).items():
        hover_columns[name] = _per_node(values, n, f"hover[{name!r}]")

    labels, id_column = _node_labels(graph, shown)
    if id_column is not None:
        hover_columns = {"id": id_column, **{k: v[shown] for k, v in hover_columns.items()}}
    else:
        hover_columns = {k: v[shown] for k, v in hover_columns.items()}
    customdata, template = _hover_data(hover_columns, with_text=labels is not None)
    traces.append(scatter(
        x=positions[shown, 0].astype(np.float32),
        y=positions[shown, 1].astype(np.float32),
        mode="markers",
        name="nodes",
        text=labels,
        customdata=customdata,
        hovertemplate=template,
        marker=marker,
        showlegend=False,
    ))

    if highlight is not None and len(highlight):
        chosen = np.unique(np.asarray(highlight, dtype=np.int64))
        if chosen.min() < 0 or chosen.max() >= n:
            raise ParameterError(f"highlight positions must lie in 0..{n - 1}")
        traces.append(
            go.Scatter(  # SVG even beside WebGL nodes: its text is drawn, and only SVG text reads entities
                x=positions[chosen, 0],
                y=positions[chosen, 1],
                mode="markers+text",
                name="highlighted",
                text=plotly_texts(graph.node_ids[i] for i in chosen),
                textposition="top center",
                marker={"size": 18, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": "crimson"}},
                hovertemplate="<b>%{text}</b><extra>highlighted</extra>",
                showlegend=False,
            )
        )

    figure = go.Figure(traces + legend)
    x_range, y_range = region if region is not None else bounds(positions)
    default_title = f"{plotly_text(graph.name)}: {n:,} nodes, {graph.n_edges:,} edges"
    if overview:
        default_title += f" (overview: {shown.size:,} highest-degree nodes as markers)"
    figure.update_layout(
        title={"text": title if title is not None else default_title},
        template="plotly_white",
        hovermode="closest",
        height=650,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis={"visible": False, "range": list(x_range)},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1, "range": list(y_range)},
        dragmode="pan",
        # the legend lists the colours; clicking it would hide only its own swatch, so it does nothing
        legend={"title": {"text": plotly_text(color_label)}, "itemclick": False, "itemdoubleclick": False},
        showlegend=bool(legend),
    )
    if not line_edges or overview:
        width, height = image_size
        images = []
        if not line_edges:
            images.append(edge_png or edge_image(graph, positions, region=(x_range, y_range), image_size=image_size))
        if overview:
            images.append(node_png or node_image(graph, positions, color=color, categorical=categorical,
                                                 region=(x_range, y_range), image_size=image_size))
        for i, (name, source) in enumerate(zip(("edges", "nodes") if not line_edges else ("nodes",), images)):
            # plotly.js keys its image elements by position and size, so two images on the same rectangle
            # share one element and the second vanishes at the first Plotly.react: each later image is a
            # billionth wider (far below a pixel), which makes its key its own
            figure.add_layout_image(
                source=source, xref="x", yref="y", x=x_range[0], y=y_range[1],
                sizex=(x_range[1] - x_range[0]) * (1 + i * 1e-9), sizey=y_range[1] - y_range[0], sizing="stretch",
                layer="below", xanchor="left", yanchor="top", name=name,
            )
    return figure


def edge_image(graph: Graph, positions: np.ndarray, *, region=None, image_size: tuple[int, int] = IMAGE_SIZE) -> str:
    """The edges of ``graph`` rendered over ``region`` (default: the layout's bounds) as a PNG data URI.

    Each pixel's opacity follows the equalised histogram of the number of edges crossing it
    (:func:`engine.overview.shade_counts`).
    """
    positions = np.asarray(positions, dtype=np.float64)
    x_range, y_range = region if region is not None else bounds(positions)
    source, target, _ = graph.edges()
    width, height = image_size
    raster = edge_raster(positions, source, target, width=width, height=height, x_range=x_range, y_range=y_range)
    return png_data_uri(shade_counts(raster.counts))


def node_image(graph: Graph, positions: np.ndarray, *, color: np.ndarray | Sequence | None = None,
               categorical: bool | None = None, region=None, image_size: tuple[int, int] = IMAGE_SIZE) -> str:
    """The nodes of an overview rendered over ``region`` (default: the layout's bounds) as a PNG data URI.

    Each node is a 3 x 3 pixel square in the colour its marker would have in :func:`network_figure`
    (``color`` and ``categorical`` as there; plotly's first colour without ``color``); higher-degree
    nodes are drawn last, on top.

    Raises
    ------
    ParameterError
        If ``color`` does not have one value per node.
    """
    n = graph.n_nodes
    positions = np.asarray(positions, dtype=np.float64)
    x_range, y_range = region if region is not None else bounds(positions)
    if color is None:
        rgba = np.tile(_DEFAULT_RGBA, (n, 1))
    else:
        values = _per_node(color, n, "color")
        if categorical if categorical is not None else not np.issubdtype(values.dtype, np.number):
            rgba = _palette_rgba(category_codes(values)[2])
        else:
            numbers = values.astype(np.float64)
            finite = numbers[np.isfinite(numbers)]
            low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            rgba = _viridis_rgba(numbers, low, high)
    width, height = image_size
    nodes = node_raster(positions, rgba, order=np.argsort(graph.degrees(), kind="stable"),
                        width=width, height=height, x_range=x_range, y_range=y_range)
    return png_data_uri(nodes)


def _count_inside(positions: np.ndarray, region) -> int:
    (x0, x1), (y0, y1) = region
    return int(np.count_nonzero((positions[:, 0] >= x0) & (positions[:, 0] <= x1)
                                & (positions[:, 1] >= y0) & (positions[:, 1] <= y1)))


def _node_labels(graph: Graph, shown: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Hover labels: integer ids travel as a numeric customdata column, other ids as text."""
    ids = graph.node_ids
    if shown.size > 2000 and all(type(ids[i]) is int for i in shown[:: max(1, shown.size // 1000)]):
        try:
            return None, np.fromiter((ids[i] for i in shown), dtype=np.int64, count=shown.size)
        except (TypeError, ValueError, OverflowError):
            pass
    return plotly_texts(ids[i] for i in shown), None


def category_codes(values: np.ndarray | Sequence) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Categories ordered by size (largest first, ties by name), their node counts, and each node's code.

    Codes past :data:`MAX_LEGEND_CATEGORIES` are all ``MAX_LEGEND_CATEGORIES`` (the "other" colour).

    Examples
    --------
    >>> categories, counts, codes = category_codes(["b", "a", "b", "c", "b", "a"])
    >>> categories.tolist(), counts.tolist(), codes.tolist()
    (['b', 'a', 'c'], [3, 2, 1], [0, 1, 0, 2, 0, 1])
    """
    labels, inverse, counts = np.unique(np.asarray(values).astype(str), return_inverse=True, return_counts=True)
    order = np.lexsort((labels, -counts))  # largest first; np.unique sorted the names already
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    return labels[order], counts[order], np.minimum(rank[inverse.ravel()], MAX_LEGEND_CATEGORIES)


def _category_legend(categories: np.ndarray, counts: np.ndarray, label: str, *, webgl: bool) -> list:
    """Legend-only traces (no points): one swatch per colour, the largest categories then "other"."""
    name = plotly_text(label or "category")
    entries = [(f"{name} {plotly_text(c)} ({n:,} nodes)", _colour(i))
               for i, (c, n) in enumerate(zip(categories[:MAX_LEGEND_CATEGORIES], counts[:MAX_LEGEND_CATEGORIES]))]
    rest = counts[MAX_LEGEND_CATEGORIES:]
    if rest.size:
        entries.append((f"other: {rest.size:,} smaller ({int(rest.sum()):,} nodes)", OTHER_COLOUR))
    scatter = go.Scattergl if webgl else go.Scatter
    return [scatter(x=[None], y=[None], mode="markers", name=text, marker={"color": colour, "size": 10},
                    legendgroup="colour", showlegend=True, hoverinfo="skip") for text, colour in entries]


def _colour(code: int) -> str:
    return OTHER_COLOUR if code >= MAX_LEGEND_CATEGORIES else _PALETTE[code % len(_PALETTE)]


def _palette_rgba(codes: np.ndarray) -> np.ndarray:
    table = np.array([[*hex_to_rgb(_colour(i)), 255] for i in range(int(codes.max()) + 1)], dtype=np.uint8)
    return table[codes]


def _viridis_rgba(values: np.ndarray, low: float, high: float) -> np.ndarray:
    lut = np.array([[*unlabel_rgb(c), 255] for c in sample_colorscale("Viridis", np.linspace(0, 1, 256))],
                   dtype=np.float64).round().astype(np.uint8)
    scaled = np.clip((values - low) / (high - low if high > low else 1.0), 0.0, 1.0)
    rgba = lut[np.nan_to_num(scaled * 255, nan=0.0).astype(np.int64)]
    rgba[~np.isfinite(values)] = (180, 180, 180, 255)
    return rgba


def _stepped_palette(n_categories: int) -> list[list]:
    """A colour scale mapping code ``i`` (on ``cmin=-0.5, cmax=n-0.5``) to palette colour ``i``."""
    scale = []
    for i in range(n_categories):
        colour = _colour(i)
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


def _hover_data(columns: Mapping[str, np.ndarray], *, with_text: bool = True) -> tuple[np.ndarray | None, str]:
    """``customdata`` (numeric when possible, so it travels as a typed array) and its hover template."""
    template = "<b>%{text}</b>" if with_text else ""
    if not columns:
        return None, template + "<extra></extra>"
    numeric = all(np.issubdtype(values.dtype, np.number) for values in columns.values())
    # float32 halves the bytes; ids and counts above 2**24 need float64 to stay exact
    wide = numeric and any(np.issubdtype(v.dtype, np.integer) and v.size and np.abs(v).max() >= 2**24
                           for v in columns.values())
    customdata = np.column_stack(
        [values.astype(np.float64 if wide else np.float32) if numeric
         else (values.astype(object) if np.issubdtype(values.dtype, np.number) else plotly_texts(values))
         for values in columns.values()]
    )
    for i, (name, values) in enumerate(columns.items()):
        if not with_text and i == 0:
            template += f"<b>%{{customdata[{i}]}}</b>"
            continue
        is_number = np.issubdtype(values.dtype, np.number)
        is_integer = np.issubdtype(values.dtype, np.integer)
        fmt = ":.4g" if is_number and not is_integer else ""
        template += f"<br>{plotly_text(name)}: %{{customdata[{i}]{fmt}}}"
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

    Nodes of degree 0 cannot appear on a log axis; their count is given in the subtitle. The shares are
    ticked in percent (``0.01%``, never plotly's SI ``100µ``), the degrees as plain numbers.
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
            hovertemplate=f"{kind} ≥ %{{x:,}}: %{{y:.3~%}} of nodes<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": title or f"{kind.capitalize()} distribution of {plotly_text(graph.name)}", "subtitle": {"text": subtitle}},
        xaxis={"type": "log", "title": {"text": f"{kind} k (log scale)"}, "exponentformat": "none",
               "separatethousands": True},
        yaxis={"type": "log", "title": {"text": f"P({kind} ≥ k): share of nodes (log scale)"},
               "tickformat": ".4~%", "exponentformat": "none"},
        template="plotly_white",
        height=400,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
    )
    return figure
