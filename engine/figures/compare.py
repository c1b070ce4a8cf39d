"""Figures of the compare page: recorded runs side by side, one bar chart per metric.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"id": [1, 2], "method": ["a", "b"], "dataset": ["g", "g"], "score": [0.5, 0.7]})
>>> fig = metric_bars_figure(frame, ["score"])
>>> fig.data[0].y.tolist()
[0.5, 0.7]
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.errors import ParameterError

__all__ = ["RUN_COLUMNS", "numeric_metric_columns", "run_labels", "metric_bars_figure"]

#: Columns of :func:`engine.runs.runs_frame` that describe a run rather than measure it.
RUN_COLUMNS: frozenset[str] = frozenset({"id", "capability", "method", "dataset", "created", "label"})


def numeric_metric_columns(frame: pd.DataFrame) -> list[str]:
    """Columns of a runs frame that hold numbers worth charting (metrics, seconds, peak memory).

    Parameter columns (``param.*``) and descriptive columns are left out.
    """
    columns = []
    for column in frame.columns:
        if column in RUN_COLUMNS or str(column).startswith("param."):
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.notna().any() and not frame[column].map(lambda v: isinstance(v, bool)).all():
            columns.append(column)
    return columns


def run_labels(frame: pd.DataFrame) -> list[str]:
    """``#id method on dataset`` for each row of a runs frame."""
    return [f"#{row.id} {row.method} on {row.dataset}" for row in frame.itertuples()]


def metric_bars_figure(frame: pd.DataFrame, metrics: Sequence[str], *, columns: int = 3) -> go.Figure:
    """One bar chart per metric, each comparing the runs (rows of ``frame``).

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows from :func:`engine.runs.runs_frame` (needs ``id``, ``method``, ``dataset``).
    metrics : sequence of str
        Columns to chart; a run without a value for a metric gets no bar.
    columns : int
        Subplots per row.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``Bar`` trace per metric, in its own subplot; bars are labelled
        ``#id`` on the axis and ``#id method on dataset`` on hover.

    Raises
    ------
    ParameterError
        If ``metrics`` is empty or names a column the frame lacks.
    """
    if not metrics:
        raise ParameterError("choose at least one metric to chart")
    missing = [metric for metric in metrics if metric not in frame.columns]
    if missing:
        raise ParameterError(f"no column {missing[0]!r} among the runs")
    n_cols = max(1, min(columns, len(metrics)))
    n_rows = math.ceil(len(metrics) / n_cols)
    figure = make_subplots(rows=n_rows, cols=n_cols, subplot_titles=list(metrics), vertical_spacing=0.25 / n_rows + 0.05)
    ids = np.array([f"#{run_id}" for run_id in frame["id"]], dtype=object)
    labels = np.array(run_labels(frame), dtype=object)
    for i, metric in enumerate(metrics):
        values = pd.to_numeric(frame[metric], errors="coerce").to_numpy(dtype=np.float64)
        present = ~np.isnan(values)
        figure.add_trace(
            go.Bar(
                x=ids[present],
                y=values[present],
                text=labels[present],
                textposition="none",
                name=metric,
                hovertemplate="%{text}<br>" + metric + ": %{y:.4g}<extra></extra>",
                showlegend=False,
            ),
            row=i // n_cols + 1,
            col=i % n_cols + 1,
        )
    figure.update_layout(
        template="plotly_white",
        height=max(320, 300 * n_rows),
        margin={"l": 40, "r": 20, "t": 60, "b": 40},
        title={"text": f"{len(frame)} runs, {len(metrics)} metrics"},
    )
    figure.update_xaxes(type="category", showticklabels=len(frame) <= 12)
    return figure
