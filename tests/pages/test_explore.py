"""AppTest of pages/explore.py: default drawing, datasets, views, search, bad uploads, big graphs, runs."""

from __future__ import annotations

import re
import json
from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import canvas_payloads

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
#: Extensions the page's uploader accepts (others are renamed: the browser would not offer them).
ACCEPTED = {".csv", ".tsv", ".txt", ".graphml", ".gexf", ".gml", ".json", ".mtx", ".gz"}

pytestmark = pytest.mark.usefixtures("clear_streamlit_caches")



def _shown(value: str) -> str:
    """What the user reads: the markdown escapes of pages._shared.plain removed."""
    return re.sub(r"\\(.)", r"\1", value)

def _figures(at: AppTest) -> list[dict]:
    """Plotly charts and the drawing component's figure."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")] + [
        payload["figure"] for payload in canvas_payloads(at)]


def _network(at: AppTest) -> dict:
    networks = [f for f in _figures(at) if f["data"] and f["data"][0].get("name") == "edges"]
    assert len(networks) == 1, "expected exactly one network figure"
    return networks[0]


def _drawing(at: AppTest) -> dict:
    drawings = [f for f in _figures(at) if any(t.get("name") == "nodes" for t in f["data"])]
    assert len(drawings) == 1, "expected exactly one network drawing"
    return drawings[0]


def _traces(figure: dict) -> list[str]:
    """The drawing's traces, without the colour legend's point-less entries."""
    return [t["name"] for t in figure["data"] if t["name"] in ("edges", "nodes", "highlighted")]


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _open() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/explore.py").run()
    assert not at.exception
    return at


def test_explore_opens_on_les_miserables_drawn():
    at = _open()
    assert (_metric(at, "Nodes"), _metric(at, "Edges"), _metric(at, "Components")) == ("77", "254", "1")
    assert _metric(at, "Density") == "0.0868"
    network = _network(at)
    names = [trace["name"] for trace in network["data"]]
    assert names[:2] == ["edges", "nodes"]
    assert names[2:] and all(name.startswith("louvain ") for name in names[2:])  # the communities' legend
    assert network["data"][0]["type"] == "scatter"  # 331 elements: SVG, not WebGL
    assert "les_miserables: 77 nodes, 254 edges" in network["layout"]["title"]["text"]
    # coloured by Louvain community (a stepped scale) and sized by degree
    marker = network["data"][1]["marker"]
    assert marker["cmin"] == -0.5 and marker["cmax"] >= 3.5
    assert len(at.get("download_button")) == 3


def test_explore_switching_dataset_and_back():
    at = _open()
    at.selectbox(key="explore.dataset").set_value("karate_club").run()
    assert not at.exception
    assert (_metric(at, "Nodes"), _metric(at, "Edges")) == ("34", "78")
    assert "label" in at.selectbox(key="explore.color").options  # the faction attribute
    network = _network(at)
    assert "karate_club" in network["layout"]["title"]["text"]
    assert "<br>label: %{customdata" in network["data"][1]["hovertemplate"]  # attributes on hover
    at.selectbox(key="explore.color").set_value("label").run()
    assert not at.exception
    at.selectbox(key="explore.dataset").set_value("les_miserables").run()
    assert not at.exception
    assert _metric(at, "Nodes") == "77"
    # Switching back hits the caches: the Louvain colours were computed (and recorded) once; the summary is a
    # description, not a run.
    from engine.runs import RunRegistry

    runs = RunRegistry().list(capability="graphs")
    assert sorted(run.method for run in runs if run.dataset == "les_miserables") == ["degree", "louvain"]


def test_explore_views_layout_search_and_metrics():
    at = _open()
    at.selectbox(key="explore.layout").set_value("circular").run()
    at.selectbox(key="explore.color").set_value("pagerank").run()
    assert not at.exception
    assert _network(at)["data"][1]["marker"]["showscale"] is True
    at.text_input(key="explore.search").set_value("Javert").run()
    assert _traces(_network(at)) == ["edges", "nodes", "highlighted"]
    at.radio(key="explore.view").set_value("Ego network").run()
    at.text_input(key="explore.ego_node").set_value("Valjean").run()
    assert not at.exception and not at.error
    assert "ego Valjean, depth 1): 37 nodes" in _network(at)["layout"]["title"]["text"]
    at.slider(key="explore.ego_depth").set_value(2).run()
    assert "depth 2" in _network(at)["layout"]["title"]["text"]
    at.text_input(key="explore.ego_node").set_value("Nobody").run()
    assert [_shown(e.value) for e in at.error] == ["no node with id 'Nobody' in les_miserables"]
    at.radio(key="explore.view").set_value("Degree filter").run()
    at.number_input(key="explore.min_degree").set_value(10).run()
    assert not at.exception
    assert "(degree 10..inf): 22 nodes" in _network(at)["layout"]["title"]["text"]
    at.number_input(key="explore.min_degree").set_value(99).run()
    assert not at.exception
    assert "no node has degree in [99, inf]" in _shown(at.error[0].value)


def _cases() -> list[dict]:
    if not BAD.is_dir():
        return [{"file": None, "message": "expected 2 or 3 columns, got 1"}]
    return json.loads((BAD / "cases.json").read_text())


def test_explore_every_bad_upload_shows_error_and_keeps_graph(monkeypatch):
    import pages._shared as shared
    from engine.io import read_graph

    at = _open()
    at.radio(key="explore.source").set_value("Upload a file").run()
    for case in _cases():
        if case["file"] is None:
            name, data = "inline.csv", b"a,b\nc\n"
        else:
            name, data = case["file"], (BAD / case["file"]).read_bytes()
            if Path(name).suffix not in ACCEPTED:
                name += ".txt"
        # A file that is bad only under a smaller edge cap gets that cap.
        monkeypatch.setattr(shared, "read_graph", partial(read_graph, max_edges=case.get("max_edges", 2_000_000)))
        at.file_uploader(key="explore.upload").set_value((name, data, "application/octet-stream")).run()
        assert not at.exception, name
        assert len(at.error) == 1 and case["message"] in _shown(at.error[0].value), (name, [e.value for e in at.error])
        assert _metric(at, "Nodes") == "77", name  # les_miserables stays loaded and drawn
        assert _network(at)["data"][1]["name"] == "nodes"


def test_explore_good_upload_replaces_graph():
    at = _open()
    at.radio(key="explore.source").set_value("Upload a file").run()
    at.file_uploader(key="explore.upload").set_value(("triangle.csv", b"source,target\na,b\nb,c\nc,a\n", "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert (_metric(at, "Nodes"), _metric(at, "Avg. clustering")) == ("3", "1.000")
    assert _metric(at, "Assortativity") == "undefined"


def test_explore_graph_above_ten_thousand_nodes_is_drawn_whole_with_an_edge_image():
    n = 10_050  # a path: above the old drawing limit, drawn whole now
    data = "\n".join(f"{i} {i + 1}" for i in range(n - 1)).encode()
    at = _open()
    at.radio(key="explore.source").set_value("Upload a file").run()
    at.file_uploader(key="explore.upload").set_value(("long_path.txt", data, "text/plain")).run()
    assert not at.exception
    assert _metric(at, "Nodes") == "10,050"
    assert _metric(at, "Density") == "0.000199"  # 3 significant digits, not 0.0002
    assert at.radio(key="explore.view").value == "Whole graph"
    figure = _drawing(at)
    assert _traces(figure) == ["nodes"]  # no line trace: the edges are an image
    assert figure["data"][0]["type"] == "scattergl"
    (payload,) = canvas_payloads(at)
    reference = figure["layout"]["images"][0]["source"]  # the browser caches the image under its id
    assert reference.startswith("graphlens-image:")
    assert payload["images"][reference.removeprefix("graphlens-image:")].startswith("data:image/png;base64,")
    assert "10,050 nodes, 10,049 edges" in figure["layout"]["title"]["text"]
    # a colour change redraws the markers in the mounted drawing and does not resend the edge image
    at.selectbox(key="explore.color").set_value("degree").run()
    assert not at.exception
    (payload,) = canvas_payloads(at)
    assert payload["images"] == {}
    assert payload["figure"]["layout"]["images"][0]["source"] == reference
    assert payload["figure"]["data"][0]["marker"]["colorbar"]["title"]["text"] == "degree"
    # another layout moves the nodes: new geometry, new image, sent
    at.selectbox(key="explore.layout").set_value("circular").run()
    assert not at.exception
    (moved,) = canvas_payloads(at)
    assert moved["geometry"] != payload["geometry"] and len(moved["images"]) == 1
    assert moved["figure"]["layout"]["images"][0]["source"] != reference


def test_explore_search_miss_keeps_the_drawing_and_says_so():
    at = _open()
    at.text_input(key="explore.search").set_value("Nobody").run()
    assert not at.exception and not at.error
    assert [w.value for w in at.warning] == ["No node with id 'Nobody' in this view; the drawing is unchanged."]
    assert _traces(_network(at)) == ["edges", "nodes"]
    at.text_input(key="explore.search").set_value("Valjean").run()
    assert not at.exception and not at.warning
    assert _traces(_network(at)) == ["edges", "nodes", "highlighted"]


def _deltas(monkeypatch) -> list:
    """Record every delta message of the following runs (AppTest parses and drops them)."""
    import streamlit.testing.v1.local_script_runner as runner

    seen: list = []
    parse = runner.parse_tree_from_messages

    def recording(messages):
        seen.extend(m for m in messages if m.HasField("delta"))
        return parse(messages)

    monkeypatch.setattr(runner, "parse_tree_from_messages", recording)
    return seen


def test_explore_drawing_controls_are_a_fragment_and_the_summary_is_not(monkeypatch):
    """A widget inside an st.fragment reruns only that fragment: the colour control and the drawing are
    in it; the statistics and the degree distribution are outside, so a colour change does not resend them."""
    at = _open()
    deltas = _deltas(monkeypatch)
    at.selectbox(key="explore.color").set_value("pagerank").run()
    assert not at.exception
    fragment_of: dict[str, set] = {}
    for message in deltas:
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        name = kind
        if kind == "selectbox":
            name = f"selectbox:{element.selectbox.label}"
        elif kind == "plotly_chart":
            name = "ccdf"
        elif kind == "bidi_component":
            name = "network"
        elif kind == "metric":
            name = f"metric:{element.metric.label}"
        fragment_of.setdefault(name, set()).add(message.delta.fragment_id)
    assert fragment_of["selectbox:Colour by"] == fragment_of["network"] != {""}
    assert fragment_of["metric:Nodes"] == fragment_of["ccdf"] == {""}
    assert fragment_of["selectbox:Dataset"] == {""}
    assert _network(at)["data"][1]["marker"]["showscale"] is True


def test_explore_lists_local_datasets_and_opens_one(tmp_path, monkeypatch):
    (tmp_path / "square.csv").write_text("source,target\na,b\nb,c\nc,d\nd,a\n")
    (tmp_path / "notes.md").write_text("not a graph")
    monkeypatch.setenv("GRAPHLENS_DATA_DIR", str(tmp_path))
    at = _open()
    options = at.selectbox(key="explore.dataset").options
    assert "square.csv (local file)" in options and not any("notes" in o for o in options)
    at.selectbox(key="explore.dataset").set_value("local:square.csv").run()
    assert not at.exception
    assert (_metric(at, "Nodes"), _metric(at, "Edges")) == ("4", "4")


def test_explore_records_metric_runs():
    from engine.runs import RunRegistry

    _open()
    runs = RunRegistry().list(capability="graphs")
    assert {run.method for run in runs} >= {"louvain", "degree"} and "summary" not in {run.method for run in runs}
    louvain = next(run for run in runs if run.method == "louvain")
    assert louvain.metrics["modularity"] > 0.5


def test_explore_labels_a_sampled_clustering_and_computes_the_exact_one_on_request(monkeypatch):
    import networkx as nx

    import engine.metrics as metrics

    monkeypatch.setattr(metrics, "CLUSTERING_EXACT_MAX_NODES", 20)
    monkeypatch.setattr(metrics, "CLUSTERING_SAMPLES", 10)
    at = _open()  # Les Misérables: 77 nodes, above the (patched) exact limit
    value = _metric(at, "Avg. clustering")
    assert value.startswith("≈ ")
    captions = " ".join(c.value for c in at.caption)
    assert "average clustering estimated from 10 nodes sampled with seed 0" in captions
    assert "exact up to 20 nodes" in captions
    at.button(key="explore.exact_clustering").click().run()
    assert not at.exception
    exact = nx.average_clustering(_les_miserables_nx())  # unweighted, as the page's
    assert _metric(at, "Avg. clustering") == f"{exact:.3f}"
    assert "estimated from" not in " ".join(c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "explore.exact_clustering"]


def _les_miserables_nx():
    from engine.datasets import load_dataset

    return load_dataset("les_miserables").to_networkx()


def test_explore_opens_a_large_graph_coloured_by_degree_not_louvain(monkeypatch):
    import engine.figures.graph as figures

    at = _open()
    assert at.selectbox(key="explore.color").value == "louvain"  # the default on a small graph
    monkeypatch.setattr(figures, "MAX_POINTS", 20)  # karate club (34 nodes) now counts as large
    at.selectbox(key="explore.dataset").set_value("karate_club").run()
    assert not at.exception
    assert at.selectbox(key="explore.color").value == "degree"
