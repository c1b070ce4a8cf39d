"""Edge losses for scene-graph generation: the baseline and the density-normalized losses.

The edge set of a mini-batch is every scored ordered pair: foreground (FG)
edges carry an annotated predicate ``1..R``, background (BG) edges the label 0.
With ``M_FG`` FG edges, ``M_BG`` BG edges and ``M = M_FG + M_BG``:

- ``baseline``: ``(1/M) sum_E CE = d * mean_FG + (1 - d) * mean_BG`` with density
  ``d = M_FG / M``, so an FG edge's weight shrinks as graphs get larger and sparser;
- ``dnorm``: every edge weighted ``1/M_FG``:
  ``mean_FG + (M_BG / M_FG) * mean_BG = (M / M_FG) * baseline`` (no hyperparameter);
- ``dnorm-fgbg``: ``mean_FG + beta * mean_BG``.

References
----------
B. Knyazev, H. de Vries, C. Cangea, G. W. Taylor, A. Courville, E. Belilovsky,
"Graph Density-Aware Losses for Novel Compositions in Scene Graph Generation",
BMVC 2020, arXiv:2005.08230.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from engine._validation import check_choice, check_in_range
from engine.errors import ParameterError

__all__ = ["LOSSES", "edge_loss"]

#: Loss names accepted by :func:`edge_loss`.
LOSSES = ("baseline", "dnorm", "dnorm-fgbg")


def edge_loss(logits: torch.Tensor, targets: torch.Tensor, *, loss: str = "dnorm", beta: float = 1.0) -> torch.Tensor:
    """The edge loss of one mini-batch.

    Parameters
    ----------
    logits : Tensor (M, R + 1)
        Edge-class scores; column 0 is "no relation".
    targets : Tensor (M,) of int
        0 for BG edges, ``1..R`` for FG edges.
    loss : {"baseline", "dnorm", "dnorm-fgbg"}
    beta : float
        BG weight of ``dnorm-fgbg`` (ignored otherwise).

    Returns
    -------
    Tensor
        A scalar.

    Raises
    ------
    ParameterError
        On an unknown loss, a negative beta, mismatched shapes or no edge.

    Notes
    -----
    Without any FG edge (``M_FG = 0``) ``dnorm`` falls back to the baseline
    ``mean_BG`` and ``dnorm-fgbg`` to ``beta * mean_BG``. The authors' code leaves
    the BG weights at 1 in that case, i.e. a *sum* over the BG edges, which makes
    one FG-free batch weigh ``M`` times more than the baseline; we keep the loss on
    the scale of the other batches instead.

    Examples
    --------
    >>> logits = torch.zeros(4, 3)
    >>> targets = torch.tensor([1, 0, 0, 0])
    >>> base = edge_loss(logits, targets, loss="baseline")
    >>> bool(torch.isclose(edge_loss(logits, targets, loss="dnorm"), 4 * base))
    True
    """
    check_choice(loss, "loss", LOSSES)
    check_in_range(beta, "beta", 0)
    if logits.ndim != 2 or targets.shape != logits.shape[:1]:
        raise ParameterError(f"logits must be (M, R+1) and targets (M,) (got {tuple(logits.shape)} and {tuple(targets.shape)})")
    if len(targets) == 0:
        raise ParameterError("the batch has no edge to score")
    per_edge = F.cross_entropy(logits, targets, reduction="none")
    if loss == "baseline":
        return per_edge.mean()
    foreground = targets > 0
    n_fg = int(foreground.sum())
    n_bg = len(targets) - n_fg
    if loss == "dnorm":
        return per_edge.sum() / n_fg if n_fg else per_edge.mean()
    fg_term = per_edge[foreground].mean() if n_fg else per_edge.new_zeros(())
    bg_term = per_edge[~foreground].mean() if n_bg else per_edge.new_zeros(())
    return fg_term + beta * bg_term
