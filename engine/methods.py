"""One contract for every method of every capability, and the one path that runs them.

Every method (SSumM, SLUGGER, SHyRe and its baselines, the scene-graph losses and the
frequency baseline, every node embedding) is a :class:`Method` record in :data:`METHODS`:
its capability, the kind of input it takes, its typed :class:`Param` s with defaults and
ranges, and the function that runs it. :func:`execute` is the only way the pages, the
CLI, grids and scripts run a method: it validates the parameters against the record,
runs the method under a time limit, measures wall time and peak memory once, and
records a :class:`~engine.runs.Run` in the registry, so the same method, input, parameters
and seed give the same metrics everywhere.

The functions behind the records import their capability lazily, so looking up a method
(for a widget or a ``--help``) never imports torch.

Examples
--------
>>> from engine.datasets import load_dataset
>>> run = execute("ssumm", GraphInput(load_dataset("karate_club")), {"ratio": 0.3}, seed=1, record=False)
>>> run.status, run.metrics["n_supernodes"] < 34
('ok', True)
>>> execute("ssumm", GraphInput(load_dataset("karate_club")), {"ratio": 2.0}, record=False)
Traceback (most recent call last):
...
engine.errors.ParameterError: ratio must be in [0.001, 0.99] (got 2.0)
"""

from __future__ import annotations

import hashlib
import importlib
import json
import numbers
import threading
import time
import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

import numpy as np

from engine import __version__
from engine._validation import rng
from engine.errors import ConvergenceWarning, GraphLensError, ParameterError, RegistryError, TimeLimitError
from engine.runs import Estimate, Run, RunRegistry, jsonable, measure, note_registry_problem, predict_seconds
from engine.types import Graph

__all__ = [
    "Param",
    "Method",
    "METHODS",
    "CAPABILITIES",
    "INPUT_KINDS",
    "GraphInput",
    "HypergraphPair",
    "SceneGraphSplit",
    "get_method",
    "methods_for",
    "execute",
    "input_size",
    "estimate_seconds",
    "task_key",
    "DEFAULT_TIME_LIMIT",
]

#: Capabilities, in the order the app shows them.
CAPABILITIES = ("summarization", "hypergraph", "scenegraph", "embedding")
#: The kinds of input a method takes, and the wrapper type of each.
INPUT_KINDS = ("graph", "hypergraph_pair", "scenegraph_split")
#: Wall-clock limit of one run, in seconds, when none is given.
DEFAULT_TIME_LIMIT = 600.0
#: Longest free-text parameter value accepted.
MAX_TEXT_LENGTH = 200

ProgressCallback = Callable[[float, str], None]


# --------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Param:
    """A typed parameter of a method, with its default and allowed values.

    The type is the default's: ``bool``, ``int``, ``float`` or ``str``. Numbers have an
    inclusive range ``[low, high]``; strings either a tuple of ``choices`` or free text of
    at most ``max_length`` characters.

    Examples
    --------
    >>> Param("ratio", 0.1, low=0.001, high=0.99).validate(0.5)
    0.5
    >>> Param("error", "re1", choices=("re1", "re2")).validate("re3")
    Traceback (most recent call last):
    ...
    engine.errors.ParameterError: error must be one of re1, re2 (got 're3')
    """

    name: str
    default: bool | int | float | str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    help: str = ""
    max_length: int = MAX_TEXT_LENGTH

    @property
    def kind(self) -> type:
        """``bool``, ``int``, ``float`` or ``str``."""
        return type(self.default)

    def validate(self, value: Any) -> bool | int | float | str:
        """``value`` coerced to this parameter's type.

        Raises
        ------
        ParameterError
            If it is of the wrong type, out of range, not a choice, or too long.
        """
        kind = self.kind
        if kind is bool:
            if isinstance(value, (bool, np.bool_)):
                return bool(value)
            raise ParameterError(f"{self.name} must be true or false (got {value!r})")
        if kind is int:
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
                raise ParameterError(f"{self.name} must be an integer (got {value!r})")
            value = int(value)
        elif kind is float:
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value):
                raise ParameterError(f"{self.name} must be a finite number (got {value!r})")
            value = float(value)
        else:
            if not isinstance(value, str):
                raise ParameterError(f"{self.name} must be text (got {value!r})")
            if self.choices and value not in self.choices:
                raise ParameterError(f"{self.name} must be one of {', '.join(self.choices)} (got {value!r})")
            if len(value) > self.max_length:
                raise ParameterError(f"{self.name} must be at most {self.max_length} characters (got {len(value)})")
            return value
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise ParameterError(f"{self.name} must be in [{_number(self.low)}, {_number(self.high)}] (got {value!r})")
        return value


def _number(bound: float | None) -> str:
    return "-inf" if bound is None else f"{bound:g}"


# --------------------------------------------------------------------------- inputs
@dataclass(frozen=True, eq=False)
class GraphInput:
    """A graph, with optional node labels for methods that score a classification."""

    graph: Graph
    labels: np.ndarray | None = None

    @property
    def name(self) -> str:
        """The graph's name."""
        return self.graph.name

    def fingerprint(self) -> str:
        """Content hash of the graph (and the labels, when given)."""
        if self.labels is None:
            return self.graph.fingerprint()
        digest = hashlib.sha256(self.graph.fingerprint().encode())
        digest.update(repr(list(self.labels)).encode())
        return digest.hexdigest()


@dataclass(frozen=True, eq=False)
class HypergraphPair:
    """A training hypergraph and a query hypergraph whose hyperedges are reconstructed."""

    train: Any
    test: Any

    @property
    def name(self) -> str:
        """The query hypergraph's name, with the training one's when they differ."""
        return self.test.name if self.train.name == self.test.name else f"{self.train.name} → {self.test.name}"

    def fingerprint(self) -> str:
        """Content hash of both hypergraphs."""
        return hashlib.sha256(f"{self.train.fingerprint()}|{self.test.fingerprint()}".encode()).hexdigest()


@dataclass(frozen=True, eq=False)
class SceneGraphSplit:
    """Scene graphs to train on and scene graphs to evaluate on (one vocabulary)."""

    train: Any
    test: Any

    @property
    def name(self) -> str:
        """The test set's display name (marked synthetic where it is)."""
        return self.test.display_name

    def fingerprint(self) -> str:
        """Content hash of both sets."""
        return hashlib.sha256(f"{self.train.fingerprint()}|{self.test.fingerprint()}".encode()).hexdigest()


_INPUT_TYPES: dict[str, type] = {"graph": GraphInput, "hypergraph_pair": HypergraphPair, "scenegraph_split": SceneGraphSplit}


# --------------------------------------------------------------------------- methods
@dataclass(frozen=True)
class Method:
    """A method of one capability: what it takes, its parameters and the function that runs it.

    ``function(inputs, *, seed, on_progress, **params)`` returns a result object with
    ``metrics()`` (flat dict of numbers) and ``details()`` (JSON-able, for figures).
    ``imports`` names the modules the function loads lazily; :func:`execute` imports them
    before it starts the clock, so a run's seconds never include loading torch or numba.
    """

    capability: str
    name: str
    title: str
    input_kind: str
    function: Callable[..., Any] = field(repr=False)
    params: tuple[Param, ...] = ()
    paper: str = ""
    summary: str = ""
    imports: tuple[str, ...] = ()

    def param(self, name: str) -> Param:
        """The parameter called ``name``.

        Raises
        ------
        ParameterError
            If the method has no such parameter.
        """
        for param in self.params:
            if param.name == name:
                return param
        allowed = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"{self.name} has no parameter {name!r} (parameters: {allowed})")

    def defaults(self) -> dict[str, Any]:
        """Every parameter at its default."""
        return {param.name: param.default for param in self.params}

    def validate(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """The complete parameter dict: defaults overridden by ``params``, each value validated.

        Raises
        ------
        ParameterError
            On an unknown parameter or a bad value.
        """
        params = dict(params or {})
        for name in params:
            self.param(name)
        return {param.name: param.validate(params.get(param.name, param.default)) for param in self.params}


def get_method(method: str | Method) -> Method:
    """The :class:`Method` named ``method`` (or ``method`` itself).

    Raises
    ------
    ParameterError
        If there is no such method.
    """
    if isinstance(method, Method):
        return method
    try:
        return METHODS[method]
    except (KeyError, TypeError):
        raise ParameterError(f"method must be one of {', '.join(METHODS)} (got {method!r})") from None


def methods_for(capability: str) -> list[Method]:
    """The methods of one capability, in display order.

    Raises
    ------
    ParameterError
        On an unknown capability.
    """
    if capability not in CAPABILITIES:
        raise ParameterError(f"capability must be one of {', '.join(CAPABILITIES)} (got {capability!r})")
    return [method for method in METHODS.values() if method.capability == capability]


# --------------------------------------------------------------------------- execution
def input_size(inputs: Any) -> int:
    """The size a method's run time grows with, one number per input kind.

    A graph: its edges. A hypergraph pair: node–hyperedge memberships of both halves. A
    scene-graph split: ordered object pairs of every image of both sets (the pairs a
    predicate classifier scores). :func:`execute` records it in each run's details
    (``input_size``) so that :func:`estimate_seconds` can fit run time against it.

    Raises
    ------
    ParameterError
        If ``inputs`` is none of :data:`INPUT_KINDS`' types.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> input_size(GraphInput(load_dataset("karate_club")))
    78
    """
    if isinstance(inputs, Graph):
        return int(inputs.n_edges)
    if isinstance(inputs, GraphInput):
        return int(inputs.graph.n_edges)
    if isinstance(inputs, HypergraphPair):
        return int(sum(int(np.sum(half.sizes())) for half in (inputs.train, inputs.test)))
    if isinstance(inputs, SceneGraphSplit):
        return int(sum(g.n_objects * (g.n_objects - 1) for half in (inputs.train, inputs.test) for g in half))
    kinds = ", ".join(kind.__name__ for kind in _INPUT_TYPES.values())
    raise ParameterError(f"inputs must be one of {kinds} (got {type(inputs).__name__})")


def estimate_seconds(method: str | Method, inputs: Any, params: Mapping[str, Any] | None = None, *,
                     registry: RunRegistry | None = None) -> Estimate | None:
    """Run time of ``method`` on ``inputs`` with ``params``, predicted from the registry's past runs.

    The one estimate every method page shows before a run (:func:`engine.runs.predict_seconds`
    over :func:`input_size`): past runs with the same parameters when there are enough of them,
    else every past run of the method.

    Returns
    -------
    Estimate or None
        None when the registry has too few finished runs of the method (or cannot be read), or
        ``params`` are not valid for it.
    """
    spec = get_method(method)
    try:
        values = spec.validate(params)
    except ParameterError:
        return None
    return predict_seconds(registry or RunRegistry(), spec.name, input_size(inputs), params=values)


def task_key(method: str, params: Mapping[str, Any], fingerprint: str, seed: int | None) -> str:
    """Identity of a run for resuming grids: method, validated params, input, seed and engine version."""
    text = json.dumps([method, jsonable(dict(params)), fingerprint, seed, __version__], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class _Deadline:
    """Wraps a progress callback so that the run stops at the next progress report after the limit."""

    def __init__(self, seconds: float, on_progress: ProgressCallback | None) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self.on_progress = on_progress
        self.owner = threading.get_ident()

    def __call__(self, fraction: float, message: str = "") -> None:
        if time.monotonic() > self.expires and threading.get_ident() == self.owner:
            raise TimeLimitError(f"the run passed its time limit of {self.seconds:g} s and was stopped")
        if self.on_progress is not None:
            self.on_progress(fraction, message)


def execute(
    method: str | Method,
    inputs: Any,
    params: Mapping[str, Any] | None = None,
    *,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    record: bool = True,
    registry: RunRegistry | None = None,
    owner: str = "",
    grid_id: str = "",
    raise_errors: bool = True,
) -> Run:
    """Validate, run, measure and record one method on one input.

    Parameters
    ----------
    method : str or Method
        A name in :data:`METHODS`.
    inputs : GraphInput, HypergraphPair or SceneGraphSplit
        Of the method's ``input_kind`` (a plain :class:`~engine.types.Graph` is taken as a ``GraphInput``).
    params : mapping, optional
        Parameter values; the others take their defaults.
    seed : int, optional
        Seed of every random choice (``None``: fresh randomness).
    on_progress : callable, optional
        ``on_progress(fraction, message)`` from inside the method's loops.
    time_limit : float, optional
        Seconds after which the run stops at its next progress report (``None``: no limit).
    record : bool
        Store the run in ``registry`` (default: the one at ``$GRAPHLENS_HOME``). When the registry
        cannot be written the run is returned unrecorded (``id`` 0) and the problem is noted
        (:func:`engine.runs.registry_notices`).
    owner, grid_id : str
        Who ran it (a browser session, ``cli``) and the grid it belongs to.
    raise_errors : bool
        Raise when the run fails or times out (default); when false, return the failed or
        timed-out run instead (grids record it and go on). Bad parameters always raise.

    Returns
    -------
    Run
        With ``status`` "ok", the metrics, time and peak memory; ``Run.result`` holds the method's result.

    Raises
    ------
    ParameterError
        On a bad parameter, seed or input kind (nothing is run or recorded).
    TimeLimitError
        When the run passes ``time_limit`` (recorded with status "timed_out"), unless ``raise_errors`` is false.
    GraphLensError
        When the method refuses its input (recorded with status "failed"), unless ``raise_errors`` is false.
    """
    spec = get_method(method)
    inputs = _check_inputs(spec, inputs)
    values = spec.validate(params)
    rng(seed)  # rejects a bad seed before any work
    if time_limit is not None and (not isinstance(time_limit, numbers.Real) or time_limit <= 0):
        raise ParameterError(f"time_limit must be a positive number of seconds (got {time_limit!r})")
    deadline = _Deadline(float(time_limit), on_progress) if time_limit is not None else on_progress
    fingerprint = inputs.fingerprint()
    base = dict(
        capability=spec.capability, method=spec.name, params=values, dataset=inputs.name, fingerprint=fingerprint,
        seed=seed, engine_version=__version__, task_key=task_key(spec.name, values, fingerprint, seed),
        owner=owner, grid_id=grid_id,
    )
    for module in spec.imports:
        importlib.import_module(module)
    status, error, result = "ok", "", None
    with measure() as measurement, warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        try:
            result = spec.function(inputs, seed=seed, on_progress=deadline, **values)
        except TimeLimitError as exc:
            status, error, failure = "timed_out", str(exc), exc
        except GraphLensError as exc:
            status, error, failure = "failed", str(exc), exc
        except MemoryError as exc:
            status, error, failure = "failed", "the run ran out of memory", exc
    metrics, details = (result.metrics(), result.details()) if status == "ok" else ({}, {})
    details = {**details, "input_size": input_size(inputs)}  # what estimate_seconds fits run time against
    run = Run(id=0, metrics=jsonable(metrics), details=jsonable(details), seconds=measurement.seconds,
              peak_bytes=measurement.peak_bytes, created="", status=status, error=error, **base)
    if record:
        try:
            run = (registry or RunRegistry()).add(run)
        except RegistryError as exc:  # the result is kept; the CLI and the app show the noted problem
            note_registry_problem(f"{exc}; the run was not recorded")
    if status != "ok" and raise_errors:
        raise failure
    return run.with_result(result)


def _check_inputs(spec: Method, inputs: Any) -> Any:
    if spec.input_kind == "graph" and isinstance(inputs, Graph):
        inputs = GraphInput(inputs)
    expected = _INPUT_TYPES[spec.input_kind]
    if not isinstance(inputs, expected):
        raise ParameterError(f"{spec.name} takes a {expected.__name__} (got {type(inputs).__name__})")
    return inputs


# --------------------------------------------------------------------------- the methods' functions
def _ssumm(inputs: GraphInput, *, seed, on_progress, ratio: float, error: str, n_iterations: int):
    from engine.summarization import ssumm

    return ssumm(inputs.graph, ratio=ratio, error=error, n_iterations=n_iterations, seed=seed, on_progress=on_progress)


def _slugger(inputs: GraphInput, *, seed, on_progress, n_iterations: int):
    from engine.summarization import slugger

    return slugger(inputs.graph, n_iterations=n_iterations, seed=seed, on_progress=on_progress).verified(inputs.graph)


def _reconstruction(name: str) -> Callable[..., Any]:
    def run(inputs: HypergraphPair, *, seed, on_progress, **params):
        from engine.hypergraph.evaluate import evaluate_reconstruction

        return evaluate_reconstruction(inputs.train, inputs.test, name, seed=seed, on_progress=on_progress, **params)

    return run


def _predcls(name: str) -> Callable[..., Any]:
    def run(inputs: SceneGraphSplit, *, seed, on_progress, **params):
        from engine.scenegraph import run_predcls

        options = {} if name == "frequency" else {"seed": seed, **params}
        return run_predcls(inputs.train, inputs.test, method=name, on_progress=on_progress, **options)

    return run


def _embedding(name: str) -> Callable[..., Any]:
    def run(inputs: GraphInput, *, seed, on_progress, dim: int, similarity: str, max_nodes: int,
            link_prediction: bool, standardize: bool, **params):
        from engine.embedding import embed_and_assess

        labels = inputs.labels if inputs.labels is not None else inputs.graph.labels
        return embed_and_assess(inputs.graph, name, labels=labels, dim=dim, seed=seed, similarity=similarity,
                                max_nodes=max_nodes, with_link_prediction=link_prediction, standardize=standardize,
                                on_progress=on_progress, **params)

    return run


_EPOCHS = Param("epochs", 10, low=1, high=200, help="training epochs over the training images")
_LR = Param("lr", 0.1, low=1e-4, high=1.0, help="SGD learning rate (ignored when tune_lr is on)")
_TUNE_LR = Param("tune_lr", True, help="choose the learning rate from the grid 0.03, 0.1, 0.3, 1 on a validation "
                 "split of the training images (a fifth), then train on all of them")
_EMBEDDING_COMMON = (
    Param("dim", 128, low=2, high=1024, help="embedding dimension"),
    Param("similarity", "cosine", choices=("cosine", "dot", "euclidean"), help="similarity used to rank neighbours (RESTORE)"),
    Param("max_nodes", 2000, low=10, high=100_000, help="nodes queried for RESTORE mAP (a seeded sample above it)"),
    Param("link_prediction", False, help="also score link prediction (re-embeds the graph without a fifth of its edges)"),
    Param("standardize", True, help="node classification: scale each feature on the training nodes first (off: the "
          "vectors as they are, as the DeepWalk and FastRP reference scoring scripts do)"),
)
_WALKS = (
    Param("walks_per_node", 10, low=1, high=100, help="random walks started at every node"),
    Param("walk_length", 40, low=2, high=200, help="nodes per walk"),
    Param("window", 5, low=1, high=20, help="skip-gram context window"),
)
_SSUMM_PAPER = "K. Lee, H. Jo, J. Ko, S. Lim, K. Shin. SSumM: Sparse Summarization of Massive Graphs. KDD 2020."
_SLUGGER_PAPER = ("K. Lee, J. Ko, K. Shin. SLUGGER: Lossless Hierarchical Summarization of Massive Graphs. "
                  "ICDE 2022.")
_SHYRE_PAPER = ("Y. Wang, J. Kleinberg. From Graphs to Hypergraphs: Hypergraph Projection and its Reconstruction. "
                "ICLR 2024.")
_DNORM_PAPER = ("B. Knyazev, H. de Vries, C. Cangea, G. W. Taylor, A. Courville, E. Belilovsky. Graph Density-Aware "
                "Losses for Novel Compositions in Scene Graph Generation. BMVC 2020.")

#: The modules each capability's functions above import lazily, their classifiers included
#: (sklearn alone takes 1-2 s to import).
_LAZY_IMPORTS = {
    "summarization": ("engine.summarization",),
    "hypergraph": ("engine.hypergraph.evaluate", "networkx", "sklearn.linear_model", "sklearn.model_selection"),
    "scenegraph": ("engine.scenegraph",),
    "embedding": ("engine.embedding", "engine.embedding.assess", "sklearn.linear_model", "sklearn.multiclass",
                  "sklearn.preprocessing"),
}

#: Every method, by unique name.
METHODS: dict[str, Method] = {
    method.name: replace(method, imports=_LAZY_IMPORTS[method.capability])
    for method in (
        Method("summarization", "ssumm", "SSumM", "graph", _ssumm, (
            Param("ratio", 0.1, low=0.001, high=0.99, help="bit budget as a fraction of the input's 2|E|log2|V| bits"),
            Param("error", "re1", choices=("re1", "re2"), help="reconstruction error minimised (L1 or L2)"),
            Param("n_iterations", 20, low=1, high=200, help="merging iterations"),
        ), _SSUMM_PAPER, "lossy summary within a bit budget"),
        Method("summarization", "slugger", "SLUGGER", "graph", _slugger, (
            Param("n_iterations", 20, low=1, high=200, help="merging iterations"),
        ), _SLUGGER_PAPER, "lossless hierarchical summary"),
        Method("hypergraph", "shyre", "SHyRe", "hypergraph_pair", _reconstruction("shyre"), (
            Param("budget", 1000, low=1, high=1_000_000, help="sampling budget β: cliques sampled per size"),
            Param("features", "count", choices=("count", "motif"),
                  help="candidate features: count (nine clique statistics) or motif (hypergraph-motif counts around "
                  "each node and node pair; slower on dense graphs)"),
            Param("decision", "jaccard", choices=("jaccard", "accuracy"),
                  help="keep a candidate above the probability cut that maximises the training Jaccard (jaccard) "
                  "or above 0.5 as in the paper (accuracy)"),
        ), _SHYRE_PAPER, "supervised reconstruction: learns which cliques are hyperedges"),
        Method("hypergraph", "maxclique", "Maximal cliques", "hypergraph_pair", _reconstruction("maxclique"), (),
               "C. Bron, J. Kerbosch. Finding all cliques of an undirected graph. CACM 1973.",
               "every maximal clique of the projection is a hyperedge"),
        Method("hypergraph", "cliquecover", "Edge clique cover", "hypergraph_pair", _reconstruction("cliquecover"), (),
               "J. Gramm, J. Guo, F. Hüffner, R. Niedermeier. Data reduction and exact algorithms for clique cover. "
               "JEA 2009.", "a greedy set of cliques covering every edge"),
        Method("hypergraph", "cfinder", "CFinder", "hypergraph_pair", _reconstruction("cfinder"), (),
               "G. Palla, I. Derényi, I. Farkas, T. Vicsek. Uncovering the overlapping community structure of "
               "complex networks in nature and society. Nature 2005.", "k-clique percolation communities"),
        Method("scenegraph", "frequency", "Frequency baseline", "scenegraph_split", _predcls("frequency"), (),
               "R. Zellers, M. Yatskar, S. Thomson, Y. Choi. Neural Motifs. CVPR 2018.",
               "the most frequent predicate of each subject–object class pair"),
        Method("scenegraph", "baseline", "PredCls, baseline loss", "scenegraph_split", _predcls("baseline"),
               (_EPOCHS, _LR, _TUNE_LR), _DNORM_PAPER, "cross-entropy over every edge, background included"),
        Method("scenegraph", "dnorm", "PredCls, density-normalized loss", "scenegraph_split", _predcls("dnorm"),
               (_EPOCHS, _LR, _TUNE_LR), _DNORM_PAPER, "foreground and background terms each normalised by their count"),
        Method("scenegraph", "dnorm-fgbg", "PredCls, dnorm with BG weight", "scenegraph_split", _predcls("dnorm-fgbg"),
               (_EPOCHS, _LR, _TUNE_LR, Param("beta", 1.0, low=0.0, high=100.0, help="weight of the background term")),
               _DNORM_PAPER, "density-normalized loss with a weighted background term"),
        Method("embedding", "fastrp", "FastRP", "graph", _embedding("fastrp"), _EMBEDDING_COMMON + (
            Param("weights", "1, 1, 7.81, 45.28", help="iteration weights α for A¹..A^q, comma-separated (≤ 10)",
                  max_length=120),
            Param("beta", -0.628, low=-2.0, high=1.0, help="degree-normalisation exponent β"),
            Param("tune", False, help="choose α, β and the per-power normalisation on this graph (a seeded search "
                                      "over about 50 candidates costing ~7 FastRP runs; on a validation split of "
                                      "the labels, else on held-aside edges); the chosen values are reported"),
        ), "H. Chen, S. F. Sultan, Y. Tian, M. Chen, S. Skiena. Fast and Accurate Network Embeddings via Very "
           "Sparse Random Projection. CIKM 2019.", "very sparse random projection of powers of the adjacency"),
        Method("embedding", "hope", "HOPE (Katz)", "graph", _embedding("hope"), _EMBEDDING_COMMON + (
            Param("decay_ratio", 0.5, low=0.01, high=0.99, help="Katz decay as a fraction of 1/ρ(A)"),
        ), "M. Ou, P. Cui, J. Pei, Z. Zhang, W. Zhu. Asymmetric Transitivity Preserving Graph Embedding. KDD 2016.",
           "SVD of the Katz proximity matrix"),
        Method("embedding", "laplacian", "Laplacian eigenmaps", "graph", _embedding("laplacian"), _EMBEDDING_COMMON,
               "M. Belkin, P. Niyogi. Laplacian Eigenmaps for Dimensionality Reduction and Data Representation. "
               "Neural Computation 2003.", "smallest eigenvectors of the normalised Laplacian"),
        Method("embedding", "deepwalk", "DeepWalk", "graph", _embedding("deepwalk"), _EMBEDDING_COMMON + _WALKS,
               "B. Perozzi, R. Al-Rfou, S. Skiena. DeepWalk: Online Learning of Social Representations. KDD 2014.",
               "skip-gram over uniform random walks"),
        Method("embedding", "node2vec", "node2vec", "graph", _embedding("node2vec"), _EMBEDDING_COMMON + (
            Param("p", 1.0, low=0.01, high=100.0, help="return parameter"),
            Param("q", 1.0, low=0.01, high=100.0, help="in-out parameter"),
        ) + _WALKS, "A. Grover, J. Leskovec. node2vec: Scalable Feature Learning for Networks. KDD 2016.",
           "skip-gram over biased second-order random walks"),
        Method("embedding", "sdne", "SDNE", "graph", _embedding("sdne"), _EMBEDDING_COMMON + (
            Param("hidden", 256, low=2, high=4096, help="hidden-layer width"),
            Param("beta", 5.0, low=1.0, high=100.0, help="weight of non-zero entries"),
            Param("alpha", 30.0, low=0.0, high=1000.0, help="weight of the first-order loss"),
            Param("n_epochs", 10, low=1, high=500, help="training epochs"),
            Param("sampled_columns", 1024, low=1, high=10_000_000,
                  help="columns decoded per batch to estimate the reconstruction of the zeros (n or more: exact)"),
        ), "D. Wang, P. Cui, W. Zhu. Structural Deep Network Embedding. KDD 2016.",
           "deep autoencoder of adjacency rows with a first-order term"),
    )
}
