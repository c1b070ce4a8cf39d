"""A synthetic scene-graph generator calibrated to VG150, with a zero-shot train/test split.

No Visual Genome images or full annotations ship with GraphLens, so the model
and the metrics are exercised on generated graphs whose marginals follow the
VG150 counts. Everything this module makes is flagged ``synthetic=True``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine._validation import check_in_range, check_positive_int, rng
from engine.errors import ParameterError
from engine.scenegraph.types import SceneGraph, SceneGraphDataset, Vocabulary
from engine.scenegraph.vocab import load_vg150_vocabulary

__all__ = [
    "SyntheticSplit", "generate_synthetic", "synthetic_predicate_model", "MAX_SYNTHETIC_TRAIN", "MAX_SYNTHETIC_TEST",
]

#: Most synthetic training images generated (the page and the CLI refuse more).
MAX_SYNTHETIC_TRAIN = 5_000
#: Most synthetic test images generated.
MAX_SYNTHETIC_TEST = 2_000

#: Dirichlet concentration (times the class shares) of the partner classes of a subject class.
_PARTNER_CONCENTRATION = 1.0


@dataclass(frozen=True, eq=False)
class SyntheticSplit:
    """A generated train/test pair.

    Attributes
    ----------
    train, test : SceneGraphDataset
        Both flagged ``synthetic``.
    held_out : ndarray of bool, shape (n_classes, n_classes, n_predicates)
        ``held_out[s, o, r]``: the triplet (subject class, object class, predicate)
        never appears in ``train`` but may in ``test`` (a subset of the test's
        zero-shot triplets, which also include rare triplets ``train`` missed by chance).
    """

    train: SceneGraphDataset
    test: SceneGraphDataset
    held_out: np.ndarray


def synthetic_predicate_model(pair_weights: np.ndarray, predicate_counts, *, seed=None,
                              concentration: float = 2.5) -> np.ndarray:
    """``p(predicate | subject class, object class)`` as a ``(C, C, R)`` array, heavy-tailed per pair.

    Logits are ``b_r + u[s, r] + v[o, r]`` with Gaussian ``u, v`` of standard
    deviation ``concentration`` (so each pair concentrates on a few predicates and
    the preference of a class carries over to its unseen pairs); the biases ``b``
    are fitted by iterative proportional fitting so that the marginal over class
    pairs weighted by ``pair_weights`` equals the predicate counts.

    Parameters
    ----------
    pair_weights : ndarray (C, C)
        How often each (subject class, object class) pair is related.
    predicate_counts : array-like (R,)
    seed : int or Generator, optional
    concentration : float
    """
    generator = rng(seed)
    predicates = np.asarray(predicate_counts, dtype=np.float64)
    p_pred = predicates / predicates.sum()
    weights = pair_weights / pair_weights.sum()
    n_classes, n_predicates = weights.shape[0], len(p_pred)
    u = generator.normal(0.0, concentration, size=(n_classes, n_predicates))
    v = generator.normal(0.0, concentration, size=(n_classes, n_predicates))
    base = u[:, None, :] + v[None, :, :]
    bias = np.log(p_pred)

    def conditional() -> np.ndarray:
        logits = base + bias
        logits -= logits.max(axis=2, keepdims=True)
        probs = np.exp(logits)
        return probs / probs.sum(axis=2, keepdims=True)

    for _ in range(100):
        marginal = np.einsum("ab,abr->r", weights, conditional())
        step = np.log(p_pred / marginal)
        bias += step
        if np.abs(step).max() < 1e-4:
            break
    return conditional()


def generate_synthetic(
    n_train: int = 2000,
    n_test: int = 500,
    *,
    seed=None,
    zero_shot_rate: float = 0.1,
    min_objects: int = 3,
    max_objects: int = 40,
    vocabulary: Vocabulary | None = None,
) -> SyntheticSplit:
    """Generate scene graphs with VG150 marginals and a split holding out zero-shot triplets.

    Per image: ``n`` objects with ``log n ~ N(log 10, 0.5)`` clipped to
    ``[min_objects, max_objects]`` (VG: mean 11.6 nodes) and ``1 + Poisson(0.45 n - 1)``
    annotated ordered pairs (VG: 5.2 edges for 11.6 nodes, per-image density about
    6.5%). The pairs grow a forest: a related object's class is drawn from a sparse
    partner distribution of its subject's class (Dirichlet around the VG150 object
    counts), other objects from the counts themselves. Predicates come from
    :func:`synthetic_predicate_model` fitted so their marginal equals the VG150
    predicate counts. Boxes follow the predicate: the subject's centre is the
    object's centre plus a predicate-specific offset, its size a predicate-specific
    multiple, with noise; unrelated objects are placed uniformly. Images are 800
    pixels wide and 450-800 high.

    A random share ``zero_shot_rate`` of the (subject, object, predicate) triplets,
    never the most likely predicate of a pair, is held out: training images draw
    predicates from the distribution renormalised without them.

    Parameters
    ----------
    n_train, n_test : int
        Number of images in each split.
    seed : int, optional
    zero_shot_rate : float in [0, 1)
        Share of triplets held out of training.
    min_objects, max_objects : int
        Range of objects per image (>= 2).
    vocabulary : Vocabulary, optional
        Needs object and predicate counts; default VG150.

    Returns
    -------
    SyntheticSplit

    Raises
    ------
    ParameterError
        On a bad size or rate.

    Examples
    --------
    >>> split = generate_synthetic(20, 10, seed=0)
    >>> len(split.train), len(split.test), split.train.synthetic
    (20, 10, True)
    """
    check_in_range(check_positive_int(n_train, "n_train"), "n_train", 1, MAX_SYNTHETIC_TRAIN)
    check_in_range(check_positive_int(n_test, "n_test"), "n_test", 1, MAX_SYNTHETIC_TEST)
    check_in_range(zero_shot_rate, "zero_shot_rate", 0, 1, high_inclusive=False)
    check_positive_int(min_objects, "min_objects")
    check_positive_int(max_objects, "max_objects")
    if min_objects < 2 or max_objects < min_objects:
        raise ParameterError(f"need 2 <= min_objects <= max_objects (got {min_objects}, {max_objects})")
    vocabulary = vocabulary or load_vg150_vocabulary()
    if vocabulary.object_counts is None or vocabulary.predicate_counts is None:
        raise ParameterError(f"vocabulary {vocabulary.name!r} has no counts to calibrate to")
    generator = rng(seed)
    n_classes, n_predicates = vocabulary.n_objects, vocabulary.n_predicates
    p_obj = np.asarray(vocabulary.object_counts, dtype=np.float64)
    p_obj /= p_obj.sum()
    partners = generator.dirichlet(_PARTNER_CONCENTRATION * p_obj, size=n_classes)
    partners = np.maximum(partners, 1e-12)
    partners /= partners.sum(axis=1, keepdims=True)
    offsets = generator.normal(0.0, 0.22, size=(n_predicates, 2))
    log_scales = generator.normal(0.0, 0.5, size=(n_predicates, 2))

    def structure(count: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Classes and related pairs of ``count`` images (predicates come later)."""
        images = []
        for _ in range(count):
            n = int(np.clip(round(np.exp(generator.normal(np.log(10.0), 0.5))), min_objects, max_objects))
            m = min(1 + generator.poisson(max(0.45 * n - 1.0, 0.0)), n * (n - 1))
            labels = np.full(n, -1)
            labels[0] = generator.choice(n_classes, p=p_obj)
            pairs: set[tuple[int, int]] = set()
            n_labelled = 1
            while len(pairs) < m:
                s = int(generator.integers(n_labelled))
                if n_labelled < n:
                    o = n_labelled
                    labels[o] = generator.choice(n_classes, p=partners[labels[s]])
                    n_labelled += 1
                else:
                    o = int(generator.integers(n - 1))
                    o += o >= s
                pairs.add((s, o))
            labels[n_labelled:] = generator.choice(n_classes, size=n - n_labelled, p=p_obj)
            order = generator.permutation(n)
            position = np.argsort(order)
            edges = np.array(sorted(pairs)).reshape(-1, 2)
            images.append((labels[order], position[edges[:, 0]], position[edges[:, 1]]))
        return images

    train_structure = structure(n_train)
    test_structure = structure(n_test)
    pair_weights = np.zeros((n_classes, n_classes))
    for labels, subjects, objects in train_structure + test_structure:
        np.add.at(pair_weights, (labels[subjects], labels[objects]), 1.0)
    pair_weights += 1e-3 * p_obj[:, None] * p_obj[None, :]
    probs = synthetic_predicate_model(pair_weights, vocabulary.predicate_counts, seed=generator)
    top = probs.argmax(axis=2)
    held = generator.random(probs.shape) < zero_shot_rate
    held[np.arange(n_classes)[:, None], np.arange(n_classes)[None, :], top] = False
    train_probs = np.where(held, 0.0, probs)
    train_probs /= train_probs.sum(axis=2, keepdims=True)

    def make(images, table: np.ndarray, prefix: str) -> list[SceneGraph]:
        graphs = []
        for index, (labels, subjects, objects) in enumerate(images):
            n, m = len(labels), len(subjects)
            cumulative = table[labels[subjects], labels[objects]].cumsum(axis=1)
            draws = generator.random(m)[:, None]
            predicates = np.minimum((cumulative < draws).sum(axis=1), n_predicates - 1)
            width, height = 800.0, float(generator.integers(450, 801))
            sizes = generator.uniform(0.06, 0.3, size=(n, 2))
            centres = generator.uniform(0.15, 0.85, size=(n, 2))
            placed = np.zeros(n, dtype=bool)
            for s, o, r in zip(subjects, objects, predicates):
                if placed[s] and not placed[o]:
                    s, o = o, s
                    sign = -1.0
                else:
                    sign = 1.0
                if placed[s]:
                    continue
                centres[s] = centres[o] + sign * offsets[r] + generator.normal(0.0, 0.03, size=2)
                sizes[s] = sizes[o] * np.exp(sign * log_scales[r] + generator.normal(0.0, 0.1, size=2))
                placed[s] = placed[o] = True
            sizes = np.clip(sizes, 0.02, 0.9)
            centres = np.clip(centres, sizes / 2, 1 - sizes / 2)
            boxes = np.column_stack([(centres - sizes / 2) * (width, height), sizes * (width, height)]).round(1)
            graphs.append(SceneGraph(
                labels=tuple(vocabulary.objects[c] for c in labels),
                relations=tuple((int(s), int(o), vocabulary.predicates[r]) for s, o, r in zip(subjects, objects, predicates)),
                boxes=boxes,
                image_size=(width, height),
                image_id=f"{prefix}{index}",
            ))
        return graphs

    train = make(train_structure, train_probs, "train-")
    test = make(test_structure, probs, "test-")
    name = f"synthetic VG150 (seed {seed})"
    held.setflags(write=False)
    return SyntheticSplit(
        train=SceneGraphDataset(tuple(train), vocabulary, name=f"{name} train", synthetic=True, source="synthetic"),
        test=SceneGraphDataset(tuple(test), vocabulary, name=f"{name} test", synthetic=True, source="synthetic"),
        held_out=held,
    )
