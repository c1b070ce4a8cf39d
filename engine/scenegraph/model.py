"""A small PredCls model on PyG: message passing over the objects and an edge classifier.

Given the ground-truth boxes and classes of an image (PredCls), every ordered
pair of objects is scored over R + 1 edge classes (0 = no relation). Objects
start from a class embedding plus their box; two rounds of message passing
over the complete directed graph of the image (messages carry the relative
geometry of the pair) refine them; an MLP over (subject, object, geometry)
classifies each pair. There is no frequency prior, so what the model knows of
unseen compositions comes from classes and geometry (like IMP, the model
Knyazev et al. train with their loss).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import torch
from torch import nn
from torch_geometric.nn import MessagePassing

from engine._validation import check_choice, check_in_range, check_positive_int, rng
from engine.errors import EmptyGraphError, ParameterError
from engine.scenegraph._encode import EncodedGraph, encode_dataset, ordered_pairs
from engine.scenegraph.frequency import frequency_baseline, triplet_count_table
from engine.scenegraph.loss import LOSSES, edge_loss
from engine.scenegraph.metrics import KS, Prediction, SceneGraphMetrics, evaluate_scene_graphs
from engine.scenegraph.types import SceneGraphDataset, Vocabulary
from engine.threads import single_torch_thread

__all__ = [
    "PredClsNet", "PredClsModel", "PredClsRun", "METHODS", "LR_GRID", "LearningRateChoice", "train_predcls",
    "predict_predcls", "choose_learning_rate", "run_predcls", "zero_shot_differences",
]

#: Methods :func:`run_predcls` accepts: the frequency baseline and the model under each loss.
METHODS = ("frequency",) + LOSSES
#: The one grid of SGD learning rates every loss's rate is chosen from (:func:`choose_learning_rate`).
LR_GRID = (0.03, 0.1, 0.3, 1.0)
_GEOMETRY_DIM = 7


def _geometry(unit_boxes: torch.Tensor, has_boxes: torch.Tensor, pairs: torch.Tensor) -> torch.Tensor:
    """Relative geometry of ordered pairs: centre offsets, log size ratios, the subject's box, a box flag."""
    s, o = unit_boxes[pairs[:, 0]], unit_boxes[pairs[:, 1]]
    offset = o[:, :2] - s[:, :2]
    ratio = torch.log((o[:, 2:] + 1e-3) / (s[:, 2:] + 1e-3))
    flag = has_boxes[pairs[:, 0]].unsqueeze(1)
    return torch.cat([offset, ratio, s[:, 2:], flag], dim=1) * flag


class _ObjectConv(MessagePassing):
    """``h_i + ReLU(W [h_i, mean_j MLP([h_j, g_ji])])``: one round over the image's complete graph."""

    def __init__(self, dim: int) -> None:
        super().__init__(aggr="mean")
        self.message_mlp = nn.Sequential(nn.Linear(dim + _GEOMETRY_DIM, dim), nn.ReLU())
        self.update_linear = nn.Linear(2 * dim, dim)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor, geometry: torch.Tensor) -> torch.Tensor:
        messages = self.propagate(edge_index, x=x, geometry=geometry)
        return x + torch.relu(self.update_linear(torch.cat([x, messages], dim=1)))

    def message(self, x_j: torch.Tensor, geometry: torch.Tensor) -> torch.Tensor:
        return self.message_mlp(torch.cat([x_j, geometry], dim=1))


class PredClsNet(nn.Module):
    """Object message passing + pair classifier over ``n_predicates + 1`` edge classes.

    Parameters
    ----------
    n_classes, n_predicates : int
    dim : int
        Hidden size.
    n_layers : int
        Rounds of message passing.
    """

    def __init__(self, n_classes: int, n_predicates: int, *, dim: int = 64, n_layers: int = 2) -> None:
        super().__init__()
        self.n_classes, self.n_predicates, self.dim, self.n_layers = n_classes, n_predicates, dim, n_layers
        self.embedding = nn.Embedding(n_classes, dim)
        self.box_linear = nn.Linear(5, dim)
        self.convs = nn.ModuleList(_ObjectConv(dim) for _ in range(n_layers))
        self.classifier = nn.Sequential(
            nn.Linear(2 * dim + _GEOMETRY_DIM, dim), nn.ReLU(), nn.Linear(dim, n_predicates + 1)
        )
        self.reset_parameters()

    def reset_parameters(self) -> None:
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                module.reset_parameters()

    def forward(self, labels: torch.Tensor, unit_boxes: torch.Tensor, has_boxes: torch.Tensor, pairs: torch.Tensor) -> torch.Tensor:
        """Logits ``(P, R + 1)`` of the ordered ``pairs`` (global object indices of a batch of images)."""
        x = torch.relu(self.embedding(labels) + self.box_linear(torch.cat([unit_boxes, has_boxes.unsqueeze(1)], dim=1)))
        geometry = _geometry(unit_boxes, has_boxes, pairs)
        edge_index = pairs.t()  # messages flow subject -> object and, as pairs hold both orders, back
        for conv in self.convs:
            x = conv(x, edge_index, geometry)
        return self.classifier(torch.cat([x[pairs[:, 0]], x[pairs[:, 1]], geometry], dim=1))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_classes={self.n_classes}, n_predicates={self.n_predicates}, dim={self.dim}, n_layers={self.n_layers})"


@dataclass(frozen=True, eq=False)
class PredClsModel:
    """A trained :class:`PredClsNet` with its vocabulary, loss and per-epoch training loss."""

    net: PredClsNet
    vocabulary: Vocabulary
    loss: str
    history: tuple[float, ...]
    params: dict = field(default_factory=dict)


def _batch(graphs: list[EncodedGraph], targets: list[np.ndarray] | None = None):
    """Concatenate images into one disjoint batch: labels, boxes, box flags, global pairs, targets."""
    offset = 0
    labels, boxes, flags, pairs, edge_targets = [], [], [], [], []
    for index, graph in enumerate(graphs):
        labels.append(graph.labels)
        boxes.append(graph.unit_boxes)
        flags.append(np.full(graph.n_objects, float(graph.has_boxes), dtype=np.float32))
        pairs.append(ordered_pairs(graph.n_objects) + offset)
        if targets is not None:
            edge_targets.append(targets[index])
        offset += graph.n_objects
    out = (
        torch.from_numpy(np.concatenate(labels)),
        torch.from_numpy(np.concatenate(boxes)),
        torch.from_numpy(np.concatenate(flags)),
        torch.from_numpy(np.concatenate(pairs)),
    )
    return out + ((torch.from_numpy(np.concatenate(edge_targets)),) if targets is not None else ())


def _edge_targets(graph: EncodedGraph, generator: np.random.Generator) -> np.ndarray:
    """Edge class of every ordered pair (0 = none; one of them at random when a pair has several)."""
    n = graph.n_objects
    targets = np.zeros(n * (n - 1), dtype=np.int64)
    relations = graph.relations[graph.relations[:, 0] != graph.relations[:, 1]]
    relations = relations[generator.permutation(len(relations))]
    s, o = relations[:, 0], relations[:, 1]
    targets[s * (n - 1) + o - (o > s)] = relations[:, 2] + 1
    return targets


def train_predcls(
    train: SceneGraphDataset,
    *,
    loss: str = "dnorm",
    beta: float = 1.0,
    epochs: int = 10,
    batch_size: int = 24,
    dim: int = 64,
    n_layers: int = 2,
    lr: float = 0.1,
    seed=None,
    on_progress: Callable[[float, str], None] | None = None,
) -> PredClsModel:
    """Train the PredCls model on ``train`` with the chosen edge loss.

    SGD with momentum 0.9 (as Knyazev et al.), gradient clipping at norm 5; the
    loss is normalised over each mini-batch of ``batch_size`` images (``M`` and
    ``M_FG`` counted over the batch), as in the authors' code. Every ordered pair
    of objects is an edge (the authors sample up to 1024 per image, which on VG
    is nearly all). With one learning rate for both losses, ``dnorm`` is the
    baseline scaled by ``M / M_FG`` per batch: the step on FG edges no longer
    shrinks as graphs grow sparser.

    Parameters
    ----------
    train : SceneGraphDataset
    loss : {"baseline", "dnorm", "dnorm-fgbg"}
    beta : float
        BG weight of ``dnorm-fgbg``.
    epochs, batch_size, dim, n_layers : int
    lr : float
        SGD learning rate.
    seed : int, optional
    on_progress : callable(fraction, message), optional
        Called after every epoch.

    Returns
    -------
    PredClsModel

    Raises
    ------
    ParameterError
        On bad parameters.
    EmptyGraphError
        If no image has two objects.

    References
    ----------
    B. Knyazev et al., "Graph Density-Aware Losses for Novel Compositions in Scene
    Graph Generation", BMVC 2020.
    """
    check_choice(loss, "loss", LOSSES)
    check_in_range(beta, "beta", 0)
    for value, name in ((epochs, "epochs"), (batch_size, "batch_size"), (dim, "dim"), (n_layers, "n_layers")):
        check_positive_int(value, name)
    check_in_range(lr, "lr", 0, low_inclusive=False)
    generator = rng(seed)
    graphs = [g for g in encode_dataset(train) if g.n_objects >= 2]
    if not graphs:
        raise EmptyGraphError(f"no image of {train.name!r} has two objects to relate")
    with torch.random.fork_rng():
        torch.manual_seed(int(generator.integers(2**31)))
        net = PredClsNet(train.vocabulary.n_objects, train.vocabulary.n_predicates, dim=dim, n_layers=n_layers)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    history: list[float] = []
    with single_torch_thread():
        _fit(net, optimizer, graphs, loss=loss, beta=beta, epochs=epochs, batch_size=batch_size,
             generator=generator, history=history, on_progress=on_progress)
    params = dict(loss=loss, beta=beta, epochs=epochs, batch_size=batch_size, dim=dim, n_layers=n_layers, lr=lr, seed=seed)
    return PredClsModel(net, train.vocabulary, loss, tuple(history), params)


def _fit(net, optimizer, graphs, *, loss, beta, epochs, batch_size, generator, history, on_progress) -> None:
    net.train()
    for epoch in range(epochs):
        order = generator.permutation(len(graphs))
        total, n_batches = 0.0, 0
        for start in range(0, len(order), batch_size):
            chosen = [graphs[i] for i in order[start:start + batch_size]]
            labels, boxes, flags, pairs, targets = _batch(chosen, [_edge_targets(g, generator) for g in chosen])
            value = edge_loss(net(labels, boxes, flags, pairs), targets, loss=loss, beta=beta)
            optimizer.zero_grad()
            value.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimizer.step()
            total += value.item()
            n_batches += 1
            if on_progress is not None:  # every batch, so that a time limit stops a long epoch
                on_progress((epoch + min(start + batch_size, len(order)) / len(order)) / epochs,
                            f"{loss}: epoch {epoch + 1}/{epochs}, batch {n_batches}")
        history.append(total / n_batches)
        if on_progress is not None:
            on_progress((epoch + 1) / epochs, f"{loss}: epoch {epoch + 1}/{epochs}, loss {history[-1]:.4f}")
    net.eval()


def predict_predcls(model: PredClsModel, dataset: SceneGraphDataset, *, batch_size: int = 64) -> list[Prediction]:
    """Predicate probabilities (background excluded) of every ordered pair of every image."""
    graphs = encode_dataset(dataset)
    predictions: list[Prediction] = []
    with torch.no_grad(), single_torch_thread():
        for start in range(0, len(graphs), batch_size):
            chosen = graphs[start:start + batch_size]
            labels, boxes, flags, pairs = _batch(chosen)
            probs = torch.softmax(model.net(labels, boxes, flags, pairs), dim=1).numpy()
            offset = 0
            for graph in chosen:
                n_pairs = graph.n_objects * (graph.n_objects - 1)
                predictions.append(Prediction(
                    pairs=ordered_pairs(graph.n_objects),
                    predicate_scores=probs[offset:offset + n_pairs, 1:],
                    labels=graph.labels,
                ))
                offset += n_pairs
    return predictions


def _evaluate(predictions: list[Prediction], test: SceneGraphDataset, train: SceneGraphDataset, ks=KS) -> SceneGraphMetrics:
    targets = [g.target() for g in encode_dataset(test)]
    return evaluate_scene_graphs(
        predictions, targets, n_predicates=test.vocabulary.n_predicates, train_counts=triplet_count_table(train), ks=ks
    )


@dataclass(frozen=True)
class LearningRateChoice:
    """The learning rate :func:`choose_learning_rate` picked for one loss, with every rate's validation score.

    Attributes
    ----------
    loss : str
    lr : float
        The rate with the best validation score (ties to the smaller rate).
    scores : dict
        ``{lr: validation score}`` over the grid.
    metric : str
        The validation metric (a key of :attr:`SceneGraphMetrics.scores`).
    n_fit, n_validation : int
        Images trained on and validated on while choosing.
    """

    loss: str
    lr: float
    scores: dict
    metric: str
    n_fit: int
    n_validation: int


def choose_learning_rate(
    train: SceneGraphDataset,
    *,
    loss: str = "dnorm",
    grid=LR_GRID,
    validation_fraction: float = 0.2,
    metric: str = "recall@50",
    seed=None,
    on_progress: Callable[[float, str], None] | None = None,
    **train_options,
) -> LearningRateChoice:
    """Pick the SGD learning rate of ``loss`` on a validation split of the *training* images.

    The training images are split once (seeded) into a fitting part and a
    validation part; the model is trained on the fitting part with every rate
    of ``grid`` and scored on the validation part; the best rate wins (ties go
    to the smaller rate). No test image is involved. Knyazev et al. tune their
    hyperparameters on a validation set carved out of VG's training images
    (its first 5,000); every loss here gets its own rate from one shared grid,
    so that neither loss is compared at a rate tuned for the other.

    Parameters
    ----------
    train : SceneGraphDataset
        At least two images.
    loss : {"baseline", "dnorm", "dnorm-fgbg"}
    grid : sequence of float
        Candidate learning rates (positive).
    validation_fraction : float
        Share of the training images held out for validation.
    metric : str
        Validation score to maximise (``recall@50`` by default).
    seed : int, optional
        Seeds the split and every training run.
    on_progress : callable(fraction, message), optional
    **train_options
        Passed to :func:`train_predcls` (epochs, batch_size, dim, n_layers, beta).

    Returns
    -------
    LearningRateChoice

    Raises
    ------
    ParameterError
        On an empty grid, a non-positive rate, an unknown metric or bad training options.
    """
    check_choice(loss, "loss", LOSSES)
    rates = tuple(float(lr) for lr in grid)
    if not rates:
        raise ParameterError("grid must hold at least one learning rate (got an empty grid)")
    for lr in rates:
        check_in_range(lr, "grid learning rate", 0, low_inclusive=False)
    if "lr" in train_options:
        raise ParameterError("choose_learning_rate picks lr itself; pass the candidates as grid")
    fit, validation = train.split(test_fraction=validation_fraction, seed=seed)
    scores: dict[float, float] = {}
    for index, lr in enumerate(rates):
        stage = None
        if on_progress is not None:
            stage = lambda fraction, message, i=index: on_progress((i + fraction) / len(rates), f"lr {lr:g}: {message}")
        model = train_predcls(fit, loss=loss, lr=lr, seed=seed, on_progress=stage, **train_options)
        metrics = _evaluate(predict_predcls(model, validation), validation, fit, ks=(50, 100))
        if metric not in metrics.scores:
            raise ParameterError(f"metric must be one of {sorted(metrics.scores)} (got {metric!r})")
        scores[lr] = float(metrics.scores[metric])
    best = max(rates, key=lambda lr: (scores[lr], -lr))
    return LearningRateChoice(loss, best, scores, metric, len(fit), len(validation))


@dataclass(frozen=True, eq=False)
class PredClsRun:
    """One method trained on a train set and evaluated on a test set (PredCls)."""

    method: str
    evaluation: SceneGraphMetrics
    history: tuple[float, ...]
    seconds: float
    params: dict

    @property
    def scores(self) -> dict:
        """The flat metric dict (``recall@50`` ...)."""
        return self.evaluation.scores

    def metrics(self) -> dict:
        """Flat numbers of the run: every recall metric at every K."""
        return dict(self.scores)

    def details(self) -> dict:
        """What the figures need besides the metrics: the loss history and R@50 per predicate."""
        return {"history": list(self.history),
                "per_predicate_recall@50": self.evaluation.per_predicate_recall[50].tolist()}


def run_predcls(
    train: SceneGraphDataset,
    test: SceneGraphDataset,
    *,
    method: str = "dnorm",
    ks=KS,
    tune_lr: bool = False,
    lr_grid=LR_GRID,
    on_progress: Callable[[float, str], None] | None = None,
    **train_options,
) -> PredClsRun:
    """Fit ``method`` on ``train`` and evaluate every recall metric on ``test``.

    Parameters
    ----------
    train, test : SceneGraphDataset
        Same vocabulary.
    method : {"frequency", "baseline", "dnorm", "dnorm-fgbg"}
        The frequency baseline, or the model with that edge loss.
    ks : sequence of int
    tune_lr : bool
        Choose the model's learning rate from ``lr_grid`` on a validation split
        of ``train`` (:func:`choose_learning_rate`, same seed and options), then
        train on all of ``train`` with it; a given ``lr`` is then ignored, and
        ``params`` holds the chosen ``lr`` and ``lr_scores`` (validation
        recall@50 per rate). Ignored by ``frequency``.
    lr_grid : sequence of float
    on_progress : callable, optional
    **train_options
        Passed to :func:`train_predcls` (epochs, seed, beta, lr, ...).

    Returns
    -------
    PredClsRun
    """
    check_choice(method, "method", METHODS)
    if train.vocabulary != test.vocabulary:
        raise ParameterError("train and test must share one vocabulary")
    start = time.perf_counter()
    if method == "frequency":
        predictions = frequency_baseline(train).predict(test)
        history: tuple[float, ...] = ()
        params: dict = {}
        if on_progress is not None:
            on_progress(1.0, "frequency baseline counted")
    else:
        choice = None
        if tune_lr:
            train_options = {k: v for k, v in train_options.items() if k != "lr"}
            tuning = None
            if on_progress is not None:
                tuning = lambda fraction, message: on_progress(0.8 * fraction, f"choosing the learning rate, {message}")
            choice = choose_learning_rate(train, loss=method, grid=lr_grid, on_progress=tuning, **train_options)
            train_options = {**train_options, "lr": choice.lr}
        final = on_progress
        if on_progress is not None and choice is not None:
            final = lambda fraction, message: on_progress(0.8 + 0.2 * fraction, message)
        model = train_predcls(train, loss=method, on_progress=final, **train_options)
        predictions = predict_predcls(model, test)
        history, params = model.history, dict(model.params)
        if choice is not None:
            params["lr_scores"] = dict(choice.scores)
    metrics = _evaluate(predictions, test, train, ks=ks)
    return PredClsRun(method, metrics, history, time.perf_counter() - start, params)


def zero_shot_differences(first: PredClsRun, second: PredClsRun, test: SceneGraphDataset, *, k: int = 50,
                          graph_constraint: bool = False) -> pd.DataFrame:
    """Zero-shot test triplets that one run recalls within the top ``k`` and the other misses.

    Both runs must be evaluated on ``test`` (same triplet order).

    Returns
    -------
    DataFrame
        ``image_id``, ``subject``, ``predicate``, ``object``, the 1-based rank by
        each run (``None`` when outside the list) and ``recovered_by`` (the run's method).
    """
    check_positive_int(k, "k")
    a, b = first.evaluation.triplets, second.evaluation.triplets
    if len(a.image) != len(b.image) or not np.array_equal(a.image, b.image):
        raise ParameterError("the two runs were not evaluated on the same test set")
    rank_a, rank_b = (a.rank_gc, b.rank_gc) if graph_constraint else (a.rank_ng, b.rank_ng)
    hit_a, hit_b = rank_a < k, rank_b < k
    vocabulary = test.vocabulary
    rows = []
    for j in np.nonzero(a.zero_shot & (hit_a != hit_b))[0]:
        rows.append({
            "image_id": test[int(a.image[j])].image_id,
            "subject": vocabulary.objects[a.subject_class[j]],
            "predicate": vocabulary.predicates[a.predicate[j]],
            "object": vocabulary.objects[a.object_class[j]],
            f"rank ({first.method})": int(rank_a[j]) + 1 if np.isfinite(rank_a[j]) else None,
            f"rank ({second.method})": int(rank_b[j]) + 1 if np.isfinite(rank_b[j]) else None,
            "recovered_by": first.method if hit_a[j] else second.method,
        })
    return pd.DataFrame(rows, columns=["image_id", "subject", "predicate", "object", f"rank ({first.method})",
                                       f"rank ({second.method})", "recovered_by"])
