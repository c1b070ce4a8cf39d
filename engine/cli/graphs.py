"""``python -m engine datasets`` and ``python -m engine stats``."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from engine.cli import add_json_flag, add_max_edges_flag
from engine.datasets import list_datasets, resolve_graph


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``datasets`` and ``stats`` subcommands."""
    datasets = subparsers.add_parser("datasets", help="list the shipped datasets")
    add_json_flag(datasets)
    datasets.set_defaults(handler=_datasets)

    stats = subparsers.add_parser("stats", help="summary statistics of a graph")
    stats.add_argument("graph", metavar="FILE_OR_DATASET", help="a graph file or a dataset name")
    add_max_edges_flag(stats)
    add_json_flag(stats)
    stats.set_defaults(handler=_stats)


def _datasets(args: argparse.Namespace) -> dict:
    return {"datasets": [asdict(info) for info in list_datasets()]}


def _stats(args: argparse.Namespace) -> dict:
    from engine.metrics import graph_summary

    graph = resolve_graph(args.graph, max_edges=args.max_edges)
    summary = {"name": graph.name}
    summary.update(graph_summary(graph))
    return summary
