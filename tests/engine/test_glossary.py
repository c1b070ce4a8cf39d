"""The glossary explains every metric any method reports and every figure the pages draw."""

from __future__ import annotations

import importlib
import inspect

import numpy as np
import plotly.graph_objects as go
import pytest

from engine.errors import ParameterError
from engine.glossary import BIBTEX, FIGURE_NOTES, GLOSSARY, bibtex, figure_note, has_term, lookup, metric_label
from engine.hypergraph import Hypergraph
from engine.methods import METHODS, GraphInput, HypergraphPair, SceneGraphSplit, execute
from engine.runs import runs_frame
from engine.types import Graph

#: Small parameters so that each method runs in about a second (link prediction on, so link_auc appears).
FAST = {
    "slugger": {"n_iterations": 3},
    "ssumm": {"n_iterations": 3, "ratio": 0.3},
    "shyre": {"budget": 50},
    "baseline": {"epochs": 1},
    "dnorm": {"epochs": 1},
    "dnorm-fgbg": {"epochs": 1},
    "fastrp": {"dim": 8, "link_prediction": True},
    "hope": {"dim": 8},
    "laplacian": {"dim": 8},
    "deepwalk": {"dim": 8, "walks_per_node": 2, "walk_length": 10},
    "node2vec": {"dim": 8, "walks_per_node": 2, "walk_length": 10},
    "sdne": {"dim": 8, "hidden": 16, "n_epochs": 2},
}


@pytest.fixture(scope="module")
def inputs() -> dict:
    from engine.scenegraph import generate_synthetic

    sources, targets = [], []
    for offset in (0, 5):
        for u in range(5):
            for v in range(u + 1, 5):
                sources.append(u + offset)
                targets.append(v + offset)
    graph = Graph.from_edges(sources + [4], targets + [5], name="two cliques")
    train = Hypergraph.from_hyperedges([[0, 1, 2], [2, 3], [3, 4, 5], [5, 6], [6, 7, 8], [0, 8], [1, 4, 7]])
    test = Hypergraph.from_hyperedges([[10, 11, 12], [12, 13], [13, 14, 15], [10, 15]])
    split = generate_synthetic(24, 8, seed=0)
    return {
        "graph": GraphInput(graph, labels=np.array([0] * 5 + [1] * 5)),
        "hypergraph_pair": HypergraphPair(train, test),
        "scenegraph_split": SceneGraphSplit(split.train, split.test),
    }


@pytest.mark.parametrize("name", sorted(METHODS))
def test_glossary_explains_every_metric_of_every_method(name, inputs):
    run = execute(name, inputs[METHODS[name].input_kind], FAST.get(name, {}), seed=0, record=False)
    missing = [key for key in run.metrics if not has_term(key)]
    assert not missing, f"{name} reports metrics the glossary lacks: {missing}"
    frame = runs_frame([run])
    for column in ("seconds", "peak_mb"):
        assert column in frame.columns and has_term(column)


def test_lookup_fills_in_k():
    term = lookup("zs_recall_ng@50")
    assert term.name == "ng-zR@50"
    assert "50" in term.formula and "K" not in term.formula
    assert lookup("map@1").name == "mAP at 1 hop"
    assert lookup("map@3").name == "mAP at 3 hops"
    assert "643 most similar" in lookup("precision@643").definition
    assert lookup("recall") is GLOSSARY["recall"]


def test_lookup_unknown_key_raises():
    with pytest.raises(ParameterError, match="metric must be one of"):
        lookup("accuracy")
    with pytest.raises(ParameterError):
        lookup("nonsense@5")
    assert not has_term("accuracy")
    assert metric_label("accuracy") == "accuracy"


def test_every_term_is_complete():
    for key, term in GLOSSARY.items():
        assert term.key == key
        assert term.name and len(term.definition) > 30, key
        assert term.better in ("higher", "lower", ""), key
    assert metric_label("seconds") == "seconds (s)"
    assert metric_label("peak_mb") == "peak memory (MB)"


#: Figure modules whose every builder must have a "What am I looking at?" note.
EXPLAINED_MODULES = ("summary", "compare", "scenegraph", "embedding", "hypergraph")


def _builders(module_name: str) -> list[str]:
    module = importlib.import_module(f"engine.figures.{module_name}")
    names = []
    for name in module.__all__:
        value = getattr(module, name)
        if callable(value) and inspect.signature(value).return_annotation in (go.Figure, "go.Figure"):
            names.append(f"{module_name}.{name}")
    return names


@pytest.mark.parametrize("module_name", EXPLAINED_MODULES)
def test_every_figure_builder_has_a_note(module_name):
    builders = _builders(module_name)
    assert builders
    for builder in builders:
        assert len(figure_note(builder)) > 60, builder


def test_every_note_names_an_existing_builder():
    for key in FIGURE_NOTES:
        module_name, function = key.split(".")
        module = importlib.import_module(f"engine.figures.{module_name}")
        assert callable(getattr(module, function, None)), key
    with pytest.raises(ParameterError, match="figure must be one of"):
        figure_note("summary.nothing")


def test_every_method_has_bibtex():
    for name in METHODS:
        entry = bibtex(name)
        assert entry.startswith("@") and entry.count("{") == entry.count("}"), name
        assert "title" in entry and "year" in entry
    assert set(BIBTEX) == set(METHODS)
    with pytest.raises(ParameterError):
        bibtex("nope")
