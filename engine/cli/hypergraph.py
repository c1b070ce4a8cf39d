"""``python -m engine hypergraph reconstruct`` and ``python -m engine hypergraph patterns``."""

from __future__ import annotations

import argparse

from engine.cli import add_json_flag, add_method_arguments, add_run_arguments, run_method
from engine.methods import HypergraphPair, methods_for


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``hypergraph`` subcommand group."""
    methods = [method.name for method in methods_for("hypergraph")]
    group = subparsers.add_parser("hypergraph", help="hypergraph projection and reconstruction (SHyRe)")
    commands = group.add_subparsers(dest="hypergraph_command", metavar="ACTION")
    commands.required = True

    reconstruct = commands.add_parser(
        "reconstruct", help="reconstruct TEST's hyperedges from its projection, learning on TRAIN; score it"
    )
    reconstruct.add_argument("--train", required=True, help="training hypergraph: a file or a shipped dataset (e.g. enron)")
    reconstruct.add_argument("--test", required=True, help="query hypergraph: a file or a shipped dataset (e.g. enron)")
    reconstruct.add_argument("--method", default=methods[0], choices=methods)
    add_method_arguments(reconstruct, methods)
    add_run_arguments(reconstruct)
    reconstruct.set_defaults(handler=_reconstruct)

    patterns = commands.add_parser("patterns", help="count the projection's loss patterns of a hypergraph")
    patterns.add_argument("file", metavar="FILE", help="a hypergraph file or a shipped dataset (its test half)")
    add_json_flag(patterns)
    patterns.set_defaults(handler=_patterns)


def _reconstruct(args: argparse.Namespace) -> dict:
    from engine.hypergraph.datasets import resolve_hypergraph

    train = resolve_hypergraph(args.train, default_part="train")
    test = resolve_hypergraph(args.test, default_part="test")
    return run_method(args, args.method, HypergraphPair(train, test))[1]


def _patterns(args: argparse.Namespace) -> dict:
    from engine.hypergraph.datasets import resolve_hypergraph
    from engine.hypergraph.projection import loss_patterns

    hypergraph = resolve_hypergraph(args.file)
    patterns = loss_patterns(hypergraph)
    return {
        "n_hyperedges": patterns.n_hyperedges,
        "n_nested": patterns.n_nested,
        "n_uncovered_cliques": patterns.n_uncovered_cliques,
        "exactly_recoverable": patterns.exactly_recoverable,
    }
