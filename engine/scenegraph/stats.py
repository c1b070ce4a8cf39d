"""Scene-graph dataset statistics: sizes and densities, the predicate and triplet long tails, shot shares."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from engine._validation import check_positive_int
from engine.errors import EmptyGraphError
from engine.scenegraph.types import SceneGraphDataset

__all__ = [
    "graph_statistics",
    "predicate_frequencies",
    "triplet_frequencies",
    "shot_shares",
    "dataset_summary",
]


def graph_statistics(dataset: SceneGraphDataset) -> pd.DataFrame:
    """One row per graph: ``image_id``, ``n_objects``, ``n_relations``, ``density``.

    Density is ``n_relations / (n (n - 1))``, the share of ordered pairs annotated
    (the ``d`` of Knyazev et al.; 0 below two objects).

    Examples
    --------
    >>> from engine.scenegraph.formats import load_demo_graphs
    >>> graph_statistics(load_demo_graphs()).shape
    (30, 4)
    """
    return pd.DataFrame(
        {
            "image_id": [g.image_id for g in dataset],
            "n_objects": np.array([g.n_objects for g in dataset], dtype=np.int64),
            "n_relations": np.array([g.n_relations for g in dataset], dtype=np.int64),
            "density": np.array([g.density for g in dataset], dtype=np.float64),
        }
    )


def predicate_frequencies(dataset: SceneGraphDataset) -> pd.Series:
    """Count of each vocabulary predicate (zeros included), most frequent first."""
    counts = Counter(p for g in dataset for _, _, p in g.relations)
    series = pd.Series({p: counts.get(p, 0) for p in dataset.vocabulary.predicates}, name="count", dtype=np.int64)
    return series.sort_values(ascending=False, kind="stable")


def triplet_frequencies(dataset: SceneGraphDataset) -> pd.Series:
    """Count of each ``(subject, predicate, object)`` class triplet, most frequent first."""
    counts = Counter(t for g in dataset for t in g.triplets())
    if not counts:
        return pd.Series([], name="count", dtype=np.int64, index=pd.MultiIndex.from_tuples([], names=["subject", "predicate", "object"]))
    index = pd.MultiIndex.from_tuples(list(counts), names=["subject", "predicate", "object"])
    return pd.Series(list(counts.values()), index=index, name="count", dtype=np.int64).sort_values(ascending=False, kind="stable")


def shot_shares(train: SceneGraphDataset, test: SceneGraphDataset, *, few_shot_max: int = 10) -> dict:
    """Shares of the test triplets that are zero-shot (unseen in train) and few-shot (seen 1..few_shot_max times).

    Returns
    -------
    dict
        ``zero_shot_share`` / ``few_shot_share`` (of test triplet instances),
        ``zero_shot_unique_share`` (of distinct test triplets), ``n_zero_shot``,
        ``n_test_triplets``, ``n_images_with_zero_shot``.

    Raises
    ------
    EmptyGraphError
        If the test set has no relation.

    Examples
    --------
    >>> from engine.scenegraph.formats import load_demo_graphs
    >>> d = load_demo_graphs()
    >>> shot_shares(d, d)["zero_shot_share"]
    0.0
    """
    check_positive_int(few_shot_max, "few_shot_max")
    seen = Counter(t for g in train for t in g.triplets())
    test_triplets = [t for g in test for t in g.triplets()]
    if not test_triplets:
        raise EmptyGraphError(f"the test set {test.name!r} has no relation")
    zero = [t for t in test_triplets if seen[t] == 0]
    few = [t for t in test_triplets if 1 <= seen[t] <= few_shot_max]
    unique = set(test_triplets)
    return {
        "zero_shot_share": len(zero) / len(test_triplets),
        "few_shot_share": len(few) / len(test_triplets),
        "zero_shot_unique_share": len(set(zero)) / len(unique),
        "n_zero_shot": len(zero),
        "n_test_triplets": len(test_triplets),
        "n_images_with_zero_shot": sum(any(seen[t] == 0 for t in g.triplets()) for g in test),
    }


def dataset_summary(dataset: SceneGraphDataset, *, top: int = 10) -> dict:
    """``n_graphs``, ``n_objects``, ``n_relations``, ``mean_density``, ``top_predicates`` ([name, count] pairs).

    Raises
    ------
    EmptyGraphError
        If the dataset has no graph.
    """
    check_positive_int(top, "top")
    if len(dataset) == 0:
        raise EmptyGraphError(f"the dataset {dataset.name!r} has no graph")
    stats = graph_statistics(dataset)
    frequencies = predicate_frequencies(dataset)
    frequencies = frequencies[frequencies > 0]
    return {
        "n_graphs": len(dataset),
        "n_objects": int(stats["n_objects"].sum()),
        "n_relations": int(stats["n_relations"].sum()),
        "mean_density": float(stats["density"].mean()),
        "top_predicates": [[name, int(count)] for name, count in frequencies.head(top).items()],
    }
