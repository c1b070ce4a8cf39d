"""Scores of a reconstructed hyperedge set against the true one.

Hyperedges are compared as sets of node sets: duplicates are dropped, and
singletons count like any other hyperedge (Wang & Kleinberg, ICLR 2024, §5).

Examples
--------
>>> s = reconstruction_scores([{1, 2}, {2, 3}, {4}], [{1, 2}, {3, 4}])
>>> s.n_correct, round(s.jaccard, 3), round(s.precision, 3), s.recall
(1, 0.25, 0.333, 0.5)
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Hashable, Iterable

import pandas as pd

from engine.errors import UndefinedMetricWarning
from engine.hypergraph.core import Hypergraph

__all__ = ["ReconstructionScores", "reconstruction_scores", "per_size_scores", "outcome_sets"]

HyperedgeSet = Hypergraph | Iterable[Iterable[Hashable]]


def _as_set(hyperedges: HyperedgeSet) -> frozenset:
    if isinstance(hyperedges, Hypergraph):
        return hyperedges.edge_set
    return frozenset(frozenset(e) for e in hyperedges if len(frozenset(e)) > 0)


def _ratio(numerator: int, denominator: int, what: str) -> float:
    if denominator == 0:
        warnings.warn(f"{what} is undefined (0/0); reported as 0.0", UndefinedMetricWarning, stacklevel=3)
        return 0.0
    return numerator / denominator


@dataclass(frozen=True)
class ReconstructionScores:
    """Set-level scores; fractions in [0, 1]."""

    jaccard: float
    precision: float
    recall: float
    f1: float
    n_true: int
    n_predicted: int
    n_correct: int

    def as_dict(self) -> dict:
        """The scores as a flat dict."""
        return asdict(self)


def reconstruction_scores(predicted: HyperedgeSet, true: HyperedgeSet) -> ReconstructionScores:
    """Jaccard |R∩E|/|R∪E|, precision |R∩E|/|R|, recall |R∩E|/|E| and F1.

    Parameters
    ----------
    predicted, true : Hypergraph or iterable of node collections

    Returns
    -------
    ReconstructionScores
        An undefined ratio (an empty denominator) is 0.0, with an
        :class:`~engine.errors.UndefinedMetricWarning`.
    """
    predicted, true = _as_set(predicted), _as_set(true)
    correct = len(predicted & true)
    precision = _ratio(correct, len(predicted), "precision")
    recall = _ratio(correct, len(true), "recall")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    jaccard = _ratio(correct, len(predicted | true), "jaccard")
    return ReconstructionScores(jaccard, precision, recall, f1, len(true), len(predicted), correct)


def per_size_scores(predicted: HyperedgeSet, true: HyperedgeSet) -> pd.DataFrame:
    """Scores broken down by hyperedge size.

    Returns
    -------
    pandas.DataFrame
        One row per size present in either set: ``size, n_true, n_predicted,
        n_correct, recall`` (of true hyperedges of that size; NaN when none)
        ``, precision`` (of predicted ones; NaN when none).

    Examples
    --------
    >>> table = per_size_scores([{1, 2}, {1, 2, 3}], [{1, 2}, {2, 3}])
    >>> table["n_correct"].tolist(), table["recall"].tolist()
    ([1, 0], [0.5, nan])
    """
    predicted, true = _as_set(predicted), _as_set(true)
    correct = predicted & true
    n_true, n_pred, n_correct = (Counter(len(e) for e in s) for s in (true, predicted, correct))
    rows = []
    for size in sorted(set(n_true) | set(n_pred)):
        rows.append(
            {
                "size": size,
                "n_true": n_true[size],
                "n_predicted": n_pred[size],
                "n_correct": n_correct[size],
                "recall": n_correct[size] / n_true[size] if n_true[size] else float("nan"),
                "precision": n_correct[size] / n_pred[size] if n_pred[size] else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=["size", "n_true", "n_predicted", "n_correct", "recall", "precision"])


def outcome_sets(predicted: HyperedgeSet, true: HyperedgeSet) -> dict[str, frozenset]:
    """Split hyperedges into ``correct`` (in both), ``spurious`` (predicted only) and ``missed`` (true only)."""
    predicted, true = _as_set(predicted), _as_set(true)
    return {"correct": predicted & true, "spurious": predicted - true, "missed": true - predicted}
