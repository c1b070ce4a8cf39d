"""``python -m engine summarize``: SSumM or SLUGGER on a graph file or dataset, through :func:`engine.methods.execute`."""

from __future__ import annotations

import argparse

from engine.cli import add_max_edges_flag, add_method_arguments, add_run_arguments, run_method
from engine.datasets import resolve_graph
from engine.methods import GraphInput, methods_for


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``summarize`` subcommand."""
    methods = [method.name for method in methods_for("summarization")]
    parser = subparsers.add_parser("summarize", help="summarize a graph with SSumM (lossy) or SLUGGER (lossless)")
    parser.add_argument("graph", metavar="FILE_OR_DATASET", help="a graph file or a dataset name")
    parser.add_argument("--method", choices=methods, default=methods[0])
    add_method_arguments(parser, methods)
    parser.add_argument("--out", metavar="PATH", default=None,
                        help="write the summary in the reference format (SSumM: a file; SLUGGER: a directory)")
    add_max_edges_flag(parser)
    add_run_arguments(parser)
    parser.set_defaults(handler=_summarize)


def _summarize(args: argparse.Namespace) -> dict:
    from engine.summarization.formats import write_slugger, write_ssumm

    graph = resolve_graph(args.graph, max_edges=args.max_edges)
    run, output = run_method(args, args.method, GraphInput(graph))
    if args.out:
        (write_ssumm if args.method == "ssumm" else write_slugger)(run.result, args.out)
        output["out"] = args.out
    return output
