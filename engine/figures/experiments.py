"""Figures of a grid's runs: time–quality Pareto plot, parameter–metric curves, grouped bars.

Each takes the per-run table of :func:`engine.experiments.runs_table` and/or the per-setting
means and standard deviations of :func:`engine.experiments.setting_summary`.

Examples
--------
>>> import pandas as pd
>>> summary = pd.DataFrame({"method": ["a", "b"], "dataset": ["g", "g"], "setting": ["a", "b"], "n": [3, 3],
...                         "score_mean": [0.5, 0.7], "score_sd": [0.1, 0.0]})
>>> grouped_bars_figure(summary, "score").data[0].y.tolist()
[0.5]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from engine.errors import ParameterError
from engine.experiments import pareto_front
from engine.figures.text import plotly_text, plotly_texts

__all__ = ["pareto_figure", "parameter_curve_figure", "grouped_bars_figure"]

_COLOURS = qualitative.Plotly
_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "hexagon")


def _require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ParameterError(f"{what} must have the column {missing[0]!r} (got {', '.join(map(str, frame.columns))})")


def _colour(i: int) -> str:
    return _COLOURS[i % len(_COLOURS)]


def pareto_figure(table: pd.DataFrame, summary: pd.DataFrame, metric: str, *,
                  higher_is_better: bool = True) -> go.Figure:
    """Time against quality: one faint point per run, each setting's mean ± sd over seeds, the Pareto front.

    Parameters
    ----------
    table : pandas.DataFrame
        Per-run rows (``method``, ``dataset``, ``setting``, ``status``, ``seconds``, ``metric``).
    summary : pandas.DataFrame
        Per-setting rows with ``seconds_mean/sd`` and ``<metric>_mean/sd``.
    metric : str
        The quality metric (y axis).
    higher_is_better : bool
        Direction of the metric, for the front (dashed line per dataset: settings that no
        other is both faster and better than).

    Raises
    ------
    ParameterError
        If a needed column is missing.
    """
    _require(table, ["method", "dataset", "setting", "status", "seconds", metric], "the runs table")
    _require(summary, ["method", "setting", "dataset", "seconds_mean", "seconds_sd", f"{metric}_mean", f"{metric}_sd"],
             "the summary")
    fig = go.Figure()
    methods = list(dict.fromkeys(table["method"]))
    datasets = list(dict.fromkeys(summary["dataset"]))
    ok = table[table["status"] == "ok"]
    for m, method in enumerate(methods):
        runs = ok[ok["method"] == method]
        fig.add_trace(go.Scatter(
            x=runs["seconds"], y=pd.to_numeric(runs[metric], errors="coerce"), mode="markers", name=f"{method} runs",
            legendgroup=method, showlegend=False, opacity=0.35, marker={"size": 6, "color": _colour(m)},
            text=plotly_texts(f"{row.setting} on {row.dataset}, seed {row.seed}" if "seed" in runs else row.setting
                              for row in runs.itertuples()),
            hovertemplate="%{text}<br>%{x:.3g} s<br>" + metric + " %{y:.4g}<extra></extra>"))
        for d, dataset in enumerate(datasets):
            rows = summary[(summary["method"] == method) & (summary["dataset"] == dataset)]
            if rows.empty:
                continue
            fig.add_trace(go.Scatter(
                x=rows["seconds_mean"], y=rows[f"{metric}_mean"], mode="markers", name=plotly_text(f"{method} · {dataset}"),
                legendgroup=method, marker={"size": 11, "color": _colour(m), "symbol": _SYMBOLS[d % len(_SYMBOLS)],
                                            "line": {"width": 1, "color": "white"}},
                error_x={"type": "data", "array": rows["seconds_sd"], "thickness": 1},
                error_y={"type": "data", "array": rows[f"{metric}_sd"], "thickness": 1},
                text=plotly_texts(f"{row.setting} on {row.dataset} (n={row.n})" for row in rows.itertuples()),
                hovertemplate="%{text}<br>%{x:.3g} s (mean)<br>" + metric + " %{y:.4g} (mean)<extra></extra>"))
    for dataset in datasets:
        rows = summary[summary["dataset"] == dataset].reset_index(drop=True)
        front = pareto_front(rows["seconds_mean"].tolist(), rows[f"{metric}_mean"].tolist(),
                             higher_is_better=higher_is_better)
        if len(front) > 1:
            fig.add_trace(go.Scatter(x=rows.loc[front, "seconds_mean"], y=rows.loc[front, f"{metric}_mean"],
                                     mode="lines", line={"dash": "dash", "color": "grey", "width": 1},
                                     name=plotly_text(f"Pareto front · {dataset}"), hoverinfo="skip"))
    fig.update_layout(xaxis_title="seconds per run (log)", yaxis_title=metric, xaxis_type="log",
                      margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"groupclick": "togglegroup"},
                      title=f"Time vs {metric} ({'higher' if higher_is_better else 'lower'} is better)")
    return fig


def parameter_curve_figure(summary: pd.DataFrame, param: str, metric: str) -> go.Figure:
    """A metric's mean over seeds against a numeric parameter, with a ± sd band, per method and dataset.

    Raises
    ------
    ParameterError
        If ``param`` or the metric's columns are missing, or no setting has a numeric value of ``param``.
    """
    column = f"param.{param}"
    _require(summary, ["method", "dataset", column, f"{metric}_mean", f"{metric}_sd"], "the summary")
    values = pd.to_numeric(summary[column], errors="coerce")
    if values.isna().all():
        raise ParameterError(f"param must be a numeric parameter of the grid's settings (got {param!r})")
    frame = summary.assign(_x=values).dropna(subset=["_x"])
    fig = go.Figure()
    for i, ((method, dataset), rows) in enumerate(frame.groupby(["method", "dataset"], sort=False)):
        rows = rows.sort_values("_x")
        mean, sd = rows[f"{metric}_mean"].to_numpy(float), rows[f"{metric}_sd"].to_numpy(float)
        colour = _colour(i)
        fig.add_trace(go.Scatter(
            x=np.concatenate([rows["_x"], rows["_x"][::-1]]), y=np.concatenate([mean + sd, (mean - sd)[::-1]]),
            fill="toself", fillcolor=colour, opacity=0.2, line={"width": 0}, hoverinfo="skip", showlegend=False,
            legendgroup=f"{method}{dataset}"))
        fig.add_trace(go.Scatter(x=rows["_x"], y=mean, mode="lines+markers", name=plotly_text(f"{method} · {dataset}"),
                                 line={"color": colour}, legendgroup=f"{method}{dataset}",
                                 hovertemplate=param + " %{x:.4g}<br>" + metric + " %{y:.4g}<extra></extra>"))
    fig.update_layout(xaxis_title=param, yaxis_title=f"{metric} (mean ± sd over seeds)",
                      margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=f"{param} vs {metric}")
    return fig


def grouped_bars_figure(summary: pd.DataFrame, metric: str) -> go.Figure:
    """One group of bars per dataset, one bar per setting: the metric's mean with ± sd error bars.

    Raises
    ------
    ParameterError
        If the metric's columns are missing.
    """
    _require(summary, ["dataset", "setting", f"{metric}_mean", f"{metric}_sd"], "the summary")
    fig = go.Figure()
    for i, (setting, rows) in enumerate(summary.groupby("setting", sort=False)):
        fig.add_trace(go.Bar(x=plotly_texts(rows["dataset"]), y=rows[f"{metric}_mean"], name=plotly_text(setting),
                             marker_color=_colour(i), error_y={"type": "data", "array": rows[f"{metric}_sd"]},
                             hovertemplate="%{x}<br>" + metric + " %{y:.4g}<extra>" + plotly_text(setting) + "</extra>"))
    fig.update_layout(barmode="group", xaxis_title="dataset", yaxis_title=f"{metric} (mean ± sd over seeds)",
                      margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=f"{metric} per dataset")
    return fig
