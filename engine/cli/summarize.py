"""``python -m engine summarize``: SSumM or SLUGGER on a graph file or dataset."""

from __future__ import annotations

import argparse
import time

from engine.cli import add_json_flag
from engine.datasets import resolve_graph


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``summarize`` subcommand."""
    parser = subparsers.add_parser("summarize", help="summarize a graph with SSumM (lossy) or SLUGGER (lossless)")
    parser.add_argument("graph", metavar="FILE_OR_DATASET", help="a graph file or a dataset name")
    parser.add_argument("--method", choices=("ssumm", "slugger"), default="ssumm")
    parser.add_argument("--ratio", type=float, default=0.5, help="SSumM budget as a fraction of the input bits")
    parser.add_argument("--error", choices=("re1", "re2"), default="re1", help="SSumM error measure")
    parser.add_argument("--iterations", type=int, default=20, help="merging iterations")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", metavar="PATH", default=None,
                        help="write the summary in the reference format (SSumM: a file; SLUGGER: a directory)")
    add_json_flag(parser)
    parser.set_defaults(handler=_summarize)


def _summarize(args: argparse.Namespace) -> dict:
    from engine.summarization import slugger, ssumm
    from engine.summarization._mdl import simple_adjacency
    from engine.summarization.formats import write_slugger, write_ssumm

    graph = resolve_graph(args.graph)
    start = time.perf_counter()
    if args.method == "ssumm":
        summary = ssumm(graph, ratio=args.ratio, error=args.error, n_iterations=args.iterations, seed=args.seed)
        seconds = time.perf_counter() - start
        result = {
            "method": "ssumm",
            "n_nodes": summary.n_nodes,
            "n_edges": summary.n_edges,
            "n_supernodes": summary.n_supernodes,
            "n_superedges": summary.n_superedges,
            "size_bits": summary.size_bits,
            "input_bits": summary.input_bits,
            "re1": summary.re1,
            "re2": summary.re2,
            "seconds": seconds,
        }
        if args.out:
            write_ssumm(summary, args.out)
    else:
        summary = slugger(graph, n_iterations=args.iterations, seed=args.seed)
        seconds = time.perf_counter() - start
        decoded = summary.decode()
        lossless = (decoded.adjacency != simple_adjacency(graph)).nnz == 0
        result = {
            "method": "slugger",
            "n_nodes": summary.n_nodes,
            "n_edges": summary.n_edges,
            "relative_size": summary.relative_size,
            "n_pos": summary.n_pos,
            "n_neg": summary.n_neg,
            "n_hier": summary.n_hier,
            "avg_leaf_depth": summary.avg_leaf_depth,
            "max_leaf_depth": summary.max_leaf_depth,
            "lossless": bool(lossless),
            "seconds": seconds,
        }
        if args.out:
            write_slugger(summary, args.out)
    return result
