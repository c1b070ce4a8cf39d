"""The method contract: every method validates, runs, measures and records through ``execute``."""

from __future__ import annotations

import numbers

import pytest

from engine.errors import ParameterError, TimeLimitError
from engine.hypergraph import Hypergraph
from engine.methods import (
    CAPABILITIES,
    METHODS,
    GraphInput,
    HypergraphPair,
    Param,
    SceneGraphSplit,
    execute,
    get_method,
    methods_for,
    task_key,
)
from engine.runs import RunRegistry
from engine.types import Graph

#: Small parameters so that each method runs in about a second on the tiny inputs.
FAST = {
    "slugger": {"n_iterations": 3},
    "ssumm": {"n_iterations": 3, "ratio": 0.3},
    "shyre": {"budget": 50},
    "baseline": {"epochs": 1},
    "dnorm": {"epochs": 1},
    "dnorm-fgbg": {"epochs": 1},
    "fastrp": {"dim": 8},
    "hope": {"dim": 8},
    "laplacian": {"dim": 8},
    "deepwalk": {"dim": 8, "walks_per_node": 2, "walk_length": 10},
    "node2vec": {"dim": 8, "walks_per_node": 2, "walk_length": 10},
    "sdne": {"dim": 8, "hidden": 16, "n_epochs": 2},
}


def _two_cliques() -> Graph:
    """Two 5-cliques joined by one edge."""
    sources, targets = [], []
    for offset in (0, 5):
        for u in range(5):
            for v in range(u + 1, 5):
                sources.append(u + offset)
                targets.append(v + offset)
    return Graph.from_edges(sources + [4], targets + [5], name="two cliques")


@pytest.fixture(scope="module")
def inputs() -> dict:
    """One tiny input of every kind."""
    from engine.scenegraph import generate_synthetic

    hyperedges = [[0, 1, 2], [2, 3], [3, 4, 5], [5, 6], [6, 7, 8], [0, 8], [1, 4, 7], [2, 5, 8]]
    train = Hypergraph.from_hyperedges(hyperedges, name="tiny")
    test = Hypergraph.from_hyperedges([[10, 11, 12], [12, 13], [13, 14, 15], [10, 15]], name="tiny")
    split = generate_synthetic(24, 8, seed=0)
    return {
        "graph": GraphInput(_two_cliques()),
        "hypergraph_pair": HypergraphPair(train, test),
        "scenegraph_split": SceneGraphSplit(split.train, split.test),
    }


def test_methods_cover_every_capability_with_unique_names():
    assert {method.capability for method in METHODS.values()} == set(CAPABILITIES)
    assert [m.name for m in methods_for("summarization")] == ["ssumm", "slugger"]
    assert set(FAST) <= set(METHODS)
    for name, method in METHODS.items():
        assert method.name == name
        assert method.paper, name
        assert len({p.name for p in method.params}) == len(method.params)


def test_get_method_unknown_raises():
    with pytest.raises(ParameterError, match="method must be one of"):
        get_method("louvain")
    with pytest.raises(ParameterError, match="capability must be one of"):
        methods_for("vision")


@pytest.mark.parametrize("name", list(METHODS))
def test_execute_every_method_metrics_numeric_and_recorded(name, inputs, tmp_path):
    method = METHODS[name]
    registry = RunRegistry(tmp_path / "runs.sqlite")
    run = execute(name, inputs[method.input_kind], FAST.get(name, {}), seed=3, registry=registry)
    assert run.status == "ok" and run.id > 0 and run.result is not None
    assert run.metrics, name
    for key, value in run.metrics.items():
        assert isinstance(value, (numbers.Real, type(None))), (key, value)
    stored = registry.get(run.id)
    assert stored.metrics == run.metrics
    assert stored.params == method.validate(FAST.get(name, {}))
    assert stored.seed == 3 and stored.capability == method.capability
    assert registry.find_task(run.task_key).id == run.id


@pytest.mark.parametrize("name", ["ssumm", "slugger", "shyre", "frequency", "dnorm", "fastrp", "deepwalk"])
def test_execute_same_seed_same_metrics(name, inputs):
    method = METHODS[name]
    first = execute(name, inputs[method.input_kind], FAST.get(name, {}), seed=5, record=False)
    second = execute(name, inputs[method.input_kind], FAST.get(name, {}), seed=5, record=False)
    assert first.metrics == second.metrics
    assert first.task_key == second.task_key


@pytest.mark.parametrize("name", list(METHODS))
def test_execute_rejects_out_of_range_and_unknown_parameters(name, inputs, tmp_path):
    method = METHODS[name]
    registry = RunRegistry(tmp_path / "runs.sqlite")
    numeric = [p for p in method.params if p.kind in (int, float) and p.high is not None]
    for param in numeric:
        with pytest.raises(ParameterError, match=param.name):
            execute(name, inputs[method.input_kind], {param.name: param.high * 10 + 1}, registry=registry)
    with pytest.raises(ParameterError, match="has no parameter 'bogus'"):
        execute(name, inputs[method.input_kind], {"bogus": 1}, registry=registry)
    assert registry.list() == []  # nothing ran, nothing recorded


def test_execute_wrong_input_kind_raises(inputs):
    with pytest.raises(ParameterError, match="shyre takes a HypergraphPair"):
        execute("shyre", inputs["graph"], record=False)
    run = execute("ssumm", inputs["graph"].graph, FAST["ssumm"], seed=1, record=False)  # a bare Graph is accepted
    assert run.dataset == "two cliques"


def test_execute_time_limit_records_timed_out(inputs, tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    with pytest.raises(TimeLimitError, match="time limit of 1e-09 s"):
        execute("slugger", inputs["graph"], FAST["slugger"], seed=1, time_limit=1e-9, registry=registry)
    (run,) = registry.list()
    assert run.status == "timed_out" and run.metrics == {} and "time limit" in run.error
    assert registry.find_task(run.task_key) is None  # a timed-out task is not done


def test_execute_failure_is_recorded_and_raised(tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    directed = Graph.from_edges([0, 1], [1, 2], directed=True, name="directed")
    with pytest.raises(Exception) as caught:
        execute("ssumm", GraphInput(directed), registry=registry)
    (run,) = registry.list()
    assert run.status == "failed" and run.error == str(caught.value)


def test_execute_raise_errors_false_returns_failed_and_timed_out_runs(inputs, tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    directed = Graph.from_edges([0, 1], [1, 2], directed=True, name="directed")
    failed = execute("ssumm", GraphInput(directed), registry=registry, raise_errors=False)
    assert failed.status == "failed" and failed.error and failed.metrics == {} and failed.result is None
    timed_out = execute("slugger", inputs["graph"], FAST["slugger"], seed=1, time_limit=1e-9, record=False,
                        raise_errors=False)
    assert timed_out.status == "timed_out" and "time limit" in timed_out.error
    assert [run.status for run in registry.list()] == ["failed"]
    with pytest.raises(ParameterError, match="ratio must be in"):  # bad parameters still raise
        execute("ssumm", inputs["graph"], {"ratio": 5.0}, record=False, raise_errors=False)


def test_task_key_changes_with_each_part():
    base = task_key("ssumm", {"ratio": 0.1}, "abc", 1)
    assert base == task_key("ssumm", {"ratio": 0.1}, "abc", 1)
    assert len({base, task_key("ssumm", {"ratio": 0.2}, "abc", 1), task_key("ssumm", {"ratio": 0.1}, "abd", 1),
                task_key("ssumm", {"ratio": 0.1}, "abc", 2), task_key("slugger", {"ratio": 0.1}, "abc", 1)}) == 5


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        (Param("n", 3, low=1, high=10), 0, r"n must be in \[1, 10\] \(got 0\)"),
        (Param("n", 3, low=1, high=10), 2.5, "n must be an integer"),
        (Param("n", 3, low=1, high=10), True, "n must be an integer"),
        (Param("x", 0.5, low=0.0, high=1.0), float("nan"), "x must be a finite number"),
        (Param("flag", False), "yes", "flag must be true or false"),
        (Param("w", "1, 2", max_length=5), "1, 2, 3", "w must be at most 5 characters"),
    ],
)
def test_param_validate_rejects(param, value, message):
    with pytest.raises(ParameterError, match=message):
        param.validate(value)


def test_param_validate_coerces_int_to_float():
    assert Param("x", 0.5, low=0.0, high=2.0).validate(1) == 1.0
    assert isinstance(Param("x", 0.5).validate(1), float)
