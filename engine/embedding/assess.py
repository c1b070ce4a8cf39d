"""Assessment of node embeddings: RESTORE reconstruction, graph reconstruction, downstream tasks.

All functions take an :class:`~engine.embedding.Embedding` (or a plain
``(n_nodes, dim)`` array) whose rows follow the graph's node positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numba
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import minimum_spanning_tree

from engine._validation import check_choice, check_in_range, check_positive_int, rng
from engine.embedding._base import Embedding, ProgressCallback, _report
from engine.errors import EmptyGraphError, ParameterError
from engine.types import Graph

__all__ = [
    "SIMILARITIES",
    "ReconstructionScores",
    "PrecisionAtK",
    "ClassificationScores",
    "LinkPredictionScores",
    "NeighbourhoodComparison",
    "Assessment",
    "reconstruction_map",
    "reconstruction_precision",
    "node_classification",
    "link_prediction",
    "compare_neighbourhood",
    "project_2d",
    "TSNE_SAMPLE",
    "assess",
]

#: Similarity measures used to rank nodes.
SIMILARITIES = ("cosine", "dot", "euclidean")
#: Query nodes handled at once (bounds memory at about block × n_nodes × 16 bytes).
_BLOCK = 256


@dataclass(frozen=True)
class ReconstructionScores:
    """RESTORE node-level reconstruction: mAP of the k-hop neighbourhood per k.

    Attributes
    ----------
    hops : tuple of int
        The k values.
    map : tuple of float
        Mean average precision for each k (NaN when no node has a k-hop neighbour).
    n_evaluated : tuple of int
        Nodes with a non-empty k-hop neighbourhood, per k.
    nodes : numpy.ndarray
        Positions of the query nodes (all nodes, or a seeded sample).
    average_precision : numpy.ndarray
        ``(len(nodes), len(hops))`` AP of each query node (NaN where undefined).
    n_nodes : int
        Nodes in the graph.
    similarity : str
    exact : bool
        True when the ground truth is "exactly k hops" instead of "within k hops".
    """

    hops: tuple
    map: tuple
    n_evaluated: tuple
    nodes: np.ndarray = field(repr=False)
    average_precision: np.ndarray = field(repr=False)
    n_nodes: int = 0
    similarity: str = "cosine"
    exact: bool = False

    @property
    def n_sampled(self) -> int:
        """Number of query nodes."""
        return int(self.nodes.size)

    @property
    def sampled(self) -> bool:
        """Whether only a sample of the nodes was queried."""
        return self.n_sampled < self.n_nodes

    def as_dict(self) -> dict:
        """``{"map@1": ..., "map@2": ..., ...}``."""
        return {f"map@{k}": value for k, value in zip(self.hops, self.map)}


@dataclass(frozen=True)
class PrecisionAtK:
    """Graph-reconstruction precision@k: share of true edges among the k best-scored pairs."""

    ks: tuple
    precision: tuple
    n_nodes_used: int
    n_edges_used: int


@dataclass(frozen=True)
class ClassificationScores:
    """Node classification by logistic regression over train fractions (means over repeats)."""

    train_fractions: tuple
    micro_f1: tuple
    macro_f1: tuple
    micro_f1_std: tuple
    macro_f1_std: tuple
    n_repeats: int
    n_labelled: int
    n_classes: int
    multilabel: bool

    def at(self, train_fraction: float) -> tuple[float, float]:
        """(Micro-F1, Macro-F1) at the train fraction closest to ``train_fraction``."""
        index = int(np.argmin(np.abs(np.asarray(self.train_fractions) - train_fraction)))
        return self.micro_f1[index], self.macro_f1[index]


@dataclass(frozen=True)
class LinkPredictionScores:
    """ROC-AUC of held-out edges against as many sampled non-edges."""

    auc: float
    n_held_out: int
    n_non_edges: int
    test_fraction: float


@dataclass(frozen=True)
class NeighbourhoodComparison:
    """One node's true k-hop neighbours against its nearest nodes in an embedding."""

    node: int
    hops: int
    true_neighbours: np.ndarray
    nearest: np.ndarray
    average_precision: float

    @property
    def precision(self) -> float:
        """Share of the nearest nodes that are true neighbours."""
        if self.nearest.size == 0:
            return float("nan")
        return float(np.isin(self.nearest, self.true_neighbours).mean())


@dataclass(frozen=True)
class Assessment:
    """Everything measured about one embedding of one graph."""

    reconstruction: ReconstructionScores
    precision: PrecisionAtK
    classification: ClassificationScores | None = None

    def metrics(self, train_fraction: float = 0.5) -> dict:
        """Flat scalar metrics (for the run registry and the CLI)."""
        result = dict(self.reconstruction.as_dict())
        result["map_nodes"] = self.reconstruction.n_sampled
        for k, value in zip(self.precision.ks, self.precision.precision):
            result[f"precision@{k}"] = value
        if self.classification is not None:
            micro, macro = self.classification.at(train_fraction)
            result["micro_f1"], result["macro_f1"] = micro, macro
        return result


@dataclass(frozen=True, eq=False)
class AssessedEmbedding:
    """An embedding with its assessment: the result of one embedding run.

    ``metrics()`` reports RESTORE mAP per hop, precision@k, Micro/Macro-F1 at a 50 % training
    split (when the graph has labels) and the link-prediction AUC (when it was measured).
    """

    embedding: Embedding
    assessment: Assessment
    link_auc: float | None = None

    def metrics(self) -> dict:
        """Flat numbers of the run."""
        result = self.assessment.metrics()
        if self.link_auc is not None:
            result["link_auc"] = self.link_auc
        return result

    def details(self) -> dict:
        """What the figures need besides the metrics: mAP per hop and the F1 curve over training fractions."""
        reconstruction, classification = self.assessment.reconstruction, self.assessment.classification
        return {
            "hops": list(reconstruction.hops),
            "map": list(reconstruction.map),
            "f1": None if classification is None else {
                "train_fractions": list(classification.train_fractions),
                "micro": list(classification.micro_f1),
                "macro": list(classification.macro_f1),
            },
            # FastRP with tune=True: the chosen weights, β, normalisation and the search's criterion and score
            "tuned": None if not self.embedding.params.get("tune") else {
                key: self.embedding.params[key] for key in ("weights", "beta", "normalize_powers", "tuning")
            },
        }


# --------------------------------------------------------------------------- helpers
def _vectors(graph: Graph, embedding: Embedding | np.ndarray) -> np.ndarray:
    vectors = embedding.vectors if isinstance(embedding, Embedding) else np.asarray(embedding, dtype=np.float64)
    if vectors.ndim != 2 or vectors.shape[0] != graph.n_nodes:
        raise ParameterError(f"the embedding has shape {vectors.shape}; expected ({graph.n_nodes}, dim) for {graph.name}")
    return np.asarray(vectors, dtype=np.float64)


def _prepared(vectors: np.ndarray, similarity: str) -> np.ndarray:
    if similarity == "cosine":
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms
    return vectors


def _scores(prepared: np.ndarray, rows: np.ndarray, similarity: str) -> np.ndarray:
    """Similarity of query rows to every node, ``(len(rows), n)``."""
    block = prepared[rows] @ prepared.T
    if similarity == "euclidean":
        squared = np.sum(prepared**2, axis=1)
        block = -np.sqrt(np.maximum(squared[rows, None] + squared[None, :] - 2 * block, 0.0))
    return block


def _hop_distances(adjacency: sp.csr_matrix, rows: np.ndarray, max_hops: int) -> np.ndarray:
    """Shortest-path hop distance from each row node to every node, capped (``max_hops + 1`` = farther)."""
    n = adjacency.shape[0]
    far = max_hops + 1
    distance = np.full((rows.size, n), far, dtype=np.int16)
    distance[np.arange(rows.size), rows] = 0
    frontier = np.zeros((n, rows.size), dtype=np.float32)
    frontier[rows, np.arange(rows.size)] = 1.0
    pattern = adjacency.astype(bool).astype(np.float32)
    for hop in range(1, max_hops + 1):
        reached = (pattern @ frontier).T > 0
        new = reached & (distance == far)
        distance[new] = hop
        frontier = new.T.astype(np.float32)
    return distance


@numba.njit(cache=True)
def _hop_average_precision(keys, ordered, rows, indptr, indices, hops, exact, out):
    """AP of each query ``rows[r]`` for each k of ``hops``, into ``out[r]`` (NaN without targets).

    Nodes rank by increasing ``keys[r]`` (ties in position order, as a
    stable sort); ``ordered[r]`` is ``keys[r]`` sorted. Targets: the nodes at
    1..k hops (exactly k when ``exact``), found by a breadth-first search up
    to ``max(hops)``.
    """
    n = keys.shape[1]
    far = hops.max() + 1
    distance = np.full(n, far, dtype=np.int64)
    ball = np.empty(n, dtype=np.int64)
    ranks = np.empty(n, dtype=np.int64)
    level = np.zeros(n, dtype=np.int64)  # hop distance by rank (0: not in the ball)
    found = np.zeros(hops.size, dtype=np.int64)
    total = np.zeros(hops.size)
    for r in range(rows.size):
        source = rows[r]
        # the ball: breadth-first, source first
        distance[source] = 0
        ball[0] = source
        size, head = 1, 0
        while head < size:
            node = ball[head]
            head += 1
            if distance[node] + 1 >= far:
                continue
            for e in range(indptr[node], indptr[node + 1]):
                other = indices[e]
                if distance[other] == far:
                    distance[other] = distance[node] + 1
                    ball[size] = other
                    size += 1
        # ranks of the ball's nodes: strictly better keys, plus equal keys at earlier positions
        tied = False
        for i in range(1, size):
            key = keys[r, ball[i]]
            low = np.searchsorted(ordered[r], key, side="left")
            if low + 1 < n and ordered[r, low + 1] == key:
                tied = True
                break
            ranks[i] = low + 1
        if tied:  # rare: fall back to the full stable order
            order = np.argsort(keys[r], kind="mergesort")
            position = np.empty(n, dtype=np.int64)
            for p in range(n):
                position[order[p]] = p
            for i in range(1, size):
                ranks[i] = position[ball[i]] + 1
        # one pass down the ranking: each target adds precision@(its rank) to its columns
        deepest = 0
        for i in range(1, size):
            level[ranks[i] - 1] = distance[ball[i]]
            deepest = max(deepest, ranks[i])
        found[:] = 0
        total[:] = 0.0
        for p in range(deepest):
            d = level[p]
            if d == 0:
                continue
            level[p] = 0
            for column in range(hops.size):
                if d == hops[column] or (not exact and d < hops[column]):
                    found[column] += 1
                    total[column] += found[column] / (p + 1)
        for column in range(hops.size):
            out[r, column] = total[column] / found[column] if found[column] else np.nan
        for i in range(size):
            distance[ball[i]] = far


def _ranking_keys(prepared: np.ndarray, rows: np.ndarray, similarity: str) -> tuple[np.ndarray, np.ndarray]:
    """(keys, keys sorted by row) of :func:`_hop_average_precision`: negated similarities of the query
    ``rows`` to every node, NaN and the query itself set to +inf (ranked last)."""
    keys = -_scores(prepared, rows, similarity)
    keys[np.isnan(keys)] = np.inf
    keys[np.arange(rows.size), rows] = np.inf
    return keys, np.sort(keys, axis=1)


def _sample(n: int, max_nodes: int | None, seed) -> np.ndarray:
    if max_nodes is None or n <= max_nodes:
        return np.arange(n)
    return np.sort(rng(seed).choice(n, size=max_nodes, replace=False))


# --------------------------------------------------------------------------- RESTORE
def reconstruction_map(
    graph: Graph,
    embedding: Embedding | np.ndarray,
    *,
    hops: Sequence[int] = (1, 2, 3),
    similarity: str = "cosine",
    exact: bool = False,
    max_nodes: int | None = 2000,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> ReconstructionScores:
    """RESTORE node-level reconstruction: mAP of each node's k-hop neighbourhood.

    For every query node v, all other nodes are ranked by similarity to v
    (ties in position order); the ground truth T_k(v) is the set of nodes at
    shortest-path distance 1..k (exactly k with ``exact=True``). AP_k(v) is the
    mean of precision@r over the ranks r of T_k(v)'s nodes; mAP_k averages it
    over query nodes with a non-empty T_k(v).

    Parameters
    ----------
    graph : Graph
    embedding : Embedding or numpy.ndarray
    hops : sequence of int
        The k values (>= 1).
    similarity : {"cosine", "dot", "euclidean"}
        Ranking score (negative distance for "euclidean").
    exact : bool
        Ground truth "exactly k hops" instead of "within k hops".
    max_nodes : int or None
        Above this many nodes, a seeded sample of this size is queried
        (every node is still ranked); None queries all.
    seed : int, optional
        Seed of the sample.
    on_progress : callable, optional

    Returns
    -------
    ReconstructionScores

    Notes
    -----
    Each query costs one sort of its n similarities and a breadth-first search
    of its ``max(hops)``-hop ball (a numba kernel), not a sort of the nodes
    with their positions: only the ranks of the ball's nodes are needed. A
    NaN similarity ranks last.

    References
    ----------
    "Graph Embedding Assessment Through Reconstruction" (RESTORE). The paper
    evaluates on CSKG; ground truth "within k hops" is our default.

    Examples
    --------
    Path a–b–c with b nearest to a, then c: AP₁(a) = AP₂(a) = 1.

    >>> g = Graph.from_edges([0, 1], [1, 2])
    >>> scores = reconstruction_map(g, np.array([[0.0], [1.0], [3.0]]), hops=(1, 2), similarity="euclidean")
    >>> [round(float(x), 4) for x in scores.average_precision[0]]
    [1.0, 1.0]
    """
    vectors = _vectors(graph, embedding)
    similarity = check_choice(similarity, "similarity", SIMILARITIES)
    hops = tuple(check_positive_int(k, "hops") for k in hops)
    if not hops:
        raise ParameterError("hops must hold at least one value (got none)")
    if max_nodes is not None:
        max_nodes = check_positive_int(max_nodes, "max_nodes")
    if graph.n_nodes < 2:
        raise EmptyGraphError(f"reconstruction needs at least 2 nodes (got {graph.n_nodes})")
    adjacency = graph.adjacency if not graph.directed else (graph.adjacency + graph.adjacency.T).tocsr()
    nodes = _sample(graph.n_nodes, max_nodes, seed)
    prepared = _prepared(vectors, similarity)
    result = np.full((nodes.size, len(hops)), np.nan)
    indptr, indices = adjacency.indptr.astype(np.int64), adjacency.indices.astype(np.int64)
    for start in range(0, nodes.size, _BLOCK):
        rows = nodes[start:start + _BLOCK]
        _report(on_progress, start / nodes.size, f"reconstruction: nodes {start}–{start + rows.size} of {nodes.size}")
        _hop_average_precision(*_ranking_keys(prepared, rows, similarity), rows.astype(np.int64), indptr, indices,
                               np.array(hops, dtype=np.int64), bool(exact), result[start:start + rows.size])
    _report(on_progress, 1.0, "reconstruction: done")
    evaluated = tuple(int(np.sum(~np.isnan(result[:, c]))) for c in range(len(hops)))
    maps = tuple(float(np.nanmean(result[:, c])) if evaluated[c] else float("nan") for c in range(len(hops)))
    return ReconstructionScores(hops, maps, evaluated, nodes, result, graph.n_nodes, similarity, bool(exact))


def reconstruction_precision(
    graph: Graph,
    embedding: Embedding | np.ndarray,
    *,
    ks: Sequence[int] | None = None,
    similarity: str = "cosine",
    max_nodes: int | None = 2000,
    seed: int | None = None,
) -> PrecisionAtK:
    """Graph-reconstruction precision@k: true edges among the k highest-scoring node pairs.

    Above ``max_nodes`` nodes, the pairs of a seeded node sample (its induced
    subgraph) are scored, as in GEM's evaluation.

    Parameters
    ----------
    graph : Graph
    embedding : Embedding or numpy.ndarray
    ks : sequence of int, optional
        Default: 10, 100, 1000 and the number of edges, capped at the number of pairs.
    similarity : {"cosine", "dot", "euclidean"}
    max_nodes : int or None
    seed : int, optional

    Returns
    -------
    PrecisionAtK

    References
    ----------
    P. Goyal, E. Ferrara, "Graph Embedding Techniques, Applications, and
    Performance: A Survey", Knowledge-Based Systems 151, 2018 (GEM).

    Examples
    --------
    >>> g = Graph.from_edges([0, 2], [1, 3])
    >>> reconstruction_precision(g, np.array([[1.0, 0], [1, 0], [0, 1], [0, 1]]), ks=[2]).precision
    (1.0,)
    """
    vectors = _vectors(graph, embedding)
    similarity = check_choice(similarity, "similarity", SIMILARITIES)
    nodes = _sample(graph.n_nodes, max_nodes if max_nodes is None else check_positive_int(max_nodes, "max_nodes"), seed)
    if nodes.size < 2:
        raise EmptyGraphError(f"precision@k needs at least 2 nodes (got {nodes.size})")
    adjacency = graph.adjacency[nodes][:, nodes]
    adjacency = ((adjacency + adjacency.T) > 0).tocsr()
    n_edges = int(sp.triu(adjacency, k=1).nnz)
    n_pairs = nodes.size * (nodes.size - 1) // 2
    if ks is None:
        ks = sorted({k for k in (10, 100, 1000, n_edges) if 1 <= k <= n_pairs})
    ks = tuple(check_positive_int(k, "k") for k in ks)
    if max(ks) > n_pairs:
        raise ParameterError(f"k must be <= the number of node pairs {n_pairs} (got {max(ks)})")
    prepared = _prepared(vectors[nodes], similarity)
    upper_i, upper_j = np.triu_indices(nodes.size, k=1)
    scores = _scores(prepared, np.arange(nodes.size), similarity)[upper_i, upper_j]
    top = max(ks)
    best = np.argpartition(-scores, top - 1)[:top] if top < scores.size else np.arange(scores.size)
    best = best[np.lexsort((best, -scores[best]))]
    is_edge = np.asarray(adjacency[upper_i[best], upper_j[best]]).ravel()
    hits = np.cumsum(is_edge)
    return PrecisionAtK(ks, tuple(float(hits[k - 1] / k) for k in ks), int(nodes.size), n_edges)


# --------------------------------------------------------------------------- downstream
def node_classification(
    embedding: Embedding | np.ndarray,
    labels: np.ndarray,
    *,
    train_fractions: Sequence[float] = (0.1, 0.3, 0.5, 0.7, 0.9),
    n_repeats: int = 3,
    standardize: bool = True,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> ClassificationScores:
    """Node classification with logistic regression: Micro- and Macro-F1 per train fraction.

    By default the features are standardised on the training nodes first, so
    a method's overall scale (tiny Laplacian eigenvectors, large HOPE vectors)
    does not interact with the regulariser. ``standardize=False`` feeds the
    vectors as they are, as the scoring scripts of DeepWalk and of FastRP's
    reference code do.

    Parameters
    ----------
    embedding : Embedding or numpy.ndarray
    labels : numpy.ndarray
        One label per node (None/NaN = unlabelled, left out), or an
        ``(n_nodes, n_classes)`` 0/1 matrix for multi-label data, where the
        top-k classes are predicted per node with k its true label count and
        one-vs-rest logistic regression (the DeepWalk / FastRP protocol).
    train_fractions : sequence of float
        Shares of labelled nodes used for training, in (0, 1).
    n_repeats : int
        Seeded random splits per fraction (stratified by class for single-label data).
    standardize : bool
        Scale each feature to zero mean and unit variance on the training
        nodes before fitting (default). False is the reference protocol of
        DeepWalk's and FastRP's scoring scripts. It matters for heavy-tailed
        embeddings that are already scaled over all nodes: FastRP's columns
        on BlogCatalog (reference setting) owe about half their variance to
        their 10 largest entries, so a column's standard deviation over 10 %
        of the nodes is about 0.3 to 2 times its value over all of them (5th
        to 95th percentile), and re-scaling by it reweights the columns at
        random; there the raw vectors score higher (bench/RESULTS.md,
        embeddings section).
    seed : int, optional
    on_progress : callable, optional

    Returns
    -------
    ClassificationScores

    Raises
    ------
    ParameterError
        If fewer than two classes or too few labelled nodes are present.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import LabelEncoder, StandardScaler
    from threadpoolctl import threadpool_limits

    vectors = embedding.vectors if isinstance(embedding, Embedding) else np.asarray(embedding, dtype=np.float64)
    fractions = tuple(
        check_in_range(f, "train_fraction", 0.0, 1.0, low_inclusive=False, high_inclusive=False) for f in train_fractions
    )
    if not fractions:
        raise ParameterError("train_fractions must hold at least one value (got none)")
    n_repeats = check_positive_int(n_repeats, "n_repeats")
    labels = labels.toarray() if sp.issparse(labels) else np.asarray(labels)
    if labels.shape[0] != vectors.shape[0]:
        raise ParameterError(f"labels has {labels.shape[0]} rows for {vectors.shape[0]} embedded nodes")
    multilabel = labels.ndim == 2
    if multilabel:
        targets = (labels != 0).astype(np.int64)
        keep = targets.sum(axis=1) > 0
        targets = targets[keep]
        n_classes = targets.shape[1]
    else:
        keep = np.array([not _missing(value) for value in labels])
        targets = LabelEncoder().fit_transform(np.asarray([str(v) for v in labels[keep]]))
        n_classes = int(targets.max()) + 1 if targets.size else 0
    features = vectors[keep]
    if n_classes < 2:
        raise ParameterError(f"node classification needs at least 2 classes (got {n_classes})")
    if features.shape[0] < 4:
        raise ParameterError(f"node classification needs at least 4 labelled nodes (got {features.shape[0]})")
    generator = rng(seed)
    micro = np.zeros((len(fractions), n_repeats))
    macro = np.zeros((len(fractions), n_repeats))
    # One BLAS thread: these fits are small, and on the busy 2-core machine two OpenBLAS threads made one
    # fit on Twitch England's node2vec vectors take 20.3 s instead of 2.1 s (load 10).
    with threadpool_limits(limits=1, user_api="blas"):
        for i, fraction in enumerate(fractions):
            for repeat in range(n_repeats):
                _report(on_progress, (i * n_repeats + repeat) / (len(fractions) * n_repeats),
                        f"classification: {fraction:.0%} train, split {repeat + 1}")
                train, test = _split(targets if not multilabel else None, features.shape[0], fraction, generator)
                train_x, test_x = features[train], features[test]
                if standardize:
                    scaler = StandardScaler().fit(train_x)
                    train_x, test_x = scaler.transform(train_x), scaler.transform(test_x)
                if multilabel:
                    model = OneVsRestClassifier(LogisticRegression(solver="liblinear"))
                    present = targets[train].sum(axis=0) > 0
                    probabilities = np.zeros((test.size, n_classes))
                    if present.sum() >= 1:
                        fitted = model.fit(train_x, targets[train][:, present])
                        probabilities[:, present] = fitted.predict_proba(test_x)
                    predicted = _top_k(probabilities, targets[test].sum(axis=1))
                else:
                    classes = np.unique(targets[train])
                    if classes.size == 1:
                        predicted = np.full(test.size, classes[0])
                    else:
                        predicted = LogisticRegression(max_iter=1000).fit(train_x, targets[train]).predict(test_x)
                micro[i, repeat] = f1_score(targets[test], predicted, average="micro", zero_division=0)
                macro[i, repeat] = f1_score(targets[test], predicted, average="macro", zero_division=0)
    _report(on_progress, 1.0, "classification: done")
    return ClassificationScores(
        fractions,
        tuple(micro.mean(axis=1).tolist()),
        tuple(macro.mean(axis=1).tolist()),
        tuple(micro.std(axis=1).tolist()),
        tuple(macro.std(axis=1).tolist()),
        n_repeats,
        int(features.shape[0]),
        n_classes,
        multilabel,
    )


def _split(targets: np.ndarray | None, n: int, fraction: float, generator: np.random.Generator):
    """Random train/test positions; stratified by class when ``targets`` (single-label) is given."""
    if targets is None:
        order = generator.permutation(n)
        n_train = min(max(1, int(round(fraction * n))), n - 1)
        return order[:n_train], order[n_train:]
    train, test = [], []
    for label in np.unique(targets):
        members = generator.permutation(np.flatnonzero(targets == label))
        n_train = int(round(fraction * members.size))
        if members.size >= 2:
            n_train = min(max(1, n_train), members.size - 1)
        train.append(members[:n_train])
        test.append(members[n_train:])
    return np.concatenate(train), np.concatenate(test)


def _missing(value) -> bool:
    if value is None:
        return True
    return isinstance(value, float) and math.isnan(value)


def _top_k(probabilities: np.ndarray, counts: np.ndarray) -> np.ndarray:
    predicted = np.zeros(probabilities.shape, dtype=np.int64)
    order = np.argsort(-probabilities, axis=1, kind="stable")
    for row, count in enumerate(counts):
        predicted[row, order[row, :count]] = 1
    return predicted


def link_prediction(
    graph: Graph,
    embed: Callable[[Graph], Embedding],
    *,
    test_fraction: float = 0.2,
    similarity: str = "cosine",
    seed: int | None = None,
) -> LinkPredictionScores:
    """Link prediction: hide edges, embed the rest, score held-out edges against non-edges (ROC-AUC).

    Edges of a random spanning forest are never hidden, so the residual graph
    keeps the components of the original.

    Parameters
    ----------
    graph : Graph
        Undirected graph.
    embed : callable
        ``embed(residual_graph) -> Embedding``, e.g. ``functools.partial(fastrp, dim=64, seed=1)``.
    test_fraction : float
        Share of the edges to hide, in (0, 1).
    similarity : {"cosine", "dot", "euclidean"}
    seed : int, optional

    Returns
    -------
    LinkPredictionScores

    Raises
    ------
    EmptyGraphError
        If no edge can be hidden without disconnecting the graph.
    """
    from sklearn.metrics import roc_auc_score

    test_fraction = check_in_range(test_fraction, "test_fraction", 0.0, 1.0, low_inclusive=False, high_inclusive=False)
    similarity = check_choice(similarity, "similarity", SIMILARITIES)
    generator = rng(seed)
    source, target, weight = graph.edges()
    proper = source != target
    source, target, weight = source[proper], target[proper], weight[proper]
    n = graph.n_nodes
    random_weights = sp.csr_matrix((generator.random(source.size) + 1.0, (source, target)), shape=(n, n))
    forest = minimum_spanning_tree(random_weights).tocoo()
    in_forest = set(zip(np.minimum(forest.row, forest.col).tolist(), np.maximum(forest.row, forest.col).tolist()))
    removable = np.array([i for i, pair in enumerate(zip(source.tolist(), target.tolist())) if pair not in in_forest],
                         dtype=np.int64)
    n_held_out = min(int(round(test_fraction * source.size)), removable.size)
    if n_held_out == 0:
        raise EmptyGraphError(f"{graph.name} has no edge that can be hidden without disconnecting it")
    held_out = generator.choice(removable, size=n_held_out, replace=False)
    kept = np.ones(source.size, dtype=bool)
    kept[held_out] = False
    residual = Graph.from_edges(source[kept], target[kept], weight[kept] if graph.is_weighted else None,
                                n_nodes=n, node_ids=graph.node_ids, name=f"{graph.name} (train edges)")
    non_edges = _non_edges(graph.adjacency, n_held_out, generator)
    vectors = _prepared(_vectors(residual, embed(residual)), similarity)
    pairs = np.vstack([np.column_stack([source[held_out], target[held_out]]), non_edges])
    if similarity == "euclidean":
        scores = -np.linalg.norm(vectors[pairs[:, 0]] - vectors[pairs[:, 1]], axis=1)
    else:
        scores = np.sum(vectors[pairs[:, 0]] * vectors[pairs[:, 1]], axis=1)
    truth = np.concatenate([np.ones(n_held_out), np.zeros(len(non_edges))])
    return LinkPredictionScores(float(roc_auc_score(truth, scores)), int(n_held_out), int(len(non_edges)), test_fraction)


def _non_edges(adjacency: sp.csr_matrix, count: int, generator: np.random.Generator) -> np.ndarray:
    """``count`` distinct node pairs u < v that are not edges (fewer if the graph is nearly complete)."""
    n = adjacency.shape[0]
    available = n * (n - 1) // 2 - (adjacency.nnz - int(np.count_nonzero(adjacency.diagonal()))) // 2
    count = min(count, available)
    found: set[tuple[int, int]] = set()
    while len(found) < count:
        u = generator.integers(n, size=2 * (count - len(found)) + 8)
        v = generator.integers(n, size=u.size)
        for a, b in zip(np.minimum(u, v).tolist(), np.maximum(u, v).tolist()):
            if a != b and adjacency[a, b] == 0 and len(found) < count:
                found.add((a, b))
    return np.array(sorted(found), dtype=np.int64).reshape(-1, 2)


# --------------------------------------------------------------------------- views
def compare_neighbourhood(
    graph: Graph,
    embedding: Embedding | np.ndarray,
    node: int,
    *,
    hops: int = 1,
    n_nearest: int | None = None,
    similarity: str = "cosine",
) -> NeighbourhoodComparison:
    """A node's true neighbours within ``hops`` against its ``n_nearest`` nearest nodes in the embedding.

    Parameters
    ----------
    graph : Graph
    embedding : Embedding or numpy.ndarray
    node : int
        Position of the node.
    hops : int
    n_nearest : int, optional
        Default: as many as true neighbours (at least 1).
    similarity : {"cosine", "dot", "euclidean"}

    Returns
    -------
    NeighbourhoodComparison
    """
    vectors = _vectors(graph, embedding)
    similarity = check_choice(similarity, "similarity", SIMILARITIES)
    hops = check_positive_int(hops, "hops")
    if isinstance(node, bool) or not isinstance(node, (int, np.integer)) or not 0 <= node < graph.n_nodes:
        raise ParameterError(f"node must be a position in 0..{graph.n_nodes - 1} (got {node!r})")
    row = np.array([int(node)])
    distance = _hop_distances(graph.adjacency, row, hops)[0]
    truth = np.flatnonzero((distance >= 1) & (distance <= hops))
    count = max(truth.size, 1) if n_nearest is None else check_positive_int(n_nearest, "n_nearest")
    keys, ordered = _ranking_keys(_prepared(vectors, similarity), row, similarity)
    order = np.argsort(keys[0], kind="stable")
    adjacency = graph.adjacency
    precision = np.empty((1, 1))
    _hop_average_precision(keys, ordered, row, adjacency.indptr.astype(np.int64), adjacency.indices.astype(np.int64),
                           np.array([hops], dtype=np.int64), False, precision)
    return NeighbourhoodComparison(int(node), hops, truth, order[:min(count, graph.n_nodes - 1)],
                                   float(precision[0, 0]))


#: Nodes t-SNE is fitted on; the others are placed from their nearest fitted nodes.
TSNE_SAMPLE = 1000
#: t-SNE iterations: early exaggeration, then the main phase (openTSNE's defaults: 250 + 500).
_TSNE_EXAGGERATION_ITERATIONS = 250
_TSNE_ITERATIONS = 500
#: Iterations between two progress reports of t-SNE.
_TSNE_REPORT_EVERY = 25


def project_2d(embedding: Embedding | np.ndarray, *, method: str = "pca", seed: int | None = None,
               on_progress: ProgressCallback | None = None) -> np.ndarray:
    """2-D coordinates of an embedding for plotting.

    Parameters
    ----------
    embedding : Embedding or numpy.ndarray
    method : {"pca", "tsne"}
        PCA (deterministic signs), or t-SNE (openTSNE's Barnes-Hut t-SNE, one thread, seeded,
        PCA start, 250 early-exaggeration and 500 further iterations). Above :data:`TSNE_SAMPLE`
        nodes t-SNE is fitted on a seeded sample of that many nodes and every other node is
        placed at the distance-weighted mean of its 5 nearest sampled nodes (in the embedding
        space), so the cost no longer grows with the graph (scikit-learn's full t-SNE took 298 s
        on 7k nodes on this machine). Clusters keep their members; the placed nodes do not
        refine the sample's layout.
    seed : int, optional
    on_progress : callable, optional
        ``on_progress(fraction, message)`` every 25 t-SNE iterations (openTSNE's callbacks) and
        before the placement of the other nodes.

    Returns
    -------
    numpy.ndarray
        ``(n_nodes, 2)``; a 1-D embedding gets a zero second coordinate.

    Examples
    --------
    >>> project_2d(np.array([[0.0, 0, 1], [2, 0, 1], [4, 0, 1]])).round(3).tolist()
    [[-2.0, 0.0], [0.0, 0.0], [2.0, 0.0]]
    """
    vectors = embedding.vectors if isinstance(embedding, Embedding) else np.asarray(embedding, dtype=np.float64)
    method = check_choice(method, "method", ("pca", "tsne"))
    if vectors.shape[0] < 2:
        raise EmptyGraphError(f"a projection needs at least 2 nodes (got {vectors.shape[0]})")
    if method == "tsne":
        return _sampled_tsne(vectors, seed, on_progress)
    centred = vectors - vectors.mean(axis=0)
    u, sigma, _ = np.linalg.svd(centred, full_matrices=False)
    coordinates = np.zeros((vectors.shape[0], 2))
    width = min(2, sigma.size)
    coordinates[:, :width] = u[:, :width] * sigma[:width]
    signs = np.sign(coordinates[np.argmax(np.abs(coordinates), axis=0), [0, 1]])
    signs[signs == 0] = 1.0
    return (coordinates * signs) + 0.0


def _sampled_tsne(vectors: np.ndarray, seed: int | None, on_progress: ProgressCallback | None) -> np.ndarray:
    from openTSNE import TSNE
    from sklearn.neighbors import NearestNeighbors

    n = vectors.shape[0]
    sample = np.arange(n) if n <= TSNE_SAMPLE else np.sort(rng(seed).choice(n, TSNE_SAMPLE, replace=False))
    total = _TSNE_EXAGGERATION_ITERATIONS + _TSNE_ITERATIONS
    done = [0]

    def report(iteration: int, error: float, embedding: np.ndarray) -> bool:
        done[0] += _TSNE_REPORT_EVERY  # the iteration count restarts after the early-exaggeration phase
        _report(on_progress, 0.05 + 0.85 * min(done[0], total) / total,
                f"t-SNE on {sample.size:,} of {n:,} nodes: iteration {min(done[0], total)} of {total}")
        return False

    _report(on_progress, 0.05, f"t-SNE on {sample.size:,} of {n:,} nodes: finding neighbours")
    fitted = np.asarray(TSNE(
        perplexity=min(30.0, (sample.size - 1) / 3), early_exaggeration_iter=_TSNE_EXAGGERATION_ITERATIONS,
        n_iter=_TSNE_ITERATIONS, negative_gradient_method="bh", n_jobs=1,
        random_state=None if seed is None else int(seed) % 2**31, callbacks=report,
        callbacks_every_iters=_TSNE_REPORT_EVERY,
    ).fit(vectors[sample]), dtype=np.float64)
    if sample.size == n:
        return fitted
    _report(on_progress, 0.9, f"placing the other {n - sample.size:,} nodes by their nearest sampled nodes")
    rest = np.setdiff1d(np.arange(n), sample)
    distance, nearest = NearestNeighbors(n_neighbors=5).fit(vectors[sample]).kneighbors(vectors[rest])
    weight = 1.0 / (distance + 1e-9)
    coordinates = np.empty((n, 2))
    coordinates[sample] = fitted
    coordinates[rest] = np.einsum("ij,ijk->ik", weight / weight.sum(axis=1, keepdims=True), fitted[nearest])
    return coordinates


def assess(
    graph: Graph,
    embedding: Embedding | np.ndarray,
    *,
    labels: np.ndarray | None = None,
    similarity: str = "cosine",
    max_nodes: int | None = 2000,
    train_fractions: Sequence[float] = (0.1, 0.3, 0.5, 0.7, 0.9),
    n_repeats: int = 3,
    standardize: bool = True,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Assessment:
    """RESTORE mAP at 1–3 hops, precision@k and, when labels are given, node classification.

    ``train_fractions``, ``n_repeats`` and ``standardize`` are those of :func:`node_classification`.

    Examples
    --------
    >>> g = Graph.from_edges([0, 2], [1, 3])
    >>> a = assess(g, np.array([[1.0, 0], [1, 0.1], [0, 1], [0.1, 1]]))
    >>> a.reconstruction.map[0], a.precision.precision[-1]
    (1.0, 1.0)
    """

    def stage(low: float, high: float) -> ProgressCallback | None:
        if on_progress is None:
            return None
        return lambda fraction, message: on_progress(low + (high - low) * fraction, message)

    reconstruction = reconstruction_map(graph, embedding, similarity=similarity, max_nodes=max_nodes, seed=seed,
                                        on_progress=stage(0.0, 0.6))
    precision = reconstruction_precision(graph, embedding, similarity=similarity, max_nodes=max_nodes, seed=seed)
    classification = None
    if labels is not None:
        classification = node_classification(embedding, labels, train_fractions=train_fractions, n_repeats=n_repeats,
                                             standardize=standardize, seed=seed, on_progress=stage(0.6, 1.0))
    return Assessment(reconstruction, precision, classification)
