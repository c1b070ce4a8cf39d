"""Laplacian eigenmaps: the smoothest eigenvectors of the normalised Laplacian."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

from engine._validation import rng
from engine.embedding._base import Embedding, ProgressCallback, _check_dim, _check_graph, _embed, _report
from engine.types import Graph

__all__ = ["laplacian_eigenmaps", "fix_signs"]

#: Up to this many nodes the dense eigensolver is used (exact and fast).
_DENSE_LIMIT = 1000


def laplacian_eigenmaps(
    graph: Graph,
    *,
    dim: int = 128,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Embedding:
    """Embed nodes with Laplacian eigenmaps (Belkin & Niyogi 2003).

    Takes the dim + 1 largest eigenvectors v of D^{-1/2} A D^{-1/2} (the
    smallest of L = I − D^{-1/2} A D^{-1/2}) with ``eigsh``, drops the trivial
    one and returns f = D^{-1/2} v, the solutions of the generalised problem
    L f = λ D f of the paper. Isolated nodes get zero vectors.

    Parameters
    ----------
    graph : Graph
        Undirected graph (edge weights are the heat-kernel weights W).
    dim : int
        Embedding dimension, at most n − 1.
    seed : int, optional
        Seed of the eigensolver's start vector.
    on_progress : callable, optional
        ``on_progress(fraction, message)``.

    Returns
    -------
    Embedding

    Raises
    ------
    EmptyGraphError, ParameterError, UnsupportedGraphError

    References
    ----------
    M. Belkin, P. Niyogi, "Laplacian Eigenmaps for Dimensionality Reduction and
    Data Representation", Neural Computation 15(6), 2003. On a disconnected
    graph only the single top eigenvector is dropped; the other component
    indicators are kept. Each eigenvector's sign makes its largest |entry|
    positive.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> laplacian_eigenmaps(load_dataset("karate_club"), dim=2, seed=0).vectors.shape
    (34, 2)
    """
    dim = _check_dim(dim)
    generator = rng(seed)
    _check_graph(graph, "laplacian_eigenmaps")
    n = graph.n_nodes
    _check_dim(dim, n - 1, why=f" (n_nodes − 1 for laplacian_eigenmaps on {n} nodes)")
    params = {"dim": dim, "seed": seed}

    def compute() -> np.ndarray:
        adjacency = graph.adjacency
        degrees = np.asarray(adjacency.sum(axis=1)).ravel()
        inv_sqrt = np.zeros(n)
        inv_sqrt[degrees > 0] = degrees[degrees > 0] ** -0.5
        normalized = (sp.diags(inv_sqrt) @ adjacency @ sp.diags(inv_sqrt)).tocsr()
        _report(on_progress, 0.1, f"Laplacian eigenmaps: {dim + 1} eigenvectors")
        if n <= _DENSE_LIMIT or dim + 1 >= n - 1:
            values, vectors = np.linalg.eigh(normalized.toarray())
        else:
            start = generator.random(n) + 0.1
            values, vectors = sla.eigsh(normalized, k=dim + 1, which="LA", v0=start)
        order = np.argsort(-values, kind="stable")[: dim + 1]
        vectors = vectors[:, order[1:]]
        vectors = vectors * fix_signs(vectors)
        _report(on_progress, 1.0, "Laplacian eigenmaps: done")
        return vectors * inv_sqrt[:, None]

    return _embed(graph, "laplacian", params, compute)


def fix_signs(vectors: np.ndarray) -> np.ndarray:
    """Signs (±1 per column) that make each column's largest-magnitude entry positive.

    Eigen- and singular vectors are defined up to sign; multiplying by these makes them
    deterministic (used by Laplacian eigenmaps and HOPE).

    Examples
    --------
    >>> fix_signs(np.array([[1.0, -3.0], [-2.0, 1.0]])).tolist()
    [-1.0, -1.0]
    """
    rows = np.argmax(np.abs(vectors), axis=0)
    signs = np.sign(vectors[rows, np.arange(vectors.shape[1])])
    signs[signs == 0] = 1.0
    return signs
