"""Size and error of a flat summary (supernodes + weighted superedges), as in SSumM.

The model (Lee et al., KDD 2020): a summary partitions V into supernodes S and
keeps superedges P between (possibly equal) supernodes. A superedge {A, B}
stores the number of input edges between A and B (inside A when A = B); its
weight is that count over the number of node pairs of the block. The summary
costs ``|P| (2 log2 |S| + log2 w_max) + |V| log2 |S|`` bits against
``2 |E| log2 |V|`` bits for the input edge list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numba import njit

from engine.errors import ParameterError
from engine.types import Graph

__all__ = ["SummaryCost", "summary_cost", "simple_adjacency", "simple_edge_count", "block_counts", "input_bits"]


@dataclass(frozen=True)
class SummaryCost:
    """Size and reconstruction error of a flat summary.

    Attributes
    ----------
    n_supernodes, n_superedges : int
    omega_max : int
        Largest edge count stored on a kept superedge (0 when none is kept).
    size_bits : float
        ``|P| (2 log2 |S| + log2 omega_max) + |V| log2 |S|``.
    input_bits : float
        ``2 |E| log2 |V|``.
    l1, l2 : float
        Sum over ordered pairs u != v of ``|A - Â|`` and of ``(A - Â)^2``.
    re1, re2 : float
        ``l1 / (|V|(|V|-1))`` and ``sqrt(l2) / (|V|(|V|-1))``.
    """

    n_supernodes: int
    n_superedges: int
    omega_max: int
    size_bits: float
    input_bits: float
    l1: float
    l2: float
    re1: float
    re2: float


def simple_adjacency(graph: Graph) -> sp.csr_matrix:
    """The symmetric 0/1 adjacency of ``graph`` without self-loops (weights and direction dropped)."""
    if not graph.directed:
        # Already symmetric: keep the stored entries off the diagonal (one pass, no sparse sum).
        source = graph.adjacency
        n = source.shape[0]
        rows = np.repeat(np.arange(n, dtype=source.indices.dtype), np.diff(source.indptr))
        off = source.indices != rows
        loops = np.bincount(rows[~off], minlength=n)
        del rows
        indptr = np.zeros(n + 1, dtype=source.indptr.dtype)
        np.cumsum(np.diff(source.indptr) - loops, out=indptr[1:])
        return sp.csr_matrix((np.ones(int(indptr[-1])), source.indices[off], indptr), shape=(n, n))
    adjacency = graph.adjacency.copy().tocsr()
    adjacency.data[:] = 1.0
    adjacency = ((adjacency + adjacency.T) > 0).astype(np.float64).tocsr()
    adjacency.setdiag(0)
    adjacency.eliminate_zeros()
    adjacency.sort_indices()
    return adjacency


def simple_edge_count(graph: Graph) -> int:
    """Edges of ``graph`` read as a simple undirected graph: ``simple_adjacency(graph).nnz // 2``, without building it.

    Examples
    --------
    >>> simple_edge_count(Graph.from_edges([0, 0, 1, 2], [1, 2, 2, 2]))  # the self-loop 2-2 is not counted
    3
    """
    if graph.directed:
        return simple_adjacency(graph).nnz // 2
    return int(_count_upper(graph.adjacency.indptr, graph.adjacency.indices))


@njit(cache=True)
def _count_upper(indptr, indices):
    total = 0
    for u in range(len(indptr) - 1):
        for i in range(indptr[u], indptr[u + 1]):
            if indices[i] > u:
                total += 1
    return total


def input_bits(n_nodes: int, n_edges: int) -> float:
    """Bits of the input edge list, ``2 |E| log2 |V|``."""
    return float(2.0 * n_edges * np.log2(n_nodes)) if n_nodes > 1 else 0.0


def block_counts(adjacency: sp.csr_matrix, partition: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edge count of every block (unordered supernode pair) that holds at least one edge.

    Parameters
    ----------
    adjacency : scipy.sparse.csr_matrix
        Symmetric adjacency; each stored entry above the diagonal is one edge (the data,
        the diagonal and the entries below it are not read), so a graph's own adjacency
        gives the counts of its simple version without building it.
    partition : numpy.ndarray
        Supernode index ``0..S-1`` of each node.

    Returns
    -------
    (a, b, count) : three int64 arrays, ``a <= b``, sorted by ``(a, b)``.
    """
    n_super = int(partition.max()) + 1 if len(partition) else 1
    # One int64 key per edge, made by a compiled pass over the CSR (no COO copy, no int64 endpoint
    # arrays), sorted in place and run-length counted: the same result as np.unique(..., return_counts=True).
    keys = _upper_block_keys(adjacency.indptr, adjacency.indices, np.asarray(partition, dtype=np.int64), n_super)
    keys.sort()
    keys, counts = _run_lengths(keys)
    return keys // n_super, keys % n_super, counts


@njit(cache=True)
def _upper_block_keys(indptr, indices, partition, n_super):
    """``min * n_super + max`` of the supernodes of every stored entry (u, v) with v > u."""
    n = len(indptr) - 1
    total = 0
    for u in range(n):
        for i in range(indptr[u], indptr[u + 1]):
            if indices[i] > u:
                total += 1
    keys = np.empty(total, dtype=np.int64)
    k = 0
    for u in range(n):
        pu = partition[u]
        for i in range(indptr[u], indptr[u + 1]):
            v = indices[i]
            if v > u:
                pv = partition[v]
                keys[k] = min(pu, pv) * n_super + max(pu, pv)
                k += 1
    return keys


@njit(cache=True)
def _run_lengths(keys):
    """Distinct values of the sorted ``keys`` and how often each occurs."""
    n_distinct = 0
    for i in range(len(keys)):
        if i == 0 or keys[i] != keys[i - 1]:
            n_distinct += 1
    values = np.empty(n_distinct, dtype=np.int64)
    counts = np.zeros(n_distinct, dtype=np.int64)
    j = -1
    for i in range(len(keys)):
        if i == 0 or keys[i] != keys[i - 1]:
            j += 1
            values[j] = keys[i]
        counts[j] += 1
    return values, counts


def pair_counts(sizes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Number of node pairs of each block: ``|A||B|``, or ``|A|(|A|-1)/2`` when A = B."""
    sa, sb = sizes[a].astype(np.float64), sizes[b].astype(np.float64)
    return np.where(a == b, sa * (sa - 1) / 2, sa * sb)


def summary_size_bits(n_nodes: int, n_supernodes: int, n_superedges: int, omega_max: float) -> float:
    """``|P| (2 log2 |S| + log2 omega_max) + |V| log2 |S|`` (log2 of 0 or 1 taken as 0)."""
    log_s = np.log2(n_supernodes) if n_supernodes > 1 else 0.0
    log_w = np.log2(omega_max) if omega_max > 1 else 0.0
    return float(n_superedges * (2 * log_s + log_w) + n_nodes * log_s)


def _normalise_partition(partition, n_nodes: int) -> np.ndarray:
    partition = np.asarray(partition)
    if partition.shape != (n_nodes,):
        raise ParameterError(f"partition must have one entry per node ({n_nodes}) (got shape {partition.shape})")
    if not np.issubdtype(partition.dtype, np.integer) or (n_nodes and partition.min() < 0):
        raise ParameterError("partition must hold non-negative integer supernode ids")
    return partition.astype(np.int64)


def summary_cost(graph: Graph, partition, superedges) -> SummaryCost:
    """Size in bits and RE1/RE2 of any flat summary of ``graph``.

    Parameters
    ----------
    graph : Graph
        The input; read as a simple undirected graph (weights, direction and self-loops dropped).
    partition : array-like of int, shape (n_nodes,)
        Supernode id of each node (ids need not be contiguous).
    superedges : array-like of int, shape (m, 2)
        Kept superedges as pairs of supernode ids (in either order; ``(A, A)`` for a self-block).
        Each stores the edge count of its block; the reconstruction is ``Â_uv = count / pairs``.

    Returns
    -------
    SummaryCost

    Raises
    ------
    ParameterError
        If ``partition`` or ``superedges`` do not fit the graph.

    Examples
    --------
    >>> g = Graph.from_edges([0, 0, 1, 2], [1, 2, 2, 3])
    >>> cost = summary_cost(g, [0, 0, 0, 1], [(0, 0), (0, 1)])
    >>> cost.n_supernodes, cost.omega_max, round(cost.re1, 4)
    (2, 3, 0.2222)

    References
    ----------
    K. Lee, H. Jo, J. Ko, S. Lim, K. Shin, "SSumM: Sparse Summarization of Massive Graphs", KDD 2020.
    """
    n = graph.n_nodes
    raw = _normalise_partition(partition, n)
    ids, part = np.unique(raw, return_inverse=True)
    part = part.astype(np.int64)
    n_super = len(ids)
    edges = np.asarray(superedges, dtype=np.int64).reshape(-1, 2)
    if len(edges):
        position = np.searchsorted(ids, edges)
        position = np.minimum(position, max(n_super - 1, 0))
        if n_super == 0 or np.any(ids[position] != edges):
            raise ParameterError("superedges name a supernode id that is not in the partition")
        kept_a, kept_b = np.minimum(position[:, 0], position[:, 1]), np.maximum(position[:, 0], position[:, 1])
        kept_keys = np.unique(kept_a * n_super + kept_b)
    else:
        kept_keys = np.zeros(0, dtype=np.int64)
    # An undirected graph's own adjacency gives the blocks of its simple version (block_counts reads
    # the entries above the diagonal only): no copy of the edge arrays.
    adjacency = graph.adjacency if not graph.directed else simple_adjacency(graph)
    sizes = np.bincount(part, minlength=n_super)
    a, b, count = block_counts(adjacency, part)
    n_edges = int(count.sum())
    keys = a * n_super + b
    kept = np.isin(keys, kept_keys)
    pairs = pair_counts(sizes, a, b)
    weight = np.divide(count, pairs, out=np.zeros(len(count)), where=pairs > 0)
    l1_half = np.where(kept, 2 * count * (1 - weight), count).sum()
    l2_half = np.where(kept, count - count * weight, count).sum()
    kept_counts = count[kept]
    omega_max = int(kept_counts.max()) if len(kept_counts) else 0
    n_pairs = n * (n - 1)
    l1, l2 = 2 * float(l1_half), 2 * float(max(l2_half, 0.0))
    return SummaryCost(
        n_supernodes=n_super,
        n_superedges=len(kept_keys),
        omega_max=omega_max,
        size_bits=summary_size_bits(n, n_super, len(kept_keys), omega_max),
        input_bits=input_bits(n, n_edges),
        l1=l1,
        l2=l2,
        re1=l1 / n_pairs if n_pairs else 0.0,
        re2=float(np.sqrt(l2)) / n_pairs if n_pairs else 0.0,
    )
