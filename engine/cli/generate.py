"""``python -m engine generate``: write a seeded synthetic graph as an edge list."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from engine._validation import DEFAULT_SEED
from engine.cli import add_json_flag


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``generate`` subcommand."""
    parser = subparsers.add_parser(
        "generate", help="write a seeded degree-corrected stochastic block model as a tab-separated edge list"
    )
    parser.add_argument("model", choices=("dcsbm",), help="dcsbm: degree-corrected stochastic block model")
    parser.add_argument("--nodes", type=int, required=True, help="number of nodes")
    parser.add_argument("--edges", type=int, required=True, help="number of distinct undirected edges")
    parser.add_argument("--blocks", type=int, default=100, help="number of communities (default 100)")
    parser.add_argument("--mixing", type=float, default=0.1, help="fraction of edges between blocks (default 0.1)")
    parser.add_argument("--exponent", type=float, default=2.5, help="degree tail exponent, > 1 (default 2.5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the generator (default {DEFAULT_SEED})")
    parser.add_argument("--out", metavar="PATH", required=True, help="edge list to write (u<TAB>v lines)")
    add_json_flag(parser)
    parser.set_defaults(handler=_generate)


def _generate(args: argparse.Namespace) -> dict:
    from engine.generators import degree_corrected_sbm_edges, write_edge_list

    start = time.perf_counter()
    source, target, _ = degree_corrected_sbm_edges(
        args.nodes, args.edges, n_blocks=args.blocks, mixing=args.mixing, exponent=args.exponent, seed=args.seed
    )
    generated = time.perf_counter() - start
    path = Path(args.out)
    write_edge_list(path, source, target)
    return {
        "model": args.model,
        "path": str(path),
        "n_nodes": args.nodes,
        "n_edges": int(source.size),
        "n_blocks": args.blocks,
        "seed": args.seed,
        "bytes": path.stat().st_size,
        "generate_seconds": generated,
        "write_seconds": time.perf_counter() - start - generated,
    }
