"""DeepWalk and node2vec: random walks (numba) and a skip-gram with negative sampling (gensim's Word2Vec)."""

from __future__ import annotations

import numba
import numpy as np

from engine._validation import check_in_range, check_positive_int, rng
from engine.embedding._base import Embedding, ProgressCallback, _check_dim, _check_graph, _embed, _report
from engine.types import Graph

__all__ = ["deepwalk", "node2vec", "random_walks"]

#: word2vec's final learning rate (its linear decay ends there).
_MIN_LEARNING_RATE = 1e-4
#: Training calls per epoch (progress is reported after each).
_CHUNKS = 20


def deepwalk(
    graph: Graph,
    *,
    dim: int = 128,
    walks_per_node: int = 10,
    walk_length: int = 80,
    window: int = 10,
    n_negatives: int = 5,
    n_epochs: int = 1,
    learning_rate: float = 0.025,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Embedding:
    """Embed nodes with DeepWalk (Perozzi et al. 2014): uniform walks and a skip-gram.

    Parameters are those of :func:`node2vec` without ``p`` and ``q``.

    Returns
    -------
    Embedding

    Raises
    ------
    EmptyGraphError, ParameterError, UnsupportedGraphError

    References
    ----------
    B. Perozzi, R. Al-Rfou, S. Skiena, "DeepWalk: Online Learning of Social
    Representations", KDD 2014. The paper trains the skip-gram with a
    hierarchical softmax; we use negative sampling (as node2vec does), so
    DeepWalk is node2vec with p = q = 1.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> deepwalk(load_dataset("karate_club"), dim=4, walk_length=10, seed=0).vectors.shape
    (34, 4)
    """
    return _walk_embedding(
        graph, "deepwalk", dim=dim, p=1.0, q=1.0, walks_per_node=walks_per_node, walk_length=walk_length,
        window=window, n_negatives=n_negatives, n_epochs=n_epochs, learning_rate=learning_rate, seed=seed,
        on_progress=on_progress,
    )


def node2vec(
    graph: Graph,
    *,
    dim: int = 128,
    p: float = 1.0,
    q: float = 1.0,
    walks_per_node: int = 10,
    walk_length: int = 80,
    window: int = 10,
    n_negatives: int = 5,
    n_epochs: int = 1,
    learning_rate: float = 0.025,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Embedding:
    """Embed nodes with node2vec (Grover & Leskovec 2016).

    Second-order walks (weight 1/p to return to the previous node, 1 to a
    common neighbour of it, 1/q otherwise, times the edge weight) are drawn
    by rejection sampling in numba; a skip-gram with negative sampling
    (unigram^0.75 noise) is trained on them by gensim's Word2Vec with one
    worker thread, as the reference implementations of DeepWalk and node2vec
    do.

    Parameters
    ----------
    graph : Graph
        Undirected graph; edge weights bias the steps.
    dim : int
        Embedding dimension.
    p, q : float
        Return and in-out parameters (> 0).
    walks_per_node, walk_length : int
        Walks started from every node, and nodes per walk.
    window : int
        Context size on each side of a node in a walk.
    n_negatives : int
        Noise samples per (node, context) pair.
    n_epochs : int
        Passes over the walks.
    learning_rate : float
        Initial SGD step size (word2vec's alpha; it decays linearly to 1e-4).
    seed : int, optional
        Seed of the walks, the initialisation and the noise.
    on_progress : callable, optional
        ``on_progress(fraction, message)``.

    Returns
    -------
    Embedding

    Raises
    ------
    EmptyGraphError, ParameterError, UnsupportedGraphError

    References
    ----------
    A. Grover, J. Leskovec, "node2vec: Scalable Feature Learning for Networks",
    KDD 2016; T. Mikolov et al., "Distributed Representations of Words and
    Phrases and their Compositionality", NIPS 2013. The paper samples with
    alias tables; rejection sampling draws from the same distribution.
    Word2Vec keeps its defaults otherwise (a window shrunk at random per
    centre node, down-sampling of nodes above 1e-3 of the tokens), as the
    reference code does.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> node2vec(load_dataset("karate_club"), dim=4, p=0.5, q=2.0, walk_length=10, seed=0).vectors.shape
    (34, 4)
    """
    return _walk_embedding(
        graph, "node2vec", dim=dim, p=p, q=q, walks_per_node=walks_per_node, walk_length=walk_length,
        window=window, n_negatives=n_negatives, n_epochs=n_epochs, learning_rate=learning_rate, seed=seed,
        on_progress=on_progress,
    )


def random_walks(
    graph: Graph,
    *,
    walks_per_node: int = 10,
    walk_length: int = 80,
    p: float = 1.0,
    q: float = 1.0,
    seed: int | None = None,
) -> np.ndarray:
    """Node2vec random walks, ``walks_per_node`` from every node.

    Returns
    -------
    numpy.ndarray
        ``(n_nodes * walks_per_node, walk_length)`` int64 positions; a walk
        that reaches a node without neighbours is padded with -1.

    Examples
    --------
    >>> g = Graph.from_edges([0], [1])
    >>> random_walks(g, walks_per_node=1, walk_length=3, seed=0).tolist()
    [[0, 1, 0], [1, 0, 1]]
    """
    walks_per_node = check_positive_int(walks_per_node, "walks_per_node")
    walk_length = check_positive_int(walk_length, "walk_length")
    p = check_in_range(p, "p", 0.0, None, low_inclusive=False)
    q = check_in_range(q, "q", 0.0, None, low_inclusive=False)
    generator = rng(seed)
    adjacency = graph.adjacency
    cumulative = _row_cumsum(adjacency.indptr, adjacency.data)
    starts = np.tile(np.arange(graph.n_nodes, dtype=np.int64), walks_per_node)
    return _walks(
        adjacency.indptr.astype(np.int64),
        adjacency.indices.astype(np.int64),
        cumulative,
        starts,
        walk_length,
        1.0 / p,
        1.0 / q,
        int(generator.integers(2**31 - 1)),
    )


def _walk_embedding(graph: Graph, method: str, *, dim, p, q, walks_per_node, walk_length, window, n_negatives,
                    n_epochs, learning_rate, seed, on_progress) -> Embedding:
    dim = _check_dim(dim)
    window = check_positive_int(window, "window")
    n_negatives = check_positive_int(n_negatives, "n_negatives")
    n_epochs = check_positive_int(n_epochs, "n_epochs")
    learning_rate = check_in_range(learning_rate, "learning_rate", 0.0, 10.0, low_inclusive=False)
    params = {"dim": dim}
    if method == "node2vec":
        params.update(p=check_in_range(p, "p", 0.0, None, low_inclusive=False),
                      q=check_in_range(q, "q", 0.0, None, low_inclusive=False))
    params.update(walks_per_node=check_positive_int(walks_per_node, "walks_per_node"),
                  walk_length=check_positive_int(walk_length, "walk_length"), window=window,
                  n_negatives=n_negatives, n_epochs=n_epochs, learning_rate=learning_rate, seed=seed)
    generator = rng(seed)
    _check_graph(graph, method)

    def compute() -> np.ndarray:
        _report(on_progress, 0.0, f"{method}: sampling {walks_per_node * graph.n_nodes:,} walks of "
                                  f"{walk_length} steps")
        walks = random_walks(graph, walks_per_node=walks_per_node, walk_length=walk_length, p=p, q=q,
                             seed=generator)
        return _skipgram(walks, graph.n_nodes, dim=dim, window=window, n_negatives=n_negatives,
                         n_epochs=n_epochs, learning_rate=learning_rate,
                         seed=int(generator.integers(2**31 - 1)), label=method, on_progress=on_progress)

    return _embed(graph, method, params, compute)


def _row_cumsum(indptr: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Cumulative edge weights within each CSR row."""
    cumulative = np.cumsum(data)
    row_offset = np.concatenate([[0.0], cumulative])[indptr[:-1]]
    return cumulative - np.repeat(row_offset, np.diff(indptr))


@numba.njit(cache=True)
def _pick(indices, cumulative, start, end):
    """A neighbour in CSR row segment [start, end), drawn proportionally to its weight."""
    target = np.random.random() * cumulative[end - 1]
    low, high = start, end - 1
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] > target:
            high = middle
        else:
            low = middle + 1
    return indices[low]


@numba.njit(cache=True)
def _is_neighbour(indptr, indices, node, other):
    low, high = indptr[node], indptr[node + 1]
    while low < high:
        middle = (low + high) // 2
        if indices[middle] < other:
            low = middle + 1
        else:
            high = middle
    return low < indptr[node + 1] and indices[low] == other


@numba.njit(cache=True)
def _walks(indptr, indices, cumulative, starts, walk_length, inverse_p, inverse_q, seed):
    np.random.seed(seed)
    walks = np.full((starts.size, walk_length), -1, dtype=np.int64)
    largest = max(inverse_p, 1.0, inverse_q)
    for w in range(starts.size):
        current = starts[w]
        walks[w, 0] = current
        previous = -1
        for step in range(1, walk_length):
            start, end = indptr[current], indptr[current + 1]
            if start == end:
                break
            while True:
                candidate = _pick(indices, cumulative, start, end)
                if previous < 0 or (inverse_p == 1.0 and inverse_q == 1.0):
                    break
                if candidate == previous:
                    bias = inverse_p
                elif _is_neighbour(indptr, indices, previous, candidate):
                    bias = 1.0
                else:
                    bias = inverse_q
                if np.random.random() * largest < bias:
                    break
            walks[w, step] = candidate
            previous, current = current, candidate
    return walks


def _skipgram(walks: np.ndarray, n_nodes: int, *, dim: int, window: int, n_negatives: int, n_epochs: int,
              learning_rate: float, seed: int, label: str, on_progress: ProgressCallback | None) -> np.ndarray:
    """Skip-gram with negative sampling over ``walks`` (gensim's Word2Vec, one worker); returns the input vectors.

    Tokens are the node positions as strings (gensim reads integer keys as
    slot indices in places, which scrambles the noise distribution); the -1
    padding of short walks becomes the empty string, which is out of the
    vocabulary, so gensim skips it. The vocabulary is built from the node
    counts rather than by a scan of the walks. Each epoch is trained in up
    to :data:`_CHUNKS` consecutive calls whose learning rates continue one
    linear decay from ``learning_rate`` to word2vec's 1e-4, so progress is
    reported from this thread; one worker thread keeps the result a function
    of the seed and a busy neighbour process from stalling a team of threads.
    """
    from gensim.models import Word2Vec

    counts = np.bincount(walks[walks >= 0], minlength=n_nodes)
    final_rate = min(_MIN_LEARNING_RATE, learning_rate)
    model = Word2Vec(vector_size=dim, window=window, min_count=0, sg=1, hs=0, negative=n_negatives,
                     alpha=learning_rate, min_alpha=final_rate, workers=1, seed=seed)
    tokens = np.array([str(node) for node in range(n_nodes)] + [""], dtype=object)
    model.build_vocab_from_freq(dict(zip(tokens[:n_nodes].tolist(), counts.tolist())))
    sentences = tokens[walks].tolist()  # position -1 is the empty string
    n_chunks = min(_CHUNKS, len(sentences))
    size = -(-len(sentences) // n_chunks)
    total = n_epochs * n_chunks
    decay = learning_rate - final_rate
    for epoch in range(n_epochs):
        for chunk in range(n_chunks):
            step = epoch * n_chunks + chunk
            part = sentences[chunk * size:(chunk + 1) * size]
            model.train(part, total_examples=len(part), epochs=1, start_alpha=learning_rate - decay * step / total,
                        end_alpha=learning_rate - decay * (step + 1) / total)
            done = min((chunk + 1) * size, len(sentences))
            _report(on_progress, (step + 1) / total, f"{label}: skip-gram epoch {epoch + 1}/{n_epochs}, "
                    f"{done:,} of {len(sentences):,} walks ({(step + 1) / total:.0%})")
    # every node starts walks_per_node walks, so every node is in the vocabulary
    return model.wv.vectors[[model.wv.key_to_index[token] for token in tokens[:n_nodes]]].astype(np.float64)
