"""engine.figures.graph: one NaN-gapped edge trace, exact coordinates, WebGL switch, colours, CCDF."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from engine.errors import ParameterError
from engine.figures.graph import WEBGL_THRESHOLD, degree_ccdf, degree_ccdf_figure, network_figure
from engine.types import Graph

POSITIONS = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 2.0], [-1.0, 3.0]])


@pytest.fixture
def tiny() -> Graph:
    """Edges 0-1, 1-2, 0-3, a self-loop on 2, labels a..d."""
    return Graph.from_edges([0, 1, 0, 2], [1, 2, 3, 2], node_ids=list("abcd"), name="tiny")


def test_network_figure_one_edge_trace_with_exact_coordinates(tiny):
    figure = network_figure(tiny, POSITIONS)
    edge_traces = [trace for trace in figure.data if trace.mode == "lines"]
    assert len(edge_traces) == 1
    edges = edge_traces[0]
    # graph.edges() order: (0,1), (0,3), (1,2); the self-loop (2,2) is not drawn.
    np.testing.assert_array_equal(edges.x, [0, 1, np.nan, 0, -1, np.nan, 1, 1, np.nan])
    np.testing.assert_array_equal(edges.y, [0, 0, np.nan, 0, 3, np.nan, 0, 2, np.nan])
    assert isinstance(edges.x, np.ndarray)  # numpy all the way: plotly ships it as a typed array
    nodes = figure.data[1]
    np.testing.assert_array_equal(nodes.x, POSITIONS[:, 0])
    assert list(nodes.text) == ["a", "b", "c", "d"]


def test_network_figure_edges_serialise_as_typed_arrays(tiny):
    spec = json.loads(network_figure(tiny, POSITIONS).to_json())
    assert set(spec["data"][0]["x"]) == {"dtype", "bdata"}


def test_network_figure_switches_to_webgl_above_threshold():
    n = WEBGL_THRESHOLD // 2
    ring = Graph.from_edges(np.arange(n), (np.arange(n) + 1) % n)  # n nodes + n edges = threshold
    positions = np.zeros((n, 2))
    assert {type(t) for t in network_figure(ring, positions).data} == {go.Scatter}
    bigger = Graph.from_edges(np.arange(n + 1), (np.arange(n + 1) + 1) % (n + 1))
    figure = network_figure(bigger, np.zeros((n + 1, 2)))
    assert {type(t) for t in figure.data} == {go.Scattergl}
    assert len(figure.data) == 2


def test_network_figure_continuous_colour_and_sizes(tiny):
    figure = network_figure(tiny, POSITIONS, color=np.array([0.1, 0.2, 0.3, 0.4]), color_label="pagerank",
                            size=np.array([1.0, 2.0, 3.0, 1.0]), size_label="degree")
    marker = figure.data[1].marker
    np.testing.assert_allclose(marker.color, [0.1, 0.2, 0.3, 0.4])
    assert marker.showscale is True and marker.colorbar.title.text == "pagerank"
    np.testing.assert_allclose(marker.size, [4.0, 13.0, 22.0, 4.0])
    assert "pagerank: %{customdata[0]:.4g}" in figure.data[1].hovertemplate
    assert "degree: %{customdata[1]:.4g}" in figure.data[1].hovertemplate


def test_network_figure_categorical_colour(tiny):
    figure = network_figure(tiny, POSITIONS, color=np.array(["x", "y", "x", "z"]), color_label="club")
    marker = figure.data[1].marker
    np.testing.assert_array_equal(marker.color, [0, 1, 0, 2])
    scale = [entry[1] for entry in marker.colorscale]
    assert scale[0] == scale[1] != scale[2] == scale[3] != scale[4]  # one colour band per category
    assert (marker.cmin, marker.cmax) == (-0.5, 2.5)


def test_network_figure_highlight_trace(tiny):
    figure = network_figure(tiny, POSITIONS, highlight=[2])
    assert [trace.name for trace in figure.data] == ["edges", "nodes", "highlighted"]
    highlighted = figure.data[2]
    assert list(highlighted.x) == [1.0] and list(highlighted.y) == [2.0] and list(highlighted.text) == ["c"]


def test_network_figure_hover_attributes(tiny):
    figure = network_figure(tiny, POSITIONS, hover={"club": np.array(["x", "y", "x", "z"]), "degree": np.arange(4)})
    nodes = figure.data[1]
    assert nodes.customdata.tolist()[1] == ["y", 1]
    assert nodes.hovertemplate == "<b>%{text}</b><br>club: %{customdata[0]}<br>degree: %{customdata[1]}<extra></extra>"


def test_network_figure_rejects_mismatched_arrays(tiny):
    with pytest.raises(ParameterError, match=r"positions must have shape \(4, 2\)"):
        network_figure(tiny, POSITIONS[:3])
    with pytest.raises(ParameterError, match="color must have one value per node"):
        network_figure(tiny, POSITIONS, color=[1, 2])
    with pytest.raises(ParameterError, match="highlight positions"):
        network_figure(tiny, POSITIONS, highlight=[9])


def test_degree_ccdf_hand_checked(two_components_graph, empty_graph):
    degrees, share = degree_ccdf(two_components_graph)  # degrees 2, 2, 2, 1, 1
    assert degrees.tolist() == [1, 2]
    np.testing.assert_allclose(share, [1.0, 0.6])
    assert degree_ccdf(empty_graph)[0].size == 0


def test_degree_ccdf_figure_log_axes(star_graph):
    figure = degree_ccdf_figure(star_graph)
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis.type == "log"
    assert list(figure.data[0].x) == [1, 4]
    np.testing.assert_allclose(figure.data[0].y, [1.0, 0.2])


def _ring_with_chords(n: int) -> Graph:
    nodes = np.arange(n)
    return Graph.from_edges(np.concatenate([nodes, nodes]), np.concatenate([(nodes + 1) % n, (nodes + 7) % n]))


def test_network_figure_above_the_line_limit_sends_edges_as_one_image():
    from engine.figures.graph import MAX_LINE_EDGES

    n = MAX_LINE_EDGES  # 2n edges: above the limit
    graph = _ring_with_chords(n)
    angles = 2 * np.pi * np.arange(n) / n
    positions = np.column_stack([np.cos(angles), np.sin(angles)])
    figure = network_figure(graph, positions, image_size=(200, 100))
    assert [trace.name for trace in figure.data] == ["nodes"]
    image = figure.layout.images[0]
    assert image.source.startswith("data:image/png;base64,") and image.layer == "below"
    assert (image.x, image.y, image.sizex, image.sizey) == pytest.approx((-1.04, 1.04, 2.08, 2.08))  # 2 % margin


def test_network_figure_payload_is_bounded_by_nodes_not_edges():
    """JSON bytes <= per-node float32 arrays (x, y, colour, size, 3 hover columns) + the image, in base64.

    plotly's JSON escapes '+' as a 6-character sequence (1 base64 character in 64): x 1.1 covers it."""
    n = 20_000
    graph = _ring_with_chords(n)  # 40,000 edges
    rng = np.random.default_rng(0)
    positions = rng.random((n, 2))
    degrees = graph.degrees()
    figure = network_figure(graph, positions, color=rng.random(n), color_label="pagerank", size=degrees,
                            size_label="degree", hover={"degree": degrees}, image_size=(300, 200))
    spec = figure.to_json()
    per_node_bytes = 4 * (2 + 1 + 1 + 3) * 4 / 3 * 1.1  # x, y, colour, size, customdata (id, pagerank, degree)
    image_bytes = len(figure.layout.images[0].source)
    assert len(spec) <= n * per_node_bytes + image_bytes * 1.1 + 30_000
    assert image_bytes <= 300 * 200 * 4 * 4 / 3  # never more than the raw RGBA
    # the same graph as vector lines would ship 3 vertices x 2 coordinates per edge on top
    lines = network_figure(graph, positions, edges="lines").to_json()
    assert len(lines) > len(spec) + graph.n_edges * 3 * 2 * 4 * 0.9


def test_network_figure_overview_draws_nodes_into_the_image_and_keeps_top_degree_markers():
    from engine.figures.graph import OVERVIEW_POINTS, drawn_nodes

    n = OVERVIEW_POINTS * 2
    star_centres = Graph.from_edges(np.zeros(n - 1, dtype=int), np.arange(1, n))  # node 0 has every edge
    positions = np.random.default_rng(1).random((n, 2))
    figure = network_figure(star_centres, positions, color=np.arange(n) % 3, categorical=True,
                            max_points=OVERVIEW_POINTS, image_size=(120, 80), edges="image")
    nodes = figure.data[0]
    assert len(nodes.x) == OVERVIEW_POINTS and "overview" in figure.layout.title.text
    shown = drawn_nodes(star_centres, positions, max_points=OVERVIEW_POINTS)
    assert 0 in shown and len(shown) == OVERVIEW_POINTS
    np.testing.assert_allclose(nodes.x, positions[shown, 0].astype(np.float32))
    assert [image.name for image in figure.layout.images] == ["edges", "nodes"]


def test_network_figure_region_draws_only_nodes_inside():
    graph = _ring_with_chords(100)
    positions = np.column_stack([np.arange(100) / 100, np.zeros(100)])
    figure = network_figure(graph, positions, region=((0.0, 0.095), (-1.0, 1.0)), edges="image",
                            image_size=(50, 50))
    assert len(figure.data[0].x) == 10
    assert list(figure.layout.xaxis.range) == [0.0, 0.095]


def test_drawn_nodes_keeps_the_highest_priorities_ties_to_the_lowest_positions():
    from engine.figures.graph import OVERVIEW_POINTS, drawn_nodes

    n = OVERVIEW_POINTS + 10
    graph = Graph.from_edges(np.arange(n - 1), np.arange(1, n))
    priority = np.zeros(n)
    priority[[7, n - 1, n - 2]] = 5.0  # three clear winners, then OVERVIEW_POINTS - 3 of the n - 3 tied zeros
    shown = drawn_nodes(graph, np.zeros((n, 2)), max_points=100, priority=priority)
    expected = np.sort(np.argsort(-priority, kind="stable")[:OVERVIEW_POINTS])  # what a stable sort picks
    np.testing.assert_array_equal(shown, expected)
    assert {7, n - 1, n - 2} <= set(shown.tolist()) and shown[-3] == OVERVIEW_POINTS - 3  # 4,997 zeros: 0..4997 but 7


def test_network_figure_overview_node_image_is_node_image_and_a_given_one_is_used():
    from engine.figures.graph import OVERVIEW_POINTS, is_overview, node_image

    n = OVERVIEW_POINTS + 500
    graph = _ring_with_chords(n)
    positions = np.random.default_rng(2).random((n, 2))
    colour = np.arange(n, dtype=float)
    assert is_overview(graph, positions, max_points=100) and not is_overview(graph, positions)
    assert not is_overview(graph, positions, max_points=100, region=((0.0, 0.01), (0.0, 0.01)))
    figure = network_figure(graph, positions, color=colour, max_points=100, image_size=(60, 40), edges="image")
    sources = {image.name: image.source for image in figure.layout.images}
    assert sources["nodes"] == node_image(graph, positions, color=colour, image_size=(60, 40))
    # plotly.js keys image elements by (xref, x, sizex, yref, y, sizey): equal keys drew only one image
    keys = {tuple(image[k] for k in ("xref", "x", "sizex", "yref", "y", "sizey")) for image in figure.layout.images}
    assert len(keys) == 2
    assert sources["nodes"] != node_image(graph, positions, color=-colour, image_size=(60, 40))
    given = network_figure(graph, positions, color=colour, max_points=100, image_size=(60, 40),
                           node_png="data:image/png;base64,AAAA")
    assert {image.name: image.source for image in given.layout.images}["nodes"] == "data:image/png;base64,AAAA"
