"""Identities of the baseline and density-normalized edge losses."""

from __future__ import annotations

import pytest
import torch

from engine.errors import ParameterError
from engine.scenegraph.loss import edge_loss


def _batch(n_fg: int, n_bg: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    logits = torch.randn(n_fg + n_bg, 4, generator=generator)
    targets = torch.cat([torch.randint(1, 4, (n_fg,), generator=generator), torch.zeros(n_bg, dtype=torch.long)])
    return logits, targets


@pytest.mark.parametrize("n_fg,n_bg", [(1, 0), (1, 9), (3, 40), (7, 2)])
def test_dnorm_is_m_over_m_fg_times_baseline(n_fg, n_bg):
    logits, targets = _batch(n_fg, n_bg)
    baseline = edge_loss(logits, targets, loss="baseline")
    dnorm = edge_loss(logits, targets, loss="dnorm")
    assert float(dnorm) == pytest.approx((n_fg + n_bg) / n_fg * float(baseline), rel=1e-6)


def test_baseline_is_density_mixture_of_fg_and_bg_means():
    logits, targets = _batch(3, 12)
    per_edge = torch.nn.functional.cross_entropy(logits, targets, reduction="none")
    density = 3 / 15
    expected = density * per_edge[:3].mean() + (1 - density) * per_edge[3:].mean()
    assert float(edge_loss(logits, targets, loss="baseline")) == pytest.approx(float(expected), rel=1e-6)


def test_dnorm_fgbg_is_fg_mean_plus_beta_bg_mean():
    logits, targets = _batch(4, 10)
    per_edge = torch.nn.functional.cross_entropy(logits, targets, reduction="none")
    expected = per_edge[:4].mean() + 0.3 * per_edge[4:].mean()
    assert float(edge_loss(logits, targets, loss="dnorm-fgbg", beta=0.3)) == pytest.approx(float(expected), rel=1e-6)


def _fg_gradient(loss: str, n_bg: int) -> torch.Tensor:
    fg_logits, fg_targets = _batch(3, 0, seed=1)
    bg_logits, bg_targets = _batch(0, n_bg, seed=2)
    fg_logits.requires_grad_(True)
    edge_loss(torch.cat([fg_logits, bg_logits]), torch.cat([fg_targets, bg_targets]), loss=loss).backward()
    return fg_logits.grad


def test_fg_gradient_does_not_shrink_when_bg_edges_are_added_with_dnorm():
    small, large = _fg_gradient("dnorm", 5), _fg_gradient("dnorm", 500)
    assert torch.allclose(small, large)
    assert float(small.abs().sum()) > 0


def test_fg_gradient_shrinks_as_one_over_m_with_baseline():
    small, large = _fg_gradient("baseline", 5), _fg_gradient("baseline", 500)
    # M = 8 vs 503: the FG gradient falls by 8/503
    assert torch.allclose(large, small * 8 / 503, atol=1e-7)


def test_no_annotated_edge_case_is_defined():
    logits, targets = _batch(0, 6)
    baseline = edge_loss(logits, targets, loss="baseline")
    assert float(edge_loss(logits, targets, loss="dnorm")) == pytest.approx(float(baseline))
    assert float(edge_loss(logits, targets, loss="dnorm-fgbg", beta=2.0)) == pytest.approx(2 * float(baseline))
    assert torch.isfinite(edge_loss(logits, targets, loss="dnorm"))


def test_only_fg_edges():
    logits, targets = _batch(5, 0)
    assert float(edge_loss(logits, targets, loss="dnorm-fgbg", beta=3.0)) == pytest.approx(float(edge_loss(logits, targets, loss="baseline")))


def test_bad_arguments():
    logits, targets = _batch(1, 1)
    with pytest.raises(ParameterError, match="loss must be one of"):
        edge_loss(logits, targets, loss="focal")
    with pytest.raises(ParameterError, match="beta"):
        edge_loss(logits, targets, loss="dnorm-fgbg", beta=-1.0)
    with pytest.raises(ParameterError, match="no edge"):
        edge_loss(logits[:0], targets[:0])
    with pytest.raises(ParameterError, match="targets"):
        edge_loss(logits, targets[:1])
