"""igraph helpers shared by layouts and metrics: simple undirected views and a seeded RNG."""

from __future__ import annotations

import random
import threading
from contextlib import contextmanager
from typing import Iterator

import scipy.sparse as sp

from engine.types import Graph

__all__ = ["undirected_simple", "to_simple_igraph", "seeded_igraph_rng"]

# igraph draws random numbers from one process-wide generator; swap it under a lock.
_RNG_LOCK = threading.Lock()


def undirected_simple(graph: Graph, *, weighted: bool = False) -> sp.csr_matrix:
    """Symmetric adjacency without self-loops; 0/1 unless ``weighted``.

    A directed graph is symmetrised (``A + A.T`` when weighted, the union of
    both directions otherwise).
    """
    adjacency = graph.adjacency.copy()
    if not weighted:
        adjacency.data[:] = 1.0
    if graph.directed:
        adjacency = (adjacency + adjacency.T) if weighted else adjacency.maximum(adjacency.T)
        adjacency = sp.csr_matrix(adjacency)
    adjacency.setdiag(0)
    adjacency.eliminate_zeros()
    return adjacency


def to_simple_igraph(graph: Graph, *, weighted: bool = False):
    """An undirected igraph graph on positions 0..n-1 with no loops or multi-edges.

    With ``weighted`` the edge attribute ``weight`` holds the (symmetrised) weights.
    """
    import igraph

    upper = sp.triu(undirected_simple(graph, weighted=weighted), k=1).tocoo()
    # pairs from two flat lists: about twice as fast as a nested list from numpy (ego-Facebook: 54 vs 110 ms)
    result = igraph.Graph(n=graph.n_nodes, edges=list(zip(upper.row.tolist(), upper.col.tolist())))
    if weighted:
        result.es["weight"] = upper.data.tolist()
    return result


@contextmanager
def seeded_igraph_rng(seed: int) -> Iterator[None]:
    """Run igraph's randomised routines from ``random.Random(seed)`` (thread-safe, restored after)."""
    import igraph

    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)
