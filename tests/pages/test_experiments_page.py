"""AppTest of pages/experiments.py: grids picked, composed and uploaded; a composed grid run on Dask and charted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.runs import RunRegistry

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("clear_streamlit_caches")


def _open(timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.switch_page("pages/experiments.py").run()
    assert not at.exception
    return at


def test_experiments_shipped_grid_shows_its_task_count():
    at = _open()
    assert at.selectbox(key="experiments.shipped").value == "tiny_summaries"
    assert "12 tasks" in at.text[0].value
    at.selectbox(key="experiments.shipped").set_value("ssumm_size_error").run()
    assert not at.exception and "72 tasks" in at.text[0].value
    assert not at.get("plotly_chart")  # nothing run yet, nothing charted


def test_experiments_compose_counts_tasks():
    at = _open()
    at.radio(key="experiments.source").set_value("Compose").run()
    at.multiselect(key="experiments.datasets").set_value(["karate_club", "les_miserables"]).run()
    at.selectbox(key="experiments.param").set_value("ssumm.ratio").run()
    at.number_input(key="experiments.low").set_value(0.1)
    at.number_input(key="experiments.high").set_value(0.5)
    at.number_input(key="experiments.steps").set_value(5).run()
    at.slider(key="experiments.seeds").set_value(2).run()
    assert not at.exception
    assert "20 tasks" in at.text[0].value  # 5 ratios × 2 datasets × 2 seeds
    assert "ratio = [0.1, 0.2, 0.30000000000000004, 0.4, 0.5]" in at.code[0].value or "ratio = [0.1" in at.code[0].value


def test_experiments_bad_upload_is_one_line_error():
    at = _open()
    at.radio(key="experiments.source").set_value("Upload TOML").run()
    at.file_uploader(key="experiments.upload").set_value(
        ("grid.toml", b'datasets = ["karate_club"]\nseeds = [1]\n[methods.ssumm]\nratio = [0.5, 7]\n',
         "application/toml")).run()
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error]  # guard escapes markdown in user strings
    assert shown == ["methods.ssumm.ratio: ratio must be in [0.001, 0.99] (got 7.0)"]


@pytest.mark.xdist_group("dask")
def test_experiments_runs_a_grid_and_charts_it():
    at = _open(timeout=400)
    at.radio(key="experiments.source").set_value("Compose").run()
    at.selectbox(key="experiments.param").set_value("ssumm.ratio").run()
    at.number_input(key="experiments.low").set_value(0.2)
    at.number_input(key="experiments.high").set_value(0.6)
    at.number_input(key="experiments.steps").set_value(2)
    at.slider(key="experiments.seeds").set_value(2).run()
    assert "4 tasks" in at.text[0].value
    at.button(key="experiments.run").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    runs = RunRegistry().list()
    assert len(runs) == 4 and {run.status for run in runs} == {"ok"} and len({run.grid_id for run in runs}) == 1
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(charts) == 3  # Pareto plot, ratio curve, grouped bars
    assert charts[0]["layout"]["xaxis"]["type"] == "log"
    assert at.selectbox(key="experiments.metric").value == "re1"  # SSumM's error, offered first
    assert at.selectbox(key="experiments.curve_param").value == "ratio"
    table = at.dataframe[-1].value
    assert len(table) == 4 and set(table["setting"]) == {"ssumm ratio=0.2", "ssumm ratio=0.6"}
    # Reopened from the registry: the same pictures.
    at.radio(key="experiments.source").set_value("Reopen a past grid").run()
    assert not at.exception and len(at.get("plotly_chart")) == 3
