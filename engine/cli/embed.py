"""``python -m engine embed``: embed a graph and score it (RESTORE mAP, optional node classification)."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from engine.cli import add_json_flag
from engine.datasets import resolve_graph
from engine.errors import MalformedFileError, ParameterError
from engine.types import Graph


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``embed`` subcommand."""
    from engine.embedding import METHODS

    parser = subparsers.add_parser("embed", help="node embedding scored by k-hop reconstruction (RESTORE mAP)")
    parser.add_argument("graph", metavar="FILE_OR_DATASET", help="a graph file or a dataset name")
    parser.add_argument("--method", choices=list(METHODS), default="fastrp")
    parser.add_argument("--dim", type=int, default=128, help="embedding dimension (default 128)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--labels", metavar="FILE",
                        help="node labels, CSV/TSV 'node,label' (header optional); the graph's own 'label' "
                             "attribute is used when omitted")
    parser.add_argument("--max-nodes", type=int, default=2000,
                        help="query a seeded sample of this many nodes for mAP on larger graphs (default 2000)")
    parser.add_argument("--out", metavar="PATH", help="write the vectors to PATH (.npy, else CSV)")
    add_json_flag(parser)
    parser.set_defaults(handler=_embed)


def _embed(args: argparse.Namespace) -> dict:
    from engine.embedding import embed
    from engine.embedding.assess import node_classification, reconstruction_map
    from engine.runs import Measurement, record_run

    graph = resolve_graph(args.graph)
    labels, label_source = (read_labels(Path(args.labels), graph), "file") if args.labels else (graph.labels, "graph")
    embedding = embed(graph, args.method, dim=args.dim, seed=args.seed)
    scores = reconstruction_map(graph, embedding, max_nodes=args.max_nodes, seed=args.seed)
    result = {"method": args.method, "dim": embedding.dim, "n_nodes": graph.n_nodes,
              "seconds": round(embedding.seconds, 6)}
    result.update(scores.as_dict())
    result["map_nodes"] = scores.n_sampled
    if labels is not None:
        classification = node_classification(embedding, labels, train_fractions=(0.5,), seed=args.seed)
        result["micro_f1"], result["macro_f1"] = classification.at(0.5)
        result["labels"] = label_source
    if args.out:
        _write_vectors(Path(args.out), embedding)
        result["out"] = args.out
    metrics = {key: value for key, value in result.items() if key.startswith(("map", "micro", "macro"))}
    record_run("embedding", args.method, embedding.params, dataset=graph.name, fingerprint=graph.fingerprint(),
               metrics=metrics, measurement=Measurement(embedding.seconds, embedding.peak_bytes),
               details={"hops": list(scores.hops), "map": list(scores.map)})
    return result


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
