"""Embedding figures explain themselves: axis titles with units, a legend entry for every colour used."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from engine.datasets import load_dataset
from engine.embedding import fastrp, laplacian_eigenmaps
from engine.embedding.assess import ClassificationScores, NeighbourhoodComparison, compare_neighbourhood
from engine.figures import embedding as figures
from engine.glossary import figure_note


@pytest.fixture(scope="module")
def karate():
    return load_dataset("karate_club")


def _visible_axes(fig: go.Figure) -> list[str]:
    return [name for name in fig.layout if name.startswith(("xaxis", "yaxis")) and fig.layout[name].visible is not False]


def _assert_axis_titles(fig: go.Figure) -> None:
    axes = _visible_axes(fig)
    assert axes, "a chart has axes"
    for name in axes:
        title = fig.layout[name].title.text
        if name.startswith("yaxis") and fig.layout[name].matches:
            continue  # a shared axis is titled once
        assert title, f"{name} has no title"


def _marker_colours(fig: go.Figure) -> set[str]:
    return {t.marker.color for t in fig.data if isinstance(t, go.Scatter) and t.mode == "markers"}


def test_bar_and_line_figures_title_both_axes_with_units():
    maps = {"FastRP": (0.5, 0.4, 0.3), "HOPE": (0.6, 0.5, 0.2)}
    for fig in (figures.map_bars_figure(maps), figures.map_line_figure(maps)):
        _assert_axis_titles(fig)
        assert "(hops)" in fig.layout.xaxis.title.text and "0–1" in fig.layout.yaxis.title.text
        assert [t.name for t in fig.data] == ["FastRP", "HOPE"] and fig.layout.legend.title.text == "method"


def test_f1_figure_titles_axes_and_names_each_method_once():
    scores = ClassificationScores((0.1, 0.5), (0.6, 0.7), (0.5, 0.6), (0.01, 0.02), (0.01, 0.02), 3, 30, 2, False)
    fig = figures.f1_figure({"FastRP": scores, "HOPE": scores})
    assert fig.layout.xaxis.title.text == "labelled nodes used for training (%)"
    assert "F1" in fig.layout.yaxis.title.text
    assert [t.name for t in fig.data if t.showlegend] == ["FastRP", "HOPE"]


def test_cost_figure_units_on_both_panels(karate):
    embeddings = {"FastRP": fastrp(karate, dim=8, seed=0), "Laplacian": laplacian_eigenmaps(karate, dim=4)}
    fig = figures.cost_figure(embeddings)
    _assert_axis_titles(fig)
    assert "seconds" in fig.layout.yaxis.title.text and "MB" in fig.layout.yaxis2.title.text
    assert fig.layout.yaxis.type == "log"
    assert len({t.marker.color for t in fig.data}) == 1  # one colour, so no legend is needed


@pytest.mark.parametrize("kind, unit", [("pca", "embedding units"), ("tsne", "no unit")])
def test_projection_axis_titles_name_the_projection(kind, unit):
    coordinates = np.arange(20.0).reshape(10, 2)
    fig = figures.projection_figure(coordinates, color=[0, 1] * 5, kind=kind)
    assert unit in fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert {t.name for t in fig.data} == {"0", "1"} and fig.layout.legend.title.text == "label"


def test_neighbourhood_legend_lists_every_colour_of_every_panel(karate):
    good = fastrp(karate, dim=16, seed=0)
    truth = compare_neighbourhood(karate, good, 0, hops=1)
    # a second "embedding" whose nearest nodes are all non-neighbours: its panel alone uses the orange role
    others = np.array([v for v in range(karate.n_nodes) if v not in set(truth.true_neighbours.tolist()) and v != 0])
    wrong = NeighbourhoodComparison(0, 1, truth.true_neighbours, others[:truth.true_neighbours.size], 0.0)
    fig = figures.neighbourhood_figure(karate, {"all missed": wrong, "FastRP": truth})
    in_legend = [t for t in fig.data if t.showlegend is not False]
    legend_colours = {t.marker.color if t.mode == "markers" else t.line.color for t in in_legend}
    used = _marker_colours(fig) | {t.line.color for t in fig.data if t.mode == "lines"}
    assert used <= legend_colours
    assert len([t.name for t in in_legend]) == len({t.name for t in in_legend})  # each entry once
    assert "nearest, not a neighbour" in [t.name for t in in_legend]
    assert "edge of the graph" in [t.name for t in in_legend]
    assert all(fig.layout[name].visible is False for name in fig.layout if name.startswith(("xaxis", "yaxis")))


@pytest.mark.parametrize("builder", figures.__all__)
def test_every_builder_has_a_note(builder):
    assert len(figure_note(f"embedding.{builder}")) > 80
