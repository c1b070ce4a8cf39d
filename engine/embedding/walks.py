"""DeepWalk and node2vec: random walks and a skip-gram with negative sampling (word2vec's SGNS), both in numba."""

from __future__ import annotations

import numba
import numpy as np

from engine._validation import check_in_range, check_positive_int, rng
from engine.embedding._base import Embedding, ProgressCallback, _check_dim, _check_graph, _embed, _report
from engine.types import Graph

__all__ = ["deepwalk", "node2vec", "random_walks"]

#: word2vec's final learning rate (its linear decay ends there).
_MIN_LEARNING_RATE = 1e-4
#: word2vec's down-sampling threshold ``sample`` (word2vec.c's and gensim's default).
_DOWNSAMPLING = 1e-3
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
    (unigram^0.75 noise, word2vec's algorithm and defaults, which the
    reference implementations of DeepWalk and node2vec train through
    gensim's Word2Vec) is trained on them by a serial numba kernel: one
    thread, float32, a function of the seed.

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
    The skip-gram keeps word2vec's defaults otherwise (a window shrunk at
    random per centre node, down-sampling of nodes above 1e-3 of the
    tokens), as the reference code's gensim does; it departs from word2vec.c
    only in how it draws random numbers (see ``_skipgram``).

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
    """Skip-gram with negative sampling over ``walks`` (numba, one thread); returns the input vectors.

    word2vec's SGNS (Mikolov et al. 2013, as in word2vec.c and gensim's
    ``Word2Vec(sg=1, hs=0)``): float32 input vectors drawn uniformly in
    ±1/dim (gensim's range; word2vec.c's is ±0.5/dim) and zero output
    vectors; every node kept with word2vec's down-sampling probability for
    ``sample`` = :data:`_DOWNSAMPLING` (the default of gensim, which the
    DeepWalk and node2vec reference code train with); for each centre node a window shrunk uniformly to 1..``window`` on
    each side; for each (centre, context) pair one positive and
    ``n_negatives`` noise nodes drawn from the unigram^0.75 distribution of
    the walks (noise equal to the centre is skipped), the context's input
    vector and the targets' output vectors moved by SGD on the logistic loss
    (no step where the score is beyond ±6, as in gensim);
    the learning rate decays linearly, by tokens read, from
    ``learning_rate`` to 1e-4 over all epochs. The noise is drawn by an alias
    table (exact, O(1), 16 bytes a node, so it stays in cache) where
    word2vec.c reads a 10^8-entry table; the random numbers come from
    word2vec.c's 64-bit linear congruential generator (its upper 32 bits).

    Each epoch is trained in up to :data:`_CHUNKS` consecutive calls of the
    compiled kernel, which carry the generator's state, the token count and
    so the one learning-rate decay, so progress is reported between calls.
    The kernel is serial: one thread whatever numba's thread count, so the
    result is a function of the seed, and no thread waits on another one
    that a busy neighbour process has delayed.
    """
    counts = np.bincount(walks[walks >= 0], minlength=n_nodes)
    threshold = _DOWNSAMPLING * counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = np.where(counts > 0, (np.sqrt(counts / threshold) + 1.0) * threshold / counts, 1.0)
    probability, alias = _alias_table(counts.astype(np.float64) ** 0.75)
    generator = np.random.default_rng(seed)
    vectors = generator.random((n_nodes, dim), dtype=np.float32) * np.float32(2.0) - np.float32(1.0)
    vectors /= np.float32(dim)
    outputs = np.zeros((n_nodes, dim), dtype=np.float32)
    state = np.array([generator.integers(2**63)], dtype=np.uint64)  # the generator's, updated in place
    final_rate = min(_MIN_LEARNING_RATE, learning_rate)
    n_chunks = min(_CHUNKS, len(walks))
    size = -(-len(walks) // n_chunks)
    total = n_epochs * int(counts.sum())
    read = 0
    for epoch in range(n_epochs):
        for chunk in range(n_chunks):
            read = _train_walks(walks[chunk * size:(chunk + 1) * size], vectors, outputs, keep, probability,
                                alias, window, n_negatives, learning_rate, final_rate, read, total, state)
            step = epoch * n_chunks + chunk + 1
            done = min((chunk + 1) * size, len(walks))
            _report(on_progress, step / (n_epochs * n_chunks), f"{label}: skip-gram epoch {epoch + 1}/{n_epochs}, "
                    f"{done:,} of {len(walks):,} walks ({step / (n_epochs * n_chunks):.0%})")
    return vectors.astype(np.float64)


@numba.njit(cache=True)
def _alias_table(weights):
    """Walker's alias table of ``weights`` (positive): acceptance probabilities and aliases (Vose's construction).

    Draw ``k`` uniformly, keep it with probability ``probability[k]``, else
    take ``alias[k]``: each ``i`` comes out with probability
    ``weights[i] / weights.sum()``.
    """
    n = weights.size
    probability = weights * (n / weights.sum())
    alias = np.arange(n)
    small, large = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    n_small = n_large = 0
    for i in range(n):
        if probability[i] < 1.0:
            small[n_small] = i
            n_small += 1
        else:
            large[n_large] = i
            n_large += 1
    while n_small > 0 and n_large > 0:
        n_small -= 1
        low, high = small[n_small], large[n_large - 1]
        alias[low] = high
        probability[high] += probability[low] - 1.0
        if probability[high] < 1.0:
            n_large -= 1
            small[n_small] = high
            n_small += 1
    for i in range(n_large):  # what is left is 1 up to rounding
        probability[large[i]] = 1.0
    for i in range(n_small):
        probability[small[i]] = 1.0
    return probability, alias


@numba.njit(cache=True, fastmath=True, inline="always")
def _sgd_step(vector, output, gradient, label, rate):
    """A logistic-loss step on ``vector · output`` towards ``label``: ``output`` moves, ``vector``'s move is summed."""
    score = np.float32(0.0)
    for k in range(vector.size):
        score += vector[k] * output[k]
    if score <= -6.0 or score >= 6.0:  # gensim skips these steps (word2vec.c clips the sigmoid to 0 or 1)
        return
    step = (label - np.float32(1.0) / (np.float32(1.0) + np.exp(-score))) * rate
    for k in range(vector.size):
        gradient[k] += step * output[k]
        output[k] += step * vector[k]


@numba.njit(cache=True, fastmath=True)
def _train_walks(walks, vectors, outputs, keep, probability, alias, window, n_negatives, learning_rate, final_rate,
                 read, total, state):
    """SGNS over ``walks`` (see :func:`_skipgram`), advancing ``state[0]``; returns the tokens read so far."""
    multiplier, increment, shift = np.uint64(25214903917), np.uint64(11), np.uint64(32)
    scale = 1.0 / 2.0**32
    n_nodes = np.uint64(vectors.shape[0])
    gradient = np.empty(vectors.shape[1], dtype=np.float32)
    sentence = np.empty(walks.shape[1], dtype=np.int64)
    positive, negative = np.float32(1.0), np.float32(0.0)
    seed = state[0]
    for w in range(walks.shape[0]):
        rate = np.float32(learning_rate - (learning_rate - final_rate) * read / total)
        length = 0
        for i in range(walks.shape[1]):
            node = walks[w, i]
            if node < 0:
                break
            read += 1
            if keep[node] < 1.0:
                seed = seed * multiplier + increment
                if keep[node] < (seed >> shift) * scale:
                    continue
            sentence[length] = node
            length += 1
        for i in range(length):
            seed = seed * multiplier + increment
            reach = window - np.int64((seed >> shift) % np.uint64(window))
            centre = sentence[i]
            for c in range(max(0, i - reach), min(length, i + reach + 1)):
                if c == i:
                    continue
                vector = vectors[sentence[c]]
                gradient[:] = 0.0
                _sgd_step(vector, outputs[centre], gradient, positive, rate)
                for _ in range(n_negatives):
                    seed = seed * multiplier + increment
                    slot = np.int64(((seed >> shift) * n_nodes) >> shift)
                    seed = seed * multiplier + increment
                    noise = slot if (seed >> shift) * scale < probability[slot] else alias[slot]
                    if noise != centre:
                        _sgd_step(vector, outputs[noise], gradient, negative, rate)
                for k in range(vector.size):
                    vector[k] += gradient[k]
    state[0] = seed
    return read
