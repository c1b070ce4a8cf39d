"""Registry of the real datasets GraphLens ships in ``assets/datasets/``.

Each entry names its source and licence (see ``assets/datasets/SOURCES.md``).
Capabilities register further datasets with :func:`register_dataset`.

Examples
--------
>>> g = load_dataset("karate_club")
>>> g.n_nodes, g.n_edges
(34, 78)
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.errors import ParameterError
from engine.generators import degree_corrected_sbm
from engine.types import Graph

__all__ = ["degree_corrected_sbm", "DatasetInfo", "ASSETS_DIR", "DATA_DIR_ENV", "LOCAL_SUFFIXES",
           "list_datasets", "dataset_info", "load_dataset", "register_dataset", "resolve_graph",
           "local_data_dir", "local_datasets", "load_local_dataset"]

#: The folder of shipped data files.
ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"

#: Largest size a shipped file may have once decompressed (guards against a corrupted asset).
_MAX_DECOMPRESSED_BYTES = 200_000_000

#: Environment variable naming an operator's folder of local graph files (offered by the pages' picker).
DATA_DIR_ENV = "GRAPHLENS_DATA_DIR"
#: File name endings listed as local datasets (each also gzip-compressed, ``.gz``).
LOCAL_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", ".edges", ".edgelist", ".graphml", ".gexf", ".gml",
                                   ".json", ".mtx")


@dataclass(frozen=True)
class DatasetInfo:
    """A shipped dataset: where it is, what it is, where it came from.

    Parameters
    ----------
    name : str
        Registry key, e.g. ``"karate_club"``.
    title : str
        Display name.
    description : str
        One sentence on what nodes and edges are.
    source : str
        Origin (paper and URL).
    licence : str
        Licence of the data.
    path : str
        File path relative to ``assets/``.
    format : str
        Format passed to :func:`engine.io.read_graph`.
    n_nodes, n_edges : int
        Size, checked by the tests.
    has_labels : bool
        Whether nodes carry a ``label`` attribute (ground-truth classes).
    """

    name: str
    title: str
    description: str
    source: str
    licence: str
    path: str
    format: str
    n_nodes: int
    n_edges: int
    has_labels: bool = False


_REGISTRY: dict[str, DatasetInfo] = {}


def register_dataset(info: DatasetInfo) -> None:
    """Add a dataset to the registry (replacing one of the same name)."""
    _REGISTRY[info.name] = info


def list_datasets() -> list[DatasetInfo]:
    """All registered datasets, smallest first."""
    return sorted(_REGISTRY.values(), key=lambda info: (info.n_edges, info.name))


def dataset_info(name: str) -> DatasetInfo:
    """The registry entry of ``name``.

    Raises
    ------
    ParameterError
        If no dataset has this name.
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise ParameterError(f"unknown dataset {name!r}; known datasets: {known}") from None


@lru_cache(maxsize=16)
def load_dataset(name: str) -> Graph:
    """Load a shipped dataset as a :class:`Graph` named after it."""
    from engine.io import read_graph

    info = dataset_info(name)
    path = ASSETS_DIR / info.path
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            data = handle.read(_MAX_DECOMPRESSED_BYTES)
    else:
        data = path.read_bytes()
    return read_graph(data, format=info.format, name=info.name, max_bytes=_MAX_DECOMPRESSED_BYTES)


def resolve_graph(spec: str, *, max_edges: int | None = None) -> Graph:
    """A dataset name or a file path, loaded as a :class:`Graph` (used by the CLI).

    Parameters
    ----------
    spec : str
        A registered dataset name or a file path.
    max_edges : int, optional
        Edge cap of a file (default :data:`engine.io.FILE_MAX_EDGES`; no byte cap).

    Raises
    ------
    ParameterError
        If ``spec`` is neither a registered dataset nor an existing file.
    GraphTooLargeError
        If the file has more than ``max_edges`` edges or would not fit in memory.
    """
    from engine.io import read_graph

    if spec in _REGISTRY:
        return load_dataset(spec)
    path = Path(spec)
    if path.is_file():
        return read_graph(path, max_edges=max_edges)
    known = ", ".join(sorted(_REGISTRY))
    raise ParameterError(f"{spec!r} is neither a file nor a dataset name (datasets: {known})")


def local_data_dir() -> Path | None:
    """The folder named by ``$GRAPHLENS_DATA_DIR``, or None when it is unset or not a folder."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    if not value:
        return None
    folder = Path(value).expanduser()
    return folder if folder.is_dir() else None


def local_datasets(folder: str | Path | None = None) -> list[str]:
    """File names of the graph files directly inside ``folder`` (default: :func:`local_data_dir`), sorted.

    Only regular files whose name ends with one of :data:`LOCAL_SUFFIXES` (optionally followed by
    ``.gz``) are listed; hidden files, sub-folders and symbolic links leading out of the folder are not.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("b.csv", "a.txt.gz", "notes.md", ".hidden.csv"):
    ...         _ = (Path(tmp) / name).write_text("1 2")
    ...     local_datasets(tmp)
    ['a.txt.gz', 'b.csv']
    """
    folder = local_data_dir() if folder is None else Path(folder)
    if folder is None or not folder.is_dir():
        return []
    root = folder.resolve()
    names = []
    for entry in folder.iterdir():
        name = entry.name
        stem = name[:-3] if name.lower().endswith(".gz") else name
        if name.startswith(".") or not stem.lower().endswith(LOCAL_SUFFIXES):
            continue
        if entry.is_file() and entry.resolve().parent == root:
            names.append(name)
    return sorted(names)


def load_local_dataset(name: str, folder: str | Path | None = None, *, max_edges: int | None = None) -> Graph:
    """Read the local dataset ``name``, which must be one of :func:`local_datasets` of ``folder``.

    The file is read by path, with :func:`engine.io.read_graph`'s limits for files (far above the
    browser upload cap: an operator put it there), through :func:`engine.graph_store.stored_graph`: the
    parsed graph is kept under ``$GRAPHLENS_HOME/graphs``, so a later server start reads it back in a
    fraction of the parse time.

    Parameters
    ----------
    name : str
        A file name as listed (never a path: the browser user only picks from the list).
    folder : str or Path, optional
        Default: :func:`local_data_dir`.
    max_edges : int, optional
        Largest accepted number of edges; default :data:`engine.io.FILE_MAX_EDGES`.

    Raises
    ------
    ParameterError
        If ``name`` is not listed (no folder, a path, a file of another kind).
    GraphTooLargeError, MalformedFileError, EmptyGraphError
        As :func:`engine.io.read_graph`.
    """
    from engine.graph_store import stored_graph

    root = local_data_dir() if folder is None else Path(folder)
    listed = local_datasets(root) if root is not None else []
    if name not in listed:
        where = f"{DATA_DIR_ENV}" if folder is None else str(folder)
        raise ParameterError(f"name must be one of the local datasets in {where} ({', '.join(listed) or 'none'}) "
                             f"(got {name!r})")
    return stored_graph(root / name, name=name, max_edges=max_edges)


_SNAP = "Stanford Network Analysis Project, https://snap.stanford.edu/data/"
_NX = "shipped with networkx (BSD-3-Clause), https://networkx.org"

for _info in (
    DatasetInfo(
        "karate_club",
        "Zachary's karate club",
        "Members of a university karate club; edges are interactions outside the club, weighted by "
        "their number; the label is the faction each member joined after the split.",
        "W. W. Zachary, An information flow model for conflict and fission in small groups, "
        "J. Anthropological Research 33 (1977); " + _NX,
        "public domain (published data table); networkx copy BSD-3-Clause",
        "datasets/karate_club.json.gz",
        "json",
        34,
        78,
        has_labels=True,
    ),
    DatasetInfo(
        "les_miserables",
        "Les Misérables co-appearances",
        "Characters of Victor Hugo's novel; edges join characters appearing in the same chapter, weighted by count.",
        "D. E. Knuth, The Stanford GraphBase (1993); " + _NX,
        "public domain (Stanford GraphBase data); networkx copy BSD-3-Clause",
        "datasets/les_miserables.json.gz",
        "json",
        77,
        254,
    ),
    DatasetInfo(
        "florentine_families",
        "Florentine families",
        "Marriage ties between Renaissance Florentine families.",
        "R. Breiger & P. Pattison, Cumulated social roles, Social Networks 8 (1986); " + _NX,
        "public domain (published data table); networkx copy BSD-3-Clause",
        "datasets/florentine_families.json.gz",
        "json",
        15,
        20,
    ),
    DatasetInfo(
        "davis_southern_women",
        "Davis southern women",
        "Bipartite graph of 18 women and the 14 social events they attended (attribute 'bipartite').",
        "A. Davis, B. Gardner & M. Gardner, Deep South (1941); " + _NX,
        "public domain (published data table); networkx copy BSD-3-Clause",
        "datasets/davis_southern_women.json.gz",
        "json",
        32,
        89,
    ),
    DatasetInfo(
        "ego_facebook",
        "ego-Facebook",
        "Friendships among Facebook users from ten ego networks, combined and anonymised.",
        "J. McAuley & J. Leskovec, Learning to discover social circles in ego networks, NIPS 2012; " + _SNAP,
        "SNAP datasets, free to use with citation (BSD-style SNAP licence)",
        "datasets/ego_facebook.txt.gz",
        "edgelist",
        4039,
        88234,
    ),
    DatasetInfo(
        "twitch_en",
        "Twitch England users",
        "Twitch streamers in England; edges are mutual follows; the label (0/1) says whether the streamer "
        "uses explicit (mature) language.",
        "B. Rozemberczki, C. Allen & R. Sarkar, Multi-scale attributed node embedding, J. Complex Networks 9(2), "
        "2021; SNAP, https://snap.stanford.edu/data/twitch-social-networks.html (karateclub distribution)",
        "SNAP datasets, free to use with citation; karateclub repository GPL-3.0",
        "datasets/twitch_en.json.gz",
        "json",
        7126,
        35324,
        has_labels=True,
    ),
    DatasetInfo(
        "facebook_pages",
        "Facebook page-page network",
        "Verified Facebook pages; edges are mutual likes; the label is the page category "
        "(0 politicians, 1 governmental organisations, 2 television shows, 3 companies).",
        "B. Rozemberczki, C. Allen & R. Sarkar, Multi-scale attributed node embedding, J. Complex Networks 9(2), "
        "2021; SNAP, https://snap.stanford.edu/data/facebook-large-page-page-network.html (karateclub distribution)",
        "SNAP datasets, free to use with citation; karateclub repository GPL-3.0",
        "datasets/facebook_pages.json.gz",
        "json",
        22470,
        171002,
        has_labels=True,
    ),
):
    register_dataset(_info)
