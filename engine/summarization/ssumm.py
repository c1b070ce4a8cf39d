"""SSumM: lossy graph summarization under a bit budget (Lee et al., KDD 2020).

The summary is a partition of the nodes into supernodes plus weighted
superedges; see :mod:`engine.summarization._mdl` for the size and error model.
Merging is guided by MDL savings inside min-hash candidate groups with a
falling threshold; the result is then sparsified and, if still too large,
trimmed to the budget by dropping the superedges whose removal adds the
least error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import scipy.sparse as sp
from numba import njit

from engine._validation import check_choice, check_in_range, check_positive_int, check_undirected, rng
from engine.errors import EmptyGraphError, ParameterError
from engine.summarization._adjlists import compact, ensure_capacity, find_entry, initial_lists, remove_entry
from engine.summarization._groups import group_shingles, node_shingles, split_groups
from engine.summarization._mdl import input_bits, pair_counts, simple_adjacency, simple_edge_count, summary_cost
from engine.types import Graph

__all__ = ["SSumMSummary", "ssumm", "ssumm_sweep"]

#: Hash functions per iteration and largest candidate group, as in the reference program.
N_HASHES = 10
GROUP_CAP = 500
#: Drop counts whose summary size is computed together when trimming to the budget.
FIT_CHUNK = 1 << 16


@dataclass(frozen=True, eq=False)
class SSumMSummary:
    """A flat lossy summary made by :func:`ssumm`.

    Attributes
    ----------
    partition : numpy.ndarray
        Supernode ``0..n_supernodes-1`` of each node position.
    superedges : numpy.ndarray
        ``(m, 2)`` supernode pairs ``a <= b`` of the kept superedges.
    edge_counts : numpy.ndarray
        Number of input edges in each superedge's block.
    weights : numpy.ndarray
        ``edge_counts`` over the number of node pairs of the block (the reconstructed value).
    size_bits, input_bits, target_bits : float
        Summary size, input size ``2|E| log2|V|`` and the budget.
    re1, re2 : float
        Reconstruction errors; ``re1_empty`` / ``re2_empty`` are those of the empty summary.
    history : tuple of (iteration, size_bits, re1, re2)
        The summary that stopping after each iteration would give.
    """

    name: str
    node_ids: tuple = field(repr=False)
    n_nodes: int
    n_edges: int
    error: str
    partition: np.ndarray = field(repr=False)
    superedges: np.ndarray = field(repr=False)
    edge_counts: np.ndarray = field(repr=False)
    weights: np.ndarray = field(repr=False)
    size_bits: float
    input_bits: float
    target_bits: float
    re1: float
    re2: float
    re1_empty: float
    re2_empty: float
    history: tuple = field(repr=False)
    seed: int | None = None

    @property
    def n_supernodes(self) -> int:
        """Number of supernodes."""
        return int(self.partition.max()) + 1 if len(self.partition) else 0

    @property
    def n_superedges(self) -> int:
        """Number of kept superedges."""
        return len(self.superedges)

    @property
    def relative_size(self) -> float:
        """``size_bits / input_bits``."""
        return self.size_bits / self.input_bits if self.input_bits else 0.0

    def supernode_sizes(self) -> np.ndarray:
        """Number of member nodes of each supernode."""
        return np.bincount(self.partition, minlength=self.n_supernodes)

    def members(self, supernode: int) -> np.ndarray:
        """Node positions in ``supernode``."""
        return np.flatnonzero(self.partition == supernode)

    def metrics(self) -> dict:
        """Flat numbers of the run: sizes in bits, relative size, RE1, RE2 and counts."""
        return {
            "n_nodes": self.n_nodes, "n_edges": self.n_edges, "n_supernodes": self.n_supernodes,
            "n_superedges": self.n_superedges, "size_bits": self.size_bits, "input_bits": self.input_bits,
            "relative_size": self.relative_size, "re1": self.re1, "re2": self.re2,
        }

    def details(self) -> dict:
        """What the figures need besides the metrics: the per-iteration history."""
        return {"history": [list(step) for step in self.history]}

    def reconstruct(self) -> sp.csr_matrix:
        """The weighted adjacency ``Â`` (``Â_uv`` = weight of the superedge joining u's and v's supernodes).

        The matrix has one entry per node pair covered by a kept superedge, so it
        can be much denser than the input.
        """
        n, s = self.n_nodes, self.n_supernodes
        membership = sp.csr_matrix((np.ones(n), (np.arange(n), self.partition)), shape=(n, max(s, 1)))
        a, b = self.superedges[:, 0], self.superedges[:, 1]
        weights = sp.coo_matrix(
            (np.concatenate([self.weights, self.weights[a != b]]),
             (np.concatenate([a, b[a != b]]), np.concatenate([b, a[a != b]]))),
            shape=(max(s, 1), max(s, 1)),
        ).tocsr()
        dense = (membership @ weights @ membership.T).tocsr()
        dense.setdiag(0)
        dense.eliminate_zeros()
        return dense


# --------------------------------------------------------------------------- numba kernel
@njit(cache=True)
def _block_cost(count, pairs, log_s2, log_w, log_v2, re1):
    """MDL cost in bits of one block and whether it is kept dense (1) or left sparse (0)."""
    if count == 0:
        return 0.0, 0
    sparse = log_v2 * count
    w = count / pairs
    if re1 and w < 0.5:
        return sparse, 0
    if w >= 1.0:
        entropy = 0.0
    else:
        entropy = -(w * math.log2(w) + (1.0 - w) * math.log2(1.0 - w))
    dense = log_s2 + log_w + pairs * entropy
    if dense <= sparse:
        return dense, 1
    return sparse, 0


@njit(cache=True)
def _bit_length(x):
    n = 0
    while x > 0:
        x >>= 1
        n += 1
    return n


@njit(cache=True)
def _logs(n_super, omega_max):
    log_s2 = 2.0 * math.log2(n_super) if n_super > 1 else 0.0
    log_w = math.log2(omega_max) if omega_max > 1 else 0.0
    return log_s2, log_w


@njit(cache=True)
def _stored_cost(count, pairs, dense, log_s2, log_w, log_v2):
    """Cost in bits of an existing block under its remembered dense/sparse choice."""
    if count == 0:
        return 0.0
    if dense == 0:
        return log_v2 * count
    w = count / pairs
    entropy = 0.0 if w >= 1.0 else -(w * math.log2(w) + (1.0 - w) * math.log2(1.0 - w))
    return log_s2 + log_w + pairs * entropy


@njit(cache=True)
def _saving(a, b, size, start, length, nbr, cnt, flag, self_cnt, self_flag, mark_a, mark_b, tmp_b, tmp_f, stamp,
            stats, log_v2, re1):
    """MDL saving of merging a and b: existing blocks cost what their remembered choice costs,
    merged blocks take the cheaper of dense and sparse (as in the reference program)."""
    log_s2, log_w = _logs(stats[0], stats[2])
    sa, sb = size[a], size[b]
    for i in range(start[b], start[b] + length[b]):
        mark_b[nbr[i]] = stamp
        tmp_b[nbr[i]] = cnt[i]
        tmp_f[nbr[i]] = flag[i]
    for i in range(start[a], start[a] + length[a]):
        mark_a[nbr[i]] = stamp
    cost_a = _stored_cost(self_cnt[a], sa * (sa - 1) / 2.0, self_flag[a], log_s2, log_w, log_v2)
    for i in range(start[a], start[a] + length[a]):
        cost_a += _stored_cost(cnt[i], float(sa * size[nbr[i]]), flag[i], log_s2, log_w, log_v2)
    cost_b = _stored_cost(self_cnt[b], sb * (sb - 1) / 2.0, self_flag[b], log_s2, log_w, log_v2)
    for i in range(start[b], start[b] + length[b]):
        cost_b += _stored_cost(cnt[i], float(sb * size[nbr[i]]), flag[i], log_s2, log_w, log_v2)
    e_ab = tmp_b[a] if mark_b[a] == stamp else 0
    f_ab = tmp_f[a] if mark_b[a] == stamp else 0
    cost_ab = _stored_cost(e_ab, float(sa * sb), f_ab, log_s2, log_w, log_v2)
    s = sa + sb
    merged = _block_cost(self_cnt[a] + self_cnt[b] + e_ab, s * (s - 1) / 2.0, log_s2, log_w, log_v2, re1)[0]
    for i in range(start[a], start[a] + length[a]):
        c = nbr[i]
        if c == b:
            continue
        e = cnt[i]
        if mark_b[c] == stamp:
            e += tmp_b[c]
        merged += _block_cost(e, float(s * size[c]), log_s2, log_w, log_v2, re1)[0]
    for i in range(start[b], start[b] + length[b]):
        c = nbr[i]
        if c == a or mark_a[c] == stamp:
            continue
        merged += _block_cost(cnt[i], float(s * size[c]), log_s2, log_w, log_v2, re1)[0]
    denominator = cost_a + cost_b - cost_ab
    if denominator <= 0.0:
        return -np.inf
    return 1.0 - merged / denominator


@njit(cache=True)
def _merge_groups(members, offsets, theta, k_bits, re1, log_v2, n_nodes, seed,
                  sup, head, nxt, tail, size, start, length, nbr, cnt, flag, self_cnt, self_flag, stats):
    """Run the merging phase over every candidate group; stats = [n_super, n_dense, omega_max, pool_used]."""
    np.random.seed(seed)
    mark_a = np.zeros(n_nodes, dtype=np.int64)
    mark_b = np.zeros(n_nodes, dtype=np.int64)
    tmp_b = np.zeros(n_nodes, dtype=np.int64)
    tmp_f = np.zeros(n_nodes, dtype=np.int64)
    stamp = 0
    n_groups = len(offsets) - 1
    for g in range(n_groups):
        q = offsets[g + 1] - offsets[g]
        if q < 2:
            continue
        group = members[offsets[g]:offsets[g + 1]].copy()
        max_failures = _bit_length(_bit_length(q - 1) - 1)
        failures = 0
        q_len = q
        while failures < max_failures and q_len > 1:
            best = -np.inf
            best_i = -1
            best_j = -1
            n_all = q_len * (q_len - 1) // 2
            if n_all <= q_len:
                for i in range(q_len):
                    for j in range(i + 1, q_len):
                        stamp += 1
                        value = _saving(group[i], group[j], size, start, length, nbr, cnt, flag, self_cnt, self_flag,
                                        mark_a, mark_b, tmp_b, tmp_f, stamp, stats, log_v2, re1)
                        if value > best:
                            best, best_i, best_j = value, i, j
            else:
                for _ in range(q_len):
                    i = np.random.randint(0, q_len)
                    j = np.random.randint(0, q_len - 1)
                    if j >= i:
                        j += 1
                    stamp += 1
                    value = _saving(group[i], group[j], size, start, length, nbr, cnt, flag, self_cnt, self_flag,
                                    mark_a, mark_b, tmp_b, tmp_f, stamp, stats, log_v2, re1)
                    if value > best:
                        best, best_i, best_j = value, i, j
            if best_i >= 0 and best >= theta:
                stamp += 1
                nbr, cnt, flag = _merge_pair(group[best_i], group[best_j], sup, head, nxt, tail, size, start,
                                             length, nbr, cnt, flag, self_cnt, self_flag, mark_a, mark_b, tmp_b,
                                             stamp, stats, log_v2, re1)
                group[best_j] = group[q_len - 1]
                q_len -= 1
                failures = 0
                log_s2, log_w = _logs(stats[0], stats[2])
                size_bits = stats[1] * (log_s2 + log_w) + n_nodes * log_s2 / 2.0
                if size_bits <= k_bits:
                    return nbr, cnt, flag, True
            else:
                failures += 1
    return nbr, cnt, flag, False


@njit(cache=True)
def _merge_pair(a, b, sup, head, nxt, tail, size, start, length, nbr, cnt, flag, self_cnt, self_flag,
                mark_a, mark_b, tmp_b, stamp, stats, log_v2, re1):
    """Merge supernode b into a, updating counts, dense flags and the neighbours' lists."""
    for i in range(start[b], start[b] + length[b]):
        mark_b[nbr[i]] = stamp
        tmp_b[nbr[i]] = cnt[i]
    e_ab = tmp_b[a] if mark_b[a] == stamp else 0
    n_dense = stats[1] - self_flag[a] - self_flag[b]
    for i in range(start[a], start[a] + length[a]):
        n_dense -= flag[i]
    for i in range(start[b], start[b] + length[b]):
        if nbr[i] != a:
            n_dense -= flag[i]
    # members of b join a
    u = head[b]
    while u != -1:
        sup[u] = a
        u = nxt[u]
    nxt[tail[a]] = head[b]
    tail[a] = tail[b]
    head[b] = -1
    size[a] += size[b]
    size[b] = 0
    stats[0] -= 1
    # the merged list: a fresh segment at the end of the pool
    used = stats[3]
    nbr, cnt, flag = ensure_capacity(nbr, cnt, flag, used, length[a] + length[b])
    pos = used
    omega = stats[2]
    for i in range(start[a], start[a] + length[a]):
        c = nbr[i]
        mark_a[c] = stamp
        if c == b:
            continue
        e = cnt[i]
        if mark_b[c] == stamp:
            e += tmp_b[c]
        nbr[pos] = c
        cnt[pos] = e
        pos += 1
    for i in range(start[b], start[b] + length[b]):
        c = nbr[i]
        if c == a or mark_a[c] == stamp:
            continue
        nbr[pos] = c
        cnt[pos] = cnt[i]
        pos += 1
    start[a] = used
    length[a] = pos - used
    length[b] = 0
    stats[3] = pos
    self_cnt[a] = self_cnt[a] + self_cnt[b] + e_ab
    self_cnt[b] = 0
    self_flag[b] = 0
    for i in range(used, pos):
        if cnt[i] > omega:
            omega = cnt[i]
    if self_cnt[a] > omega:
        omega = self_cnt[a]
    stats[2] = omega
    log_s2, log_w = _logs(stats[0], stats[2])
    sa = size[a]
    for i in range(used, pos):
        c = nbr[i]
        f = _block_cost(cnt[i], float(sa * size[c]), log_s2, log_w, log_v2, re1)[1]
        flag[i] = f
        n_dense += f
        ia = find_entry(start, length, nbr, c, a)
        ib = find_entry(start, length, nbr, c, b)
        if ia >= 0:
            cnt[ia] = cnt[i]
            flag[ia] = f
            if ib >= 0:
                remove_entry(start, length, nbr, cnt, flag, c, ib)
        else:
            nbr[ib] = a
            cnt[ib] = cnt[i]
            flag[ib] = f
    f = _block_cost(self_cnt[a], sa * (sa - 1) / 2.0, log_s2, log_w, log_v2, re1)[1]
    self_flag[a] = f
    n_dense += f
    stats[1] = n_dense
    return nbr, cnt, flag


@njit(cache=True)
def _flagged_blocks(sup_ids, start, length, nbr, cnt, flag, self_cnt, self_flag):
    """Blocks (a <= b, count) whose remembered MDL choice is dense, over supernode ids ``sup_ids``.

    Counted first, so the three arrays are allocated at their exact length.
    """
    total = 0
    for a in sup_ids:
        if self_flag[a] == 1 and self_cnt[a] > 0:
            total += 1
        for i in range(start[a], start[a] + length[a]):
            if nbr[i] > a and flag[i] == 1:
                total += 1
    out_a = np.empty(total, dtype=np.int64)
    out_b = np.empty(total, dtype=np.int64)
    out_c = np.empty(total, dtype=np.int64)
    k = 0
    for a in sup_ids:
        if self_flag[a] == 1 and self_cnt[a] > 0:
            out_a[k] = a
            out_b[k] = a
            out_c[k] = self_cnt[a]
            k += 1
        for i in range(start[a], start[a] + length[a]):
            c = nbr[i]
            if c > a and flag[i] == 1:
                out_a[k] = a
                out_b[k] = c
                out_c[k] = cnt[i]
                k += 1
    return out_a, out_b, out_c


# --------------------------------------------------------------------------- python driver
def _candidate_groups(indptr, indices, sup, size, generator) -> tuple[np.ndarray, np.ndarray]:
    n = len(sup)
    active = np.flatnonzero(size > 0)
    keys = np.empty((len(active), N_HASHES), dtype=np.int64)
    for column in range(N_HASHES):
        hash_values = generator.permutation(n).astype(np.int64)
        shingles = group_shingles(node_shingles(indptr, indices, hash_values), sup, n)
        keys[:, column] = shingles[active]
    return split_groups(keys, active, GROUP_CAP)


def _finalize(sup, a, b, count, k_bits, re1_mode):
    """Steps 2-3 on the blocks kept dense (``a``, ``b`` supernode ids of ``sup``, edge ``count``).

    Supernodes left without a superedge fold into one; then superedges are dropped in
    ascending order of the error their removal adds until the size fits ``k_bits``.
    Returns ``(partition, a, b, count)`` with ``a <= b`` on the new, contiguous partition.
    Arrays as long as the blocks are dropped as soon as they are used (early iterations
    keep about one block per input edge), and the size after each number of drops is
    computed in chunks, stopping at the first that fits.
    """
    n = len(sup)
    ids, part = np.unique(sup, return_inverse=True)
    part = part.astype(np.int64, copy=False)
    n_super = len(ids)
    sizes = np.bincount(part, minlength=n_super)
    a = np.searchsorted(ids, a)
    b = np.searchsorted(ids, b)
    pairs = pair_counts(sizes, a, b)
    if re1_mode:
        added = count * (2 * count / pairs - 1)
    else:
        added = count.astype(np.float64) ** 2 / pairs
    del pairs
    order = np.lexsort((b, a, added))
    del added
    a = a[order]
    b = b[order]
    count = count[order]
    del order
    m = len(count)
    suffix_max = np.maximum.accumulate(count[::-1])[::-1] if m else np.zeros(0, np.int64)
    last = np.full(n_super, -1, dtype=np.int64)
    np.maximum.at(last, a, np.arange(m))
    np.maximum.at(last, b, np.arange(m))
    active = _active_counts(last, m)
    del last
    d = _first_fit(n, n_super, active, suffix_max, m, k_bits)
    del active, suffix_max
    a, b, count = a[d:], b[d:], count[d:]
    alive = np.zeros(n_super, dtype=bool)
    alive[a] = True
    alive[b] = True
    new_id = np.cumsum(alive) - 1
    new_id[~alive] = int(alive.sum())
    partition = new_id[part]
    lo, hi = np.minimum(new_id[a], new_id[b]), np.maximum(new_id[a], new_id[b])
    order = np.lexsort((hi, lo))
    return partition, lo[order], hi[order], count[order]


def _first_fit(n, n_super, active, suffix_max, m, k_bits):
    """Fewest superedges ``d`` to drop (the ``d`` first in drop order) so that the size fits ``k_bits``; ``m`` if none.

    After ``d`` drops, ``active[d]`` supernodes keep a superedge (the others fold into one)
    and the largest kept count is ``suffix_max[d]`` (0 when none is left).
    """
    for lo in range(0, m + 1, FIT_CHUNK):
        hi = min(lo + FIT_CHUNK, m + 1)
        part = active[lo:hi]
        n_left = part + (part < n_super)
        omega = np.zeros(hi - lo, dtype=np.int64)
        inside = min(hi, m) - lo
        omega[:inside] = suffix_max[lo:lo + inside]
        sizes_bits = _sizes_vector(n, n_left, m - np.arange(lo, hi), omega)
        fits = np.flatnonzero(sizes_bits <= k_bits)
        if len(fits):
            return lo + int(fits[0])
    return m


def _active_counts(last: np.ndarray, m: int) -> np.ndarray:
    """``out[d]`` = number of supernodes whose last superedge index is >= d, for d = 0..m."""
    hist = np.bincount(last[last >= 0], minlength=m + 1)
    return np.cumsum(hist[::-1])[::-1][: m + 1]


def _sizes_vector(n, n_super, n_edges, omega):
    n_super = np.asarray(n_super, dtype=np.float64)
    log_s = np.where(n_super > 1, np.log2(np.maximum(n_super, 1)), 0.0)
    omega = np.asarray(omega, dtype=np.float64)
    log_w = np.where(omega > 1, np.log2(np.maximum(omega, 1)), 0.0)
    return np.asarray(n_edges) * (2 * log_s + log_w) + n * log_s


def _current_summary(sup, size, start, length, nbr, cnt, flag, self_cnt, self_flag, k_bits, re1_mode):
    a, b, count = _flagged_blocks(np.flatnonzero(size > 0), start, length, nbr, cnt, flag, self_cnt, self_flag)
    return _finalize(sup, a, b, count, k_bits, re1_mode)


def ssumm(
    graph: Graph,
    *,
    ratio: float | None = None,
    target_bits: float | None = None,
    error: str = "re1",
    n_iterations: int = 20,
    seed: int | None = None,
    on_progress: Callable[[float, str], None] | None = None,
) -> SSumMSummary:
    """Summarize ``graph`` into at most ``ratio`` of its size in bits with SSumM.

    Parameters
    ----------
    graph : Graph
        Undirected input; read as a simple graph (weights and self-loops dropped).
    ratio : float, optional
        Budget as a fraction in (0, 1) of the input's ``2|E| log2|V|`` bits.
    target_bits : float, optional
        Budget in bits (instead of ``ratio``).
    error : {"re1", "re2"}
        Error the merging and the final trimming optimise.
    n_iterations : int
        Merging iterations T (the threshold falls as ``1/(1+t)``, 0 at the last one).
    seed : int, optional
        Seed of the min-hash permutations and pair sampling; the same seed gives the same summary.
    on_progress : callable, optional
        Called as ``on_progress(fraction, message)`` after each iteration.

    Returns
    -------
    SSumMSummary

    Raises
    ------
    ParameterError
        If ``ratio`` is outside (0, 1), ``target_bits`` is not positive, neither or both are
        given, ``error`` is unknown or ``n_iterations`` < 1.
    UnsupportedGraphError
        If the graph is directed.
    EmptyGraphError
        If the graph has fewer than two nodes or no edge.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> s = ssumm(load_dataset("karate_club"), ratio=0.5, seed=0)
    >>> s.size_bits <= s.target_bits
    True

    References
    ----------
    K. Lee, H. Jo, J. Ko, S. Lim, K. Shin, "SSumM: Sparse Summarization of Massive Graphs",
    KDD 2020. As in the reference program, a block keeps the dense/sparse choice made when
    its counts last changed; the saving of a merge prices existing blocks by that choice and
    the merged blocks by the cheaper one. Departures: the budget ratio is used as given (the
    reference program rounds it up to two decimals), and ``omega_max`` counts a self-block
    once (the reference counts it twice while merging).
    """
    if (ratio is None) == (target_bits is None):
        raise ParameterError("give exactly one of ratio or target_bits")
    if ratio is not None:
        ratio = check_in_range(ratio, "ratio", 0, 1, low_inclusive=False, high_inclusive=False)
    else:
        target_bits = check_in_range(target_bits, "target_bits", 0, None, low_inclusive=False)
    error = check_choice(error, "error", ("re1", "re2"))
    n_iterations = check_positive_int(n_iterations, "n_iterations")
    generator = rng(seed)
    check_undirected(graph, "SSumM")
    adjacency = simple_adjacency(graph)
    n = adjacency.shape[0]
    n_edges = adjacency.nnz // 2
    if n < 2 or n_edges == 0:
        raise EmptyGraphError(f"SSumM needs at least two nodes and one edge (got {n} nodes, {n_edges} edges)")
    bits_in = input_bits(n, n_edges)
    k_bits = ratio * bits_in if ratio is not None else float(target_bits)
    re1_mode = error == "re1"
    log_v2 = 2.0 * np.log2(n)
    indptr, indices = adjacency.indptr, adjacency.indices
    del adjacency  # its float64 data (16 bytes per edge) is never read

    sup = np.arange(n, dtype=np.int64)
    head = np.arange(n, dtype=np.int64)
    nxt = np.full(n, -1, dtype=np.int64)
    tail = np.arange(n, dtype=np.int64)
    size = np.ones(n, dtype=np.int64)
    # Pools: int32 edge counts (an edge count is at most |E|) and int8 dense flags.
    count_type = np.int32 if n_edges < np.iinfo(np.int32).max else np.int64
    start, length, nbr, cnt, flag, used = initial_lists(indptr, indices, 1, 1, n, count_type, np.int8)
    self_cnt = np.zeros(n, dtype=np.int64)
    self_flag = np.zeros(n, dtype=np.int64)
    stats = np.array([n, n_edges, 1, used], dtype=np.int64)
    history = []
    for t in range(1, n_iterations + 1):
        theta = 1.0 / (1 + t) if t < n_iterations else 0.0
        members, offsets = _candidate_groups(indptr, indices, sup, size, generator)
        kernel_seed = int(generator.integers(0, 2**31 - 1))
        if t > 1:
            nbr, cnt, flag, stats[3] = compact(start, length, nbr, cnt, flag, n)
        nbr, cnt, flag, reached = _merge_groups(
            members, offsets, theta, k_bits, re1_mode, log_v2, n, kernel_seed,
            sup, head, nxt, tail, size, start, length, nbr, cnt, flag, self_cnt, self_flag, stats,
        )
        partition, a, b, _ = _current_summary(sup, size, start, length, nbr, cnt, flag, self_cnt, self_flag,
                                              k_bits, re1_mode)
        cost = summary_cost(graph, partition, np.column_stack([a, b]))  # read as simple, as above
        history.append((t, cost.size_bits, cost.re1, cost.re2))
        if on_progress is not None:
            on_progress(t / n_iterations, f"iteration {t}/{n_iterations}: {int(stats[0]):,} supernodes")
        if reached:
            break
    partition, a, b, counts = _current_summary(sup, size, start, length, nbr, cnt, flag, self_cnt, self_flag,
                                               k_bits, re1_mode)
    superedges = np.column_stack([a, b]).astype(np.int64)
    return summary_from_partition(
        graph, partition, superedges, counts, error=error, target_bits=float(k_bits), history=tuple(history),
        seed=seed if isinstance(seed, int) else None,
    )


def summary_from_partition(
    graph: Graph,
    partition: np.ndarray,
    superedges: np.ndarray,
    counts: np.ndarray,
    *,
    error: str,
    target_bits: float | None = None,
    history: tuple = (),
    seed: int | None = None,
) -> SSumMSummary:
    """An :class:`SSumMSummary` of a node partition, its superedges and their edge counts.

    Shared by :func:`ssumm` and the reader of the reference program's output.

    Parameters
    ----------
    graph : Graph
        The summarized graph (self-loops and weights are ignored).
    partition : numpy.ndarray
        Supernode of each node, ``0..n_supernodes-1``.
    superedges : numpy.ndarray
        ``(m, 2)`` supernode pairs.
    counts : numpy.ndarray
        Input edges behind each superedge.
    error : {"re1", "re2"}
        The error the summary was made for.
    target_bits : float, optional
        The budget; the summary's own size when omitted.
    history : tuple
        Per-iteration ``(t, size_bits, re1, re2)``.
    seed : int, optional

    Returns
    -------
    SSumMSummary
    """
    n = graph.n_nodes
    n_edges = simple_edge_count(graph)
    partition = np.asarray(partition, dtype=np.int64)
    superedges = np.asarray(superedges, dtype=np.int64).reshape(-1, 2)
    counts = np.asarray(counts, dtype=np.int64)
    cost = summary_cost(graph, partition, superedges)
    sizes = np.bincount(partition, minlength=int(partition.max()) + 1 if partition.size else 0)
    pairs = pair_counts(sizes, superedges[:, 0], superedges[:, 1])
    n_pairs = max(n * (n - 1), 1)
    return SSumMSummary(
        name=graph.name,
        node_ids=graph.node_ids,
        n_nodes=n,
        n_edges=n_edges,
        error=error,
        partition=partition,
        superedges=superedges,
        edge_counts=counts,
        weights=np.divide(counts, pairs, out=np.zeros(len(counts)), where=pairs > 0),
        size_bits=cost.size_bits,
        input_bits=cost.input_bits,
        target_bits=cost.size_bits if target_bits is None else target_bits,
        re1=cost.re1,
        re2=cost.re2,
        re1_empty=2 * n_edges / n_pairs,
        re2_empty=float(np.sqrt(2 * n_edges) / n_pairs),
        history=history,
        seed=seed,
    )


def ssumm_sweep(
    graph: Graph,
    ratios,
    *,
    error: str = "re1",
    n_iterations: int = 20,
    seed: int | None = None,
    on_progress: Callable[[float, str], None] | None = None,
) -> list[dict]:
    """Run :func:`ssumm` at each budget ratio; one row (ratio, relative size, RE1, RE2) per ratio.

    Raises
    ------
    ParameterError
        If ``ratios`` is empty or a ratio is outside (0, 1).
    """
    ratios = [check_in_range(r, "ratio", 0, 1, low_inclusive=False, high_inclusive=False) for r in ratios]
    if not ratios:
        raise ParameterError("ratios must hold at least one value")
    rows = []
    for i, ratio in enumerate(ratios):
        summary = ssumm(graph, ratio=ratio, error=error, n_iterations=n_iterations, seed=seed)
        rows.append({"ratio": ratio, "relative_size": summary.relative_size, "re1": summary.re1,
                     "re2": summary.re2, "n_supernodes": summary.n_supernodes})
        if on_progress is not None:
            on_progress((i + 1) / len(ratios), f"ratio {ratio:.2f} done")
    return rows
