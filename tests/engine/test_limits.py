"""Limits on every job: parameter ranges, predicted memory, and progress reported often enough
that execute's cooperative time limit stops long methods (CFinder, scene-graph training, SDNE)."""

from __future__ import annotations

import pytest

from engine.datasets import load_dataset
from engine.embedding import check_embedding_memory, embed, predicted_embedding_bytes
from engine.errors import GraphTooLargeError, ParameterError, TimeLimitError
from engine.hypergraph import Hypergraph
from engine.hypergraph.baselines import KCliquePercolationReconstructor
from engine.methods import METHODS, GraphInput, HypergraphPair, SceneGraphSplit, execute
from engine.runs import RunRegistry
from engine.scenegraph import generate_synthetic
from engine.scenegraph.synthetic import MAX_SYNTHETIC_TEST, MAX_SYNTHETIC_TRAIN
from engine.types import Graph


def test_every_numeric_parameter_has_a_range_and_text_a_cap():
    for method in METHODS.values():
        for param in method.params:
            if param.kind in (int, float):
                assert param.low is not None and param.high is not None, (method.name, param.name)
            if param.kind is str and not param.choices:
                assert param.max_length <= 200, (method.name, param.name)


@pytest.mark.parametrize(("n_train", "n_test"), [(MAX_SYNTHETIC_TRAIN + 1, 10), (10, MAX_SYNTHETIC_TEST + 1),
                                                 (10_000_000, 10)])
def test_synthetic_scene_graph_sizes_are_capped(n_train, n_test):
    with pytest.raises(ParameterError, match="must be in"):
        generate_synthetic(n_train, n_test, seed=0)


def test_memory_is_predicted_before_allocating(monkeypatch):
    import engine.io

    assert predicted_embedding_bytes(10, "sdne", dim=2, hidden=4) == 3 * 8 * 10 * 2 + 4 * 10 * 4 * 11
    monkeypatch.setattr(engine.io, "available_memory", lambda: 10 * 2**20)
    with pytest.raises(GraphTooLargeError, match=r"sdne on 1,000,000 nodes with dim 128, hidden 256 needs about"):
        check_embedding_memory(1_000_000, "sdne", dim=128, hidden=256)
    with pytest.raises(GraphTooLargeError, match="lower dim, or use a smaller graph"):
        embed(load_dataset("les_miserables"), "fastrp", dim=100_000, seed=0)
    check_embedding_memory(34, "fastrp", dim=16)  # a small run passes


def _split():
    return generate_synthetic(40, 10, seed=0)


def _counting():
    calls = []
    return calls, lambda fraction, message="": calls.append((fraction, message))


def test_cfinder_reports_progress_inside_the_clique_search():
    # 1,200 disjoint triangles: 1,200 maximal cliques, so several reports inside one k
    src = [3 * i + a for i in range(1_200) for a, b in ((0, 1), (1, 2), (0, 2))]
    dst = [3 * i + b for i in range(1_200) for a, b in ((0, 1), (1, 2), (0, 2))]
    calls, report = _counting()
    communities = KCliquePercolationReconstructor._communities(Graph.from_edges(src, dst), 3, report)
    assert len(communities) == 1_200 and all(len(c) == 3 for c in communities)
    assert sum("maximal cliques found" in m for _, m in calls) == 2
    assert sum("joining clique" in m for _, m in calls) == 3


def test_scene_graph_training_reports_every_batch():
    from engine.scenegraph import run_predcls

    split = generate_synthetic(40, 10, seed=0)
    calls, report = _counting()
    run_predcls(split.train, split.test, method="baseline", epochs=2, seed=0, on_progress=report)
    batches = [m for _, m in calls if "batch" in m]
    assert len(batches) >= 2 * 2  # at least two batches per epoch at the default batch size
    fractions = [f for f, m in calls if "batch" in m]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)


def test_sdne_reports_every_batch():
    calls, report = _counting()
    embed(load_dataset("les_miserables"), "sdne", dim=4, hidden=8, n_epochs=2, batch_size=16, seed=0,
          on_progress=report)
    assert sum("batch" in m for _, m in calls) == 2 * 5  # 77 nodes in batches of 16


@pytest.mark.parametrize(
    ("method", "inputs"),
    [
        ("cfinder", lambda: HypergraphPair(*(Hypergraph.from_hyperedges([[3 * i, 3 * i + 1, 3 * i + 2] for i in
                                                                         range(600)]),) * 2)),
        ("baseline", lambda: SceneGraphSplit(_split().train, _split().test)),
        ("sdne", lambda: GraphInput(load_dataset("les_miserables"))),
        ("deepwalk", lambda: GraphInput(load_dataset("les_miserables"))),
    ],
)
def test_a_run_over_its_limit_is_stopped_and_recorded_as_timed_out(method, inputs, tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    with pytest.raises(TimeLimitError, match="passed its time limit"):
        execute(method, inputs(), {}, seed=0, time_limit=1e-9, registry=registry)
    (run,) = registry.list()
    assert run.method == method and run.status == "timed_out" and run.metrics == {}


def test_an_unfitted_reconstructor_raises_not_fitted():
    from engine.errors import GraphLensError, NotFittedError

    assert issubclass(NotFittedError, GraphLensError) and issubclass(NotFittedError, ValueError)
    assert issubclass(NotFittedError, AttributeError)
    with pytest.raises(NotFittedError, match="not fitted"):
        KCliquePercolationReconstructor().predict(load_dataset("karate_club"))
