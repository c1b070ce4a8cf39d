"""Unsupervised baselines for hypergraph reconstruction from a projected graph.

Each has the same shape as :class:`~engine.hypergraph.shyre.ShyreReconstructor`:
``fit(train)`` (a no-op except where a parameter is tuned on the training
hypergraph) and ``predict(graph) -> Hypergraph``.

Examples
--------
>>> from engine.types import Graph
>>> g = Graph.from_edges([0, 1, 0, 2], [1, 2, 2, 3])
>>> sorted(sorted(e) for e in MaxCliqueReconstructor().predict(g).hyperedges)
[[0, 1, 2], [2, 3]]
>>> sorted(sorted(e) for e in CliqueCoverReconstructor().predict(g).hyperedges)
[[0, 1, 2], [2, 3]]

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs", ICLR 2024, §6 (baselines);
J. Gramm, J. Guo, F. Hüffner, R. Niedermeier, "Data reduction and exact algorithms
for clique cover", ACM JEA 13 (2009) (the greedy edge clique cover heuristic);
G. Palla, I. Derényi, I. Farkas, T. Vicsek, "Uncovering the overlapping community
structure of complex networks in nature and society", Nature 435 (2005) (CFinder).
"""

from __future__ import annotations

from typing import Callable

from engine._validation import check_positive_int, check_undirected
from engine.errors import EmptyGraphError, NotFittedError, ParameterError
from engine.hypergraph.core import Hypergraph
from engine.hypergraph.metrics import reconstruction_scores
from engine.hypergraph.projection import clique_positions, project
from engine.types import Graph

__all__ = ["MaxCliqueReconstructor", "CliqueCoverReconstructor", "KCliquePercolationReconstructor"]

ProgressCallback = Callable[[float, str], None]


def _report(on_progress: ProgressCallback | None, fraction: float, message: str) -> None:
    if on_progress is not None:
        on_progress(fraction, message)


def _neighbour_sets(graph: Graph) -> list[set[int]]:
    adjacency = graph.adjacency
    neighbours = [set(adjacency.indices[adjacency.indptr[i] : adjacency.indptr[i + 1]].tolist()) for i in range(graph.n_nodes)]
    for i, row in enumerate(neighbours):
        row.discard(i)
    return neighbours


class MaxCliqueReconstructor:
    """Every maximal clique of the graph is a hyperedge (exact iff no loss pattern occurs)."""

    def __repr__(self) -> str:
        return "MaxCliqueReconstructor()"

    def fit(self, train: Hypergraph, *, on_progress: ProgressCallback | None = None) -> "MaxCliqueReconstructor":
        """Nothing to learn; returns self."""
        return self

    def predict(self, graph: Graph, *, on_progress: ProgressCallback | None = None) -> Hypergraph:
        """The maximal cliques of ``graph`` (isolated nodes become singletons)."""
        check_undirected(graph, "maximal-clique reconstruction")
        _report(on_progress, 0.0, "Maximal cliques")
        ids = graph.node_ids
        edges = [[ids[i] for i in clique] for clique in clique_positions(graph)]
        _report(on_progress, 1.0, f"{len(edges):,} maximal cliques")
        return Hypergraph.from_hyperedges(edges, nodes=ids, name=f"maximal cliques of {graph.name}")


class CliqueCoverReconstructor:
    """Greedy edge clique cover: cover every edge by few cliques.

    Take the first uncovered edge (edges in sorted position order), grow it
    into a clique by repeatedly adding the common neighbour that covers the most
    still-uncovered edges (ties to the smallest position), stop when no common
    neighbour covers a new edge; repeat until every edge is covered. Isolated
    nodes become singleton hyperedges (the reference code drops them).
    """

    def __repr__(self) -> str:
        return "CliqueCoverReconstructor()"

    def fit(self, train: Hypergraph, *, on_progress: ProgressCallback | None = None) -> "CliqueCoverReconstructor":
        """Nothing to learn; returns self."""
        return self

    def predict(self, graph: Graph, *, on_progress: ProgressCallback | None = None) -> Hypergraph:
        """The cliques of a greedy edge clique cover of ``graph``."""
        check_undirected(graph, "edge clique cover")
        neighbours = _neighbour_sets(graph)
        uncovered = [set(row) for row in neighbours]
        src, dst, _ = graph.edges()
        cliques: list[list[int]] = [[i] for i, row in enumerate(neighbours) if not row]
        n_edges = max(len(src), 1)
        for step, (u, v) in enumerate(zip(src.tolist(), dst.tolist())):
            if u == v or v not in uncovered[u]:
                continue
            if on_progress is not None and step % 2000 == 0:
                on_progress(step / n_edges, f"Covering edge {step:,} of {n_edges:,}")
            clique = [u, v]
            pool = neighbours[u] & neighbours[v]
            while pool:
                best, best_gain = -1, 0
                for node in sorted(pool):
                    gain = sum(1 for member in clique if member in uncovered[node])
                    if gain > best_gain:
                        best, best_gain = node, gain
                if best < 0:
                    break
                clique.append(best)
                pool &= neighbours[best]
            for i, a in enumerate(clique):
                for b in clique[i + 1 :]:
                    uncovered[a].discard(b)
                    uncovered[b].discard(a)
            cliques.append(clique)
        _report(on_progress, 1.0, f"{len(cliques):,} cliques")
        ids = graph.node_ids
        return Hypergraph.from_hyperedges(
            ([ids[i] for i in clique] for clique in cliques), nodes=ids, name=f"edge clique cover of {graph.name}"
        )


class KCliquePercolationReconstructor:
    """k-clique percolation communities (CFinder) as hyperedges, k tuned on the training hypergraph.

    Communities are unions of adjacent k-cliques (sharing k-1 nodes), the result of
    ``networkx.community.k_clique_communities``, computed here with progress reports. ``fit`` picks the k in
    ``2..max_k`` with the best Jaccard on the training hypergraph's own
    projection (the reference code's selection ratio is not a Jaccard).

    Parameters
    ----------
    max_k : int
        Largest k tried (>= 2).
    """

    def __init__(self, *, max_k: int = 6) -> None:
        self.max_k = max_k

    def __repr__(self) -> str:
        return f"KCliquePercolationReconstructor(max_k={self.max_k})"

    @staticmethod
    def _communities(graph: Graph, k: int, on_progress: ProgressCallback | None = None,
                     span: tuple[float, float] = (0.0, 1.0)) -> list[list]:
        """Unions of k-cliques that share k-1 nodes (Palla et al.), reporting progress as it goes.

        Maximal cliques of at least k nodes are found first; two of them are adjacent when they
        share k-1 nodes (then so do k-cliques inside them), and a community is the union of a
        connected group. Progress is reported every 500 cliques, so that a time limit stops a
        run on a dense graph (networkx's ``k_clique_communities`` never yields until it is done).
        """
        import networkx as nx

        start, width = span
        nx_graph = nx.Graph()
        src, dst, _ = graph.edges()
        keep = src != dst
        nx_graph.add_edges_from(zip(src[keep].tolist(), dst[keep].tolist()))
        cliques: list[frozenset] = []
        for count, clique in enumerate(nx.find_cliques(nx_graph), start=1):
            if len(clique) >= k:
                cliques.append(frozenset(clique))
            if count % 500 == 0:
                _report(on_progress, start, f"k = {k}: {count:,} maximal cliques found")
        members: dict[int, list[int]] = {}
        for index, clique in enumerate(cliques):
            for node in clique:
                members.setdefault(node, []).append(index)
        parent = list(range(len(cliques)))

        def root(index: int) -> int:
            while parent[index] != index:
                parent[index] = parent[parent[index]]
                index = parent[index]
            return index

        for index, clique in enumerate(cliques):
            if index % 500 == 0:
                _report(on_progress, start + width * index / len(cliques),
                        f"k = {k}: joining clique {index:,} of {len(cliques):,}")
            tried: set[int] = set()
            for node in clique:
                for other in members[node]:
                    if other > index and other not in tried:
                        tried.add(other)
                        if len(clique & cliques[other]) >= k - 1:
                            parent[root(other)] = root(index)
        groups: dict[int, set] = {}
        for index, clique in enumerate(cliques):
            groups.setdefault(root(index), set()).update(clique)
        ids = graph.node_ids
        return [[ids[i] for i in sorted(group)] for group in groups.values()]

    def fit(self, train: Hypergraph, *, on_progress: ProgressCallback | None = None) -> "KCliquePercolationReconstructor":
        """Choose k by Jaccard on ``train``.

        Raises
        ------
        ParameterError
            If ``max_k < 2``.
        EmptyGraphError
            If ``train`` has no hyperedge.
        """
        max_k = check_positive_int(self.max_k, "max_k")
        if max_k < 2:
            raise ParameterError(f"max_k must be >= 2 (got {max_k})")
        if train.n_hyperedges == 0:
            raise EmptyGraphError("the training hypergraph has no hyperedge")
        graph = project(train, weighted=False)
        scores = {}
        for k in range(2, max_k + 1):
            span = ((k - 2) / (max_k - 1), 1 / (max_k - 1))
            _report(on_progress, span[0], f"Trying k = {k} on the training hypergraph")
            scores[k] = reconstruction_scores(self._communities(graph, k, on_progress, span), train).jaccard
        self.k_ = max(scores, key=lambda k: (scores[k], -k))
        self.training_jaccard_ = scores
        _report(on_progress, 1.0, f"k = {self.k_}")
        return self

    def predict(self, graph: Graph, *, on_progress: ProgressCallback | None = None) -> Hypergraph:
        """The k-clique communities of ``graph`` for the tuned k.

        Raises
        ------
        NotFittedError
            If the model is not fitted.
        """
        if not hasattr(self, "k_"):
            raise NotFittedError("KCliquePercolationReconstructor is not fitted; call fit(train) first")
        check_undirected(graph, "k-clique percolation")
        _report(on_progress, 0.0, f"k-clique communities, k = {self.k_}")
        communities = self._communities(graph, self.k_, on_progress)
        return Hypergraph.from_hyperedges(communities, nodes=graph.node_ids, name=f"CFinder (k={self.k_}) on {graph.name}")
