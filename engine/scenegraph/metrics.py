"""Scene-graph recall metrics: R@K with and without the graph constraint, mR@K, zero-shot R@K, wR@K.

Every metric is computed per image and then averaged over images (those with
at least one ground-truth triplet; for zR@K, at least one zero-shot triplet),
except the weighted triplet recall, which pools all test triplets. A predicted
triplet matches a ground-truth one when subject, object and predicate classes
are equal and, for predictions with their own boxes (SGDet), both boxes have
IoU >= 0.5 with the ground-truth boxes; otherwise (PredCls, SGCls) the objects
must be the same ground-truth objects. Duplicate ground-truth triplets count
separately.

References
----------
D. Xu et al., "Scene Graph Generation by Iterative Message Passing", CVPR 2017 (R@K);
R. Zellers et al., "Neural Motifs", CVPR 2018 (no graph constraint);
K. Tang et al., "Unbiased Scene Graph Generation from Biased Training", CVPR 2020 (mR@K, zR@K);
B. Knyazev et al., "Graph Density-Aware Losses for Novel Compositions in Scene Graph
Generation", BMVC 2020 (weighted triplet recall).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from engine._validation import check_in_range, check_positive_int
from engine.errors import ParameterError, UndefinedMetricWarning

__all__ = [
    "KS",
    "Prediction",
    "Target",
    "TripletRanks",
    "SceneGraphMetrics",
    "box_iou",
    "evaluate_scene_graphs",
]

#: The K of R@K reported everywhere.
KS = (20, 50, 100)
#: Rank given to a ground-truth triplet whose object pair was not scored (as in Knyazev et al.).
_MISSING_RANK = 301
#: No-GC candidates kept per image for the weighted triplet recall (Knyazev et al. keep 300).
_WEIGHTED_LIMIT = 300


@dataclass(frozen=True, eq=False)
class Prediction:
    """Scores of one image's predicted relations.

    Parameters
    ----------
    pairs : ndarray (P, 2) of int
        Ordered pairs (subject, object) of predicted objects that were scored.
    predicate_scores : ndarray (P, R)
        Score of each predicate (0-based, background excluded) for each pair.
    labels : ndarray (n,) of int
        Class of each predicted object (the ground truth in PredCls).
    object_scores : ndarray (n,), optional
        Detection/classification scores; 1 when None (PredCls).
    boxes : ndarray (n, 4), optional
        ``(x, y, w, h)`` of predicted objects; when given, matching uses IoU (SGDet),
        otherwise object ``i`` is ground-truth object ``i``.
    """

    pairs: np.ndarray
    predicate_scores: np.ndarray
    labels: np.ndarray
    object_scores: np.ndarray | None = None
    boxes: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class Target:
    """One image's ground truth: object classes, boxes and ``(subject, object, predicate)`` rows."""

    relations: np.ndarray
    labels: np.ndarray
    boxes: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class TripletRanks:
    """Per ground-truth triplet: where it was found (for examples and per-triplet views).

    Arrays have one entry per ground-truth triplet of the test set, in image order.
    ``rank_gc`` / ``rank_ng`` are 0-based positions of the first matching candidate
    in the image's ranked list with / without the graph constraint (``inf`` when
    not in the list); ``pair_rank`` is the rank of the true predicate among the
    scores of its pair (``301`` when the pair was not scored).
    """

    image: np.ndarray
    subject_class: np.ndarray
    object_class: np.ndarray
    predicate: np.ndarray
    train_count: np.ndarray
    rank_gc: np.ndarray
    rank_ng: np.ndarray
    pair_rank: np.ndarray

    @property
    def zero_shot(self) -> np.ndarray:
        """Mask of triplets never seen in training."""
        return self.train_count == 0


@dataclass(frozen=True, eq=False)
class SceneGraphMetrics:
    """All recall metrics of one evaluation.

    Attributes
    ----------
    scores : dict
        ``recall@K``, ``recall_ng@K``, ``mean_recall@K``, ``mean_recall_ng@K``,
        ``zs_recall@K``, ``zs_recall_ng@K``, ``weighted_recall@K`` for each K
        (fractions in [0, 1]; NaN where undefined, e.g. no zero-shot triplet).
    per_predicate_recall : dict of int to ndarray (R,)
        Per-predicate recall at each K with the graph constraint (NaN for a
        predicate absent from the test set).
    per_predicate_recall_ng : dict of int to ndarray (R,)
        The same without the graph constraint.
    triplets : TripletRanks
    """

    scores: dict
    per_predicate_recall: dict
    per_predicate_recall_ng: dict
    triplets: TripletRanks


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection over union of ``(x, y, w, h)`` boxes, ``(len(a), len(b))``.

    Examples
    --------
    >>> float(box_iou(np.array([[0, 0, 2, 2]]), np.array([[1, 0, 2, 2]]))[0, 0])
    0.3333333333333333
    """
    a = np.asarray(a, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
    left = np.maximum(a[:, None, 0], b[None, :, 0])
    top = np.maximum(a[:, None, 1], b[None, :, 1])
    right = np.minimum(a[:, None, 0] + a[:, None, 2], b[None, :, 0] + b[None, :, 2])
    bottom = np.minimum(a[:, None, 1] + a[:, None, 3], b[None, :, 1] + b[None, :, 3])
    intersection = np.clip(right - left, 0, None) * np.clip(bottom - top, 0, None)
    union = (a[:, 2] * a[:, 3])[:, None] + (b[:, 2] * b[:, 3])[None, :] - intersection
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(union > 0, intersection / union, 0.0)


def _candidates(prediction: Prediction, *, graph_constraint: bool, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Top ``limit`` (pair index, predicate) candidates by triplet score, best first."""
    scores = np.asarray(prediction.predicate_scores, dtype=np.float64)
    if prediction.object_scores is not None:
        object_scores = np.asarray(prediction.object_scores, dtype=np.float64)
        pairs = np.asarray(prediction.pairs).reshape(-1, 2)
        scores = scores * (object_scores[pairs[:, 0]] * object_scores[pairs[:, 1]])[:, None]
    if scores.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if graph_constraint:
        pair_index = np.arange(len(scores))
        predicate = scores.argmax(axis=1)
        triplet_scores = scores[pair_index, predicate]
    else:
        flat = scores.ravel()
        pair_index, predicate = np.divmod(np.arange(flat.size), scores.shape[1])
        triplet_scores = flat
    order = np.argsort(-triplet_scores, kind="stable")[:limit]
    return pair_index[order], predicate[order]


def _matches(target: Target, prediction: Prediction, pair_index: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Boolean ``(n_gt, n_candidates)``: candidate pair ``pair_index`` covers GT triplet's objects."""
    relations = np.asarray(target.relations).reshape(-1, 3)
    pairs = np.asarray(prediction.pairs).reshape(-1, 2)[pair_index]
    pred_labels = np.asarray(prediction.labels)
    gt_labels = np.asarray(target.labels)
    same_class = (pred_labels[pairs[:, 0]][None, :] == gt_labels[relations[:, 0]][:, None]) & (
        pred_labels[pairs[:, 1]][None, :] == gt_labels[relations[:, 1]][:, None]
    )
    if prediction.boxes is None:
        same_objects = (pairs[:, 0][None, :] == relations[:, 0][:, None]) & (pairs[:, 1][None, :] == relations[:, 1][:, None])
        return same_class & same_objects
    if target.boxes is None:
        raise ParameterError("predictions with boxes need ground-truth boxes for IoU matching")
    iou = box_iou(target.boxes, prediction.boxes)
    return same_class & (iou[relations[:, 0]][:, pairs[:, 0]] >= iou_threshold) & (iou[relations[:, 1]][:, pairs[:, 1]] >= iou_threshold)


def _first_ranks(target: Target, prediction: Prediction, *, graph_constraint: bool, limit: int, iou_threshold: float) -> np.ndarray:
    pair_index, predicate = _candidates(prediction, graph_constraint=graph_constraint, limit=limit)
    relations = np.asarray(target.relations).reshape(-1, 3)
    if len(pair_index) == 0:
        return np.full(len(relations), np.inf)
    hit = _matches(target, prediction, pair_index, iou_threshold) & (predicate[None, :] == relations[:, 2][:, None])
    first = hit.argmax(axis=1).astype(np.float64)
    first[~hit.any(axis=1)] = np.inf
    return first


def _pair_ranks(target: Target, prediction: Prediction, iou_threshold: float) -> np.ndarray:
    """Rank of each GT predicate among its pair's kept no-GC candidates (301 if not kept)."""
    relations = np.asarray(target.relations).reshape(-1, 3)
    ranks = np.full(len(relations), float(_MISSING_RANK))
    pair_index, predicate = _candidates(prediction, graph_constraint=False, limit=_WEIGHTED_LIMIT)
    if len(pair_index) == 0:
        return ranks
    covers = _matches(target, prediction, pair_index, iou_threshold)
    for j, (_, _, p) in enumerate(relations):
        kept = np.nonzero(covers[j])[0]
        for pair in np.unique(pair_index[kept]):
            positions = kept[pair_index[kept] == pair]
            found = np.nonzero(predicate[positions] == p)[0]
            if len(found):
                ranks[j] = min(ranks[j], float(found[0]))
    return ranks


def evaluate_scene_graphs(
    predictions,
    targets,
    *,
    n_predicates: int,
    train_counts: np.ndarray | None = None,
    ks=KS,
    iou_threshold: float = 0.5,
) -> SceneGraphMetrics:
    """Recall metrics of predicted scene graphs against the ground truth.

    Parameters
    ----------
    predictions : sequence of Prediction
    targets : sequence of Target
        Same length and order as ``predictions``.
    n_predicates : int
        R, the number of predicate classes (mR@K divides by it: predicates absent
        from the test set count as 0, as in Tang et al.).
    train_counts : ndarray (C, C, R), optional
        Training counts of (subject class, object class, predicate); triplets with
        count 0 are zero-shot, and ``1 / (count + 1)`` weights wR@K. Without it
        every triplet counts as seen once (zR@K is NaN, wR@K equals the
        per-triplet recall of the pair ranks).
    ks : sequence of int
    iou_threshold : float
        Box overlap needed in SGDet matching.

    Returns
    -------
    SceneGraphMetrics

    Raises
    ------
    ParameterError
        On mismatched lengths or a bad K.

    Notes
    -----
    Without the graph constraint every (pair, predicate) is a candidate and the
    top ``max(100, max(ks))`` are kept. The rank in wR@K is the 0-based rank of
    the true predicate among the candidates of its ordered pair (the best over
    matching pairs in SGDet) within the image's top 300 no-GC candidates, and 301
    when it is not among them (as in Knyazev et al.; with all R scores of a pair
    counted instead, wR@K would be 1 for every K >= R).

    Examples
    --------
    >>> p = Prediction(pairs=np.array([[0, 1]]), predicate_scores=np.array([[0.2, 0.8]]), labels=np.array([0, 1]))
    >>> t = Target(relations=np.array([[0, 1, 1]]), labels=np.array([0, 1]))
    >>> evaluate_scene_graphs([p], [t], n_predicates=2, ks=(1,)).scores["recall@1"]
    1.0
    """
    predictions, targets = list(predictions), list(targets)
    if len(predictions) != len(targets):
        raise ParameterError(f"predictions and targets must have the same length (got {len(predictions)} and {len(targets)})")
    ks = tuple(check_positive_int(k, "k") for k in ks)
    check_positive_int(n_predicates, "n_predicates")
    check_in_range(iou_threshold, "iou_threshold", 0, 1)
    limit = max(100, max(ks))
    columns: dict[str, list] = {name: [] for name in ("image", "s", "o", "p", "count", "gc", "ng", "pair")}
    for index, (prediction, target) in enumerate(zip(predictions, targets)):
        relations = np.asarray(target.relations, dtype=np.int64).reshape(-1, 3)
        if len(relations) == 0:
            continue
        if relations[:, 2].min() < 0 or relations[:, 2].max() >= n_predicates:
            raise ParameterError(f"image {index}: predicates must be in 0..{n_predicates - 1}")
        labels = np.asarray(target.labels, dtype=np.int64)
        subject_class, object_class = labels[relations[:, 0]], labels[relations[:, 1]]
        columns["image"].append(np.full(len(relations), index))
        columns["s"].append(subject_class)
        columns["o"].append(object_class)
        columns["p"].append(relations[:, 2])
        columns["count"].append(
            np.ones(len(relations), dtype=np.int64) if train_counts is None
            else np.asarray(train_counts)[subject_class, object_class, relations[:, 2]]
        )
        columns["gc"].append(_first_ranks(target, prediction, graph_constraint=True, limit=limit, iou_threshold=iou_threshold))
        columns["ng"].append(_first_ranks(target, prediction, graph_constraint=False, limit=limit, iou_threshold=iou_threshold))
        columns["pair"].append(_pair_ranks(target, prediction, iou_threshold))
    if not columns["image"]:
        raise ParameterError("the targets contain no relation to recall")
    flat = {name: np.concatenate(values) for name, values in columns.items()}
    triplets = TripletRanks(flat["image"], flat["s"], flat["o"], flat["p"], flat["count"], flat["gc"], flat["ng"], flat["pair"])
    scores: dict[str, float] = {}
    per_predicate: dict[int, np.ndarray] = {}
    per_predicate_ng: dict[int, np.ndarray] = {}
    weights = 1.0 / (triplets.train_count + 1.0)
    weights /= weights.sum()
    zero_shot = triplets.zero_shot
    if train_counts is not None and not zero_shot.any():
        warnings.warn("no zero-shot triplet in the test set; zero-shot recall is undefined", UndefinedMetricWarning, stacklevel=2)
    for k in ks:
        for suffix, ranks in (("", triplets.rank_gc), ("_ng", triplets.rank_ng)):
            hit = ranks < k
            scores[f"recall{suffix}@{k}"] = _image_mean(triplets.image, hit)
            recall_p = _per_predicate(triplets.image, triplets.predicate, hit, n_predicates)
            (per_predicate if not suffix else per_predicate_ng)[k] = recall_p
            scores[f"mean_recall{suffix}@{k}"] = float(np.nan_to_num(recall_p, nan=0.0).sum() / n_predicates)
            scores[f"zs_recall{suffix}@{k}"] = _image_mean(triplets.image[zero_shot], hit[zero_shot]) if zero_shot.any() else float("nan")
        scores[f"weighted_recall@{k}"] = float(weights[triplets.pair_rank < k].sum())
    return SceneGraphMetrics(scores, per_predicate, per_predicate_ng, triplets)


def _image_mean(image: np.ndarray, hit: np.ndarray) -> float:
    """Mean over images of the share of that image's triplets that are hit."""
    if len(image) == 0:
        return float("nan")
    _, inverse, counts = np.unique(image, return_inverse=True, return_counts=True)
    return float((np.bincount(inverse, weights=hit.astype(np.float64)) / counts).mean())


def _per_predicate(image: np.ndarray, predicate: np.ndarray, hit: np.ndarray, n_predicates: int) -> np.ndarray:
    """Per predicate: mean over images containing it of its hit share there (NaN if absent)."""
    recall = np.full(n_predicates, np.nan)
    for p in np.unique(predicate):
        mask = predicate == p
        recall[p] = _image_mean(image[mask], hit[mask])
    return recall
