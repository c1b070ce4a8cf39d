"""SLUGGER: exact decoding (hypothesis), cost bookkeeping, hierarchy, parameters, reference format."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import EmptyGraphError, ParameterError, UnsupportedGraphError
from engine.summarization import slugger
from engine.summarization import simple_adjacency
from engine.summarization.formats import read_slugger, write_slugger
from engine.types import Graph


def _same_graph(summary, graph) -> bool:
    return (summary.decode().adjacency != simple_adjacency(graph)).nnz == 0


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 300))
    kind = draw(st.sampled_from(["random", "star", "clique", "disconnected", "empty"]))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    if kind == "star":
        src, dst = np.zeros(n - 1, dtype=int), np.arange(1, n)
    elif kind == "clique":
        size = min(n, 40)
        src, dst = np.triu_indices(size, 1)
    elif kind == "empty":
        src = dst = np.zeros(0, dtype=int)
    else:
        density = draw(st.floats(0.002, 0.3))
        m = int(density * n * (n - 1) / 2)
        src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
        if kind == "disconnected":
            half = max(n // 2, 1)
            src, dst = src % half, dst % half
            src = np.concatenate([src, src + half])[: 2 * m]
            dst = np.concatenate([dst, dst + half])[: 2 * m]
            keep = (src < n) & (dst < n)
            src, dst = src[keep], dst[keep]
    return Graph.from_edges(src, dst, n_nodes=n, name=kind), seed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_slugger_decodes_exactly_to_its_input(case):
    graph, seed = case
    summary = slugger(graph, n_iterations=3, seed=seed % 1000)
    assert _same_graph(summary, graph)
    assert summary.cost <= max(summary.n_edges, 0) or summary.n_edges == 0
    assert summary.cost == summary.n_pos + summary.n_neg + summary.n_hier


def test_slugger_compresses_a_clique_to_one_self_edge_per_block():
    n = 16
    src, dst = np.triu_indices(n, 1)
    graph = Graph.from_edges(src, dst, n_nodes=n)
    summary = slugger(graph, seed=0)
    assert _same_graph(summary, graph)
    assert summary.relative_size < 0.5  # 120 edges need far fewer than 120 summary edges
    assert summary.n_neg == 0


def test_slugger_on_karate(karate):
    summary = slugger(karate, seed=1)
    assert _same_graph(summary, karate)
    assert summary.relative_size < 0.95
    depths = summary.leaf_depths()
    assert summary.max_leaf_depth == depths.max() and summary.avg_leaf_depth == pytest.approx(depths.mean())
    # parents always have larger ids than their children (a forest, no cycles)
    children = np.flatnonzero(summary.parent >= 0)
    assert np.all(summary.parent[children] > children)
    # the pre-pruning cost of the last iteration bounds the final cost
    assert summary.cost <= summary.history[-1][1]


def test_slugger_same_seed_same_summary(karate):
    first, second = slugger(karate, seed=5), slugger(karate, seed=5)
    np.testing.assert_array_equal(first.parent, second.parent)
    np.testing.assert_array_equal(first.pos_edges, second.pos_edges)


def test_slugger_reference_format_round_trip(karate, tmp_path):
    summary = slugger(karate, seed=2)
    write_slugger(summary, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["H.txt", "Pminus.txt", "Pplus.txt"]
    back = read_slugger(tmp_path / "out", karate)
    assert back.cost == summary.cost
    assert _same_graph(back, karate)


def test_slugger_bad_parameters_and_graphs(karate):
    with pytest.raises(ParameterError, match="n_iterations"):
        slugger(karate, n_iterations=-1)
    with pytest.raises(ParameterError, match="seed"):
        slugger(karate, seed=-1)
    with pytest.raises(UnsupportedGraphError):
        slugger(Graph.from_edges([0], [1], directed=True))
    with pytest.raises(EmptyGraphError):
        slugger(Graph.from_edges([], [], n_nodes=0))
