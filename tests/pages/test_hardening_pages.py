"""Hostile users on the pages: markdown injection, refused and broken uploads, a broken run registry.

- A user string (file name, node id) with link or image syntax is shown literally: ``pages._shared.plain``
  output parses (CommonMark) to text only, with no link, image or HTML.
- A refused upload (by type, a pickle) or a hostile file says which file failed and why, and the
  previous data stays on the page.
- With the registry unusable the pages keep working and say so once.
"""

from __future__ import annotations

import gzip
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from pages._shared import plain
from tests.pages.conftest import canvas_payloads

ROOT = Path(__file__).resolve().parents[2]
_PARSER = MarkdownIt("commonmark").enable(["strikethrough", "table"])
INJECTIONS = [
    "![pixel](http://127.0.0.1:9/leak.png)",
    "[click](javascript:alert(1)) <img src=x onerror=alert(1)> <http://evil.example/>",
    "**bold** _it_ `code` ~~gone~~ # heading $x^2$ :red[red] :material/home:",
    "node\n# heading on a new line\n![x](y)",
    "&lt;script&gt; \\![still an image](http://e/x.png)",
]


def _shown(value: str) -> str:
    """What the user reads: the markdown escapes of pages._shared.plain removed."""
    return re.sub(r"\\(.)", r"\1", value)


def _inline_tokens(markdown: str) -> list:
    tokens = []
    for block in _PARSER.parse(markdown):
        tokens.extend(block.children or [])
    return tokens


def _rendered_text(markdown: str) -> str:
    return "".join(t.content for t in _inline_tokens(markdown) if t.type in ("text", "softbreak"))


@pytest.mark.parametrize("text", INJECTIONS)
def test_plain_text_has_no_link_image_or_html(text):
    escaped = plain(text)
    kinds = {token.type for token in _inline_tokens(escaped)}
    assert kinds <= {"text"}, kinds
    assert _rendered_text(escaped) == " ".join(text.splitlines()).strip()
    assert "://" not in escaped and "www." not in escaped.lower()  # no bare autolinks (GFM autolink literals)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " éß→", max_size=60))
def test_any_user_string_renders_as_itself(text):
    escaped = plain(text)
    assert {token.type for token in _inline_tokens(escaped)} <= {"text"}
    assert _rendered_text(escaped) == text.strip()


# ----------------------------------------------------------------------------- uploads on a page
def _summarize() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/summarize.py").run()
    at.selectbox(key="summarize.dataset").set_value("karate_club").run()
    at.radio(key="summarize.source").set_value("Upload a file").run()
    assert not at.exception
    return at


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_hostile_file_names_and_refused_types_keep_the_previous_graph():
    at = _summarize()
    at.file_uploader(key="summarize.upload").set_value(("good.csv", b"1,2\n2,3\n3,1\n3,4\n", "text/csv")).run()
    assert not at.exception and not at.error
    hostile = [
        ("![pixel](http://127.0.0.1:9/leak.png).csv", b"1,2\n3\n", "line 2: expected 2 or 3 columns"),
        ("graph.gpickle", b"\x80\x04pickle", ".gpickle files are never read"),
        ("graph.bin", b"1 2\n", ".bin is not accepted here"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "levels deep"),
        ("bomb.txt.gz", gzip.compress(bytes(60 * 2**20)), "decompressed input exceeds the limit"),
    ]
    for name, data, reason in hostile:
        at.file_uploader(key="summarize.upload").set_value((name, data, "application/octet-stream")).run()
        assert not at.exception, name
        assert len(at.error) == 1, (name, [e.value for e in at.error])
        message = at.error[0].value
        assert _shown(message).startswith(f"{name} was not read: ") and reason in _shown(message), message
        assert {token.type for token in _inline_tokens(message)} <= {"text"}, message
        assert any("Still showing the previous data, good.csv" in _shown(i.value) for i in at.info), name


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_hypergraph_page_keeps_each_half_after_a_bad_upload():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/hypergraphs.py").run()
    at.radio(key="hypergraphs.source").set_value("Upload train and test").run()
    at.file_uploader(key="hypergraphs.train_upload").set_value(("train.txt", b"1 2 3\n3 4\n", "text/plain"))
    at.file_uploader(key="hypergraphs.test_upload").set_value(("test.txt", b"1 2\n2 3 4\n", "text/plain")).run()
    assert not at.exception and not at.error
    assert not any("Upload both" in i.value for i in at.info)
    at.file_uploader(key="hypergraphs.test_upload").set_value(("deep.txt", b"[" * 5000 + b"]" * 5000,
                                                                "text/plain")).run()
    assert not at.exception
    assert [_shown(e.value) for e in at.error] == [
        "deep.txt was not read: line 1: this is JSON, not a hypergraph file (one hyperedge of node ids per line)"]
    assert not any("Upload both" in i.value for i in at.info)  # the pair is still there


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_scene_graph_page_keeps_its_data_after_a_bad_upload():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/scene_graphs.py").run()
    at.radio(key="scene_graphs.source").set_value("Upload JSON").run()
    good = b'{"objects": ["cat", "mat", "dog"], "relationships": [[0, "on", 1], [2, "near", 0]]}'
    at.checkbox(key="scene_graphs.vg150").set_value(False)
    at.file_uploader(key="scene_graphs.upload").set_value(("good.json", good, "application/json")).run()
    assert not at.exception and not at.error
    at.file_uploader(key="scene_graphs.upload").set_value(("deep.json", b"[" * 100_000 + b"]" * 100_000,
                                                           "application/json")).run()
    assert not at.exception
    assert len(at.error) == 1 and "deep.json was not read" in _shown(at.error[0].value)
    assert any("Still showing the previous data, good.json" in _shown(i.value) for i in at.info)


# ----------------------------------------------------------------------------- a broken registry
@pytest.mark.usefixtures("clear_streamlit_caches")
def test_summarize_works_with_an_unusable_registry(isolated_registry):
    from engine.runs import take_registry_notices

    take_registry_notices()
    isolated_registry.write_text("GRAPHLENS_HOME is a file")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/summarize.py").run()
    at.selectbox(key="summarize.dataset").set_value("karate_club")
    at.button(key="summarize.run").click().run()
    assert not at.exception and not at.error
    assert [m.label for m in at.metric][:2] == ["Size (bits)", "Supernodes"]
    warnings = [_shown(w.value) for w in at.warning]
    assert len(warnings) == 1 and str(isolated_registry / "runs.sqlite") in warnings[0]
    assert "the run was not recorded" in warnings[0]
    take_registry_notices()


# ----------------------------------------------------------------------------- user strings on every page
#: A node id / file name / label with image and link markdown, an HTML tag and emphasis.
HOSTILE = "![pixel](http://127.0.0.1:9/leak.png) [click](http://evil.example/) <img src=x> **b**"
#: Plotly renders <a>, <img>-like tags in titles and hover text: figures carry them as entities.
HOSTILE_IN_FIGURE = "&lt;img src=x&gt;"


def _assert_plain(markdown: str, shown: str) -> None:
    """``markdown`` renders as text only, and reads ``shown``."""
    assert {token.type for token in _inline_tokens(markdown)} <= {"text"}, markdown
    assert shown in _shown(markdown), markdown


def _figure_strings(at: AppTest) -> list[str]:
    import json

    def strings(value):
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for item in value.values() for s in strings(item)]
        if isinstance(value, list):
            return [s for item in value for s in strings(item)]
        return []

    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    figures += [payload["figure"] for payload in canvas_payloads(at)]  # the Explore drawing
    return [s for figure in figures for s in strings(figure)]


def _assert_figures_literal(at: AppTest) -> None:
    texts = _figure_strings(at)
    assert not [s for s in texts if "<img" in s or "<a " in s], "a user's tag reached a figure"
    assert any(HOSTILE_IN_FIGURE in s for s in texts), "the user's string is in no figure"


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_explore_shows_hostile_node_ids_and_file_names_literally():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/explore.py").run()
    at.radio(key="explore.source").set_value("Upload a file").run()
    edges = f"source,target\n{HOSTILE},b\nb,c\nc,{HOSTILE}\n".encode()
    at.file_uploader(key="explore.upload").set_value((f"{HOSTILE}.csv", edges, "text/csv")).run()
    assert not at.exception and not at.error
    _assert_figures_literal(at)  # the title (file name) and the hover text (node ids)
    at.text_input(key="explore.search").set_value(HOSTILE + " missing").run()
    assert not at.exception
    assert len(at.warning) == 1
    _assert_plain(at.warning[0].value, f"No node with id '{HOSTILE} missing'")
    at.text_input(key="explore.search").set_value(HOSTILE).run()
    assert not at.exception and not at.warning
    highlighted = [s for s in _figure_strings(at) if s.startswith("&lt;img") or HOSTILE_IN_FIGURE in s]
    assert highlighted


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_summarize_shows_a_hostile_file_name_literally():
    at = _summarize()
    at.file_uploader(key="summarize.upload").set_value((f"{HOSTILE}.csv", b"1,2\n2,3\n3,1\n3,4\n", "text/csv")).run()
    assert not at.exception and not at.error
    captions = [c.value for c in at.caption if "nodes," in c.value and "edges." in c.value]
    assert len(captions) == 1
    _assert_plain(captions[0], HOSTILE)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_scene_graph_page_shows_hostile_labels_and_file_names_literally():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/scene_graphs.py").run()
    at.radio(key="scene_graphs.source").set_value("Upload JSON").run()
    at.checkbox(key="scene_graphs.vg150").set_value(False)
    graphs = [{"objects": [HOSTILE, "mat", "dog"], "relationships": [[0, HOSTILE, 1], [2, "near", 0]]}] * 5
    import json

    at.file_uploader(key="scene_graphs.upload").set_value((f"{HOSTILE}.json", json.dumps(graphs).encode(),
                                                           "application/json")).run()
    assert not at.exception and not at.error
    _assert_figures_literal(at)  # object labels and predicates
    at.multiselect(key="scene_graphs.methods").set_value(["frequency"]).run()
    at.button(key="scene_graphs.train").click().run()
    assert not at.exception and not at.error
    captions = [c.value for c in at.caption if "Test set" in _shown(c.value)]
    assert len(captions) == 1
    _assert_plain(captions[0], HOSTILE)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_hypergraph_page_draws_hostile_node_ids_literally():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/hypergraphs.py").run()
    at.radio(key="hypergraphs.source").set_value("Upload train and test").run()
    node = "x&amp%_b_"  # the reader refuses <>[](){};, in ids: & (entities) and % remain
    lines = f"a b {node}\nb c\nc {node}\n".encode()
    at.file_uploader(key="hypergraphs.train_upload").set_value(("train.txt", lines, "text/plain"))
    at.file_uploader(key="hypergraphs.test_upload").set_value(("test.txt", lines, "text/plain")).run()
    assert not at.exception and not at.error
    texts = _figure_strings(at)
    assert not [s for s in texts if node in s] and any("x&amp;amp&#37;_b_" in s for s in texts)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_compare_charts_a_hostile_dataset_name_literally(isolated_registry, monkeypatch):
    from engine.runs import RunRegistry

    monkeypatch.setenv("GRAPHLENS_SHARED_RUNS", "1")  # runs of another owner (here: cli) are listed
    for ratio in (0.2, 0.5):
        RunRegistry().record("ssumm", {"ratio": ratio}, dataset=HOSTILE, fingerprint="f", capability="summarization",
                             metrics={"re1": ratio / 10}, seconds=0.1, peak_bytes=1, owner="cli")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/compare.py").run()
    assert not at.exception and not at.error
    _assert_figures_literal(at)  # the run labels name the dataset, in the legend and the hover text


# ----------------------------------------------------------------------------- owners
@pytest.mark.usefixtures("clear_streamlit_caches")
@pytest.mark.parametrize("shared", [False, True])
def test_another_sessions_grids_are_listed_only_when_runs_are_shared(isolated_registry, monkeypatch, shared):
    from engine.runs import Run, RunRegistry

    if shared:
        monkeypatch.setenv("GRAPHLENS_SHARED_RUNS", "1")
    RunRegistry().add(Run(id=0, capability="summarization", method="ssumm", params={"ratio": 0.5}, dataset="karate",
                          fingerprint="f", metrics={"re1": 0.1}, seconds=0.1, peak_bytes=0, created="", seed=1,
                          grid_id="sweep-0123", owner="session-a"))
    RunRegistry().record("ssumm", {"ratio": 0.2}, dataset="karate", fingerprint="f", metrics={"re1": 0.2}, seconds=0.1,
                         peak_bytes=0, capability="summarization", owner="session-b")  # B's own run, in no grid
    compare = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    compare.session_state["_shared.owner"] = "session-b"
    compare.switch_page("pages/compare.py").run()
    assert not compare.exception
    experiments = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    experiments.session_state["_shared.owner"] = "session-b"
    experiments.switch_page("pages/experiments.py").run()
    experiments.radio(key="experiments.source").set_value("Reopen a past grid").run()
    assert not experiments.exception
    if shared:
        assert compare.selectbox(key="compare.grid").options == ["none", "sweep-0123"]
        assert experiments.selectbox(key="experiments.past").options[0].startswith("sweep-0123")
    else:
        assert compare.selectbox(key="compare.grid").options == ["none"]
        assert [i.value for i in experiments.info] == ["No grid has been run yet."]


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_explore_records_its_metric_runs_under_the_session(isolated_registry):
    from engine.runs import RunRegistry

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["_shared.owner"] = "session-a"
    at.switch_page("pages/explore.py").run()
    at.selectbox(key="explore.color").set_value("pagerank").run()
    assert not at.exception
    runs = RunRegistry().list(method="pagerank")
    assert runs and {run.owner for run in runs} == {"session-a"}


# ----------------------------------------------------------------------------- concurrent first imports
@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("[!_]*.py")))
def test_every_page_imports_the_preload_module_first(page):
    """Sessions on a fresh server import pandas & co. at the same moment; a page's first import is
    pages._preload (or pages._preload_torch), which imports them once (the soak's exception boxes)."""
    import ast

    tree = ast.parse((ROOT / "pages" / page).read_text())
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
               and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")]
    first = imports[0]
    assert isinstance(first, ast.Import) and first.names[0].name in ("pages._preload", "pages._preload_torch"), page


def test_preload_imports_without_torch_and_the_torch_variant_adds_it():
    import subprocess
    import sys

    code = ("import sys, pages._preload; a = 'torch' in sys.modules; import pages._preload_torch; "
            "print(a, 'torch' in sys.modules, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True"]
