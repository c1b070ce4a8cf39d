"""The :class:`Embedding` result and the checks every embedding method shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from engine._validation import check_positive_int, check_undirected
from engine.errors import EmptyGraphError, ParameterError
from engine.runs import measure
from engine.types import Graph

__all__ = ["Embedding", "ProgressCallback"]

#: ``on_progress(fraction, message)``, called by long-running methods.
ProgressCallback = Callable[[float, str], None]


@dataclass(frozen=True, eq=False)
class Embedding:
    """Node vectors produced by one method, with what it cost.

    Parameters
    ----------
    vectors : numpy.ndarray
        ``(n_nodes, dim)`` array; row ``i`` embeds the node at position ``i``.
    node_ids : tuple
        Original node labels, in row order.
    method : str
        Method name, e.g. ``"fastrp"``.
    params : dict
        The parameters the method ran with (seed included).
    seconds : float
        Wall time of the embedding.
    peak_bytes : int
        Peak resident-memory growth while embedding.
    """

    vectors: np.ndarray
    node_ids: tuple
    method: str
    params: dict = field(default_factory=dict)
    seconds: float = 0.0
    peak_bytes: int = 0

    def __post_init__(self) -> None:
        vectors = np.asarray(self.vectors)
        if vectors.ndim != 2:
            raise ParameterError(f"vectors must be a 2-D array (got {vectors.ndim} dimensions)")
        if vectors.shape[0] != len(self.node_ids):
            raise ParameterError(f"vectors has {vectors.shape[0]} rows for {len(self.node_ids)} nodes")
        vectors.setflags(write=False)
        object.__setattr__(self, "vectors", vectors)
        object.__setattr__(self, "node_ids", tuple(self.node_ids))
        object.__setattr__(self, "params", dict(self.params))

    @property
    def n_nodes(self) -> int:
        """Number of embedded nodes."""
        return self.vectors.shape[0]

    @property
    def dim(self) -> int:
        """Embedding dimension."""
        return self.vectors.shape[1]

    def __repr__(self) -> str:
        return f"Embedding(method={self.method!r}, n_nodes={self.n_nodes}, dim={self.dim}, seconds={self.seconds:.3g})"


def _check_graph(graph: Graph, method: str) -> None:
    """Raise unless ``graph`` is undirected and has at least one edge."""
    check_undirected(graph, method)
    if graph.n_nodes == 0 or graph.n_edges == 0:
        raise EmptyGraphError(f"{method} needs a graph with at least one edge (got {graph.n_nodes} nodes, 0 edges)")


def _check_dim(dim, limit: int | None = None, *, why: str = "") -> int:
    """``dim`` as an int >= 1 (and <= ``limit`` when given)."""
    dim = check_positive_int(dim, "dim")
    if limit is not None and dim > limit:
        raise ParameterError(f"dim must be <= {limit}{why} (got {dim})")
    return dim


def _embed(graph: Graph, method: str, params: dict, compute: Callable[[], np.ndarray]) -> Embedding:
    """Run ``compute`` under :func:`engine.runs.measure` and wrap its vectors."""
    with measure() as measurement:
        vectors = compute()
    if not np.all(np.isfinite(vectors)):
        raise ParameterError(f"{method} produced non-finite vectors with {params}; try a smaller learning rate")
    return Embedding(
        vectors=np.ascontiguousarray(vectors),
        node_ids=graph.node_ids,
        method=method,
        params=params,
        seconds=measurement.seconds,
        peak_bytes=measurement.peak_bytes,
    )


def _report(on_progress: ProgressCallback | None, fraction: float, message: str) -> None:
    if on_progress is not None:
        on_progress(fraction, message)
