"""engine.threads: one torch thread inside the block, the previous count restored after it (even on error)."""

from __future__ import annotations

import pytest
import torch

from engine.threads import single_torch_thread


def test_single_torch_thread_sets_one_and_restores_the_count():
    original = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        with single_torch_thread():
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 2
        with pytest.raises(RuntimeError, match="inside"):
            with single_torch_thread():
                raise RuntimeError("inside")
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(original)
