"""The glossary explains every metric any method reports and every figure the pages draw."""

from __future__ import annotations

import importlib
import inspect

import plotly.graph_objects as go
import pytest

from engine.errors import ParameterError
from engine.glossary import BIBTEX, FIGURE_NOTES, GLOSSARY, bibtex, figure_note, has_term, lookup, metric_label
from engine.methods import METHODS, execute
from engine.runs import runs_frame

@pytest.mark.parametrize("name", sorted(METHODS))
def test_glossary_explains_every_metric_of_every_method(name, method_inputs, method_params):
    run = execute(name, method_inputs[METHODS[name].input_kind], method_params.get(name, {}), seed=0, record=False)
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
