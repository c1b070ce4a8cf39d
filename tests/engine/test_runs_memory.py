"""Peak memory counts allocations made outside numpy's Python-visible heap (numba, torch) and reused memory."""

from __future__ import annotations

import numpy as np
import pytest

from engine.runs import measure

MB = 2**20


def test_measure_counts_a_numba_allocation():
    numba = pytest.importorskip("numba")

    @numba.njit(cache=False)
    def fill(n):
        values = np.ones(n)  # allocated by numba's runtime, not by the interpreter
        return values.sum()

    fill(10)  # compile outside the measurement
    with measure() as measurement:
        total = fill(64 * MB // 8)
    assert total == 64 * MB // 8
    assert measurement.peak_bytes >= 48 * MB


def test_measure_counts_a_torch_allocation():
    torch = pytest.importorskip("torch")
    torch.ones(10)
    with measure() as measurement:
        tensor = torch.ones(64 * MB // 4, dtype=torch.float32)
        tensor.add_(1.0)
        del tensor
    assert measurement.peak_bytes >= 48 * MB


def test_measure_counts_memory_an_earlier_run_freed():
    def churn():
        blocks = [np.ones(8000) for _ in range(4000)]  # ~256 MB in small blocks from the heap
        return sum(len(b) for b in blocks)

    churn()  # the heap grows, then its blocks are freed
    with measure() as measurement:
        churn()  # reuses freed memory: growth must still show
    assert measurement.peak_bytes >= 128 * MB


def test_measure_without_allocation_is_small():
    with measure() as measurement:
        sum(range(1000))
    assert 0 <= measurement.peak_bytes < 16 * MB
