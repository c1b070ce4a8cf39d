"""SLUGGER: lossless hierarchical graph summarization (Lee et al., ICDE 2022).

The summary is a forest H over the nodes (each internal tree node stands for
its leaves) plus signed edges P+ and P- between tree nodes; a self-edge X–X
covers every pair inside X. Decoding sums, for a node pair (u, v), the signs
of the edges joining an ancestor of u (itself included) to an ancestor of v;
the sum is exactly 1 for an edge and 0 for a non-edge. The cost is
``|P+| + |P-| + |H|`` and the relative size is the cost over ``|E|``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
import scipy.sparse as sp
from numba import njit

from engine._validation import check_positive_int, check_undirected, rng
from engine.errors import EmptyGraphError, MalformedFileError
from engine.summarization._adjlists import (
    compact,
    ensure_capacity,
    initial_lists,
    remove_entry,
    segments_in_owner_order,
)
from engine.summarization._groups import split_groups
from engine.summarization._mdl import simple_adjacency
from engine.types import Graph

__all__ = ["SluggerSummary", "slugger"]

#: Largest candidate group and the most re-hashing rounds of an oversized group (reference values).
GROUP_CAP = 500
N_REHASH = 10
#: Tree-node pair keys generated at most at once by the final encoding before they are deduplicated.
KEY_SLICE = 1 << 24


@dataclass(frozen=True, eq=False)
class SluggerSummary:
    """A lossless hierarchical summary made by :func:`slugger`.

    Tree nodes ``0..n_nodes-1`` are the input nodes (leaves); ``n_nodes..`` are
    internal nodes. ``parent[x]`` is -1 for a root.

    Attributes
    ----------
    parent : numpy.ndarray
        Parent of every tree node.
    pos_edges, neg_edges : numpy.ndarray
        ``(m, 2)`` tree-node pairs of P+ and P- (``(x, x)`` is a self-edge).
    history : tuple of (iteration, cost)
        Encoding cost after each merging iteration (before pruning).
    """

    name: str
    node_ids: tuple = field(repr=False)
    n_nodes: int
    n_edges: int
    parent: np.ndarray = field(repr=False)
    pos_edges: np.ndarray = field(repr=False)
    neg_edges: np.ndarray = field(repr=False)
    history: tuple = field(repr=False)
    seed: int | None = None
    lossless: bool | None = None

    @property
    def n_tree_nodes(self) -> int:
        """Leaves plus internal nodes."""
        return len(self.parent)

    @property
    def n_pos(self) -> int:
        """|P+|."""
        return len(self.pos_edges)

    @property
    def n_neg(self) -> int:
        """|P-|."""
        return len(self.neg_edges)

    @property
    def n_hier(self) -> int:
        """|H|, the number of parent-child links."""
        return int(np.count_nonzero(self.parent >= 0))

    @property
    def cost(self) -> int:
        """``|P+| + |P-| + |H|``."""
        return self.n_pos + self.n_neg + self.n_hier

    @property
    def relative_size(self) -> float:
        """Cost over the number of input edges."""
        return self.cost / self.n_edges if self.n_edges else 0.0

    def leaf_depths(self) -> np.ndarray:
        """Number of proper ancestors of each leaf."""
        return _depths(self.parent)[: self.n_nodes]

    @property
    def avg_leaf_depth(self) -> float:
        """Mean leaf depth."""
        return float(self.leaf_depths().mean()) if self.n_nodes else 0.0

    @property
    def max_leaf_depth(self) -> int:
        """Largest leaf depth."""
        return int(self.leaf_depths().max()) if self.n_nodes else 0

    def leaves(self, node: int) -> np.ndarray:
        """Input node positions under tree node ``node``."""
        order, lo, hi = _leaf_intervals(self.parent, self.n_nodes)
        return np.sort(order[lo[node]:hi[node]])

    def verified(self, graph: Graph) -> "SluggerSummary":
        """This summary with ``lossless`` set: whether it decodes exactly to ``graph``'s simple adjacency."""
        exact = (self.decode().adjacency != simple_adjacency(graph)).nnz == 0
        return replace(self, lossless=bool(exact))

    def metrics(self) -> dict:
        """Flat numbers of the run: relative size, |P+|, |P-|, |H|, leaf depths and (when verified) losslessness."""
        result = {
            "n_nodes": self.n_nodes, "n_edges": self.n_edges, "relative_size": self.relative_size, "cost": self.cost,
            "n_pos": self.n_pos, "n_neg": self.n_neg, "n_hier": self.n_hier, "avg_leaf_depth": self.avg_leaf_depth,
            "max_leaf_depth": self.max_leaf_depth,
        }
        if self.lossless is not None:
            result["lossless"] = self.lossless
        return result

    def details(self) -> dict:
        """What the figures need besides the metrics: the per-iteration cost history."""
        return {"history": [list(step) for step in self.history]}

    def decode(self) -> Graph:
        """The graph the summary encodes (equal to the simple version of the input).

        Raises
        ------
        MalformedFileError
            If a node pair decodes to a value other than 0 or 1 (a corrupt summary, e.g. from a file).
        """
        n = self.n_nodes
        order, lo, hi = _leaf_intervals(self.parent, n)
        edges = np.concatenate([self.pos_edges, self.neg_edges]).astype(np.int64).reshape(-1, 2)
        signs = np.concatenate([np.ones(self.n_pos, np.int64), -np.ones(self.n_neg, np.int64)])
        rows, cols, values = _expand_edges(edges, signs, order, lo, hi)
        matrix = sp.coo_matrix((values.astype(np.float64), (rows, cols)), shape=(n, n)).tocsr()
        matrix.sum_duplicates()
        matrix.eliminate_zeros()
        if matrix.nnz and (matrix.data.min() < 1 or matrix.data.max() > 1):
            raise MalformedFileError("the summary is corrupt: it decodes to values outside {0, 1}")
        matrix = (matrix + matrix.T).tocsr()
        return Graph(matrix, self.node_ids, name=self.name)


# --------------------------------------------------------------------------- tree helpers
@njit(cache=True)
def _depths(parent):
    depth = np.zeros(len(parent), dtype=np.int64)
    for x in range(len(parent) - 1, -1, -1):  # parents have larger ids than their children
        if parent[x] >= 0:
            depth[x] = depth[parent[x]] + 1
    return depth


@njit(cache=True)
def _leaf_intervals(parent, n_leaves):
    """Leaf order of a DFS over the forest and each tree node's interval [lo, hi) in it."""
    n_total = len(parent)
    n_children = np.zeros(n_total + 1, dtype=np.int64)
    for x in range(n_total):
        if parent[x] >= 0:
            n_children[parent[x] + 1] += 1
    child_start = np.cumsum(n_children)
    fill = child_start[:-1].copy()
    children = np.empty(max(child_start[-1], 1), dtype=np.int64)
    for x in range(n_total):
        p = parent[x]
        if p >= 0:
            children[fill[p]] = x
            fill[p] += 1
    order = np.empty(n_leaves, dtype=np.int64)
    lo = np.zeros(n_total, dtype=np.int64)
    hi = np.zeros(n_total, dtype=np.int64)
    stack = np.empty(n_total, dtype=np.int64)
    visited = np.zeros(n_total, dtype=np.bool_)
    k = 0
    for root in range(n_total):
        if parent[root] >= 0:
            continue
        top = 0
        stack[0] = root
        while top >= 0:
            x = stack[top]
            if not visited[x]:
                visited[x] = True
                lo[x] = k
                if x < n_leaves:
                    order[k] = x
                    k += 1
                    hi[x] = k
                    top -= 1
                else:
                    for i in range(child_start[x + 1] - 1, child_start[x] - 1, -1):
                        top += 1
                        stack[top] = children[i]
            else:
                hi[x] = k
                top -= 1
    return order, lo, hi


@njit(cache=True)
def _expand_edges(edges, signs, order, lo, hi):
    """Every node pair (u < v) covered by each signed edge, with the sign."""
    total = 0
    for e in range(len(edges)):
        x, y = edges[e, 0], edges[e, 1]
        if x == y:
            size = hi[x] - lo[x]
            total += size * (size - 1) // 2
        else:
            total += (hi[x] - lo[x]) * (hi[y] - lo[y])
    rows = np.empty(total, dtype=np.int64)
    cols = np.empty(total, dtype=np.int64)
    values = np.empty(total, dtype=np.int64)
    k = 0
    for e in range(len(edges)):
        x, y = edges[e, 0], edges[e, 1]
        if x == y:
            for i in range(lo[x], hi[x]):
                for j in range(i + 1, hi[x]):
                    u, v = order[i], order[j]
                    rows[k] = min(u, v)
                    cols[k] = max(u, v)
                    values[k] = signs[e]
                    k += 1
        else:
            for i in range(lo[x], hi[x]):
                for j in range(lo[y], hi[y]):
                    u, v = order[i], order[j]
                    rows[k] = min(u, v)
                    cols[k] = max(u, v)
                    values[k] = signs[e]
                    k += 1
    return rows, cols, values


# --------------------------------------------------------------------------- merging kernel
@njit(cache=True)
def _combine(p0, p1, q0, q1):
    """(h0, h1) of a pair covered by two sub-pairs (p, q), each kept or flipped by one edge at the pair."""
    return min(p0 + q0, 1 + p1 + q1), min(p1 + q1, 1 + p0 + q0)


@njit(cache=True)
def _grow_children(hc, used, need):
    """The child-pair pool with room for ``need`` more rows after ``used`` (kept parallel to the neighbour pool)."""
    if used + need <= len(hc):
        return hc
    bigger = np.zeros((max(2 * len(hc), used + need + 1024), 4), dtype=hc.dtype)
    bigger[:used] = hc[:used]
    return bigger


@njit(cache=True)
def _compact_children(start, length, hc, n_owners):
    """``hc`` rows in the order :func:`compact` lays the neighbour pool out (call it before ``compact``).

    Moved down inside ``hc`` when the segments lie in owner order, as ``compact(..., in_place=True)``
    moves the neighbour pool (no second child-pair pool during the copy: 16 B per pool entry).
    """
    if segments_in_owner_order(start, length, n_owners):
        pos = 0
        for x in range(n_owners):
            s = start[x]
            if s != pos:
                for i in range(length[x]):
                    hc[pos + i] = hc[s + i]
            pos += length[x]
        return hc
    live = 0
    for x in range(n_owners):
        live += length[x]
    out = np.zeros((max(2 * live, 1024), 4), dtype=hc.dtype)
    pos = 0
    for x in range(n_owners):
        out[pos:pos + length[x]] = hc[start[x]:start[x] + length[x]]
        pos += length[x]
    return out


@njit(cache=True)
def _merged_pair(a0, a1, b0, b1, hc, ea, eb, internal):
    """Costs of (m, c) for m = a ∪ b from those of (a, c) and (b, c) and of both with c's children.

    ``hc[ea]``/``hc[eb]`` hold (h0, h1) of (a, c1), (a, c2) (resp. b); a row index of -1 stands
    for a pair without edges (0, 1, 0, 1). When ``c`` is internal the pair may be split on
    either side: on m (into (a, c), (b, c)) or on c (into (m, c1), (m, c2)).
    Returns h0, h1 of (m, c) and of (m, c1), (m, c2).
    """
    k0, k1 = a0 + b0, a1 + b1
    h0, h1 = min(k0, 1 + k1), min(k1, 1 + k0)
    m10, m11, m20, m21 = 0, 1, 0, 1
    if internal:
        a10, a11, a20, a21 = (hc[ea, 0], hc[ea, 1], hc[ea, 2], hc[ea, 3]) if ea >= 0 else (0, 1, 0, 1)
        b10, b11, b20, b21 = (hc[eb, 0], hc[eb, 1], hc[eb, 2], hc[eb, 3]) if eb >= 0 else (0, 1, 0, 1)
        m10, m11 = _combine(a10, a11, b10, b11)
        m20, m21 = _combine(a20, a21, b20, b21)
        s0, s1 = m10 + m20, m11 + m21
        h0 = min(h0, s0, 1 + s1)
        h1 = min(h1, s1, 1 + s0)
    return h0, h1, m10, m11, m20, m21


@njit(cache=True)
def _merge_gain(a0, a1, b0, b1, hc, ea, eb, internal):
    """``a0 + b0`` minus h0 of (a ∪ b, c), from the pool rows ``ea`` of (a, c) and ``eb`` of (b, c).

    The scalar form of :func:`_merged_pair`'s first value (the candidate scan's inner loop).
    """
    k0, k1 = a0 + b0, a1 + b1
    best = min(k0, 1 + k1)
    if internal:
        m10, m11 = _combine(hc[ea, 0], hc[ea, 1], hc[eb, 0], hc[eb, 1])
        m20, m21 = _combine(hc[ea, 2], hc[ea, 3], hc[eb, 2], hc[eb, 3])
        best = min(best, m10 + m20, 1 + m11 + m21)
    return k0 - best


@njit(cache=True)
def _merge_roots(a, b, parent, child1, child2, is_root, head, tail, nxt, root_of, start, length, nbr, h0, h1, hc,
                 self0, self1, mark_a, mark_b, pos_b, stamp, stats):
    """Put roots a and b under a new root; return its id and the (possibly reallocated) pools."""
    m = stats[0]
    stats[0] += 1
    parent[a] = m
    parent[b] = m
    child1[m] = a
    child2[m] = b
    is_root[a] = False
    is_root[b] = False
    is_root[m] = True
    nxt[tail[a]] = head[b]
    head[m] = head[a]
    tail[m] = tail[b]
    u = head[m]
    while u != -1:
        root_of[u] = m
        u = nxt[u]
    for e in range(start[b], start[b] + length[b]):
        mark_b[nbr[e]] = stamp
        pos_b[nbr[e]] = e
    if mark_b[a] == stamp:
        ab0, ab1 = h0[pos_b[a]], h1[pos_b[a]]
    else:
        ab0, ab1 = 0, 1
    keep = self0[a] + self0[b] + ab0
    flip = self1[a] + self1[b] + ab1
    self0[m] = min(keep, 1 + flip)
    self1[m] = min(flip, 1 + keep)
    used = stats[1]
    nbr, h0, h1 = ensure_capacity(nbr, h0, h1, used, length[a] + length[b])
    hc = _grow_children(hc, used, length[a] + length[b])
    n_leaves = len(root_of)  # tree nodes 0..n-1 are the leaves
    pos = used
    for e in range(start[a], start[a] + length[a]):
        c = nbr[e]
        mark_a[c] = stamp
        if c == b:
            continue
        if mark_b[c] == stamp:
            eb = pos_b[c]
            b0, b1 = h0[eb], h1[eb]
        else:
            eb, b0, b1 = -1, 0, 1
        nbr[pos] = c
        h0[pos], h1[pos], hc[pos, 0], hc[pos, 1], hc[pos, 2], hc[pos, 3] = _merged_pair(
            h0[e], h1[e], b0, b1, hc, e, eb, c >= n_leaves)
        pos += 1
    for e in range(start[b], start[b] + length[b]):
        c = nbr[e]
        if c == a or mark_a[c] == stamp:
            continue
        nbr[pos] = c
        h0[pos], h1[pos], hc[pos, 0], hc[pos, 1], hc[pos, 2], hc[pos, 3] = _merged_pair(
            0, 1, h0[e], h1[e], hc, -1, e, c >= n_leaves)
        pos += 1
    start[m] = used
    length[m] = pos - used
    length[a] = 0
    length[b] = 0
    stats[1] = pos
    for e in range(used, pos):
        c = nbr[e]
        ia, ib = -1, -1  # c's entries for a and b, in one scan of c's list
        for i in range(start[c], start[c] + length[c]):
            if nbr[i] == a:
                ia = i
            elif nbr[i] == b:
                ib = i
            else:
                continue
            if ia >= 0 and ib >= 0:
                break
        # c's entry for m: the pair (c, m) and c with m's children a and b
        pa0, pa1 = (h0[ia], h1[ia]) if ia >= 0 else (0, 1)
        pb0, pb1 = (h0[ib], h1[ib]) if ib >= 0 else (0, 1)
        target = ia if ia >= 0 else ib
        nbr[target] = m
        h0[target] = h0[e]
        h1[target] = h1[e]
        hc[target, 0], hc[target, 1], hc[target, 2], hc[target, 3] = pa0, pa1, pb0, pb1
        if ia >= 0 and ib >= 0:
            last = start[c] + length[c] - 1
            hc[ib] = hc[last]
            remove_entry(start, length, nbr, h0, h1, c, ib)
    return m, nbr, h0, h1, hc


@njit(cache=True)
def _merge_groups(members, offsets, theta, seed, parent, child1, child2, is_root, head, tail, nxt, root_of,
                  start, length, nbr, h0, h1, hc, self0, self1, stats):
    """One merging iteration over every candidate group; stats = [next_id, pool_used, cost]."""
    np.random.seed(seed)
    n_slots = len(parent)
    n_leaves = len(root_of)  # tree nodes 0..n-1 are the leaves
    mark_a = np.zeros(n_slots, dtype=np.int64)
    mark_b = np.zeros(n_slots, dtype=np.int64)
    pos_a = np.zeros(n_slots, dtype=np.int64)
    pos_b = np.zeros(n_slots, dtype=np.int64)
    stamp = 0
    for g in range(len(offsets) - 1):
        group = members[offsets[g]:offsets[g + 1]].copy()
        q_len = len(group)
        while q_len > 1:
            i = np.random.randint(0, q_len)
            a = group[i]
            stamp += 1
            base_a = self0[a]
            for e in range(start[a], start[a] + length[a]):
                mark_a[nbr[e]] = stamp
                pos_a[nbr[e]] = e
                base_a += h0[e]
            best = -1.0
            best_j = -1
            best_gain = 0
            for j in range(q_len):
                if j == i:
                    continue
                b = group[j]
                sum_b = self0[b]
                gain = 0
                for e in range(start[b], start[b] + length[b]):
                    c = nbr[e]
                    b0 = h0[e]
                    sum_b += b0
                    if c != a and mark_a[c] == stamp:
                        ea = pos_a[c]
                        gain += _merge_gain(h0[ea], h1[ea], b0, h1[e], hc, ea, e, c >= n_leaves)
                if mark_a[b] == stamp:
                    ab0, ab1 = h0[pos_a[b]], h1[pos_a[b]]
                else:
                    ab0, ab1 = 0, 1
                keep = self0[a] + self0[b] + ab0
                flip = 1 + self1[a] + self1[b] + ab1
                if flip < keep:
                    gain += keep - flip
                before = base_a + sum_b - ab0
                if gain >= 2 and before > 0:
                    saving = gain / before
                    if saving > best:
                        best, best_j, best_gain = saving, j, gain
            if best_j >= 0 and best >= theta:
                stamp += 1
                m, nbr, h0, h1, hc = _merge_roots(a, group[best_j], parent, child1, child2, is_root, head, tail, nxt,
                                                  root_of, start, length, nbr, h0, h1, hc, self0, self1,
                                                  mark_a, mark_b, pos_b, stamp, stats)
                stats[2] += 2 - best_gain
                group[i] = m
                group[best_j] = group[q_len - 1]
            else:
                group[i] = group[q_len - 1]
            q_len -= 1
    return nbr, h0, h1, hc


# --------------------------------------------------------------------------- pruning
@njit(cache=True)
def _splice(parent, incident, n_leaves):
    """New parent of every tree node once internal nodes without edges are spliced out (-2: removed)."""
    n_total = len(parent)
    up = np.full(n_total, -1, dtype=np.int64)  # nearest kept ancestor-or-self
    new_parent = np.full(n_total, -1, dtype=np.int64)
    for x in range(n_total - 1, -1, -1):
        p = parent[x]
        kept = x < n_leaves or incident[x] > 0
        above = up[p] if p >= 0 else -1
        up[x] = x if kept else above
        new_parent[x] = above if kept else -2
    return new_parent


def _dissolve_single_edge_roots(parent: np.ndarray, edges: np.ndarray, n_leaves: int) -> tuple[np.ndarray, np.ndarray]:
    """Prune step (ii): a root whose only edge is X–Y (Y != X) hands that edge to each child.

    Each dissolution removes one edge (k child edges replace k links and one edge).
    Returns the new parent array (dissolved nodes get -2) and edges ``(x, y, sign)``: the
    edges kept in their order, then the handed-down ones in the order they were made.
    Arrays only (a compiled loop), no Python object per edge: at 20M edges the
    per-edge dicts and tuples this replaced were the largest part of SLUGGER's peak.
    """
    return _dissolve(parent.copy(), edges, n_leaves)


@njit(cache=True)
def _dissolve(parent, edges, n_leaves):
    """:func:`_dissolve_single_edge_roots` on arrays (``parent`` is modified in place).

    Each node keeps the number of live edges at it (a self-edge counts once) and the XOR of
    their indices, which is the index of its edge when it has exactly one. Roots are taken
    last in, first out, starting from the internal roots in increasing id; a child that
    becomes a root is pushed when it has children.
    """
    n_total = len(parent)
    m = len(edges)
    n_children = np.zeros(n_total + 1, dtype=np.int64)
    for x in range(n_total):
        if parent[x] >= 0:
            n_children[parent[x] + 1] += 1
    first_child = np.cumsum(n_children)  # children of p: children[first_child[p]:first_child[p + 1]]
    children = np.empty(first_child[n_total], dtype=np.int64)
    fill = first_child[:n_total].copy()
    for x in range(n_total):  # increasing x: each node's children in increasing id
        p = parent[x]
        if p >= 0:
            children[fill[p]] = x
            fill[p] += 1
    degree = np.zeros(n_total, dtype=np.int64)
    xor = np.zeros(n_total, dtype=np.int64)
    capacity = m + len(children)  # each child is handed at most one edge
    out = np.empty((capacity, 3), dtype=edges.dtype)
    alive = np.ones(capacity, dtype=np.bool_)
    for i in range(m):
        x, y = edges[i, 0], edges[i, 1]
        out[i, 0], out[i, 1], out[i, 2] = x, y, edges[i, 2]
        degree[x] += 1
        xor[x] ^= i
        if y != x:
            degree[y] += 1
            xor[y] ^= i
    stack = np.empty(n_total, dtype=np.int64)
    top = 0
    for x in range(n_leaves, n_total):
        if parent[x] == -1 and first_child[x + 1] > first_child[x]:
            stack[top] = x
            top += 1
    k = m
    while top > 0:
        top -= 1
        root = stack[top]
        if degree[root] != 1:
            continue
        index = xor[root]
        x, y, sign = out[index, 0], out[index, 1], out[index, 2]
        if x == y:
            continue
        other = y if x == root else x
        alive[index] = False
        degree[other] -= 1
        xor[other] ^= index
        degree[root] = 0
        xor[root] = 0
        for j in range(first_child[root], first_child[root + 1]):
            child = children[j]
            parent[child] = -1
            out[k, 0], out[k, 1], out[k, 2] = child, other, sign
            degree[child] += 1
            xor[child] ^= k
            if other != child:
                degree[other] += 1
                xor[other] ^= k
            k += 1
            if first_child[child + 1] > first_child[child]:
                stack[top] = child
                top += 1
        parent[root] = -2
    return parent, out[:k][alive[:k]]


@njit(cache=True)
def _root_shingles(indptr, indices, hash_values, root_of, row_of, n_rows):
    """Min-hash of every root under each column of ``hash_values`` (n x k), in one pass over the edges.

    Row ``row_of[r]`` of the result holds root ``r``'s minimum, over its nodes and their
    neighbours, of each column (the same values as :func:`group_shingles` of
    :func:`node_shingles`, column by column, with one gather of k values per edge).
    """
    k = hash_values.shape[1]
    out = np.full((n_rows, k), np.iinfo(hash_values.dtype).max, dtype=hash_values.dtype)
    best = np.empty(k, dtype=hash_values.dtype)
    for u in range(len(root_of)):
        best[:] = hash_values[u]
        for e in range(indptr[u], indptr[u + 1]):
            w = indices[e]
            for j in range(k):
                if hash_values[w, j] < best[j]:
                    best[j] = hash_values[w, j]
        row = row_of[root_of[u]]
        for j in range(k):
            if best[j] < out[row, j]:
                out[row, j] = best[j]
    return out


def _candidate_groups(indptr, indices, root_of, roots, n_slots, generator):
    """Roots grouped by equal min-hash shingles; oversized groups are re-hashed, then chunked."""
    n = len(root_of)
    hash_type = np.int32 if n < np.iinfo(np.int32).max else np.int64
    row_of = np.full(n_slots, -1, dtype=np.int64)
    row_of[roots] = np.arange(len(roots))
    keys = _root_shingles(indptr, indices, generator.permutation(n).astype(hash_type)[:, None], root_of, row_of,
                          len(roots))
    _, counts = np.unique(keys[:, 0], return_counts=True)
    if counts.max(initial=0) > GROUP_CAP:
        rehash = np.empty((n, N_REHASH), dtype=hash_type)
        for j in range(N_REHASH):
            rehash[:, j] = generator.permutation(n)
        keys = np.hstack((keys, _root_shingles(indptr, indices, rehash, root_of, row_of, len(roots))))
        del rehash
    members, offsets = split_groups(keys, roots, GROUP_CAP)
    return members, offsets


def _relabel(parent: np.ndarray, edges: np.ndarray, n_leaves: int):
    """Drop removed tree nodes (parent -2) and number the surviving internal nodes n, n+1, ..."""
    keep = parent != -2
    keep[:n_leaves] = True
    new_id = np.cumsum(keep) - 1
    new_parent = parent[keep].copy()
    has_parent = new_parent >= 0
    new_parent[has_parent] = new_id[new_parent[has_parent]]
    relabelled = edges.copy()
    relabelled[:, 0] = new_id[edges[:, 0]]
    relabelled[:, 1] = new_id[edges[:, 1]]
    return new_parent, relabelled


def slugger(
    graph: Graph,
    *,
    n_iterations: int = 20,
    seed: int | None = None,
    on_progress: Callable[[float, str], None] | None = None,
) -> SluggerSummary:
    """Summarize ``graph`` losslessly into a hierarchy of supernodes with signed edges (SLUGGER).

    Parameters
    ----------
    graph : Graph
        Undirected input; read as a simple graph (weights and self-loops dropped).
    n_iterations : int
        Merging iterations T (threshold ``1/(1+t)``, 0 at the last one).
    seed : int, optional
        Seed of the min-hash permutations and the random picks.
    on_progress : callable, optional
        ``on_progress(fraction, message)`` after each iteration.

    Returns
    -------
    SluggerSummary
        ``decode()`` gives back the (simple) input exactly.

    Raises
    ------
    ParameterError
        If ``n_iterations`` < 1 or ``seed`` is invalid.
    UnsupportedGraphError
        If the graph is directed.
    EmptyGraphError
        If the graph has no node.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> g = load_dataset("karate_club")
    >>> s = slugger(g, seed=0)
    >>> bool((s.decode().adjacency != (g.adjacency > 0)).nnz == 0)
    True

    References
    ----------
    K. Lee, J. Ko, K. Shin, "Efficient and Effective Summarization of Large-Scale Graphs
    by Hierarchical Lossless Summarization" (SLUGGER), ICDE 2022. Departures: the cost
    of a merge is evaluated with a two-state dynamic programme over each pair of trees
    instead of the paper's tables over the top three levels: every root pair keeps its
    cost and the costs of the root with the other root's two children, so the pair of
    a new root and a neighbour may be split on either side (on the new root into its
    two children, or on the neighbour into its two children); the final encoding is the exact optimum of that programme over the
    whole forest (at every pair of tree nodes it may split either side), which already
    contains the flat encoding ``min(E, Π-E+1)`` of every root pair, so pruning step (iii)
    and the leaf-level corrections of step (iv) are never needed.
    """
    n_iterations = check_positive_int(n_iterations, "n_iterations")
    generator = rng(seed)
    check_undirected(graph, "SLUGGER")
    adjacency = simple_adjacency(graph)
    n = adjacency.shape[0]
    if n == 0:
        raise EmptyGraphError("SLUGGER needs at least one node (got an empty graph)")
    n_edges = adjacency.nnz // 2
    indptr, indices = adjacency.indptr, adjacency.indices
    del adjacency  # its float64 data (16 bytes per edge) is never read
    n_slots = max(2 * n - 1, 1)
    parent = np.full(n_slots, -1, dtype=np.int64)
    child1 = np.full(n_slots, -1, dtype=np.int64)
    child2 = np.full(n_slots, -1, dtype=np.int64)
    is_root = np.zeros(n_slots, dtype=np.bool_)
    is_root[:n] = True
    head = np.full(n_slots, -1, dtype=np.int64)
    tail = np.full(n_slots, -1, dtype=np.int64)
    head[:n] = np.arange(n)
    tail[:n] = np.arange(n)
    nxt = np.full(n, -1, dtype=np.int64)
    root_of = np.arange(n, dtype=np.int64)
    # Pools of pair costs: a cost is at most the block's edge count plus one, so int32 holds it.
    cost_type = np.int32 if n_edges < np.iinfo(np.int32).max - 1 else np.int64
    start, length, nbr, h0, h1, used = initial_lists(indptr, indices, 1, 0, n_slots, cost_type, cost_type)
    hc = np.zeros((len(nbr), 4), dtype=cost_type)  # (h0, h1) of each pair with the neighbour's two children
    self0 = np.zeros(n_slots, dtype=np.int64)
    self1 = np.zeros(n_slots, dtype=np.int64)
    stats = np.array([n, used, n_edges], dtype=np.int64)
    history = []
    for t in range(1, n_iterations + 1):
        theta = 1.0 / (1 + t) if t < n_iterations else 0.0
        roots = np.flatnonzero(is_root[: stats[0]])
        if n_edges and len(roots) > 1:
            members, offsets = _candidate_groups(indptr, indices, root_of, roots, n_slots, generator)
            kernel_seed = int(generator.integers(0, 2**31 - 1))
            if t > 1:
                hc = _compact_children(start, length, hc, int(stats[0]))
                nbr, h0, h1, stats[1] = compact(start, length, nbr, h0, h1, int(stats[0]), True)
            nbr, h0, h1, hc = _merge_groups(members, offsets, theta, kernel_seed, parent, child1, child2, is_root,
                                            head, tail, nxt, root_of, start, length, nbr, h0, h1, hc, self0, self1,
                                            stats)
        history.append((t, int(stats[2])))
        if on_progress is not None:
            on_progress(t / n_iterations, f"iteration {t}/{n_iterations}: cost {int(stats[2]):,}")
    n_total = int(stats[0])
    parent, child1, child2 = parent[:n_total], child1[:n_total], child2[:n_total]
    edges = _encode_all(indptr, indices, n, parent, child1, child2)
    incident = np.bincount(edges[:, 0], minlength=n_total) + np.bincount(
        edges[:, 1][edges[:, 0] != edges[:, 1]], minlength=n_total)
    parent = _splice(parent, incident, n)
    parent, edges = _dissolve_single_edge_roots(parent, edges, n)
    parent, edges = _relabel(parent, edges, n)
    positive = edges[:, 2] > 0
    return SluggerSummary(
        name=graph.name,
        node_ids=graph.node_ids,
        n_nodes=n,
        n_edges=n_edges,
        parent=parent,
        pos_edges=edges[positive, :2].copy(),
        neg_edges=edges[~positive, :2].copy(),
        history=tuple(history),
        seed=seed if isinstance(seed, int) else None,
    )


def _encode_all(indptr, indices, n, parent, child1, child2) -> np.ndarray:
    """Signed edges ``(x, y, sign)`` encoding the graph on the merged forest."""
    rows = np.repeat(np.arange(n, dtype=indices.dtype), np.diff(indptr))
    upper = rows < indices
    us = rows[upper]
    del rows
    edges, _ = _encode_exact(us, indices[upper], parent, child1, child2, n, KEY_SLICE)
    return edges


# --------------------------------------------------------------------------- exact encoding
@njit(cache=True)
def _lookup(keys, key):
    """Index of ``key`` in the sorted array ``keys``, or -1."""
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(keys) and keys[lo] == key:
        return lo
    return -1


@njit(cache=True)
def _pair_value(keys, h0, h1, x, y, n_leaves, n_total):
    """(h0, h1) of tree-node pair (x, y); pairs without edges cost 0 (or one negative edge under state 1)."""
    key = min(x, y) * n_total + max(x, y)
    i = _lookup(keys, key)
    if i >= 0:
        return h0[i], h1[i]
    if x == y and x < n_leaves:
        return 0, 0
    return 0, 1


@njit(cache=True)
def _child_pair(x, y, split_x, i, child1, child2):
    """The ``i``-th children pair covering (x, y): of x's self-pair three, else two (x or y split)."""
    if x == y:
        c1, c2 = child1[x], child2[x]
        if i == 0:
            return c1, c1
        if i == 1:
            return c2, c2
        return c1, c2
    if split_x:
        return (child1[x] if i == 0 else child2[x]), y
    return x, (child1[y] if i == 0 else child2[y])


@njit(cache=True)
def _option(keys, h0, h1, x, y, split_x, child1, child2, n_leaves, n_total):
    """Cost under state 0 and 1 of covering the children pairs of (x, y), each as is or flipped by one edge here."""
    keep0, keep1 = 0, 0
    for i in range(3 if x == y else 2):
        cx, cy = _child_pair(x, y, split_x, i, child1, child2)
        a, b = _pair_value(keys, h0, h1, cx, cy, n_leaves, n_total)
        keep0 += a
        keep1 += b
    return keep0, keep1


@njit(cache=True)
def _ancestor_pair_keys(us, vs, first, last, total, parent, root, n_total, chain_u, chain_v):
    """Sorted distinct keys ``min * n_total + max`` of the tree-node pairs holding edges ``first..last-1``.

    A pair is (ancestor-or-self of u, ancestor-or-self of v); for u and v in one tree the
    common ancestors give self-pairs (x, x) instead. ``total`` bounds the number of keys.
    """
    keys = np.empty(total, dtype=np.int64)
    k = 0
    for e in range(first, last):
        u, v = us[e], vs[e]
        lu = 0
        x = u
        while x >= 0:
            chain_u[lu] = x
            lu += 1
            x = parent[x]
        lv = 0
        x = v
        while x >= 0:
            chain_v[lv] = x
            lv += 1
            x = parent[x]
        if root[u] == root[v]:
            # strip the common ancestors (they hold the edge inside them)
            while lu > 0 and lv > 0 and chain_u[lu - 1] == chain_v[lv - 1]:
                keys[k] = chain_u[lu - 1] * n_total + chain_u[lu - 1]
                k += 1
                lu -= 1
                lv -= 1
        for i in range(lu):
            for j in range(lv):
                a, b = chain_u[i], chain_v[j]
                keys[k] = min(a, b) * n_total + max(a, b)
                k += 1
    return np.unique(keys[:k])


@njit(cache=True)
def _merge_unique(a, b):
    """The sorted union of two sorted arrays of distinct keys."""
    out = np.empty(len(a) + len(b), dtype=np.int64)
    i, j, k = 0, 0, 0
    while i < len(a) and j < len(b):
        if a[i] < b[j]:
            out[k] = a[i]
            i += 1
        elif b[j] < a[i]:
            out[k] = b[j]
            j += 1
        else:
            out[k] = a[i]
            i += 1
            j += 1
        k += 1
    while i < len(a):
        out[k] = a[i]
        i += 1
        k += 1
    while j < len(b):
        out[k] = b[j]
        j += 1
        k += 1
    return out[:k].copy()


@njit(cache=True)
def _pair_keys(us, vs, parent, key_slice):
    """Sorted distinct keys ``min * n_total + max`` of the tree-node pairs holding the edges ``(us, vs)``.

    The (ancestor of u, ancestor of v) pairs of all edges, deduplicated a slice of edges at a
    time: the pairs of every edge at once would take (depth + 1)^2 keys per edge.
    """
    n_total = len(parent)
    depth = np.zeros(n_total, dtype=np.int64)
    for x in range(n_total - 1, -1, -1):
        if parent[x] >= 0:
            depth[x] = depth[parent[x]] + 1
    root = np.arange(n_total)
    for x in range(n_total - 1, -1, -1):
        if parent[x] >= 0:
            root[x] = root[parent[x]]
    chain_u = np.empty(n_total, dtype=np.int64)
    chain_v = np.empty(n_total, dtype=np.int64)
    keys = np.empty(0, dtype=np.int64)
    first = 0
    while first < len(us):
        last = first
        total = 0
        while last < len(us):
            d_u, d_v = depth[us[last]], depth[vs[last]]
            count = (d_u + 1) * (d_v + 1) + d_u + d_v + 2
            if total > 0 and total + count > key_slice:
                break
            total += count
            last += 1
        part = _ancestor_pair_keys(us, vs, first, last, total, parent, root, n_total, chain_u, chain_v)
        keys = _merge_unique(keys, part)
        first = last
    return keys


def _encode_exact(us, vs, parent, child1, child2, n_leaves, key_slice):
    """Optimal signed edges for the forest, choosing at every tree-node pair which side to split.

    Every pair of disjoint tree nodes (x, y) holding an edge, and every node x holding an
    edge inside, gets costs h_s (s = value its pairs already decode to from above):
    ``h_s = min over splits of min(sum h_s(children), 1 + sum h_{1-s}(children))``.
    The pairs are gathered ``key_slice`` keys at a time and deduplicated as they come; the
    costs are int32 while the edges fit (a pair's cost is at most its edges plus one).
    Returns ``(edges (m, 3) as x, y, sign; total cost of the root pairs)``.
    """
    keys = _pair_keys(us, vs, parent, key_slice)
    cost_type = np.int32 if len(us) < np.iinfo(np.int32).max - 1 else np.int64
    h0 = np.zeros(len(keys), dtype=cost_type)
    h1 = np.zeros(len(keys), dtype=cost_type)
    return _encode_keys(keys, h0, h1, parent, child1, child2, n_leaves, len(us))


@njit(cache=True)
def _encode_keys(keys, h0, h1, parent, child1, child2, n_leaves, n_edges):
    """:func:`_encode_exact` once the pair keys are known: the costs ``h0``, ``h1`` (filled here), then the traceback.

    The keys are sorted by (smaller node, larger node), and a child pair always sorts before its
    parent pair (children have smaller ids), so one pass in key order meets the children first.
    """
    n_total = len(parent)
    m = len(keys)
    for idx in range(m):
        x, y = keys[idx] // n_total, keys[idx] % n_total
        if x != y and x < n_leaves and y < n_leaves:
            h0[idx], h1[idx] = 1, 0
            continue
        best0, best1 = 1 << 60, 1 << 60
        for split_x in (True, False):
            node = x if split_x else y
            if node < n_leaves or (x == y and not split_x):
                continue
            keep0, keep1 = _option(keys, h0, h1, x, y, split_x, child1, child2, n_leaves, n_total)
            best0 = min(best0, keep0, 1 + keep1)
            best1 = min(best1, keep1, 1 + keep0)
        h0[idx], h1[idx] = best0, best1
    # traceback from every root pair
    out = np.zeros((max(n_edges // 4, 16), 3), dtype=np.int64)
    n_out = 0
    total_cost = 0
    stack = np.zeros((64, 3), dtype=np.int64)
    for idx in range(m):
        x, y = keys[idx] // n_total, keys[idx] % n_total
        if parent[x] >= 0 or parent[y] >= 0:
            continue
        total_cost += h0[idx]
        top = 0
        stack[0, 0], stack[0, 1], stack[0, 2] = x, y, 0
        while top >= 0:
            x, y, s = stack[top, 0], stack[top, 1], stack[top, 2]
            top -= 1
            i = _lookup(keys, min(x, y) * n_total + max(x, y))
            emit = 0
            if i < 0:
                if s == 1 and not (x == y and x < n_leaves):
                    emit = -1
            elif x != y and x < n_leaves and y < n_leaves:
                if s == 0:
                    emit = 1
            else:
                target = h0[i] if s == 0 else h1[i]
                for split_x in (True, False):
                    node = x if split_x else y
                    if node < n_leaves or (x == y and not split_x):
                        continue
                    keep0, keep1 = _option(keys, h0, h1, x, y, split_x, child1, child2, n_leaves, n_total)
                    keep = keep0 if s == 0 else keep1
                    flip = 1 + (keep1 if s == 0 else keep0)
                    if keep != target and flip != target:
                        continue
                    child_state = s
                    if keep != target:
                        emit = 1 if s == 0 else -1
                        child_state = 1 - s
                    n_children = 3 if x == y else 2
                    if top + n_children + 1 >= stack.shape[0]:
                        bigger = np.zeros((2 * stack.shape[0], 3), dtype=np.int64)
                        bigger[: stack.shape[0]] = stack
                        stack = bigger
                    for c in range(n_children):
                        top += 1
                        cx, cy = _child_pair(x, y, split_x, c, child1, child2)
                        stack[top, 0], stack[top, 1], stack[top, 2] = cx, cy, child_state
                    break
            if emit != 0:
                if n_out >= out.shape[0]:
                    bigger_out = np.zeros((2 * out.shape[0], 3), dtype=np.int64)
                    bigger_out[: out.shape[0]] = out
                    out = bigger_out
                out[n_out, 0], out[n_out, 1], out[n_out, 2] = x, y, emit
                n_out += 1
    return out[:n_out].copy(), total_cost
