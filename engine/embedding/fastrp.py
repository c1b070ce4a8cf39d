"""FastRP: node embeddings by very sparse random projection of transition-matrix powers."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from engine._validation import check_in_range, rng
from engine.embedding._base import Embedding, ProgressCallback, _check_dim, _check_graph, _embed, _report
from engine.errors import ParameterError
from engine.types import Graph

__all__ = ["fastrp"]

#: Iteration weights of the reference notebook on BlogCatalog (for A^1..A^4).
DEFAULT_WEIGHTS = (1.0, 1.0, 7.81, 45.28)


def fastrp(
    graph: Graph,
    *,
    dim: int = 128,
    weights: Sequence[float] = DEFAULT_WEIGHTS,
    beta: float = -0.628,
    sparsity: float | None = None,
    normalize_powers: bool = False,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Embedding:
    """Embed nodes with FastRP (Chen et al. 2019).

    With the transition matrix P = D⁻¹A, a very sparse random projection R
    (entries ±√s with probability 1/(2s) each, 0 otherwise) and the degree
    normalisation L = diag(d^β), the powers are N₁ = P·L·R and
    Nᵢ = P·Nᵢ₋₁; the embedding is Σ αᵢ Nᵢ with standardised columns.
    Only sparse × thin products are formed (O(q·m·dim) time, O(n·dim) memory).

    Parameters
    ----------
    graph : Graph
        Undirected graph; edge weights enter P and the degrees.
    dim : int
        Embedding dimension.
    weights : sequence of float
        Iteration weights α₁..α_q; their number is the number of powers q.
    beta : float
        Degree-normalisation exponent β (the paper tunes it in [-1, 0]).
    sparsity : float, optional
        s of the projection (density 1/s); default √n, the "very sparse"
        projection of Li, Hastie & Church (2006).
    normalize_powers : bool
        L2-normalise each Nᵢ by row before the weighted sum.
    seed : int, optional
        Seed of the random projection.
    on_progress : callable, optional
        ``on_progress(fraction, message)``.

    Returns
    -------
    Embedding

    Raises
    ------
    EmptyGraphError
        If the graph has no edge.
    ParameterError
        If a parameter is out of range.
    UnsupportedGraphError
        If the graph is directed.

    References
    ----------
    H. Chen, S. F. Sultan, Y. Tian, M. Chen, S. Skiena, "Fast and Accurate
    Network Embeddings via Very Sparse Random Projection", CIKM 2019. As in the
    paper's reference code, L scales the projection's rows (d_j^β for the
    column node j of P) and the products run in float32.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> fastrp(load_dataset("karate_club"), dim=8, seed=1).vectors.shape
    (34, 8)
    """
    dim = _check_dim(dim)
    weights = _check_weights(weights)
    beta = check_in_range(beta, "beta", -5.0, 5.0)
    if sparsity is not None:
        sparsity = check_in_range(sparsity, "sparsity", 1.0, None)
    generator = rng(seed)
    _check_graph(graph, "fastrp")
    params = {
        "dim": dim,
        "weights": list(weights),
        "beta": beta,
        "sparsity": sparsity,
        "normalize_powers": bool(normalize_powers),
        "seed": seed,
    }

    def compute() -> np.ndarray:
        adjacency = graph.adjacency
        n = graph.n_nodes
        degrees = np.asarray(adjacency.sum(axis=1)).ravel()
        s = math.sqrt(n) if sparsity is None else sparsity
        projection = _projection_matrix(n, dim, s, generator)
        scale = np.zeros(n)
        positive = degrees > 0
        scale[positive] = degrees[positive] ** beta
        inverse_degree = np.zeros(n)
        inverse_degree[positive] = 1.0 / degrees[positive]
        # P = D⁻¹A in float32, sharing A's index arrays (same values as (diag @ A).astype(float32)).
        rows = np.repeat(np.arange(n), np.diff(adjacency.indptr))
        entries = (inverse_degree[rows] * adjacency.data).astype(np.float32)
        del rows
        transition = sp.csr_matrix((entries, adjacency.indices, adjacency.indptr), shape=(n, n))
        current = np.zeros((n, dim), dtype=np.float32)  # L·R, written straight from R's non-zeros
        coo = projection.tocoo()
        current[coo.row, coo.col] = coo.data * scale[coo.row]
        combined = np.zeros((n, dim), dtype=np.float32)
        for power, alpha in enumerate(weights, start=1):
            _report(on_progress, (power - 1) / len(weights), f"FastRP: power {power} of {len(weights)}")
            current = transition @ current
            if alpha != 0.0:
                term = _row_normalize(current) if normalize_powers else current
                _add_scaled(combined, term, np.float32(alpha))
        _report(on_progress, 1.0, "FastRP: done")
        return _standardize(combined)

    return _embed(graph, "fastrp", params, compute)


def _check_weights(weights) -> tuple[float, ...]:
    try:
        values = tuple(float(w) for w in weights)
    except (TypeError, ValueError):
        raise ParameterError(f"weights must be a sequence of numbers (got {weights!r})") from None
    if not values:
        raise ParameterError("weights must hold at least one number (got none)")
    if not all(math.isfinite(v) for v in values):
        raise ParameterError(f"weights must be finite (got {list(values)})")
    if not any(values):
        raise ParameterError(f"weights must not all be zero (got {list(values)})")
    return values


def _projection_matrix(n: int, dim: int, s: float, generator: np.random.Generator) -> sp.csc_matrix:
    """Very sparse random projection: ±√s with probability 1/(2s) each, else 0 (Li et al. 2006)."""
    density = 1.0 / s
    counts = generator.binomial(n, density, size=dim)
    rows = [generator.choice(n, size=count, replace=False) for count in counts]
    row_index = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
    col_index = np.repeat(np.arange(dim), counts)
    signs = generator.choice(np.array([-1.0, 1.0]), size=row_index.size)
    return sp.csc_matrix((signs * math.sqrt(s), (row_index, col_index)), shape=(n, dim))


def _add_scaled(total: np.ndarray, term: np.ndarray, alpha: np.float32, rows: int = 1 << 16) -> None:
    """``total += alpha * term`` in blocks of rows, so no temporary as large as the embedding is made."""
    for begin in range(0, term.shape[0], rows):
        total[begin : begin + rows] += alpha * term[begin : begin + rows]


def _row_normalize(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _standardize(matrix: np.ndarray) -> np.ndarray:
    """Columns to zero mean and unit variance, in place (constant columns are only centred)."""
    matrix -= matrix.mean(axis=0, keepdims=True)
    std = np.sqrt(np.einsum("ij,ij->j", matrix, matrix) / matrix.shape[0])[None, :]
    std[std == 0] = 1.0
    matrix /= std
    return matrix
