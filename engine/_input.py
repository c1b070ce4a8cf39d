"""The one guarded way in for every file the engine reads.

Every reader (graphs, hypergraphs, scene graphs) takes its bytes through
:func:`read_input`, its text through :func:`decode_text` and, for JSON,
its data through :func:`load_json`, so that the same limits hold everywhere:

- a byte cap on the input, also after gzip decompression, which streams and
  stops at the cap (a small gzip bomb never expands in memory);
- an encoding check (UTF-8, no NUL bytes) that names the line of the first bad byte;
- a nesting-depth limit for JSON, checked before parsing, so that a deeply nested
  document is refused with a clear message instead of a ``RecursionError``;
- ``MemoryError`` while reading becomes :class:`~engine.errors.GraphTooLargeError`.

:data:`MAX_UPLOAD_BYTES` is the one upload limit: ``.streamlit/config.toml``
(``server.maxUploadSize``, in MiB), the pages and the engine's default caps all use it.

Examples
--------
>>> import gzip
>>> data, name = read_input(gzip.compress(b"a b\\n"), name="edges.txt.gz")
>>> data, name
(b'a b\\n', 'edges.txt')
>>> read_input(gzip.compress(bytes(10_000)), max_bytes=1_000)
Traceback (most recent call last):
...
engine.errors.GraphTooLargeError: the decompressed input exceeds the limit of 1,000 bytes
>>> load_json("[" * 100 + "]" * 100, max_depth=64)
Traceback (most recent call last):
...
engine.errors.MalformedFileError: the JSON nests 100 levels deep; the limit is 64
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from pathlib import Path
from typing import IO, Any

import numpy as np

from engine.errors import GraphTooLargeError, MalformedFileError, ParameterError

__all__ = [
    "MAX_UPLOAD_MB",
    "MAX_UPLOAD_BYTES",
    "MAX_JSON_DEPTH",
    "read_input",
    "decode_text",
    "load_json",
    "json_depth",
    "gunzip",
]

#: The upload limit in MiB: ``server.maxUploadSize`` in ``.streamlit/config.toml`` must equal it.
MAX_UPLOAD_MB = 50
#: The upload limit in bytes, and the default byte cap of every reader (counted after decompression).
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 2**20
#: Deepest JSON nesting accepted (the scene-graph formats need 4 levels; node-link JSON about 3).
MAX_JSON_DEPTH = 64

_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
_NOT_STRUCTURE = bytes(set(range(256)) - set(b'[]{}"'))


def read_input(
    source: str | Path | bytes | bytearray | memoryview,
    *,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
    name: str | None = None,
    what: str = "the input",
) -> tuple[bytes, str | None]:
    """The bytes of a path or of uploaded content, gunzipped, within a byte cap.

    Parameters
    ----------
    source : str, Path or bytes
        A file path, or the file's content.
    max_bytes : int or None
        Largest accepted input, before and after decompression (``None``: no cap).
    name : str, optional
        The file name of bytes (a path's own name is used for a path).
    what : str
        How messages name the input ("the input", "the objects file").

    Returns
    -------
    (bytes, str or None)
        The (decompressed) content, and the file name without a trailing ``.gz``.

    Raises
    ------
    GraphTooLargeError
        If the input or its decompressed content has more than ``max_bytes`` bytes,
        or memory runs out while reading it.
    MalformedFileError
        If gzip content is corrupt.
    ParameterError
        If ``source`` is neither a path nor bytes, or ``max_bytes`` is not a positive integer.
    FileNotFoundError, IsADirectoryError, PermissionError
        If the path cannot be read.
    """
    if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1):
        raise ParameterError(f"max_bytes must be None or an integer >= 1 (got {max_bytes!r})")
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            if max_bytes is not None and len(data) > max_bytes:
                raise GraphTooLargeError(f"{what} has {len(data):,} bytes; the limit is {max_bytes:,}")
            if data[:2] == _GZIP_MAGIC:
                data = gunzip(data, max_bytes)
                name = _strip_gz(name)
            return data, name
        if isinstance(source, (str, Path)):
            path = Path(source)
            with path.open("rb") as handle:
                magic = handle.read(2)
                handle.seek(0)
                if magic == _GZIP_MAGIC:
                    return _gunzip_stream(handle, max_bytes), _strip_gz(path.name)
                size = os.fstat(handle.fileno()).st_size
                if max_bytes is not None and size > max_bytes:
                    raise GraphTooLargeError(f"{path.name} has {size:,} bytes; the limit is {max_bytes:,}")
                data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
            if max_bytes is not None and len(data) > max_bytes:  # a file that grew, or a pipe
                raise GraphTooLargeError(f"{path.name} has more than {max_bytes:,} bytes; the limit is {max_bytes:,}")
            return data, path.name
    except MemoryError:
        raise GraphTooLargeError(f"{what} is too large to read into memory") from None
    raise ParameterError(f"source must be a path or bytes (got {type(source).__name__})")


def _strip_gz(name: str | None) -> str | None:
    return name[:-3] if name and name.lower().endswith(".gz") else name


def gunzip(data: bytes, max_bytes: int | None) -> bytes:
    """Decompress gzip ``data`` in chunks, stopping as soon as the output passes ``max_bytes``.

    Raises
    ------
    GraphTooLargeError
        If the decompressed content has more than ``max_bytes`` bytes (it is never held whole).
    MalformedFileError
        If the gzip data is corrupt.
    """
    return _gunzip_stream(io.BytesIO(data), max_bytes)


def _gunzip_stream(handle: IO[bytes], max_bytes: int | None) -> bytes:
    """Decompress gzip from ``handle`` chunk by chunk, stopping as soon as the output passes ``max_bytes``."""
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=handle) as stream:
            while True:
                want = _CHUNK if max_bytes is None else min(_CHUNK, max_bytes + 1 - len(out))
                chunk = stream.read(want)
                if not chunk:
                    break
                out += chunk
                if max_bytes is not None and len(out) > max_bytes:
                    raise GraphTooLargeError(f"the decompressed input exceeds the limit of {max_bytes:,} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise MalformedFileError(f"corrupt gzip data ({exc})") from None
    return bytes(out)


def decode_text(data: bytes, *, what: str = "a text file") -> str:
    """UTF-8 text of ``data`` (BOM dropped, newlines normalised to ``\\n``).

    Parameters
    ----------
    data : bytes
        Decompressed content (see :func:`read_input`).
    what : str
        What the file should be, for the message ("a text graph file").

    Raises
    ------
    MalformedFileError
        On a NUL byte or invalid UTF-8, with the line of the first bad byte.

    Examples
    --------
    >>> decode_text(b"\\xef\\xbb\\xbfa\\r\\nb")
    'a\\nb'
    >>> decode_text(b"ok\\n\\xff")
    Traceback (most recent call last):
    ...
    engine.errors.MalformedFileError: line 2: not a text file (invalid UTF-8 at byte 3; binary data or another encoding?)
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise MalformedFileError(f"not {what} (NUL byte at offset {nul}; binary data?)", line=data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedFileError(
            f"not {what} (invalid UTF-8 at byte {exc.start}; binary data or another encoding?)",
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def json_depth(data: bytes | str) -> int:
    """Deepest bracket nesting of a JSON document (brackets inside strings are ignored).

    Examples
    --------
    >>> json_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    raw = data.encode() if isinstance(data, str) else bytes(data)
    # Drop escaped backslashes, then escaped quotes, then everything but brackets and quotes;
    # what is left between two quotes was inside a string.
    structure = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    if not structure:
        return 0
    codes = np.frombuffer(structure, dtype=np.uint8)
    quote = codes == ord('"')
    outside = np.bitwise_xor.accumulate(quote.view(np.uint8)) == 0  # even number of quotes so far
    steps = np.zeros(codes.shape, dtype=np.int8)
    steps[outside & ((codes == ord("[")) | (codes == ord("{")))] = 1
    steps[outside & ((codes == ord("]")) | (codes == ord("}")))] = -1
    return int(max(np.cumsum(steps, dtype=np.int32).max(), 0))


def load_json(data: bytes | str, *, max_depth: int = MAX_JSON_DEPTH, what: str = "the file") -> Any:
    """Parse JSON after checking its nesting depth; every failure is a :class:`MalformedFileError`.

    Parameters
    ----------
    data : bytes or str
        UTF-8 JSON (a BOM is allowed).
    max_depth : int
        Deepest nesting accepted.
    what : str
        How messages name the input.

    Raises
    ------
    MalformedFileError
        On invalid UTF-8, invalid JSON (with its line) or nesting deeper than ``max_depth``.
    GraphTooLargeError
        If memory runs out while parsing.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = decode_text(bytes(data), what=f"UTF-8 JSON ({what})")
    depth = json_depth(data)
    if depth > max_depth:
        raise MalformedFileError(f"the JSON nests {depth} levels deep; the limit is {max_depth}")
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise MalformedFileError(f"invalid JSON in {what}: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
    except RecursionError:
        raise MalformedFileError(f"{what} nests too deeply to parse") from None
    except MemoryError:
        raise GraphTooLargeError(f"{what} is too large to parse into memory") from None
