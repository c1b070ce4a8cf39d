"""AppTest of pages/compare.py: runs from a temporary registry side by side, filtered, charted, deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.runs import RunRegistry

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("clear_streamlit_caches")


def _open() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    return at


def _record(registry: RunRegistry) -> list[int]:
    """Three runs in the per-test registry (GRAPHLENS_HOME is isolated by tests/conftest.py)."""
    common = {"fingerprint": "f", "peak_bytes": 2**20}
    return [
        registry.record("pagerank", {"seed": 0}, dataset="karate_club", metrics={"mean": 0.03}, seconds=0.1,
                        capability="graphs", **common),
        registry.record("louvain", {"seed": 1}, dataset="karate_club", metrics={"modularity": 0.42,
                        "n_communities": 4}, seconds=0.2, capability="graphs", **common),
        registry.record("ssumm", {"ratio": 0.5}, dataset="karate_club", metrics={"re1": 0.07}, seconds=0.3,
                        capability="summarization", **common),
    ]


def test_compare_without_runs_says_so():
    at = _open()
    assert "No runs recorded yet" in at.info[0].value


def test_compare_lists_runs_side_by_side_with_bar_charts():
    ids = _record(RunRegistry())
    at = _open()
    labels = at.multiselect(key="compare.runs").value
    assert labels == [f"#{ids[2]} ssumm on karate_club", f"#{ids[1]} louvain on karate_club",
                      f"#{ids[0]} pagerank on karate_club"]
    table = at.dataframe[0].value
    assert list(table.columns) == labels
    assert table.loc["modularity", labels[1]] == "0.42" and table.loc["param.ratio", labels[0]] == "0.5"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    titles = [a["text"] for a in chart["layout"]["annotations"]]
    assert titles == at.multiselect(key="compare.metrics").value
    assert "modularity" in titles and all(trace["type"] == "bar" for trace in chart["data"])
    modularity = chart["data"][titles.index("modularity")]
    assert modularity["x"] == [f"#{ids[1]}"] and modularity["text"] == [labels[1]]  # only Louvain has one


def test_compare_filters_by_capability():
    _record(RunRegistry())
    at = _open()
    assert at.selectbox(key="compare.capability").options == ["all", "graphs", "summarization"]
    at.selectbox(key="compare.capability").set_value("summarization").run()
    assert not at.exception
    assert [label.split(" ", 1)[1] for label in at.multiselect(key="compare.runs").options] == ["ssumm on karate_club"]


def test_compare_deletes_a_run():
    ids = _record(RunRegistry())
    at = _open()
    at.selectbox(key="compare.delete_choice").set_value(f"#{ids[1]} louvain on karate_club")
    at.button(key="compare.delete").click().run()
    assert not at.exception
    assert sorted(run.id for run in RunRegistry().list()) == [ids[0], ids[2]]
    assert f"#{ids[1]} louvain on karate_club" not in at.multiselect(key="compare.runs").options
