"""``python -m engine embed``: embed a graph and score it (RESTORE mAP, precision@k, node classification).

It runs the method through :func:`engine.methods.execute`, as the Embeddings page does, so both
report the same metrics for the same graph, parameters and seed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from engine.cli import add_method_arguments, add_run_arguments, run_method
from engine.datasets import resolve_graph
from engine.errors import MalformedFileError, ParameterError
from engine.methods import GraphInput, methods_for
from engine.types import Graph


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``embed`` subcommand."""
    methods = [method.name for method in methods_for("embedding")]
    parser = subparsers.add_parser("embed", help="node embedding scored by k-hop reconstruction (RESTORE mAP)")
    parser.add_argument("graph", metavar="FILE_OR_DATASET", help="a graph file or a dataset name")
    parser.add_argument("--method", choices=methods, default=methods[0])
    add_method_arguments(parser, methods)
    parser.add_argument("--labels", metavar="FILE",
                        help="node labels, CSV/TSV 'node,label' (header optional); the graph's own 'label' "
                             "attribute is used when omitted")
    parser.add_argument("--out", metavar="PATH", help="write the vectors to PATH (.npy, else CSV)")
    add_run_arguments(parser)
    parser.set_defaults(handler=_embed)


def _embed(args: argparse.Namespace) -> dict:
    graph = resolve_graph(args.graph)
    labels = read_labels(Path(args.labels), graph) if args.labels else None
    run, output = run_method(args, args.method, GraphInput(graph, labels))
    tuned = run.result.details().get("tuned")
    if tuned:
        output["tuned"] = tuned  # FastRP --tune: the chosen weights, beta and normalisation, and the search's score
    if labels is not None or graph.labels is not None:
        output["labels"] = "file" if labels is not None else "graph"
    if args.out:
        _write_vectors(Path(args.out), run.result.embedding)
        output["out"] = args.out
    return output


def read_labels(path: Path, graph: Graph) -> np.ndarray:
    """Labels per node position from a 'node,label' file (unlisted nodes get None).

    Raises
    ------
    MalformedFileError
        On a line without two fields or a node id not in the graph (the first line may be a header).
    """
    labels = np.full(graph.n_nodes, None, dtype=object)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    found = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.replace("\t", ",").split(",")]
        if len(fields) < 2:
            fields = line.split()
        if len(fields) < 2:
            raise MalformedFileError("expected 'node,label'", line=number)
        try:
            position = graph.index_of(_as_id(fields[0]))
        except ParameterError:
            if found == 0 and number == 1:
                continue  # a header line
            raise MalformedFileError(f"node {fields[0]!r} is not in {graph.name}", line=number) from None
        labels[position] = fields[1]
        found += 1
    if found == 0:
        raise MalformedFileError(f"{path} holds no labels of nodes in {graph.name}")
    return labels


def _as_id(text: str):
    try:
        return int(text)
    except ValueError:
        return text


def _write_vectors(path: Path, embedding) -> None:
    if path.suffix == ".npy":
        np.save(path, embedding.vectors)
        return
    header = "node," + ",".join(f"x{i}" for i in range(embedding.dim))
    rows = [f"{node}," + ",".join(f"{value:.7g}" for value in row) for node, row in zip(embedding.node_ids, embedding.vectors)]
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
