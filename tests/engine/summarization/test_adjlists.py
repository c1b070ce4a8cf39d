"""The neighbour pools of SSumM and SLUGGER: compaction keeps every owner's list, in place or copied."""

from __future__ import annotations

import numpy as np

from engine.summarization._adjlists import compact, segments_in_owner_order


def _pools():
    """Owners 0..3 with segments [0, 2), [2, 3) (emptied), [5, 8), [9, 10) in a pool of 12 entries."""
    start = np.array([0, 2, 5, 9], dtype=np.int64)
    length = np.array([2, 0, 3, 1], dtype=np.int64)
    nbr = np.array([1, 2, 99, 99, 99, 0, 1, 3, 99, 2, 99, 99], dtype=np.int32)
    val0 = np.arange(12, dtype=np.int32) * 10
    val1 = np.arange(12, dtype=np.int8)
    return start, length, nbr, val0, val1


def _lists(start, length, nbr, val0, val1):
    return [(nbr[s:s + n].tolist(), val0[s:s + n].tolist(), val1[s:s + n].tolist()) for s, n in zip(start, length)]


def test_compact_in_place_keeps_the_lists_and_the_pools():
    start, length, nbr, val0, val1 = _pools()
    expected = _lists(start, length, nbr, val0, val1)
    new_nbr, new_val0, new_val1, used = compact(start, length, nbr, val0, val1, 4, True)
    assert used == 6 and start.tolist() == [0, 2, 2, 5]
    assert all(np.shares_memory(new, old) for new, old in ((new_nbr, nbr), (new_val0, val0), (new_val1, val1)))
    assert _lists(start, length, new_nbr, new_val0, new_val1) == expected
    assert new_nbr[:6].tolist() == [1, 2, 0, 1, 3, 2] and new_val0[:6].tolist() == [0, 10, 50, 60, 70, 90]


def test_compact_copies_when_asked_or_when_segments_are_out_of_order():
    start, length, nbr, val0, val1 = _pools()
    expected = _lists(start, length, nbr, val0, val1)
    new_nbr, *_, used = compact(start.copy(), length, nbr, val0, val1, 4)
    assert not np.shares_memory(new_nbr, nbr) and len(new_nbr) == 1024 and used == 6
    start[[0, 2]] = start[[2, 0]]  # owner 0's segment now lies after owner 2's
    length[[0, 2]] = length[[2, 0]]
    swapped = _lists(start, length, nbr, val0, val1)
    assert not segments_in_owner_order(start, length, 4) and swapped == [expected[2], expected[1], expected[0],
                                                                         expected[3]]
    new_nbr, new_val0, new_val1, used = compact(start, length, nbr, val0, val1, 4, True)
    assert not np.shares_memory(new_nbr, nbr) and used == 6
    assert _lists(start, length, new_nbr, new_val0, new_val1) == swapped
