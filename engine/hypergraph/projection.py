"""Projection (clique expansion) of a hypergraph and the two ways it loses information.

Wang & Kleinberg show that a hypergraph equals the set of maximal cliques of its
projection if and only if it has neither *nested hyperedges* (pattern 1: e ⊊ f)
nor *uncovered cliques* (pattern 2: a maximal clique of the projection that lies
in no single hyperedge).

Examples
--------
>>> from engine.hypergraph.core import Hypergraph
>>> h = Hypergraph.from_hyperedges([["a", "b", "x"], ["b", "c", "y"], ["a", "c", "z"]])
>>> patterns = loss_patterns(h)
>>> patterns.n_nested, patterns.n_uncovered_cliques, [sorted(c) for c in patterns.uncovered_cliques]
(0, 1, [['a', 'b', 'c']])
>>> exactly_recoverable(Hypergraph.from_hyperedges([[1, 2, 3], [3, 4]]))
True

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
Remediation", ICLR 2024 (arXiv:2401.08519), Section 3.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Hashable, Iterable, Sequence

import scipy.sparse as sp

from engine.hypergraph.core import Hypergraph
from engine.types import Graph

__all__ = ["project", "maximal_cliques", "clique_positions", "loss_patterns", "exactly_recoverable", "LossPatterns"]


def project(hypergraph: Hypergraph, *, weighted: bool = True) -> Graph:
    """The projection (clique expansion): u ~ v iff some hyperedge holds both.

    Parameters
    ----------
    hypergraph : Hypergraph
    weighted : bool
        When true, an edge's weight is its multiplicity: the number of
        hyperedges holding both ends. Otherwise every weight is 1.

    Returns
    -------
    Graph
        Undirected, over ``hypergraph.nodes`` in the same order (nodes that
        are only in singleton hyperedges are isolated).

    Examples
    --------
    >>> g = project(Hypergraph.from_hyperedges([[0, 1, 2], [1, 2]]))
    >>> g.n_edges, float(g.adjacency[1, 2]), float(g.adjacency[0, 1])
    (3, 2.0, 1.0)
    """
    incidence = hypergraph.incidence_matrix()
    counts = (incidence @ incidence.T).tocsr()
    counts.setdiag(0)
    counts.eliminate_zeros()
    if not weighted:
        counts.data[:] = 1.0
    return Graph(sp.csr_matrix(counts), hypergraph.nodes, name=f"{hypergraph.name} (projection)")


def clique_positions(graph: Graph) -> list[tuple[int, ...]]:
    """Maximal cliques over node positions (not ids) as sorted tuples (Bron–Kerbosch with pivoting).

    Self-loops are ignored. Shared by :func:`maximal_cliques`, SHyRe and the clique baselines.

    Examples
    --------
    >>> sorted(clique_positions(Graph.from_edges([0, 1, 0, 2], [1, 2, 2, 3])))
    [(0, 1, 2), (2, 3)]
    """
    import networkx as nx

    nx_graph = nx.Graph()
    nx_graph.add_nodes_from(range(graph.n_nodes))
    src, dst, _ = graph.edges()
    keep = src != dst
    nx_graph.add_edges_from(zip(src[keep].tolist(), dst[keep].tolist()))
    return [tuple(sorted(clique)) for clique in nx.find_cliques(nx_graph)]


def maximal_cliques(graph: Graph) -> list[frozenset]:
    """All maximal cliques of ``graph`` as frozensets of node ids (isolated nodes are size-1 cliques).

    Examples
    --------
    >>> sorted(sorted(c) for c in maximal_cliques(Graph.from_edges([0, 1, 0, 2], [1, 2, 2, 3])))
    [[0, 1, 2], [2, 3]]
    """
    ids = graph.node_ids
    return [frozenset(ids[i] for i in clique) for clique in clique_positions(graph)]


class _SetIndex:
    """Sets indexed by node, for "which stored sets contain this query set" lookups."""

    def __init__(self, sets: Sequence[frozenset]) -> None:
        self.sets = sets
        self.by_node: dict[Hashable, list[int]] = {}
        for j, members in enumerate(sets):
            for node in members:
                self.by_node.setdefault(node, []).append(j)

    def supersets(self, query: Iterable[Hashable]) -> list[int]:
        """Indices of stored sets that contain every node of ``query``."""
        query = frozenset(query)
        lists = [self.by_node.get(node, ()) for node in query]
        if not lists:
            return []
        shortest = min(lists, key=len)
        return [j for j in shortest if query <= self.sets[j]]


@dataclass(frozen=True)
class LossPatterns:
    """The two loss patterns of a hypergraph's projection.

    Attributes
    ----------
    nested : tuple of frozenset
        Hyperedges strictly inside another hyperedge (pattern 1).
    uncovered_cliques : tuple of frozenset
        Maximal cliques of the projection contained in no hyperedge (pattern 2).
    n_hyperedges, n_maximal_cliques : int
    n_hyperedges_as_cliques : int
        Hyperedges that are maximal cliques of the projection.
    """

    nested: tuple
    uncovered_cliques: tuple
    n_hyperedges: int
    n_maximal_cliques: int
    n_hyperedges_as_cliques: int

    @property
    def n_nested(self) -> int:
        """Number of nested hyperedges."""
        return len(self.nested)

    @property
    def n_uncovered_cliques(self) -> int:
        """Number of uncovered maximal cliques."""
        return len(self.uncovered_cliques)

    @property
    def exactly_recoverable(self) -> bool:
        """True iff neither pattern occurs (the maximal cliques are exactly the hyperedges)."""
        return not self.nested and not self.uncovered_cliques

    def counts_by_size(self) -> dict[str, dict[int, int]]:
        """``{"nested": {size: count}, "uncovered_cliques": {size: count}}``."""
        return {
            "nested": dict(sorted(Counter(len(e) for e in self.nested).items())),
            "uncovered_cliques": dict(sorted(Counter(len(c) for c in self.uncovered_cliques).items())),
        }


def loss_patterns(hypergraph: Hypergraph) -> LossPatterns:
    """Find the nested hyperedges and the uncovered maximal cliques of ``hypergraph``.

    Containment is checked through a node index (only hyperedges sharing the
    query's rarest node are compared), never all pairs.

    Parameters
    ----------
    hypergraph : Hypergraph

    Returns
    -------
    LossPatterns
    """
    edges = hypergraph.hyperedges
    index = _SetIndex(edges)
    nested = tuple(e for e in edges if len(index.supersets(e)) > 1)
    cliques = maximal_cliques(project(hypergraph, weighted=False))
    uncovered = tuple(c for c in cliques if not index.supersets(c))
    edge_set = hypergraph.edge_set
    return LossPatterns(
        nested=nested,
        uncovered_cliques=uncovered,
        n_hyperedges=len(edges),
        n_maximal_cliques=len(cliques),
        n_hyperedges_as_cliques=int(sum(c in edge_set for c in cliques)),
    )


def exactly_recoverable(hypergraph: Hypergraph) -> bool:
    """True iff the hypergraph is the set of maximal cliques of its projection (no loss pattern)."""
    return loss_patterns(hypergraph).exactly_recoverable
