"""Dataset statistics, the frequency baseline and DiffuseSG's set measures."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import EmptyGraphError, ParameterError
from engine.scenegraph import (
    SceneGraph,
    SceneGraphDataset,
    compare_graph_sets,
    dataset_summary,
    frequency_baseline,
    gaussian_mmd,
    generate_synthetic,
    graph_statistics,
    novelty,
    predicate_frequencies,
    run_predcls,
    shot_shares,
    triplet_frequencies,
    triplet_total_variation,
    vocabulary_from_graphs,
)
from engine.scenegraph.setmetrics import degree_histograms

GRAPHS = (
    SceneGraph(("man", "horse", "hat"), ((0, 1, "riding"), (0, 2, "wearing"))),
    SceneGraph(("man", "horse"), ((0, 1, "riding"), (0, 1, "riding"), (1, 0, "near"))),
    SceneGraph(("hat",)),
)


def _dataset(graphs=GRAPHS) -> SceneGraphDataset:
    return SceneGraphDataset(tuple(graphs), vocabulary_from_graphs(GRAPHS), name="toy")


def test_graph_statistics_by_hand():
    stats = graph_statistics(_dataset())
    assert stats["n_objects"].tolist() == [3, 2, 1]
    assert stats["n_relations"].tolist() == [2, 3, 0]
    assert stats["density"].tolist() == pytest.approx([2 / 6, 3 / 2, 0.0])


def test_frequencies_and_summary():
    data = _dataset()
    assert predicate_frequencies(data).to_dict() == {"riding": 3, "near": 1, "wearing": 1}
    triplets = triplet_frequencies(data)
    assert triplets[("man", "riding", "horse")] == 3 and triplets.iloc[0] == 3
    summary = dataset_summary(data)
    assert summary["n_graphs"] == 3 and summary["n_relations"] == 5 and summary["top_predicates"][0] == ["riding", 3]
    with pytest.raises(EmptyGraphError):
        dataset_summary(_dataset(()))


def test_shot_shares_by_hand():
    train = _dataset(GRAPHS[:1])
    test = _dataset(GRAPHS[1:2])
    shares = shot_shares(train, test)
    # test triplets: riding x2 (seen once), near (unseen)
    assert shares["zero_shot_share"] == pytest.approx(1 / 3)
    assert shares["few_shot_share"] == pytest.approx(2 / 3)
    assert shares["zero_shot_unique_share"] == pytest.approx(1 / 2)
    assert shares["n_images_with_zero_shot"] == 1


def test_frequency_baseline_counts_and_background():
    boxes = np.array([[0, 0, 10, 10], [5, 5, 10, 10], [100, 100, 5, 5]], dtype=float)
    graph = SceneGraph(("man", "horse", "hat"), ((0, 1, "riding"),), boxes=boxes)
    data = SceneGraphDataset((graph,), vocabulary_from_graphs([graph]))
    model = frequency_baseline(data)
    hat, horse, man = 0, 1, 2
    assert model.counts[man, horse, 1] == 1
    # vocabulary: one predicate; overlapping ordered pairs: (man, horse) and (horse, man); the hat overlaps nothing -> background 1 + count
    assert model.counts[man, horse, 0] == 2 and model.counts[horse, man, 0] == 2 and model.counts[man, hat, 0] == 1
    probs = model.predicate_probabilities(np.array([man]), np.array([horse]))
    assert probs.sum() == pytest.approx(1.0) and probs[0, 1] == pytest.approx((1 / 3 + 1e-3) / (1 + 2e-3))


def test_frequency_baseline_scores_about_zero_zero_shot_recall():
    split = generate_synthetic(300, 100, seed=2)
    run = run_predcls(split.train, split.test, method="frequency")
    assert run.scores["zs_recall@50"] <= 0.02 and run.scores["zs_recall_ng@50"] <= 0.05
    assert run.scores["recall@50"] > 0.3


def test_mmd_is_zero_for_identical_sets_and_positive_otherwise():
    data = _dataset()
    measures = compare_graph_sets(data, data)
    assert measures["mmd_degree"] == 0.0 and measures["mmd_node_type"] == 0.0 and measures["mmd_edge_type"] == 0.0
    assert measures["triplet_tv"] == 0.0 and measures["novelty"] == 0.0
    assert gaussian_mmd([np.array([1, 0])], [np.array([0, 1])]) == pytest.approx(2 - 2 * np.exp(-1))


def test_degree_histogram_drops_isolated_nodes_and_direction():
    (hist,) = degree_histograms([SceneGraph(("a", "b", "c", "d"), ((0, 1, "x"), (1, 0, "y"), (1, 2, "z")))])
    assert hist.tolist() == [0, 2, 1]


def test_novelty_by_hand():
    reference = [SceneGraph(("man", "horse"), ((0, 1, "riding"),))]
    generated = [SceneGraph(("man", "horse"), ((0, 1, "riding"), (0, 1, "on")))]
    assert novelty(reference, generated) == 0.5
    assert triplet_total_variation(reference, generated) == pytest.approx(0.5)
    assert triplet_total_variation(reference, generated, full=True) == pytest.approx(1.0)


_triplet_lists = st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xy"), st.sampled_from("abc")), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(_triplet_lists, _triplet_lists)
def test_total_variation_lies_in_zero_two(first, second):
    def graphs(triplets):
        return [SceneGraph((s, o), ((0, 1, p),)) for s, p, o in triplets]

    for full in (False, True):
        tv = triplet_total_variation(graphs(first), graphs(second), full=full)
        assert 0.0 <= tv <= 2.0 + 1e-12


def test_split_gives_both_sides_at_least_one_graph():
    train, test = _dataset().split(test_fraction=0.2, seed=0)
    assert (len(train), len(test)) == (2, 1)
    assert sorted(map(id, train.graphs + test.graphs)) == sorted(map(id, GRAPHS))
    with pytest.raises(ParameterError, match="cannot split"):
        _dataset(GRAPHS[:1]).split()


def test_count_table_refuses_huge_vocabularies():
    from engine.errors import GraphTooLargeError
    from engine.scenegraph import Vocabulary, triplet_count_table

    vocabulary = Vocabulary(objects=tuple(f"o{i}" for i in range(2000)), predicates=tuple(f"p{i}" for i in range(300)))
    with pytest.raises(GraphTooLargeError, match="restrict the data to the VG150 vocabulary"):
        triplet_count_table(SceneGraphDataset((), vocabulary))
