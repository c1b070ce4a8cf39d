"""Parsed graph files kept on disk, so that a large local file is parsed once, not at every server start.

Parsing a 68 MB edge list of 1M nodes / 5M edges costs about 4 s of CPU time (pyarrow, the id mapping
and the CSR build); reading back its CSR arrays costs a fraction of a second (bench/RESULTS.md,
"Explore: statistics and reading at 1M nodes"). :func:`stored_graph` keeps those arrays as one
uncompressed ``.npz`` per file under ``$GRAPHLENS_HOME/graphs``, named after the file's resolved path and
valid while the file keeps its size and modification time. A stored copy is trusted only when the graph
rebuilt from it has the content fingerprint recorded beside it (:meth:`engine.types.Graph.fingerprint`,
which the pages compute anyway): a damaged, truncated or foreign file is read again from the source and
replaced, never used.

Graphs with node attributes, or with node ids that are not all ``int`` or all ``str``, are not stored (the
arrays could not give them back exactly); they are read from the file each time.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "g.txt").write_text("1 2\\n2 3\\n")
...     first = stored_graph(Path(tmp) / "g.txt", directory=Path(tmp) / "store")
...     again = stored_graph(Path(tmp) / "g.txt", directory=Path(tmp) / "store")
...     again.node_ids, again.n_edges, again.fingerprint() == first.fingerprint()
((1, 2, 3), 2, True)
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from engine.errors import GraphTooLargeError
from engine.io import FILE_MAX_EDGES, read_graph
from engine.runs import home_directory
from engine.types import Graph

__all__ = ["STORE_VERSION", "stored_graph", "stored_graph_path", "load_array", "save_array"]

#: Version of the stored arrays' layout; raise it when the reader or the format changes.
STORE_VERSION = 1

_log = logging.getLogger(__name__)


def stored_graph_path(path: str | Path, directory: str | Path | None = None) -> Path:
    """Where :func:`stored_graph` keeps the parsed arrays of the file ``path``."""
    folder = Path(directory) if directory is not None else home_directory() / "graphs"
    key = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:32]
    return folder / f"{key}-v{STORE_VERSION}.npz"


def stored_graph(path: str | Path, *, name: str | None = None, max_edges: int | None = None,
                 directory: str | Path | None = None) -> Graph:
    """:func:`engine.io.read_graph` of a file path, with the parsed graph kept on disk for the next read.

    Parameters
    ----------
    path : str or Path
        A graph file (any format :func:`engine.io.read_graph` reads).
    name : str, optional
        Name of the graph; default the file name.
    max_edges : int, optional
        Largest accepted number of edges; default :data:`engine.io.FILE_MAX_EDGES`. A stored graph
        above it is refused as the file would be.
    directory : str or Path, optional
        Where the arrays are kept; default ``$GRAPHLENS_HOME/graphs``. A directory that cannot be
        written only costs the saving.

    Returns
    -------
    Graph
        The same graph (same fingerprint, ids, direction and duplicate count) as ``read_graph(path)``.

    Raises
    ------
    GraphTooLargeError, MalformedFileError, EmptyGraphError, UnsupportedGraphError, ParameterError
        As :func:`engine.io.read_graph`.
    """
    path = Path(path)
    name = path.name if name is None else name
    limit = FILE_MAX_EDGES if max_edges is None else max_edges
    stat = path.stat()
    store = stored_graph_path(path, directory)
    graph = _load(store, stat.st_size, stat.st_mtime_ns, name)
    if graph is not None:
        if graph.n_edges > limit:
            raise GraphTooLargeError(f"the graph has {graph.n_edges:,} edges; the limit is {limit:,}")
        return graph
    graph = read_graph(path, name=name, max_edges=max_edges)
    _save(store, graph, stat.st_size, stat.st_mtime_ns)
    return graph


def _node_id_array(node_ids: tuple) -> np.ndarray | None:
    """The ids as an int64 or a str array that gives them back exactly, or None."""
    if all(type(node) is int for node in node_ids):
        try:
            return np.asarray(node_ids, dtype=np.int64)
        except OverflowError:
            return None
    if all(type(node) is str for node in node_ids):
        return np.asarray(node_ids, dtype=str)
    return None


def _save(store: Path, graph: Graph, size: int, mtime_ns: int) -> None:
    if graph.attributes is not None:
        return
    ids = _node_id_array(graph.node_ids)
    if ids is None:
        return
    adjacency = graph.adjacency
    arrays = {"indptr": adjacency.indptr, "indices": adjacency.indices, "node_ids": ids,
              "meta": np.array([size, mtime_ns, int(graph.directed), graph.n_duplicate_edges], dtype=np.int64),
              "fingerprint": np.array(graph.fingerprint())}
    if graph.is_weighted:
        arrays["weights"] = adjacency.data
    temporary = None
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=store.parent, suffix=".npz.tmp", delete=False) as handle:
            temporary = Path(handle.name)
            np.savez(handle, **arrays)
        os.replace(temporary, store)  # atomic: a concurrent reader sees the old file, none, or the whole new one
    except OSError as exc:
        _log.warning("parsed graph not stored in %s: %s", store.parent, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _load(store: Path, size: int, mtime_ns: int, name: str) -> Graph | None:
    """The stored graph if ``store`` holds an intact copy of the file as it is now, else None."""
    try:
        with np.load(store, allow_pickle=False) as stored:
            meta = stored["meta"]
            if meta.shape != (4,) or int(meta[0]) != size or int(meta[1]) != mtime_ns:
                return None
            indptr, indices, ids = stored["indptr"], stored["indices"], stored["node_ids"]
            weights = stored["weights"] if "weights" in stored.files else np.ones(indices.size)
            fingerprint = str(stored["fingerprint"])
        n = ids.size
        if indptr.shape != (n + 1,) or indices.shape != weights.shape or int(indptr[-1]) != indices.size:
            return None
        adjacency = sp.csr_matrix((weights, indices, indptr), shape=(n, n))
        graph = Graph(adjacency, tuple(ids.tolist()), name=name, directed=bool(meta[2]),
                      n_duplicate_edges=int(meta[3]))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        if store.exists():
            _log.warning("stored graph %s unreadable (%s): reading the file again", store, exc)
        return None
    if graph.fingerprint() != fingerprint:  # damaged arrays, or a copy of another graph
        _log.warning("stored graph %s does not match its fingerprint: reading the file again", store)
        return None
    return graph


def load_array(path: str | Path, shape: tuple[int, ...]) -> np.ndarray | None:
    """The array stored by :func:`save_array` at ``path`` if it has ``shape`` and only finite values, else None.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     save_array(Path(tmp) / "a" / "x.npy", np.arange(3.0))
    ...     load_array(Path(tmp) / "a" / "x.npy", (3,)).tolist(), load_array(Path(tmp) / "a" / "x.npy", (4,))
    ([0.0, 1.0, 2.0], None)
    """
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if array.shape != shape or (np.issubdtype(array.dtype, np.floating) and not np.isfinite(array).all()):
        return None
    return array


def save_array(path: str | Path, array: np.ndarray) -> None:
    """Store ``array`` as ``.npy`` at ``path`` atomically (a concurrent reader sees no file or the whole file);
    a folder that cannot be written only logs a warning."""
    path = Path(path)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npy.tmp", delete=False) as handle:
            temporary = Path(handle.name)
            np.save(handle, array, allow_pickle=False)
        os.replace(temporary, path)
    except OSError as exc:
        _log.warning("%s not stored in %s: %s", path.name, path.parent, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
