"""engine.figures.compare: one bar subplot per metric, runs missing a metric get no bar."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.errors import ParameterError
from engine.figures.compare import metric_bars_figure, numeric_metric_columns, run_label, run_labels


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [3, 2], "capability": ["graphs", "graphs"], "method": ["pagerank", "louvain"],
        "dataset": ["karate", "karate"], "created": ["t", "t"], "seconds": [0.1, 0.2], "peak_mb": [1.0, 2.0],
        "param.seed": [0, 0], "mean": [0.03, np.nan], "modularity": [np.nan, 0.41], "directed": [False, False],
    })


def test_numeric_metric_columns_skip_params_descriptions_and_flags(frame):
    assert numeric_metric_columns(frame) == ["seconds", "peak_mb", "mean", "modularity"]


def test_run_labels(frame):
    assert run_labels(frame) == ["pagerank on karate (#3)", "louvain on karate (#2)"]


def test_run_label_names_method_params_seed_and_dataset():
    assert run_label("ssumm", {"ratio": 0.1, "error": "re1", "n_iterations": 20}, 1, "ego_facebook", 23) == \
        "SSumM ρ=0.1 seed 1 on ego-Facebook (#23)"
    # three SSumM runs differing in a non-default parameter get different labels
    labels = {run_label("ssumm", {"ratio": 0.1, "n_iterations": n}, 1, "karate_club", 5) for n in (5, 10, 20)}
    assert len(labels) == 3
    assert run_label("node2vec", {"dim": 64, "p": 0.5}, None, "upload.csv") == "node2vec dim=64 p=0.5 on upload.csv"


def test_metric_bars_one_axis_per_metric_and_a_legend_per_run(frame):
    figure = metric_bars_figure(frame, ["seconds", "mean", "modularity"])
    assert [trace.type for trace in figure.data] == ["bar"] * 4  # the louvain run has no mean, pagerank no modularity
    by_axis = {}
    for trace in figure.data:
        by_axis.setdefault(trace.yaxis, []).append((trace.x[0], trace.y[0]))
    assert by_axis == {"y": [("#3", 0.1), ("#2", 0.2)], "y2": [("#3", 0.03)], "y3": [("#2", 0.41)]}
    legend = [trace.name for trace in figure.data if trace.showlegend]
    assert legend == run_labels(frame)
    # a run keeps its colour across panels
    colours = {}
    for trace in figure.data:
        colours.setdefault(trace.legendgroup, set()).add(trace.marker.color)
    assert all(len(c) == 1 for c in colours.values()) and len(colours) == 2
    assert [a.text for a in figure.layout.annotations] == ["seconds (s)", "mean", "modularity"]


def test_metric_bars_errors(frame):
    with pytest.raises(ParameterError, match="at least one metric"):
        metric_bars_figure(frame, [])
    with pytest.raises(ParameterError, match="no column 'recall'"):
        metric_bars_figure(frame, ["recall"])
