"""DeepWalk and node2vec: random walks (numba) and a skip-gram with negative sampling (torch)."""

from __future__ import annotations

import numba
import numpy as np
import torch

from engine._validation import check_in_range, check_positive_int, rng
from engine.embedding._base import Embedding, ProgressCallback, _check_dim, _check_graph, _embed, _report
from engine.types import Graph

__all__ = ["deepwalk", "node2vec", "random_walks"]


def deepwalk(
    graph: Graph,
    *,
    dim: int = 128,
    walks_per_node: int = 10,
    walk_length: int = 80,
    window: int = 10,
    n_negatives: int = 5,
    n_epochs: int = 1,
    learning_rate: float = 0.05,
    batch_size: int = 32,
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
        window=window, n_negatives=n_negatives, n_epochs=n_epochs, learning_rate=learning_rate,
        batch_size=batch_size, seed=seed, on_progress=on_progress,
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
    learning_rate: float = 0.05,
    batch_size: int = 32,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Embedding:
    """Embed nodes with node2vec (Grover & Leskovec 2016).

    Second-order walks (weight 1/p to return to the previous node, 1 to a
    common neighbour of it, 1/q otherwise, times the edge weight) are drawn
    by rejection sampling in numba; a skip-gram with negative sampling
    (unigram^0.75 noise) is trained on them in torch.

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
        Adagrad step size.
    batch_size : int
        Walks per optimisation step.
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
    alias tables; rejection sampling draws from the same distribution. The
    skip-gram runs on batches of walks with row-wise Adagrad instead of
    word2vec's per-pair SGD, the window is used in full (word2vec shrinks it
    at random), and the noise nodes of one centre occurrence are shared by
    its context pairs.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> node2vec(load_dataset("karate_club"), dim=4, p=0.5, q=2.0, walk_length=10, seed=0).vectors.shape
    (34, 4)
    """
    return _walk_embedding(
        graph, "node2vec", dim=dim, p=p, q=q, walks_per_node=walks_per_node, walk_length=walk_length,
        window=window, n_negatives=n_negatives, n_epochs=n_epochs, learning_rate=learning_rate,
        batch_size=batch_size, seed=seed, on_progress=on_progress,
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
                    n_epochs, learning_rate, batch_size, seed, on_progress) -> Embedding:
    dim = _check_dim(dim)
    window = check_positive_int(window, "window")
    n_negatives = check_positive_int(n_negatives, "n_negatives")
    n_epochs = check_positive_int(n_epochs, "n_epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    learning_rate = check_in_range(learning_rate, "learning_rate", 0.0, 10.0, low_inclusive=False)
    params = {"dim": dim}
    if method == "node2vec":
        params.update(p=check_in_range(p, "p", 0.0, None, low_inclusive=False),
                      q=check_in_range(q, "q", 0.0, None, low_inclusive=False))
    params.update(walks_per_node=check_positive_int(walks_per_node, "walks_per_node"),
                  walk_length=check_positive_int(walk_length, "walk_length"), window=window,
                  n_negatives=n_negatives, n_epochs=n_epochs, learning_rate=learning_rate,
                  batch_size=batch_size, seed=seed)
    generator = rng(seed)
    _check_graph(graph, method)

    def compute() -> np.ndarray:
        _report(on_progress, 0.0, f"{method}: sampling walks")
        walks = random_walks(graph, walks_per_node=walks_per_node, walk_length=walk_length, p=p, q=q,
                             seed=generator)
        return _skipgram(walks, graph.n_nodes, dim=dim, window=window, n_negatives=n_negatives,
                         n_epochs=n_epochs, learning_rate=learning_rate, batch_size=batch_size,
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
              learning_rate: float, batch_size: int, seed: int, label: str,
              on_progress: ProgressCallback | None) -> np.ndarray:
    """Skip-gram with negative sampling over ``walks``; returns the input (centre) vectors.

    Gradients are written out by hand and applied by row-wise Adagrad (as in
    PyTorch-BigGraph): the summed gradient of a batch would make plain SGD
    diverge on hub nodes, and autograd through sparse embeddings is several
    times slower on CPU. The pair scores of a walk are one (L × L) product
    masked to the window band (BLAS beats gathering pairs). Each centre
    occurrence draws ``n_negatives`` noise nodes shared by all its context
    pairs, weighted by their number: an unbiased estimate of the per-pair
    negative-sampling loss at a fraction of the cost.
    """
    torch_generator = torch.Generator().manual_seed(seed)
    center = torch.empty(n_nodes + 1, dim).uniform_(-0.5 / dim, 0.5 / dim, generator=torch_generator)
    context = torch.zeros(n_nodes + 1, dim)
    state = (torch.zeros(n_nodes + 1), torch.zeros(n_nodes + 1))
    padding = n_nodes  # row n_nodes absorbs the -1 padding of short walks and is never returned
    counts = np.bincount(walks[walks >= 0], minlength=n_nodes).astype(np.float64)
    noise = torch.from_numpy(np.cumsum(counts**0.75) / np.sum(counts**0.75))
    all_walks = torch.from_numpy(np.where(walks >= 0, walks, padding))
    n_batches = -(-walks.shape[0] // batch_size)
    total = n_epochs * n_batches
    for epoch in range(n_epochs):
        order = torch.randperm(walks.shape[0], generator=torch_generator)
        for batch in range(n_batches):
            step = epoch * n_batches + batch
            chunk = all_walks[order[batch * batch_size:(batch + 1) * batch_size]]
            _step(center, context, state, chunk, padding, noise, window, n_negatives, learning_rate, torch_generator)
            if on_progress is not None and ((step + 1) % 50 == 0 or step + 1 == total):
                on_progress((step + 1) / total, f"{label}: skip-gram epoch {epoch + 1}/{n_epochs}")
    return center[:n_nodes].numpy().astype(np.float64)


def _step(center: torch.Tensor, context: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor], walks: torch.Tensor,
          padding: int, noise: torch.Tensor, window: int, n_negatives: int, rate: float,
          generator: torch.Generator) -> None:
    """One row-wise Adagrad step of the negative-sampling loss on a batch of walks ``(B, L)``."""
    valid = (walks != padding).to(center.dtype)
    v = center[walks]
    u = context[walks]
    positions = torch.arange(walks.shape[1])
    gap = (positions[:, None] - positions[None, :]).abs()
    band = ((gap >= 1) & (gap <= window)).to(center.dtype)
    mask = band * valid.unsqueeze(2) * valid.unsqueeze(1)
    g = (torch.sigmoid(torch.bmm(v, u.transpose(1, 2))) - 1.0) * mask
    grad_v = torch.bmm(g, u)
    grad_u = torch.bmm(g.transpose(1, 2), v)
    n_pairs = mask.sum(dim=2)
    draws = torch.rand(walks.shape + (n_negatives,), generator=generator, dtype=torch.float64)
    negatives = torch.searchsorted(noise, draws).clamp_(max=padding - 1)
    u_negative = context[negatives]
    g = torch.sigmoid(torch.einsum("bld,blkd->blk", v, u_negative)) * n_pairs.unsqueeze(-1)
    grad_v += torch.einsum("blk,blkd->bld", g, u_negative)
    grad_negative = g.unsqueeze(-1) * v.unsqueeze(2)
    dim = v.shape[-1]
    _adagrad(center, state[0], walks.reshape(-1), grad_v.reshape(-1, dim), rate)
    _adagrad(context, state[1], torch.cat([walks.reshape(-1), negatives.reshape(-1)]),
             torch.cat([grad_u.reshape(-1, dim), grad_negative.reshape(-1, dim)]), rate)


def _adagrad(weight: torch.Tensor, state: torch.Tensor, rows: torch.Tensor, grads: torch.Tensor, rate: float) -> None:
    """Row-wise Adagrad: one accumulated squared-gradient scalar per row."""
    unique, inverse = torch.unique(rows, return_inverse=True)
    summed = torch.zeros(unique.numel(), grads.shape[1], dtype=grads.dtype).index_add_(0, inverse, grads)
    state[unique] += summed.pow(2).mean(dim=1)
    weight[unique] -= rate * summed / (state[unique].sqrt() + 1e-10).unsqueeze(1)
