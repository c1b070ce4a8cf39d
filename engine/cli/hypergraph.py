"""``python -m engine hypergraph reconstruct`` and ``python -m engine hypergraph patterns``."""

from __future__ import annotations

import argparse
import warnings

from engine.cli import add_json_flag
from engine.errors import ConvergenceWarning


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``hypergraph`` subcommand group."""
    from engine.hypergraph.evaluate import RECONSTRUCTION_METHODS

    group = subparsers.add_parser("hypergraph", help="hypergraph projection and reconstruction (SHyRe)")
    commands = group.add_subparsers(dest="hypergraph_command", metavar="ACTION")
    commands.required = True

    reconstruct = commands.add_parser(
        "reconstruct", help="reconstruct TEST's hyperedges from its projection, learning on TRAIN; score it"
    )
    reconstruct.add_argument("--train", required=True, help="training hypergraph: a file or a shipped dataset (e.g. enron)")
    reconstruct.add_argument("--test", required=True, help="query hypergraph: a file or a shipped dataset (e.g. enron)")
    reconstruct.add_argument("--method", default="shyre", choices=tuple(RECONSTRUCTION_METHODS))
    reconstruct.add_argument("--budget", type=int, default=1000, help="SHyRe sampling budget β (default 1000)")
    reconstruct.add_argument("--seed", type=int, default=1)
    add_json_flag(reconstruct)
    reconstruct.set_defaults(handler=_reconstruct)

    patterns = commands.add_parser("patterns", help="count the projection's loss patterns of a hypergraph")
    patterns.add_argument("file", metavar="FILE", help="a hypergraph file or a shipped dataset (its test half)")
    add_json_flag(patterns)
    patterns.set_defaults(handler=_patterns)


def _reconstruct(args: argparse.Namespace) -> dict:
    from engine.hypergraph.datasets import resolve_hypergraph
    from engine.hypergraph.evaluate import evaluate_reconstruction
    from engine.runs import measure, record_run

    train = resolve_hypergraph(args.train, default_part="train")
    test = resolve_hypergraph(args.test, default_part="test")
    with measure() as measurement, warnings.catch_warnings():
        # The paper's MLP often stops at its iteration cap; the JSON output stays the only output.
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = evaluate_reconstruction(train, test, args.method, budget=args.budget, seed=args.seed)
    summary = result.summary()
    record_run(
        "hypergraph",
        args.method,
        {"budget": args.budget, "seed": args.seed, "train": train.name, **result.params},
        dataset=test.name,
        fingerprint=test.fingerprint(),
        metrics={k: v for k, v in summary.items() if k != "method"},
        measurement=measurement,
        details={"per_size": result.per_size.to_dict("list"), "training_recall": result.training_recall},
    )
    return summary


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
