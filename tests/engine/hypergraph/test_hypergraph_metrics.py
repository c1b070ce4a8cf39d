"""Set metrics between hyperedge sets, on hand-made cases."""

from __future__ import annotations

import math

import pytest

from engine.errors import UndefinedMetricWarning
from engine.hypergraph import Hypergraph, outcome_sets, per_size_scores, reconstruction_scores


def test_scores_on_a_hand_made_case():
    true = [{1, 2}, {2, 3, 4}, {5}, {6, 7}]
    predicted = [{1, 2}, {2, 3}, {5}, {4, 8}]
    s = reconstruction_scores(predicted, true)
    # correct {1,2},{5}: 2; union 4 + 4 - 2 = 6
    assert (s.n_correct, s.n_true, s.n_predicted) == (2, 4, 4)
    assert s.jaccard == pytest.approx(2 / 6)
    assert s.precision == pytest.approx(0.5) and s.recall == pytest.approx(0.5) and s.f1 == pytest.approx(0.5)


def test_duplicates_are_dropped_and_singletons_count():
    s = reconstruction_scores([{1, 2}, {2, 1}, {3}], Hypergraph.from_hyperedges([[1, 2], [3], [1, 2]]))
    assert (s.jaccard, s.precision, s.recall, s.n_predicted, s.n_true) == (1.0, 1.0, 1.0, 2, 2)


def test_disjoint_sets_score_zero():
    s = reconstruction_scores([{1, 2}], [{1, 3}])
    assert (s.jaccard, s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0, 0.0)


def test_empty_prediction_warns_on_precision():
    with pytest.warns(UndefinedMetricWarning, match="precision"):
        s = reconstruction_scores([], [{1, 2}])
    assert s.precision == 0.0 and s.recall == 0.0 and s.jaccard == 0.0


def test_per_size_breakdown():
    table = per_size_scores([{1, 2}, {3, 4}, {1, 2, 3}, {9}], [{1, 2}, {2, 3}, {5, 6, 7}, {1, 2, 3, 4}])
    rows = {row["size"]: row for row in table.to_dict("records")}
    assert set(rows) == {1, 2, 3, 4}
    assert (rows[2]["n_true"], rows[2]["n_predicted"], rows[2]["n_correct"]) == (2, 2, 1)
    assert rows[2]["recall"] == 0.5 and rows[2]["precision"] == 0.5
    assert rows[3]["recall"] == 0.0 and rows[3]["precision"] == 0.0
    assert math.isnan(rows[1]["recall"]) and rows[1]["precision"] == 0.0
    assert rows[4]["recall"] == 0.0 and math.isnan(rows[4]["precision"])


def test_outcome_sets_partition_the_union():
    out = outcome_sets([{1, 2}, {3}], [{1, 2}, {4, 5}])
    assert out == {"correct": {frozenset({1, 2})}, "spurious": {frozenset({3})}, "missed": {frozenset({4, 5})}}
