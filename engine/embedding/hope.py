"""HOPE: high-order proximity preserved embedding with the Katz index."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

from engine._validation import check_in_range, rng
from engine.embedding._base import Embedding, ProgressCallback, _check_dim, _check_graph, _embed, _report
from engine.embedding.laplacian import fix_signs
from engine.errors import ParameterError
from engine.types import Graph

__all__ = ["hope"]


def hope(
    graph: Graph,
    *,
    dim: int = 128,
    decay_ratio: float = 0.5,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Embedding:
    """Embed nodes with HOPE over the Katz proximity (Ou et al. 2016).

    S = M_g⁻¹ M_l with M_g = I − bA and M_l = bA, b = ``decay_ratio`` / ρ(A).
    The top dim/2 singular triplets of S are found by ``svds`` on a linear
    operator that applies M_g⁻¹ through a sparse LU factorisation, so S is
    never formed. The embedding concatenates source U·√Σ and target V·√Σ.

    Parameters
    ----------
    graph : Graph
        Undirected graph (edge weights are used).
    dim : int
        Embedding dimension, even, at most 2·(n − 1).
    decay_ratio : float
        Katz decay b as a fraction of 1/ρ(A), in (0, 1).
    seed : int, optional
        Seed of the start vector of the iterative SVD.
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
    M. Ou, P. Cui, J. Pei, Z. Zhang, W. Zhu, "Asymmetric Transitivity Preserving
    Graph Embedding", KDD 2016. The paper computes the generalised SVD with
    JDGSVD; we use ARPACK's ``svds`` on the operator M_g⁻¹M_l (same
    factorisation, different eigensolver). Singular pairs get deterministic
    signs (largest |entry| of each source vector positive).

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> hope(load_dataset("karate_club"), dim=8, seed=0).vectors.shape
    (34, 8)
    """
    dim = _check_dim(dim)
    if dim % 2:
        raise ParameterError(f"dim must be even for hope (source and target halves) (got {dim})")
    decay_ratio = check_in_range(decay_ratio, "decay_ratio", 0.0, 1.0, low_inclusive=False, high_inclusive=False)
    generator = rng(seed)
    _check_graph(graph, "hope")
    n = graph.n_nodes
    _check_dim(dim, 2 * (n - 1), why=f" (2 × (n_nodes − 1) for hope on {n} nodes)")
    params = {"dim": dim, "decay_ratio": decay_ratio, "seed": seed}

    def compute() -> np.ndarray:
        adjacency = graph.adjacency
        k = dim // 2
        _report(on_progress, 0.0, "HOPE: spectral radius")
        radius = _spectral_radius(adjacency, generator)
        decay = decay_ratio / radius
        local = (decay * adjacency).tocsr()
        _report(on_progress, 0.1, "HOPE: sparse LU of I − bA")
        factor = sla.splu((sp.identity(n, format="csc") - local).tocsc(), permc_spec="MMD_AT_PLUS_A")
        local_t = local.T.tocsr()
        operator = sla.LinearOperator(
            (n, n),
            matvec=lambda x: factor.solve(local @ x),
            rmatvec=lambda x: local_t @ factor.solve(x, trans="T"),
            dtype=np.float64,
        )
        _report(on_progress, 0.3, f"HOPE: {k} singular triplets")
        if k >= n - 1 or n <= 64:
            katz = factor.solve(local.toarray())
            u, sigma, vt = np.linalg.svd(katz)
            u, sigma, vt = u[:, :k], sigma[:k], vt[:k]
        else:
            start = generator.standard_normal(n)
            u, sigma, vt = sla.svds(operator, k=k, v0=start / np.linalg.norm(start))
            order = np.argsort(-sigma)
            u, sigma, vt = u[:, order], sigma[order], vt[order]
        signs = fix_signs(u)
        u, v = u * signs, vt.T * signs
        root = np.sqrt(sigma)
        _report(on_progress, 1.0, "HOPE: done")
        return np.hstack([u * root, v * root])

    return _embed(graph, "hope", params, compute)


def _spectral_radius(adjacency: sp.csr_matrix, generator: np.random.Generator) -> float:
    n = adjacency.shape[0]
    if n <= 64:
        return float(np.max(np.abs(np.linalg.eigvalsh(adjacency.toarray()))))
    start = generator.random(n) + 0.1
    value = sla.eigsh(adjacency, k=1, which="LM", v0=start, return_eigenvectors=False)[0]
    return float(abs(value))
