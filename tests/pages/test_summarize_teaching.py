"""AppTest of the Summarize page's teaching aids: the "Show me" demo and links that reopen a view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.demos import demo

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("clear_streamlit_caches")


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.main if getattr(e, "type", "") == "plotly_chart"]


def test_show_me_runs_the_demo_with_its_narrative_and_figures():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.switch_page("pages/summarize.py").run()
    at.button(key="summarize.show_me").click().run()
    assert not at.exception
    assert [i.value for i in at.info] == [demo("summarize").narrative]
    figures = _figures(at)
    assert figures[0]["layout"]["title"]["text"].startswith("Size against reconstruction error")
    assert len(figures[0]["data"][0]["x"]) == 3  # the three budgets
    assert figures[1]["layout"]["title"]["text"].startswith("Summary graph")
    assert sum("What am I looking at?" in e.label for e in at.expander) >= 2


def test_a_link_reopens_the_same_view(open_page, link_of):
    at = open_page("pages/summarize.py", timeout=300)
    at.selectbox(key="summarize.dataset").set_value("les_miserables")
    at.number_input(key="summarize.ssumm.ratio").set_value(0.4)
    at.number_input(key="summarize.seed").set_value(3)
    at.button(key="summarize.run").click().run()
    assert not at.exception
    link = link_of(at)
    assert link["dataset"] == "les_miserables" and link["method"] == "ssumm"
    assert float(link["ratio"]) == 0.4 and link["seed"] == "3"
    re1 = at.metric[3].value

    again = open_page("pages/summarize.py", link, timeout=300)
    assert not again.exception
    assert again.selectbox(key="summarize.dataset").value == "les_miserables"
    assert again.number_input(key="summarize.ssumm.ratio").value == 0.4
    assert again.number_input(key="summarize.seed").value == 3
    assert again.metric[3].value == re1  # the same run is shown, without pressing Summarize
