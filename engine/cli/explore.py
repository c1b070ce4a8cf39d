"""``python -m engine metric`` and ``python -m engine layout``: the explore page's computations."""

from __future__ import annotations

import argparse

import numpy as np

from engine._validation import DEFAULT_SEED
from engine.cli import add_json_flag
from engine.datasets import resolve_graph


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``metric`` and ``layout`` subcommands."""
    from engine.layout import LAYOUT_METHODS
    from engine.metrics import NODE_METRICS

    metric = subparsers.add_parser("metric", help="a node metric (degree, PageRank, betweenness, ...) of a graph")
    metric.add_argument("graph", metavar="FILE_OR_DATASET", help="a graph file or a dataset name")
    metric.add_argument("--name", choices=NODE_METRICS, default="pagerank")
    metric.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"seed of sampled betweenness and Louvain (default {DEFAULT_SEED})")
    metric.add_argument("--top", type=int, default=10, help="how many top nodes to list")
    metric.add_argument("--all", action="store_true", help="include every node's value")
    add_json_flag(metric)
    metric.set_defaults(handler=_metric)

    placement = subparsers.add_parser("layout", help="2-D node positions of a graph")
    placement.add_argument("graph", metavar="FILE_OR_DATASET", help="a graph file or a dataset name")
    placement.add_argument("--method", choices=LAYOUT_METHODS, default="auto")
    placement.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the layout (default {DEFAULT_SEED})")
    add_json_flag(placement)
    placement.set_defaults(handler=_layout)


def _metric(args: argparse.Namespace) -> dict:
    from engine._validation import check_nonnegative_int
    from engine.metrics import CATEGORICAL_METRICS, describe_node_metric, node_metric
    from engine.runs import RunRegistry, measure

    top = check_nonnegative_int(args.top, "top")
    graph = resolve_graph(args.graph)
    with measure() as measurement:
        values = node_metric(graph, args.name, seed=args.seed)
    digest = describe_node_metric(graph, args.name, values)
    run_id = RunRegistry().record(args.name, {"seed": args.seed}, dataset=graph.name, fingerprint=graph.fingerprint(),
                                  capability="graphs", metrics=digest, seconds=measurement.seconds,
                                  peak_bytes=measurement.peak_bytes, owner="cli")
    result = {"name": graph.name, "metric": args.name, "n_nodes": graph.n_nodes, **digest,
              "seconds": measurement.seconds, "run_id": run_id}
    if args.name in CATEGORICAL_METRICS:
        sizes = np.bincount(values)
        result["community_sizes"] = sizes[:top].tolist()
    else:
        order = np.argsort(-values, kind="stable")[:top]
        result["top"] = [{"node": graph.node_ids[i], "value": float(values[i])} for i in order]
    if args.all:
        result["values"] = {str(node): value for node, value in zip(graph.node_ids, values.tolist())}
    return result


def _layout(args: argparse.Namespace) -> dict:
    from engine.layout import layout

    graph = resolve_graph(args.graph)
    positions = layout(graph, args.method, seed=args.seed)
    return {
        "name": graph.name,
        "method": args.method,
        "seed": args.seed,
        "n_nodes": graph.n_nodes,
        "positions": {str(node): xy for node, xy in zip(graph.node_ids, positions.round(6).tolist())},
    }
