"""AppTest of pages/summarize.py: SSumM and SLUGGER runs, expansion, sweep, registry and side-by-side view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _charts(at: AppTest) -> list:
    return [e for e in at.main if getattr(e, "type", "") == "plotly_chart"]


def _figure(chart) -> dict:
    return json.loads(chart.proto.spec)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_summarize_page_ssumm_then_slugger():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/summarize.py").run()
    assert not at.exception
    at.selectbox(key="summarize.dataset").set_value("karate_club")
    at.number_input(key="summarize.ssumm.ratio").set_value(0.5)
    at.button(key="summarize.run").click().run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[:5] == ["Size (bits)", "Supernodes", "Superedges", "RE1", "RE2"]
    assert 0 < float(at.metric[3].value) < 2 * 78 / (34 * 33)
    charts = _charts(at)
    assert len(charts) == 2
    assert "supernodes" in _figure(charts[0])["layout"]["title"]["text"]
    assert [t["type"] for t in _figure(charts[1])["data"]] == ["heatmap", "heatmap"]
    # expand the largest supernode into its members
    options = at.selectbox(key="summarize.expand").options
    largest = next(o for o in options if o != "none")
    at.selectbox(key="summarize.expand").select(largest).run()
    assert not at.exception
    names = [t.get("name", "") for t in _figure(_charts(at)[0])["data"]]
    assert any(name.startswith("member of supernode") for name in names)
    # the size-error curve with SLUGGER's lossless point
    at.toggle(key="summarize.sweep").set_value(True).run()
    assert not at.exception
    sweep = _figure(_charts(at)[2])
    assert [t["name"] for t in sweep["data"]] == ["SSumM summaries (RE1)", "SLUGGER (lossless; size in edges)",
                                               "empty summary's error"]
    assert len(sweep["data"][0]["x"]) == 7
    # SLUGGER
    at.radio(key="summarize.method").set_value("slugger").run()
    assert not at.exception
    assert at.metric[3].label == "RE1"  # nothing runs until Summarize is pressed
    at.button(key="summarize.run").click().run()
    assert not at.exception
    assert [m.label for m in at.metric][:6] == ["Relative size", "|P+|", "|P−|", "|H|", "Leaf depth", "Lossless"]
    assert at.metric[5].value == "yes"
    charts = [_figure(c) for c in _charts(at)]
    assert [t["type"] for t in charts[0]["data"]] == ["bar"] * 4
    assert charts[1]["layout"]["title"]["text"].startswith("SLUGGER hierarchy")
    from engine.runs import RunRegistry

    runs = RunRegistry().list(capability="summarization")
    # ratio 0.5, then the sweep (0.5 again from the cache) and SLUGGER once (the sweep's point, then its own view)
    assert sorted(run.method for run in runs) == ["slugger"] + ["ssumm"] * 7
    assert len({run.owner for run in runs}) == 1 and runs[0].owner.startswith("session-")
    assert all(run.seed == 1 for run in runs)
    # two runs side by side from the registry
    table = at.dataframe[0].value
    assert table.shape[1] == 2
    assert set(table.loc["method"]) == {"ssumm", "slugger"}
    assert len(charts[2]["data"]) == 2  # both runs' per-iteration histories
