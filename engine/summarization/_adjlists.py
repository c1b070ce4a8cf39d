"""Growable per-supernode neighbour lists for the numba kernels of SSumM and SLUGGER.

Every (super)node ``x`` owns the segment ``pool[start[x] : start[x] + length[x]]``
of three parallel pool arrays (neighbour id and two integer values). A merged
node gets a fresh segment at the end of the pool; a neighbour's segment only
shrinks (an entry is renamed or removed), so it never has to move.

The pools are the summarizers' largest arrays (two entries per input edge, twice
over for room), so they are as narrow as the values allow: neighbour ids are
int32 while the owners fit, and each caller picks the value types it needs
(an edge count fits int32, a dense/sparse flag int8). Growing and compacting keep
the types.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["initial_lists", "ensure_capacity", "find_entry", "remove_entry", "compact", "segments_in_owner_order"]


def initial_lists(
    indptr: np.ndarray,
    indices: np.ndarray,
    value0: int,
    value1: int,
    n_slots: int,
    dtype0: type = np.int32,
    dtype1: type = np.int32,
):
    """Pool arrays holding each node's neighbours, with room for ``n_slots`` list owners.

    The pool has room for as many new entries as there are initial ones; :func:`compact`
    between merging rounds drops the segments merges left behind, and
    :func:`ensure_capacity` doubles the pool if one round needs more. Neighbour ids are
    int32 when ``n_slots`` fits (int64 otherwise); the two value pools have ``dtype0`` and
    ``dtype1`` and start at ``value0`` and ``value1``. ``start`` and ``length`` are int64.
    """
    n = len(indptr) - 1
    capacity = max(2 * len(indices), 1024)
    id_type = np.int32 if n_slots < np.iinfo(np.int32).max else np.int64
    nbr = np.zeros(capacity, dtype=id_type)
    val0 = np.zeros(capacity, dtype=dtype0)
    val1 = np.zeros(capacity, dtype=dtype1)
    nbr[: len(indices)] = indices
    val0[: len(indices)] = value0
    val1[: len(indices)] = value1
    start = np.zeros(n_slots, dtype=np.int64)
    length = np.zeros(n_slots, dtype=np.int64)
    start[:n] = indptr[:-1]
    length[:n] = np.diff(indptr)
    return start, length, nbr, val0, val1, np.int64(len(indices))


@njit(cache=True)
def ensure_capacity(nbr, val0, val1, used, need):
    """Pool arrays with room for ``need`` more entries after ``used`` (reallocated when full, same types)."""
    if used + need <= len(nbr):
        return nbr, val0, val1
    capacity = max(2 * len(nbr), used + need + 1024)
    new_nbr = np.zeros(capacity, dtype=nbr.dtype)
    new_val0 = np.zeros(capacity, dtype=val0.dtype)
    new_val1 = np.zeros(capacity, dtype=val1.dtype)
    new_nbr[:used] = nbr[:used]
    new_val0[:used] = val0[:used]
    new_val1[:used] = val1[:used]
    return new_nbr, new_val0, new_val1


@njit(cache=True)
def find_entry(start, length, nbr, owner, target):
    """Pool index of ``target`` in ``owner``'s list, or -1."""
    s = start[owner]
    for i in range(s, s + length[owner]):
        if nbr[i] == target:
            return i
    return -1


@njit(cache=True)
def remove_entry(start, length, nbr, val0, val1, owner, index):
    """Remove the entry at pool ``index`` from ``owner``'s list (the last entry takes its place)."""
    last = start[owner] + length[owner] - 1
    nbr[index] = nbr[last]
    val0[index] = val0[last]
    val1[index] = val1[last]
    length[owner] -= 1


@njit(cache=True)
def segments_in_owner_order(start, length, n_owners):
    """Whether the owners' live segments lie in the pool in owner order, without overlapping.

    Then moving each segment down to the sum of the earlier owners' lengths never overwrites an entry
    still to be moved, so a pool can be compacted where it is (``compact(..., in_place=True)``).
    """
    end = 0
    for x in range(n_owners):
        if length[x]:
            if start[x] < end:
                return False
            end = start[x] + length[x]
    return True


@njit(cache=True)
def compact(start, length, nbr, val0, val1, n_owners, in_place=False):
    """Copy every owner's live segment, in owner order, into pools twice the live size.

    Entry order inside each segment is kept, so the kernels see the same lists.
    Returns the new ``(nbr, val0, val1, used)``; ``start`` is updated in place.
    With ``in_place``, when the segments already lie in owner order (:func:`segments_in_owner_order`:
    SLUGGER's do, since a merged node takes the next id and a fresh segment at the end of the pool),
    the segments are moved down inside the same pools instead: no second set of pools exists during
    the copy, and the pools keep their length.
    """
    if in_place and segments_in_owner_order(start, length, n_owners):
        return nbr, val0, val1, _move_segments(start, length, n_owners, nbr, val0, val1, nbr, val0, val1)
    live = 0
    for x in range(n_owners):
        live += length[x]
    capacity = max(2 * live, 1024)
    new_nbr = np.zeros(capacity, dtype=nbr.dtype)
    new_val0 = np.zeros(capacity, dtype=val0.dtype)
    new_val1 = np.zeros(capacity, dtype=val1.dtype)
    used = _move_segments(start, length, n_owners, nbr, val0, val1, new_nbr, new_val0, new_val1)
    return new_nbr, new_val0, new_val1, used


@njit(cache=True)
def _move_segments(start, length, n_owners, nbr, val0, val1, new_nbr, new_val0, new_val1):
    """Write every owner's segment, in owner order, from the front of the ``new_*`` pools; returns the entries used.

    The ``new_*`` pools may be the same arrays as the old ones when the segments lie in owner order (each
    segment then moves down, never over an entry still to be read); ``start`` is updated in place.
    """
    pos = 0
    for x in range(n_owners):
        s = start[x]
        for i in range(length[x]):
            new_nbr[pos + i] = nbr[s + i]
            new_val0[pos + i] = val0[s + i]
            new_val1[pos + i] = val1[s + i]
        start[x] = pos
        pos += length[x]
    return pos
