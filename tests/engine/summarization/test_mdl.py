"""summary_cost against a dense brute-force computation on small graphs."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.summarization import summary_cost
from engine.summarization import simple_adjacency
from engine.types import Graph


def _brute_force(graph: Graph, partition, superedges):
    a = simple_adjacency(graph).toarray()
    n = len(a)
    partition = np.asarray(partition)
    ids = sorted(set(partition.tolist()))
    kept = {frozenset(e) if e[0] != e[1] else frozenset([e[0]]) for e in map(tuple, superedges)}
    recon = np.zeros_like(a)
    counts = {}
    for x, y in itertools.combinations_with_replacement(ids, 2):
        mx, my = np.flatnonzero(partition == x), np.flatnonzero(partition == y)
        if x == y:
            pairs = [(u, v) for u, v in itertools.combinations(mx, 2)]
        else:
            pairs = [(u, v) for u in mx for v in my]
        count = sum(a[u, v] for u, v in pairs)
        key = frozenset([x, y])
        if key in kept and pairs:
            counts[key] = count
            for u, v in pairs:
                recon[u, v] = recon[v, u] = count / len(pairs)
    off = ~np.eye(n, dtype=bool)
    l1 = np.abs(a - recon)[off].sum()
    l2 = ((a - recon) ** 2)[off].sum()
    n_super = len(ids)
    omega = max(counts.values(), default=0)
    log_s = np.log2(n_super) if n_super > 1 else 0.0
    log_w = np.log2(omega) if omega > 1 else 0.0
    size = len(kept) * (2 * log_s + log_w) + n * log_s
    return size, l1 / (n * (n - 1)), np.sqrt(l2) / (n * (n - 1)), omega


def test_summary_cost_hand_checked():
    # triangle 0-1-2 plus edge 2-3; supernodes {0,1,2} and {3}
    g = Graph.from_edges([0, 0, 1, 2], [1, 2, 2, 3])
    cost = summary_cost(g, [0, 0, 0, 1], [(0, 0), (0, 1)])
    # block {0,1,2}: 3 edges / 3 pairs (exact); block {0,1,2}x{3}: 1 edge / 3 pairs -> L1 = 2 * 2 * 1 * (2/3)
    assert cost.l1 == pytest.approx(8 / 3)
    assert cost.re1 == pytest.approx(8 / 3 / 12)
    assert cost.l2 == pytest.approx(2 * (1 - 1 / 3))
    assert cost.omega_max == 3
    assert cost.size_bits == pytest.approx(2 * (2 * 1 + np.log2(3)) + 4 * 1)
    assert cost.input_bits == pytest.approx(2 * 4 * 2)


@pytest.mark.parametrize("seed", range(6))
def test_summary_cost_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 16))
    dense = np.triu(rng.random((n, n)) < rng.uniform(0.15, 0.6), 1)
    rows, cols = np.nonzero(dense)
    g = Graph.from_edges(rows, cols, n_nodes=n)
    partition = rng.integers(0, int(rng.integers(1, n)), size=n) * 7  # non-contiguous ids
    ids = np.unique(partition)
    pairs = [(x, y) for x, y in itertools.combinations_with_replacement(ids, 2)]
    chosen = [pairs[i] for i in rng.choice(len(pairs), size=int(rng.integers(0, len(pairs) + 1)), replace=False)]
    chosen = [(y, x) if rng.random() < 0.5 else (x, y) for x, y in chosen]
    cost = summary_cost(g, partition, np.array(chosen, dtype=np.int64).reshape(-1, 2))
    size, re1, re2, omega = _brute_force(g, partition, chosen)
    assert cost.re1 == pytest.approx(re1, abs=1e-12)
    assert cost.re2 == pytest.approx(re2, abs=1e-12)
    assert cost.omega_max == omega
    assert cost.size_bits == pytest.approx(size)


def test_summary_cost_empty_summary_baseline(karate):
    cost = summary_cost(karate, np.zeros(karate.n_nodes, dtype=int), np.zeros((0, 2), dtype=int))
    n, m = karate.n_nodes, karate.n_edges
    assert cost.re1 == pytest.approx(2 * m / (n * (n - 1)))
    assert cost.re2 == pytest.approx(np.sqrt(2 * m) / (n * (n - 1)))
    assert cost.size_bits == 0.0


def test_summary_cost_rejects_bad_input(path_graph):
    with pytest.raises(ParameterError, match="one entry per node"):
        summary_cost(path_graph, [0, 1], [])
    with pytest.raises(ParameterError, match="not in the partition"):
        summary_cost(path_graph, [0, 0, 1, 1], [(0, 5)])


@pytest.mark.parametrize("seed", range(5))
def test_block_counts_on_a_graph_with_loops_equal_those_of_its_simple_version(seed):
    from engine.summarization._mdl import block_counts, simple_edge_count

    generator = np.random.default_rng(seed)
    n = 30
    source, target = generator.integers(0, n, size=(2, 120))  # duplicates and self-loops included
    graph = Graph.from_edges(source, target, n_nodes=n)
    partition = generator.integers(0, 7, size=n).astype(np.int64)
    simple = simple_adjacency(graph)
    a, b, count = block_counts(graph.adjacency, partition)
    # by hand: every simple edge u < v, its unordered supernode pair
    rows, cols = simple.nonzero()
    upper = rows < cols
    pa, pb = partition[rows[upper]], partition[cols[upper]]
    expected, expected_counts = np.unique(np.stack([np.minimum(pa, pb), np.maximum(pa, pb)], axis=1), axis=0,
                                          return_counts=True)
    assert np.array_equal(np.stack([a, b], axis=1), expected) and np.array_equal(count, expected_counts)
    assert a.dtype == b.dtype == count.dtype == np.int64
    assert simple_edge_count(graph) == simple.nnz // 2 == int(count.sum())
    assert np.array_equal(block_counts(simple, partition)[2], count)
