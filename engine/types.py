"""Shared frozen data types of the engine: :class:`Graph`.

A :class:`Graph` holds its adjacency as a scipy CSR matrix over positions
``0..n-1`` and keeps the original node labels in ``node_ids``. It is frozen,
picklable and identified by :meth:`Graph.fingerprint`, which the pages use as
their cache key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Hashable, Sequence

import numpy as np
import scipy.sparse as sp

from engine.errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover - imports for annotations only
    import igraph
    import networkx as nx
    import pandas as pd
    import torch
    from torch_geometric.data import Data

__all__ = ["Graph"]

#: Entries hashed at a time by :meth:`Graph.fingerprint`.
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, eq=False)
class Graph:
    """A graph with a CSR adjacency matrix and original node labels.

    Undirected graphs store a symmetric matrix; a self-loop is one diagonal
    entry. Edge weights are the matrix values (1.0 when unweighted).

    Parameters
    ----------
    adjacency : scipy.sparse.csr_matrix
        Square ``n x n`` matrix; entry ``(i, j)`` is the weight of edge i -> j.
    node_ids : tuple
        Original label of each position, ``len(node_ids) == n``.
    name : str
        Display name (a dataset name or a file name).
    directed : bool
        Whether edges are directed.
    attributes : pandas.DataFrame, optional
        One row per node position, one column per node attribute.
    n_duplicate_edges : int
        Duplicate edges merged when the graph was built (reported, not hidden).

    Examples
    --------
    >>> g = Graph.from_edges([0, 1], [1, 2], n_nodes=3)
    >>> g.n_nodes, g.n_edges
    (3, 2)
    """

    adjacency: sp.csr_matrix
    node_ids: tuple
    name: str = "graph"
    directed: bool = False
    attributes: pd.DataFrame | None = field(default=None, repr=False)
    n_duplicate_edges: int = 0

    def __post_init__(self) -> None:
        adjacency = self.adjacency
        if not sp.issparse(adjacency):
            raise ParameterError(f"adjacency must be a scipy sparse matrix (got {type(adjacency).__name__})")
        if adjacency.shape[0] != adjacency.shape[1]:
            raise ParameterError(f"adjacency must be square (got shape {adjacency.shape})")
        adjacency = sp.csr_matrix(adjacency, dtype=np.float64)
        adjacency.sort_indices()
        object.__setattr__(self, "adjacency", adjacency)
        object.__setattr__(self, "node_ids", tuple(self.node_ids))
        if len(self.node_ids) != adjacency.shape[0]:
            raise ParameterError(
                f"node_ids has {len(self.node_ids)} labels for {adjacency.shape[0]} nodes"
            )
        if self.attributes is not None and len(self.attributes) != adjacency.shape[0]:
            raise ParameterError(
                f"attributes has {len(self.attributes)} rows for {adjacency.shape[0]} nodes"
            )

    # ------------------------------------------------------------------ sizes
    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return self.adjacency.shape[0]

    @property
    def nbytes(self) -> int:
        """Bytes held by the adjacency arrays (``indptr``, ``indices``, ``data``)."""
        adjacency = self.adjacency
        return int(adjacency.indptr.nbytes + adjacency.indices.nbytes + adjacency.data.nbytes)

    @cached_property
    def n_self_loops(self) -> int:
        """Number of self-loops."""
        return int(np.count_nonzero(self.adjacency.diagonal()))

    @cached_property
    def n_edges(self) -> int:
        """Number of edges (an undirected edge counts once, self-loops included)."""
        if self.directed:
            return int(self.adjacency.nnz)
        return int((self.adjacency.nnz + self.n_self_loops) // 2)

    @cached_property
    def is_weighted(self) -> bool:
        """True when some edge weight differs from 1."""
        return bool(np.any(self.adjacency.data != 1.0))

    @property
    def labels(self) -> np.ndarray | None:
        """The ``label`` attribute column as an array, if the graph has one."""
        if self.attributes is None or "label" not in self.attributes.columns:
            return None
        return self.attributes["label"].to_numpy()

    def degrees(self) -> np.ndarray:
        """Number of neighbours of each node (out-degree when directed; a self-loop counts 2)."""
        counts = np.diff(self.adjacency.indptr).astype(np.int64)
        if not self.directed:
            counts += (self.adjacency.diagonal() != 0).astype(np.int64)
        return counts

    def csr(self) -> sp.csr_matrix:
        """The adjacency matrix (CSR, float64)."""
        return self.adjacency

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Edge arrays ``(source, target, weight)``; undirected edges once with source <= target."""
        coo = self.adjacency.tocoo()
        row, col, data = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
        if not self.directed:
            keep = row <= col
            row, col, data = row[keep], col[keep], data[keep]
        order = np.lexsort((col, row))
        return row[order], col[order], data[order]

    def index_of(self, node_id: Hashable) -> int:
        """Position of a node given its original label.

        Raises
        ------
        ParameterError
            If no node has this label.
        """
        try:
            return self._index[node_id]
        except KeyError:
            # Labels typed by a user arrive as strings; match them to int labels too: a canonical integer
            # string directly (building the string index costs ~1 s at 1M nodes), any other through it.
            if isinstance(node_id, str) and node_id.lstrip("-").isdigit() and str(int(node_id)) == node_id:
                position = self._index.get(int(node_id))
                if position is not None and type(self.node_ids[position]) is int:
                    return position
            for key in (str(node_id),):
                if key in self._str_index:
                    return self._str_index[key]
            raise ParameterError(f"no node with id {node_id!r} in {self.name}") from None

    @cached_property
    def _index(self) -> dict:
        return {node: i for i, node in enumerate(self.node_ids)}

    @cached_property
    def _str_index(self) -> dict:
        return {str(node): i for i, node in enumerate(self.node_ids)}

    # ------------------------------------------------------------- identity
    def fingerprint(self) -> str:
        """Content hash of structure, weights, labels and attributes (hex SHA-256)."""
        return self._fingerprint

    @cached_property
    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        digest.update(b"directed" if self.directed else b"undirected")
        digest.update(np.int64(self.n_nodes).tobytes())
        for array, dtype in ((self.adjacency.indptr, np.int64), (self.adjacency.indices, np.int64),
                             (self.adjacency.data, np.float64)):
            # In slices, so that a large graph is never copied whole (same digest as one update).
            for begin in range(0, max(array.size, 1), _HASH_CHUNK):
                digest.update(array[begin : begin + _HASH_CHUNK].astype(dtype).tobytes())
        digest.update(repr(self.node_ids).encode())
        if self.attributes is not None:
            import pandas as pd  # only graphs with node attributes need it (the CLI's start-up: bench/startup.py)

            digest.update(pd.util.hash_pandas_object(self.attributes, index=True).to_numpy().tobytes())
            digest.update(repr(list(self.attributes.columns)).encode())
        return digest.hexdigest()

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        return f"Graph(name={self.name!r}, n_nodes={self.n_nodes}, n_edges={self.n_edges}, {kind})"

    # --------------------------------------------------------- construction
    @classmethod
    def from_edges(
        cls,
        source: Sequence[int] | np.ndarray,
        target: Sequence[int] | np.ndarray,
        weight: Sequence[float] | np.ndarray | None = None,
        *,
        n_nodes: int | None = None,
        node_ids: Sequence[Hashable] | None = None,
        directed: bool = False,
        name: str = "graph",
        attributes: pd.DataFrame | None = None,
    ) -> "Graph":
        """Build a graph from edge position arrays.

        Duplicate edges are merged (weights summed when weighted, kept at 1
        otherwise) and counted in ``n_duplicate_edges``.

        Parameters
        ----------
        source, target : array-like of int
            Edge end positions in ``0..n_nodes-1``.
        weight : array-like of float, optional
            Edge weights; all 1 when omitted.
        n_nodes : int, optional
            Number of nodes; defaults to ``len(node_ids)`` or ``max(position) + 1``.
        node_ids : sequence, optional
            Original labels; defaults to ``0..n_nodes-1``.
        directed : bool
        name : str
        attributes : pandas.DataFrame, optional

        Returns
        -------
        Graph
        """
        source = np.asarray(source, dtype=np.int64).ravel()
        target = np.asarray(target, dtype=np.int64).ravel()
        if source.shape != target.shape:
            raise ParameterError(f"source and target differ in length ({source.size} vs {target.size})")
        if n_nodes is None:
            if node_ids is not None:
                n_nodes = len(node_ids)
            else:
                n_nodes = int(max(source.max(initial=-1), target.max(initial=-1)) + 1)
        if source.size and (min(source.min(), target.min()) < 0 or max(source.max(), target.max()) >= n_nodes):
            raise ParameterError(f"edge positions must lie in 0..{n_nodes - 1}")
        if weight is not None:
            weight = np.asarray(weight, dtype=np.float64).ravel()
            if weight.shape != source.shape:
                raise ParameterError(f"weight has {weight.size} values for {source.size} edges")
        width = max(n_nodes, 1)
        if directed:
            keys = source * width + target
        else:
            keys = np.minimum(source, target) * width + np.maximum(source, target)
        keys, merged = _merge_sorted(keys, weight)
        n_duplicates = int(source.size - keys.size)
        adjacency = _csr_from_sorted_keys(keys, merged, n_nodes, symmetric=not directed)
        ids = tuple(range(n_nodes)) if node_ids is None else tuple(node_ids)
        return cls(
            adjacency,
            ids,
            name=name,
            directed=directed,
            attributes=attributes,
            n_duplicate_edges=n_duplicates,
        )

    def subgraph(self, nodes: Sequence[int] | np.ndarray, name: str | None = None) -> "Graph":
        """The induced subgraph on node positions ``nodes`` (labels and attributes kept)."""
        nodes = np.asarray(nodes, dtype=np.int64)
        adjacency = self.adjacency[nodes][:, nodes]
        attributes = None
        if self.attributes is not None:
            attributes = self.attributes.iloc[nodes].reset_index(drop=True)
        return Graph(
            adjacency.tocsr(),
            tuple(self.node_ids[i] for i in nodes),
            name=name or f"{self.name} (subgraph)",
            directed=self.directed,
            attributes=attributes,
        )

    # ------------------------------------------------------------ converters
    @classmethod
    def from_networkx(cls, nx_graph: "nx.Graph", name: str | None = None, weight: str = "weight") -> "Graph":
        """Build from a networkx graph; node attributes become the attribute table."""
        nodes = list(nx_graph.nodes())
        index = {node: i for i, node in enumerate(nodes)}
        edges = list(nx_graph.edges(data=weight, default=1.0))
        source = [index[u] for u, _, _ in edges]
        target = [index[v] for _, v, _ in edges]
        try:
            weights = np.array([float(w) for _, _, w in edges], dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"edge attribute {weight!r} must be numeric ({exc})") from None
        rows = [dict(data) for _, data in nx_graph.nodes(data=True)]
        attributes = None
        if any(rows):
            import pandas as pd

            attributes = pd.DataFrame(rows)
        graph_name = name if name is not None else (nx_graph.graph.get("name") or "graph")
        return cls.from_edges(
            source,
            target,
            weights if np.any(weights != 1.0) else None,
            n_nodes=len(nodes),
            node_ids=nodes,
            directed=nx_graph.is_directed(),
            name=str(graph_name),
            attributes=attributes,
        )

    def to_networkx(self) -> "nx.Graph":
        """Convert to ``nx.Graph`` / ``nx.DiGraph`` with original labels, weights and attributes."""
        import networkx as nx

        result = nx.DiGraph() if self.directed else nx.Graph()
        result.graph["name"] = self.name
        if self.attributes is not None:
            records = self.attributes.to_dict("records")
            result.add_nodes_from(
                (node, {k: v for k, v in rec.items() if not _is_missing(v)})
                for node, rec in zip(self.node_ids, records)
            )
        else:
            result.add_nodes_from(self.node_ids)
        src, dst, weight = self.edges()
        ids = self.node_ids
        if self.is_weighted:
            result.add_weighted_edges_from((ids[u], ids[v], float(w)) for u, v, w in zip(src, dst, weight))
        else:
            result.add_edges_from((ids[u], ids[v]) for u, v in zip(src, dst))
        return result

    def to_edge_index(self) -> "torch.Tensor":
        """PyG ``edge_index`` (``[2, E]`` int64); undirected edges appear in both directions."""
        import torch

        coo = self.adjacency.tocoo()
        return torch.from_numpy(np.vstack([coo.row, coo.col]).astype(np.int64))

    def to_pyg(self) -> "Data":
        """PyG ``Data`` with ``edge_index``, ``edge_weight`` when weighted and ``y`` when labelled."""
        import torch
        from torch_geometric.data import Data

        data = Data(edge_index=self.to_edge_index(), num_nodes=self.n_nodes)
        if self.is_weighted:
            data.edge_weight = torch.from_numpy(self.adjacency.tocoo().data.astype(np.float32))
        labels = self.labels
        if labels is not None and np.issubdtype(np.asarray(labels).dtype, np.integer):
            data.y = torch.from_numpy(np.array(labels, dtype=np.int64))
        return data

    @classmethod
    def from_pyg(cls, data: "Data", name: str = "graph", directed: bool = False) -> "Graph":
        """Build from a PyG ``Data`` (``edge_index``, optional ``edge_weight``)."""
        edge_index = data.edge_index.cpu().numpy()
        weight = getattr(data, "edge_weight", None)
        weight = None if weight is None else weight.cpu().numpy()
        source, target = edge_index[0], edge_index[1]
        if not directed:
            # Each undirected edge is listed both ways in PyG; keep one copy.
            keep = source <= target
            source, target = source[keep], target[keep]
            weight = None if weight is None else weight[keep]
        graph = cls.from_edges(source, target, weight, n_nodes=int(data.num_nodes), directed=directed, name=name)
        return graph

    def to_igraph(self) -> "igraph.Graph":
        """Convert to ``igraph.Graph``; vertex attribute ``name`` holds the original label."""
        import igraph

        src, dst, weight = self.edges()
        result = igraph.Graph(n=self.n_nodes, edges=np.column_stack([src, dst]).tolist(), directed=self.directed)
        result.vs["name"] = [str(node) for node in self.node_ids]
        result.vs["node_id"] = list(self.node_ids)  # the original labels, so from_igraph restores their type
        if self.is_weighted:
            result.es["weight"] = weight.tolist()
        return result

    @classmethod
    def from_igraph(cls, ig_graph: "igraph.Graph", name: str = "graph") -> "Graph":
        """Build from ``igraph.Graph`` (vertex ``node_id``, else ``name``, becomes the label when present)."""
        edges = np.array(ig_graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        weights = ig_graph.es["weight"] if "weight" in ig_graph.es.attributes() else None
        names = None
        for attribute in ("node_id", "name"):
            if attribute in ig_graph.vs.attributes():
                names = ig_graph.vs[attribute]
                break
        return cls.from_edges(
            edges[:, 0],
            edges[:, 1],
            weights,
            n_nodes=ig_graph.vcount(),
            node_ids=names,
            directed=ig_graph.is_directed(),
            name=name,
        )


def _is_missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _merge_sorted(keys: np.ndarray, weight: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Sorted distinct ``keys`` and, when weighted, the summed weight of each (summed in input order)."""
    if weight is None:
        keys = np.sort(keys)
        if keys.size:
            distinct = np.empty(keys.size, dtype=bool)
            distinct[0] = True
            np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
            keys = keys[distinct]
        return keys, None
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    if not keys.size:
        return keys, weight[:0]
    distinct = np.empty(keys.size, dtype=bool)
    distinct[0] = True
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    group = np.cumsum(distinct) - 1
    merged = np.bincount(group, weights=weight[order], minlength=int(group[-1]) + 1)
    return keys[distinct], merged


def _csr_from_sorted_keys(keys: np.ndarray, data: np.ndarray | None, n_nodes: int, symmetric: bool) -> sp.csr_matrix:
    """CSR matrix of the distinct sorted edge keys ``row * n + col`` (``row <= col`` when ``symmetric``).

    A symmetric matrix gets each off-diagonal entry mirrored; the arrays are built
    directly in canonical order (no COO intermediate) with int32 indices when they fit.
    """
    width = max(n_nodes, 1)
    row, col = np.divmod(keys, width)
    del keys
    if data is None:
        data = np.ones(row.size)
    if not symmetric:
        total = row.size
        index_dtype = np.int32 if max(total, n_nodes) < 2**31 else np.int64
        indptr = np.zeros(n_nodes + 1, dtype=index_dtype)
        np.cumsum(np.bincount(row, minlength=n_nodes), out=indptr[1:])
        return sp.csr_matrix((data, col.astype(index_dtype), indptr), shape=(n_nodes, n_nodes))
    off = np.flatnonzero(row != col)
    upper_count = np.bincount(row, minlength=n_nodes)
    lower_count = np.bincount(col[off], minlength=n_nodes)
    total = row.size + off.size
    index_dtype = np.int32 if max(total, n_nodes) < 2**31 else np.int64
    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(upper_count + lower_count, out=indptr[1:])
    indices = np.empty(total, dtype=index_dtype)
    values = np.empty(total, dtype=data.dtype)
    # Row r holds its mirrored (lower, column < r) entries first, then its upper ones.
    order = off[np.argsort(col[off], kind="stable")]
    lower_row = col[order]
    lower_start = np.cumsum(lower_count) - lower_count
    destination = indptr[lower_row] + (np.arange(order.size) - lower_start[lower_row])
    indices[destination] = row[order]
    values[destination] = data[order]
    del order, lower_row, destination
    upper_start = np.cumsum(upper_count) - upper_count
    destination = indptr[row] + lower_count[row] + (np.arange(row.size) - upper_start[row])
    indices[destination] = col
    values[destination] = data
    return sp.csr_matrix((values, indices, indptr.astype(index_dtype)), shape=(n_nodes, n_nodes))
