"""Baselines: maximal cliques, greedy edge clique cover, k-clique percolation; the evaluation runner."""

from __future__ import annotations

import pytest

from engine.errors import ParameterError
from engine.hypergraph import (
    CliqueCoverReconstructor,
    Hypergraph,
    KCliquePercolationReconstructor,
    evaluate_reconstruction,
    load_hypergraph_pair,
    project,
)
from engine.types import Graph


def _edges(h: Hypergraph) -> set:
    return {tuple(sorted(e)) for e in h.hyperedges}


def test_clique_cover_covers_every_edge_with_cliques():
    # two triangles sharing node 2, plus a pendant edge and an isolated node
    graph = Graph.from_edges([0, 0, 1, 2, 2, 3, 4], [1, 2, 2, 3, 4, 4, 5], n_nodes=7)
    cover = CliqueCoverReconstructor().predict(graph)
    assert _edges(cover) == {(0, 1, 2), (2, 3, 4), (4, 5), (6,)}


def test_clique_cover_stops_growing_when_no_new_edge_is_covered():
    # K4 on 0..3 covered first; the later triangle 2-3-4 only needs edges 2-4 and 3-4
    h = Hypergraph.from_hyperedges([[0, 1, 2, 3], [2, 3, 4]])
    assert _edges(CliqueCoverReconstructor().predict(project(h))) == {(0, 1, 2, 3), (2, 3, 4)}


def test_kclique_percolation_tunes_k_on_training_data():
    # two K4s joined by an edge: 3-clique percolation separates them, 2-clique percolation merges them
    h = Hypergraph.from_hyperedges([[0, 1, 2, 3], [4, 5, 6, 7], [3, 4]])
    model = KCliquePercolationReconstructor(max_k=4).fit(h)
    assert model.k_ == 3
    assert _edges(model.predict(project(h))) == {(0, 1, 2, 3), (4, 5, 6, 7)}
    with pytest.raises(ParameterError, match="max_k"):
        KCliquePercolationReconstructor(max_k=1).fit(h)


@pytest.mark.parametrize(("method", "expected"), [("maxclique", 0.0419), ("cliquecover", 0.0621)])
def test_baselines_on_enron_match_the_spec(method, expected):
    # spec §4: MaxClique 4.19 (reference code), sorted-order edge clique cover 6.21
    result = evaluate_reconstruction(*load_hypergraph_pair("enron"), method)
    assert result.scores.jaccard == pytest.approx(expected, abs=0.002)
    assert result.method == method and result.metrics()["jaccard"] == result.scores.jaccard
    assert result.per_size["n_true"].sum() == 756


def test_unknown_method_is_a_parameter_error():
    with pytest.raises(ParameterError, match="method"):
        evaluate_reconstruction(*load_hypergraph_pair("crime"), "bayesian")
