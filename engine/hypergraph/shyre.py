"""SHyRe: supervised hypergraph reconstruction from a projected graph.

Given a training hypergraph H' from the same domain as the query graph G,
SHyRe (1) measures on H' how many true hyperedges of size k each size-n
maximal clique yields per enumerated k-subset (the ρ(n, k) table), (2) spends a
budget β of enumerated subsets greedily where that yield is highest (the clique
sampler), (3) applies the same plan to G to generate candidates (all maximal
cliques plus the sampled sub-cliques), (4) describes each candidate by nine
count features or by hypergraph-motif features (``features="motif"``, see
:mod:`engine.hypergraph.motifs`), and (5) keeps the candidates that two classifiers trained on
H' (one for maximal cliques, one for sub-cliques) accept.

Examples
--------
>>> from engine.hypergraph.core import Hypergraph
>>> from engine.hypergraph.projection import project
>>> train = Hypergraph.from_hyperedges([[0, 1, 2], [1, 2], [3, 4], [4, 5], [3, 5], [6, 7, 8, 9]])
>>> model = ShyreReconstructor(budget=50, seed=0).fit(train)
>>> model.plan_[0].clique_size >= model.plan_[0].subset_size
True
>>> isinstance(model.predict(project(train)), Hypergraph)
True

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
Remediation", ICLR 2024 (arXiv:2401.08519); earlier "Supervised Hypergraph
Reconstruction" (arXiv:2211.13343). Both feature sets of the paper are
implemented: *count* (nine) and *motif* (54 columns, of which the first nine
and the ten with the best ANOVA F-score on the training candidates are kept,
as in the authors' code). Departures from the reference code: by default
a candidate is kept when its probability exceeds the cut that maximises the
Jaccard index on out-of-fold predictions of the training candidates, not
0.5 (``decision="accuracy"``
restores the paper's rule; see :class:`ShyreReconstructor`); the
"first ⌊r·|M_n|⌋ cliques of size n" are taken in a seeded random order instead
of Python's set order; features are computed per size group with numpy.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Callable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from engine._validation import check_choice, check_positive_int, check_undirected, rng, seed_value
from engine.errors import ConvergenceWarning, EmptyGraphError, GraphTooLargeError, NotFittedError
from engine.hypergraph.core import Hypergraph
from engine.hypergraph.motifs import MOTIF_FEATURES, motif_features
from engine.hypergraph.projection import clique_positions, project
from engine.types import Graph

__all__ = [
    "ShyreReconstructor",
    "RhoTable",
    "PlanStep",
    "compute_rho",
    "plan_budget",
    "COUNT_FEATURES",
    "CLASSIFIERS",
    "FEATURE_SETS",
    "DECISIONS",
    "jaccard_cut",
]

ProgressCallback = Callable[[float, str], None]

#: Names of the nine count features, in column order.
COUNT_FEATURES = (
    "is_sub_clique",
    "size",
    "all_pairs_shared",
    "mean_pair_clique_count",
    "mean_degree",
    "mean_neighbour_degree",
    "mean_node_clique_count",
    "mean_clustering",
    "n_parent_cliques",
)
#: Classifier families ``ShyreReconstructor`` accepts.
CLASSIFIERS = ("mlp", "rf", "lr")
#: Feature sets ``ShyreReconstructor`` accepts.
FEATURE_SETS = ("count", "motif")
#: Decision rules ``ShyreReconstructor`` accepts: the Jaccard-tuned cut or the paper's p > 0.5.
DECISIONS = ("jaccard", "accuracy")
#: Cuts the ``jaccard`` decision rule chooses from.
_CUTS = np.round(np.arange(0.10, 0.901, 0.01), 2)
#: Motif features: the leading columns always kept, and how many of the rest are kept by ANOVA F-score.
_MOTIF_KEPT, _MOTIF_BEST = 9, 10

#: Largest number of sub-clique enumerations a prediction may perform.
_MAX_ENUMERATED = 50_000_000


# -------------------------------------------------------------- rho table
@dataclass(frozen=True)
class RhoTable:
    """The clique-sampler statistics of a training hypergraph.

    Attributes
    ----------
    n_cliques : dict
        ``{n: |M'_n|}``, the number of size-``n`` maximal cliques of the projection.
    hits : dict
        ``{(n, k): frozenset of hyperedge indices}``: training hyperedges of size
        ``k`` inside at least one size-``n`` maximal clique (S(n, k)).
    n_hyperedges : int
        Number of training hyperedges.
    """

    n_cliques: dict
    hits: dict
    n_hyperedges: int

    def cost(self, n: int, k: int) -> int:
        """c(n, k) = |M'_n| · C(n, k): subsets enumerated to take every size-k subset of size-n cliques."""
        return self.n_cliques.get(n, 0) * math.comb(n, k)

    def rho(self, n: int, k: int) -> float:
        """ρ(n, k) = |S(n, k)| / c(n, k) (0 when no clique has size n)."""
        cost = self.cost(n, k)
        return len(self.hits.get((n, k), ())) / cost if cost else 0.0

    def frame(self) -> pd.DataFrame:
        """One row per (n, k) with hits: ``n, k, n_cliques, n_hits, cost, rho``."""
        rows = [
            {"n": n, "k": k, "n_cliques": self.n_cliques[n], "n_hits": len(h), "cost": self.cost(n, k), "rho": self.rho(n, k)}
            for (n, k), h in sorted(self.hits.items())
        ]
        return pd.DataFrame(rows, columns=["n", "k", "n_cliques", "n_hits", "cost", "rho"])


def compute_rho(cliques: list[tuple[int, ...]], hyperedges: list[tuple[int, ...]]) -> RhoTable:
    """Build the ρ(n, k) table, finding each hyperedge's containing cliques through a node index.

    Parameters
    ----------
    cliques : list of tuple
        Maximal cliques of the training projection (node positions).
    hyperedges : list of tuple
        Training hyperedges (node positions).

    Returns
    -------
    RhoTable
    """
    by_node: dict[int, list[int]] = {}
    clique_sets = [frozenset(c) for c in cliques]
    for j, clique in enumerate(clique_sets):
        for node in clique:
            by_node.setdefault(node, []).append(j)
    hits: dict[tuple[int, int], set[int]] = {}
    for i, edge in enumerate(hyperedges):
        members = frozenset(edge)
        shortest = min((by_node.get(v, ()) for v in members), key=len)
        sizes = {len(clique_sets[j]) for j in shortest if members <= clique_sets[j]}
        for n in sizes:
            hits.setdefault((n, len(members)), set()).add(i)
    n_cliques = dict(sorted(Counter(len(c) for c in cliques).items()))
    return RhoTable(n_cliques, {key: frozenset(v) for key, v in sorted(hits.items())}, len(hyperedges))


# ------------------------------------------------------------ budget plan
@dataclass(frozen=True)
class PlanStep:
    """Enumerate the size-``subset_size`` subsets of the first ``ratio`` share of size-``clique_size`` cliques."""

    clique_size: int
    subset_size: int
    ratio: float
    cost: int
    gain: float


def _best_clique_size(table: RhoTable, k: int, unused: set[int], covered: set[int]) -> tuple[float, int]:
    best_gain, best_n = 0.0, 0
    for n in sorted(unused):
        cost = table.cost(n, k)
        if not cost:
            continue
        gain = len(table.hits.get((n, k), frozenset()) - covered) / cost
        if gain > best_gain:
            best_gain, best_n = gain, n
    return best_gain, best_n


def plan_budget(table: RhoTable, budget: int, *, seed=None) -> tuple[tuple[PlanStep, ...], float]:
    """The greedy clique-sampler plan for ``budget`` enumerated subsets.

    Per hyperedge size k keep the covered set Γ_k and the unused clique sizes
    Ω_k = {k..N}; repeatedly take the k whose best unused n has the largest
    new-hits-per-cost (ties to the larger k), spend min(β, c(n, k)) on it
    (covering a random matching share of S(n, k) when the budget runs short),
    until the budget is spent or no step adds a hyperedge.

    Parameters
    ----------
    table : RhoTable
    budget : int
        β, the number of k-subsets the plan may enumerate on the training graph.
    seed : int, optional
        Seeds the sampling of a partial step's covered share.

    Returns
    -------
    steps : tuple of PlanStep
    training_recall : float
        Σ_k |Γ_k| / |E'|, the share of training hyperedges the plan covers.
    """
    budget = check_positive_int(budget, "budget")
    generator = rng(seed)
    max_size = max(table.n_cliques, default=0)
    covered: dict[int, set[int]] = {k: set() for k in range(1, max_size + 1)}
    unused: dict[int, set[int]] = {k: {n for n in table.n_cliques if n >= k} for k in covered}
    best = {k: _best_clique_size(table, k, unused[k], covered[k]) for k in covered}
    steps: list[PlanStep] = []
    remaining = budget
    while remaining > 0 and best:
        k = max(best, key=lambda size: (best[size][0], size))
        gain, n = best[k]
        if gain <= 0:
            break
        cost = table.cost(n, k)
        ratio = min(remaining, cost) / cost
        hits = table.hits.get((n, k), frozenset())
        if ratio < 1:
            pool = np.array(sorted(hits), dtype=np.int64)
            chosen = generator.choice(pool, size=int(ratio * len(pool)), replace=False) if len(pool) else pool
            covered[k].update(chosen.tolist())
        else:
            covered[k].update(hits)
        steps.append(PlanStep(n, k, ratio, cost, gain))
        unused[k].discard(n)
        remaining -= cost
        best[k] = _best_clique_size(table, k, unused[k], covered[k])
    recall = sum(len(c) for c in covered.values()) / table.n_hyperedges if table.n_hyperedges else 0.0
    return tuple(steps), recall


# ------------------------------------------------------------ candidates
@dataclass(frozen=True)
class _Candidates:
    """Candidates of one graph: maximal cliques first, then the distinct sampled sub-cliques."""

    cliques: list
    sub_cliques: list
    parent_counts: dict = field(repr=False)

    @property
    def all(self) -> list:
        return self.cliques + self.sub_cliques


def _generate_candidates(cliques: list[tuple[int, ...]], plan, generator: np.random.Generator) -> _Candidates:
    by_size: dict[int, list[tuple[int, ...]]] = {}
    for clique in cliques:
        by_size.setdefault(len(clique), []).append(clique)
    for size, group in by_size.items():
        order = generator.permutation(len(group))
        by_size[size] = [group[i] for i in order]
    enumerated = sum(int(s.ratio * len(by_size.get(s.clique_size, ()))) * math.comb(s.clique_size, s.subset_size) for s in plan)
    if enumerated > _MAX_ENUMERATED:
        raise GraphTooLargeError(
            f"the sampling plan would enumerate {enumerated:,} sub-cliques on this graph (limit {_MAX_ENUMERATED:,}); "
            "lower the budget"
        )
    parents: Counter = Counter()
    for step in plan:
        group = by_size.get(step.clique_size, [])
        for clique in group[: int(step.ratio * len(group))]:
            parents.update(combinations(clique, step.subset_size))
    clique_set = set(cliques)
    sub_cliques = sorted((c for c in parents if c not in clique_set), key=lambda c: (len(c), c))
    ordered = sorted(cliques, key=lambda c: (len(c), c))
    return _Candidates(ordered, sub_cliques, dict(parents))


# --------------------------------------------------------------- features
def _node_statistics(graph: Graph, cliques: list[tuple[int, ...]]) -> dict[str, np.ndarray]:
    adjacency = graph.adjacency.copy()
    adjacency.setdiag(0)
    adjacency.eliminate_zeros()
    adjacency.data[:] = 1.0
    adjacency = sp.csr_matrix(adjacency)
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        neighbour_degree = np.where(degree > 0, adjacency @ degree / np.maximum(degree, 1), 0.0)
        triangles = np.asarray((adjacency @ adjacency).multiply(adjacency).sum(axis=1)).ravel() / 2
        clustering = np.where(degree > 1, 2 * triangles / np.maximum(degree * (degree - 1), 1), 0.0)
    clique_count = np.zeros(graph.n_nodes)
    for clique in cliques:
        clique_count[list(clique)] += 1
    return {"degree": degree, "neighbour_degree": neighbour_degree, "clustering": clustering, "clique_count": clique_count}


def _pair_clique_counts(cliques: list[tuple[int, ...]], n_nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted pair keys ``u * n + v`` (u < v) and the number of maximal cliques holding each pair."""
    keys = []
    by_size: dict[int, list[tuple[int, ...]]] = {}
    for clique in cliques:
        if len(clique) > 1:
            by_size.setdefault(len(clique), []).append(clique)
    for size, group in by_size.items():
        members = np.array(group, dtype=np.int64)
        for i, j in combinations(range(size), 2):
            keys.append(members[:, i] * n_nodes + members[:, j])
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(keys), return_counts=True)


def _count_features(graph: Graph, candidates: _Candidates, cliques: list[tuple[int, ...]]) -> np.ndarray:
    """The nine count features of every candidate, z-scored over this graph's candidates."""
    stats = _node_statistics(graph, cliques)
    pair_keys, pair_counts = _pair_clique_counts(cliques, graph.n_nodes)
    everything = candidates.all
    n_cliques = len(candidates.cliques)
    features = np.zeros((len(everything), len(COUNT_FEATURES)))
    features[n_cliques:, 0] = 1.0
    rows_by_size: dict[int, list[int]] = {}
    for row, candidate in enumerate(everything):
        rows_by_size.setdefault(len(candidate), []).append(row)
    for size, rows in rows_by_size.items():
        rows_arr = np.array(rows, dtype=np.int64)
        members = np.array([everything[r] for r in rows], dtype=np.int64).reshape(len(rows), size)
        features[rows_arr, 1] = size
        if size > 1:
            counts = np.empty((len(rows), size * (size - 1) // 2))
            for column, (i, j) in enumerate(combinations(range(size), 2)):
                keys = members[:, i] * graph.n_nodes + members[:, j]
                counts[:, column] = pair_counts[np.searchsorted(pair_keys, keys)]
            features[rows_arr, 2] = np.all(counts > 1, axis=1)
            features[rows_arr, 3] = counts.mean(axis=1)
        features[rows_arr, 4] = stats["degree"][members].mean(axis=1)
        features[rows_arr, 5] = stats["neighbour_degree"][members].mean(axis=1)
        features[rows_arr, 6] = stats["clique_count"][members].mean(axis=1)
        features[rows_arr, 7] = stats["clustering"][members].mean(axis=1)
    parent_counts = candidates.parent_counts
    features[:, 8] = [parent_counts.get(c, 0) for c in everything]
    return _standardize(features)


def _standardize(features: np.ndarray) -> np.ndarray:
    """z-score every column over this graph's candidates (the paper scales each graph by its own statistics)."""
    return (features - features.mean(axis=0)) / (features.std(axis=0) + 1e-8)


def _candidate_features(kind: str, graph: Graph, candidates: _Candidates, cliques: list[tuple[int, ...]],
                        on_progress: ProgressCallback | None = None) -> np.ndarray:
    """The z-scored count (9 columns) or motif (54 columns) features of every candidate."""
    if kind == "count":
        return _count_features(graph, candidates, cliques)
    adjacency = graph.adjacency.copy()
    adjacency.setdiag(0)
    adjacency.eliminate_zeros()
    degree = np.diff(sp.csr_matrix(adjacency).indptr).astype(float)
    return _standardize(motif_features(candidates.all, cliques, degree, on_progress=on_progress))


def _select_motif_columns(features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The first nine motif columns plus the ten others with the highest ANOVA F-score against the labels."""
    from sklearn.feature_selection import f_classif

    rest = np.arange(_MOTIF_KEPT, features.shape[1])
    if labels.min() == labels.max():
        best = rest[:_MOTIF_BEST]
    else:
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", UserWarning)
            scores, _ = f_classif(features[:, rest], labels)
        scores = np.nan_to_num(scores, nan=-1.0, posinf=np.finfo(float).max)
        best = np.sort(rest[np.argsort(-scores, kind="stable")[:_MOTIF_BEST]])
    return np.concatenate([np.arange(_MOTIF_KEPT), best])


# ------------------------------------------------------------ classifiers
class _ConstantClassifier:
    """Stands in when a training set has a single class (or none)."""

    def __init__(self, label: int) -> None:
        self.label = label

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        out = np.zeros((len(features), 2))
        out[:, self.label] = 1.0
        return out


def _make_classifier(kind: str, seed: int, max_iter: int):
    if kind == "mlp":
        from sklearn.neural_network import MLPClassifier

        return MLPClassifier(hidden_layer_sizes=(100,), alpha=1e-4, max_iter=max_iter, random_state=seed)
    if kind == "rf":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(random_state=seed, n_jobs=1)
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(random_state=seed, max_iter=max_iter)


def _out_of_fold(kind: str, features: np.ndarray, labels: np.ndarray, seed: int, max_iter: int, n_folds: int = 3) -> np.ndarray:
    """Probabilities of every training candidate from classifiers fitted without it (stratified folds).

    Falls back to one fit on everything (in-sample probabilities) when a class
    has fewer members than folds.
    """
    counts = np.bincount(labels, minlength=2) if len(labels) else np.zeros(2, dtype=np.int64)
    if counts.min() < n_folds:
        return _fit_classifier(kind, features, labels, seed, max_iter).predict_proba(features)[:, 1]
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros(len(labels))
    for fit_rows, held_rows in StratifiedKFold(n_folds, shuffle=True, random_state=seed).split(features, labels):
        model = _fit_classifier(kind, features[fit_rows], labels[fit_rows], seed, max_iter)
        out[held_rows] = model.predict_proba(features[held_rows])[:, 1]
    return out


def _fit_classifier(kind: str, features: np.ndarray, labels: np.ndarray, seed: int, max_iter: int):
    if len(labels) == 0 or labels.min() == labels.max():
        return _ConstantClassifier(int(labels[0]) if len(labels) else 0)
    from sklearn.exceptions import ConvergenceWarning as SklearnConvergenceWarning

    model = _make_classifier(kind, seed, max_iter)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SklearnConvergenceWarning)
        model.fit(features, labels)
    if any(issubclass(w.category, SklearnConvergenceWarning) for w in caught):
        warnings.warn(f"{kind} classifier stopped after max_iter={max_iter} iterations without converging", ConvergenceWarning, stacklevel=3)
    return model


def jaccard_cut(probabilities: np.ndarray, labels: np.ndarray, n_true: int, cuts=_CUTS) -> float:
    """The probability cut that maximises the Jaccard index of the kept candidates (ties to the cut nearest 0.5).

    Parameters
    ----------
    probabilities : ndarray
        Classifier probability of every candidate.
    labels : ndarray of {0, 1}
        Whether each candidate is a true hyperedge.
    n_true : int
        Number of true hyperedges, including those no candidate reaches (they
        are misses at every cut).
    cuts : sequence of float
        Candidate cuts; a candidate is kept when its probability exceeds the cut.

    Returns
    -------
    float

    Examples
    --------
    >>> jaccard_cut(np.array([0.9, 0.45, 0.4, 0.2]), np.array([1, 1, 0, 0]), 2, cuts=[0.3, 0.42, 0.5])
    0.42
    """
    cuts = np.asarray(cuts, dtype=float)
    kept = probabilities[None, :] > cuts[:, None]
    hits = (kept & (labels[None, :] == 1)).sum(axis=1)
    union = kept.sum(axis=1) + n_true - hits
    scores = np.where(union > 0, hits / np.maximum(union, 1), 0.0)
    best = np.flatnonzero(scores == scores.max())
    return float(cuts[best[np.argmin(np.abs(cuts[best] - 0.5))]])


# -------------------------------------------------------------- estimator
def _positions(hypergraph: Hypergraph) -> list[tuple[int, ...]]:
    index = {node: i for i, node in enumerate(hypergraph.nodes)}
    return [tuple(sorted(index[v] for v in edge)) for edge in hypergraph.hyperedges]


def _report(on_progress: ProgressCallback | None, fraction: float, message: str) -> None:
    if on_progress is not None:
        on_progress(fraction, message)


def _stage(on_progress: ProgressCallback | None, low: float, high: float) -> ProgressCallback | None:
    """``on_progress`` rescaled to the fractions ``low..high``."""
    if on_progress is None:
        return None
    return lambda fraction, message: on_progress(low + (high - low) * fraction, message)


class ShyreReconstructor:
    """Supervised hypergraph reconstruction (SHyRe-count / SHyRe-motif) from a projected graph.

    Parameters
    ----------
    budget : int
        β, the number of sub-cliques the clique sampler may enumerate on the
        training graph (the paper uses 1e3 for Enron, 6e4 for H.School, 3.5e5 for
        P.School, 2e4 for Foursquare, 1e3 for Crimes, 1e6 for DBLP).
    classifier : {"mlp", "rf", "lr"}
        ``mlp``: one hidden layer of 100 ReLU units, Adam, L2 1e-4 (the paper's
        default, scikit-learn); ``rf`` random forest; ``lr`` logistic regression.
    max_iter : int
        Iteration cap of the MLP / logistic regression.
    features : {"count", "motif"}
        ``count``: the nine count features (:data:`COUNT_FEATURES`); ``motif``:
        hypergraph-motif counts around the candidate's nodes and node pairs in
        the maximal-clique pseudo-hypergraph (:mod:`engine.hypergraph.motifs`),
        the first nine columns plus the ten best by ANOVA F-score on the
        training candidates. Motif features cost far more on dense graphs.
    decision : {"jaccard", "accuracy"}
        ``accuracy``: keep a candidate when its classifier says p > 0.5 (the
        paper). ``jaccard`` (default): keep it when p exceeds the cut, among
        0.10, 0.11, ..., 0.90, that maximises the Jaccard index on the
        training candidates (:func:`jaccard_cut`), judged on out-of-fold
        probabilities (3 stratified folds, so fitting costs about three times
        as much; in-sample probabilities are over-confident where the
        classifier fits the training candidates almost perfectly, as on Crimes). The classifiers fit
        accuracy, but the score is the Jaccard index; where many candidates
        sit near p = 0.5 (P.School's pairs), the 0.5 cut lies on a cliff and
        the outcome swings with the MLP's initialisation (the authors' code
        gives 44.68, 41.69 and 44.66 at seeds 123, 1 and 2 there).
    seed : int, optional
        Seeds the plan's partial sampling, the clique order and the classifiers; None draws a fresh seed
        at each fit (the engine's convention), kept in ``seed_``.

    Attributes
    ----------
    seed_ : int
        The seed this fit used.
    rho_ : RhoTable
    plan_ : tuple of PlanStep
    training_recall_ : float
        Share of training hyperedges among the training candidates the plan
        reaches (an upper bound on SHyRe's recall on data like the training set).
    n_train_candidates_ : int
    feature_names_ : tuple of str
        Names of the feature columns the classifiers use.
    cut_ : float
        Probability cut of the decision rule (0.5 for ``accuracy``).
    """

    def __init__(self, *, budget: int = 1000, classifier: str = "mlp", max_iter: int = 2000, features: str = "count",
                 decision: str = "jaccard", seed: int | None = None) -> None:
        self.budget = budget
        self.classifier = classifier
        self.max_iter = max_iter
        self.features = features
        self.decision = decision
        self.seed = seed

    def __repr__(self) -> str:
        return (f"ShyreReconstructor(budget={self.budget}, classifier={self.classifier!r}, features={self.features!r}, "
                f"decision={self.decision!r}, seed={self.seed})")

    def fit(self, train: Hypergraph, *, on_progress: ProgressCallback | None = None) -> "ShyreReconstructor":
        """Learn the sampling plan and the two classifiers from a training hypergraph.

        Raises
        ------
        ParameterError
            On a bad budget, classifier or max_iter.
        EmptyGraphError
            If ``train`` has no hyperedge.
        """
        check_positive_int(self.budget, "budget")
        check_choice(self.classifier, "classifier", CLASSIFIERS)
        check_positive_int(self.max_iter, "max_iter")
        check_choice(self.features, "features", FEATURE_SETS)
        check_choice(self.decision, "decision", DECISIONS)
        self.seed_ = seed_value(self.seed)
        if train.n_hyperedges == 0:
            raise EmptyGraphError("the training hypergraph has no hyperedge")
        generator = rng(self.seed_)
        _report(on_progress, 0.0, "Projecting the training hypergraph")
        graph = project(train, weighted=False)
        cliques = clique_positions(graph)
        hyperedges = _positions(train)
        _report(on_progress, 0.15, f"ρ(n, k) table over {len(cliques):,} maximal cliques")
        self.rho_ = compute_rho(cliques, hyperedges)
        self.plan_, self.training_recall_ = plan_budget(self.rho_, self.budget, seed=generator)
        _report(on_progress, 0.3, f"Sampling training candidates ({len(self.plan_)} plan steps)")
        candidates = _generate_candidates(cliques, self.plan_, generator)
        _report(on_progress, 0.35, f"{self.features.capitalize()} features of {len(candidates.all):,} training candidates")
        features = _candidate_features(self.features, graph, candidates, cliques, _stage(on_progress, 0.35, 0.5))
        truth = set(hyperedges)
        labels = np.array([c in truth for c in candidates.all], dtype=np.int64)
        self.feature_columns_ = np.arange(features.shape[1])
        if self.features == "motif":
            self.feature_columns_ = _select_motif_columns(features, labels)
            features = features[:, self.feature_columns_]
        names = COUNT_FEATURES if self.features == "count" else MOTIF_FEATURES
        self.feature_names_ = tuple(names[i] for i in self.feature_columns_)
        split = len(candidates.cliques)
        self.n_train_candidates_ = len(labels)
        _report(on_progress, 0.5, f"Training the classifiers on {len(labels):,} candidates")
        seed = self.seed_
        self.clique_model_ = _fit_classifier(self.classifier, features[:split], labels[:split], seed, self.max_iter)
        self.sub_clique_model_ = _fit_classifier(self.classifier, features[split:], labels[split:], seed, self.max_iter)
        self.cut_ = 0.5
        if self.decision == "jaccard":
            _report(on_progress, 0.8, "Choosing the probability cut on out-of-fold predictions")
            held_out = np.concatenate([
                _out_of_fold(self.classifier, features[:split], labels[:split], seed, self.max_iter),
                _out_of_fold(self.classifier, features[split:], labels[split:], seed, self.max_iter),
            ])
            self.cut_ = jaccard_cut(held_out, labels, len(truth))
        _report(on_progress, 1.0, "Trained")
        return self

    def _probabilities(self, features: np.ndarray, split: int) -> np.ndarray:
        """Hyperedge probability of every candidate: maximal cliques (first ``split`` rows), then sub-cliques."""
        out = np.zeros(len(features))
        if split:
            out[:split] = self.clique_model_.predict_proba(features[:split])[:, 1]
        if len(features) > split:
            out[split:] = self.sub_clique_model_.predict_proba(features[split:])[:, 1]
        return out

    def candidate_probabilities(
        self, graph: Graph, *, on_progress: ProgressCallback | None = None
    ) -> tuple[list[tuple], np.ndarray]:
        """The candidate hyperedges of ``graph`` (node ids) and the classifiers' probability of each.

        :meth:`predict` keeps those above :attr:`cut_`; other cuts can be read off these.

        Raises
        ------
        NotFittedError
            If the model is not fitted.
        UnsupportedGraphError
            If ``graph`` is directed.
        GraphTooLargeError
            If the plan would enumerate too many sub-cliques on ``graph``.
        """
        if not hasattr(self, "plan_"):
            raise NotFittedError("ShyreReconstructor is not fitted; call fit(train) first")
        check_undirected(graph, "SHyRe")
        generator = rng(self.seed_ + 1)
        _report(on_progress, 0.0, "Maximal cliques of the query graph")
        cliques = clique_positions(graph)
        candidates = _generate_candidates(cliques, self.plan_, generator)
        _report(on_progress, 0.4, f"{self.features.capitalize()} features of {len(candidates.all):,} candidates")
        features = _candidate_features(self.features, graph, candidates, cliques, _stage(on_progress, 0.4, 0.8))
        features = features[:, self.feature_columns_]
        _report(on_progress, 0.8, "Classifying candidates")
        ids = graph.node_ids
        return [tuple(ids[i] for i in c) for c in candidates.all], self._probabilities(features, len(candidates.cliques))

    def predict(self, graph: Graph, *, on_progress: ProgressCallback | None = None) -> Hypergraph:
        """Reconstruct the hyperedges behind ``graph`` (a projection; weights are ignored).

        Raises
        ------
        NotFittedError
            If the model is not fitted.
        UnsupportedGraphError
            If ``graph`` is directed.
        GraphTooLargeError
            If the plan would enumerate too many sub-cliques on ``graph``.
        """
        candidates, probabilities = self.candidate_probabilities(graph, on_progress=on_progress)
        chosen = [c for c, p in zip(candidates, probabilities) if p > self.cut_]
        _report(on_progress, 1.0, f"{len(chosen):,} hyperedges")
        return Hypergraph.from_hyperedges(chosen, nodes=graph.node_ids, name=f"SHyRe on {graph.name}")
