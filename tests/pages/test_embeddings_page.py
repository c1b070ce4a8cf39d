"""AppTest of pages/embeddings.py: two methods on karate club, charts, registry, per-node view, bad input."""

from __future__ import annotations

import re
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]



def _shown(value: str) -> str:
    """What the user reads: the markdown escapes of pages._shared.plain removed."""
    return re.sub(r"\\(.)", r"\1", value)

def _figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.main if getattr(e, "type", "") == "plotly_chart"]


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_embeddings_page_runs_two_methods_side_by_side():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/embeddings.py").run()
    assert not at.exception
    at.selectbox(key="embeddings.dataset").set_value("karate_club").run()
    at.multiselect(key="embeddings.methods").set_value(["fastrp", "laplacian"])
    at.number_input(key="embeddings.dim").set_value(8)
    at.button(key="embeddings.run").click().run()
    assert not at.exception
    assert not at.error
    table = at.dataframe[0].value
    assert list(table.index) == ["FastRP", "Laplacian eigenmaps"]
    assert ((table["map@1"] > 0) & (table["map@1"] <= 1)).all()
    assert "micro_f1" in table.columns  # karate club has labels
    figures = _figures(at)
    titles = [f["layout"]["title"]["text"] for f in figures]
    assert titles[0].startswith("Reconstruction of the k-hop")
    assert [t["name"] for t in figures[0]["data"]] == ["FastRP", "Laplacian eigenmaps"]
    assert any(t == "Node classification (logistic regression)" for t in titles)
    projections = [f for f in figures if "PCA" in f["layout"]["title"]["text"]]
    assert len(projections) == 2 and {t["name"] for t in projections[0]["data"]} == {"Mr. Hi", "Officer"}
    node_view = figures[-1]
    assert node_view["layout"]["title"]["text"].startswith("Node 0: 16 true neighbours")
    from engine.runs import RunRegistry

    runs = RunRegistry().list(capability="embedding")
    assert sorted(run.method for run in runs) == ["fastrp", "laplacian"]
    assert all(run.owner.startswith("session-") and run.seed == 1 and run.params["dim"] == 8 for run in runs)
    assert runs[0].metrics["map@1"] == pytest.approx(float(table.loc[{"fastrp": "FastRP", "laplacian": "Laplacian eigenmaps"}[runs[0].method], "map@1"]))
    # another node and 2 hops: served from the cache, no new run
    at.slider(key="embeddings.hops").set_value(2).run()
    assert not at.exception
    assert "within 2 hop(s)" in _figures(at)[-1]["layout"]["title"]["text"]
    assert len(RunRegistry().list(capability="embedding")) == 2


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_embeddings_page_shows_parameter_errors():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/embeddings.py").run()
    at.selectbox(key="embeddings.dataset").set_value("florentine_families").run()
    at.multiselect(key="embeddings.methods").set_value(["laplacian"])
    at.number_input(key="embeddings.dim").set_value(40)
    at.button(key="embeddings.run").click().run()
    assert not at.exception
    assert "dim must be <= 14" in _shown(at.error[0].value)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_embeddings_page_without_labels_colours_by_community():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/embeddings.py").run()
    at.selectbox(key="embeddings.dataset").set_value("les_miserables").run()
    at.multiselect(key="embeddings.methods").set_value(["fastrp"])
    at.number_input(key="embeddings.dim").set_value(8)
    at.button(key="embeddings.run").click().run()
    assert not at.exception
    assert "no node attribute 'label'" in at.info[0].value
    assert "micro_f1" not in at.dataframe[0].value.columns
    projection = next(f for f in _figures(at) if "PCA" in f["layout"]["title"]["text"])
    assert projection["layout"]["legend"]["title"]["text"] == "Louvain community"
    assert len(projection["data"]) >= 2


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_embeddings_show_me_demo_draws_explained_figures(monkeypatch):
    """The page's demo code on a small preset (the shipped one, on Twitch England, is walked in tests/e2e)."""
    from engine import demos

    small = demos.Demo("embeddings", "FastRP against node2vec on the karate club", "karate_club", (
        demos.DemoRun("fastrp", (("dim", 8),)),
        demos.DemoRun("node2vec", (("dim", 8), ("walks_per_node", 2), ("walk_length", 10)))),
        "FastRP is fast. node2vec walks. Compare the bars.")
    monkeypatch.setitem(demos.DEMOS, "embeddings", small)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.switch_page("pages/embeddings.py").run()
    at.button(key="embeddings.show_me").click().run()
    assert not at.exception and not at.error
    assert small.narrative in [info.value for info in at.info]
    titles = [f["layout"]["title"]["text"] for f in _figures(at)]
    assert titles[:2] == ["Reconstruction of the k-hop neighbourhood (mAP)", "mAP over hops"]
    assert "Node classification (logistic regression)" in titles and any(t.startswith("Cost of") for t in titles)
    assert sum("(PCA)" in t for t in titles) == 2
    assert sum(e.label == "What am I looking at?" for e in at.expander) == len(titles)
    assert any(e.label == "What do these numbers mean?" for e in at.expander)
    quality = at.dataframe[0].value
    assert list(quality.index) == ["FastRP", "node2vec"] and "map@1" in quality.columns
    assert any(c.startswith("precision@") for c in at.dataframe[1].value.columns)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_embeddings_link_reopens_the_same_runs(open_page, link_of):
    at = open_page("pages/embeddings.py")
    at.selectbox(key="embeddings.dataset").set_value("karate_club").run()
    at.multiselect(key="embeddings.methods").set_value(["laplacian", "deepwalk"])
    at.number_input(key="embeddings.dim").set_value(6)
    at.number_input(key="embeddings.deepwalk.walks_per_node").set_value(2)
    at.number_input(key="embeddings.seed").set_value(5)
    at.button(key="embeddings.run").click().run()
    assert not at.exception
    link = link_of(at)
    assert link["dataset"] == "karate_club" and link["methods"] == "laplacian,deepwalk"
    assert (link["dim"], link["seed"], link["deepwalk.walks_per_node"]) == ("6", "5", "2")
    assert "node2vec.p" not in link  # only the shown methods' parameters
    table = at.dataframe[0].value

    again = open_page("pages/embeddings.py", link)
    assert not again.exception
    assert again.multiselect(key="embeddings.methods").value == ["laplacian", "deepwalk"]
    assert again.number_input(key="embeddings.deepwalk.walks_per_node").value == 2
    assert again.number_input(key="embeddings.seed").value == 5
    pd_testing = pytest.importorskip("pandas.testing")
    pd_testing.assert_frame_equal(again.dataframe[0].value, table)  # the same runs, shown without pressing the button
