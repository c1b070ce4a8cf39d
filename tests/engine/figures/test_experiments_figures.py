"""Figures of a grid: Pareto plot, parameter curve, grouped bars; the per-setting summary behind them."""

from __future__ import annotations

import pytest

from engine.errors import ParameterError
from engine.experiments import pareto_front, runs_table, setting_summary
from engine.figures.experiments import grouped_bars_figure, parameter_curve_figure, pareto_figure
from engine.runs import Run


def _run(method: str, dataset: str, seed: int, seconds: float, params: dict, **metrics) -> Run:
    return Run(id=seed, capability="summarization", method=method, params=params, dataset=dataset, fingerprint="f",
               metrics=metrics, seconds=seconds, peak_bytes=0, created="", seed=seed)


@pytest.fixture
def runs() -> list[Run]:
    """SSumM at two ratios and SLUGGER, two seeds, on one graph; one failed run."""
    out = []
    for seed in (1, 2):
        out.append(_run("ssumm", "g", seed, 1.0 + seed, {"ratio": 0.1, "error": "re1"}, re1=0.5 + 0.1 * seed))
        out.append(_run("ssumm", "g", seed, 3.0 + seed, {"ratio": 0.5, "error": "re1"}, re1=0.2 + 0.1 * seed))
        out.append(_run("slugger", "g", seed, 2.0, {"n_iterations": 20}, re1=0.0))
    failed = _run("ssumm", "g", 3, 0.1, {"ratio": 0.5, "error": "re1"})
    return out + [Run(**{**failed.__dict__, "status": "failed"})]


def test_runs_table_settings_name_varying_params_only(runs):
    table = runs_table(runs)
    assert list(dict.fromkeys(table["setting"])) == ["ssumm ratio=0.1", "ssumm ratio=0.5", "slugger"]


def test_setting_summary_mean_sd_over_seeds_ok_runs_only(runs):
    summary = setting_summary(runs_table(runs), ["re1"]).set_index("setting")
    assert summary.loc["ssumm ratio=0.5", "n"] == 2  # the failed run is left out
    assert summary.loc["ssumm ratio=0.1", "seconds_mean"] == pytest.approx(2.5)
    assert summary.loc["ssumm ratio=0.1", "re1_mean"] == pytest.approx(0.65)
    assert summary.loc["ssumm ratio=0.1", "re1_sd"] == pytest.approx(0.0707107, rel=1e-5)
    assert summary.loc["slugger", "re1_sd"] == 0.0 and summary.loc["ssumm ratio=0.5", "param.ratio"] == 0.5


def test_pareto_front_lower_is_better_and_ties():
    # times 2.5 (0.65), 4.5 (0.35), 2.0 (0.0): SLUGGER at 0.0 and 2 s dominates both
    assert pareto_front([2.5, 4.5, 2.0], [0.65, 0.35, 0.0], higher_is_better=False) == [2]
    assert pareto_front([1.0, 1.0, 2.0], [0.2, 0.4, 0.5]) == [1, 2]
    assert pareto_front([1.0, float("nan")], [0.2, 0.9]) == [0]


def test_pareto_figure_points_means_and_front(runs):
    table = runs_table(runs)
    summary = setting_summary(table, ["re1"])
    fig = pareto_figure(table, summary, "re1", higher_is_better=True)
    names = [trace.name for trace in fig.data]
    assert names == ["ssumm runs", "ssumm · g", "slugger runs", "slugger · g", "Pareto front · g"]
    assert len(fig.data[0].x) == 4  # ok runs only
    means = fig.data[1]
    assert list(means.x) == [2.5, 4.5] and list(means.error_y.array) == pytest.approx([0.0707107, 0.0707107], rel=1e-5)
    assert list(fig.data[-1].x) == [2.0, 2.5]  # higher re1 "better" here: slugger (0 at 2 s) then ratio 0.1
    assert fig.layout.xaxis.type == "log"
    with pytest.raises(ParameterError, match="must have the column 'f1'"):
        pareto_figure(table, summary, "f1")


def test_parameter_curve_and_grouped_bars(runs):
    summary = setting_summary(runs_table(runs), ["re1"])
    curve = parameter_curve_figure(summary, "ratio", "re1")
    band, line = curve.data
    assert list(line.x) == [0.1, 0.5] and list(line.y) == pytest.approx([0.65, 0.35])
    assert list(band.y) == pytest.approx([0.65 + 0.0707107, 0.35 + 0.0707107, 0.35 - 0.0707107, 0.65 - 0.0707107],
                                         rel=1e-5)
    bars = grouped_bars_figure(summary, "re1")
    assert [trace.name for trace in bars.data] == ["ssumm ratio=0.1", "ssumm ratio=0.5", "slugger"]
    assert [list(trace.x) for trace in bars.data] == [["g"]] * 3 and bars.layout.barmode == "group"
    with pytest.raises(ParameterError, match="must be a numeric parameter"):
        parameter_curve_figure(summary.assign(**{"param.ratio": None}), "ratio", "re1")
