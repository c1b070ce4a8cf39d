"""SDNE: structural deep network embedding (a torch autoencoder over adjacency rows)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import torch
from torch import nn

from engine._validation import check_in_range, check_positive_int, rng
from engine.embedding._base import Embedding, ProgressCallback, _check_dim, _check_graph, _embed, _report
from engine.types import Graph

__all__ = ["SDNE", "sdne"]


class SDNE(nn.Module):
    """Deep autoencoder of SDNE: n → hidden → dim → hidden → n, sigmoid activations.

    The first layer takes sparse adjacency rows (a sparse × dense product).
    """

    def __init__(self, n_nodes: int, hidden: int, dim: int) -> None:
        super().__init__()
        self.n_nodes, self.hidden, self.dim = n_nodes, hidden, dim
        self.encoder_in = nn.Linear(n_nodes, hidden)
        self.encoder_out = nn.Linear(hidden, dim)
        self.decoder = nn.Sequential(nn.Linear(dim, hidden), nn.Sigmoid(), nn.Linear(hidden, n_nodes), nn.Sigmoid())

    def encode(self, rows: torch.Tensor) -> torch.Tensor:
        """Embeddings y of sparse adjacency rows."""
        hidden = torch.sigmoid(torch.sparse.mm(rows, self.encoder_in.weight.t()) + self.encoder_in.bias)
        return torch.sigmoid(self.encoder_out(hidden))

    def forward(self, rows: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(embedding, reconstruction) of a batch of sparse rows."""
        embedding = self.encode(rows)
        return embedding, self.decoder(embedding)

    def __repr__(self) -> str:
        return f"SDNE({self.n_nodes}, hidden={self.hidden}, dim={self.dim})"


def sdne(
    graph: Graph,
    *,
    dim: int = 128,
    hidden: int = 256,
    beta: float = 5.0,
    alpha: float = 1e-3,
    weight_decay: float = 1e-5,
    n_epochs: int = 20,
    batch_size: int = 256,
    learning_rate: float = 1e-3,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> Embedding:
    """Embed nodes with SDNE (Wang, Cui & Zhu 2016).

    Loss = Σᵢ ‖(x̂ᵢ − xᵢ) ⊙ bᵢ‖² + α Σ₍ᵢ,ⱼ₎∈E aᵢⱼ ‖yᵢ − yⱼ‖² + ν Σ ‖W‖², with
    xᵢ the adjacency row of node i (scaled to [0, 1]), bᵢⱼ = β where aᵢⱼ > 0
    and 1 elsewhere, yᵢ the encoder output. Each step takes a batch of nodes
    for the second-order term and a batch of edges (m/n times as many) for
    the first-order term, so an epoch visits every node and every edge once.

    Parameters
    ----------
    graph : Graph
        Undirected graph.
    dim : int
        Embedding dimension (encoder output).
    hidden : int
        Width of the hidden layer.
    beta : float
        Weight β > 1 of non-zero entries in the reconstruction.
    alpha : float
        Weight α of the first-order (edge) term.
    weight_decay : float
        ν, the L2 penalty of the weights.
    n_epochs, batch_size : int
    learning_rate : float
        Adam step size.
    seed : int, optional
    on_progress : callable, optional

    Returns
    -------
    Embedding

    Raises
    ------
    EmptyGraphError, ParameterError, UnsupportedGraphError

    References
    ----------
    D. Wang, P. Cui, W. Zhu, "Structural Deep Network Embedding", KDD 2016.
    The paper pretrains the layers with deep belief networks and optimises by
    SGD; we train end to end with Adam from PyTorch's default initialisation.

    Examples
    --------
    >>> from engine.datasets import load_dataset
    >>> sdne(load_dataset("karate_club"), dim=4, hidden=8, n_epochs=2, seed=0).vectors.shape
    (34, 4)
    """
    dim = _check_dim(dim)
    hidden = check_positive_int(hidden, "hidden")
    beta = check_in_range(beta, "beta", 1.0, None)
    alpha = check_in_range(alpha, "alpha", 0.0, None)
    weight_decay = check_in_range(weight_decay, "weight_decay", 0.0, None)
    n_epochs = check_positive_int(n_epochs, "n_epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    learning_rate = check_in_range(learning_rate, "learning_rate", 0.0, 10.0, low_inclusive=False)
    generator = rng(seed)
    _check_graph(graph, "sdne")
    params = {"dim": dim, "hidden": hidden, "beta": beta, "alpha": alpha, "weight_decay": weight_decay,
              "n_epochs": n_epochs, "batch_size": batch_size, "learning_rate": learning_rate, "seed": seed}

    def compute() -> np.ndarray:
        torch.manual_seed(int(generator.integers(2**31 - 1)))
        adjacency = graph.adjacency
        rows_matrix = (adjacency / adjacency.data.max()).tocsr().astype(np.float32)
        n = graph.n_nodes
        source, target, weight = graph.edges()
        proper = source != target
        source, target = source[proper], target[proper]
        edge_weight = torch.from_numpy((weight[proper] / adjacency.data.max()).astype(np.float32))
        model = SDNE(n, hidden, dim)
        optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
        n_batches = -(-n // batch_size)
        edges_per_batch = max(1, -(-source.size // n_batches))
        weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
        for epoch in range(n_epochs):
            node_order = generator.permutation(n)
            edge_order = generator.permutation(source.size)
            for batch in range(n_batches):
                nodes = node_order[batch * batch_size:(batch + 1) * batch_size]
                edges = edge_order[batch * edges_per_batch:(batch + 1) * edges_per_batch]
                rows = rows_matrix[nodes]
                dense_rows = torch.from_numpy(rows.toarray())
                _, reconstruction = model(_torch_sparse(rows))
                penalty = torch.where(dense_rows > 0, beta, 1.0)
                second = (((reconstruction - dense_rows) * penalty) ** 2).sum()
                first = torch.zeros(())
                if edges.size:
                    ends = model.encode(_torch_sparse(rows_matrix[np.concatenate([source[edges], target[edges]])]))
                    y_source, y_target = ends[: edges.size], ends[edges.size:]
                    first = (edge_weight[edges] * ((y_source - y_target) ** 2).sum(dim=1)).sum()
                decay = sum((w**2).sum() for w in weights) * (nodes.size / n)
                loss = (second + alpha * first + weight_decay * decay) / nodes.size
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            _report(on_progress, (epoch + 1) / n_epochs, f"SDNE: epoch {epoch + 1}/{n_epochs}, loss {loss.item():.3f}")
        with torch.no_grad():
            return model.encode(_torch_sparse(rows_matrix)).numpy().astype(np.float64)

    return _embed(graph, "sdne", params, compute)


def _torch_sparse(rows: sp.csr_matrix) -> torch.Tensor:
    coo = rows.tocoo()
    index = torch.from_numpy(np.vstack([coo.row, coo.col]).astype(np.int64))
    return torch.sparse_coo_tensor(index, torch.from_numpy(coo.data.astype(np.float32)), rows.shape,
                                   check_invariants=False)
