"""Read and write summaries in the reference programs' output formats.

SSumM (``KyuhanLee/SSumM``) writes one text file::

    <Subnode of each supernode>
    S<TAB>u1<TAB>u2 ...        one line per supernode: its id, then its member nodes
    <Superedge info>
    A<TAB>B<TAB>w              one line per superedge: the edge count of the block

SLUGGER (``KyuhanLee/slugger``) writes a directory with ``H.txt`` ("child parent"
lines), ``Pplus.txt`` and ``Pminus.txt`` ("x y" lines); internal tree nodes are
named ``n<k>``, leaves by their node label.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.errors import MalformedFileError, ParameterError
from engine.summarization._mdl import simple_adjacency
from engine.summarization.slugger import SluggerSummary
from engine.summarization.ssumm import SSumMSummary, summary_from_partition
from engine.types import Graph

__all__ = ["write_ssumm", "read_ssumm", "write_slugger", "read_slugger", "SLUGGER_FILES"]

SUBNODE_HEADER = "<Subnode of each supernode>"
SUPEREDGE_HEADER = "<Superedge info>"
#: File names of a SLUGGER summary directory (hierarchy, positive edges, negative edges).
SLUGGER_FILES = ("H.txt", "Pplus.txt", "Pminus.txt")


def ssumm_text(summary: SSumMSummary) -> str:
    """The SSumM output file of ``summary`` as a string."""
    labels = summary.node_ids
    order = np.argsort(summary.partition, kind="stable")
    bounds = np.searchsorted(summary.partition[order], np.arange(summary.n_supernodes + 1))
    lines = [SUBNODE_HEADER]
    for s in range(summary.n_supernodes):
        members = order[bounds[s]:bounds[s + 1]]
        lines.append("\t".join([str(s)] + [str(labels[u]) for u in members]))
    lines.append(SUPEREDGE_HEADER)
    for (a, b), count in zip(summary.superedges, summary.edge_counts):
        lines.append(f"{a}\t{b}\t{count}")
    return "\n".join(lines) + "\n"


def write_ssumm(summary: SSumMSummary, path: str | Path) -> Path:
    """Write ``summary`` in SSumM's output format; return the path."""
    path = Path(path)
    path.write_text(ssumm_text(summary))
    return path


def _label_index(graph: Graph) -> dict[str, int]:
    return {str(label): i for i, label in enumerate(graph.node_ids)}


def read_ssumm(source: str | Path, graph: Graph, *, error: str = "re1") -> SSumMSummary:
    """Read an SSumM output file made for ``graph`` (its size and errors are recomputed).

    Parameters
    ----------
    source : str or Path
        The file.
    graph : Graph
        The summarized graph; member labels are matched to its node labels.
    error : {"re1", "re2"}
        Recorded as the summary's error measure.

    Raises
    ------
    MalformedFileError
        On a missing header, a non-integer count, an unknown node or supernode, or a node listed twice.
    """
    index = _label_index(graph)
    n = graph.n_nodes
    partition = np.full(n, -1, dtype=np.int64)
    supernode_of_id: dict[str, int] = {}
    superedges: list[tuple[int, int]] = []
    counts: list[int] = []
    section = None
    for line_no, raw in enumerate(Path(source).read_text().splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line == SUBNODE_HEADER:
            section = "nodes"
            continue
        if line == SUPEREDGE_HEADER:
            section = "edges"
            continue
        fields = line.split()
        if section == "nodes":
            supernode = supernode_of_id.setdefault(fields[0], len(supernode_of_id))
            for label in fields[1:]:
                if label not in index:
                    raise MalformedFileError(f"node {label!r} is not in graph {graph.name!r}", line=line_no)
                if partition[index[label]] >= 0:
                    raise MalformedFileError(f"node {label!r} is in two supernodes", line=line_no)
                partition[index[label]] = supernode
        elif section == "edges":
            if len(fields) != 3:
                raise MalformedFileError(f"a superedge line needs 3 fields (got {len(fields)})", line=line_no)
            a, b = (supernode_of_id.get(f) for f in fields[:2])
            if a is None or b is None:
                raise MalformedFileError(f"superedge names an unknown supernode: {line!r}", line=line_no)
            try:
                counts.append(int(fields[2]))
            except ValueError:
                raise MalformedFileError(f"edge count must be an integer (got {fields[2]!r})", line=line_no) from None
            superedges.append((min(a, b), max(a, b)))
        else:
            raise MalformedFileError(f"expected the header {SUBNODE_HEADER!r}", line=line_no)
    missing = partition < 0
    partition[missing] = len(supernode_of_id) + np.arange(int(missing.sum()))
    _, partition = np.unique(partition, return_inverse=True)
    return summary_from_partition(
        graph, partition, np.array(superedges, dtype=np.int64).reshape(-1, 2), np.array(counts, dtype=np.int64), error=error
    )


def _tree_name(summary_n: int, labels: tuple, x: int) -> str:
    return str(labels[x]) if x < summary_n else f"n{x - summary_n}"


def write_slugger(summary: SluggerSummary, directory: str | Path) -> Path:
    """Write ``summary`` as SLUGGER's ``H.txt``, ``Pplus.txt`` and ``Pminus.txt`` in ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    n, labels = summary.n_nodes, summary.node_ids
    name = lambda x: _tree_name(n, labels, int(x))  # noqa: E731 - local shorthand
    children = np.flatnonzero(summary.parent >= 0)
    (directory / "H.txt").write_text("".join(f"{name(c)}\t{name(summary.parent[c])}\n" for c in children))
    (directory / "Pplus.txt").write_text("".join(f"{name(x)}\t{name(y)}\n" for x, y in summary.pos_edges))
    (directory / "Pminus.txt").write_text("".join(f"{name(x)}\t{name(y)}\n" for x, y in summary.neg_edges))
    return directory


def read_slugger(directory: str | Path, graph: Graph) -> SluggerSummary:
    """Read a SLUGGER output directory made for ``graph``.

    Raises
    ------
    MalformedFileError
        On a line without two fields, an unknown leaf label, a node with two parents or a cycle.
    ParameterError
        If a file is missing.
    """
    directory = Path(directory)
    for file_name in SLUGGER_FILES:
        if not (directory / file_name).is_file():
            raise ParameterError(f"{directory} has no {file_name}")
    index = _label_index(graph)
    n = graph.n_nodes
    internal: dict[str, int] = {}

    def node(token: str, line_no: int) -> int:
        if token in index:
            return index[token]
        if token.startswith("n") and token[1:].isdigit():
            return n + internal.setdefault(token, len(internal))
        raise MalformedFileError(f"unknown node {token!r}", line=line_no)

    def pairs(file_name: str) -> list[tuple[int, int]]:
        out = []
        for line_no, raw in enumerate((directory / file_name).read_text().splitlines(), start=1):
            fields = raw.split()
            if not fields:
                continue
            if len(fields) != 2:
                raise MalformedFileError(f"{file_name}: expected two fields (got {len(fields)})", line=line_no)
            out.append((node(fields[0], line_no), node(fields[1], line_no)))
        return out

    links, positive, negative = pairs("H.txt"), pairs("Pplus.txt"), pairs("Pminus.txt")
    raw_parent = np.full(n + len(internal), -1, dtype=np.int64)
    for line_no, (child, parent) in enumerate(links, start=1):
        if raw_parent[child] >= 0:
            raise MalformedFileError("H.txt: a node has two parents", line=line_no)
        raw_parent[child] = parent
    # number internal nodes by height so that every parent has a larger id than its children
    height = np.zeros(len(raw_parent), dtype=np.int64)
    for _ in range(len(raw_parent) + 1):
        has_parent = raw_parent >= 0
        proposed = np.zeros_like(height)
        np.maximum.at(proposed, raw_parent[has_parent], height[has_parent] + 1)
        if np.array_equal(proposed[n:], height[n:]):
            break
        height[n:] = proposed[n:]
    else:
        raise MalformedFileError("H.txt: the hierarchy has a cycle")
    order = n + np.lexsort((np.arange(len(internal)), height[n:]))
    new_id = np.arange(len(raw_parent))
    new_id[order] = n + np.arange(len(internal))
    parent = np.full(len(raw_parent), -1, dtype=np.int64)
    parent[new_id] = np.where(raw_parent >= 0, new_id[np.maximum(raw_parent, 0)], -1)
    as_array = lambda edges: new_id[np.array(edges, dtype=np.int64).reshape(-1, 2)]  # noqa: E731
    return SluggerSummary(
        name=graph.name,
        node_ids=graph.node_ids,
        n_nodes=n,
        n_edges=simple_adjacency(graph).nnz // 2,
        parent=parent,
        pos_edges=as_array(positive),
        neg_edges=as_array(negative),
        history=(),
    )
