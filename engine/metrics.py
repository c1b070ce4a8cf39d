"""Node metrics, a graph summary, and graph views (largest component, ego graph, degree filter).

Heavy lifting goes to scipy (components, BFS frontiers, PageRank power iteration)
and igraph (betweenness, clustering, cores, Louvain), and above
:data:`COMPILED_ABOVE_NODES` nodes to two numba kernels on the CSR arrays
(components, triangles per node): a graph like ego-Facebook (4,039 nodes,
88,234 edges) is summarised in well under a second, and 1M nodes / 5M edges in
about a second of CPU time (the average clustering of
a graph above :data:`CLUSTERING_EXACT_MAX_NODES` nodes is then *estimated* from a
seeded node sample, and the summary says so, see :func:`graph_summary`).

Conventions: clustering, core number, betweenness and Louvain use the
undirected, loop-free view of the graph (a directed graph is symmetrised);
PageRank and Louvain use edge weights, the others ignore them (weights here
are strengths, not distances).

Examples
--------
>>> from engine.types import Graph
>>> star = Graph.from_edges([0, 0, 0], [1, 2, 3])
>>> node_metric(star, "degree").tolist()
[3.0, 1.0, 1.0, 1.0]
>>> round(graph_summary(star)["degree_assortativity"], 6)
-1.0
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from engine._igraph import seeded_igraph_rng, to_simple_igraph, undirected_simple
from engine._validation import (
    check_choice, check_in_range, check_nonnegative_int, check_positive_int, rng, seed_value,
)
from engine.errors import ConvergenceWarning, EmptyGraphError, ParameterError
from engine.graph_store import load_array, save_array
from engine.runs import home_directory
from engine.types import Graph

__all__ = [
    "NODE_METRICS",
    "CATEGORICAL_METRICS",
    "BETWEENNESS_EXACT_MAX_NODES",
    "BETWEENNESS_SAMPLES",
    "CLUSTERING_EXACT_MAX_NODES",
    "CLUSTERING_SAMPLES",
    "COMPILED_ABOVE_NODES",
    "METRIC_STORE_VERSION",
    "node_metric",
    "stored_node_metric",
    "describe_node_metric",
    "pagerank",
    "betweenness",
    "clustering",
    "core_number",
    "louvain_communities",
    "modularity",
    "graph_summary",
    "load_compiled_kernels",
    "largest_component",
    "ego_graph",
    "degree_filter",
]

#: Names accepted by :func:`node_metric`.
NODE_METRICS: tuple[str, ...] = ("degree", "pagerank", "betweenness", "clustering", "core_number", "louvain")
#: Metrics whose values are category labels rather than quantities.
CATEGORICAL_METRICS: frozenset[str] = frozenset({"louvain"})
#: Betweenness is exact up to this many nodes and sampled above.
BETWEENNESS_EXACT_MAX_NODES = 5_000
#: Number of sampled source nodes for betweenness above the exact limit.
BETWEENNESS_SAMPLES = 500
#: :func:`graph_summary`'s average clustering is exact up to this many nodes and estimated above.
CLUSTERING_EXACT_MAX_NODES = 200_000
#: Number of nodes sampled (seeded, uniformly without replacement) to estimate the average clustering.
CLUSTERING_SAMPLES = 20_000
#: Above this many nodes, clustering and components run compiled kernels (engine._graph_kernels, numba)
#: instead of igraph and scipy; below, numba is not even imported (its import costs more than the work).
COMPILED_ABOVE_NODES = 200_000
#: Version of the values kept by :func:`stored_node_metric`; raise it when a metric's definition changes.
METRIC_STORE_VERSION = 1


# ---------------------------------------------------------------- node metrics
def node_metric(graph: Graph, name: str, *, seed: int | None = None) -> np.ndarray:
    """One value per node for the metric ``name``.

    Parameters
    ----------
    graph : Graph
    name : str
        One of :data:`NODE_METRICS`: ``"degree"``, ``"pagerank"``,
        ``"betweenness"`` (normalised; sampled above
        :data:`BETWEENNESS_EXACT_MAX_NODES` nodes), ``"clustering"``,
        ``"core_number"`` or ``"louvain"`` (community ids, 0 = largest).
    seed : int or None
        Seed of the randomised metrics (sampled betweenness, Louvain); None: a fresh one.

    Returns
    -------
    numpy.ndarray
        float64 array of length ``n_nodes`` (int64 community ids for ``"louvain"``).

    Raises
    ------
    ParameterError
        If ``name`` is unknown.
    """
    check_choice(name, "metric", NODE_METRICS)
    if name == "degree":
        return graph.degrees().astype(np.float64)
    if name == "pagerank":
        return pagerank(graph)
    if name == "betweenness":
        return betweenness(graph, seed=seed)
    if name == "clustering":
        return clustering(graph)
    if name == "core_number":
        return core_number(graph).astype(np.float64)
    return louvain_communities(graph, seed=seed)


def stored_node_metric(graph: Graph, name: str, *, seed: int | None = None,
                       directory: str | Path | None = None) -> tuple[np.ndarray, bool]:
    """:func:`node_metric`, kept on disk so that a large graph's metric is computed once, not per server.

    Values are stored as ``<fingerprint>-<name>[-<seed>]-v<STORE_VERSION>.npy`` in ``directory`` (default
    ``$GRAPHLENS_HOME/metrics``; the seed only for the seeded metrics, betweenness and Louvain). ``serve.py``
    stores the PageRank of every local dataset in its background preparation: at 1M nodes / 5M edges it
    costs 6-8 CPU s, reading it back a few milliseconds. ``"degree"`` and a ``None`` seed of a seeded
    metric are computed, never stored.

    Parameters
    ----------
    graph : Graph
    name : str
        One of :data:`NODE_METRICS`.
    seed : int or None
        As :func:`node_metric`.
    directory : str or Path, optional
        Where the values are kept.

    Returns
    -------
    (numpy.ndarray, bool)
        The values, as :func:`node_metric` returns them, and whether they were computed now (False: read back).

    Raises
    ------
    ParameterError
        If ``name`` is unknown.

    Examples
    --------
    >>> import tempfile
    >>> g = Graph.from_edges([0, 1], [1, 2])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first, computed = stored_node_metric(g, "pagerank", directory=tmp)
    ...     again, computed_again = stored_node_metric(g, "pagerank", directory=tmp)
    >>> computed, computed_again, bool((first == again).all())
    (True, False, True)
    """
    check_choice(name, "metric", NODE_METRICS)
    seeded = name in ("betweenness", "louvain")
    if name == "degree" or (seeded and seed is None):
        return node_metric(graph, name, seed=seed), True
    folder = Path(directory) if directory is not None else home_directory() / "metrics"
    key = f"{name}-{seed_value(seed)}" if seeded else name
    path = folder / f"{graph.fingerprint()}-{key}-v{METRIC_STORE_VERSION}.npy"
    values = load_array(path, (graph.n_nodes,))
    if values is not None:
        return values, False
    values = node_metric(graph, name, seed=seed)
    save_array(path, values)
    return values, True


def describe_node_metric(graph: Graph, name: str, values: np.ndarray) -> dict[str, float]:
    """Scalar digest of a node metric, for the run registry.

    Community labels give ``n_communities`` and ``modularity``; quantities give
    ``mean``, ``max`` and ``min``.
    """
    if name in CATEGORICAL_METRICS:
        return {"n_communities": int(np.unique(values).size), "modularity": modularity(graph, values)}
    if values.size == 0:
        return {}
    return {"mean": float(values.mean()), "max": float(values.max()), "min": float(values.min())}


def pagerank(graph: Graph, *, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 1000) -> np.ndarray:
    """PageRank by power iteration on the weighted CSR matrix.

    Dangling nodes (no out-edges) spread their rank uniformly, as the
    teleport does. Undirected edges count in both directions.

    Parameters
    ----------
    graph : Graph
    alpha : float
        Damping factor in (0, 1).
    tol : float
        Stop when the L1 change between iterations falls below ``tol``.
    max_iter : int

    Returns
    -------
    numpy.ndarray
        Ranks summing to 1.

    Warns
    -----
    ConvergenceWarning
        If ``max_iter`` iterations did not reach ``tol``.

    References
    ----------
    L. Page, S. Brin, R. Motwani & T. Winograd, The PageRank citation ranking:
    bringing order to the web, Stanford InfoLab technical report (1999).
    """
    alpha = check_in_range(alpha, "alpha", 0, 1, low_inclusive=False, high_inclusive=False)
    max_iter = check_positive_int(max_iter, "max_iter")
    n = graph.n_nodes
    if n == 0:
        return np.zeros(0)
    adjacency = graph.adjacency
    out_weight = np.asarray(adjacency.sum(axis=1)).ravel()
    dangling = np.flatnonzero(out_weight == 0)
    inverse = np.divide(1.0, out_weight, out=np.zeros(n), where=out_weight != 0)
    # rank[j] / out_weight[j] flows along each out-edge j -> i: the product with the transposed adjacency,
    # which for an undirected graph is the (symmetric) adjacency itself, and for a directed one a CSC view;
    # building the transposed transition matrix cost 2 of the 8 s at 1M nodes / 5M edges
    incoming = adjacency.T if graph.directed else adjacency
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = rank
        rank = alpha * (incoming @ (rank * inverse) + rank[dangling].sum() / n) + (1.0 - alpha) / n
        rank /= rank.sum()
        if np.abs(rank - previous).sum() < tol:
            return rank
    warnings.warn(f"PageRank did not converge to tol={tol:g} in {max_iter} iterations", ConvergenceWarning, stacklevel=2)
    return rank


def betweenness(graph: Graph, *, k: int | None = None, seed: int | None = None) -> np.ndarray:
    """Normalised shortest-path betweenness (unweighted, undirected view for undirected graphs).

    Parameters
    ----------
    graph : Graph
    k : int, optional
        Number of sampled source nodes. By default exact up to
        :data:`BETWEENNESS_EXACT_MAX_NODES` nodes, else :data:`BETWEENNESS_SAMPLES`.
        ``k >= n_nodes`` is exact.
    seed : int or None
        Seed of the source sample (None: a fresh one).

    Returns
    -------
    numpy.ndarray
        Betweenness divided by the number of pairs not containing the node
        (``(n-1)(n-2)/2`` undirected, ``(n-1)(n-2)`` directed), as networkx's
        ``normalized=True``.

    References
    ----------
    U. Brandes, A faster algorithm for betweenness centrality, J. Math. Sociology 25 (2001).
    U. Brandes & C. Pich, Centrality estimation in large networks, Int. J. Bifurcation
    and Chaos 17 (2007): the sampled estimate scales the sum over ``k`` uniformly
    drawn sources by ``n / k``.
    """
    n = graph.n_nodes
    if k is None:
        k = n if n <= BETWEENNESS_EXACT_MAX_NODES else BETWEENNESS_SAMPLES
    k = check_positive_int(k, "k")
    seed = seed_value(seed)
    if n < 3:
        return np.zeros(n)
    if graph.directed:
        import igraph

        structure = graph.adjacency.tocoo()
        off = structure.row != structure.col
        ig_graph = igraph.Graph(
            n=n, edges=np.column_stack([structure.row[off], structure.col[off]]).tolist(), directed=True
        )
        pairs = (n - 1) * (n - 2)
    else:
        ig_graph = to_simple_igraph(graph)
        pairs = (n - 1) * (n - 2) / 2
    if k >= n:
        values = np.asarray(ig_graph.betweenness(directed=graph.directed), dtype=np.float64)
    else:
        sources = np.sort(rng(seed).choice(n, size=k, replace=False)).tolist()
        values = np.asarray(ig_graph.betweenness(directed=graph.directed, sources=sources), dtype=np.float64)
        values *= n / k
    return values / pairs


def clustering(graph: Graph, nodes: np.ndarray | None = None) -> np.ndarray:
    """Local clustering coefficient (0 for nodes of degree < 2), on the undirected loop-free view.

    The coefficient of a node with ``d >= 2`` neighbours is ``2 t / (d (d - 1))``, ``t`` the number of
    triangles through it (networkx's and igraph's ``transitivity_local_undirected(mode="zero")``).
    Up to :data:`COMPILED_ABOVE_NODES` nodes igraph computes every node's; above, or for chosen
    ``nodes``, a compiled pass over the CSR arrays counts the triangles (no igraph copy of the graph:
    1.7 instead of 6.8 CPU s at 1M nodes / 5M edges): for each node its neighbours are marked and each
    neighbour's list is scanned for marks (or, when that list is much longer, the node's own neighbours
    are searched in it), so a hub costs its neighbours' lists, not a square of its degree.

    Parameters
    ----------
    graph : Graph
    nodes : numpy.ndarray, optional
        Positions to compute (default: every node, in order).

    Returns
    -------
    numpy.ndarray
        float64, one value per entry of ``nodes`` (per node by default).

    Raises
    ------
    ParameterError
        If a position of ``nodes`` is out of range.

    References
    ----------
    D. J. Watts & S. H. Strogatz, Collective dynamics of 'small-world' networks, Nature 393 (1998).
    """
    if nodes is None and graph.n_nodes <= COMPILED_ABOVE_NODES:
        if graph.n_nodes == 0:
            return np.zeros(0)
        return _igraph_clustering(to_simple_igraph(graph))
    from engine._graph_kernels import triangles_at

    structure = _simple_structure(graph)
    nodes = np.arange(graph.n_nodes, dtype=np.int64) if nodes is None else np.asarray(nodes, dtype=np.int64)
    if nodes.size and (nodes.min() < 0 or nodes.max() >= graph.n_nodes):
        raise ParameterError(f"nodes must be positions in 0..{graph.n_nodes - 1} (got {nodes.min()}..{nodes.max()})")
    triangles = np.zeros(nodes.size, dtype=np.int64)
    degrees = np.zeros(nodes.size, dtype=np.int64)
    triangles_at(structure.indptr, structure.indices, nodes, triangles, degrees)
    pairs = degrees * (degrees - 1)
    return np.divide(2.0 * triangles, pairs, out=np.zeros(nodes.size), where=pairs > 0)


def _igraph_clustering(ig_graph: Any) -> np.ndarray:
    """Every node's local clustering from igraph (the simple undirected view of :func:`to_simple_igraph`)."""
    return np.asarray(ig_graph.transitivity_local_undirected(mode="zero"), dtype=np.float64)


def load_compiled_kernels() -> None:
    """Import numba and load (on a first install: compile) the kernels used above
    :data:`COMPILED_ABOVE_NODES` nodes, so that the first large graph does not wait for them
    (0.5-1 s on 2 cores); ``serve.py`` calls it before the server listens."""
    from engine._graph_kernels import component_labels, triangles_at

    indptr, indices = np.array([0, 1, 2]), np.array([1, 0])
    triangles_at(indptr, indices, np.array([0]), np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64))
    component_labels(indptr, indices)


def _simple_structure(graph: Graph) -> sp.csr_matrix:
    """Sorted CSR whose pattern is the undirected view (self-loops still in it: the kernels skip them)."""
    if graph.directed:
        return undirected_simple(graph)
    return graph.adjacency  # symmetric, sorted and without duplicates by construction (engine.types.Graph)


def core_number(graph: Graph) -> np.ndarray:
    """k-core number of each node, on the undirected loop-free view.

    References
    ----------
    V. Batagelj & M. Zaversnik, An O(m) algorithm for cores decomposition of networks (2003).
    """
    if graph.n_nodes == 0:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(to_simple_igraph(graph).coreness(), dtype=np.int64)


def louvain_communities(graph: Graph, *, resolution: float = 1.0, seed: int | None = None) -> np.ndarray:
    """Louvain community of each node (weighted, undirected view), relabelled 0 = largest.

    Parameters
    ----------
    graph : Graph
    resolution : float
        Modularity resolution (> 0); larger gives more, smaller communities.
    seed : int or None
        Seed of igraph's node visiting order (None: a fresh one).

    Returns
    -------
    numpy.ndarray
        int64 community ids; ties in size are ordered by their smallest node position.

    References
    ----------
    V. D. Blondel, J.-L. Guillaume, R. Lambiotte & E. Lefebvre, Fast unfolding of
    communities in large networks, J. Stat. Mech. P10008 (2008).
    """
    resolution = check_in_range(resolution, "resolution", 0, None, low_inclusive=False)
    seed = seed_value(seed)
    n = graph.n_nodes
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    ig_graph = to_simple_igraph(graph, weighted=True)
    with seeded_igraph_rng(seed):
        membership = ig_graph.community_multilevel(weights="weight", resolution=resolution).membership
    return _relabel_by_size(np.asarray(membership, dtype=np.int64))


def modularity(graph: Graph, communities: np.ndarray) -> float:
    """Newman modularity of a partition (weighted, undirected view); 0.0 without edges.

    References
    ----------
    M. E. J. Newman, Modularity and community structure in networks, PNAS 103 (2006).
    """
    communities = np.asarray(communities)
    if communities.shape != (graph.n_nodes,):
        raise ParameterError(f"communities must have one entry per node ({graph.n_nodes}), got shape {communities.shape}")
    adjacency = undirected_simple(graph, weighted=True).tocoo()
    total = adjacency.data.sum()
    if total == 0:
        return 0.0
    _, labels = np.unique(communities, return_inverse=True)
    inside = adjacency.data[labels[adjacency.row] == labels[adjacency.col]].sum()
    strength = np.bincount(labels, weights=np.asarray(adjacency.sum(axis=1)).ravel())
    return float(inside / total - np.sum((strength / total) ** 2))


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    unique, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    new_id = np.empty(unique.size, dtype=np.int64)
    new_id[order] = np.arange(unique.size)
    return new_id[np.searchsorted(unique, labels)]


# --------------------------------------------------------------------- summary
def graph_summary(graph: Graph, *, clustering_sample: int | None = None, seed: int = 0) -> dict[str, Any]:
    """Size, density, connectivity, clustering and assortativity of a graph.

    Everything is exact except, above :data:`CLUSTERING_EXACT_MAX_NODES` nodes, the average
    clustering: it is then the mean local clustering of :data:`CLUSTERING_SAMPLES` nodes drawn
    uniformly without replacement with ``seed`` (an unbiased estimate; its standard error is
    returned beside it, and ``clustering_sampled_nodes`` says how many nodes it rests on, so a
    caller can label it). At 1M nodes / 5M edges the exact value costs about 1.4 s of CPU time,
    the estimate 0.07 s (bench/RESULTS.md, "Explore: statistics and reading at 1M nodes").

    Parameters
    ----------
    graph : Graph
    clustering_sample : int, optional
        Nodes to sample for the average clustering; ``>= n_nodes`` is exact. Default: exact up to
        :data:`CLUSTERING_EXACT_MAX_NODES` nodes, else :data:`CLUSTERING_SAMPLES`.
    seed : int
        Seed of that sample (the same seed gives the same estimate).

    Returns
    -------
    dict
        ``n_nodes``, ``n_edges`` (self-loops included), ``density``
        (``m / (n(n-1))``, doubled when undirected; 0 below 2 nodes),
        ``n_components`` (weakly connected when directed),
        ``largest_component_share`` (fraction of nodes), ``average_clustering``
        (mean local clustering, zeros included), ``clustering_sampled_nodes``
        (0 when exact, else the sample size), ``clustering_stderr`` (standard error
        of the estimate, with the finite-population correction; 0.0 when exact),
        ``clustering_seed`` (the sample's seed; None when exact),
        ``degree_assortativity`` (None when undefined: no edges or constant degrees),
        ``n_self_loops``, ``n_duplicate_edges`` (merged when the graph was read), ``directed``.

    Raises
    ------
    ParameterError
        If ``clustering_sample`` is not a positive integer.

    References
    ----------
    M. E. J. Newman, Assortative mixing in networks, Phys. Rev. Lett. 89 (2002):
    the Pearson correlation of the degrees at either end of an edge (out-degree of
    the source and in-degree of the target when directed, as networkx does).
    """
    n, m = graph.n_nodes, graph.n_edges
    seed = seed_value(seed)
    if clustering_sample is None:
        clustering_sample = CLUSTERING_SAMPLES if n > CLUSTERING_EXACT_MAX_NODES else max(n, 1)
    clustering_sample = check_positive_int(clustering_sample, "clustering_sample")
    pairs = n * (n - 1) if graph.directed else n * (n - 1) / 2
    # Up to COMPILED_ABOVE_NODES nodes one igraph copy gives both the components and the clustering
    # (scipy's csgraph would import scipy.linalg: 0.1-0.2 s of the CLI's start-up, bench/startup.py).
    exact = clustering_sample >= n
    ig_graph = to_simple_igraph(graph) if exact and 0 < n <= COMPILED_ABOVE_NODES else None
    sizes = np.bincount(_component_labels(graph, ig_graph)) if n else np.zeros(0, dtype=np.int64)
    average, stderr, sampled = 0.0, 0.0, 0
    if exact:
        if ig_graph is not None:
            average = float(_igraph_clustering(ig_graph).mean())
        else:
            average = float(clustering(graph).mean()) if n else 0.0
    else:
        nodes = np.sort(rng(seed).choice(n, size=clustering_sample, replace=False))
        values = clustering(graph, nodes)
        average, sampled = float(values.mean()), clustering_sample
        stderr = float(values.std(ddof=1) / np.sqrt(sampled) * np.sqrt(1 - sampled / n)) if sampled > 1 else 0.0
    return {
        "n_nodes": n,
        "n_edges": m,
        "density": float(m / pairs) if n > 1 else 0.0,
        "n_components": int(sizes.size),
        "largest_component_share": float(sizes.max() / n) if n else 0.0,
        "average_clustering": average,
        "clustering_sampled_nodes": sampled,
        "clustering_stderr": stderr,
        "clustering_seed": seed if sampled else None,
        "degree_assortativity": _degree_assortativity(graph),
        "n_self_loops": graph.n_self_loops,
        "n_duplicate_edges": graph.n_duplicate_edges,
        "directed": graph.directed,
    }


def _component_labels(graph: Graph, ig_graph: Any = None) -> np.ndarray:
    """Weakly connected component of each node, numbered in the order of their first node: scipy's
    ``connected_components``, or above :data:`COMPILED_ABOVE_NODES` nodes the same labels by a compiled
    union-find over the stored entries (no transpose copy: 0.25 instead of 1.2 CPU s at 1M / 5M).

    ``ig_graph``, the graph's :func:`to_simple_igraph` copy when the caller holds one, gives the same
    labels from igraph's components (renumbered by their first node) without importing scipy's csgraph.
    """
    if graph.n_nodes > COMPILED_ABOVE_NODES:
        from engine._graph_kernels import component_labels

        return component_labels(graph.adjacency.indptr, graph.adjacency.indices)
    if ig_graph is not None:
        membership = np.asarray(ig_graph.connected_components(mode="weak").membership, dtype=np.int64)
        _, first = np.unique(membership, return_index=True)
        rank = np.empty(first.size, dtype=np.int64)
        rank[np.argsort(first)] = np.arange(first.size)
        return rank[membership]
    from scipy.sparse import csgraph

    _, labels = csgraph.connected_components(graph.adjacency, directed=graph.directed, connection="weak")
    return labels


def _degree_assortativity(graph: Graph) -> float | None:
    """Pearson correlation of the end degrees over the stored entries, from exact integer sums
    (one sparse product instead of two entry-length degree arrays)."""
    adjacency = graph.adjacency
    if adjacency.nnz == 0:
        return None
    per_row = np.diff(adjacency.indptr).astype(np.int64)
    per_column = np.bincount(adjacency.indices, minlength=graph.n_nodes).astype(np.int64)
    if graph.directed:
        x, y = per_row, per_column  # out-degree of the source, in-degree of the target
    else:
        x = y = graph.degrees()
    pattern = sp.csr_matrix((np.ones(adjacency.nnz, dtype=np.int64), adjacency.indices, adjacency.indptr),
                            shape=adjacency.shape)
    entries = int(adjacency.nnz)
    sum_x, sum_xx = int(per_row @ x), int(per_row @ (x * x))
    sum_y, sum_yy = int(per_column @ y), int(per_column @ (y * y))
    sum_xy = int(x @ (pattern @ y))
    spread_x, spread_y = entries * sum_xx - sum_x**2, entries * sum_yy - sum_y**2
    if spread_x == 0 or spread_y == 0:
        return None
    return float((entries * sum_xy - sum_x * sum_y) / np.sqrt(float(spread_x) * float(spread_y)))


# ----------------------------------------------------------------------- views
def largest_component(graph: Graph) -> Graph:
    """The subgraph induced by the largest (weakly) connected component.

    Raises
    ------
    EmptyGraphError
        If the graph has no nodes.
    """
    if graph.n_nodes == 0:
        raise EmptyGraphError(f"{graph.name} has no nodes")
    labels = _component_labels(graph)
    largest = np.bincount(labels).argmax()
    return graph.subgraph(np.flatnonzero(labels == largest), name=f"{graph.name} (largest component)")


def ego_graph(graph: Graph, node_position: int, depth: int = 1) -> Graph:
    """The subgraph induced by nodes within ``depth`` hops of a node (edges followed both ways).

    Parameters
    ----------
    graph : Graph
    node_position : int
        Position (not label) of the centre; see :meth:`Graph.index_of`.
    depth : int
        Number of hops, 1 to 3.

    Returns
    -------
    Graph
        Nodes in position order of the original graph.

    Raises
    ------
    ParameterError
        If the position is out of range or ``depth`` is not in 1..3.
    """
    depth = check_positive_int(depth, "depth")
    if depth > 3:
        raise ParameterError(f"depth must be 1, 2 or 3 (got {depth})")
    node_position = check_nonnegative_int(node_position, "node_position")
    if node_position >= graph.n_nodes:
        raise ParameterError(f"node_position must be < {graph.n_nodes} (got {node_position})")
    structure = graph.adjacency
    if graph.directed:
        structure = structure.maximum(structure.T).tocsr()
    reached = np.zeros(graph.n_nodes, dtype=bool)
    reached[node_position] = True
    frontier = np.array([node_position])
    for _ in range(depth):
        neighbours = structure[frontier].indices
        frontier = np.unique(neighbours[~reached[neighbours]])
        if frontier.size == 0:
            break
        reached[frontier] = True
    label = graph.node_ids[node_position]
    return graph.subgraph(np.flatnonzero(reached), name=f"{graph.name} (ego {label!s}, depth {depth})")


def degree_filter(graph: Graph, min_degree: int = 0, max_degree: int | None = None) -> Graph:
    """The subgraph induced by nodes whose degree (in ``graph``) lies in ``[min_degree, max_degree]``.

    Raises
    ------
    ParameterError
        If the bounds are negative or ``max_degree < min_degree``.
    EmptyGraphError
        If no node has a degree in the range.
    """
    min_degree = check_nonnegative_int(min_degree, "min_degree")
    if max_degree is not None:
        max_degree = check_nonnegative_int(max_degree, "max_degree")
        if max_degree < min_degree:
            raise ParameterError(f"max_degree must be >= min_degree ({min_degree}) (got {max_degree})")
    degrees = graph.degrees()
    keep = degrees >= min_degree
    if max_degree is not None:
        keep &= degrees <= max_degree
    upper = "inf" if max_degree is None else max_degree
    if not keep.any():
        low, high = (int(degrees.min()), int(degrees.max())) if degrees.size else (0, 0)
        raise EmptyGraphError(f"no node has degree in [{min_degree}, {upper}] (degrees range {low}..{high})")
    return graph.subgraph(np.flatnonzero(keep), name=f"{graph.name} (degree {min_degree}..{upper})")
