"""FastRP: node embeddings by very sparse random projection of transition-matrix powers."""

from __future__ import annotations

import math
from typing import Sequence

import numba
import numpy as np
import scipy.sparse as sp

from engine._validation import check_in_range, rng
from engine.embedding._base import Embedding, ProgressCallback, _check_dim, _check_graph, _embed, _report
from engine.errors import ParameterError
from engine.types import Graph

__all__ = ["fastrp", "tune_fastrp", "TUNE_BETAS", "TUNE_DEEP_POWERS"]

#: Iteration weights of the reference notebook on BlogCatalog (for A^1..A^4).
DEFAULT_WEIGHTS = (1.0, 1.0, 7.81, 45.28)
#: Embedding columns computed together by :func:`fastrp` (all of them when the powers are row-normalised).
COLUMN_BLOCK = 16
#: The β values :func:`tune_fastrp` tries besides the given one (the paper tunes β in [-1, 0]). A grid of
#: -1, -0.75, -0.5, -0.25 and 0 chose 0 on facebook_pages (3 seeds) and github, and β = 0 beat -0.5 at every
#: number of powers on both (bench/RESULTS.md), so the search pairs the given β (the reference's -0.628 by
#: default) with 0 only: each further β costs q products.
TUNE_BETAS = (0.0,)
#: Random weight vectors tried around the best one in the second stage of the search.
_TUNE_PERTURBATIONS = 12
#: Nodes (labelled ones for the classifier, a ranking universe for edges) a candidate is scored on.
_TUNE_SAMPLE = 2000
#: Query nodes of the held-aside-edge criterion.
_TUNE_QUERIES = 200
#: Numbers of powers tried by the deep stage of the search, beyond the paper's q (slowly mixing graphs, such as
#: facebook_pages, gain from powers well past 4: validation accuracy 0.72 at A⁴, 0.85 at A¹⁶, 0.86 at A²⁴, dim 128).
TUNE_DEEP_POWERS = (8, 12, 16, 24)
#: Ratio of the rising weights r^i of the deep stage.
_TUNE_DEEP_RATIO = 1.5


def fastrp(
    graph: Graph,
    *,
    dim: int = 128,
    weights: Sequence[float] = DEFAULT_WEIGHTS,
    beta: float = -0.628,
    sparsity: float | None = None,
    normalize_powers: bool = False,
    tune: bool = False,
    labels=None,
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
    tune : bool
        Choose ``weights``, ``beta`` and ``normalize_powers`` per graph (the
        paper tunes α and β per data set) by the small seeded search of
        :func:`tune_fastrp`; the given values are one candidate, and the search
        may choose more powers than the given ``weights`` hold. The criterion and its score
        are in the result's ``params["tuning"]``; ``weights``, ``beta`` and
        ``normalize_powers`` there are the chosen ones, and the vectors equal
        a plain run with them and the same seed up to float32 rounding.
    labels : array-like, optional
        One label per node (None/NaN = unlabelled) for ``tune``; default the
        graph's ``label`` attribute. Without labels the search scores RESTORE
        mAP of a held-aside sample of edges instead.
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
    _check_graph(graph, "fastrp")
    if tune:
        return tune_fastrp(graph, dim=dim, weights=weights, beta=beta, sparsity=sparsity,
                           normalize_powers=normalize_powers, labels=graph.labels if labels is None else labels,
                           seed=seed, on_progress=on_progress)
    generator = rng(seed)
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
        del entries
        combined = np.zeros((n, dim), dtype=np.float32)
        # Columns are independent unless the powers are row-normalised, so they are computed a
        # block at a time: one embedding plus two n × COLUMN_BLOCK blocks alive, not three
        # n × dim products (each element is the same sum as with all columns at once).
        width = dim if normalize_powers else min(dim, COLUMN_BLOCK)
        n_blocks = -(-dim // width)
        for block, first in enumerate(range(0, dim, width)):
            last = min(first + width, dim)
            current = np.zeros((n, last - first), dtype=np.float32)  # L·R, written straight from R's non-zeros
            coo = projection[:, first:last].tocoo()
            current[coo.row, coo.col] = coo.data * scale[coo.row]
            for power, alpha in enumerate(weights, start=1):
                _report(on_progress, (block * len(weights) + power - 1) / (n_blocks * len(weights)),
                        f"FastRP: power {power} of {len(weights)}, columns {first + 1}-{last} of {dim}")
                current = transition @ current
                if alpha != 0.0:
                    term = _row_normalize(current) if normalize_powers else current
                    _add_scaled(combined[:, first:last], term, np.float32(alpha))
            del current
        _report(on_progress, 1.0, "FastRP: done")
        return _standardize(combined)

    return _embed(graph, "fastrp", params, compute)


def tune_fastrp(
    graph: Graph,
    *,
    dim: int = 128,
    weights: Sequence[float] = DEFAULT_WEIGHTS,
    beta: float = -0.628,
    sparsity: float | None = None,
    normalize_powers: bool = False,
    labels=None,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Embedding:
    """FastRP with its weights α and exponent β chosen on the graph by a small seeded search.

    The projection R is drawn exactly as by :func:`fastrp` with the same seed.
    For the given ``beta`` and each other β of :data:`TUNE_BETAS` the q powers
    are computed (all β together: q sparse × thin products of dim columns per
    β); five weight
    patterns (the given ``weights``, all ones, no first power, rising 4^i and
    falling 4^-i) are scored on them, with and without the per-power row
    normalisation, so the given setting is a candidate. Around the best (β, α),
    :data:`_TUNE_PERTURBATIONS` weight vectors with each αᵢ scaled by 4^u, u
    uniform in [-1, 1], are scored too. Then the powers of the best β continue
    past q up to max(:data:`TUNE_DEEP_POWERS`); at each depth k of
    :data:`TUNE_DEEP_POWERS` the k-th power alone and the rising weights
    1.5^(i−k), i = 1..k, are scored with and without the normalisation (the
    number of powers of the result is then k). The search keeps the full
    matrix of the best candidate, so the chosen embedding is never recomputed:
    the whole search costs the work of (q·(number of β) + max(TUNE_DEEP_POWERS)
    − q) sparse × thin products, i.e. (2·4 + 20) / 4 = 7 FastRP runs of 4
    powers with the defaults, plus the candidates' scoring on a few thousand
    rows.
    The products run in a node order of small bandwidth (reverse
    Cuthill–McKee), which keeps the gathered rows in cache.

    Criterion: with labels, the accuracy (single-label Micro-F1) of a ridge
    classifier fitted on a seeded half of the labelled nodes (at most
    2,000) and scored on the other half (at most 2,000); columns are
    standardised with statistics of those nodes. Without labels, RESTORE
    mAP@1 of a held-aside sample of edges (a tenth, at most 1,000, each node
    keeping an edge): the powers are computed on the graph without them, and
    for up to 200 query nodes the held-aside neighbours are ranked by cosine
    similarity among a seeded universe of 2,000 nodes (kept neighbours left
    out); the chosen embedding is then computed on the whole graph.

    Parameters
    ----------
    graph : Graph
        Undirected graph with at least one edge.
    dim, weights, beta, sparsity, normalize_powers, seed, on_progress
        As for :func:`fastrp`; ``weights`` fixes q of the first stages, and
        (``weights``, ``beta``) is a candidate.
    labels : array-like, optional
        One label per node (None/NaN = unlabelled); at least 2 classes and
        10 labelled nodes are needed to use them.

    Returns
    -------
    Embedding
        ``params`` hold the chosen ``weights`` (4 significant digits),
        ``beta`` and ``normalize_powers`` and ``tuning``: the criterion, its
        best score and the number of candidates. A plain :func:`fastrp` run
        with the chosen values and the same seed gives the same vectors up to
        float32 rounding. The search holds at most two sets of q powers, or
        six n × dim float32 matrices in its deep stage.

    Raises
    ------
    EmptyGraphError, ParameterError, UnsupportedGraphError

    References
    ----------
    Chen et al. (CIKM 2019) tune α and β per data set on the downstream task
    (their notebooks search with optuna, over up to 4 powers); this search is
    a fixed, seeded grid plus random refinement so that it costs a few FastRP
    runs. Departure: it also tries up to 24 powers, which slowly mixing graphs
    need (see :data:`TUNE_DEEP_POWERS`).

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> result = tune_fastrp(load_dataset("karate_club"), dim=8, seed=1)
    >>> sorted(result.params["tuning"])
    ['candidates', 'criterion', 'score']
    """
    dim = _check_dim(dim)
    weights = _check_weights(weights)
    beta = check_in_range(beta, "beta", -5.0, 5.0)
    if sparsity is not None:
        sparsity = check_in_range(sparsity, "sparsity", 1.0, None)
    _check_graph(graph, "fastrp")
    generator = rng(seed)
    betas = tuple(dict.fromkeys((beta,) + TUNE_BETAS))
    targets = _tuning_labels(labels, graph.n_nodes)
    chosen: dict = {}

    def compute() -> np.ndarray:
        from threadpoolctl import threadpool_limits

        # One BLAS thread: each candidate's ridge fit is small (a few thousand rows × dim), and on the busy
        # 2-core machine two OpenBLAS threads spin-wait (np.linalg.solve of 128 × 128 took 63 ms, load 10).
        with threadpool_limits(limits=1, user_api="blas"):
            return search()

    def search() -> np.ndarray:
        n, q = graph.n_nodes, len(weights)
        s = math.sqrt(n) if sparsity is None else sparsity
        projection = _projection_matrix(n, dim, s, generator)
        search = np.random.default_rng(generator.integers(2**63))
        if targets is not None:
            adjacency, (rows, score), criterion = graph.adjacency, _label_criterion(targets, search), "validation accuracy"
        else:
            adjacency, rows, score = _held_aside_criterion(graph.adjacency, search)
            criterion = "held-aside edge mAP@1"
        chain = _Propagation(adjacency)
        rows = chain.position[rows]
        patterns = _weight_patterns(weights)
        deep, decay = [k for k in TUNE_DEEP_POWERS if k > q], 1.0 / _TUNE_DEEP_RATIO
        products = max(deep, default=q)
        done = 0

        def step(previous: np.ndarray, message: str, rising: dict | None = None) -> np.ndarray:
            nonlocal done
            _report(on_progress, done / (products + 1), message)
            done += 1
            return chain.product(previous, rising, decay)

        best = (-np.inf, weights, beta, bool(normalize_powers))
        best_powers, best_sampled = None, None
        # the q powers of every β in one chain of products over len(betas)·dim columns (each column is the sum it
        # would be alone; the rows gathered by a product serve every β at once)
        current, stacked = np.concatenate([chain.start(projection, candidate) for candidate in betas], axis=1), []
        for power in range(1, q + 1):
            current = step(current, f"FastRP tuning: β = {', '.join(f'{b:g}' for b in betas)}, power {power} of {q}")
            stacked.append(current)
        del current
        for index, candidate in enumerate(betas):
            powers = [power[:, index * dim : (index + 1) * dim] for power in stacked]
            sampled = {False: [power[rows] for power in powers]}
            sampled[True] = [_row_normalize(power) for power in sampled[False]]
            improved = False
            for normalize in (bool(normalize_powers), not normalize_powers):
                for alpha in patterns:
                    value = score(_combine(sampled[normalize], alpha))
                    if value > best[0]:
                        best, improved = (value, alpha, candidate, normalize), True
            if improved:
                best_powers, best_sampled = powers, sampled
            del powers
        del stacked
        for _ in range(_TUNE_PERTURBATIONS):
            alpha = tuple(float(a * 4.0 ** search.uniform(-1.0, 1.0)) for a in best[1])
            value = score(_combine(best_sampled[best[3]], alpha))
            if value > best[0]:
                best = (value, alpha, best[2], best[3])
        del best_sampled
        n_candidates = len(betas) * 2 * len(patterns) + _TUNE_PERTURBATIONS
        chosen_full = np.zeros_like(best_powers[0])  # the best candidate's whole matrix, kept as the search goes on
        for power, weight in zip(best_powers, best[1]):
            _accumulate(power, chosen_full, 1.0, weight, best[3])
        if deep:
            # the powers q+1..max(deep) of the best β, with running sums of the rising weights r^(i-k), raw and
            # row-normalised (each step: sum ← sum / r + power); at each depth k of the grid the k-th power alone
            # and those sums are scored (a row-normalised matrix on the sampled rows only, until it wins)
            rising = {False: np.zeros_like(chosen_full), True: np.zeros_like(chosen_full)}
            for power in best_powers:
                for normalize in (False, True):
                    _accumulate(power, rising[normalize], decay, 1.0, normalize)
            current = best_powers[-1]
            del best_powers
            for k in range(q + 1, max(deep) + 1):
                current = step(current, f"FastRP tuning: β = {best[2]:g}, power {k} of {max(deep)}", rising)
                if k not in deep:
                    continue
                alone = (0.0,) * (k - 1) + (1.0,)
                for normalize in (False, True):
                    sampled = current[rows]
                    for alpha, features in ((alone, _row_normalize(sampled) if normalize else sampled),
                                            (_rising_weights(k), rising[normalize][rows])):
                        value = score(features)
                        n_candidates += 1
                        if value > best[0]:
                            best = (value, alpha, best[2], normalize)
                            if alpha is alone:
                                _accumulate(current, chosen_full, 0.0, 1.0, normalize)
                            else:
                                chosen_full[:] = rising[normalize]
            del current, rising
        value, alpha, chosen_beta, normalize = best
        chosen.update(weights=[float(f"{a:.4g}") for a in alpha], beta=chosen_beta, normalize_powers=normalize,
                      tuning={"criterion": criterion, "score": float(value), "candidates": n_candidates})
        if targets is None:  # the search ran on the graph without its held-aside edges
            _report(on_progress, products / (products + 1), "FastRP tuning: the chosen embedding on the whole graph")
            chain = _Propagation(graph.adjacency)
            current = chain.start(projection, chosen_beta)
            chosen_full[:] = 0.0
            for weight in alpha:
                current = chain.product(current)
                _accumulate(current, chosen_full, 1.0, weight, normalize)
        result = _standardize(chosen_full)[chain.position]
        _report(on_progress, 1.0, "FastRP: done")
        return result

    embedding = _embed(graph, "fastrp", {}, compute)
    params = {"dim": dim, "weights": chosen["weights"], "beta": chosen["beta"], "sparsity": sparsity,
              "normalize_powers": chosen["normalize_powers"], "seed": seed, "tune": True, "tuning": chosen["tuning"]}
    return Embedding(embedding.vectors, embedding.node_ids, "fastrp", params, embedding.seconds, embedding.peak_bytes)


class _Propagation:
    """Products with P = D⁻¹A in a reverse Cuthill–McKee order of the nodes (float32).

    ``position[v]`` is node v's row in that order; a matrix ``x`` of the order holds node v's row at
    ``x[position[v]]``, so ``x[position]`` is back in the graph's order. In that order a row's
    neighbours lie close together, so the rows of ``x`` that a product gathers stay in cache.
    """

    def __init__(self, adjacency: sp.csr_matrix) -> None:
        from scipy.sparse.csgraph import reverse_cuthill_mckee

        adjacency = sp.csr_matrix(adjacency)
        n = adjacency.shape[0]
        self.order = np.asarray(reverse_cuthill_mckee(adjacency, symmetric_mode=True), dtype=np.int64)
        self.position = np.empty(n, dtype=np.int64)
        self.position[self.order] = np.arange(n)
        self.degrees = np.asarray(adjacency.sum(axis=1)).ravel()
        inverse = np.divide(1.0, self.degrees, out=np.zeros(n), where=self.degrees > 0)
        # row r of the permuted matrix is row order[r] of A, its columns renamed by position
        counts = np.diff(adjacency.indptr)[self.order]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        entries = np.repeat(adjacency.indptr[self.order] - indptr[:-1], counts) + np.arange(adjacency.nnz)
        values = (np.repeat(inverse[self.order], counts) * adjacency.data[entries]).astype(np.float32)
        indices = self.position[adjacency.indices[entries]].astype(adjacency.indices.dtype)
        self.indptr, self.indices, self.values = indptr, indices, values

    def start(self, projection: sp.csc_matrix, beta: float) -> np.ndarray:
        """L·R = diag(d^β)·R, dense float32, in the order."""
        scale = np.power(self.degrees, beta, out=np.zeros(self.degrees.size), where=self.degrees > 0)
        coo = projection.tocoo()
        start = np.zeros(projection.shape, dtype=np.float32)
        start[self.position[coo.row], coo.col] = coo.data * scale[coo.row]
        return start

    def product(self, x: np.ndarray, rising: dict | None = None, decay: float = 1.0) -> np.ndarray:
        """P·x for a float32 matrix ``x`` of the order; with ``rising`` ({False: S, True: T}, float32 like
        ``x``), also S ← decay·S + P·x and T ← decay·T + P·x with its rows L2-normalised, in the same pass."""
        out = np.empty(x.shape, dtype=np.float32)
        x = np.ascontiguousarray(x, dtype=np.float32)
        if rising is None:
            _csr_product(self.indptr, self.indices, self.values, x, out, out, out, np.float32(decay), False)
        else:
            _csr_product(self.indptr, self.indices, self.values, x, out, rising[False], rising[True],
                         np.float32(decay), True)
        return out


@numba.njit(cache=True, nogil=True, fastmath=True)
def _csr_product(indptr, indices, values, x, out, rising, rising_normalized, decay, accumulate):  # pragma: no cover
    """``out = M·x`` for a CSR matrix M (indptr, indices, values) and a C-ordered float32 ``x``, a row at a time;
    when ``accumulate``, also ``rising ← decay·rising + out`` and ``rising_normalized ← decay·rising_normalized +
    out`` with out's rows L2-normalised (a zero row adds nothing), while each row is in cache.

    Four neighbours' rows are added to the output row per pass over its columns (float32 sums of four products,
    then one load and one store of the output per column and four neighbours), so the loop is bound by the
    gathered rows of ``x``, not by reloading the sum: 9-10 vs 13-18 ms per product on facebook_pages (dim 128,
    CPU time, min of runs, load 5), against 18-29 ms for scipy's CSR × dense in the same order."""
    width = out.shape[1]
    for i in range(out.shape[0]):
        row = out[i]
        row[:] = 0.0
        p, end = indptr[i], indptr[i + 1]
        while p + 4 <= end:
            x0, x1, x2, x3 = x[indices[p]], x[indices[p + 1]], x[indices[p + 2]], x[indices[p + 3]]
            v0, v1, v2, v3 = values[p], values[p + 1], values[p + 2], values[p + 3]
            for c in range(width):
                row[c] += (v0 * x0[c] + v1 * x1[c]) + (v2 * x2[c] + v3 * x3[c])
            p += 4
        while p < end:
            x0, v0 = x[indices[p]], values[p]
            for c in range(width):
                row[c] += v0 * x0[c]
            p += 1
        if accumulate:
            norm = np.float32(0.0)
            for c in range(width):
                norm += row[c] * row[c]
            scale = np.float32(1.0) / np.sqrt(norm) if norm > 0.0 else np.float32(1.0)
            for c in range(width):
                rising[i, c] = decay * rising[i, c] + row[c]
                rising_normalized[i, c] = decay * rising_normalized[i, c] + scale * row[c]


def _accumulate(x: np.ndarray, total: np.ndarray, decay: float, weight: float, normalize: bool,
                rows: int = 2048) -> None:
    """``total ← decay · total + weight · x`` in place, each row of ``x`` L2-normalised first when
    ``normalize`` (a zero row stays zero); blocks of ``rows`` rows, so temporaries stay in cache."""
    decay, weight = np.float32(decay), np.float32(weight)
    for begin in range(0, x.shape[0], rows):
        block, target = x[begin : begin + rows], total[begin : begin + rows]
        if decay != 1.0:
            target *= decay
        if normalize:
            norms = np.sqrt(np.einsum("ij,ij->i", block, block))
            norms[norms == 0] = 1.0
            target += block * (weight / norms)[:, None]
        elif weight == 1.0:
            target += block
        else:
            target += weight * block


def _rising_weights(k: int) -> tuple[float, ...]:
    """The deep stage's weights r^(i−k), i = 1..k."""
    return tuple(_TUNE_DEEP_RATIO ** (i - k) for i in range(1, k + 1))


def _combine(powers: list[np.ndarray], alpha: Sequence[float]) -> np.ndarray:
    """Σ αᵢ Nᵢ, float32."""
    combined = None
    for power, weight in zip(powers, alpha):
        if weight == 0.0:
            continue
        term = np.float32(weight) * power
        combined = term if combined is None else combined + term
    return np.zeros(powers[0].shape, dtype=np.float32) if combined is None else combined


def _weight_patterns(weights: tuple[float, ...]) -> list[tuple[float, ...]]:
    """The given weights, all ones, no first power, rising 4^i and falling 4^-i (distinct, in that order)."""
    q = len(weights)
    patterns = [weights, (1.0,) * q, (0.0,) + (1.0,) * (q - 1), tuple(4.0**i for i in range(q)),
                tuple(4.0**-i for i in range(q))]
    return [p for i, p in enumerate(patterns) if any(p) and p not in patterns[:i]]


def _tuning_labels(labels, n: int) -> np.ndarray | None:
    """Labels as class indices (-1 = unlabelled), or None when they cannot drive the search."""
    if labels is None:
        return None
    labels = np.asarray(labels, dtype=object)
    if labels.ndim != 1 or labels.shape[0] != n:
        raise ParameterError(f"labels must hold one label per node ({n}) (got shape {labels.shape})")
    known = np.array([not (value is None or (isinstance(value, float) and math.isnan(value))) for value in labels])
    classes, codes = np.unique(np.asarray([str(v) for v in labels[known]]), return_inverse=True)
    if classes.size < 2 or known.sum() < 10:
        return None
    targets = np.full(n, -1, dtype=np.int64)
    targets[known] = codes
    return targets


def _label_criterion(targets: np.ndarray, generator: np.random.Generator):
    """(rows, score(features)): validation accuracy of a ridge classifier on a seeded split of the labelled
    nodes; ``score`` takes a candidate embedding's ``rows`` only (the training nodes, then the validation nodes)."""
    labelled = generator.permutation(np.flatnonzero(targets >= 0))
    half = labelled.size // 2
    train, valid = labelled[:half][:_TUNE_SAMPLE], labelled[half:][:_TUNE_SAMPLE]
    rows = np.concatenate([train, valid])
    one_hot = np.eye(int(targets.max()) + 1)[targets[train]]
    one_hot = (one_hot - one_hot.mean(axis=0)).astype(np.float32)

    def score(features: np.ndarray) -> float:
        features = _standardize(np.array(features, dtype=np.float32))  # float32 products: half the time of float64
        x_train, x_valid = features[:train.size], features[train.size:]
        centre = x_train.mean(axis=0)
        x_train = x_train - centre
        gram = (x_train.T @ x_train).astype(np.float64)
        gram[np.diag_indices_from(gram)] += 0.01 * train.size
        coefficients = np.linalg.solve(gram, (x_train.T @ one_hot).astype(np.float64)).astype(np.float32)
        predicted = np.argmax((x_valid - centre) @ coefficients, axis=1)
        return float(np.mean(predicted == targets[valid]))

    return rows, score


def _held_aside_criterion(adjacency: sp.csr_matrix, generator: np.random.Generator):
    """(adjacency without a held-aside edge sample, rows, score(features): RESTORE mAP@1 of those edges);
    ``score`` takes a candidate embedding's ``rows`` only (a seeded universe of nodes holding the queries and
    answers)."""
    n = adjacency.shape[0]
    upper = sp.triu(adjacency, k=1).tocoo()
    degree = np.diff(adjacency.indptr)
    wanted = min(max(1, upper.nnz // 10), 1000)
    used = np.zeros(n, dtype=bool)
    held = []
    for edge in generator.permutation(upper.nnz):
        a, b = upper.row[edge], upper.col[edge]
        if degree[a] > 1 and degree[b] > 1 and not used[a] and not used[b]:
            used[a] = used[b] = True
            held.append(edge)
            if len(held) == wanted:
                break
    held = np.asarray(held, dtype=np.int64)
    if held.size == 0:
        raise ParameterError("tune needs labels or an edge whose endpoints both have another edge (got neither)")
    source, target = upper.row[held], upper.col[held]
    removal = sp.coo_matrix((np.ones(2 * held.size), (np.r_[source, target], np.r_[target, source])), shape=(n, n))
    reduced = adjacency.tocsr().copy()
    reduced[removal.row, removal.col] = 0
    reduced.eliminate_zeros()
    pick = generator.permutation(held.size)[:_TUNE_QUERIES]
    queries, answers = source[pick], target[pick]  # each query node has exactly one held-aside edge
    universe = np.union1d(generator.choice(n, size=min(n, _TUNE_SAMPLE), replace=False), np.r_[queries, answers])
    position = np.searchsorted(universe, answers)
    known = reduced[queries][:, universe].toarray() > 0
    known[np.arange(queries.size), np.searchsorted(universe, queries)] = True  # the query itself

    def score(features: np.ndarray) -> float:
        vectors = _standardize(features.astype(np.float64))
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        similarity = vectors[np.searchsorted(universe, queries)] @ vectors.T
        similarity[known] = -np.inf
        truth = similarity[np.arange(queries.size), position]
        rank = 1 + np.sum(similarity > truth[:, None], axis=1)
        return float(np.mean(1.0 / rank))  # the AP of a single relevant node is 1 / its rank

    return reduced, universe, score


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
