"""engine.figures.graph, read as a figure: a legend for every categorical colour (Louvain communities),
a colour bar for numbers, axis titles and percent (never SI) ticks on the degree distribution."""

from __future__ import annotations

import numpy as np
import pytest

from engine.figures.graph import (
    MAX_LEGEND_CATEGORIES,
    OTHER_COLOUR,
    category_codes,
    degree_ccdf_figure,
    network_figure,
)
from engine.types import Graph


@pytest.fixture
def ring() -> Graph:
    return Graph.from_edges(np.arange(40), (np.arange(40) + 1) % 40, name="ring")


def _positions(n: int) -> np.ndarray:
    angles = 2 * np.pi * np.arange(n) / n
    return np.column_stack([np.cos(angles), np.sin(angles)])


def _legend(figure) -> list:
    return [trace for trace in figure.data if trace.showlegend]


def _colour_of_code(figure, code: int) -> str:
    """The colour the nodes' stepped colour scale gives to ``code``."""
    nodes = next(trace for trace in figure.data if trace.name == "nodes")
    scale = nodes.marker.colorscale
    position = (code - nodes.marker.cmin) / (nodes.marker.cmax - nodes.marker.cmin)
    return next(colour for (low, colour), (high, _) in zip(scale[::2], scale[1::2]) if low <= position <= high)


def test_category_codes_order_by_size_and_pool_the_rest():
    values = np.repeat(np.arange(15), np.arange(15, 0, -1))  # category i has 15 - i nodes
    categories, counts, codes = category_codes(values)
    assert categories.tolist()[:3] == ["0", "1", "2"] and counts.tolist()[:3] == [15, 14, 13]
    assert codes.max() == MAX_LEGEND_CATEGORIES  # categories 12, 13 and 14 share the "other" code
    assert set(codes[values >= MAX_LEGEND_CATEGORIES]) == {MAX_LEGEND_CATEGORIES}


def test_network_figure_louvain_colours_have_a_legend(ring):
    communities = np.arange(40) // 10  # four communities of ten nodes
    figure = network_figure(ring, _positions(40), color=communities, color_label="louvain", categorical=True)
    legend = _legend(figure)
    assert [trace.name for trace in legend] == [f"louvain {c} (10 nodes)" for c in range(4)]
    assert figure.layout.showlegend and figure.layout.legend.title.text == "louvain"
    for code, entry in enumerate(legend):
        assert entry.marker.color == _colour_of_code(figure, code)  # the swatch is the nodes' colour
        assert list(entry.x) == [None]  # a swatch, not a point: selections and hover see only the nodes
    assert [trace.name for trace in figure.data[:2]] == ["edges", "nodes"]


def test_network_figure_many_categories_keep_the_largest_and_one_other_entry(ring):
    values = np.r_[np.zeros(20, dtype=int), np.arange(1, 21)]  # one big community and 20 singletons
    figure = network_figure(ring, _positions(40), color=values, color_label="louvain", categorical=True)
    legend = _legend(figure)
    assert len(legend) == MAX_LEGEND_CATEGORIES + 1
    assert legend[0].name == "louvain 0 (20 nodes)"
    assert legend[-1].name == "other: 9 smaller (9 nodes)"
    assert legend[-1].marker.color == OTHER_COLOUR == _colour_of_code(figure, MAX_LEGEND_CATEGORIES)


def test_network_figure_category_names_are_escaped(ring):
    values = np.where(np.arange(40) < 20, "<b>x</b>", "y")
    figure = network_figure(ring, _positions(40), color=values, color_label="attr")
    assert _legend(figure)[0].name == "attr &lt;b&gt;x&lt;/b&gt; (20 nodes)"


def test_network_figure_numbers_have_a_colour_bar_and_no_legend(ring):
    figure = network_figure(ring, _positions(40), color=np.linspace(0, 1, 40), color_label="pagerank")
    nodes = figure.data[1]
    assert nodes.marker.showscale and nodes.marker.colorbar.title.text == "pagerank"
    assert not _legend(figure) and not figure.layout.showlegend


def test_degree_ccdf_figure_has_axis_titles_and_percent_ticks():
    star = Graph.from_edges(np.zeros(20_000, dtype=int), np.arange(1, 20_001), name="star")  # P = 1/20001
    figure = degree_ccdf_figure(star)
    assert figure.layout.xaxis.title.text.startswith("degree k")
    assert figure.layout.yaxis.title.text.startswith("P(degree ≥ k)")
    # plotly's default exponentformat "B"/"SI" writes a 1e-4 probability as "100µ"
    assert figure.layout.yaxis.tickformat.endswith("%") and figure.layout.yaxis.exponentformat == "none"
    assert figure.layout.xaxis.exponentformat == "none"
    assert min(figure.data[0].y) == pytest.approx(1 / 20_001)
