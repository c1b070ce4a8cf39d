"""Thread limits for small numeric work: on a busy 2-core machine, extra intra-op threads spin-wait."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

__all__ = ["single_torch_thread"]


@contextmanager
def single_torch_thread() -> Iterator[None]:
    """Run torch on one intra-op thread inside the block; the previous count is restored after it.

    Small tensors (SDNE's batches, the scene-graph model) gain nothing from more threads, and on a busy
    machine those threads spin-wait: measured 10-13x slower with 2 threads under load.
    """
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
