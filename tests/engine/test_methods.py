"""The method contract: every method validates, runs, measures and records through ``execute``."""

from __future__ import annotations

import contextlib
import importlib
import numbers
import sys
from dataclasses import replace

import pytest

from engine.errors import ParameterError, TimeLimitError
import engine.methods
from engine.methods import (
    CAPABILITIES,
    METHODS,
    GraphInput,
    Param,
    estimate_seconds,
    execute,
    get_method,
    input_size,
    methods_for,
    task_key,
)
from engine.runs import RunRegistry
from engine.types import Graph


def test_methods_cover_every_capability_with_unique_names(method_params):
    assert {method.capability for method in METHODS.values()} == set(CAPABILITIES)
    assert [m.name for m in methods_for("summarization")] == ["ssumm", "slugger"]
    assert set(method_params) <= set(METHODS)
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
def test_execute_every_method_metrics_numeric_and_recorded(name, method_inputs, tmp_path, method_params):
    method = METHODS[name]
    registry = RunRegistry(tmp_path / "runs.sqlite")
    run = execute(name, method_inputs[method.input_kind], method_params.get(name, {}), seed=3, registry=registry)
    assert run.status == "ok" and run.id > 0 and run.result is not None
    assert run.metrics, name
    for key, value in run.metrics.items():
        assert isinstance(value, (numbers.Real, type(None))), (key, value)
    stored = registry.get(run.id)
    assert stored.metrics == run.metrics
    assert stored.params == method.validate(method_params.get(name, {}))
    assert stored.seed == 3 and stored.capability == method.capability
    assert registry.find_task(run.task_key).id == run.id
    assert stored.details["input_size"] == input_size(method_inputs[method.input_kind]) > 0


@pytest.mark.parametrize("name", ["ssumm", "slugger", "shyre", "frequency", "dnorm", "fastrp", "deepwalk"])
def test_execute_same_seed_same_metrics(name, method_inputs, method_params):
    method = METHODS[name]
    first = execute(name, method_inputs[method.input_kind], method_params.get(name, {}), seed=5, record=False)
    second = execute(name, method_inputs[method.input_kind], method_params.get(name, {}), seed=5, record=False)
    assert first.metrics == second.metrics
    assert first.task_key == second.task_key


@pytest.mark.parametrize("name", list(METHODS))
def test_execute_rejects_out_of_range_and_unknown_parameters(name, method_inputs, tmp_path):
    method = METHODS[name]
    registry = RunRegistry(tmp_path / "runs.sqlite")
    numeric = [p for p in method.params if p.kind in (int, float) and p.high is not None]
    for param in numeric:
        with pytest.raises(ParameterError, match=param.name):
            execute(name, method_inputs[method.input_kind], {param.name: param.high * 10 + 1}, registry=registry)
    with pytest.raises(ParameterError, match="has no parameter 'bogus'"):
        execute(name, method_inputs[method.input_kind], {"bogus": 1}, registry=registry)
    assert registry.list() == []  # nothing ran, nothing recorded


def test_execute_wrong_input_kind_raises(method_inputs, method_params):
    with pytest.raises(ParameterError, match="shyre takes a HypergraphPair"):
        execute("shyre", method_inputs["graph"], record=False)
    run = execute("ssumm", method_inputs["graph"].graph, method_params["ssumm"], seed=1, record=False)  # a bare Graph is accepted
    assert run.dataset == "two cliques"


def test_execute_time_limit_records_timed_out(method_inputs, tmp_path, method_params):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    with pytest.raises(TimeLimitError, match="time limit of 1e-09 s"):
        execute("slugger", method_inputs["graph"], method_params["slugger"], seed=1, time_limit=1e-9, registry=registry)
    (run,) = registry.list()
    assert run.status == "timed_out" and run.metrics == {} and "time limit" in run.error
    assert registry.find_task(run.task_key) is None  # a timed-out task is not done


def test_execute_imports_the_methods_modules_before_the_clock_starts(tmp_path, monkeypatch):
    (tmp_path / "slow_to_import_helper.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_to_import_helper", raising=False)
    loaded_when_timing_began = []
    timed = engine.methods.measure

    @contextlib.contextmanager
    def watching_measure():
        loaded_when_timing_began.append("slow_to_import_helper" in sys.modules)
        with timed() as measurement:
            yield measurement

    monkeypatch.setattr(engine.methods, "measure", watching_measure)
    method = replace(get_method("ssumm"), imports=("slow_to_import_helper",))
    run = execute(method, GraphInput(Graph.from_edges([0, 1], [1, 2])), seed=1, record=False)
    assert run.status == "ok" and loaded_when_timing_began == [True]


def test_every_method_names_importable_modules_of_its_capability():
    for spec in METHODS.values():
        assert spec.imports, spec.name
        for module in spec.imports:
            importlib.import_module(module)
    assert "engine.embedding" in get_method("sdne").imports
    assert "engine.summarization" in get_method("slugger").imports


def test_execute_failure_is_recorded_and_raised(tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    directed = Graph.from_edges([0, 1], [1, 2], directed=True, name="directed")
    with pytest.raises(Exception) as caught:
        execute("ssumm", GraphInput(directed), registry=registry)
    (run,) = registry.list()
    assert run.status == "failed" and run.error == str(caught.value)


def test_execute_raise_errors_false_returns_failed_and_timed_out_runs(method_inputs, tmp_path, method_params):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    directed = Graph.from_edges([0, 1], [1, 2], directed=True, name="directed")
    failed = execute("ssumm", GraphInput(directed), registry=registry, raise_errors=False)
    assert failed.status == "failed" and failed.error and failed.metrics == {} and failed.result is None
    timed_out = execute("slugger", method_inputs["graph"], method_params["slugger"], seed=1, time_limit=1e-9, record=False,
                        raise_errors=False)
    assert timed_out.status == "timed_out" and "time limit" in timed_out.error
    assert [run.status for run in registry.list()] == ["failed"]
    with pytest.raises(ParameterError, match="ratio must be in"):  # bad parameters still raise
        execute("ssumm", method_inputs["graph"], {"ratio": 5.0}, record=False, raise_errors=False)


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


def test_input_size_of_each_kind(method_inputs):
    assert input_size(method_inputs["graph"]) == 21  # two 5-cliques (10 edges each) and a bridge
    assert input_size(method_inputs["graph"].graph) == 21
    pair = method_inputs["hypergraph_pair"]
    assert input_size(pair) == 21 + 10  # memberships of the training and the test hyperedges
    split = method_inputs["scenegraph_split"]
    assert input_size(split) == sum(g.n_objects * (g.n_objects - 1) for half in (split.train, split.test) for g in half)
    with pytest.raises(ParameterError, match="inputs must be one of GraphInput"):
        input_size("karate")


def test_estimate_seconds_from_past_runs_prefers_the_same_parameters(tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    graph = GraphInput(Graph.from_edges(list(range(100)), list(range(1, 101))))  # 100 edges
    assert estimate_seconds("fastrp", graph, {}, registry=registry) is None  # no history yet
    for size, seconds, dim in ((10, 1.0, 128), (1000, 100.0, 128), (10, 50.0, 8), (1000, 50.0, 8)):
        registry.record("fastrp", get_method("fastrp").validate({"dim": dim}), dataset="g", fingerprint="f",
                        metrics={}, details={"input_size": size}, seconds=seconds, peak_bytes=0)
    same = estimate_seconds("fastrp", graph, {"dim": 128}, registry=registry)
    assert same.same_params and same.n_runs == 2 and same.seconds == pytest.approx(10.0)  # 1 s per 10 edges
    other = estimate_seconds("fastrp", graph, {"dim": 64}, registry=registry)  # no run with dim 64: all four
    assert not other.same_params and other.n_runs == 4
    assert estimate_seconds("fastrp", graph, {"dim": 0}, registry=registry) is None  # invalid parameters


def test_execute_embedding_standardize_reaches_node_classification():
    from engine.datasets import load_dataset
    from engine.embedding.assess import node_classification

    karate = load_dataset("karate_club")
    scores = {}
    for standardize in (True, False):
        run = execute("hope", GraphInput(karate), {"dim": 4, "standardize": standardize}, seed=1, record=False)
        direct = node_classification(run.result.embedding, karate.labels, train_fractions=(0.1, 0.3, 0.5, 0.7, 0.9),
                                     n_repeats=3, standardize=standardize, seed=1)
        scores[standardize] = (run.metrics["micro_f1"], run.metrics["macro_f1"])
        assert scores[standardize] == direct.at(0.5)
    assert scores[True] != scores[False]  # on this embedding the two protocols differ (0.926 vs 0.870 Micro-F1)
