"""Compiled kernels on CSR arrays for :mod:`engine.metrics`, in their own module so that numba is imported
only by the large graphs that need them (``python -m engine stats`` on a small graph never loads it)."""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["triangles_at", "component_labels"]


@numba.njit(cache=True, nogil=True)
def triangles_at(indptr, indices, nodes, triangles, degrees):  # pragma: no cover - compiled
    """``triangles[i]``: triangles through ``nodes[i]``; ``degrees[i]``: its neighbours other than itself.

    ``indptr``/``indices`` hold a symmetric pattern with sorted rows; diagonal entries (self-loops) are
    ignored wherever they appear.
    """
    n = indptr.size - 1
    mark = np.zeros(n, dtype=np.bool_)
    for i in range(nodes.size):
        u = nodes[i]
        begin, end = indptr[u], indptr[u + 1]
        degree = 0
        for p in range(begin, end):
            if indices[p] != u:
                mark[indices[p]] = True
                degree += 1
        count = 0
        for p in range(begin, end):
            v = indices[p]
            if v == u:
                continue
            low, high = indptr[v], indptr[v + 1]
            if high - low <= degree * (np.log2(high - low + 1.0) + 1.0):
                for q in range(low, high):  # scan v's list for u's neighbours
                    if mark[indices[q]] and indices[q] != v:
                        count += 1
            else:  # search each of u's neighbours in v's (much longer, sorted) list
                for q in range(begin, end):
                    w = indices[q]
                    if w == u or w == v:
                        continue
                    a, b = low, high
                    while a < b:
                        middle = (a + b) // 2
                        if indices[middle] < w:
                            a = middle + 1
                        else:
                            b = middle
                    if a < high and indices[a] == w:
                        count += 1
        for p in range(begin, end):
            mark[indices[p]] = False
        triangles[i] = count // 2  # each triangle u-v-w was seen from v and from w
        degrees[i] = degree


@numba.njit(cache=True, nogil=True)
def component_labels(indptr, indices):  # pragma: no cover - compiled
    """Weakly connected component of each node of the CSR pattern, numbered in the order of each
    component's smallest node (the labels of scipy's ``connected_components``), by union-find with path
    halving over the stored entries: each entry joins its two ends, so no transpose is needed."""
    n = indptr.size - 1
    parent = np.arange(n)
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            a, b = u, indices[p]
            while parent[a] != a:  # path halving
                parent[a] = parent[parent[a]]
                a = parent[a]
            while parent[b] != b:
                parent[b] = parent[parent[b]]
                b = parent[b]
            if a != b:
                if a < b:
                    parent[b] = a
                else:
                    parent[a] = b
    labels = np.empty(n, dtype=np.int64)
    next_label = 0
    for u in range(n):  # roots are each component's smallest node: it is met before the others
        root = u
        while parent[root] != root:
            root = parent[root]
        if root == u:
            labels[u] = next_label
            next_label += 1
        else:
            labels[u] = labels[root]
    return labels
