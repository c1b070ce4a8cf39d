"""Figures of the compare page: recorded runs side by side, one bar chart per metric.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"id": [1, 2], "method": ["a", "b"], "dataset": ["g", "g"], "score": [0.5, 0.7]})
>>> fig = metric_bars_figure(frame, ["score"])
>>> [trace.y[0] for trace in fig.data]
[0.5, 0.7]
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.errors import ParameterError
from engine.figures.text import plotly_text

__all__ = ["RUN_COLUMNS", "numeric_metric_columns", "run_label", "run_labels", "metric_bars_figure"]

#: Columns of :func:`engine.runs.runs_frame` that describe a run rather than measure it.
RUN_COLUMNS: frozenset[str] = frozenset({"id", "capability", "method", "dataset", "created", "label", "seed"})


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


#: Short symbols of well-known parameters in run labels.
_SYMBOLS = {"ratio": "ρ", "budget": "β", "beta": "β", "alpha": "α", "decay_ratio": "decay", "n_iterations": "iters",
            "walks_per_node": "walks", "walk_length": "length"}
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf")


def _value(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def run_label(method: str, params: Mapping | None, seed, dataset: str, run_id: int | None = None) -> str:
    """A run as people say it: ``"SSumM ρ=0.1 seed 1 on ego-Facebook (#23)"``.

    The method's title, its first parameter and every parameter that differs from the
    default, the seed, the dataset's title and the run id. Unknown methods and datasets are
    shown by name.

    Examples
    --------
    >>> run_label("ssumm", {"ratio": 0.1, "error": "re1", "n_iterations": 20}, 1, "ego_facebook", 23)
    'SSumM ρ=0.1 seed 1 on ego-Facebook (#23)'
    >>> run_label("ssumm", {"ratio": 0.3, "error": "re2"}, None, "my.csv")
    'SSumM ρ=0.3 error=re2 on my.csv'
    """
    from engine.datasets import dataset_info
    from engine.methods import METHODS

    params = dict(params or {})
    spec = METHODS.get(method)
    parts = [spec.title if spec else str(method)]
    if spec is not None:
        for i, param in enumerate(spec.params):
            if param.name in params and (i == 0 or params[param.name] != param.default):
                parts.append(f"{_SYMBOLS.get(param.name, param.name)}={_value(params[param.name])}")
    if seed is not None and not (isinstance(seed, float) and math.isnan(seed)):
        parts.append(f"seed {int(seed)}")
    try:
        name = dataset_info(dataset).title
    except Exception:  # noqa: BLE001 - any name that is not a shipped dataset is shown as it is
        name = str(dataset)
    label = f"{' '.join(parts)} on {name}"
    return f"{label} (#{run_id})" if run_id is not None else label


def run_labels(frame: pd.DataFrame) -> list[str]:
    """:func:`run_label` for each row of a runs frame (parameters from its ``param.*`` columns)."""
    labels = []
    for _, row in frame.iterrows():
        params = {column[len("param."):]: _parsed(row[column]) for column in frame.columns
                  if str(column).startswith("param.") and not _missing(row[column])}
        seed = row["seed"] if "seed" in frame.columns and not _missing(row["seed"]) else None
        labels.append(run_label(row["method"], params, seed, row["dataset"], int(row["id"])))
    return labels


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _parsed(value):
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    return value


def metric_bars_figure(frame: pd.DataFrame, metrics: Sequence[str], *, columns: int = 3,
                       labels: Sequence[str] | None = None) -> go.Figure:
    """One bar chart per metric (each with its own axis), one coloured bar per run.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows from :func:`engine.runs.runs_frame` (needs ``id``, ``method``, ``dataset``).
    metrics : sequence of str
        Columns to chart; a run without a value for a metric gets no bar.
    columns : int
        Subplots per row.
    labels : sequence of str, optional
        One legend label per row (default :func:`run_labels`).

    Returns
    -------
    plotly.graph_objects.Figure
        One ``Bar`` trace per run and metric; a run keeps its colour in every subplot and its
        legend entry (method, parameters, seed, dataset, id) once. Subplot titles are the
        glossary's names with units; bars are ``#id`` on the axis.

    Raises
    ------
    ParameterError
        If ``metrics`` is empty or names a column the frame lacks.
    """
    from engine.glossary import metric_label

    if not metrics:
        raise ParameterError("choose at least one metric to chart")
    missing = [metric for metric in metrics if metric not in frame.columns]
    if missing:
        raise ParameterError(f"no column {missing[0]!r} among the runs")
    labels = list(labels) if labels is not None else run_labels(frame)
    n_cols = max(1, min(columns, len(metrics)))
    n_rows = math.ceil(len(metrics) / n_cols)
    titles = [metric_label(metric) for metric in metrics]
    figure = make_subplots(rows=n_rows, cols=n_cols, subplot_titles=titles, vertical_spacing=0.3 / n_rows + 0.05)
    ids = [f"#{run_id}" for run_id in frame["id"]]
    for i, metric in enumerate(metrics):
        values = pd.to_numeric(frame[metric], errors="coerce").to_numpy(dtype=np.float64)
        for j, value in enumerate(values):
            if np.isnan(value):
                continue
            figure.add_trace(
                go.Bar(x=[ids[j]], y=[value], name=plotly_text(labels[j]), legendgroup=ids[j], showlegend=False,
                       marker_color=_PALETTE[j % len(_PALETTE)], text=[f"{value:.3g}"], textposition="outside",
                       cliponaxis=False, hovertemplate=plotly_text(labels[j]) + "<br>" + titles[i] + ": %{y:.4g}<extra></extra>"),
                row=i // n_cols + 1, col=i % n_cols + 1,
            )
    shown: set[str] = set()
    for trace in figure.data:
        if trace.legendgroup not in shown:
            trace.showlegend = True
            shown.add(trace.legendgroup)
    figure.update_layout(
        template="plotly_white",
        height=max(360, 300 * n_rows) + 22 * len(frame),
        margin={"l": 50, "r": 20, "t": 70, "b": 40},
        title={"text": f"{len(frame)} runs, {len(metrics)} metrics (each panel has its own axis)"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "title": {"text": "run"}},
        barmode="group",
    )
    figure.update_xaxes(type="category", automargin=True)
    figure.update_yaxes(automargin=True, rangemode="tozero")
    return figure
