"""Node positions for drawing a graph: force-directed, spectral and circular layouts.

Every layout is seeded and deterministic, ignores edge direction and weights
(it places the structure), and is rescaled so that it is centred on the origin
and fits in ``[-1, 1]``. igraph's Fruchterman–Reingold handles large graphs in
about a second per 10,000 nodes; the networkx layouts are quadratic or worse
and are refused above :data:`MAX_NODES`. Above :data:`AUTO_PIVOT_MDS_ABOVE`
nodes "auto" uses pivot MDS, linear in the graph's size (a breadth-first search
from each of 50 pivots), where a force-directed layout needs many minutes
(bench/explore_overview.py: 1M nodes / 5M edges in about 8 s of CPU on one core,
of which the 50 searches take 6.7 s). :func:`stored_layout` keeps layouts on disk
under ``$GRAPHLENS_HOME``, so a graph is laid out once, not at every server start.

Examples
--------
>>> from engine.types import Graph
>>> g = Graph.from_edges([0, 1, 2], [1, 2, 3])
>>> positions = layout(g, "circular")
>>> positions.shape, float(abs(positions).max())
((4, 2), 1.0)
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numba
import numpy as np
import scipy.sparse.linalg as sla

from engine._igraph import seeded_igraph_rng, to_simple_igraph, undirected_simple
from engine._validation import check_choice, rng, seed_value
from engine.errors import EmptyGraphError, ParameterError
from engine.graph_store import load_array, save_array
from engine.runs import home_directory
from engine.types import Graph

__all__ = ["LAYOUT_METHODS", "MAX_NODES", "AUTO_IGRAPH_ABOVE", "AUTO_PIVOT_MDS_ABOVE", "PIVOTS",
           "SPECTRAL_REGULARISATION", "STORE_VERSION", "layout", "resolve_method", "stored_layout"]


#: Accepted ``method`` values ("auto" picks one by size).
LAYOUT_METHODS: tuple[str, ...] = ("auto", "fruchterman_reingold", "pivot_mds", "spring", "kamada_kawai", "spectral",
                                   "circular")

#: Largest graph (in nodes) each slow method accepts; measured on 2 cores,
#: networkx spring takes ~5 s at 1,000 nodes and Kamada–Kawai ~3 s at 200 (~18 s at 500).
MAX_NODES: dict[str, int] = {"spring": 1_000, "kamada_kawai": 250, "spectral": 20_000}

#: "auto" uses networkx spring up to this many nodes and igraph Fruchterman–Reingold above.
AUTO_IGRAPH_ABOVE = 500
#: "auto" uses pivot MDS above this many nodes (igraph FR takes ~30 s at 100k nodes on 2 cores).
AUTO_PIVOT_MDS_ABOVE = 50_000
#: Number of pivots (breadth-first searches) of the pivot MDS layout.
PIVOTS = 50
#: The spectral layout adds ``tau / n`` to every entry of the adjacency (and ``tau`` to every degree), with
#: ``tau`` this share of the mean degree (regularised spectral clustering, Qin & Rohe 2013). Unregularised,
#: the 2nd and 3rd eigenvectors sit on a few weakly attached nodes and every other node collapses to the
#: centre (ego-Facebook: 80 % of nodes within 5 % of the drawing's half-width of the median point with
#: ``D - A``, 19 % with this; twitch_en: 99.9 % with ``D - A`` and with the plain normalised Laplacian).
#: 0.1 spread the shipped graphs best among 0.01, 0.03, 0.1, 0.3 and 1 (bench/RESULTS.md).
SPECTRAL_REGULARISATION = 0.1
#: Version of the layouts kept by :func:`stored_layout`; raise it when a method's output changes.
STORE_VERSION = 1
#: Nodes per slice when pivot MDS centres and projects the distances (bounds its float memory).
_MDS_CHUNK = 65_536


def layout(graph: Graph, method: str = "auto", *, seed: int | None = None) -> np.ndarray:
    """Compute 2-D node positions.

    Parameters
    ----------
    graph : Graph
        The graph to place (direction and weights are ignored).
    method : str
        One of :data:`LAYOUT_METHODS`:

        - ``"fruchterman_reingold"``: igraph's force-directed layout, the
          "auto" choice above :data:`AUTO_IGRAPH_ABOVE` nodes, where it uses
          igraph's grid variant (repulsion from nearby cells only, ~linear time).
        - ``"pivot_mds"``: classical MDS of the hop distances to :data:`PIVOTS`
          pivots chosen farthest-first from a seeded random start (Brandes & Pich),
          the "auto" choice above :data:`AUTO_PIVOT_MDS_ABOVE` nodes. Nodes that a
          pivot cannot reach count as one hop beyond its farthest node.
        - ``"spring"``: networkx's Fruchterman–Reingold (``spring_layout``).
        - ``"kamada_kawai"``: networkx's Kamada–Kawai energy layout.
        - ``"spectral"``: eigenvectors 2 and 3 of the regularised random-walk Laplacian
          ``I - (D + tau I)^-1 (A + tau/n 11^T)`` (:data:`SPECTRAL_REGULARISATION`). Departure from Hall's
          ``D - A``: its eigenvectors localise on a few weakly attached nodes, so the rest of a clustered graph
          (ego-Facebook) collapses into one point; the regularisation also lays out disconnected graphs.
        - ``"circular"``: nodes evenly on the unit circle, in position order.
    seed : int or None
        Seed of the random start; the same seed gives the same layout (None: a fresh one).

    Returns
    -------
    numpy.ndarray
        ``(n_nodes, 2)`` float64 positions, centred, with max ``|coordinate| == 1``.

    Raises
    ------
    EmptyGraphError
        If the graph has no nodes.
    ParameterError
        If ``method`` or ``seed`` is invalid, or ``method`` is slower than
        interactive at this size (the message names the limit, see :data:`MAX_NODES`).

    References
    ----------
    T. M. J. Fruchterman & E. M. Reingold, Graph drawing by force-directed placement,
    Software: Practice and Experience 21 (1991). T. Kamada & S. Kawai, An algorithm for
    drawing general undirected graphs, Information Processing Letters 31 (1989).
    K. M. Hall, An r-dimensional quadratic placement algorithm, Management Science 17 (1970).
    T. Qin & K. Rohe, Regularized spectral clustering under the degree-corrected stochastic blockmodel,
    NeurIPS 2013 (the regularisation).
    U. Brandes & C. Pich, Eigensolver methods for progressive multidimensional scaling of large data,
    Graph Drawing 2006, LNCS 4372 (pivot MDS; we use max-min pivots and the k x k eigenproblem as there).
    """
    seed = seed_value(seed)
    method = resolve_method(graph, method)
    n = graph.n_nodes
    if n == 0:
        raise EmptyGraphError(f"{graph.name} has no nodes to lay out")
    limit = MAX_NODES.get(method)
    if limit is not None and n > limit:
        raise ParameterError(
            f"the {method} layout is limited to {limit:,} nodes (got {n:,}); "
            "use fruchterman_reingold for larger graphs"
        )
    if n == 1:
        return np.zeros((1, 2))
    positions = _LAYOUTS[method](graph, seed)
    return _normalise(positions)


def resolve_method(graph: Graph, method: str = "auto") -> str:
    """The layout method that ``method`` names for ``graph`` ("auto" picks one by size).

    Raises
    ------
    ParameterError
        If ``method`` is not one of :data:`LAYOUT_METHODS`.

    Examples
    --------
    >>> from engine.types import Graph
    >>> resolve_method(Graph.from_edges([0], [1])), resolve_method(Graph.from_edges([0], [1]), "circular")
    ('spring', 'circular')
    """
    check_choice(method, "method", LAYOUT_METHODS)
    if method != "auto":
        return method
    n = graph.n_nodes
    return "spring" if n <= AUTO_IGRAPH_ABOVE else "fruchterman_reingold" if n <= AUTO_PIVOT_MDS_ABOVE else "pivot_mds"


def stored_layout(graph: Graph, method: str = "auto", *, seed: int | None = None,
                  directory: str | Path | None = None) -> np.ndarray:
    """:func:`layout`, kept on disk so that a graph is laid out once, not at every server start.

    Positions are stored as ``<fingerprint>-<method>-<seed>-v<STORE_VERSION>.npy`` in ``directory``
    (default ``$GRAPHLENS_HOME/layouts``); a stored file is used when it has one finite row per node. A
    directory that cannot be written only costs the saving (the positions are still returned).

    Parameters
    ----------
    graph : Graph
    method : str
        One of :data:`LAYOUT_METHODS` ("auto" is stored under the method it resolves to).
    seed : int, optional
        As :func:`layout`; ``None`` draws a fresh seed, and such a layout is not stored.
    directory : str or Path, optional
        Where the layouts are kept.

    Returns
    -------
    numpy.ndarray
        The same positions as ``layout(graph, method, seed=seed)``.

    Raises
    ------
    EmptyGraphError, ParameterError
        As :func:`layout`.
    """
    if seed is None:
        return layout(graph, method)
    seed = seed_value(seed)
    method = resolve_method(graph, method)
    folder = Path(directory) if directory is not None else home_directory() / "layouts"
    path = folder / f"{graph.fingerprint()}-{method}-{seed}-v{STORE_VERSION}.npy"
    positions = load_array(path, (graph.n_nodes, 2))
    if positions is not None:
        return positions.astype(np.float64, copy=False)
    positions = layout(graph, method, seed=seed)
    save_array(path, positions)
    return positions


def _fruchterman_reingold(graph: Graph, seed: int) -> np.ndarray:
    ig_graph = to_simple_igraph(graph)
    # igraph draws its random start (a square of side sqrt(n)) from the seeded generator.
    with seeded_igraph_rng(seed):
        coords = ig_graph.layout_fruchterman_reingold(grid=graph.n_nodes > AUTO_IGRAPH_ABOVE).coords
    return np.asarray(coords, dtype=np.float64)


@numba.njit(cache=True, nogil=True)
def _pivot_hops(indptr, indices, first, hops):  # pragma: no cover - compiled
    """Breadth-first hop distances from ``hops.shape[0]`` pivots chosen farthest-first from ``first``.

    Row ``i`` of ``hops`` receives the distances from pivot ``i``; a node the pivot cannot reach counts as
    one hop beyond the pivot's farthest node. The next pivot is the node farthest from every pivot so far
    (the first such node on ties). Each search is direction-optimising (Beamer et al.): a level whose
    frontier holds more than 1/20 of the nodes is expanded bottom-up, every unreached node looking for a
    neighbour in the frontier, which on small-world graphs reads far fewer edges in cache-friendly order.
    """
    k, n = hops.shape
    nearest = np.full(n, np.iinfo(np.int32).max, dtype=np.int32)
    frontier = np.empty(n, dtype=np.int64)
    following = np.empty(n, dtype=np.int64)
    pivot = first
    for i in range(k):
        row = hops[i]
        row[:] = -1
        row[pivot] = 0
        frontier[0] = pivot
        size, level, reached = 1, 0, 1
        while size > 0:
            found = 0
            if size * 20 > n:
                for v in range(n):
                    if row[v] < 0:
                        for j in range(indptr[v], indptr[v + 1]):
                            if row[indices[j]] == level:
                                row[v] = level + 1
                                following[found] = v
                                found += 1
                                break
            else:
                for f in range(size):
                    node = frontier[f]
                    for j in range(indptr[node], indptr[node + 1]):
                        other = indices[j]
                        if row[other] < 0:
                            row[other] = level + 1
                            following[found] = other
                            found += 1
            frontier, following = following, frontier
            size = found
            reached += found
            level += 1
        unreachable = level  # one hop beyond the farthest level reached (level - 1)
        farthest, best = -1, 0
        for v in range(n):
            if row[v] < 0:
                row[v] = unreachable
            if row[v] < nearest[v]:
                nearest[v] = row[v]
        nearest[pivot] = -1
        for v in range(n):
            if nearest[v] > farthest:
                farthest, best = nearest[v], v
        pivot = best


def _pivot_mds(graph: Graph, seed: int) -> np.ndarray:
    structure = undirected_simple(graph)
    n = graph.n_nodes
    k = min(PIVOTS, n)
    hops = np.empty((k, n), dtype=np.int32)
    first = int(rng(seed).integers(n))
    _pivot_hops(structure.indptr.astype(np.int64), structure.indices.astype(np.int32), first, hops)
    # Classical MDS of the squared distances, double-centred, in slices of nodes so that no n x k float
    # copy is made whole: B = -1/2 (D2 - pivot means - node means + grand mean), then the top two
    # eigenvectors of the k x k matrix B^T B give the axes and B projects the nodes on them.
    slices = [slice(begin, begin + _MDS_CHUNK) for begin in range(0, n, _MDS_CHUNK)]
    pivot_sums = np.zeros(k)
    for part in slices:
        pivot_sums += (hops[:, part].astype(np.float64) ** 2).sum(axis=1)
    pivot_means = pivot_sums / n
    grand_mean = pivot_means.mean()

    def centred(part: slice) -> np.ndarray:
        squared = hops[:, part].T.astype(np.float64) ** 2
        return -0.5 * (squared - pivot_means - squared.mean(axis=1, keepdims=True) + grand_mean)

    gram = np.zeros((k, k))
    for part in slices:
        block = centred(part)
        gram += block.T @ block
    values, vectors = np.linalg.eigh(gram)
    top = vectors[:, np.argsort(values)[::-1][:2]]
    positions = np.empty((n, 2))
    for part in slices:
        positions[part] = centred(part) @ top
    # eigenvectors have an arbitrary sign: make each axis's largest-magnitude coordinate positive
    signs = np.sign(positions[np.abs(positions).argmax(axis=0), [0, 1]])
    return positions * np.where(signs == 0, 1.0, signs)


def _networkx(graph: Graph) -> nx.Graph:
    return nx.from_scipy_sparse_array(undirected_simple(graph))


def _spring(graph: Graph, seed: int) -> np.ndarray:
    positions = nx.spring_layout(_networkx(graph), seed=seed, weight=None)
    return np.array([positions[i] for i in range(graph.n_nodes)], dtype=np.float64)


def _kamada_kawai(graph: Graph, seed: int) -> np.ndarray:
    # Kamada–Kawai is deterministic from its start; start from a seeded random placement
    # (networkx's default start is circular, which is also deterministic but seed-blind).
    nx_graph = _networkx(graph)
    start_xy = rng(seed).uniform(-1.0, 1.0, size=(graph.n_nodes, 2))
    start = {i: start_xy[i] for i in range(graph.n_nodes)}
    positions = nx.kamada_kawai_layout(nx_graph, pos=start, weight=None)
    return np.array([positions[i] for i in range(graph.n_nodes)], dtype=np.float64)


def _spectral(graph: Graph, seed: int) -> np.ndarray:
    """Eigenvectors 2 and 3 of the regularised random-walk Laplacian (see :data:`SPECTRAL_REGULARISATION`).

    They are the top eigenvectors of ``M = S (A + tau/n 11^T) S`` with ``S = (D + tau I)^(-1/2)``, scaled
    by ``S`` (``D^-1 A x = lambda x`` form); the largest eigenvectors of ``M`` converge quickly, where the
    smallest of ``D - A`` took ~12 s on ego-Facebook.
    """
    structure = undirected_simple(graph).astype(np.float64)
    n = graph.n_nodes
    if n == 2:
        return np.array([[-1.0, 0.0], [1.0, 0.0]])
    degrees = np.asarray(structure.sum(axis=1)).ravel()
    tau = SPECTRAL_REGULARISATION * (degrees.mean() if degrees.any() else 1.0)
    scale = 1.0 / np.sqrt(degrees + tau)
    if n < 500:
        matrix = scale[:, None] * (structure.toarray() + tau / n) * scale[None, :]
        values, vectors = np.linalg.eigh(matrix)
    else:
        def apply(x: np.ndarray) -> np.ndarray:
            y = scale[:, None] * x.reshape(n, -1)
            out = scale[:, None] * (structure @ y + tau / n * y.sum(axis=0))
            return out.reshape(x.shape)

        operator = sla.LinearOperator((n, n), matvec=apply, matmat=apply, dtype=np.float64)
        v0 = np.sqrt(degrees + tau) * rng(seed).uniform(0.5, 1.5, size=n)
        values, vectors = sla.eigsh(operator, k=3, which="LA", v0=v0, tol=1e-8)
    vectors = vectors[:, np.argsort(-values)]
    positions = vectors[:, 1:3] * scale[:, None]
    # Eigenvectors have an arbitrary sign: make each one's largest-magnitude entry positive.
    signs = np.sign(positions[np.abs(positions).argmax(axis=0), [0, 1]])
    return positions * np.where(signs == 0, 1.0, signs)


def _circular(graph: Graph, seed: int) -> np.ndarray:
    angles = 2.0 * np.pi * np.arange(graph.n_nodes) / graph.n_nodes
    return np.column_stack([np.cos(angles), np.sin(angles)])


def _normalise(positions: np.ndarray) -> np.ndarray:
    positions = np.asarray(positions, dtype=np.float64)
    positions = positions - (positions.max(axis=0) + positions.min(axis=0)) / 2.0
    extent = np.abs(positions).max()
    return positions / extent if extent > 0 else positions


_LAYOUTS = {
    "fruchterman_reingold": _fruchterman_reingold,
    "pivot_mds": _pivot_mds,
    "spring": _spring,
    "kamada_kawai": _kamada_kawai,
    "spectral": _spectral,
    "circular": _circular,
}
