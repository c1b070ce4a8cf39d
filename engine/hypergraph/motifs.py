"""Hypergraph-motif features of candidate hyperedges (SHyRe's *motif* feature set).

The maximal cliques of a projected graph are read as a pseudo-hypergraph M.
Around every node ``v`` of a candidate, three node motifs count the cliques of
M holding ``v`` and the pairs of them; around every pair ``(u, v)`` of the
candidate, ten pair motifs count the cliques holding ``u`` or ``v`` and the
pairs of such cliques, by which of ``u``/``v`` each clique holds and by
whether the two cliques share a node other than ``u`` and ``v``:

== ============================================================================
1  cliques holding ``v``
2  pairs of cliques holding ``v`` that share no other node
3  pairs of cliques holding ``v`` that share another node
4  cliques holding both ``u`` and ``v``
5  cliques holding exactly one of ``u``, ``v``
6  pairs {only-``u`` clique, only-``v`` clique} sharing no node
7  pairs of cliques holding the same one of ``u``, ``v`` (only) that share no other node
8  as 6, sharing some node
9  pairs {clique holding both, clique holding one} that share no other node
10 as 7, sharing another node
11 pairs of cliques holding both that share no other node
12 as 9, sharing another node
13 as 11, sharing another node
== ============================================================================

A candidate with ``s`` nodes is described by its size, the mean degree of its
nodes in the graph, and the min / max / mean / standard deviation of each node
motif over its ``s`` nodes and of each pair motif over its ``s(s-1)/2`` pairs
(all zero for ``s = 1``): 2 + 13 × 4 = 54 columns, named in
:data:`MOTIF_FEATURES`.

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
Remediation", ICLR 2024 (arXiv:2401.08519), the motif features of SHyRe. Unlike
the authors' C++ extractor, counts are exact (no neighbourhood down-sampling)
and are computed from clique-overlap sizes of the cliques around each pair.

Examples
--------
>>> nodes, pairs = motif_counts([(0, 1, 2), (2, 3)], 4, [2], [(0, 2)])
>>> nodes.tolist(), pairs.tolist()
([[2, 1, 0]], [[1, 1, 0, 0, 0, 1, 0, 0, 0, 0]])
"""

from __future__ import annotations

from itertools import combinations
from typing import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from engine.errors import GraphTooLargeError

__all__ = ["MOTIF_FEATURES", "N_NODE_MOTIFS", "N_PAIR_MOTIFS", "motif_counts", "motif_features"]

#: Number of node motifs (1-3) and pair motifs (4-13).
N_NODE_MOTIFS, N_PAIR_MOTIFS = 3, 10
#: Names of the 54 motif-feature columns, in order.
MOTIF_FEATURES = ("size", "mean_degree") + tuple(
    f"motif{m}_{stat}" for m in range(1, N_NODE_MOTIFS + N_PAIR_MOTIFS + 1) for stat in ("min", "max", "mean", "std")
)
#: Largest number of clique pairs the counting may examine (Σ over node pairs of |cliques around the pair|²).
MAX_CLIQUE_PAIRS = 1_000_000_000


def _incidence(cliques: Sequence[tuple[int, ...]], n_nodes: int) -> sp.csc_matrix:
    """Node × clique 0/1 incidence (float32, so that products count shared nodes)."""
    sizes = np.fromiter((len(c) for c in cliques), dtype=np.int64, count=len(cliques))
    rows = np.fromiter((v for c in cliques for v in c), dtype=np.int64, count=int(sizes.sum()))
    cols = np.repeat(np.arange(len(cliques)), sizes)
    return sp.csc_matrix((np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(n_nodes, len(cliques)))


def _overlaps(incidence: sp.csc_matrix, columns: np.ndarray) -> np.ndarray:
    """Dense matrix of shared-node counts between the given cliques."""
    sub = incidence[:, columns]
    return np.rint((sub.T @ sub).toarray()).astype(np.int64)


def _upper(block: np.ndarray, value: int) -> tuple[int, int]:
    """Among unordered pairs of distinct rows of a square block: (# equal to value, # above value)."""
    upper = block[np.triu_indices(len(block), 1)]
    return int((upper == value).sum()), int((upper > value).sum())


def motif_counts(
    cliques: Sequence[tuple[int, ...]],
    n_nodes: int,
    nodes: Sequence[int],
    pairs: Sequence[tuple[int, int]],
    *,
    on_progress: Callable[[float, str], None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Node motifs 1-3 of ``nodes`` and pair motifs 4-13 of ``pairs`` in the clique pseudo-hypergraph.

    Parameters
    ----------
    cliques : sequence of tuple
        The pseudo-hypergraph (node positions ``0..n_nodes-1``).
    n_nodes : int
    nodes : sequence of int
    pairs : sequence of (int, int)
        Node pairs ``u != v``.
    on_progress : callable, optional
        ``on_progress(fraction, message)`` while counting pairs.

    Returns
    -------
    node_counts : ndarray (len(nodes), 3) of int
    pair_counts : ndarray (len(pairs), 10) of int
        Column ``j`` holds motif ``j + 1`` (nodes) and ``j + 4`` (pairs).

    Raises
    ------
    GraphTooLargeError
        If counting would examine more than :data:`MAX_CLIQUE_PAIRS` clique pairs.
    """
    incidence = _incidence(cliques, n_nodes)
    by_node = sp.csr_matrix(incidence)
    members = [by_node.indices[by_node.indptr[v]:by_node.indptr[v + 1]] for v in range(n_nodes)]
    degree = np.diff(by_node.indptr)
    work = sum(int(degree[u] + degree[v]) ** 2 for u, v in pairs)
    if work > MAX_CLIQUE_PAIRS:
        raise GraphTooLargeError(
            f"motif features would examine {work:,} clique pairs (limit {MAX_CLIQUE_PAIRS:,}); use the count features"
        )
    node_counts = np.zeros((len(nodes), N_NODE_MOTIFS), dtype=np.int64)
    for row, v in enumerate(nodes):
        around = members[v]
        same, more = _upper(_overlaps(incidence, around), 1) if len(around) > 1 else (0, 0)
        node_counts[row] = (len(around), same, more)
    pair_counts = np.zeros((len(pairs), N_PAIR_MOTIFS), dtype=np.int64)
    step = max(1, len(pairs) // 20)
    for row, (u, v) in enumerate(pairs):
        a, b = members[u], members[v]
        around = np.union1d(a, b)
        holds_u, holds_v = np.isin(around, a), np.isin(around, b)
        both, only_u, only_v = holds_u & holds_v, holds_u & ~holds_v, holds_v & ~holds_u
        one = only_u | only_v
        overlap = _overlaps(incidence, around)
        cross = overlap[np.ix_(only_u, only_v)]
        same_uu, more_uu = _upper(overlap[np.ix_(only_u, only_u)], 1)
        same_vv, more_vv = _upper(overlap[np.ix_(only_v, only_v)], 1)
        mixed = overlap[np.ix_(both, one)]
        same_bb, more_bb = _upper(overlap[np.ix_(both, both)], 2)
        pair_counts[row] = (
            both.sum(),  # 4
            one.sum(),  # 5
            (cross == 0).sum(),  # 6
            same_uu + same_vv,  # 7
            (cross > 0).sum(),  # 8
            (mixed == 1).sum(),  # 9
            more_uu + more_vv,  # 10
            same_bb,  # 11
            (mixed > 1).sum(),  # 12
            more_bb,  # 13
        )
        if on_progress is not None and row % step == 0:
            on_progress(row / len(pairs), f"motif counts of {len(pairs):,} node pairs")
    return node_counts, pair_counts


def _stats(values: np.ndarray) -> np.ndarray:
    """min, max, mean, std over axis 1 of a (rows, items, motifs) array → (rows, motifs * 4), motif-major."""
    stacked = np.stack([values.min(axis=1), values.max(axis=1), values.mean(axis=1), values.std(axis=1)], axis=2)
    return stacked.reshape(len(values), -1)


def motif_features(
    candidates: Sequence[tuple[int, ...]],
    cliques: Sequence[tuple[int, ...]],
    degree: np.ndarray,
    *,
    on_progress: Callable[[float, str], None] | None = None,
) -> np.ndarray:
    """The 54 motif-feature columns (:data:`MOTIF_FEATURES`) of every candidate (raw, not scaled).

    Parameters
    ----------
    candidates : sequence of tuple
        Candidate hyperedges (sorted node positions).
    cliques : sequence of tuple
        Maximal cliques of the graph (the pseudo-hypergraph).
    degree : ndarray
        Node degrees in the graph.
    on_progress : callable, optional

    Returns
    -------
    ndarray (len(candidates), 54)

    Raises
    ------
    GraphTooLargeError
        See :func:`motif_counts`.
    """
    nodes = sorted({v for c in candidates for v in c})
    pairs = sorted({p for c in candidates for p in combinations(c, 2)})
    node_counts, pair_counts = motif_counts(cliques, len(degree), nodes, pairs, on_progress=on_progress)
    node_row = np.full(len(degree), -1, dtype=np.int64)
    node_row[nodes] = np.arange(len(nodes))
    pair_row = {p: i for i, p in enumerate(pairs)}
    features = np.zeros((len(candidates), len(MOTIF_FEATURES)))
    rows_by_size: dict[int, list[int]] = {}
    for row, candidate in enumerate(candidates):
        rows_by_size.setdefault(len(candidate), []).append(row)
    node_columns = slice(2, 2 + 4 * N_NODE_MOTIFS)
    pair_columns = slice(2 + 4 * N_NODE_MOTIFS, len(MOTIF_FEATURES))
    for size, rows in rows_by_size.items():
        rows_arr = np.array(rows, dtype=np.int64)
        members = np.array([candidates[r] for r in rows], dtype=np.int64).reshape(len(rows), size)
        features[rows_arr, 0] = size
        features[rows_arr, 1] = degree[members].mean(axis=1)
        features[rows_arr, node_columns] = _stats(node_counts[node_row[members]].astype(float))
        if size > 1:
            index = np.array([[pair_row[p] for p in combinations(candidates[r], 2)] for r in rows], dtype=np.int64)
            features[rows_arr, pair_columns] = _stats(pair_counts[index].astype(float))
    return features
