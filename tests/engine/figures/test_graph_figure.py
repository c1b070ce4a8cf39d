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
