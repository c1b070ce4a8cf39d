"""Read and write graph files safely.

:func:`read_graph` reads edge lists (CSV, TSV or whitespace separated),
GraphML, GEXF, GML, node-link JSON and Matrix Market files, from a path or
from bytes, optionally gzip-compressed. Every problem with the input is a
:class:`~engine.errors.GraphLensError` naming what was wrong (and the line,
when there is one), never a bare parser exception:

- size limits (bytes, also after decompression, and edges) are checked before
  the content is parsed. They depend on the source: bytes (a browser upload)
  are capped at :data:`UPLOAD_MAX_BYTES` and :data:`UPLOAD_MAX_EDGES`; a file
  path has no byte cap and is read up to :data:`FILE_MAX_EDGES` edges. Either
  way the memory the parse will need is predicted from the input's size first,
  and an input the machine cannot hold is refused with
  :class:`~engine.errors.GraphTooLargeError` instead of running out of memory;
- integer edge lists (the usual large input) take a streaming, vectorised path
  through pyarrow's CSV reader; anything else, and any input that path cannot
  read exactly, goes through the line-by-line reader, which reports the line
  of a malformed row;
- XML is checked with :mod:`defusedxml` and any ``<!DOCTYPE``/``<!ENTITY``
  declaration is rejected before networkx sees the bytes (no entity expansion,
  no external entities);
- self-loops are kept and duplicate edges are merged and counted in
  :attr:`Graph.n_duplicate_edges <engine.types.Graph.n_duplicate_edges>`.

The writers :func:`write_edgelist_csv`, :func:`write_graphml` and
:func:`write_node_link_json` return bytes that :func:`read_graph` reads back
to the same graph.

Examples
--------
>>> g = read_graph(b"# a triangle\\na b\\nb c\\nc a\\n")
>>> g.node_ids, g.n_edges
(('a', 'b', 'c'), 3)
>>> write_edgelist_csv(g).decode().splitlines()[:2]
['source,target', 'a,b']
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from engine._input import MAX_UPLOAD_BYTES, decode_text, gunzip, load_json
from engine._validation import check_positive_int
from engine.errors import (
    EmptyGraphError,
    GraphTooLargeError,
    MalformedFileError,
    ParameterError,
    UnsupportedGraphError,
)
from engine.types import Graph

if TYPE_CHECKING:  # pragma: no cover - pandas is imported where a reader needs it (start-up: bench/startup.py)
    import pandas as pd

__all__ = [
    "FORMATS",
    "UPLOAD_MAX_BYTES",
    "UPLOAD_MAX_EDGES",
    "FILE_MAX_EDGES",
    "available_memory",
    "read_graph",
    "detect_format",
    "write_edgelist_csv",
    "write_graphml",
    "write_node_link_json",
]

#: Byte cap on content given as bytes (a browser upload), counted after decompression: the one upload
#: limit, :data:`engine._input.MAX_UPLOAD_BYTES`.
UPLOAD_MAX_BYTES = MAX_UPLOAD_BYTES
#: Edge cap on content given as bytes (a browser upload).
UPLOAD_MAX_EDGES = 2_000_000
#: Edge cap on a file given by its path (the CLI's ``--max-edges`` default).
FILE_MAX_EDGES = 100_000_000

#: Peak memory of reading an integer edge list, in bytes per edge on top of the file's own
#: bytes (edge arrays, id mapping and the CSR build; measured by bench/scale.py).
_EDGELIST_BYTES_PER_EDGE = 180
#: Peak memory of the other readers (line-by-line and networkx-based) per byte of input.
_OTHER_BYTES_PER_BYTE = 40
#: Largest decompressed/compressed size ratio accepted from a gzip file read without a byte cap.
_MAX_GZIP_RATIO = 100
#: Bytes of the head of a file sampled to predict its number of lines.
_SAMPLE_BYTES = 1 << 16

#: Formats :func:`read_graph` understands.
FORMATS: tuple[str, ...] = ("edgelist", "graphml", "gexf", "gml", "json", "mtx")

_FORMAT_ALIASES = {
    "edgelist": "edgelist",
    "edge_list": "edgelist",
    "csv": "edgelist",
    "tsv": "edgelist",
    "txt": "edgelist",
    "graphml": "graphml",
    "gexf": "gexf",
    "gml": "gml",
    "json": "json",
    "node_link": "json",
    "node-link": "json",
    "mtx": "mtx",
    "matrixmarket": "mtx",
}

_EXTENSIONS = {
    ".csv": "edgelist",
    ".tsv": "edgelist",
    ".txt": "edgelist",
    ".edges": "edgelist",
    ".edgelist": "edgelist",
    ".el": "edgelist",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".gml": "gml",
    ".json": "json",
    ".mtx": "mtx",
}

#: First-line words that mark an edge-list header row (compared in lower case).
_HEADER_WORDS = frozenset(
    {
        "source", "target", "weight", "src", "dst", "from", "to", "u", "v", "i", "j",
        "node1", "node2", "node_1", "node_2", "id1", "id2", "source_id", "target_id",
        "head", "tail", "w", "value", "cost", "length",
    }
)  # fmt: skip

_GZIP_MAGIC = b"\x1f\x8b"
_XML_EDGE = re.compile(rb"<(?:\w+:)?edge[\s/>]")
_GML_EDGE = re.compile(r"\bedge\s*\[")
_GML_START = re.compile(r"\A\s*(?:#[^\n]*\n\s*)*(?:\w+\s+(?:\"[^\"]*\"|\S+)\s+)*graph\s*\[", re.IGNORECASE)
_PANDAS_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_GML_POSITION = re.compile(r"at \((\d+), (\d+)\)")
_INTEGER = re.compile(r"-?\d+")


# ---------------------------------------------------------------- reading
def read_graph(
    source: str | Path | bytes,
    *,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
    max_edges: int | None = None,
    memory_limit: int | None = None,
) -> Graph:
    """Read a graph file from a path or from bytes.

    Parameters
    ----------
    source : str, Path or bytes
        A file path, or the file's content. Gzip-compressed content
        (``.gz``, detected by its magic bytes) is decompressed first.
    format : str, optional
        One of :data:`FORMATS` (``"edgelist"``, ``"graphml"``, ``"gexf"``,
        ``"gml"``, ``"json"``, ``"mtx"``). By default it is taken from the file
        extension (of the path, or of ``name`` for bytes), else sniffed from
        the content.
    name : str, optional
        Name of the graph; defaults to the file name, or ``"graph"`` for bytes.
    max_bytes : int, optional
        Largest accepted input, counted after decompression. By default
        :data:`UPLOAD_MAX_BYTES` for bytes and no cap for a path.
    max_edges : int, optional
        Largest accepted number of edges (edge-list data lines are counted
        before they are parsed). By default :data:`UPLOAD_MAX_EDGES` for bytes
        and :data:`FILE_MAX_EDGES` for a path.
    memory_limit : int, optional
        Bytes of memory the read may use; by default the memory the system
        has available (:func:`available_memory`). The need is predicted from
        the input's size before it is read.

    Returns
    -------
    Graph
        Edge lists and GraphML/GEXF/GML whose node ids are all integers get
        ``int`` node ids (edge lists: sorted numerically; other formats: in
        file order); other string ids keep their order of first appearance.
        Edge lists are undirected; the other formats say whether they are
        directed. Node attributes go into ``graph.attributes``, edge weights
        come from a third edge-list column or a ``weight`` attribute.

    Raises
    ------
    GraphTooLargeError
        If the input has more than ``max_bytes`` bytes or ``max_edges`` edges,
        or is predicted to need more memory than ``memory_limit``.
    MalformedFileError
        If the content cannot be parsed; ``exc.line`` is the 1-based line
        number when known, e.g. ``"line 17: expected 2 or 3 columns, got 1"``.
    EmptyGraphError
        If the input has no nodes (an empty file, only comments).
    UnsupportedGraphError
        If the file holds something that is not a graph we can represent
        (a rectangular or complex Matrix Market matrix, GraphML hyperedges).
    ParameterError
        If ``format`` is unknown or a limit is not a positive integer.

    Examples
    --------
    >>> g = read_graph(b"source,target,weight\\n1,2,0.5\\n2,3,1.5\\n", name="w.csv")
    >>> g.node_ids, g.n_edges, g.is_weighted
    ((1, 2, 3), 2, True)
    >>> read_graph(b"1 2\\n3\\n")
    Traceback (most recent call last):
    ...
    engine.errors.MalformedFileError: line 2: expected 2 or 3 columns, got 1
    """
    from_path = isinstance(source, (str, Path))
    if max_bytes is not None:
        max_bytes = check_positive_int(max_bytes, "max_bytes")
    elif not from_path:
        max_bytes = UPLOAD_MAX_BYTES
    if max_edges is None:
        max_edges = FILE_MAX_EDGES if from_path else UPLOAD_MAX_EDGES
    max_edges = check_positive_int(max_edges, "max_edges")
    if memory_limit is not None:
        memory_limit = check_positive_int(memory_limit, "memory_limit")
    if format is not None:
        format = _normalize_format(format)
    data, file_name, default_name = _load_bytes(source, name, format, max_bytes, memory_limit)
    fmt = format or detect_format(file_name, data)
    graph = _read_edgelist_fast(data, max_edges) if fmt == "edgelist" else None
    if graph is None:
        text = decode_text(data, what="a text graph file")
        if not text.strip():
            raise EmptyGraphError("the file is empty")
        graph = _READERS[fmt](text, data, max_edges)
    if graph.n_nodes == 0:
        raise EmptyGraphError("the file has no nodes")
    if graph.n_edges > max_edges:
        raise GraphTooLargeError(f"the graph has {graph.n_edges:,} edges; the limit is {max_edges:,}")
    return dataclasses.replace(graph, name=name if name is not None else default_name)


def _load_bytes(
    source: str | Path | bytes,
    name: str | None,
    format: str | None,
    max_bytes: int | None,
    memory_limit: int | None,
) -> tuple[bytes, str | None, str]:
    """The (decompressed) bytes of ``source``, the file name to detect a format from, and a default name.

    The one place where graph files are read: the byte cap and the memory
    prediction are checked before the content is read (for gzip, the
    decompressed size is capped and the memory checked once decompressed).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        file_name = name
        default_name = "graph"
        what = "the input"
        if max_bytes is not None and len(data) > max_bytes:
            raise GraphTooLargeError(f"the input has {len(data):,} bytes; the limit is {max_bytes:,}")
        size, head = len(data), data[:_SAMPLE_BYTES]
    elif isinstance(source, (str, Path)):
        path = Path(source)
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise GraphTooLargeError(f"{path.name} has {size:,} bytes; the limit is {max_bytes:,}")
        with path.open("rb") as handle:
            head = handle.read(_SAMPLE_BYTES)
        file_name = path.name
        default_name = path.name
        what = path.name
        data = None
    else:
        raise ParameterError(f"source must be a path or bytes (got {type(source).__name__})")
    limit = memory_limit if memory_limit is not None else available_memory()
    if head[:2] == _GZIP_MAGIC:
        # The decompressed size is known only once decompressed: check the memory after that.
        # Without a byte cap, a ratio far beyond real edge lists' (~3-10x) marks a gzip bomb.
        cap = max_bytes if max_bytes is not None else max(UPLOAD_MAX_BYTES, _MAX_GZIP_RATIO * size)
        data = gunzip(path.read_bytes() if data is None else data, cap if limit is None else min(cap, limit))
        if file_name and file_name.lower().endswith(".gz"):
            file_name = file_name[:-3]
        _check_memory(what, len(data), data[:_SAMPLE_BYTES], format or detect_format(file_name, data), limit)
        return data, file_name, default_name
    _check_memory(what, size, head, format or detect_format(file_name, head), limit)
    return (path.read_bytes() if data is None else data), file_name, default_name


def available_memory() -> int | None:
    """Bytes of memory this process may still use: the smaller of the system's available
    memory and the cgroup's remaining allowance; ``None`` when neither can be read."""
    limits = []
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    limits.append(int(line.split()[1]) * 1024)
                    break
    except (OSError, ValueError):
        pass
    try:
        maximum = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        current = Path("/sys/fs/cgroup/memory.current").read_text().strip()
        if maximum != "max":
            limits.append(int(maximum) - int(current))
    except (OSError, ValueError):
        pass
    return min(limits) if limits else None


def _check_memory(what: str, size: int, head: bytes, fmt: str, limit: int | None) -> None:
    """Refuse an input predicted to need more than ``limit`` bytes of memory (no check when ``None``)."""
    if limit is None or size == 0:
        return
    if fmt == "edgelist":
        lines_per_byte = (head.count(b"\n") + 1) / max(len(head), 1)
        n_edges = int(size * lines_per_byte)
        need = size + n_edges * _EDGELIST_BYTES_PER_EDGE
        about = f" (about {n_edges:,} edges)"
    else:
        need = size * _OTHER_BYTES_PER_BYTE
        about = ""
    if need > limit:
        raise GraphTooLargeError(
            f"{what} has {size:,} bytes{about} and would need about {need / 1e9:.1f} GB of memory to read; "
            f"{limit / 1e9:.1f} GB is available"
        )


def detect_format(filename: str | None, data: bytes | str) -> str:
    """Guess the format of a graph file from its name, else from its content.

    Parameters
    ----------
    filename : str or None
        File name; a trailing ``.gz`` is ignored.
    data : bytes or str
        The (decompressed) content; only its start is inspected.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Examples
    --------
    >>> detect_format("net.graphml.gz", b"")
    'graphml'
    >>> detect_format(None, b'{"nodes": []}')
    'json'
    >>> detect_format(None, "graph [ node [ id 0 ] ]")
    'gml'
    >>> detect_format("upload", b"0 1\\n1 2\\n")
    'edgelist'
    >>> detect_format("matrix.txt", b"%%MatrixMarket matrix coordinate pattern general\\n")
    'mtx'
    """
    if filename:
        lower = filename.lower()
        if lower.endswith(".gz"):
            lower = lower[:-3]
        suffix = Path(lower).suffix
        if suffix in _EXTENSIONS and not (suffix == ".txt" and _is_matrix_market(data)):
            return _EXTENSIONS[suffix]
    if _is_matrix_market(data):
        return "mtx"
    head = data[:4096]
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="replace")
    head = head.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return "gexf" if "<gexf" in head else "graphml"
    if head.startswith(("{", "[")):
        return "json"
    if _GML_START.match(head):
        return "gml"
    return "edgelist"


def _is_matrix_market(data: bytes | str) -> bool:
    head = data[:14]
    return (head.decode("ascii", errors="replace") if isinstance(head, bytes) else head).lower() == "%%matrixmarket"


def _normalize_format(format: str) -> str:
    key = str(format).strip().lower().lstrip(".")
    if key not in _FORMAT_ALIASES:
        raise ParameterError(f"format must be one of {', '.join(FORMATS)} (got {format!r})")
    return _FORMAT_ALIASES[key]


# ------------------------------------------------------------- edge lists
def _read_edgelist_fast(data: bytes, max_edges: int) -> Graph | None:
    """Integer edge list read in blocks by pyarrow's CSV reader, or ``None`` to use :func:`_read_edgelist`.

    Only plain layouts take this path: leading comment lines, then one separator
    (a tab, a comma, or single spaces), no blank or comment lines inside, two or
    three columns, integer ids and finite weights. Whatever else (and any row that
    pyarrow refuses) returns ``None``, so the line-by-line reader gives the same
    graph or the same error, with its line number.
    """
    body = _body_offset(data)
    if body is None:
        return None
    end_of_first = data.find(b"\n", body)
    end_of_first = len(data) if end_of_first < 0 else end_of_first
    try:
        first = data[body:end_of_first].decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:
        return None
    separator = _separator(first)
    delimiter = {"\t": b"\t", ",": b",", r"\s+": b" "}.get(separator)
    if delimiter is None or not _plain_layout(data, body, delimiter):
        return None
    first_fields = _split_line(first, separator)
    if len(first_fields) not in (2, 3):
        return None
    sample_end = body
    for _ in range(50):
        found = data.find(b"\n", sample_end + 1)
        sample_end = len(data) if found < 0 else found
    try:
        sample_lines = data[end_of_first + 1 : sample_end].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    sample = [_split_line(line.removesuffix("\r"), separator) for line in sample_lines if line]
    if _is_header(first_fields, sample):
        body = end_of_first + 1
    if body >= len(data):
        return None
    n_lines = data.count(b"\n", body) + (not data.endswith(b"\n"))
    if n_lines > max_edges:
        raise GraphTooLargeError(f"the edge list has {n_lines:,} edge lines; the limit is {max_edges:,} edges")
    columns = _arrow_columns(data, body, delimiter, len(first_fields), n_lines)
    if columns is None:
        return None
    ends, weight = columns
    positions, node_ids = _integer_positions(ends)
    del ends
    return Graph.from_edges(
        positions[:n_lines], positions[n_lines:], weight, n_nodes=len(node_ids), node_ids=node_ids.tolist()
    )


def _body_offset(data: bytes) -> int | None:
    """Offset of the first line that is not blank or a comment, or ``None`` when one follows later."""
    offset = 0
    while offset < len(data):
        end = data.find(b"\n", offset)
        end = len(data) if end < 0 else end
        line = data[offset:end].strip()
        if line and line[:1] not in (b"#", b"%"):
            break
        offset = end + 1
    if offset >= len(data) or data.startswith(b"\xef\xbb\xbf"):
        return None
    if data.find(b"#", offset) >= 0 or data.find(b"%", offset) >= 0 or data.find(b"\n\n", offset) >= 0:
        return None
    return offset


def _plain_layout(data: bytes, body: int, delimiter: bytes) -> bool:
    """Whether the body splits on ``delimiter`` exactly as the line-by-line reader splits it."""
    if data.count(b"\r", body) != data.count(b"\r\n", body) or data.find(b'"', body) >= 0:
        return False
    if delimiter != b" ":
        return data.find(b" ", body) < 0
    if data[body : body + 1] == b" " or data.endswith(b" "):
        return False
    return all(data.find(bad, body) < 0 for bad in (b"\t", b"  ", b"\n ", b" \n", b" \r"))


def _arrow_columns(
    data: bytes, body: int, delimiter: bytes, n_columns: int, n_lines: int
) -> tuple[np.ndarray, np.ndarray | None] | None:
    """Both id columns in one int64 array (sources, then targets) and the weights, read in blocks."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
    except ImportError:  # pragma: no cover - pyarrow comes with streamlit
        return None
    names = ["source", "target", "weight"][:n_columns]
    types = {"source": pa.int64(), "target": pa.int64(), "weight": pa.float64()}
    ends = np.empty(2 * n_lines, dtype=np.int64)
    weight = np.empty(n_lines, dtype=np.float64) if n_columns == 3 else None
    filled = 0
    try:
        reader = pa_csv.open_csv(
            pa.BufferReader(pa.py_buffer(data).slice(body)),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter.decode(), quote_char=False),
            convert_options=pa_csv.ConvertOptions(column_types={key: types[key] for key in names}),
        )
        for batch in reader:
            rows = batch.num_rows
            if filled + rows > n_lines or any(column.null_count for column in batch.columns):
                return None
            ends[filled : filled + rows] = _arrow_values(batch.column(0), np.int64)
            ends[n_lines + filled : n_lines + filled + rows] = _arrow_values(batch.column(1), np.int64)
            if weight is not None:
                weight[filled : filled + rows] = _arrow_values(batch.column(2), np.float64)
            filled += rows
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if filled != n_lines or (weight is not None and not np.isfinite(weight).all()):
        return None
    return ends, weight


def _arrow_values(column: Any, dtype: type) -> np.ndarray:
    """The values of a null-free pyarrow int64 or float64 array, viewed without a copy.

    Read from its data buffer: pyarrow's ``to_numpy`` imports pandas (0.4 s), which reading an edge
    list does not otherwise need (the CLI's start-up, bench/startup.py).
    """
    return np.frombuffer(column.buffers()[1], dtype=dtype, count=len(column), offset=column.offset * 8)


def _read_edgelist(text: str, data: bytes, max_edges: int) -> Graph:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    # Filter comment and blank lines only when there may be some (a whitespace-only
    # line that slips through becomes an all-empty row, dropped after parsing).
    if "#" in text or "%" in text or "\n\n" in text or not lines or not lines[0].strip():
        line_numbers = [
            number for number, line in enumerate(lines, start=1)
            if line.strip() and line.lstrip()[0] not in "#%"
        ]  # fmt: skip
    else:
        line_numbers = range(1, len(lines) + 1)
    if not line_numbers:
        raise EmptyGraphError("no edges: the file has only comments or blank lines")
    first = lines[line_numbers[0] - 1]
    separator = _separator(first)
    first_fields = _split_line(first, separator)
    if len(first_fields) > 3:
        raise MalformedFileError(f"expected 2 or 3 columns, got {len(first_fields)}", line=line_numbers[0])
    sample = [_split_line(lines[n - 1], separator) for n in line_numbers[1:50]]
    if _is_header(first_fields, sample):
        line_numbers = line_numbers[1:]
        if not line_numbers:
            raise EmptyGraphError("no edges: the file has only a header line")
    if len(line_numbers) > max_edges:
        raise GraphTooLargeError(
            f"the edge list has {len(line_numbers):,} edge lines; the limit is {max_edges:,} edges"
        )
    contiguous = line_numbers[-1] - line_numbers[0] + 1 == len(line_numbers)
    if contiguous:
        body = "\n".join(lines[line_numbers[0] - 1 : line_numbers[-1]])
    else:
        body = "\n".join([lines[n - 1] for n in line_numbers])
    table = _parse_table(body, separator, line_numbers)
    return _edges_from_table(table, body, separator, line_numbers)


def _separator(line: str) -> str:
    if "\t" in line:
        return "\t"
    if "," in line:
        return ","
    if ";" in line:
        return ";"
    return r"\s+"


def _split_line(line: str, separator: str) -> list[str]:
    if separator == r"\s+":
        return line.split()
    return [field.strip() for field in next(csv.reader([line], delimiter=separator))]


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _is_header(first: list[str], sample: list[list[str]]) -> bool:
    """Whether the first data line names the columns rather than holding an edge."""
    if len(first) not in (2, 3):
        return False
    if all(token.lower() in _HEADER_WORDS for token in first):
        return True
    rows = [row for row in sample if len(row) == len(first)]
    if not rows:
        return False
    first_ids_numeric = all(_is_number(token) for token in first[:2])
    rows_ids_numeric = all(_is_number(token) for row in rows for token in row[:2])
    if rows_ids_numeric and not first_ids_numeric:
        return True
    if len(first) == 3 and not first_ids_numeric and not _is_number(first[2]):
        return all(_is_number(row[2]) for row in rows)
    return False


def _parse_table(body: str, separator: str, line_numbers) -> pd.DataFrame:
    options: dict[str, Any] = {
        "sep": separator,
        "header": None,
        "names": range(4),
        "index_col": False,
        "keep_default_na": False,
        "na_values": [""],
        "skip_blank_lines": False,
        "engine": "c",
    }
    if separator != r"\s+":
        options["skipinitialspace"] = True
    import pandas as pd

    try:
        return pd.read_csv(io.StringIO(body), **options)
    except pd.errors.ParserError as exc:
        match = _PANDAS_FIELDS.search(str(exc))
        if match:
            row = int(match.group(2)) - 1
            line = int(line_numbers[row]) if 0 <= row < len(line_numbers) else None
            raise MalformedFileError(f"expected 2 or 3 columns, got {match.group(3)}", line=line) from None
        raise MalformedFileError(f"cannot parse the edge list ({_first_line(str(exc))})") from None


def _edges_from_table(table: pd.DataFrame, body: str, separator: str, line_numbers) -> Graph:
    import pandas as pd

    present = table.notna().to_numpy()
    n_fields = present.sum(axis=1)
    keep = n_fields > 0
    if not keep.all():
        table = table[keep].reset_index(drop=True)
        line_numbers = np.asarray(line_numbers)[keep]
        present, n_fields = present[keep], n_fields[keep]
        if not len(table):
            raise EmptyGraphError("no edges: the file has only comments or blank lines")
    bad = ~present[:, 0] | ~present[:, 1] | present[:, 3]
    if bad.any():
        row = int(np.argmax(bad))
        raise MalformedFileError(f"expected 2 or 3 columns, got {n_fields[row]}", line=int(line_numbers[row]))
    weighted = bool(present[:, 2].any())
    if weighted and not present[:, 2].all():
        row = int(np.argmin(present[:, 2]))
        first_weighted = int(line_numbers[int(np.argmax(present[:, 2]))])
        raise MalformedFileError(
            f"expected 3 columns (source, target, weight) as on line {first_weighted}, got 2",
            line=int(line_numbers[row]),
        )
    weight = _weight_column(table[2], line_numbers) if weighted else None
    source, target = table[0], table[1]
    if source.dtype.kind in "iu" and target.dtype.kind in "iu":
        positions, node_ids = _integer_positions(
            np.concatenate([source.to_numpy(dtype=np.int64), target.to_numpy(dtype=np.int64)])
        )
        src, dst = positions[: len(table)], positions[len(table) :]
        ids = tuple(node_ids.tolist())
    else:
        if not (pd.api.types.is_string_dtype(source) and pd.api.types.is_string_dtype(target)):
            source, target = _string_id_columns(body, separator, keep)
        # Row-major order (source, target, next row...) so ids keep their first appearance.
        n_rows = len(table)
        both = pd.concat([source, target], ignore_index=True).str.strip()
        order = np.empty(2 * n_rows, dtype=np.int64)
        order[0::2] = np.arange(n_rows)
        order[1::2] = np.arange(n_rows, 2 * n_rows)
        codes, uniques = both.take(order).factorize()
        src, dst = codes[0::2], codes[1::2]
        ids = tuple(uniques.to_numpy(dtype=object).tolist())
    return Graph.from_edges(src, dst, weight, n_nodes=len(ids), node_ids=ids)


def _integer_positions(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of integer ids among their sorted distinct values, and those values."""
    low, high = int(values.min()), int(values.max())
    if high - low <= 4 * values.size + 1024:
        # Dense ids (the usual case): a presence mask is ~20x faster than hashing.
        present = np.zeros(high - low + 1, dtype=bool)
        present[values - low] = True
        lookup = np.cumsum(present) - 1
        return lookup[values - low], np.flatnonzero(present) + low
    import pandas as pd

    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=np.int64)


def _string_id_columns(body: str, separator: str, keep: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Re-read the two id columns as plain text (they mixed numbers and strings); ``keep`` drops blank rows."""
    options: dict[str, Any] = {"sep": separator, "header": None, "names": range(4), "index_col": False}
    if separator != r"\s+":
        options["skipinitialspace"] = True
    import pandas as pd

    table = pd.read_csv(
        io.StringIO(body), dtype=str, keep_default_na=False, skip_blank_lines=False, engine="c", **options
    )[keep]
    return table[0].astype(str), table[1].astype(str)


def _weight_column(column: pd.Series, line_numbers) -> np.ndarray:
    if column.dtype.kind in "iuf":
        weight = column.to_numpy(dtype=np.float64)
    else:
        import pandas as pd

        weight = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64)
    bad = ~np.isfinite(weight)
    if bad.any():
        row = int(np.argmax(bad))
        value = str(column.iloc[row]).strip()
        reason = "is not a finite number" if _is_number(value) else "is not a number"
        raise MalformedFileError(f"weight {value!r} {reason}", line=int(line_numbers[row]))
    return weight


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else message


# -------------------------------------------------------------------- XML
def _check_xml(data: bytes, kind: str, max_edges: int) -> None:
    """Reject DTDs/entities, check well-formedness and count edges before networkx parses."""
    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as SafeElementTree

    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise MalformedFileError(
            f"entity/DOCTYPE declarations are not allowed in {kind} (they can expand to huge or external content)"
        )
    n_edges = len(_XML_EDGE.findall(data))
    if n_edges > max_edges:
        raise GraphTooLargeError(f"the {kind} file has {n_edges:,} edges; the limit is {max_edges:,}")
    try:
        SafeElementTree.fromstring(data)
    except SafeElementTree.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise MalformedFileError(f"malformed or truncated XML ({_strip_position(str(exc))})", line=line) from None
    except DefusedXmlException as exc:
        raise MalformedFileError(f"entity/DOCTYPE declarations are not allowed in {kind} ({exc})") from None


def _strip_position(message: str) -> str:
    return re.sub(r":\s*line \d+, column \d+$", "", message)


def _read_graphml(text: str, data: bytes, max_edges: int) -> Graph:
    import networkx as nx

    _check_xml(data, "GraphML", max_edges)
    try:
        # As a multigraph: parallel edges reach Graph.from_edges, which merges and counts
        # them, and networkx skips its slow multigraph-to-graph conversion.
        nx_graph = nx.parse_graphml(text, force_multigraph=True)
    except nx.NetworkXError as exc:
        message = str(exc)
        if "hyperedge" in message.lower():
            raise UnsupportedGraphError(f"GraphML hyperedges are not supported ({message})") from None
        raise MalformedFileError(f"invalid GraphML: {message}") from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise MalformedFileError(f"invalid GraphML: {type(exc).__name__}: {exc}") from None
    return _from_networkx(nx_graph, "GraphML")


def _read_gexf(text: str, data: bytes, max_edges: int) -> Graph:
    import networkx as nx

    _check_xml(data, "GEXF", max_edges)
    try:
        nx_graph = nx.read_gexf(io.BytesIO(data))
    except nx.NetworkXError as exc:
        raise MalformedFileError(f"invalid GEXF: {exc}") from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise MalformedFileError(f"invalid GEXF: {type(exc).__name__}: {exc}") from None
    # networkx adds a display label to every GEXF node; drop it where it only repeats the id.
    if all(str(data.get("label", node)) == str(node) for node, data in nx_graph.nodes(data=True)):
        for _, node_data in nx_graph.nodes(data=True):
            node_data.pop("label", None)
    return _from_networkx(nx_graph, "GEXF")


def _read_gml(text: str, data: bytes, max_edges: int) -> Graph:
    import networkx as nx

    n_edges = len(_GML_EDGE.findall(text))
    if n_edges > max_edges:
        raise GraphTooLargeError(f"the GML file has {n_edges:,} edges; the limit is {max_edges:,}")
    try:
        try:
            nx_graph = nx.parse_gml(text, label="label")
        except nx.NetworkXError as exc:
            if "label" not in str(exc):
                raise
            # Nodes without a unique 'label' are named by their GML 'id'.
            nx_graph = nx.parse_gml(text, label=None)
    except nx.NetworkXError as exc:
        message = str(exc)
        match = _GML_POSITION.search(message)
        line = int(match.group(1)) if match else None
        raise MalformedFileError(f"invalid GML: {message}", line=line) from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise MalformedFileError(f"invalid GML: {type(exc).__name__}: {exc}") from None
    return _from_networkx(nx_graph, "GML")


def _from_networkx(nx_graph: Any, kind: str) -> Graph:
    """Graph of a parsed networkx graph; nested attribute values become JSON text."""
    for _, node_data in nx_graph.nodes(data=True):
        for key, value in node_data.items():
            if isinstance(value, (dict, list, tuple, set)):
                node_data[key] = json.dumps(value, default=str, sort_keys=True)
    try:
        graph = Graph.from_networkx(nx_graph, name="graph")
    except ParameterError as exc:
        raise MalformedFileError(f"invalid {kind}: {exc}") from None
    if graph.attributes is not None and graph.attributes.shape[1] == 0:
        graph = dataclasses.replace(graph, attributes=None)
    ids = graph.node_ids
    if ids and all(isinstance(node, str) and _INTEGER.fullmatch(node) for node in ids):
        as_int = tuple(int(node) for node in ids)
        if len(set(as_int)) == len(as_int):
            graph = dataclasses.replace(graph, node_ids=as_int)
    return graph


# ------------------------------------------------------------------- JSON
def _read_json(text: str, data: bytes, max_edges: int) -> Graph:
    document = load_json(text, what="the JSON graph")
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        raise MalformedFileError(
            "JSON graph has no 'nodes' list (expected node-link JSON: {\"nodes\": [...], \"links\": [...]})"
        )
    nodes = document["nodes"]
    edges = document.get("links", document.get("edges", []))
    if not isinstance(edges, list):
        raise MalformedFileError("JSON graph: 'links'/'edges' must be a list")
    if len(edges) > max_edges:
        raise GraphTooLargeError(f"the JSON graph has {len(edges):,} edges; the limit is {max_edges:,}")
    if not nodes:
        raise EmptyGraphError("the JSON graph has no nodes")
    import pandas as pd

    node_ids, attributes = _json_nodes(nodes)
    index = pd.Index(node_ids)
    if not index.is_unique:
        duplicate = node_ids[int(np.argmax(index.duplicated()))]
        raise MalformedFileError(f"JSON graph: duplicate node id {duplicate!r}")
    try:
        sources = [edge["source"] for edge in edges]
        targets = [edge["target"] for edge in edges]
    except (KeyError, TypeError):
        position = next(i for i, e in enumerate(edges) if not (isinstance(e, dict) and "source" in e and "target" in e))
        raise MalformedFileError(f"JSON graph: edge {position} needs 'source' and 'target'") from None
    src = _json_positions(index, sources)
    dst = _json_positions(index, targets)
    weight = None
    if any("weight" in edge for edge in edges):
        raw = [edge.get("weight", 1.0) for edge in edges]
        weight = np.array([_json_weight(value, i) for i, value in enumerate(raw)], dtype=np.float64)
    return Graph.from_edges(
        src,
        dst,
        weight,
        n_nodes=len(node_ids),
        node_ids=node_ids,
        directed=bool(document.get("directed", False)),
        attributes=attributes,
    )


def _json_nodes(nodes: list) -> tuple[list, pd.DataFrame | None]:
    if not all(isinstance(node, dict) for node in nodes):
        position = next(i for i, node in enumerate(nodes) if not isinstance(node, dict))
        raise MalformedFileError(f"JSON graph: node {position} is not an object")
    with_id = [("id" in node) for node in nodes]
    if any(with_id) and not all(with_id):
        raise MalformedFileError(f"JSON graph: node {with_id.index(False)} has no 'id'")
    node_ids = [node["id"] for node in nodes] if all(with_id) else list(range(len(nodes)))
    for position, node_id in enumerate(node_ids):
        if isinstance(node_id, bool) or not isinstance(node_id, (str, int, float)):
            raise MalformedFileError(
                f"JSON graph: node {position} has id {node_id!r}; ids must be strings or numbers"
            )
    rows = [
        {
            key: json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value
            for key, value in node.items()
            if key != "id"
        }
        for node in nodes
    ]
    if not any(rows):
        return node_ids, None
    import pandas as pd

    return node_ids, pd.DataFrame(rows)


def _json_positions(index: pd.Index, endpoints: list) -> np.ndarray:
    try:
        positions = index.get_indexer(endpoints)
    except TypeError:
        positions = np.array([index.get_loc(e) if _hashable_in(index, e) else -1 for e in endpoints])
    missing = np.flatnonzero(positions < 0)
    if missing.size:
        first = int(missing[0])
        raise MalformedFileError(f"JSON graph: edge {first} refers to unknown node {endpoints[first]!r}")
    return positions.astype(np.int64)


def _hashable_in(index: pd.Index, value: Any) -> bool:
    try:
        return value in index
    except TypeError:
        return False


def _json_weight(value: Any, position: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise MalformedFileError(f"JSON graph: edge {position} has weight {value!r}, not a finite number")
    return float(value)


# ---------------------------------------------------------- Matrix Market
def _read_mtx(text: str, data: bytes, max_edges: int) -> Graph:
    import scipy.io

    try:
        n_rows, n_cols, n_entries, layout, field, symmetry = scipy.io.mminfo(io.BytesIO(data))
    except (ValueError, IndexError, OSError, RuntimeError) as exc:
        raise MalformedFileError(f"invalid Matrix Market header: {exc}") from None
    if n_rows != n_cols:
        raise UnsupportedGraphError(f"the Matrix Market matrix is {n_rows} x {n_cols}; a graph needs a square one")
    if field == "complex":
        raise UnsupportedGraphError("complex-valued Matrix Market matrices are not graphs we can represent")
    if n_entries > max_edges:
        raise GraphTooLargeError(f"the Matrix Market file has {n_entries:,} entries; the limit is {max_edges:,}")
    try:
        matrix = scipy.io.mmread(io.BytesIO(data))
    except (ValueError, IndexError, OSError, RuntimeError, OverflowError) as exc:
        raise MalformedFileError(f"invalid Matrix Market data: {exc}") from None
    import scipy.sparse as sp

    coo = sp.coo_matrix(matrix)
    row, col, values = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(np.float64)
    if layout == "array":
        keep = values != 0
        row, col, values = row[keep], col[keep], values[keep]
    undirected = symmetry == "symmetric"
    if undirected:
        keep = row <= col
        row, col, values = row[keep], col[keep], values[keep]
    weight = None if field == "pattern" else values
    return Graph.from_edges(
        row,
        col,
        weight,
        n_nodes=int(n_rows),
        node_ids=range(1, int(n_rows) + 1),
        directed=not undirected,
    )


_READERS: dict[str, Callable[[str, bytes, int], Graph]] = {
    "edgelist": _read_edgelist,
    "graphml": _read_graphml,
    "gexf": _read_gexf,
    "gml": _read_gml,
    "json": _read_json,
    "mtx": _read_mtx,
}


# ---------------------------------------------------------------- writing
def write_edgelist_csv(graph: Graph) -> bytes:
    """The edges of ``graph`` as CSV with header ``source,target[,weight]``.

    An edge list cannot hold isolated nodes: they are absent from the output.
    Undirected edges appear once.

    Parameters
    ----------
    graph : Graph

    Returns
    -------
    bytes
        UTF-8 CSV; the ``weight`` column is present when the graph is weighted.

    Examples
    --------
    >>> g = Graph.from_edges([0, 1], [1, 2], [2.0, 0.5], node_ids=["a", "b", "c"])
    >>> print(write_edgelist_csv(g).decode(), end="")
    source,target,weight
    a,b,2.0
    b,c,0.5
    """
    src, dst, weight = graph.edges()
    ids = np.empty(graph.n_nodes, dtype=object)
    ids[:] = list(graph.node_ids)
    import pandas as pd

    frame = pd.DataFrame({"source": ids[src], "target": ids[dst]})
    if graph.is_weighted:
        frame["weight"] = weight
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_graphml(graph: Graph) -> bytes:
    """``graph`` as GraphML, with node attributes and a ``weight`` edge attribute when weighted.

    Parameters
    ----------
    graph : Graph

    Returns
    -------
    bytes
        UTF-8 GraphML. Node ids are written as text; :func:`read_graph` turns
        them back into ints when they are all integers.

    Examples
    --------
    >>> g = read_graph(write_graphml(Graph.from_edges([0], [1], directed=True)))
    >>> g.directed, g.node_ids, g.n_edges
    (True, (0, 1), 1)
    """
    import networkx as nx

    nx_graph = graph.to_networkx()
    for _, node_data in nx_graph.nodes(data=True):
        for key, value in list(node_data.items()):
            node_data[key] = _graphml_value(value)
    buffer = io.BytesIO()
    nx.write_graphml(nx_graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def _graphml_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (bool, int, float, str)):
        return value
    return json.dumps(value, default=str) if isinstance(value, (list, dict, tuple)) else str(value)


def write_node_link_json(graph: Graph) -> bytes:
    """``graph`` as node-link JSON (``nodes`` with attributes, ``edges`` with weights).

    The edge key is ``"edges"``, the default of ``networkx.node_link_graph``
    since networkx 3.4; :func:`read_graph` also accepts ``"links"``.

    Parameters
    ----------
    graph : Graph

    Returns
    -------
    bytes
        UTF-8 JSON.

    Examples
    --------
    >>> g = Graph.from_edges([0], [1], node_ids=["x", "y"])
    >>> document = json.loads(write_node_link_json(g))
    >>> document["nodes"], document["edges"]
    ([{'id': 'x'}, {'id': 'y'}], [{'source': 'x', 'target': 'y'}])
    """
    if graph.attributes is not None:
        records = graph.attributes.to_dict("records")
    else:
        records = [{} for _ in range(graph.n_nodes)]
    nodes = []
    for node_id, record in zip(graph.node_ids, records):
        node = {str(key): _json_value(value) for key, value in record.items() if not _missing(value)}
        node["id"] = _json_value(node_id)
        nodes.append(node)
    src, dst, weight = graph.edges()
    ids = [_json_value(node) for node in graph.node_ids]
    if graph.is_weighted:
        edges = [{"source": ids[u], "target": ids[v], "weight": float(w)} for u, v, w in zip(src, dst, weight)]
    else:
        edges = [{"source": ids[u], "target": ids[v]} for u, v in zip(src, dst)]
    document = {
        "directed": graph.directed,
        "multigraph": False,
        "graph": {"name": graph.name},
        "nodes": nodes,
        "edges": edges,
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, dict)):
        return value
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

