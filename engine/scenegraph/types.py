"""Frozen scene-graph types: one image's graph, a vocabulary, and a dataset of graphs.

A scene graph is a set of objects (a class name, a box ``(x, y, w, h)`` in pixels
from the top-left corner, optional attributes) and directed relations
``(subject, object, predicate)`` between them, as in Visual Genome.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from engine.errors import ParameterError

__all__ = ["SceneGraph", "Vocabulary", "SceneGraphDataset"]


@dataclass(frozen=True, eq=False)
class SceneGraph:
    """One image's scene graph.

    Parameters
    ----------
    labels : tuple of str
        Object class names, one per object.
    relations : tuple of (int, int, str)
        ``(subject index, object index, predicate)``; duplicates are kept (they
        count separately in the recall metrics).
    boxes : ndarray of shape (n_objects, 4), optional
        ``(x, y, w, h)`` in pixels from the top-left corner; ``None`` when the
        source has no boxes (the sg2im format).
    image_size : (width, height), optional
        Size of the image in pixels.
    attributes : tuple of tuple of str, optional
        Attributes per object.
    image_id : str
        Identifier of the image in its source.
    object_ids : tuple of str, optional
        Original object identifiers (kept so a round trip preserves them).

    Raises
    ------
    ParameterError
        If a relation points outside the objects or the boxes have the wrong shape.

    Examples
    --------
    >>> g = SceneGraph(labels=("man", "horse"), relations=((0, 1, "riding"),))
    >>> g.n_objects, g.n_relations, g.density
    (2, 1, 0.5)
    """

    labels: tuple[str, ...]
    relations: tuple[tuple[int, int, str], ...] = ()
    boxes: np.ndarray | None = None
    image_size: tuple[float, float] | None = None
    attributes: tuple[tuple[str, ...], ...] | None = None
    image_id: str = ""
    object_ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", tuple(str(label) for label in self.labels))
        relations = tuple((int(s), int(o), str(p)) for s, o, p in self.relations)
        object.__setattr__(self, "relations", relations)
        n = len(self.labels)
        for s, o, p in relations:
            if not (0 <= s < n and 0 <= o < n):
                raise ParameterError(f"relation ({s}, {o}, {p!r}) points outside the {n} objects of image {self.image_id!r}")
        if self.boxes is not None:
            boxes = np.asarray(self.boxes, dtype=np.float64).reshape(-1, 4) if n else np.zeros((0, 4))
            if boxes.shape != (n, 4):
                raise ParameterError(f"boxes must have shape ({n}, 4) (got {np.shape(self.boxes)})")
            boxes.setflags(write=False)
            object.__setattr__(self, "boxes", boxes)
        if self.attributes is not None:
            attributes = tuple(tuple(str(a) for a in attrs) for attrs in self.attributes)
            if len(attributes) != n:
                raise ParameterError(f"attributes must have one entry per object ({n}) (got {len(attributes)})")
            object.__setattr__(self, "attributes", attributes)
        if self.object_ids is not None:
            ids = tuple(str(i) for i in self.object_ids)
            if len(ids) != n:
                raise ParameterError(f"object_ids must have one entry per object ({n}) (got {len(ids)})")
            object.__setattr__(self, "object_ids", ids)
        if self.image_size is not None:
            width, height = (float(v) for v in self.image_size)
            object.__setattr__(self, "image_size", (width, height))

    @property
    def n_objects(self) -> int:
        """Number of objects (nodes)."""
        return len(self.labels)

    @property
    def n_relations(self) -> int:
        """Number of relations (annotated directed edges, duplicates included)."""
        return len(self.relations)

    @property
    def density(self) -> float:
        """``n_relations / (n (n - 1))``, the share of ordered pairs annotated (0 below 2 objects)."""
        n = self.n_objects
        return self.n_relations / (n * (n - 1)) if n > 1 else 0.0

    def triplets(self) -> list[tuple[str, str, str]]:
        """``(subject class, predicate, object class)`` of every relation."""
        return [(self.labels[s], p, self.labels[o]) for s, o, p in self.relations]

    def canvas_size(self) -> tuple[float, float]:
        """The image size, or the extent of the boxes when it is unknown ((1, 1) without boxes)."""
        if self.image_size is not None:
            return self.image_size
        if self.boxes is not None and len(self.boxes):
            return (float(max(1.0, (self.boxes[:, 0] + self.boxes[:, 2]).max())),
                    float(max(1.0, (self.boxes[:, 1] + self.boxes[:, 3]).max())))
        return (1.0, 1.0)

    def _digest(self, digest) -> None:
        digest.update(repr((self.labels, self.relations, self.image_size, self.attributes, self.image_id)).encode())
        if self.boxes is not None:
            digest.update(np.ascontiguousarray(self.boxes).tobytes())


@dataclass(frozen=True)
class Vocabulary:
    """Object classes and predicates, with optional dataset-wide counts.

    Parameters
    ----------
    objects : tuple of str
        Object class names; index ``i`` is class ``i``.
    predicates : tuple of str
        Predicate names; index ``i`` is predicate ``i + 1`` in the edge
        classifier (0 is reserved for "no relation").
    object_counts, predicate_counts : tuple of int, optional
        Dataset-wide counts in the same order (the long-tail priors).
    attributes : tuple of str
        Attribute names (may be empty).
    name : str
        Where the vocabulary comes from.

    Examples
    --------
    >>> v = Vocabulary(objects=("man", "horse"), predicates=("on", "riding"))
    >>> v.predicate_index("riding"), v.n_predicates
    (1, 2)
    """

    objects: tuple[str, ...]
    predicates: tuple[str, ...]
    object_counts: tuple[int, ...] | None = None
    predicate_counts: tuple[int, ...] | None = None
    attributes: tuple[str, ...] = ()
    name: str = ""
    _object_index: dict = field(init=False, repr=False, compare=False)
    _predicate_index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, values in (("objects", self.objects), ("predicates", self.predicates)):
            if len(set(values)) != len(values):
                raise ParameterError(f"vocabulary {name} must be unique (got {len(values) - len(set(values))} duplicates)")
        object.__setattr__(self, "_object_index", {name: i for i, name in enumerate(self.objects)})
        object.__setattr__(self, "_predicate_index", {name: i for i, name in enumerate(self.predicates)})

    @property
    def n_objects(self) -> int:
        """Number of object classes."""
        return len(self.objects)

    @property
    def n_predicates(self) -> int:
        """Number of predicates (without the background class)."""
        return len(self.predicates)

    def object_index(self, name: str) -> int:
        """Index of an object class; raises ParameterError if unknown."""
        try:
            return self._object_index[name]
        except KeyError:
            raise ParameterError(f"object class {name!r} is not in the vocabulary {self.name!r}") from None

    def predicate_index(self, name: str) -> int:
        """0-based index of a predicate; raises ParameterError if unknown."""
        try:
            return self._predicate_index[name]
        except KeyError:
            raise ParameterError(f"predicate {name!r} is not in the vocabulary {self.name!r}") from None

    def __contains__(self, item: tuple[str, str]) -> bool:
        kind, name = item
        return name in (self._object_index if kind == "object" else self._predicate_index)


@dataclass(frozen=True, eq=False)
class SceneGraphDataset:
    """A named collection of scene graphs sharing a vocabulary.

    Parameters
    ----------
    graphs : tuple of SceneGraph
    vocabulary : Vocabulary
        Contains every class and predicate used by the graphs.
    name : str
    synthetic : bool
        True for generated data (the UI labels it "synthetic").
    source : str
        The file format or generator it came from.
    """

    graphs: tuple[SceneGraph, ...]
    vocabulary: Vocabulary
    name: str = ""
    synthetic: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "graphs", tuple(self.graphs))
        objects = set(self.vocabulary.objects)
        predicates = set(self.vocabulary.predicates)
        for graph in self.graphs:
            unknown = set(graph.labels) - objects
            if unknown:
                raise ParameterError(f"object classes {sorted(unknown)[:3]} of image {graph.image_id!r} are not in the vocabulary")
            unknown = {p for _, _, p in graph.relations} - predicates
            if unknown:
                raise ParameterError(f"predicates {sorted(unknown)[:3]} of image {graph.image_id!r} are not in the vocabulary")

    def __len__(self) -> int:
        return len(self.graphs)

    def __getitem__(self, index: int) -> SceneGraph:
        return self.graphs[index]

    def __iter__(self):
        return iter(self.graphs)

    @property
    def display_name(self) -> str:
        """The name, marked "(synthetic)" for generated data."""
        return f"{self.name} (synthetic)" if self.synthetic else self.name

    def fingerprint(self) -> str:
        """Content hash of every graph and the vocabulary (hex SHA-256)."""
        return self._fingerprint

    @cached_property
    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        digest.update(repr((self.vocabulary.objects, self.vocabulary.predicates, self.name, self.synthetic)).encode())
        for graph in self.graphs:
            graph._digest(digest)
        return digest.hexdigest()

    def split(self, *, test_fraction: float = 0.2, seed=None) -> tuple["SceneGraphDataset", "SceneGraphDataset"]:
        """A random (train, test) split of the graphs; each side gets at least one graph.

        Raises
        ------
        ParameterError
            If there are fewer than two graphs.
        """
        from engine._validation import check_in_range, rng

        check_in_range(test_fraction, "test_fraction", 0, 1, low_inclusive=False, high_inclusive=False)
        if len(self.graphs) < 2:
            raise ParameterError(f"cannot split {len(self.graphs)} graph(s) into two non-empty parts")
        n_test = min(max(1, int(round(test_fraction * len(self.graphs)))), len(self.graphs) - 1)
        order = rng(seed).permutation(len(self.graphs))
        test = [self.graphs[i] for i in sorted(order[:n_test])]
        train = [self.graphs[i] for i in sorted(order[n_test:])]
        return self.with_graphs(train, name=f"{self.name} train"), self.with_graphs(test, name=f"{self.name} test")

    def with_graphs(self, graphs, *, name: str | None = None) -> "SceneGraphDataset":
        """A dataset with the same vocabulary and other graphs (e.g. a split)."""
        return SceneGraphDataset(tuple(graphs), self.vocabulary, name=self.name if name is None else name,
                                 synthetic=self.synthetic, source=self.source)
