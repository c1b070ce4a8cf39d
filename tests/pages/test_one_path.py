"""One path: a method run from its page and from the CLI, same input, parameters and seed, gives identical metrics.

The page is driven with AppTest (so its widgets, cache and ``execute`` call are the ones a user gets);
its run is read back from the registry and compared with ``python -m engine ... --json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.cli import main
from engine.runs import RunRegistry

ROOT = Path(__file__).resolve().parents[2]


def _cli(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    return at


def _page_run(capability: str, method: str):
    (run,) = [run for run in RunRegistry().list(capability=capability, method=method) if run.owner != "cli"]
    assert run.owner.startswith("session-")
    return run


def _assert_same(page_run, printed: dict) -> None:
    cli_run = RunRegistry().get(printed["run_id"])
    assert cli_run.owner == "cli"
    assert page_run.params == cli_run.params
    assert page_run.seed == cli_run.seed == printed.get("seed", page_run.seed)
    assert page_run.fingerprint == cli_run.fingerprint
    assert page_run.metrics == cli_run.metrics
    assert {k: printed[k] for k in page_run.metrics} == page_run.metrics  # what the CLI printed


@pytest.mark.usefixtures("clear_streamlit_caches")
@pytest.mark.parametrize("method", ["ssumm", "slugger"])
def test_summarization_page_and_cli_identical(method, capsys):
    at = _page("summarize")
    at.selectbox(key="summarize.dataset").set_value("karate_club")
    at.radio(key="summarize.method").set_value(method).run()
    at.number_input(key=f"summarize.{method}.n_iterations").set_value(5)
    if method == "ssumm":
        at.number_input(key="summarize.ssumm.ratio").set_value(0.3)
    at.number_input(key="summarize.seed").set_value(4)
    at.button(key="summarize.run").click().run()
    assert not at.exception and not at.error
    options = ["--n-iterations", "5", "--seed", "4"] + (["--ratio", "0.3"] if method == "ssumm" else [])
    printed = _cli(capsys, "summarize", "karate_club", "--method", method, *options)
    _assert_same(_page_run("summarization", method), printed)


@pytest.mark.usefixtures("clear_streamlit_caches")
@pytest.mark.parametrize("method", ["shyre", "maxclique", "cliquecover", "cfinder"])
def test_hypergraph_page_and_cli_identical(method, capsys):
    at = _page("hypergraphs")
    at.selectbox(key="hypergraphs.dataset").set_value("crime").run()
    at.multiselect(key="hypergraphs.methods").set_value([method])
    at.number_input(key="hypergraphs.shyre.budget").set_value(40)
    at.number_input(key="hypergraphs.seed").set_value(3)
    next(button for button in at.button if button.label == "Reconstruct").click().run()
    assert not at.exception and not at.error
    options = ["--budget", "40"] if method == "shyre" else []
    printed = _cli(capsys, "hypergraph", "reconstruct", "--train", "crime", "--test", "crime", "--method", method,
                   "--seed", "3", *options)
    _assert_same(_page_run("hypergraph", method), printed)


@pytest.mark.usefixtures("clear_streamlit_caches")
@pytest.mark.parametrize(("method", "source"), [("frequency", "synthetic"), ("baseline", "synthetic"),
                                                ("dnorm", "synthetic"), ("dnorm-fgbg", "synthetic"),
                                                ("dnorm", "demo")])
def test_scenegraph_page_and_cli_identical(method, source, capsys):
    """Synthetic data from the same data seed, or the shipped demo graphs split 80/20 by it, on both paths."""
    at = _page("scene_graphs")
    if source == "demo":
        at.radio(key="scene_graphs.source").set_value("Shipped sg2im demo graphs").run()
        data = ["--data", "demo"]
    else:
        at.number_input(key="scene_graphs.n_train").set_value(30)
        at.number_input(key="scene_graphs.n_test").set_value(15)
        data = ["--data", "synthetic", "--n-train", "30", "--n-test", "15"]
    at.number_input(key="scene_graphs.data_seed").set_value(2).run()
    at.multiselect(key="scene_graphs.methods").set_value([method]).run()
    options = []
    if method != "frequency":
        at.number_input(key=f"scene_graphs.{method}.epochs").set_value(1)
        options = ["--epochs", "1"]
    at.number_input(key="scene_graphs.seed").set_value(3)
    at.button(key="scene_graphs.train").click().run()
    assert not at.exception and not at.error
    printed = _cli(capsys, "scenegraph", "train", *data, "--data-seed", "2", "--method", method, "--seed", "3",
                   *options)
    _assert_same(_page_run("scenegraph", method), printed)


#: Small settings so that each embedding runs in about a second on karate club.
EMBEDDING_FAST = {
    "fastrp": {}, "hope": {}, "laplacian": {},
    "deepwalk": {"walks_per_node": 2, "walk_length": 10},
    "node2vec": {"walks_per_node": 2, "walk_length": 10},
    "sdne": {"hidden": 16, "n_epochs": 2},
}


@pytest.mark.usefixtures("clear_streamlit_caches")
@pytest.mark.parametrize("method", list(EMBEDDING_FAST))
def test_embedding_page_and_cli_identical(method, capsys):
    """One protocol: the page's Micro-F1 (and every other metric) is the CLI's."""
    at = _page("embeddings")
    at.selectbox(key="embeddings.dataset").set_value("karate_club").run()
    at.multiselect(key="embeddings.methods").set_value([method])
    at.number_input(key="embeddings.dim").set_value(8)
    at.number_input(key="embeddings.seed").set_value(2)
    options = ["--dim", "8"]
    for name, value in EMBEDDING_FAST[method].items():
        at.number_input(key=f"embeddings.{method}.{name}").set_value(value)
        options += [f"--{name.replace('_', '-')}", str(value)]
    at.button(key="embeddings.run").click().run()
    assert not at.exception and not at.error
    printed = _cli(capsys, "embed", "karate_club", "--method", method, "--seed", "2", *options)
    _assert_same(_page_run("embedding", method), printed)
    assert "micro_f1" in printed  # karate club has labels: both paths score classification the same way
