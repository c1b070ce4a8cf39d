"""Projection and the two loss patterns; the theorem "maximal cliques recover H iff neither pattern occurs"."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.hypergraph import (
    Hypergraph,
    MaxCliqueReconstructor,
    exactly_recoverable,
    loss_patterns,
    maximal_cliques,
    project,
    reconstruction_scores,
)


def test_projection_of_a_known_hypergraph():
    # {1,2,3} and {2,3,4} share the pair 2-3 (multiplicity 2); {5} is isolated.
    h = Hypergraph.from_hyperedges([[1, 2, 3], [2, 3, 4], [5]])
    g = project(h)
    assert g.node_ids == (1, 2, 3, 4, 5)
    dense = g.adjacency.toarray()
    expected = np.array(
        [
            [0, 1, 1, 0, 0],
            [1, 0, 2, 1, 0],
            [1, 2, 0, 1, 0],
            [0, 1, 1, 0, 0],
            [0, 0, 0, 0, 0],
        ]
    )
    assert np.array_equal(dense, expected)
    assert g.n_edges == 5
    assert project(h, weighted=False).adjacency.max() == 1


def test_maximal_cliques_include_isolated_nodes():
    h = Hypergraph.from_hyperedges([[1, 2, 3], [2, 3, 4], [5]])
    assert set(maximal_cliques(project(h))) == {frozenset({1, 2, 3}), frozenset({2, 3, 4}), frozenset({5})}


def test_both_patterns_found_with_counts_by_size():
    h = Hypergraph.from_hyperedges([["a", "b", "x"], ["b", "c", "y"], ["a", "c", "z"], ["a", "b"], ["q", "r"]])
    patterns = loss_patterns(h)
    assert patterns.nested == (frozenset({"a", "b"}),)
    assert patterns.uncovered_cliques == (frozenset({"a", "b", "c"}),)
    assert patterns.counts_by_size() == {"nested": {2: 1}, "uncovered_cliques": {3: 1}}
    assert patterns.n_hyperedges == 5 and patterns.n_hyperedges_as_cliques == 4
    assert not patterns.exactly_recoverable


def test_enron_pattern_counts_match_the_spec():
    from engine.hypergraph import load_hypergraph_pair

    patterns = loss_patterns(load_hypergraph_pair("enron")[1])
    # spec §1: Enron test half 45 hyperedges are maximal cliques, 456 nested, 317 uncovered cliques, 362 cliques
    assert (patterns.n_hyperedges_as_cliques, patterns.n_nested, patterns.n_uncovered_cliques) == (45, 456, 317)
    assert patterns.n_maximal_cliques == 362


def _max_clique_jaccard(h: Hypergraph) -> float:
    return reconstruction_scores(MaxCliqueReconstructor().predict(project(h)), h).jaccard


@st.composite
def disjoint_hypergraphs(draw):
    """Disjoint hyperedges (no pattern possible) and one proper subset of a hyperedge of size >= 2."""
    sizes = draw(st.lists(st.integers(1, 6), min_size=1, max_size=10))
    if max(sizes) < 2:
        sizes.append(2)
    edges, start = [], 0
    for size in sizes:
        edges.append(list(range(start, start + size)))
        start += size
    host = draw(st.sampled_from([e for e in edges if len(e) >= 2]))
    nested = draw(st.sets(st.sampled_from(host), min_size=1, max_size=len(host) - 1))
    return edges, nested


@settings(max_examples=60, deadline=None)
@given(disjoint_hypergraphs())
def test_no_pattern_means_exact_recovery_and_one_nested_hyperedge_breaks_it(case):
    edges, nested = case
    h = Hypergraph.from_hyperedges(edges)
    assert exactly_recoverable(h)
    assert _max_clique_jaccard(h) == 1.0
    broken = Hypergraph.from_hyperedges(edges + [sorted(nested)])
    assert not exactly_recoverable(broken)
    assert loss_patterns(broken).n_nested == 1
    assert _max_clique_jaccard(broken) < 1.0


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sets(st.integers(0, 9), min_size=1, max_size=5), min_size=1, max_size=8))
def test_maximal_cliques_recover_exactly_iff_no_pattern(edges):
    h = Hypergraph.from_hyperedges(edges)
    recovered = set(maximal_cliques(project(h))) == set(h.hyperedges)
    assert recovered == exactly_recoverable(h)
