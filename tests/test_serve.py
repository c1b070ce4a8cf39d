"""serve.py (``make run``): it loads the app's modules and kernels, then hands its options to ``streamlit run``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def serve():
    spec = importlib.util.spec_from_file_location("serve", ROOT / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_warm_up_loads_the_default_pages_work(serve):
    from engine.datasets import load_dataset

    load_dataset.cache_clear()
    serve.warm_up()
    loaded = {"engine.layout", "engine.figures.graph", "engine.metrics", "engine._graph_kernels", "pages._preload",
              "igraph", "numba"}
    assert loaded <= set(sys.modules)
    assert load_dataset.cache_info().currsize == 1  # Les Misérables, the default page's graph, is kept


def test_main_warms_up_then_runs_the_app_with_the_given_options(serve, monkeypatch):
    import streamlit.web.cli

    calls = []
    monkeypatch.setattr(serve, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(streamlit.web.cli, "main", lambda: calls.append(list(sys.argv)) or 0)
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    with pytest.raises(SystemExit) as stop:
        serve.main(["--server.port", "8600"])
    assert stop.value.code == 0
    assert calls == ["warm_up", ["streamlit", "run", "app.py", "--server.port", "8600"]]


def test_make_run_starts_serve_py():
    run = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "serve.py" in run


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "square.txt").write_text("1 2\n2 3\n3 4\n4 1\n")
    (folder / "broken.csv").write_text("a,b,c,d,e\n1\n")
    monkeypatch.setenv("GRAPHLENS_DATA_DIR", str(folder))
    return folder


def test_prepare_local_datasets_stores_each_graph_and_its_layout(serve, data_dir, isolated_registry):
    from engine.datasets import load_local_dataset
    from engine.graph_store import stored_graph_path
    from engine.layout import resolve_method
    from engine.metrics import pagerank, stored_node_metric
    from pages._shared import DEFAULT_SEED

    lines = serve.prepare_local_datasets()
    assert lines[0].startswith("broken.csv: not prepared (")
    assert lines[1].startswith("square.txt: 4 nodes, 4 edges; read ")
    assert stored_graph_path(data_dir / "square.txt").is_file()
    graph = load_local_dataset("square.txt")
    layouts = list((isolated_registry / "layouts").iterdir())
    assert [p.name.split("-")[:3] for p in layouts] == [[graph.fingerprint(), resolve_method(graph), str(DEFAULT_SEED)]]
    # its PageRank too: the page reads it back instead of computing it
    assert [p.name.split("-")[:2] for p in (isolated_registry / "metrics").iterdir()] == [
        [graph.fingerprint(), "pagerank"]]
    values, computed = stored_node_metric(graph, "pagerank")
    assert not computed and values.tolist() == pagerank(graph).tolist()


def test_start_preparing_runs_in_the_background_only_when_there_is_work(serve, data_dir, isolated_registry,
                                                                       monkeypatch):
    monkeypatch.setenv(serve.PREPARE_ENV, "0")
    assert serve.start_preparing() is None
    monkeypatch.setenv(serve.PREPARE_ENV, "1")
    monkeypatch.setenv("GRAPHLENS_DATA_DIR", str(data_dir / "absent"))
    assert serve.start_preparing() is None
    monkeypatch.setenv("GRAPHLENS_DATA_DIR", str(data_dir))
    process = serve.start_preparing()
    assert process.wait(timeout=300) == 0
    assert (isolated_registry / "graphs").is_dir() and (isolated_registry / "layouts").is_dir()
