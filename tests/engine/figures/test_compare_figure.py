"""engine.figures.compare: one bar subplot per metric, runs missing a metric get no bar."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.errors import ParameterError
from engine.figures.compare import metric_bars_figure, numeric_metric_columns, run_labels


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
    assert run_labels(frame) == ["#3 pagerank on karate", "#2 louvain on karate"]


def test_metric_bars_one_trace_per_metric(frame):
    figure = metric_bars_figure(frame, ["seconds", "mean", "modularity"])
    assert [trace.type for trace in figure.data] == ["bar"] * 3
    assert figure.data[0].y.tolist() == [0.1, 0.2]
    assert figure.data[1].x.tolist() == ["#3"]  # the louvain run has no mean
    assert figure.data[1].text.tolist() == ["#3 pagerank on karate"]
    assert figure.data[2].y.tolist() == [0.41]
    assert [a.text for a in figure.layout.annotations] == ["seconds", "mean", "modularity"]


def test_metric_bars_errors(frame):
    with pytest.raises(ParameterError, match="at least one metric"):
        metric_bars_figure(frame, [])
    with pytest.raises(ParameterError, match="no column 'recall'"):
        metric_bars_figure(frame, ["recall"])
