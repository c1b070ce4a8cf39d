"""Node embeddings and their assessment.

Methods (each ``f(graph, *, dim, seed, ...) -> Embedding``): :func:`fastrp`,
:func:`hope`, :func:`laplacian_eigenmaps`, :func:`deepwalk`,
:func:`node2vec`, :func:`sdne`; :func:`embed` runs one by name (:data:`EMBEDDERS`).
Their titles and typed parameters, for the pages, the CLI and grids, are the
records of :data:`engine.methods.METHODS`; :mod:`engine.embedding.assess`
scores an embedding (RESTORE mAP, precision@k, classification, link prediction).
"""

from __future__ import annotations

from typing import Callable

from engine.embedding._base import Embedding
from engine.embedding.fastrp import fastrp
from engine.embedding.hope import hope
from engine.embedding.laplacian import laplacian_eigenmaps
from engine.embedding.sdne import sdne
from engine.embedding.walks import deepwalk, node2vec
from engine._validation import check_choice
from engine.errors import GraphTooLargeError, ParameterError

__all__ = [
    "Embedding",
    "predicted_embedding_bytes",
    "check_embedding_memory",
    "fastrp",
    "hope",
    "laplacian_eigenmaps",
    "deepwalk",
    "node2vec",
    "sdne",
    "EMBEDDERS",
    "MAX_WEIGHTS",
    "embed",
    "embed_and_assess",
]


#: Most FastRP iteration weights accepted from text (each is one more sparse product).
MAX_WEIGHTS = 10

#: The function of each embedding method, by name.
EMBEDDERS: dict[str, Callable[..., Embedding]] = {
    "fastrp": fastrp,
    "hope": hope,
    "laplacian": laplacian_eigenmaps,
    "deepwalk": deepwalk,
    "node2vec": node2vec,
    "sdne": sdne,
}


def embed(graph, method: str, *, dim: int = 128, seed: int | None = None, on_progress=None, **params) -> Embedding:
    """Run the method named ``method`` (``fastrp``, ``hope``, ``laplacian``, ``deepwalk``, ``node2vec``, ``sdne``).

    ``weights`` for FastRP may be given as a comma-separated string.

    Raises
    ------
    ParameterError
        On an unknown method (and whatever the method raises on its parameters).

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> embed(load_dataset("karate_club"), "fastrp", dim=4, seed=0, weights="0, 1").vectors.shape
    (34, 4)
    """
    check_choice(method, "method", tuple(EMBEDDERS))
    if isinstance(params.get("weights"), str):
        params["weights"] = _parse_weights(params["weights"])
    check_embedding_memory(graph.n_nodes, method, dim=dim, hidden=params.get("hidden", 256))
    return EMBEDDERS[method](graph, dim=dim, seed=seed, on_progress=on_progress, **params)


def predicted_embedding_bytes(n_nodes: int, method: str, *, dim: int, hidden: int = 256) -> int:
    """Memory an embedding run is predicted to need, before it allocates anything.

    Every method holds the n × dim result as float64 about three times (raw, normalised,
    returned); SDNE also holds its autoencoder, whose first and last layers are n × hidden
    float32 matrices, each with a gradient and two Adam moments, plus the n × hidden activations.

    Examples
    --------
    >>> predicted_embedding_bytes(1_000, "fastrp", dim=128)
    3072000
    """
    result = 3 * 8 * n_nodes * dim
    if method == "sdne":
        result += 4 * n_nodes * hidden * (2 * 4 + 3)
    return result


def check_embedding_memory(n_nodes: int, method: str, *, dim: int, hidden: int = 256) -> None:
    """Refuse a run whose predicted memory exceeds what this machine has available.

    Raises
    ------
    GraphTooLargeError
        With the predicted and the available memory, and what to lower.
    """
    from engine.io import available_memory

    needed = predicted_embedding_bytes(n_nodes, method, dim=dim, hidden=hidden)
    available = available_memory()
    if available is not None and needed > available:
        knobs = "dim or hidden" if method == "sdne" else "dim"
        raise GraphTooLargeError(
            f"{method} on {n_nodes:,} nodes with dim {dim}{f', hidden {hidden}' if method == 'sdne' else ''} "
            f"needs about {needed / 2**30:.1f} GiB; {available / 2**30:.1f} GiB is available (lower {knobs}, "
            "or use a smaller graph)"
        )


def _parse_weights(text: str) -> list[float]:
    try:
        weights = [float(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise ParameterError(f"weights must be comma-separated numbers (got {text!r})") from None
    if not 1 <= len(weights) <= MAX_WEIGHTS:
        raise ParameterError(f"weights must hold 1 to {MAX_WEIGHTS} numbers (got {len(weights)})")
    return weights


def embed_and_assess(
    graph,
    method: str,
    *,
    labels=None,
    dim: int = 128,
    seed: int | None = None,
    similarity: str = "cosine",
    max_nodes: int | None = 2000,
    with_link_prediction: bool = False,
    standardize: bool = True,
    on_progress=None,
    **params,
):
    """Embed ``graph`` with ``method`` and assess the embedding (RESTORE mAP, precision@k, classification).

    Parameters
    ----------
    graph : Graph
    method : str
        A name in :data:`EMBEDDERS`.
    labels : numpy.ndarray, optional
        Node labels for classification (none: no classification).
    dim, seed, **params
        Passed to the method.
    similarity : {"cosine", "dot", "euclidean"}
    max_nodes : int, optional
        Nodes queried for mAP (a seeded sample above it).
    with_link_prediction : bool
        Also re-embed the graph without a fifth of its edges and score those edges (ROC-AUC).
    standardize : bool
        Node classification scales each feature on the training nodes first (see
        :func:`~engine.embedding.assess.node_classification`).
    on_progress : callable, optional

    Returns
    -------
    AssessedEmbedding
    """
    from engine.embedding.assess import AssessedEmbedding, assess, link_prediction

    if params.get("tune"):
        params["labels"] = labels  # FastRP's search scores its candidates on a validation split of these

    def stage(low: float, high: float):
        if on_progress is None:
            return None
        return lambda fraction, message: on_progress(low + (high - low) * fraction, message)

    high = 0.4 if with_link_prediction else 0.6
    embedding = embed(graph, method, dim=dim, seed=seed, on_progress=stage(0.0, high), **params)
    assessment = assess(graph, embedding, labels=labels, similarity=similarity, max_nodes=max_nodes, seed=seed,
                        standardize=standardize, on_progress=stage(high, high + 0.4 if with_link_prediction else 1.0))
    link_auc = None
    if with_link_prediction:
        if on_progress is not None:
            on_progress(0.8, f"{method}: link prediction (embedding the graph without the held-out edges)")
        link_auc = link_prediction(
            graph, lambda residual: embed(residual, method, dim=dim, seed=seed, **params), similarity=similarity,
            seed=seed,
        ).auc
    return AssessedEmbedding(embedding, assessment, link_auc)
