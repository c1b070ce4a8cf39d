"""Summary figures explain themselves: axis titles, a legend entry for every colour, no clipped labels."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from engine.datasets import load_dataset
from engine.errors import ParameterError
from engine.figures import summary as figures
from engine.summarization import slugger, ssumm


@pytest.fixture(scope="module")
def karate():
    return load_dataset("karate_club")


@pytest.fixture(scope="module")
def ssumm_summary(karate):
    return ssumm(karate, ratio=0.4, seed=0, n_iterations=5)


@pytest.fixture(scope="module")
def slugger_summary(karate):
    return slugger(karate, n_iterations=5, seed=0)


def _legend_names(fig: go.Figure) -> list[str]:
    return [t.name for t in fig.data if t.showlegend is not False and t.name]


def test_summary_graph_draws_superedges_with_a_legend(karate, ssumm_summary):
    fig = figures.summary_graph_figure(ssumm_summary, karate)
    superedges = [t for t in fig.data if t.name and t.name.startswith("superedge, weight")]
    assert superedges, "superedges must be drawn"
    n_linked = int(np.sum(ssumm_summary.superedges[:, 0] != ssumm_summary.superedges[:, 1]))
    drawn = sum(int(np.isnan(np.asarray(t.x, dtype=float)).sum()) for t in superedges)
    assert drawn == n_linked
    assert any(t.marker.colorbar.title.text for t in fig.data if isinstance(t, go.Scatter) and t.marker.showscale)
    assert "supernode (size: members)" in _legend_names(fig)


def test_summary_graph_expanded_members_in_their_own_panel(karate, ssumm_summary):
    big = int(np.argmax(ssumm_summary.supernode_sizes()))
    fig = figures.summary_graph_figure(ssumm_summary, karate, expand=big)
    members = [t for t in fig.data if t.name == f"member of supernode {big}"]
    assert members and members[0].xaxis == "x2"
    assert len(members[0].x) == ssumm_summary.supernode_sizes()[big]
    assert any(t.name.startswith("input edges among members") for t in fig.data if t.name)
    with pytest.raises(ParameterError, match="expand must be a supernode"):
        figures.summary_graph_figure(ssumm_summary, karate, expand=10_000)


def test_adjacency_figure_has_axis_titles_and_a_scale(karate, ssumm_summary):
    fig = figures.adjacency_figure(karate, ssumm_summary)
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    heatmaps = [t for t in fig.data if isinstance(t, go.Heatmap)]
    assert len(heatmaps) == 2
    scale = [t for t in heatmaps if t.showscale][0]
    assert scale.colorbar.title.text and len(scale.colorbar.ticktext) >= 3
    # a sparse graph still fills visible cells: the scale saturates well below 1
    assert float(np.sqrt(1.0)) >= heatmaps[0].zmax > 0


def test_hierarchy_tree_is_collapsed_and_labelled(slugger_summary):
    fig = figures.hierarchy_figure(slugger_summary, max_depth=2)
    markers = [t for t in fig.data if t.mode == "markers+text"]
    assert markers and fig.layout.yaxis.title.text == "depth below all nodes"
    depths = np.concatenate([np.asarray(t.y) for t in markers])
    assert depths.min() >= -2
    labels = [text for t in markers for text in t.text if text]
    assert 1 <= len(labels) <= 6
    assert all(hover for t in markers for hover in t.hovertext)
    icicle = figures.hierarchy_figure(slugger_summary, kind="icicle")
    assert isinstance(icicle.data[0], go.Icicle)
    with pytest.raises(ParameterError, match="kind must be one of"):
        figures.hierarchy_figure(slugger_summary, kind="sunburst")


def test_history_figure_gives_each_quantity_its_own_axis(ssumm_summary, slugger_summary):
    fig = figures.history_figure([("A", "ssumm", "re1", ssumm_summary.history),
                                  ("B", "slugger", None, slugger_summary.history)])
    assert fig.layout.yaxis.title.text == "SSumM RE1"
    assert fig.layout.yaxis2.title.text == "SLUGGER cost (edges)"
    assert {t.yaxis for t in fig.data} == {"y", "y2"}
    with pytest.raises(ParameterError):
        figures.history_figure([("A", "ssumm", "re1", [])])


def test_size_error_and_edge_counts_have_axis_titles(slugger_summary):
    fig = figures.size_error_figure([{"relative_size": 0.2, "re1": 0.01, "ratio": 0.2}], slugger_size=0.5,
                                    empty_error=0.02)
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert {"SLUGGER (lossless; size in edges)", "empty summary's error"} <= set(_legend_names(fig))
    bars = figures.edge_counts_figure(slugger_summary)
    assert bars.layout.yaxis.title.text == "edges"
    assert len(_legend_names(bars)) == 4
