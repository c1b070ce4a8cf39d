"""engine.io at scale: the pyarrow fast path agrees with the line-by-line reader; limits by source; memory check."""

from __future__ import annotations

import gzip

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine.io as io_module
from engine.errors import GraphLensError, GraphTooLargeError, MalformedFileError
from engine.io import FILE_MAX_EDGES, UPLOAD_MAX_BYTES, UPLOAD_MAX_EDGES, read_graph


def _read_both(data: bytes, monkeypatch, **kwargs):
    """(outcome of read_graph, outcome with the fast path switched off); an outcome is a Graph or an error."""
    outcomes = []
    for fast in (True, False):
        with monkeypatch.context() as patch:
            if not fast:
                patch.setattr(io_module, "_read_edgelist_fast", lambda data, max_edges: None)
            try:
                outcomes.append(read_graph(data, **kwargs))
            except GraphLensError as exc:
                outcomes.append(exc)
    return outcomes


def _assert_same(fast, slow) -> None:
    if isinstance(slow, Exception):
        assert type(fast) is type(slow) and str(fast) == str(slow)
        assert getattr(fast, "line", None) == getattr(slow, "line", None)
    else:
        assert not isinstance(fast, Exception), fast
        assert fast.fingerprint() == slow.fingerprint()
        assert fast.node_ids == slow.node_ids
        assert fast.n_duplicate_edges == slow.n_duplicate_edges


_TOKENS = st.one_of(
    st.integers(-5, 40).map(str),
    st.sampled_from(["x", "1.5", "inf", "", "007", "+3", "nan", "2e3"]),
)
_LINE = st.one_of(
    st.tuples(st.integers(0, 30), st.integers(0, 30)).map(lambda p: [str(p[0]), str(p[1])]),
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.floats(-5, 5, allow_nan=False)).map(
        lambda p: [str(p[0]), str(p[1]), repr(p[2])]
    ),
    st.lists(_TOKENS, min_size=1, max_size=4),
)


@st.composite
def edge_list_texts(draw) -> bytes:
    """Edge lists that are mostly plain (the fast path's case) with, sometimes, one odd feature."""
    separator = draw(st.sampled_from(["\t", ",", " ", "  ", ";"]))
    n_columns = draw(st.sampled_from([2, 3]))
    rows = draw(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25), st.integers(1, 9)), min_size=1,
                         max_size=40))
    lines = [separator.join([str(u), str(v), str(w)][:n_columns]) for u, v, w in rows]
    if draw(st.booleans()):
        odd = draw(_LINE)
        lines.insert(draw(st.integers(0, len(lines))), separator.join(odd))
    if draw(st.booleans()):
        lines.insert(0, separator.join(["source", "target", "weight"][:n_columns]))
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["# comment", "% matrix", "", "#"])))
    if draw(st.integers(0, 5)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "# late", " "])))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    ending = draw(st.sampled_from([newline, ""]))
    return (newline.join(lines) + ending).encode()


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edge_list_texts())
def test_fast_and_slow_edge_list_readers_agree(monkeypatch, data):
    fast, slow = _read_both(data, monkeypatch)
    _assert_same(fast, slow)


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"0 1\n1 2\n3\n", 3),
        (b"# head\n0\t1\n1\t2\n2\n", 4),
        (b"0,1,1.0\n1,2\n", 2),
        (b"0 1\n1 2 3 4\n", 2),
        (b"0,1,2\n1,2,inf\n", 2),
    ],
)
def test_malformed_lines_keep_their_line_numbers(monkeypatch, data, line):
    fast, slow = _read_both(data, monkeypatch)
    assert isinstance(fast, MalformedFileError) and fast.line == line
    _assert_same(fast, slow)


def test_plain_integer_lists_take_the_fast_path(monkeypatch):
    taken = []
    original = io_module._read_edgelist_fast

    def spy(data, max_edges):
        graph = original(data, max_edges)
        taken.append(graph is not None)
        return graph

    monkeypatch.setattr(io_module, "_read_edgelist_fast", spy)
    for data in (b"# SNAP\n# Nodes: 3\n0\t1\n1\t2\n", b"source,target,weight\n5,6,0.5\n6,7,2\n", b"1 2\r\n2 3\r\n"):
        read_graph(data)
    assert taken == [True, True, True]
    graph = read_graph(b"# SNAP\n# Nodes: 3\n10\t2\n2\t3\n3\t10\n2\t3\n")
    assert graph.node_ids == (2, 3, 10) and graph.n_edges == 3 and graph.n_duplicate_edges == 1


def test_fast_path_counts_edge_lines_before_parsing():
    with pytest.raises(GraphTooLargeError, match="3 edge lines; the limit is 2"):
        read_graph(b"0 1\n1 2\n2 3\n", max_edges=2)


def test_limits_depend_on_the_source(tmp_path):
    assert UPLOAD_MAX_BYTES == 50 * 2**20 and (UPLOAD_MAX_EDGES, FILE_MAX_EDGES) == (2_000_000, 100_000_000)
    # 2,000,001 edge lines: too many for an upload, fine from a path.
    ids = np.arange(2_000_001, dtype=np.int64)
    text = "\n".join(f"{i}\t{i + 1}" for i in ids.tolist()).encode() + b"\n"
    with pytest.raises(GraphTooLargeError, match="2,000,001 edge lines; the limit is 2,000,000 edges"):
        read_graph(text)
    path = tmp_path / "chain.txt"
    path.write_bytes(text)
    assert read_graph(path).n_edges == 2_000_001
    with pytest.raises(GraphTooLargeError, match="the limit is 1,000,000 edges"):
        read_graph(path, max_edges=1_000_000)


def test_a_path_has_no_byte_cap_but_bytes_do(tmp_path):
    # Just over the upload cap (one long comment pads the file): refused as an upload, read from a path.
    text = b"#" + b"x" * UPLOAD_MAX_BYTES + b"\n0 1\n1 2\n"
    path = tmp_path / "padded.txt"
    path.write_bytes(text)
    assert read_graph(path).n_edges == 2
    with pytest.raises(GraphTooLargeError, match=f"{len(text):,} bytes; the limit is {UPLOAD_MAX_BYTES:,}"):
        read_graph(text)


def test_memory_is_checked_from_the_file_size(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"0 1\n1 2\n" * 50_000)
    with pytest.raises(GraphTooLargeError) as info:
        read_graph(path, memory_limit=1_000_000)
    message = str(info.value)
    assert message.startswith("big.txt has 400,000 bytes (about 100,00")
    assert "would need about 0.0 GB of memory to read; 0.0 GB is available" in message
    assert "\n" not in message
    assert read_graph(path, memory_limit=10**9).n_edges == 2


def test_memory_is_checked_after_decompression(tmp_path):
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(b"0 1\n1 2\n" * 50_000))
    with pytest.raises(GraphTooLargeError, match="big.txt.gz has 400,000 bytes"):
        read_graph(path, memory_limit=1_000_000)
