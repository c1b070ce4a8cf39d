"""Run a reconstruction method on a train/test pair and score it.

The pages, the CLI and grids run it through :func:`engine.methods.execute` (methods ``shyre``,
``maxclique``, ``cliquecover`` and ``cfinder``, whose titles and parameters are there), which
measures its time and memory once.

Examples
--------
>>> from engine.hypergraph.datasets import load_hypergraph_pair
>>> train, test = load_hypergraph_pair("crime")
>>> result = evaluate_reconstruction(train, test, "maxclique")
>>> result.scores.n_true, round(result.scores.jaccard, 4)
(256, 0.7876)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from engine._validation import check_choice, check_positive_int, rng
from engine.hypergraph.baselines import CliqueCoverReconstructor, KCliquePercolationReconstructor, MaxCliqueReconstructor
from engine.hypergraph.core import Hypergraph
from engine.hypergraph.metrics import ReconstructionScores, per_size_scores, reconstruction_scores
from engine.hypergraph.projection import project
from engine.hypergraph.shyre import DECISIONS, FEATURE_SETS, ShyreReconstructor

__all__ = ["RECONSTRUCTORS", "make_reconstructor", "evaluate_reconstruction", "ReconstructionResult"]

#: The reconstruction algorithms :func:`make_reconstructor` builds.
RECONSTRUCTORS = ("shyre", "maxclique", "cliquecover", "cfinder")


def make_reconstructor(method: str, *, budget: int = 1000, features: str = "count", decision: str = "jaccard",
                       seed: int | None = None):
    """A fresh, unfitted reconstructor for ``method`` (one of :data:`RECONSTRUCTORS`).

    ``budget``, ``features`` (``"count"`` or ``"motif"``) and ``decision``
    (``"jaccard"`` or ``"accuracy"``) apply to SHyRe only.

    Raises
    ------
    ParameterError
        On an unknown method or a bad budget / features / decision / seed.
    """
    check_choice(method, "method", RECONSTRUCTORS)
    check_positive_int(budget, "budget")
    check_choice(features, "features", FEATURE_SETS)
    check_choice(decision, "decision", DECISIONS)
    rng(seed)
    if method == "shyre":
        return ShyreReconstructor(budget=budget, features=features, decision=decision, seed=seed)
    if method == "maxclique":
        return MaxCliqueReconstructor()
    if method == "cliquecover":
        return CliqueCoverReconstructor()
    return KCliquePercolationReconstructor()


@dataclass(frozen=True)
class ReconstructionResult:
    """A scored reconstruction of a test hypergraph from its projection."""

    method: str
    predicted: Hypergraph
    scores: ReconstructionScores
    per_size: pd.DataFrame = field(repr=False)
    params: dict
    training_recall: float | None = None

    def metrics(self) -> dict:
        """Flat numbers of the run: counts, Jaccard, precision, recall, F1 and (SHyRe) the training recall."""
        s = self.scores
        result = {"n_true": s.n_true, "n_predicted": s.n_predicted, "jaccard": s.jaccard, "precision": s.precision,
                  "recall": s.recall, "f1": s.f1}
        if self.training_recall is not None:
            result["training_recall"] = self.training_recall
        return result

    def details(self) -> dict:
        """What the figures need besides the metrics: recall per hyperedge size and the fitted settings."""
        return {"per_size": self.per_size.to_dict("list"), "fitted": dict(self.params)}


def evaluate_reconstruction(
    train: Hypergraph,
    test: Hypergraph,
    method: str,
    *,
    budget: int = 1000,
    features: str = "count",
    decision: str = "jaccard",
    seed: int | None = None,
    on_progress: Callable[[float, str], None] | None = None,
) -> ReconstructionResult:
    """Fit ``method`` on ``train``, reconstruct ``test`` from its projection, and score it.

    Parameters
    ----------
    train, test : Hypergraph
    method : {"shyre", "maxclique", "cliquecover", "cfinder"}
    budget : int
        SHyRe's sampling budget β (ignored by the baselines).
    features : {"count", "motif"}
        SHyRe's feature set (ignored by the baselines).
    decision : {"jaccard", "accuracy"}
        SHyRe's decision rule: the cut that maximises the Jaccard index on
        out-of-fold training predictions, or the paper's p > 0.5 (ignored by the baselines).
    seed : int, optional
    on_progress : callable, optional
        ``on_progress(fraction, message)``.

    Returns
    -------
    ReconstructionResult
        Its time and memory are measured by :func:`engine.methods.execute`, which runs it.
    """
    model = make_reconstructor(method, budget=budget, features=features, decision=decision, seed=seed)

    def stage(low: float, high: float):
        if on_progress is None:
            return None
        return lambda fraction, message: on_progress(low + (high - low) * fraction, message)

    model.fit(train, on_progress=stage(0.0, 0.6))
    predicted = model.predict(project(test, weighted=False), on_progress=stage(0.6, 1.0))
    params = {"budget": budget, "features": features, "decision": decision, "seed": seed} if method == "shyre" else {}
    if method == "cfinder":
        params = {"k": model.k_}
    return ReconstructionResult(
        method=method,
        predicted=predicted,
        scores=reconstruction_scores(predicted, test),
        per_size=per_size_scores(predicted, test),
        params=params,
        training_recall=getattr(model, "training_recall_", None),
    )
