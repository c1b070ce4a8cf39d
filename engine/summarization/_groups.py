"""Min-hash candidate groups shared by SSumM and SLUGGER."""

from __future__ import annotations

import numpy as np

__all__ = ["node_shingles", "group_shingles", "split_groups"]


def node_shingles(indptr: np.ndarray, indices: np.ndarray, hash_values: np.ndarray) -> np.ndarray:
    """Minimum hash value over each node and its neighbours."""
    shingles = hash_values.copy()
    degree = np.diff(indptr)
    nonempty = degree > 0
    if nonempty.any():
        neighbour_min = np.minimum.reduceat(hash_values[indices], indptr[:-1][nonempty])
        shingles[nonempty] = np.minimum(shingles[nonempty], neighbour_min)
    return shingles


def group_shingles(node_values: np.ndarray, owner: np.ndarray, n_owners: int) -> np.ndarray:
    """Minimum of ``node_values`` over the nodes of each owner (supernode or root)."""
    out = np.full(n_owners, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, owner, node_values)
    return out


def split_groups(keys: np.ndarray, items: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Group ``items`` by equal key columns, splitting a group larger than ``cap`` by the next column.

    ``keys`` is ``(len(items), n_columns)``. Items are first grouped on column 0;
    a group larger than ``cap`` is split on column 1, and so on; a group still too
    large after the last column is cut into chunks of ``cap``. Groups of one item
    are dropped.

    Returns
    -------
    (members, offsets) : group ``g`` is ``members[offsets[g]:offsets[g + 1]]``.
    """
    if len(items) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64)
    order = np.lexsort(keys[:, ::-1].T)
    keys, items = keys[order], items[order]
    n_columns = keys.shape[1]
    starts_out: list[np.ndarray] = []
    ends_out: list[np.ndarray] = []
    stack = [(0, len(items), 0)]
    while stack:
        lo, hi, column = stack.pop()
        values = keys[lo:hi, column]
        cuts = np.flatnonzero(values[1:] != values[:-1]) + 1 + lo
        starts = np.concatenate(([lo], cuts))
        ends = np.concatenate((cuts, [hi]))
        sizes = ends - starts
        fits = (sizes <= cap) & (sizes >= 2)
        starts_out.append(starts[fits])
        ends_out.append(ends[fits])
        for s, e in zip(starts[sizes > cap], ends[sizes > cap]):
            if column + 1 < n_columns:
                stack.append((int(s), int(e), column + 1))
            else:
                chunk_starts = np.arange(s, e, cap)
                chunk_ends = np.minimum(chunk_starts + cap, e)
                keep = chunk_ends - chunk_starts >= 2
                starts_out.append(chunk_starts[keep])
                ends_out.append(chunk_ends[keep])
    starts = np.concatenate(starts_out)
    ends = np.concatenate(ends_out)
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    lengths = ends - starts
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    index = np.repeat(starts - offsets[:-1], lengths) + np.arange(offsets[-1])
    return items[index].astype(np.int64), offsets
