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

__all__ = ["fastrp", "tune_fastrp", "TUNE_BETAS", "TUNE_DEEP_POWERS"]

#: Iteration weights of the reference notebook on BlogCatalog (for A^1..A^4).
DEFAULT_WEIGHTS = (1.0, 1.0, 7.81, 45.28)
#: Embedding columns computed together by :func:`fastrp` (all of them when the powers are row-normalised).
COLUMN_BLOCK = 16
#: The β grid of :func:`tune_fastrp` (the paper tunes β in [-1, 0]).
TUNE_BETAS = (-1.0, -0.75, -0.5, -0.25, 0.0)
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
        a plain run with them and the same seed.
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
    For the given ``beta`` and each β of :data:`TUNE_BETAS` the q powers are
    computed once (q sparse × thin products, as one FastRP run); five weight
    patterns (the given ``weights``, all ones, no first power, rising 4^i and
    falling 4^-i) are scored on them, with and without the per-power row
    normalisation, so the given setting is a candidate. Around the best (β, α),
    :data:`_TUNE_PERTURBATIONS` weight vectors with each αᵢ scaled by 4^u, u
    uniform in [-1, 1], are scored too. Then, for the best β, the powers
    continue past q up to max(:data:`TUNE_DEEP_POWERS`); at each depth k of
    :data:`TUNE_DEEP_POWERS` the k-th power alone and the rising weights
    1.5^(i−k), i = 1..k, are scored with and without the normalisation (the
    number of powers of the result is then k). Candidates are scored on a few
    thousand rows only, and the final embedding is one plain run with the
    chosen values, so the search costs about
    (q·(len(TUNE_BETAS) + 1) + 2·max(TUNE_DEEP_POWERS)) / q FastRP runs of q powers.

    Criterion: with labels, the accuracy (single-label Micro-F1) of a ridge
    classifier fitted on a seeded half of the labelled nodes (at most
    2,000) and scored on the other half (at most 2,000); columns are
    standardised with statistics of those nodes. Without labels, RESTORE
    mAP@1 of a held-aside sample of edges (a tenth, at most 1,000, each node
    keeping an edge): the powers are computed on the graph without them, and
    for up to 200 query nodes the held-aside neighbours are ranked by cosine
    similarity among a seeded universe of 2,000 nodes (kept neighbours left
    out); the final embedding is then computed on the whole graph.

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
        ``params`` hold the chosen ``weights``, ``beta`` and
        ``normalize_powers`` and ``tuning``: the criterion, its best score
        and the number of candidates. The search keeps at most two sets of q
        powers (n × dim float32 each) in memory at once.

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
    betas = (beta,) + tuple(b for b in TUNE_BETAS if b != beta)
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
        best = (-np.inf, weights, beta, bool(normalize_powers))
        best_powers, best_raw, best_last = None, None, None
        patterns = _weight_patterns(weights)
        deep = [k for k in TUNE_DEEP_POWERS if k > q]
        stages = len(betas) + 2 + (1 if deep else 0)
        for step, candidate in enumerate(betas):
            _report(on_progress, step / stages, f"FastRP tuning: β = {candidate:g}")
            raw = _powers(adjacency, projection, candidate, q)
            sampled = [power[rows] for power in raw]
            for normalize in (bool(normalize_powers), not normalize_powers):
                powers = [_row_normalize(power) for power in sampled] if normalize else sampled
                for alpha in patterns:
                    value = score(powers, alpha)
                    if value > best[0]:
                        best, best_powers = (value, alpha, candidate, normalize), powers
                        best_raw, best_last = sampled, raw[-1]
            del raw
        _report(on_progress, len(betas) / stages, "FastRP tuning: refining the weights")
        for _ in range(_TUNE_PERTURBATIONS):
            alpha = tuple(float(a * 4.0 ** search.uniform(-1.0, 1.0)) for a in best[1])
            value = score(best_powers, alpha)
            if value > best[0]:
                best = (value, alpha, best[2], best[3])
        n_candidates = len(betas) * 2 * len(patterns) + _TUNE_PERTURBATIONS
        if deep:
            # the powers q+1..max(deep) of the best β so far (their sampled rows only), then at each depth k
            # the k-th power alone and the rising weights r^i, with and without the per-power normalisation
            _report(on_progress, (len(betas) + 1) / stages, "FastRP tuning: higher powers")
            sampled, transition, current = list(best_raw), _transition(adjacency), best_last
            normalized = [_row_normalize(power) for power in sampled]  # extended one power at a time
            for k in range(q + 1, max(deep) + 1):
                current = transition @ current
                sampled.append(current[rows])
                normalized.append(_row_normalize(sampled[-1]))
                if k not in deep:
                    continue
                for normalize in (False, True):
                    powers = normalized if normalize else sampled
                    for alpha in ((0.0,) * (k - 1) + (1.0,), tuple(_TUNE_DEEP_RATIO ** (i - k) for i in range(1, k + 1))):
                        value = score(powers, alpha)
                        n_candidates += 1
                        if value > best[0]:
                            best = (value, alpha, best[2], normalize)
            del current, sampled, normalized
        value, alpha, chosen_beta, normalize = best
        chosen.update(weights=[round(a, 4) for a in alpha], beta=chosen_beta, normalize_powers=normalize,
                      tuning={"criterion": criterion, "score": float(value), "candidates": n_candidates})
        _report(on_progress, (stages - 1) / stages, "FastRP tuning: final embedding")
        final = _powers(graph.adjacency, projection, chosen_beta, len(alpha))
        if normalize:
            final = [_row_normalize(power) for power in final]
        result = _standardize(_combine(final, tuple(chosen["weights"])))
        _report(on_progress, 1.0, "FastRP: done")
        return result

    embedding = _embed(graph, "fastrp", {}, compute)
    params = {"dim": dim, "weights": chosen["weights"], "beta": chosen["beta"], "sparsity": sparsity,
              "normalize_powers": chosen["normalize_powers"], "seed": seed, "tune": True, "tuning": chosen["tuning"]}
    return Embedding(embedding.vectors, embedding.node_ids, "fastrp", params, embedding.seconds, embedding.peak_bytes)


def _transition(adjacency: sp.csr_matrix) -> sp.csr_matrix:
    """P = D⁻¹A in float32 (isolated nodes get a zero row)."""
    degrees = np.asarray(adjacency.sum(axis=1)).ravel()
    inverse_degree = np.zeros(degrees.size)
    inverse_degree[degrees > 0] = 1.0 / degrees[degrees > 0]
    return (sp.diags(inverse_degree) @ adjacency).tocsr().astype(np.float32)


def _powers(adjacency: sp.csr_matrix, projection: sp.csc_matrix, beta: float, q: int) -> list[np.ndarray]:
    """N₁..N_q of FastRP, float32."""
    n, dim = projection.shape
    degrees = np.asarray(adjacency.sum(axis=1)).ravel()
    positive = degrees > 0
    scale = np.zeros(n)
    scale[positive] = degrees[positive] ** beta
    transition = _transition(adjacency)
    current = np.zeros((n, dim), dtype=np.float32)
    coo = projection.tocoo()
    current[coo.row, coo.col] = coo.data * scale[coo.row]
    powers = []
    for _ in range(q):
        current = transition @ current
        powers.append(current)
    return powers


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
    """(rows, score(powers, alpha)): validation accuracy of a ridge classifier on a seeded split of the labelled
    nodes; ``score`` takes the powers' ``rows`` only (the training nodes, then the validation nodes)."""
    labelled = generator.permutation(np.flatnonzero(targets >= 0))
    half = labelled.size // 2
    train, valid = labelled[:half][:_TUNE_SAMPLE], labelled[half:][:_TUNE_SAMPLE]
    rows = np.concatenate([train, valid])
    one_hot = np.eye(int(targets.max()) + 1)[targets[train]]
    one_hot -= one_hot.mean(axis=0)

    def score(powers: list[np.ndarray], alpha) -> float:
        features = _standardize(_combine(powers, alpha).astype(np.float64))
        x_train, x_valid = features[:train.size], features[train.size:]
        centre = x_train.mean(axis=0)
        x_train = x_train - centre
        gram = x_train.T @ x_train
        gram[np.diag_indices_from(gram)] += 0.01 * train.size
        coefficients = np.linalg.solve(gram, x_train.T @ one_hot)
        predicted = np.argmax((x_valid - centre) @ coefficients, axis=1)
        return float(np.mean(predicted == targets[valid]))

    return rows, score


def _held_aside_criterion(adjacency: sp.csr_matrix, generator: np.random.Generator):
    """(adjacency without a held-aside edge sample, rows, score(powers, alpha): RESTORE mAP@1 of those edges);
    ``score`` takes the powers' ``rows`` only (a seeded universe of nodes holding the queries and answers)."""
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

    def score(powers: list[np.ndarray], alpha) -> float:
        vectors = _standardize(_combine(powers, alpha).astype(np.float64))
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
