"""AppTest of the "Show me" demos of the Hypergraphs and Scene graphs pages: runs, figures, narrative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.demos import demo

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("clear_streamlit_caches")


def _titles(at: AppTest) -> list[str]:
    return [json.loads(e.proto.spec)["layout"]["title"]["text"] for e in at.main
            if getattr(e, "type", "") == "plotly_chart"]


@pytest.mark.parametrize("page, key, first_titles", [
    ("pages/hypergraphs.py", "hypergraphs", ["Reconstruction quality", "Recall by hyperedge size"]),
    ("pages/scene_graphs.py", "scene_graphs", ["Metrics side by side", "Per-predicate R@50"]),
])
def test_show_me_demo(page, key, first_titles):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.switch_page(page).run()
    assert not at.exception
    at.button(key=f"{key}.show_me").click().run()
    assert not at.exception
    assert demo(key).narrative in [i.value for i in at.info]
    titles = _titles(at)
    for expected, title in zip(first_titles, titles):
        assert title.startswith(expected)
    assert any("What am I looking at?" in e.label for e in at.expander)
    assert any("What do these numbers mean?" in e.label for e in at.expander)
