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
    loaded = {"engine.layout", "engine.figures.graph", "engine.metrics", "pages._preload", "igraph", "numba"}
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
