"""Recall metrics on the spec's worked example, computed by hand, plus duplicates and IoU matching."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.scenegraph.metrics import Prediction, Target, box_iou, evaluate_scene_graphs

# Predicates (0-based): 0 riding, 1 wearing, 2 on, 3 has, 4 near. Objects: 0 man, 1 horse, 2 hat, 3 grass.
RIDING, WEARING, ON, HAS, NEAR = range(5)
LABELS = np.array([0, 1, 2, 3])


def _worked_example() -> tuple[Prediction, Target]:
    pairs = np.array([[0, 1], [0, 2], [1, 3], [2, 0]])
    scores = np.zeros((4, 5))
    scores[0, [RIDING, ON]] = [0.6, 0.3]
    scores[1, [HAS, WEARING]] = [0.5, 0.4]
    scores[2, [ON, NEAR]] = [0.7, 0.2]
    scores[3, ON] = 0.1
    target = Target(relations=np.array([[0, 1, RIDING], [0, 2, WEARING], [1, 3, ON]]), labels=LABELS)
    return Prediction(pairs=pairs, predicate_scores=scores, labels=LABELS), target


def _counts(n_riding: int, n_wearing: int, n_on: int) -> np.ndarray:
    counts = np.zeros((4, 4, 5), dtype=np.int64)
    counts[0, 1, RIDING], counts[0, 2, WEARING], counts[1, 3, ON] = n_riding, n_wearing, n_on
    return counts


def test_recall_with_graph_constraint_worked_example():
    prediction, target = _worked_example()
    scores = evaluate_scene_graphs([prediction], [target], n_predicates=5, ks=(1, 2, 3, 4)).scores
    # GC list: on .7 (hit), riding .6 (hit), has .5 (miss), on(2,0) .1 (miss)
    assert [scores[f"recall@{k}"] for k in (1, 2, 3, 4)] == pytest.approx([1 / 3, 2 / 3, 2 / 3, 2 / 3])


def test_recall_without_graph_constraint_worked_example():
    prediction, target = _worked_example()
    scores = evaluate_scene_graphs([prediction], [target], n_predicates=5, ks=(3, 4)).scores
    # no-GC list: on .7, riding .6, has .5, wearing .4 -> wearing enters at position 4
    assert scores["recall_ng@3"] == pytest.approx(2 / 3)
    assert scores["recall_ng@4"] == pytest.approx(1.0)


def test_per_predicate_and_mean_recall_worked_example():
    prediction, target = _worked_example()
    result = evaluate_scene_graphs([prediction], [target], n_predicates=5, ks=(2,))
    recall = result.per_predicate_recall[2]
    assert recall[RIDING] == 1.0 and recall[ON] == 1.0 and recall[WEARING] == 0.0
    assert np.isnan(recall[HAS]) and np.isnan(recall[NEAR])
    # absent predicates count as 0 in mR: (1 + 1 + 0) / 5
    assert result.scores["mean_recall@2"] == pytest.approx(2 / 5)


def test_zero_shot_recall_worked_example():
    prediction, target = _worked_example()
    scores = evaluate_scene_graphs([prediction], [target], n_predicates=5, ks=(2, 4), train_counts=_counts(500, 0, 50)).scores
    assert scores["zs_recall@2"] == 0.0
    assert scores["zs_recall_ng@4"] == 1.0
    assert scores["zs_recall_ng@2"] == 0.0


def test_weighted_triplet_recall_worked_example():
    prediction, target = _worked_example()
    scores = evaluate_scene_graphs([prediction], [target], n_predicates=5, ks=(1, 2), train_counts=_counts(500, 0, 50)).scores
    # w = (1/501, 1/1, 1/51) normalised = (.00195, .97885, .01919); pair ranks (0, 1, 0)
    assert scores["weighted_recall@1"] == pytest.approx(0.0211, abs=5e-5)
    assert scores["weighted_recall@2"] == pytest.approx(1.0)


def test_weighted_recall_equals_triplet_recall_when_counts_equal():
    prediction, target = _worked_example()
    scores = evaluate_scene_graphs([prediction], [target], n_predicates=5, ks=(1,), train_counts=_counts(7, 7, 7)).scores
    assert scores["weighted_recall@1"] == pytest.approx(2 / 3)


def test_duplicate_ground_truth_triplets_count_separately():
    pairs = np.array([[0, 1], [1, 0]])
    scores = np.array([[0.9, 0.1], [0.0, 0.2]])
    duplicate = Target(relations=np.array([[0, 1, 0], [0, 1, 0], [1, 0, 0]]), labels=np.array([0, 1]))
    result = evaluate_scene_graphs([Prediction(pairs, scores, np.array([0, 1]))], [duplicate], n_predicates=2, ks=(1,))
    # the one top candidate (0, 1, 0) hits both duplicates: 2 of 3
    assert result.scores["recall@1"] == pytest.approx(2 / 3)
    assert len(result.triplets.image) == 3


def test_graph_constraint_allows_one_predicate_per_pair():
    pairs = np.array([[0, 1]])
    scores = np.array([[0.6, 0.4]])
    target = Target(relations=np.array([[0, 1, 0], [0, 1, 1]]), labels=np.array([0, 1]))
    result = evaluate_scene_graphs([Prediction(pairs, scores, np.array([0, 1]))], [target], n_predicates=2, ks=(2,))
    assert result.scores["recall@2"] == pytest.approx(0.5)
    assert result.scores["recall_ng@2"] == pytest.approx(1.0)


def _sgdet_case(shift: float) -> float:
    """IoU of a 10x10 box with the same box shifted right by ``shift``; then R@1 of the detection."""
    gt_boxes = np.array([[0.0, 0.0, 10.0, 10.0], [100.0, 100.0, 10.0, 10.0]])
    pred_boxes = gt_boxes + np.array([[shift, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    target = Target(relations=np.array([[0, 1, 0]]), labels=np.array([3, 4]), boxes=gt_boxes)
    prediction = Prediction(np.array([[0, 1]]), np.array([[0.9]]), np.array([3, 4]), boxes=pred_boxes)
    return evaluate_scene_graphs([prediction], [target], n_predicates=1, ks=(1,)).scores["recall@1"]


def test_sgdet_iou_threshold_049_misses_051_hits():
    # IoU = (10 - s) / (10 + s): s = 10/3 * ... solve for 0.49 and 0.51
    miss_shift = 10 * (1 - 0.49) / (1 + 0.49)
    hit_shift = 10 * (1 - 0.51) / (1 + 0.51)
    assert box_iou(np.array([[0, 0, 10, 10]]), np.array([[miss_shift, 0, 10, 10]]))[0, 0] == pytest.approx(0.49)
    assert box_iou(np.array([[0, 0, 10, 10]]), np.array([[hit_shift, 0, 10, 10]]))[0, 0] == pytest.approx(0.51)
    assert _sgdet_case(miss_shift) == 0.0
    assert _sgdet_case(hit_shift) == 1.0


def test_sgdet_needs_matching_classes():
    boxes = np.array([[0.0, 0.0, 10.0, 10.0], [50.0, 50.0, 10.0, 10.0]])
    target = Target(relations=np.array([[0, 1, 0]]), labels=np.array([3, 4]), boxes=boxes)
    prediction = Prediction(np.array([[0, 1]]), np.array([[0.9]]), np.array([3, 5]), boxes=boxes)
    assert evaluate_scene_graphs([prediction], [target], n_predicates=1, ks=(1,)).scores["recall@1"] == 0.0


def test_object_scores_reorder_candidates():
    pairs = np.array([[0, 1], [2, 3]])
    scores = np.array([[0.5], [0.6]])
    labels = np.array([0, 0, 0, 0])
    target = Target(relations=np.array([[0, 1, 0]]), labels=labels)
    low = Prediction(pairs, scores, labels, object_scores=np.array([1.0, 1.0, 0.5, 0.5]))
    assert evaluate_scene_graphs([low], [target], n_predicates=1, ks=(1,)).scores["recall@1"] == 1.0
    high = Prediction(pairs, scores, labels)
    assert evaluate_scene_graphs([high], [target], n_predicates=1, ks=(1,)).scores["recall@1"] == 0.0


def test_images_without_relations_are_skipped_and_mismatch_raises():
    prediction, target = _worked_example()
    empty = Target(relations=np.zeros((0, 3), dtype=int), labels=LABELS)
    scores = evaluate_scene_graphs([prediction, prediction], [target, empty], n_predicates=5, ks=(2,)).scores
    assert scores["recall@2"] == pytest.approx(2 / 3)
    with pytest.raises(ParameterError, match="same length"):
        evaluate_scene_graphs([prediction], [target, target], n_predicates=5)
    with pytest.raises(ParameterError, match="no relation"):
        evaluate_scene_graphs([prediction], [empty], n_predicates=5)
