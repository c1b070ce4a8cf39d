"""RESTORE mAP@1 of SDNE along its training steps (issue 11): where quality comes from and where it is lost.

Trains :class:`engine.embedding.sdne.SDNE` on the sampled mini-batch loss as :func:`engine.embedding.sdne.sdne` does
(batches of 256 nodes, 1,024 sampled columns, β 5, ν 1e-5, Adam, one thread), and every ``--every`` steps encodes
every node and scores mAP@1 over a seeded sample of 600 query nodes. Prints one line a checkpoint: step, mAP@1,
the step's loss and the mean distance of the vectors from their mean. It writes nothing to RESULTS.md: the
figures it gave are quoted in the SDNE notes of bench/embeddings.py.

    /work/bin/busy .venv/bin/python bench/sdne_trajectory.py facebook_pages --alpha 100 --learning-rate 0.003 \\
        --steps 352 [--prior-bias] [--hidden 128]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.datasets import load_dataset  # noqa: E402
from engine.embedding.assess import reconstruction_map  # noqa: E402
from engine.embedding.sdne import SDNE  # noqa: E402

BATCH, COLUMNS, BETA, DECAY, DIM = 256, 1024, 5.0, 1e-5, 128


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph")
    parser.add_argument("--alpha", type=float, default=30.0)
    parser.add_argument("--learning-rate", type=float, default=0.001)
    parser.add_argument("--steps", type=int, default=352)
    parser.add_argument("--every", type=int, default=22)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--prior-bias", action="store_true",
                        help="start the output layer's bias at the logit of the best constant output under the "
                             "β-weighted loss (Σ b²x / Σ b²), instead of PyTorch's uniform initialisation")
    args = parser.parse_args()
    graph = load_dataset(args.graph)
    rows = (graph.adjacency / graph.adjacency.data.max()).tocsr().astype(np.float32)
    rows.sort_indices()
    n = graph.n_nodes
    generator = np.random.default_rng(1)
    torch.set_num_threads(1)
    torch.manual_seed(int(generator.integers(2**31 - 1)))
    model = SDNE(n, args.hidden, DIM)
    if args.prior_bias:
        constant = BETA**2 * float(rows.sum()) / (BETA**2 * rows.nnz + n * n - rows.nnz)
        with torch.no_grad():
            model.decoder_out.bias.fill_(float(np.log(constant / (1.0 - constant))))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate, fused=True)
    batch, n_columns = min(BATCH, n), min(COLUMNS, n)
    order, position = generator.permutation(n), 0
    print(f"load {open('/proc/loadavg').read().split()[0]}; step, mAP@1, loss, spread", flush=True)
    for step in range(1, args.steps + 1):
        if position + batch > n:
            order, position = generator.permutation(n), 0
        nodes = order[position:position + batch]
        position += batch
        columns = np.sort(generator.choice(n, size=n_columns, replace=False))
        loss = model.batch_loss(rows, nodes, columns, alpha=args.alpha, beta=BETA, weight_decay=DECAY)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % args.every == 0:
            with torch.no_grad():
                vectors = model.encode_all(rows).numpy()
            score = reconstruction_map(graph, vectors, hops=(1,), max_nodes=600, seed=1).map[0]
            spread = np.linalg.norm(vectors - vectors.mean(axis=0), axis=1).mean()
            print(f"{step} {score:.3f} {loss.item():.1f} {spread:.4f}", flush=True)


if __name__ == "__main__":
    main()
