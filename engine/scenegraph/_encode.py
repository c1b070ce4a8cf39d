"""Integer encoding of scene graphs against their dataset's vocabulary (shared by the models and metrics)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.scenegraph.metrics import Target
from engine.scenegraph.types import SceneGraph, SceneGraphDataset, Vocabulary


@dataclass(frozen=True, eq=False)
class EncodedGraph:
    """One graph as arrays: classes, normalised boxes ``(xc, yc, w, h)`` in [0, 1], relations ``(s, o, p)``."""

    labels: np.ndarray
    unit_boxes: np.ndarray
    has_boxes: bool
    relations: np.ndarray
    boxes: np.ndarray | None

    @property
    def n_objects(self) -> int:
        return len(self.labels)

    def target(self) -> Target:
        return Target(relations=self.relations, labels=self.labels, boxes=self.boxes)


def encode_graph(graph: SceneGraph, vocabulary: Vocabulary) -> EncodedGraph:
    labels = np.array([vocabulary.object_index(label) for label in graph.labels], dtype=np.int64)
    relations = np.array(
        [(s, o, vocabulary.predicate_index(p)) for s, o, p in graph.relations], dtype=np.int64
    ).reshape(-1, 3)
    if graph.boxes is not None:
        width, height = graph.canvas_size()
        scale = np.array([width, height, width, height])
        xywh = graph.boxes / scale
        unit = np.column_stack([xywh[:, 0] + xywh[:, 2] / 2, xywh[:, 1] + xywh[:, 3] / 2, xywh[:, 2], xywh[:, 3]])
        return EncodedGraph(labels, unit.astype(np.float32), True, relations, graph.boxes)
    return EncodedGraph(labels, np.zeros((len(labels), 4), dtype=np.float32), False, relations, None)


def encode_dataset(dataset: SceneGraphDataset) -> list[EncodedGraph]:
    return [encode_graph(graph, dataset.vocabulary) for graph in dataset]


def ordered_pairs(n: int) -> np.ndarray:
    """All ordered pairs ``(i, j)``, ``i != j``, as ``(n (n - 1), 2)``."""
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    return np.column_stack([i, j]).astype(np.int64)
