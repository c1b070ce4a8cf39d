"""Node embeddings and their assessment.

Methods (each ``f(graph, *, dim, seed, ...) -> Embedding``): :func:`fastrp`,
:func:`hope`, :func:`laplacian_eigenmaps`, :func:`deepwalk`,
:func:`node2vec`, :func:`sdne`. :data:`METHODS` describes them and their
tunable parameters for the page and the CLI; :mod:`engine.embedding.assess`
scores an embedding (RESTORE mAP, precision@k, classification, link prediction).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from engine.embedding._base import Embedding
from engine.embedding.fastrp import fastrp
from engine.embedding.hope import hope
from engine.embedding.laplacian import laplacian_eigenmaps
from engine.embedding.sdne import sdne
from engine.embedding.walks import deepwalk, node2vec
from engine.errors import ParameterError

__all__ = [
    "Embedding",
    "fastrp",
    "hope",
    "laplacian_eigenmaps",
    "deepwalk",
    "node2vec",
    "sdne",
    "ParamSpec",
    "MethodInfo",
    "METHODS",
    "method_info",
    "embed",
    "embed_and_assess",
]


@dataclass(frozen=True)
class ParamSpec:
    """A tunable parameter of a method: its default and allowed range (for widgets)."""

    name: str
    default: float | int | str
    low: float | None = None
    high: float | None = None
    help: str = ""


@dataclass(frozen=True)
class MethodInfo:
    """An embedding method: CLI name, display title, function and tunable parameters (besides dim, seed)."""

    name: str
    title: str
    function: Callable[..., Embedding]
    params: tuple[ParamSpec, ...] = ()


#: Most FastRP iteration weights accepted from text (each is one more sparse product).
MAX_WEIGHTS = 10

#: Every embedding method, by CLI name.
METHODS: dict[str, MethodInfo] = {
    info.name: info
    for info in (
        MethodInfo("fastrp", "FastRP", fastrp, (
            ParamSpec("weights", "1, 1, 7.81, 45.28", help="iteration weights α for P¹..P^q"),
            ParamSpec("beta", -0.628, -2.0, 1.0, "degree-normalisation exponent β"),
        )),
        MethodInfo("hope", "HOPE (Katz)", hope, (
            ParamSpec("decay_ratio", 0.5, 0.01, 0.99, "Katz decay as a fraction of 1/ρ(A)"),
        )),
        MethodInfo("laplacian", "Laplacian eigenmaps", laplacian_eigenmaps),
        MethodInfo("deepwalk", "DeepWalk", deepwalk, (
            ParamSpec("walks_per_node", 10, 1, 100),
            ParamSpec("walk_length", 40, 2, 200),
            ParamSpec("window", 5, 1, 20),
        )),
        MethodInfo("node2vec", "node2vec", node2vec, (
            ParamSpec("p", 1.0, 0.01, 100.0, "return parameter"),
            ParamSpec("q", 1.0, 0.01, 100.0, "in-out parameter"),
            ParamSpec("walks_per_node", 10, 1, 100),
            ParamSpec("walk_length", 40, 2, 200),
            ParamSpec("window", 5, 1, 20),
        )),
        MethodInfo("sdne", "SDNE", sdne, (
            ParamSpec("hidden", 256, 2, 4096, "hidden-layer width"),
            ParamSpec("beta", 5.0, 1.0, 100.0, "weight of non-zero entries"),
            ParamSpec("alpha", 30.0, 0.0, 1000.0, "weight of the first-order loss"),
            ParamSpec("n_epochs", 10, 1, 500),
        )),
    )
}


def method_info(name: str) -> MethodInfo:
    """The :class:`MethodInfo` of ``name``.

    Raises
    ------
    ParameterError
        If there is no such method.
    """
    try:
        return METHODS[name]
    except KeyError:
        raise ParameterError(f"method must be one of {', '.join(METHODS)} (got {name!r})") from None


def embed(graph, method: str, *, dim: int = 128, seed: int | None = None, on_progress=None, **params) -> Embedding:
    """Run the method named ``method`` (``fastrp``, ``hope``, ``laplacian``, ``deepwalk``, ``node2vec``, ``sdne``).

    ``weights`` for FastRP may be given as a comma-separated string.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> embed(load_dataset("karate_club"), "fastrp", dim=4, seed=0, weights="0, 1").vectors.shape
    (34, 4)
    """
    info = method_info(method)
    if isinstance(params.get("weights"), str):
        params["weights"] = _parse_weights(params["weights"])
    return info.function(graph, dim=dim, seed=seed, on_progress=on_progress, **params)


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
    on_progress=None,
    **params,
):
    """Embed ``graph`` with ``method`` and assess the embedding (RESTORE mAP, precision@k, classification).

    Parameters
    ----------
    graph : Graph
    method : str
        A name in :data:`METHODS`.
    labels : numpy.ndarray, optional
        Node labels for classification (none: no classification).
    dim, seed, **params
        Passed to the method.
    similarity : {"cosine", "dot", "euclidean"}
    max_nodes : int, optional
        Nodes queried for mAP (a seeded sample above it).
    with_link_prediction : bool
        Also re-embed the graph without a fifth of its edges and score those edges (ROC-AUC).
    on_progress : callable, optional

    Returns
    -------
    AssessedEmbedding
    """
    from engine.embedding.assess import AssessedEmbedding, assess, link_prediction

    def stage(low: float, high: float):
        if on_progress is None:
            return None
        return lambda fraction, message: on_progress(low + (high - low) * fraction, message)

    title = method_info(method).title
    high = 0.4 if with_link_prediction else 0.6
    embedding = embed(graph, method, dim=dim, seed=seed, on_progress=stage(0.0, high), **params)
    assessment = assess(graph, embedding, labels=labels, similarity=similarity, max_nodes=max_nodes, seed=seed,
                        on_progress=stage(high, high + 0.4 if with_link_prediction else 1.0))
    link_auc = None
    if with_link_prediction:
        if on_progress is not None:
            on_progress(0.8, f"{title}: link prediction (embedding the graph without the held-out edges)")
        link_auc = link_prediction(
            graph, lambda residual: embed(residual, method, dim=dim, seed=seed, **params), similarity=similarity,
            seed=seed,
        ).auc
    return AssessedEmbedding(embedding, assessment, link_auc)
