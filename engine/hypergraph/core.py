"""The :class:`Hypergraph` type, its file formats and its conversions.

A hypergraph is a set of nodes and a set of hyperedges (node sets). Two text
formats are read and written:

* ``lines``: one hyperedge per line, node ids separated by spaces or tabs
  (the format of the SHyRe data and of the ARB/Cornell hypergraph collection);
* ``incidence``: a two-column CSV (or TSV) of ``node,hyperedge`` pairs, with an
  optional header row.

Examples
--------
>>> h = Hypergraph.from_hyperedges([[1, 2, 3], [3, 4], [2, 1, 3]], name="toy")
>>> h.n_nodes, h.n_hyperedges, h.n_duplicates
(4, 2, 1)
>>> write_hypergraph(h)
'1 2 3\\n3 4\\n'
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Hashable, Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from engine._input import MAX_UPLOAD_BYTES, decode_text, read_input
from engine._validation import check_choice
from engine.errors import EmptyGraphError, GraphTooLargeError, MalformedFileError, ParameterError
from engine.types import Graph

if TYPE_CHECKING:  # pragma: no cover
    from torch_geometric.data.hypergraph_data import HyperGraphData

__all__ = [
    "Hypergraph", "read_hypergraph", "write_hypergraph", "HYPERGRAPH_FORMATS", "MAX_HYPERGRAPH_NODES",
    "MAX_HYPEREDGE_SIZE", "MAX_ID_LENGTH",
]

#: Formats understood by :func:`read_hypergraph` and :func:`write_hypergraph`.
HYPERGRAPH_FORMATS = ("lines", "incidence")

_TOKEN = re.compile(r"^[^\s,;\"'\[\]{}<>()=]+$")
_INTEGER = re.compile(r"-?\d+")
_GML_START = re.compile(r"(?:graph|Creator|creator|Version)\s*(?:\[|\")")


@dataclass(frozen=True, eq=False)
class Hypergraph:
    """A hypergraph: nodes with their original ids and a set of hyperedges.

    Hyperedges are frozensets of node ids, deduplicated, kept in the order of
    first appearance. Use :meth:`from_hyperedges` to build one.

    Parameters
    ----------
    nodes : tuple
        Node ids, sorted; every node of every hyperedge is listed (isolated
        nodes may be added).
    hyperedges : tuple of frozenset
        Distinct, non-empty hyperedges.
    name : str
        Display name.
    n_duplicates : int
        Duplicate hyperedges dropped when the hypergraph was built.
    """

    nodes: tuple
    hyperedges: tuple
    name: str = "hypergraph"
    n_duplicates: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "hyperedges", tuple(frozenset(e) for e in self.hyperedges))
        if len(set(self.hyperedges)) != len(self.hyperedges):
            raise ParameterError("hyperedges must be distinct; build with Hypergraph.from_hyperedges")
        if any(len(e) == 0 for e in self.hyperedges):
            raise ParameterError("hyperedges must be non-empty")
        known = set(self.nodes)
        if len(known) != len(self.nodes):
            raise ParameterError("nodes must be distinct")
        for edge in self.hyperedges:
            if not edge <= known:
                missing = sorted(map(str, edge - known))[:3]
                raise ParameterError(f"hyperedge holds nodes not in nodes: {', '.join(missing)}")

    @classmethod
    def from_hyperedges(
        cls,
        hyperedges: Iterable[Iterable[Hashable]],
        *,
        nodes: Iterable[Hashable] | None = None,
        name: str = "hypergraph",
    ) -> "Hypergraph":
        """Build from any iterable of node collections; duplicates are dropped and counted.

        Parameters
        ----------
        hyperedges : iterable of iterables
            Node ids of each hyperedge (repeated ids inside one hyperedge are merged).
        nodes : iterable, optional
            Extra nodes (isolated ones); nodes of hyperedges are always included.
        name : str

        Returns
        -------
        Hypergraph
        """
        seen: dict[frozenset, None] = {}
        n_total = 0
        for edge in hyperedges:
            edge = frozenset(edge)
            if not edge:
                continue
            n_total += 1
            seen.setdefault(edge, None)
        all_nodes = set().union(*seen) if seen else set()
        if nodes is not None:
            all_nodes |= set(nodes)
        return cls(_sorted_ids(all_nodes), tuple(seen), name=name, n_duplicates=n_total - len(seen))

    # ------------------------------------------------------------------ sizes
    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def n_hyperedges(self) -> int:
        """Number of distinct hyperedges."""
        return len(self.hyperedges)

    def sizes(self) -> np.ndarray:
        """Size of each hyperedge."""
        return np.array([len(e) for e in self.hyperedges], dtype=np.int64)

    def size_counts(self) -> dict[int, int]:
        """Number of hyperedges of each size, by increasing size."""
        return dict(sorted(Counter(len(e) for e in self.hyperedges).items()))

    @cached_property
    def edge_set(self) -> frozenset:
        """The hyperedges as a frozenset of frozensets (for set algebra)."""
        return frozenset(self.hyperedges)

    @cached_property
    def _index(self) -> dict:
        return {node: i for i, node in enumerate(self.nodes)}

    def incidence_matrix(self) -> sp.csr_matrix:
        """Sparse ``n_nodes x n_hyperedges`` 0/1 incidence matrix over node positions."""
        rows, cols = self.incidence_pairs()
        data = np.ones(rows.size, dtype=np.float64)
        return sp.csr_matrix((data, (rows, cols)), shape=(self.n_nodes, self.n_hyperedges))

    def incidence_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """``(node position, hyperedge index)`` pairs, hyperedge by hyperedge, nodes sorted."""
        index = self._index
        rows: list[int] = []
        cols: list[int] = []
        for j, edge in enumerate(self.hyperedges):
            members = sorted(index[v] for v in edge)
            rows.extend(members)
            cols.extend([j] * len(members))
        return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)

    # ------------------------------------------------------------- identity
    def fingerprint(self) -> str:
        """Content hash of nodes and hyperedges (order-independent, hex SHA-256)."""
        return self._fingerprint

    @cached_property
    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        digest.update(repr(self.nodes).encode())
        edges = sorted(_edge_key(e) for e in self.hyperedges)
        digest.update(repr(edges).encode())
        return digest.hexdigest()

    def __repr__(self) -> str:
        return f"Hypergraph(name={self.name!r}, n_nodes={self.n_nodes}, n_hyperedges={self.n_hyperedges})"

    def sorted_hyperedges(self) -> list[tuple]:
        """Hyperedges as sorted tuples, in a canonical order (by size, then ids)."""
        return sorted((tuple(_sorted_ids(e)) for e in self.hyperedges), key=lambda t: (len(t), _edge_key(t)))

    # ------------------------------------------------------------ converters
    def to_bipartite(self) -> Graph:
        """The bipartite node–hyperedge incidence graph (König representation).

        Positions ``0..n_nodes-1`` are the nodes (original ids), then one vertex
        per hyperedge labelled ``"hyperedge:<index>"``. The attribute column
        ``kind`` is ``"node"`` or ``"hyperedge"``; ``size`` is the hyperedge's
        size on hyperedge rows and 0 on node rows.

        Raises
        ------
        ParameterError
            If a node id already has the form ``"hyperedge:<index>"``.
        """
        rows, cols = self.incidence_pairs()
        edge_labels = tuple(f"hyperedge:{j}" for j in range(self.n_hyperedges))
        if set(edge_labels) & set(self.nodes):
            raise ParameterError("node ids collide with the hyperedge labels 'hyperedge:<index>'")
        attributes = pd.DataFrame(
            {
                "kind": ["node"] * self.n_nodes + ["hyperedge"] * self.n_hyperedges,
                "size": [0] * self.n_nodes + [len(e) for e in self.hyperedges],
            }
        )
        return Graph.from_edges(
            rows,
            cols + self.n_nodes,
            n_nodes=self.n_nodes + self.n_hyperedges,
            node_ids=self.nodes + edge_labels,
            name=f"{self.name} (bipartite)",
            attributes=attributes,
        )

    def to_edge_index(self):
        """PyG's hypergraph incidence layout: a ``[2, nnz]`` long tensor of ``[node, hyperedge]`` pairs."""
        import torch

        rows, cols = self.incidence_pairs()
        return torch.from_numpy(np.vstack([rows, cols]))

    def to_pyg(self) -> "HyperGraphData":
        """A ``torch_geometric.data.HyperGraphData`` with ``edge_index = [node, hyperedge]``."""
        from torch_geometric.data.hypergraph_data import HyperGraphData

        return HyperGraphData(edge_index=self.to_edge_index(), num_nodes=self.n_nodes)

    @classmethod
    def from_pyg(cls, edge_index, *, node_ids: Iterable[Hashable] | None = None, name: str = "hypergraph") -> "Hypergraph":
        """Build from a ``[2, nnz]`` ``[node, hyperedge]`` incidence tensor or array."""
        pairs = np.asarray(edge_index.cpu() if hasattr(edge_index, "cpu") else edge_index, dtype=np.int64)
        if pairs.ndim != 2 or pairs.shape[0] != 2:
            raise ParameterError(f"edge_index must have shape [2, nnz] (got {tuple(pairs.shape)})")
        ids = list(node_ids) if node_ids is not None else None
        members: dict[int, set] = {}
        for node, edge in pairs.T.tolist():
            members.setdefault(edge, set()).add(ids[node] if ids is not None else node)
        return cls.from_hyperedges((members[j] for j in sorted(members)), nodes=ids, name=name)


def _sorted_ids(ids: Iterable[Hashable]) -> tuple:
    """Ids sorted naturally when comparable, else by their string form."""
    ids = list(ids)
    try:
        return tuple(sorted(ids))
    except TypeError:
        return tuple(sorted(ids, key=str))


def _edge_key(edge: Iterable[Hashable]) -> tuple:
    return tuple(sorted(str(v) for v in edge))


# ----------------------------------------------------------------- reading
#: Largest accepted number of nodes in a hypergraph file.
MAX_HYPERGRAPH_NODES = 1_000_000
#: Largest accepted hyperedge (its clique alone would have size² / 2 projected edges).
MAX_HYPEREDGE_SIZE = 1_000
#: Longest accepted node or hyperedge id, in characters.
MAX_ID_LENGTH = 100


def _check_token(token: str, number: int, what: str = "node id") -> None:
    if len(token) > MAX_ID_LENGTH:
        raise MalformedFileError(f"{what} of {len(token):,} characters; the limit is {MAX_ID_LENGTH}", line=number)
    if not _TOKEN.match(token):
        raise MalformedFileError(f"invalid {what} {token[:40]!r}", line=number)


def _parse_ids(tokens: list[str]) -> list:
    """All tokens as ints when every one is an integer, else as strings."""
    if all(_INTEGER.fullmatch(token) for token in tokens):
        return [int(token) for token in tokens]
    return tokens


def _read_lines(text: str, max_hyperedges: int) -> list[list[str]]:
    edges: list[list[str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "%")):
            continue
        if "," in line or ";" in line:
            raise MalformedFileError(
                "found ',' or ';': the one-hyperedge-per-line format separates node ids by spaces "
                "(use the incidence format for node,hyperedge CSV)",
                line=number,
            )
        tokens = line.split()
        if len(tokens) > MAX_HYPEREDGE_SIZE:
            raise GraphTooLargeError(
                f"line {number}: a hyperedge of {len(tokens):,} nodes; the limit is {MAX_HYPEREDGE_SIZE:,}"
            )
        for token in tokens:
            _check_token(token, number)
        edges.append(tokens)
        if len(edges) > max_hyperedges:
            raise GraphTooLargeError(f"more than {max_hyperedges:,} hyperedges (line {number}); the limit is {max_hyperedges:,}")
    return edges


def _read_incidence(text: str, max_hyperedges: int) -> list[list[str]]:
    lines = text.splitlines()
    first = next((l for l in lines if l.strip() and not l.lstrip().startswith("#")), "")
    delimiter = "\t" if "\t" in first else (";" if ";" in first and "," not in first else ",")
    members: dict[str, list[str]] = {}
    header_seen = False
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            number = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if len(cells) != 2 or not cells[0] or not cells[1]:
                raise MalformedFileError(
                    f"expected 2 columns (node{delimiter}hyperedge), found {len([c for c in cells if c])}", line=number
                )
            if not header_seen and not members and cells[0].lower() in {"node", "nodes", "vertex", "node_id", "v"}:
                header_seen = True
                continue
            _check_token(cells[0], number)
            _check_token(cells[1], number, "hyperedge id")
            edge = members.setdefault(cells[1], [])
            edge.append(cells[0])
            if len(edge) > MAX_HYPEREDGE_SIZE:
                raise GraphTooLargeError(
                    f"line {number}: hyperedge {cells[1]!r} has more than {MAX_HYPEREDGE_SIZE:,} nodes; "
                    f"the limit is {MAX_HYPEREDGE_SIZE:,}"
                )
            if len(members) > max_hyperedges:
                raise GraphTooLargeError(f"more than {max_hyperedges:,} hyperedges (line {number}); the limit is {max_hyperedges:,}")
    except csv.Error as exc:
        raise MalformedFileError(f"invalid CSV ({exc})", line=reader.line_num) from None
    return list(members.values())


def _refuse_other_formats(text: str) -> None:
    """JSON, XML and GML start with a bracket or a keyword no hypergraph line starts with."""
    for number, raw in enumerate(text.split("\n", 1000)[:1000], start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "%")):
            continue
        if line[0] in "[{":
            raise MalformedFileError("this is JSON, not a hypergraph file (one hyperedge of node ids per line)", line=number)
        if line[0] == "<":
            raise MalformedFileError("this is XML, not a hypergraph file (one hyperedge of node ids per line)", line=number)
        if _GML_START.match(line):
            raise MalformedFileError("this is GML, not a hypergraph file (one hyperedge of node ids per line)", line=number)
        return


def _check_structure(raw_edges: list[list[str]], display: str, max_nodes: int) -> None:
    """A hypergraph file holds hyperedges of >= 2 nodes within the node cap (ids get one type in _parse_ids)."""
    if not any(len(set(edge)) >= 2 for edge in raw_edges):
        raise MalformedFileError(
            f"{display} holds no hyperedge of 2 or more nodes (is it a hypergraph file, one hyperedge of "
            "space-separated node ids per line, or node,hyperedge pairs?)"
        )
    n_nodes = len({token for edge in raw_edges for token in edge})
    if n_nodes > max_nodes:
        raise GraphTooLargeError(f"{display} has {n_nodes:,} nodes; the limit is {max_nodes:,}")


def read_hypergraph(
    source: str | Path | bytes,
    *,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_hyperedges: int = 2_000_000,
    max_nodes: int = MAX_HYPERGRAPH_NODES,
) -> Hypergraph:
    """Read a hypergraph file (optionally gzip-compressed), refusing anything that is not one.

    The bytes come in through :func:`engine._input.read_input` (byte cap, also after
    decompression, which stops at the cap) and :func:`engine._input.decode_text`.

    Parameters
    ----------
    source : str, Path or bytes
        A file path or the file's bytes.
    format : {"lines", "incidence"}, optional
        ``lines``: one hyperedge per line, ids separated by whitespace;
        ``incidence``: two-column ``node,hyperedge`` CSV/TSV (optional header).
        Guessed when omitted: ``.csv``/``.tsv`` files and text whose first data
        row has exactly one comma, tab or semicolon are ``incidence``.
    name : str, optional
        Display name (default: the file name).
    max_bytes, max_hyperedges, max_nodes : int
        Size limits (bytes counted after decompression).

    Returns
    -------
    Hypergraph
        Node ids are ints when every id in the file is an integer, else strings.

    Raises
    ------
    MalformedFileError
        With the 1-based line of the first problem: binary or non-UTF-8 content, an id with
        brackets, quotes or over :data:`MAX_ID_LENGTH` characters, or no hyperedge of 2 or
        more nodes (JSON, XML or GML is not a hypergraph file).
    EmptyGraphError
        If the file holds no hyperedge.
    GraphTooLargeError
        If a size limit is exceeded (bytes, hyperedges, nodes, or a hyperedge over
        :data:`MAX_HYPEREDGE_SIZE` nodes).
    """
    if format is not None:
        check_choice(format, "format", HYPERGRAPH_FORMATS)
    data, file_name = read_input(source, max_bytes=max_bytes, name=name)
    if isinstance(source, (bytes, bytearray, memoryview)):
        display = name or "hypergraph"
        suffixes: list[str] = []
    else:
        display = name or Path(source).name
        suffixes = [s.lower() for s in Path(file_name or "").suffixes]
    text = decode_text(data, what="a text hypergraph file")
    _refuse_other_formats(text)
    if format is None:
        format = _guess_format(text, suffixes)
    try:
        if format == "lines":
            raw_edges = _read_lines(text, max_hyperedges)
        else:
            raw_edges = _read_incidence(text, max_hyperedges)
        if not raw_edges:
            raise EmptyGraphError(f"{display} holds no hyperedge")
        _check_structure(raw_edges, display, max_nodes)
        flat = [token for edge in raw_edges for token in edge]
        ids = iter(_parse_ids(flat))
        edges = [[next(ids) for _ in edge] for edge in raw_edges]
        return Hypergraph.from_hyperedges(edges, name=display)
    except MemoryError:
        raise GraphTooLargeError(f"{display} is too large to read into memory") from None


def _guess_format(text: str, suffixes: list[str]) -> str:
    if ".csv" in suffixes or ".tsv" in suffixes:
        return "incidence"
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "%")):
            separators = sum(line.count(c) for c in ",;\t")
            return "incidence" if separators == 1 else "lines"
    return "lines"


def write_hypergraph(hypergraph: Hypergraph, path: str | Path | None = None, *, format: str = "lines") -> str:
    """Write ``hypergraph`` in the ``lines`` or ``incidence`` format; return the text.

    Hyperedges come in their stored order, each with sorted node ids. The
    incidence format numbers hyperedges ``0..m-1`` and starts with a
    ``node,hyperedge`` header.

    Parameters
    ----------
    hypergraph : Hypergraph
    path : str or Path, optional
        Also write the text there (gzip-compressed when it ends in ``.gz``).
    format : {"lines", "incidence"}

    Returns
    -------
    str
    """
    check_choice(format, "format", HYPERGRAPH_FORMATS)
    for node in hypergraph.nodes:
        if not _TOKEN.match(str(node)):
            raise ParameterError(f"node id {node!r} cannot be written (contains a space, comma or quote)")
    if format == "lines":
        text = "".join(" ".join(map(str, _sorted_ids(e))) + "\n" for e in hypergraph.hyperedges)
    else:
        rows = ["node,hyperedge\n"]
        for j, edge in enumerate(hypergraph.hyperedges):
            rows.extend(f"{node},{j}\n" for node in _sorted_ids(edge))
        text = "".join(rows)
    if path is not None:
        path = Path(path)
        payload = text.encode()
        path.write_bytes(gzip.compress(payload, mtime=0) if path.suffix == ".gz" else payload)
    return text
