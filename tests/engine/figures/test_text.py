"""User strings in Plotly figures show literally: no <a>, <img>, <b> tag and no %{...} placeholder of a
node id, a file name, a label or a run label reaches a figure unescaped (Plotly renders a subset of HTML
in every title, legend, tick label and hover text)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.figures import compare, embedding, experiments, graph, hypergraph, scenegraph, summary
from engine.figures.text import plotly_text, plotly_texts
from engine.hypergraph import Hypergraph
from engine.scenegraph import SceneGraph
from engine.types import Graph

#: A user's string with a link, an image, a bold tag and a hover-template placeholder.
HOSTILE = '<a href="http://evil.example/">x</a><img src=http://evil.example/p.png><b>b</b>%{fullData.name}'
ESCAPED = plotly_text(HOSTILE)


def _strings(value) -> list[str]:
    """Every string inside a figure's JSON-able dict (arrays of objects included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, (list, tuple, np.ndarray)):
        return [s for item in value for s in _strings(item)]
    return []


def _assert_literal(figure) -> None:
    strings = _strings(figure.to_plotly_json())
    assert not [s for s in strings if "<a " in s or "<img" in s or "%{fullData.name}" in s]
    assert any(ESCAPED in s for s in strings), "the user's string is not in the figure at all"


def test_plotly_text_writes_markup_and_placeholders_as_entities():
    assert plotly_text("a<b>&c%{x}") == "a&lt;b&gt;&amp;c&#37;{x}"
    assert plotly_text(7) == "7" and plotly_text("Valjean") == "Valjean"
    assert plotly_texts([HOSTILE, 1]).tolist() == [ESCAPED, "1"]


def _hostile_graph() -> Graph:
    attributes = pd.DataFrame({HOSTILE: [HOSTILE, "b", "c", "d"]})
    return Graph.from_edges([0, 1, 2], [1, 2, 3], node_ids=[HOSTILE, "b", "c", "d"], name=HOSTILE,
                            attributes=attributes)


def test_network_figure_escapes_the_name_ids_attributes_and_labels():
    g = _hostile_graph()
    positions = np.arange(8, dtype=float).reshape(4, 2)
    hover = {HOSTILE: g.attributes[HOSTILE].to_numpy()}
    figure = graph.network_figure(g, positions, color=np.arange(4.0), color_label=HOSTILE, hover=hover, highlight=[0])
    _assert_literal(figure)
    assert ESCAPED in figure.layout.title.text and figure.data[-1].text[0] == ESCAPED
    _assert_literal(graph.degree_ccdf_figure(g))


def test_projection_figure_escapes_ids_categories_and_label():
    coordinates = np.arange(8, dtype=float).reshape(4, 2)
    figure = embedding.projection_figure(coordinates, color=[HOSTILE, HOSTILE, "x", "x"], color_label=HOSTILE,
                                         node_ids=[HOSTILE, "b", "c", "d"])
    _assert_literal(figure)
    assert {trace.name for trace in figure.data} == {ESCAPED, "x"}


def test_run_labels_in_compare_and_history_figures_are_escaped():
    frame = pd.DataFrame({"id": [1, 2], "method": ["ssumm", "ssumm"], "dataset": [HOSTILE, "b"],
                          "re1": [0.1, 0.2]})
    _assert_literal(compare.metric_bars_figure(frame, ["re1"], labels=[HOSTILE, "b"]))
    _assert_literal(summary.history_figure([(HOSTILE, "ssumm", "re1", [(1, 100.0, 0.1, 0.2), (2, 90.0, 0.1, 0.2)])]))


def test_grid_figures_escape_dataset_names():
    summary_frame = pd.DataFrame({"method": ["ssumm"], "setting": ["ssumm"], "dataset": [HOSTILE], "n": [2],
                                  "seconds_mean": [1.0], "seconds_sd": [0.1], "re1_mean": [0.5], "re1_sd": [0.1]})
    table = pd.DataFrame({"method": ["ssumm"], "dataset": [HOSTILE], "setting": ["ssumm"], "status": ["ok"],
                          "seconds": [1.0], "re1": [0.5], "seed": [1]})
    _assert_literal(experiments.grouped_bars_figure(summary_frame, "re1"))
    _assert_literal(experiments.pareto_figure(table, summary_frame, "re1"))


@pytest.mark.parametrize("builder", [hypergraph.hull_figure, hypergraph.bipartite_figure])
def test_hypergraph_figures_escape_node_ids(builder):
    h = Hypergraph.from_hyperedges([{HOSTILE, "b", "c"}, {"c", "d"}], name=HOSTILE)
    _assert_literal(builder(h))


def test_scene_graph_figures_escape_labels_predicates_and_image_ids():
    g = SceneGraph((HOSTILE, "horse"), ((0, 1, HOSTILE),), image_id=HOSTILE)
    for figure in (scenegraph.scene_figure(g), scenegraph.predicate_graph_figure(g, title=HOSTILE),
                   scenegraph.predicate_long_tail(pd.Series({HOSTILE: 3, "on": 1}))):
        _assert_literal(figure)
