"""The VG150 vocabulary (150 object classes, 50 predicates, 200 attributes) with its counts.

Shipped in ``assets/scenegraph/VG-SGG-dicts-with-attri.json`` (see
``assets/scenegraph/SOURCES.md``); the split of Xu et al. (CVPR 2017) used by the
scene-graph benchmarks.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from engine.scenegraph.types import Vocabulary

__all__ = ["ASSETS", "load_vg150_vocabulary", "vocabulary_from_graphs"]

#: Folder of the shipped scene-graph files.
ASSETS = Path(__file__).resolve().parents[2] / "assets" / "scenegraph"


@lru_cache(maxsize=1)
def load_vg150_vocabulary() -> Vocabulary:
    """The VG150 vocabulary in index order, with dataset-wide object and predicate counts.

    Returns
    -------
    Vocabulary
        ``objects`` in the order of ``idx_to_label`` (1-based there, 0-based here),
        ``predicates`` in the order of ``idx_to_predicate``.

    References
    ----------
    D. Xu, Y. Zhu, C. Choy, L. Fei-Fei, "Scene Graph Generation by Iterative Message
    Passing", CVPR 2017; counts from KaihuaTang/Scene-Graph-Benchmark.pytorch.

    Examples
    --------
    >>> v = load_vg150_vocabulary()
    >>> v.n_objects, v.n_predicates, v.predicates[0], v.predicates[-1]
    (150, 50, 'above', 'with')
    """
    raw = json.loads((ASSETS / "VG-SGG-dicts-with-attri.json").read_text())
    objects = tuple(raw["idx_to_label"][str(i)] for i in range(1, len(raw["idx_to_label"]) + 1))
    predicates = tuple(raw["idx_to_predicate"][str(i)] for i in range(1, len(raw["idx_to_predicate"]) + 1))
    attributes = tuple(raw["idx_to_attribute"][str(i)] for i in range(1, len(raw["idx_to_attribute"]) + 1))
    return Vocabulary(
        objects=objects,
        predicates=predicates,
        object_counts=tuple(int(raw["object_count"][name]) for name in objects),
        predicate_counts=tuple(int(raw["predicate_count"][name]) for name in predicates),
        attributes=attributes,
        name="VG150",
    )


def vocabulary_from_graphs(graphs, *, name: str = "") -> Vocabulary:
    """The vocabulary of the classes and predicates used by ``graphs``, sorted by name, with their counts.

    Examples
    --------
    >>> from engine.scenegraph.types import SceneGraph
    >>> vocabulary_from_graphs([SceneGraph(("man", "horse"), ((0, 1, "riding"),))]).objects
    ('horse', 'man')
    """
    object_counts: dict[str, int] = {}
    predicate_counts: dict[str, int] = {}
    for graph in graphs:
        for label in graph.labels:
            object_counts[label] = object_counts.get(label, 0) + 1
        for _, _, predicate in graph.relations:
            predicate_counts[predicate] = predicate_counts.get(predicate, 0) + 1
    objects = tuple(sorted(object_counts))
    predicates = tuple(sorted(predicate_counts))
    return Vocabulary(
        objects=objects,
        predicates=predicates,
        object_counts=tuple(object_counts[o] for o in objects),
        predicate_counts=tuple(predicate_counts[p] for p in predicates),
        name=name,
    )
