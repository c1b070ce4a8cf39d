"""SHyRe's motif features: counts by hand, a brute-force property, the feature selection, fit/predict."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import ParameterError
from engine.hypergraph import Hypergraph, ShyreReconstructor, load_hypergraph_pair, project, reconstruction_scores
from engine.hypergraph.motifs import MOTIF_FEATURES, motif_counts, motif_features

# The maximal cliques of the graph 0-1, 0-2, 1-2, 1-3, 2-3, 2-4, 0-5.
CLIQUES = [(0, 1, 2), (1, 2, 3), (2, 4), (0, 5)]


def test_node_motifs_by_hand():
    nodes, _ = motif_counts(CLIQUES, 6, [0, 1, 2, 5], [])
    # node 2 is in {0,1,2}, {1,2,3}, {2,4}: the first two also share node 1, the other two pairs share only 2
    assert nodes.tolist() == [[2, 1, 0], [2, 0, 1], [3, 2, 1], [1, 0, 0]]


def test_pair_motifs_by_hand():
    _, pairs = motif_counts(CLIQUES, 6, [], [(1, 2), (0, 2), (0, 1)])
    # (1,2): {0,1,2} and {1,2,3} hold both (share nothing else: motif 11); {2,4} holds only 2 (motif 9 with each)
    assert pairs[0].tolist() == [2, 1, 0, 0, 0, 2, 0, 1, 0, 0]
    # (0,2): {0,1,2} both; {0,5} only 0; {1,2,3}, {2,4} only 2.  both+one: {0,5}, {2,4} share nothing else (9 twice),
    # {1,2,3} shares node 1 (12); only-0 x only-2: two disjoint pairs (6); {1,2,3} x {2,4} share only 2 (7)
    assert pairs[1].tolist() == [1, 3, 2, 1, 0, 2, 0, 0, 1, 0]
    # (0,1): {0,1,2} both; {0,5} only 0; {1,2,3} only 1, which shares node 2 with {0,1,2} (12)
    assert pairs[2].tolist() == [1, 2, 1, 0, 0, 1, 0, 0, 1, 0]


def test_motif_feature_row_by_hand():
    degree = np.array([3, 3, 4, 1, 1, 1], dtype=float)
    features = motif_features([(0, 1, 2), (5,)], CLIQUES, degree)
    assert features.shape == (2, len(MOTIF_FEATURES)) == (2, 54)
    row = dict(zip(MOTIF_FEATURES, features[0]))
    assert row["size"] == 3 and row["mean_degree"] == pytest.approx(10 / 3)
    # motif 1 over nodes 0, 1, 2: 2, 2, 3
    assert [row[f"motif1_{s}"] for s in ("min", "max", "mean")] == pytest.approx([2, 3, 7 / 3])
    assert row["motif1_std"] == pytest.approx(np.std([2, 2, 3]))
    # motif 4 over pairs (0,1), (0,2), (1,2): 1, 1, 2; motif 9: 1, 2, 2
    assert [row[f"motif4_{s}"] for s in ("min", "max", "mean")] == pytest.approx([1, 2, 4 / 3])
    assert [row[f"motif9_{s}"] for s in ("min", "max", "mean")] == pytest.approx([1, 2, 5 / 3])
    single = dict(zip(MOTIF_FEATURES, features[1]))
    assert single["size"] == 1 and single["motif1_max"] == 1
    assert all(single[f"motif{m}_{s}"] == 0 for m in range(4, 14) for s in ("min", "max", "mean", "std"))


def _brute_force_pair(cliques, u, v):
    """Motifs 4-13 of (u, v) straight from their definitions, one clique pair at a time."""
    around = [set(c) for c in cliques if u in c or v in c]
    kind = ["both" if u in c and v in c else ("u" if u in c else "v") for c in around]
    counts = [sum(k == "both" for k in kind), sum(k != "both" for k in kind)] + [0] * 8
    for i, j in combinations(range(len(around)), 2):
        shares = bool((around[i] & around[j]) - {u, v})
        kinds = {kind[i], kind[j]}
        if kinds == {"u", "v"}:
            slot = 6 if shares else 4  # motif 8 / 6
        elif len(kinds) == 1 and kinds != {"both"}:
            slot = 8 if shares else 5  # motif 10 / 7
        elif "both" in kinds and len(kinds) == 2:
            slot = 10 if shares else 7  # motif 12 / 9
        else:
            slot = 11 if shares else 9  # motif 13 / 11
        counts[slot - 2] += 1
    return counts


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sets(st.integers(0, 7), min_size=1, max_size=5), min_size=1, max_size=12))
def test_pair_motifs_equal_the_brute_force_definition(sets):
    cliques = [tuple(sorted(s)) for s in {frozenset(s) for s in sets}]
    pairs = [(u, v) for u, v in combinations(range(8), 2)]
    _, counts = motif_counts(cliques, 8, [], pairs)
    assert [counts[i].tolist() for i in range(len(pairs))] == [_brute_force_pair(cliques, u, v) for u, v in pairs]


def test_shyre_motif_features_fit_and_predict():
    train, test = load_hypergraph_pair("crime")
    model = ShyreReconstructor(budget=1000, seed=1, features="motif").fit(train)
    assert len(model.feature_names_) == 19
    assert model.feature_names_[:9] == MOTIF_FEATURES[:9]
    assert set(model.feature_names_[9:]) <= set(MOTIF_FEATURES[9:])
    predicted = model.predict(project(test))
    assert reconstruction_scores(predicted, test).jaccard >= 0.75  # maximal cliques alone: 0.788


def test_shyre_rejects_unknown_features():
    toy = Hypergraph.from_hyperedges([[0, 1, 2], [1, 2], [3, 4]])
    with pytest.raises(ParameterError, match="features"):
        ShyreReconstructor(features="graphlets").fit(toy)
