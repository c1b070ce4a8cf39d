"""AppTest of the scene-graph page: browse, statistics, a tiny training run recorded in the registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.runs import RunRegistry

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DATA = Path(__file__).resolve().parents[1] / "data" / "scenegraph"



def _shown(value: str) -> str:
    """What the user reads: the markdown escapes of pages._shared.plain removed."""
    return re.sub(r"\\(.)", r"\1", value)

def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("pages/scene_graphs.py").run()
    assert not at.exception
    return at


def _figures(at: AppTest) -> list[str]:
    return [element.proto.spec for element in at.get("plotly_chart")]


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_synthetic_data_browse_stats_and_tiny_training():
    at = _page()
    assert not at.exception
    at.number_input(key="scene_graphs.n_train").set_value(40).run()
    at.number_input(key="scene_graphs.n_test").set_value(20).run()
    assert any("Synthetic data" in info.value for info in at.info)
    assert at.metric[0].value == "60"  # graphs
    figures = _figures(at)
    assert len(figures) == 4  # scene, predicate graph, density, long tail
    assert all("(synthetic)" in spec for spec in figures)
    at.number_input(key="scene_graphs.baseline.epochs").set_value(1)
    at.number_input(key="scene_graphs.dnorm.epochs").set_value(1).run()
    at.button(key="scene_graphs.train").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.columns) == ["frequency", "baseline", "dnorm"]
    assert "zs_recall_ng@50" in table.index and ((table.fillna(0) >= 0) & (table.fillna(0) <= 1)).all().all()
    runs = RunRegistry().list(capability="scenegraph")
    assert sorted(run.method for run in runs) == ["baseline", "dnorm", "frequency"]
    assert all(run.owner.startswith("session-") and run.seed == 1 for run in runs)
    # a second click replays the cached runs (progress bars included): no error, no new run
    at.button(key="scene_graphs.train").click().run()
    assert not at.exception and not at.error
    assert len(RunRegistry().list(capability="scenegraph")) == 3
    assert all("synthetic" in run.dataset for run in runs)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_demo_graphs_and_bad_upload():
    at = _page()
    at.radio(key="scene_graphs.source").set_value("Shipped sg2im demo graphs").run()
    assert not at.exception and at.metric[0].value == "30"
    at.number_input(key="scene_graphs.graph").set_value(3).run()
    assert not at.exception
    at.radio(key="scene_graphs.source").set_value("Upload JSON").run()
    assert not at.exception
    at.file_uploader(key="scene_graphs.upload").set_value(("bad.json", b'{"a": [1,', "application/json")).run()
    assert not at.exception and "bad.json was not read: line 1: invalid JSON" in _shown(at.error[0].value)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_upload_vg_file_restricted_to_vg150():
    at = _page()
    at.radio(key="scene_graphs.source").set_value("Upload JSON").run()
    data = (DATA / "vg_scene_graphs.json").read_bytes()
    at.file_uploader(key="scene_graphs.upload").set_value(("vg.json", data, "application/json")).run()
    assert not at.exception and not at.error
    # sky and cloud are not VG150 classes, so image 2 goes: 1 graph, man/horse/hat, "riding" and "wearing"
    assert [m.value for m in at.metric[:3]] == ["1", "3", "2"]
    at = _page()
    at.radio(key="scene_graphs.source").set_value("Upload JSON").run()
    at.checkbox(key="scene_graphs.vg150").uncheck().run()
    at.file_uploader(key="scene_graphs.upload").set_value(("vg.json", data, "application/json")).run()
    assert not at.exception
    assert [m.value for m in at.metric[:3]] == ["2", "5", "3"]
