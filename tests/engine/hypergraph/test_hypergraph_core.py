"""engine.hypergraph.core: the Hypergraph type, both file formats, malformed files, conversions."""

from __future__ import annotations

import gzip

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import EmptyGraphError, MalformedFileError, ParameterError
from engine.hypergraph import Hypergraph, read_hypergraph, write_hypergraph


def test_from_hyperedges_deduplicates_and_keeps_ids():
    h = Hypergraph.from_hyperedges([[3, 1], [1, 3], [7], [1, 3, 1]], name="toy")
    assert h.n_hyperedges == 2 and h.n_duplicates == 2
    assert h.nodes == (1, 3, 7)
    assert h.edge_set == {frozenset({1, 3}), frozenset({7})}
    assert h.size_counts() == {1: 1, 2: 1}


def test_constructor_rejects_duplicates_and_unknown_nodes():
    with pytest.raises(ParameterError, match="distinct"):
        Hypergraph((1, 2), (frozenset({1, 2}), frozenset({2, 1})))
    with pytest.raises(ParameterError, match="not in nodes"):
        Hypergraph((1,), (frozenset({1, 2}),))


def test_read_lines_format_with_duplicates_comments_and_gzip():
    text = b"# comment\n1 2 3\n\n3 4\n2 1 3\n5\n"
    for data in (text, gzip.compress(text)):
        h = read_hypergraph(data, name="t")
        assert h.edge_set == {frozenset({1, 2, 3}), frozenset({3, 4}), frozenset({5})}
        assert h.n_duplicates == 1


def test_string_ids_stay_strings():
    h = read_hypergraph(b"alice bob\nbob 7\n", format="lines")
    assert h.edge_set == {frozenset({"alice", "bob"}), frozenset({"bob", "7"})}


def test_read_incidence_csv_with_header():
    h = read_hypergraph(b"node,hyperedge\n1,a\n2,a\n2,b\n3,b\n4,c\n", format="incidence")
    assert h.edge_set == {frozenset({1, 2}), frozenset({2, 3}), frozenset({4})}


def test_incidence_is_guessed_from_csv_suffix(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("1\te1\n2\te1\n")
    assert read_hypergraph(path).edge_set == {frozenset({1, 2})}


@pytest.mark.parametrize(
    ("data", "format", "line", "match"),
    [
        (b"1 2\n3,4\n", "lines", 2, "separates node ids by spaces"),
        (b"1 2\n2 'x'\n", "lines", 2, "invalid node id"),
        (b"node,hyperedge\n1,a\n2,a,extra\n", "incidence", 3, "expected 2 columns"),
        (b"1,a\n,b\n", "incidence", 2, "expected 2 columns"),
        (b"1 2\n\xff\xfe 3\n", "lines", 2, "invalid UTF-8"),
        (b"\x00\x01\x02binary", None, 1, "binary"),
    ],
)
def test_malformed_files_name_the_line(data, format, line, match):
    with pytest.raises(MalformedFileError, match=match) as info:
        read_hypergraph(data, format=format)
    assert info.value.line == line
    assert str(info.value).startswith(f"line {line}:")


def test_empty_file_is_an_empty_graph_error():
    with pytest.raises(EmptyGraphError):
        read_hypergraph(b"# nothing\n\n")


def test_unknown_format_is_a_parameter_error():
    with pytest.raises(ParameterError, match="format"):
        read_hypergraph(b"1 2\n", format="xml")


def test_write_both_formats(tmp_path):
    h = Hypergraph.from_hyperedges([[2, 1], [3]])
    assert write_hypergraph(h) == "1 2\n3\n"
    assert write_hypergraph(h, format="incidence") == "node,hyperedge\n1,0\n2,0\n3,1\n"
    write_hypergraph(h, tmp_path / "h.txt.gz")
    assert read_hypergraph(tmp_path / "h.txt.gz").edge_set == h.edge_set


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sets(st.integers(0, 30), min_size=1, max_size=6), min_size=1, max_size=15), st.sampled_from(["lines", "incidence"]))
def test_write_read_round_trip(edges, format):
    edges = [*edges, {31, 32}]  # a hypergraph file holds at least one hyperedge of two or more nodes
    h = Hypergraph.from_hyperedges(edges)
    again = read_hypergraph(write_hypergraph(h, format=format).encode(), format=format)
    assert again.edge_set == h.edge_set and again.nodes == h.nodes


def test_bipartite_graph_and_pyg_layout():
    h = Hypergraph.from_hyperedges([["a", "b", "c"], ["c", "d"]])
    g = h.to_bipartite()
    assert g.n_nodes == 4 + 2 and g.n_edges == 5
    assert g.node_ids[4:] == ("hyperedge:0", "hyperedge:1")
    assert list(g.attributes["kind"]) == ["node"] * 4 + ["hyperedge"] * 2
    assert np.array_equal(g.degrees()[4:], [3, 2])
    edge_index = h.to_edge_index()
    assert edge_index.tolist() == [[0, 1, 2, 2, 3], [0, 0, 0, 1, 1]]
    data = h.to_pyg()
    assert data.num_nodes == 4 and data.edge_index.tolist() == edge_index.tolist()
    assert Hypergraph.from_pyg(edge_index, node_ids=h.nodes).edge_set == h.edge_set


def test_fingerprint_ignores_order_but_not_content():
    a = Hypergraph.from_hyperedges([[1, 2], [2, 3]])
    b = Hypergraph.from_hyperedges([[3, 2], [2, 1]])
    c = Hypergraph.from_hyperedges([[1, 2], [1, 3]])
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()
