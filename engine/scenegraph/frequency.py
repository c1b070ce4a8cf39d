"""The frequency baseline (FREQ) of Neural Motifs: predicate counts per subject-object class pair.

References
----------
R. Zellers, M. Yatskar, S. Thomson, Y. Choi, "Neural Motifs: Scene Graph Parsing
with Global Context", CVPR 2018.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.errors import EmptyGraphError, GraphTooLargeError
from engine.scenegraph._encode import encode_dataset, ordered_pairs
from engine.scenegraph.metrics import Prediction, box_iou
from engine.scenegraph.types import SceneGraphDataset

__all__ = ["FrequencyBaseline", "frequency_baseline", "triplet_count_table"]


#: Largest (subject, object, predicate) count table built (entries); VG150 needs 150 * 150 * 51.
MAX_TABLE_ENTRIES = 50_000_000


def _check_table_size(vocabulary) -> None:
    entries = vocabulary.n_objects**2 * (vocabulary.n_predicates + 1)
    if entries > MAX_TABLE_ENTRIES:
        raise GraphTooLargeError(
            f"{vocabulary.n_objects:,} object classes x {vocabulary.n_predicates:,} predicates is too many for the triplet "
            f"count table ({entries:,} > {MAX_TABLE_ENTRIES:,} entries); restrict the data to the VG150 vocabulary first"
        )


def triplet_count_table(dataset: SceneGraphDataset) -> np.ndarray:
    """Counts of (subject class, object class, predicate) as an int ``(C, C, R)`` array.

    Raises
    ------
    GraphTooLargeError
        If the vocabulary makes the table larger than ``MAX_TABLE_ENTRIES``.

    Examples
    --------
    >>> from engine.scenegraph.types import SceneGraph
    >>> from engine.scenegraph.vocab import vocabulary_from_graphs
    >>> g = SceneGraph(("man", "horse"), ((0, 1, "riding"), (0, 1, "riding")))
    >>> d = SceneGraphDataset((g,), vocabulary_from_graphs([g]))
    >>> int(triplet_count_table(d)[1, 0, 0])
    2
    """
    vocabulary = dataset.vocabulary
    _check_table_size(vocabulary)
    counts = np.zeros((vocabulary.n_objects, vocabulary.n_objects, vocabulary.n_predicates), dtype=np.int64)
    for encoded in encode_dataset(dataset):
        rel = encoded.relations
        np.add.at(counts, (encoded.labels[rel[:, 0]], encoded.labels[rel[:, 1]], rel[:, 2]), 1)
    return counts


@dataclass(frozen=True, eq=False)
class FrequencyBaseline:
    """Fitted FREQ model.

    Attributes
    ----------
    counts : ndarray (C, C, R + 1)
        ``counts[s, o, r]`` for ``r >= 1`` is the training count of predicate ``r``;
        ``counts[s, o, 0]`` is 1 + the number of overlapping box pairs of those classes.
    """

    counts: np.ndarray

    def predicate_probabilities(self, subject_classes: np.ndarray, object_classes: np.ndarray) -> np.ndarray:
        """``softmax(log(F / sum_r F + 1e-3))`` over the R + 1 edge classes, ``(P, R + 1)``."""
        table = self.counts[subject_classes, object_classes].astype(np.float64)
        shares = table / table.sum(axis=1, keepdims=True) + 1e-3
        return shares / shares.sum(axis=1, keepdims=True)

    def predict(self, dataset: SceneGraphDataset) -> list[Prediction]:
        """Scores of every ordered pair of every image (PredCls: ground-truth boxes and classes)."""
        predictions = []
        for encoded in encode_dataset(dataset):
            pairs = ordered_pairs(encoded.n_objects)
            probs = self.predicate_probabilities(encoded.labels[pairs[:, 0]], encoded.labels[pairs[:, 1]])
            predictions.append(Prediction(pairs=pairs, predicate_scores=probs[:, 1:], labels=encoded.labels))
        return predictions


def frequency_baseline(train: SceneGraphDataset) -> FrequencyBaseline:
    """Count predicates per (subject class, object class) in ``train``.

    The background column counts the ordered pairs of overlapping boxes (all
    pairs when the graphs have no boxes), plus one, as in Neural Motifs.

    Raises
    ------
    EmptyGraphError
        If ``train`` has no relation.

    Examples
    --------
    >>> from engine.scenegraph.synthetic import generate_synthetic
    >>> model = frequency_baseline(generate_synthetic(50, 5, seed=0).train)
    >>> model.counts.shape
    (150, 150, 51)
    """
    vocabulary = train.vocabulary
    n_classes = vocabulary.n_objects
    counts = np.zeros((n_classes, n_classes, vocabulary.n_predicates + 1), dtype=np.int64)
    counts[:, :, 1:] = triplet_count_table(train)
    if counts[:, :, 1:].sum() == 0:
        raise EmptyGraphError(f"the training set {train.name!r} has no relation to count")
    background = np.zeros((n_classes, n_classes), dtype=np.int64)
    for encoded in encode_dataset(train):
        pairs = ordered_pairs(encoded.n_objects)
        if encoded.boxes is not None and len(pairs):
            iou = box_iou(encoded.boxes, encoded.boxes)
            pairs = pairs[iou[pairs[:, 0], pairs[:, 1]] > 0]
        np.add.at(background, (encoded.labels[pairs[:, 0]], encoded.labels[pairs[:, 1]]), 1)
    counts[:, :, 0] = background + 1
    return FrequencyBaseline(counts)
