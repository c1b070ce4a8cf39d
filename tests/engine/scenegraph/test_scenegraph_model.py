"""The PredCls model: shapes, progress per epoch, determinism, learning, errors."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import EmptyGraphError, ParameterError
from engine.scenegraph import (
    SceneGraph,
    SceneGraphDataset,
    choose_learning_rate,
    generate_synthetic,
    predict_predcls,
    run_predcls,
    train_predcls,
    vocabulary_from_graphs,
    zero_shot_differences,
)


@pytest.fixture(scope="module")
def split():
    return generate_synthetic(60, 20, seed=4)


def test_training_reports_progress_each_epoch_and_is_deterministic(split):
    calls = []
    first = train_predcls(split.train, loss="dnorm", epochs=3, dim=16, seed=5, on_progress=lambda f, m: calls.append((f, m)))
    second = train_predcls(split.train, loss="dnorm", epochs=3, dim=16, seed=5)
    epoch_ends = [(f, m) for f, m in calls if "loss" in m]  # the other reports come every batch
    assert [round(f, 3) for f, _ in epoch_ends] == [0.333, 0.667, 1.0] and "epoch 3/3" in calls[-1][1]
    assert len(calls) > len(epoch_ends) and [f for f, _ in calls] == sorted(f for f, _ in calls)
    assert first.history == second.history and len(first.history) == 3
    predictions = predict_predcls(first, split.test)
    graph = split.test[0]
    assert predictions[0].pairs.shape == (graph.n_objects * (graph.n_objects - 1), 2)
    assert predictions[0].predicate_scores.shape[1] == 50
    total = predictions[0].predicate_scores.sum(axis=1)
    assert np.all((total > 0) & (total < 1))  # the background class takes the rest


def test_model_learns_a_learnable_relation():
    # "a on b" always, with b below a: the model must beat chance (1/2 of two predicates) after training
    rng = np.random.default_rng(0)
    graphs = []
    for i in range(40):
        boxes = np.array([[10, 10, 20, 20], [10, 40, 20, 20], [60, 10, 20, 20]], dtype=float) + rng.uniform(0, 5, (3, 4))
        graphs.append(SceneGraph(("a", "b", "c"), ((0, 1, "on"), (2, 0, "near")), boxes=boxes, image_size=(100, 100), image_id=str(i)))
    data = SceneGraphDataset(tuple(graphs), vocabulary_from_graphs(graphs))
    run = run_predcls(data, data, method="dnorm", epochs=15, dim=16, seed=0)
    assert run.scores["recall@20"] == pytest.approx(1.0)
    assert run.history[-1] < run.history[0]


def test_run_methods_and_zero_shot_differences(split):
    dnorm = run_predcls(split.train, split.test, method="dnorm", epochs=1, dim=16, seed=1)
    base = run_predcls(split.train, split.test, method="baseline", epochs=1, dim=16, seed=1)
    frequency = run_predcls(split.train, split.test, method="frequency")
    for run in (dnorm, base, frequency):
        assert all(0.0 <= v <= 1.0 for v in run.scores.values() if np.isfinite(v))
        assert {"recall@20", "recall_ng@100", "mean_recall@50", "zs_recall_ng@50", "weighted_recall@100"} <= set(run.scores)
    table = zero_shot_differences(dnorm, base, split.test)
    assert list(table.columns)[:4] == ["image_id", "subject", "predicate", "object"]
    assert set(table["recovered_by"]) <= {"dnorm", "baseline"}
    zs = dnorm.evaluation.triplets.zero_shot
    expected = int(((dnorm.evaluation.triplets.rank_ng < 50) != (base.evaluation.triplets.rank_ng < 50))[zs].sum())
    assert len(table) == expected


def test_bad_inputs(split):
    with pytest.raises(ParameterError, match="loss must be one of"):
        train_predcls(split.train, loss="focal")
    with pytest.raises(ParameterError, match="epochs"):
        train_predcls(split.train, epochs=0)
    with pytest.raises(ParameterError, match="method must be one of"):
        run_predcls(split.train, split.test, method="motifs")
    lonely = SceneGraph(("a",))
    with pytest.raises(EmptyGraphError, match="two objects"):
        train_predcls(SceneGraphDataset((lonely,), vocabulary_from_graphs([lonely])))


def test_learning_rate_choice_uses_only_the_validation_split(split):
    other_test = generate_synthetic(60, 30, seed=9).test  # other images, same vocabulary
    options = dict(method="baseline", tune_lr=True, lr_grid=(0.001, 0.5), epochs=2, dim=16, seed=3)
    first = run_predcls(split.train, split.test, **options)
    second = run_predcls(split.train, other_test, **options)
    assert first.scores != second.scores  # the test split did change what is measured...
    assert first.params["lr_scores"] == second.params["lr_scores"]  # ...but no validation score
    assert first.params["lr"] == second.params["lr"]  # and no chosen rate
    scores = first.params["lr_scores"]
    assert set(scores) == {0.001, 0.5} and first.params["lr"] == max(scores, key=lambda lr: (scores[lr], -lr))


def test_learning_rate_choice_by_hand_and_its_errors(split):
    choice = choose_learning_rate(split.train, loss="dnorm", grid=(0.001, 0.3), epochs=2, dim=16, seed=1)
    assert choice.n_fit + choice.n_validation == len(split.train) and choice.n_validation == 12
    assert choice.metric == "recall@50" and choice.lr == max(choice.scores, key=lambda lr: (choice.scores[lr], -lr))
    assert choice.scores[0.3] > choice.scores[0.001]  # two epochs at lr 0.001 barely move the random start
    with pytest.raises(ParameterError, match="grid"):
        choose_learning_rate(split.train, grid=())
    with pytest.raises(ParameterError, match="grid learning rate"):
        choose_learning_rate(split.train, grid=(0.1, -1.0))
    with pytest.raises(ParameterError, match="picks lr itself"):
        choose_learning_rate(split.train, grid=(0.1,), lr=0.1)
