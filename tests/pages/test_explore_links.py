"""AppTest of the Explore page's shareable view (state -> URL -> a new session -> the same state) and of
its teaching findings: the Louvain legend, explained figures, a re-uploaded file's name in the title."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import canvas_payloads

pytestmark = pytest.mark.usefixtures("clear_streamlit_caches")


@pytest.fixture
def open_explore(open_page):
    """Explore opened in a new session from a link (none: the defaults), run once without an exception."""
    def opened(link: dict[str, str] | None = None) -> AppTest:
        at = open_page("pages/explore.py", link)
        assert not at.exception
        return at
    return opened


def _drawing(at: AppTest) -> dict:
    (payload,) = canvas_payloads(at, "explore.figure")
    return payload["figure"]


STATE = {  # widget key -> value
    "explore.view": "Ego network",
    "explore.ego_node": "0",
    "explore.ego_depth": 2,
    "explore.layout": "spectral",
    "explore.seed": 3,
    "explore.color": "pagerank",
    "explore.size": "core_number",
    "explore.search": "5",
}


def test_explore_view_round_trips_through_the_url(open_explore, link_of):
    at = open_explore()
    at.selectbox(key="explore.dataset").set_value("karate_club").run()
    at.radio(key="explore.view").set_value("Ego network").run()
    at.text_input(key="explore.ego_node").set_value("0")
    at.slider(key="explore.ego_depth").set_value(2)
    at.selectbox(key="explore.layout").set_value("spectral")
    at.number_input(key="explore.seed").set_value(3)
    at.selectbox(key="explore.color").set_value("pagerank")
    at.selectbox(key="explore.size").set_value("core_number")
    at.text_input(key="explore.search").set_value("5").run()
    assert not at.exception
    link = link_of(at)
    assert link == {"dataset": "karate_club", "view": "Ego network", "node": "0", "depth": "2", "layout": "spectral",
                    "seed": "3", "color": "pagerank", "size": "core_number", "search": "5"}
    (code,) = [c.value for c in at.code if "dataset=karate_club" in c.value]  # the "Copy link" box
    address, query = code.split("?")
    assert address.endswith("explore") and dict(parse_qsl(query)) == link
    before = _drawing(at)

    again = open_explore(link)
    assert again.selectbox(key="explore.dataset").value == "karate_club"
    for key, value in STATE.items():
        assert again.session_state[key] == value, key
    after = _drawing(again)
    assert after["layout"]["title"]["text"] == before["layout"]["title"]["text"]
    assert after["data"][1]["x"] == before["data"][1]["x"]  # same view, layout and seed: same drawing
    assert [t["name"] for t in after["data"]][-1] == "highlighted"  # the searched node
    assert not [c for c in again.caption if c.value.startswith("Ignored")]
    assert link_of(again) == link


def test_explore_bad_link_values_are_ignored_quietly(open_explore):
    at = open_explore({"dataset": "karate_club", "layout": "nope", "color": "<img src=x>", "depth": "9", "zoom": "1"})
    assert not at.error
    assert at.selectbox(key="explore.dataset").value == "karate_club"  # the good value is kept
    assert at.selectbox(key="explore.layout").value == "auto"
    assert at.selectbox(key="explore.color").value == "louvain"
    notes = " ".join(c.value for c in at.caption if c.value.startswith("Ignored from the link"))
    for text in ("layout=nope", "color=\\<img src=x\\>", "depth=9", "zoom (not a setting of this page)"):
        assert text in notes.replace("\\(", "(").replace("\\)", ")")


def test_explore_figures_are_explained_and_louvain_has_a_legend(open_explore):
    at = open_explore()
    legend = [t["name"] for t in _drawing(at)["data"] if t.get("showlegend")]
    assert legend and legend[0].startswith("louvain ") and legend[0].endswith(" nodes)")
    assert sum(e.label == "What am I looking at?" for e in at.expander) == 2  # the drawing and the CCDF
    (ccdf,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.key == "explore.ccdf"]
    assert ccdf["layout"]["yaxis"]["tickformat"].endswith("%")
    assert ccdf["layout"]["xaxis"]["title"]["text"] and ccdf["layout"]["yaxis"]["title"]["text"]


def test_explore_reupload_under_a_new_name_retitles_the_view(open_explore, link_of):
    data = b"source,target\na,b\nb,c\nc,a\nd,e\n"
    at = open_explore()
    at.radio(key="explore.source").set_value("Upload a file").run()
    at.file_uploader(key="explore.upload").set_value(("first.csv", data, "text/csv")).run()
    at.radio(key="explore.view").set_value("Largest component").run()
    assert "first.csv" in _drawing(at)["layout"]["title"]["text"]
    at.file_uploader(key="explore.upload").set_value(("second.csv", data, "text/csv")).run()
    assert not at.exception
    title = _drawing(at)["layout"]["title"]["text"]
    assert "second.csv" in title and "first.csv" not in title
    assert "dataset" not in link_of(at)  # an upload is not part of the link, and the page says so
    assert any("Only a built-in dataset travels in the link" in c.value for c in at.caption)
