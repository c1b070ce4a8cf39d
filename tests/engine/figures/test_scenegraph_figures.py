"""Scene-graph figures: what each builder draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.figures.scenegraph import (
    density_histogram,
    metrics_comparison,
    per_predicate_recall_figure,
    predicate_graph_figure,
    predicate_long_tail,
    scene_figure,
)
from engine.scenegraph import SceneGraph

GRAPH = SceneGraph(
    ("man", "horse", "hat"), ((0, 1, "riding"), (0, 2, "wearing")),
    boxes=np.array([[100, 100, 50, 200], [0, 200, 300, 200], [110, 90, 20, 15]], dtype=float), image_size=(800, 600),
)


def test_scene_figure_places_objects_at_box_centres_on_the_image_canvas():
    figure = scene_figure(GRAPH)
    objects, relations = figure.data
    assert list(objects.x) == [125, 150, 120] and list(objects.y) == [200, 300, 97.5]
    assert list(relations.text) == ["riding", "wearing"]
    assert len(figure.layout.annotations) == 2 and figure.layout.annotations[0].ax == 125
    assert tuple(figure.layout.xaxis.range) == (0, 800) and tuple(figure.layout.yaxis.range) == (600, 0)
    assert len(figure.layout.shapes) == 3


def test_scene_figure_without_boxes_uses_a_circle():
    figure = scene_figure(SceneGraph(("a", "b"), ((0, 1, "on"),)))
    assert "no boxes" in figure.layout.title.text and len(figure.layout.shapes) == 0


def test_predicate_graph_has_a_node_per_relation():
    figure = predicate_graph_figure(GRAPH)
    edges, objects, predicates = figure.data
    assert len(objects.x) == 3 and list(predicates.text) == ["riding", "wearing"]
    assert sum(x is None for x in edges.x) == 4  # subject->predicate and predicate->object per relation


def test_statistics_and_metric_figures():
    hist = density_histogram(pd.DataFrame({"density": [0.1, 0.2, 0.2]}))
    assert isinstance(hist, go.Figure) and list(hist.data[0].x) == [0.1, 0.2, 0.2]
    tail = predicate_long_tail(pd.Series({"on": 100, "has": 10, "says": 0}))
    assert tail.layout.yaxis.type == "log" and list(tail.data[0].x) == ["on", "has"]
    bars = metrics_comparison({"dnorm": {"recall@50": 0.5}, "baseline": {"recall@50": 0.4}}, ["recall@50"])
    assert [t.name for t in bars.data] == ["dnorm", "baseline"] and bars.data[1].y[0] == 0.4
    recall = per_predicate_recall_figure(
        {"dnorm": np.array([0.5, np.nan, 1.0])}, ["has", "says", "on"], pd.Series({"on": 9, "has": 3, "says": 0}))
    assert list(recall.data[0].x) == ["on", "has"] and list(recall.data[0].y) == [1.0, 0.5]
