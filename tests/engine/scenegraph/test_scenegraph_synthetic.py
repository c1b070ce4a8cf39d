"""The synthetic generator: VG150 calibration, the zero-shot hold-out, reproducibility."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.scenegraph import generate_synthetic, load_vg150_vocabulary, shot_shares


@pytest.fixture(scope="module")
def split():
    return generate_synthetic(1200, 400, seed=3)


def test_predicate_marginals_within_two_points_of_vg150(split):
    vocabulary = load_vg150_vocabulary()
    expected = np.array(vocabulary.predicate_counts, dtype=float)
    expected /= expected.sum()
    counts = Counter(p for data in (split.train, split.test) for g in data for _, _, p in g.relations)
    total = sum(counts.values())
    observed = np.array([counts[p] / total for p in vocabulary.predicates])
    assert np.abs(observed - expected).max() <= 0.02
    # the long tail is there: "on" leads, as in VG150 (34.8%)
    assert vocabulary.predicates[int(observed.argmax())] == "on"


def test_sizes_densities_and_boxes(split):
    n = np.array([g.n_objects for g in split.train])
    m = np.array([g.n_relations for g in split.train])
    assert n.min() >= 3 and n.max() <= 40
    assert 9 < n.mean() < 14 and 0.35 < m.sum() / n.sum() < 0.55
    assert 0.03 < np.mean([g.density for g in split.train]) < 0.1
    graph = split.train[0]
    width, height = graph.image_size
    assert graph.boxes.shape == (graph.n_objects, 4)
    assert (graph.boxes[:, 0] >= 0).all() and (graph.boxes[:, 0] + graph.boxes[:, 2] <= width + 0.1).all()
    assert (graph.boxes[:, 1] + graph.boxes[:, 3] <= height + 0.1).all()


def test_held_out_triplets_never_in_train_and_present_in_test(split):
    vocabulary = split.train.vocabulary
    index_o, index_p = vocabulary.object_index, vocabulary.predicate_index

    def held(t):
        return split.held_out[index_o(t[0]), index_o(t[2]), index_p(t[1])]

    assert not any(held(t) for g in split.train for t in g.triplets())
    assert any(held(t) for g in split.test for t in g.triplets())
    shares = shot_shares(split.train, split.test)
    assert 0.03 < shares["zero_shot_share"] < 0.3
    assert split.train.synthetic and split.test.synthetic and "(synthetic)" in split.test.display_name


def test_same_seed_same_graphs_and_different_seed_differs():
    a, b, c = (generate_synthetic(5, 3, seed=s) for s in (7, 7, 8))
    assert a.train.fingerprint() == b.train.fingerprint()
    assert a.train.fingerprint() != c.train.fingerprint()


def test_bad_parameters():
    with pytest.raises(ParameterError, match="n_train"):
        generate_synthetic(0, 5)
    with pytest.raises(ParameterError, match="zero_shot_rate"):
        generate_synthetic(5, 5, zero_shot_rate=1.0)
    with pytest.raises(ParameterError, match="min_objects"):
        generate_synthetic(5, 5, min_objects=5, max_objects=4)
