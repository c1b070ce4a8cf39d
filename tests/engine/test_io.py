"""engine.io: hand-checked parses of every format, writer round trips, the bad-input corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine.errors as errors
from engine.errors import (
    EmptyGraphError,
    GraphTooLargeError,
    MalformedFileError,
    ParameterError,
    UnsupportedGraphError,
)
from engine.io import detect_format, read_graph, write_edgelist_csv, write_graphml, write_node_link_json
from engine.types import Graph

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
BAD_CASES = json.loads((BAD / "cases.json").read_text())


def edge_map(graph: Graph) -> dict:
    """{(source label, target label): weight}; undirected edges keyed by their sorted label pair."""
    src, dst, weight = graph.edges()
    ids = graph.node_ids
    result = {}
    for u, v, w in zip(src.tolist(), dst.tolist(), weight.tolist()):
        key = (ids[u], ids[v]) if graph.directed else tuple(sorted((ids[u], ids[v])))
        result[key] = w
    return result


# ------------------------------------------------------------- edge lists
def test_whitespace_edge_list_integer_ids_sorted_numerically():
    graph = read_graph(b"10 2\n2 3\n3 10\n")
    assert graph.node_ids == (2, 3, 10)
    assert all(type(node) is int for node in graph.node_ids)
    assert graph.n_nodes == 3 and graph.n_edges == 3 and not graph.directed
    assert edge_map(graph) == {(2, 10): 1.0, (2, 3): 1.0, (3, 10): 1.0}
    assert not graph.is_weighted


def test_csv_with_header_and_weights():
    graph = read_graph(b"source,target,weight\n1,2,0.5\n2,3,4\n")
    assert graph.node_ids == (1, 2, 3)
    assert edge_map(graph) == {(1, 2): 0.5, (2, 3): 4.0}
    assert graph.is_weighted


def test_header_with_unknown_words_detected_by_numeric_rows():
    graph = read_graph(b"person_a;person_b\n1;2\n2;3\n")
    assert graph.node_ids == (1, 2, 3) and graph.n_edges == 2


def test_header_detected_by_weight_column_with_string_ids():
    graph = read_graph(b"friend1\tfriend2\tstrength\nann\tbob\t3\nbob\tcy\t1\n")
    assert graph.node_ids == ("ann", "bob", "cy")
    assert edge_map(graph) == {("ann", "bob"): 3.0, ("bob", "cy"): 1.0}


def test_no_header_string_ids_keep_first_appearance_order():
    graph = read_graph(b"zoe,adam\nadam,mia\nmia,zoe\n")
    assert graph.node_ids == ("zoe", "adam", "mia")
    assert graph.n_edges == 3


def test_tabs_comments_and_blank_lines():
    text = b"# SNAP style header\n% another comment\n\n0\t1\n   \n1\t2\n# trailing comment\n"
    graph = read_graph(text)
    assert graph.node_ids == (0, 1, 2)
    assert edge_map(graph) == {(0, 1): 1.0, (1, 2): 1.0}


def test_csv_spaces_after_commas_quotes_and_crlf():
    graph = read_graph(b'"x, the first", b\r\nb, c\r\n')
    assert graph.node_ids == ("x, the first", "b", "c")
    assert graph.n_edges == 2


def test_mixed_numeric_and_string_ids_are_all_strings():
    graph = read_graph(b"1 a\n2 b\n")
    assert graph.node_ids == ("1", "a", "2", "b")


def test_self_loops_kept_and_duplicates_counted():
    graph = read_graph(b"1 1\n1 2\n2 1\n1 2\n")
    assert graph.n_self_loops == 1
    assert graph.n_edges == 2
    assert graph.n_duplicate_edges == 2
    assert edge_map(graph) == {(1, 1): 1.0, (1, 2): 1.0}


def test_duplicate_weighted_edges_sum():
    graph = read_graph(b"a,b,1.5\nb,a,2\n")
    assert graph.n_duplicate_edges == 1
    assert edge_map(graph) == {("a", "b"): 3.5}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"1 2\n3\n", "line 2: expected 2 or 3 columns, got 1"),
        (b"# c\n\n1 2\n2 3 4 5\n", "line 4: expected 2 or 3 columns, got 4"),
        (b"1 2\n3 4 5 6 7\n", "line 2: expected 2 or 3 columns, got 5"),
        (b"1 2 3 4\n", "line 1: expected 2 or 3 columns, got 4"),
        (b"1 2 5\n% c\n3 4\n", "line 3: expected 3 columns (source, target, weight) as on line 1, got 2"),
        (b"1,2,1\n2,3,abc\n", "line 2: weight 'abc' is not a number"),
        (b"1 2 1\n2 3 nan\n", "line 2: weight 'nan' is not a finite number"),
    ],
)
def test_edge_list_errors_name_the_original_line(text, message):
    with pytest.raises(MalformedFileError) as info:
        read_graph(text)
    assert str(info.value) == message
    assert info.value.line == int(message.split(":")[0].split()[1])


@pytest.mark.parametrize(
    ("text", "message"),
    [(b"", "empty"), (b"  \n\n", "empty"), (b"# x\n% y\n", "only comments"), (b"source,target\n", "only a header")],
)
def test_empty_inputs(text, message):
    with pytest.raises(EmptyGraphError, match=message):
        read_graph(text)


def test_edge_cap_is_checked_before_parsing():
    # Line 3 is malformed, but the count of data lines already exceeds the cap.
    with pytest.raises(GraphTooLargeError, match="3 edge lines; the limit is 2"):
        read_graph(b"0 1\n1 2\nbroken\n", max_edges=2)
    assert read_graph(b"0 1\n1 2\n", max_edges=2).n_edges == 2


def test_byte_cap():
    with pytest.raises(GraphTooLargeError, match="the limit is 5"):
        read_graph(b"0 1\n1 2\n", max_bytes=5)


def test_byte_cap_on_path(tmp_path):
    path = tmp_path / "g.txt"
    path.write_bytes(b"0 1\n1 2\n")
    with pytest.raises(GraphTooLargeError, match="g.txt has 8 bytes"):
        read_graph(path, max_bytes=7)


def test_gzip_path_and_decompressed_cap(tmp_path):
    path = tmp_path / "net.csv.gz"
    path.write_bytes(gzip.compress(b"a,b\nb,c\n" * 100))
    graph = read_graph(path)
    assert graph.name == "net.csv.gz"
    assert graph.node_ids == ("a", "b", "c") and graph.n_duplicate_edges == 198
    with pytest.raises(GraphTooLargeError, match="decompressed"):
        read_graph(path, max_bytes=500)


def test_corrupt_gzip():
    with pytest.raises(MalformedFileError, match="corrupt gzip"):
        compressed = gzip.compress("".join(f"{i} {i * 7 % 1000}\n" for i in range(5000)).encode())
        read_graph(compressed[: len(compressed) // 2])


def test_names_default_to_file_name_or_graph(tmp_path):
    path = tmp_path / "edges.tsv"
    path.write_text("0\t1\n")
    assert read_graph(path).name == "edges.tsv"
    assert read_graph(str(path), name="mine").name == "mine"
    assert read_graph(b"0 1\n").name == "graph"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"format": "pdf"}, "format must be one of"), ({"max_edges": 0}, "max_edges"), ({"max_bytes": -1}, "max_bytes")],
)
def test_bad_parameters(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        read_graph(b"0 1\n", **kwargs)


def test_missing_path_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_graph(tmp_path / "absent.txt")


# ---------------------------------------------------------- other formats
DIRECTED_GRAPHML = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <key id="c" for="node" attr.name="colour" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="n0"><data key="c">red</data></node>
    <node id="n1"><data key="c">blue</data></node>
    <node id="n2"/>
    <edge source="n0" target="n1"><data key="w">2.5</data></edge>
    <edge source="n1" target="n0"><data key="w">1.0</data></edge>
    <edge source="n1" target="n2"><data key="w">1.0</data></edge>
  </graph>
</graphml>
"""


def test_directed_graphml_with_attributes_and_weights():
    graph = read_graph(DIRECTED_GRAPHML, name="d.graphml")
    assert graph.directed
    assert graph.node_ids == ("n0", "n1", "n2")
    assert edge_map(graph) == {("n0", "n1"): 2.5, ("n1", "n0"): 1.0, ("n1", "n2"): 1.0}
    assert graph.attributes["colour"].tolist()[:2] == ["red", "blue"]
    assert graph.attributes["colour"].isna().tolist() == [False, False, True]


def test_graphml_integer_ids_become_ints():
    text = b"""<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">
    <node id="3"/><node id="1"/><edge source="3" target="1"/></graph></graphml>"""
    graph = read_graph(text)
    assert graph.node_ids == (3, 1) and graph.n_edges == 1 and not graph.directed


def test_graphml_parallel_edges_are_merged_and_counted():
    text = b"""<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
    <key id="w" for="edge" attr.name="weight" attr.type="double"/><graph edgedefault="undirected">
    <node id="a"/><node id="b"/><edge source="a" target="b"><data key="w">2</data></edge>
    <edge source="b" target="a"><data key="w">0.5</data></edge><edge source="b" target="b"/></graph></graphml>"""
    graph = read_graph(text)
    assert graph.n_duplicate_edges == 1 and graph.n_edges == 2
    assert edge_map(graph) == {("a", "b"): 2.5, ("b", "b"): 1.0}


def test_gexf_directed_with_labels_and_weights():
    text = b"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="directed">
    <nodes><node id="a" label="Alice"/><node id="b" label="Bob"/><node id="c" label="Cy"/></nodes>
    <edges><edge id="0" source="a" target="b" weight="3.5"/><edge id="1" source="c" target="a"/></edges>
  </graph>
</gexf>"""
    graph = read_graph(text, name="people.gexf")
    assert graph.directed
    assert graph.node_ids == ("a", "b", "c")
    assert edge_map(graph) == {("a", "b"): 3.5, ("c", "a"): 1.0}
    assert graph.attributes["label"].tolist() == ["Alice", "Bob", "Cy"]


def test_gexf_written_by_networkx_drops_redundant_labels(tmp_path):
    path = tmp_path / "karate.gexf"
    nx.write_gexf(nx.karate_club_graph(), path)
    graph = read_graph(path)
    assert graph.node_ids == tuple(range(34)) and graph.n_edges == 78 and graph.is_weighted
    assert list(graph.attributes.columns) == ["club"]


def test_gml_with_labels():
    text = b'graph [\n directed 1\n node [ id 0 label "a" ]\n node [ id 1 label "b" ]\n' \
           b' edge [ source 0 target 1 weight 2 ]\n]\n'  # fmt: skip
    graph = read_graph(text)
    assert detect_format(None, text) == "gml"
    assert graph.directed and graph.node_ids == ("a", "b")
    assert edge_map(graph) == {("a", "b"): 2.0}


def test_gml_without_labels_uses_ids_and_keeps_attributes():
    text = b'graph [\n node [ id 5 ]\n node [ id 7 colour "red" ]\n edge [ source 5 target 7 ]\n]\n'
    graph = read_graph(text, format="gml")
    assert graph.node_ids == (5, 7) and not graph.directed
    assert graph.attributes["colour"].tolist()[1] == "red"


def test_json_with_links_key():
    text = b'{"directed": false, "nodes": [{"id": "a", "club": "x"}, {"id": "b"}],' \
           b' "links": [{"source": "a", "target": "b", "weight": 2}]}'  # fmt: skip
    graph = read_graph(text)
    assert graph.node_ids == ("a", "b") and not graph.directed
    assert edge_map(graph) == {("a", "b"): 2.0}
    assert graph.attributes["club"].tolist()[0] == "x"


def test_json_with_edges_key_directed_integer_ids():
    text = b'{"directed": true, "nodes": [{"id": 3}, {"id": 1}, {"id": 2}],' \
           b' "edges": [{"source": 3, "target": 1}, {"source": 1, "target": 3}, {"source": 2, "target": 2}]}'  # fmt: skip
    graph = read_graph(text)
    assert graph.directed and graph.node_ids == (3, 1, 2)
    assert graph.n_edges == 3 and graph.n_self_loops == 1
    assert graph.attributes is None


def test_json_networkx_node_link_data():
    data = nx.node_link_data(nx.karate_club_graph(), edges="links")
    graph = read_graph(json.dumps(data).encode())
    assert graph.n_nodes == 34 and graph.n_edges == 78
    assert graph.attributes["club"].iloc[0] == "Mr. Hi"


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (b'{"nodes": []}', EmptyGraphError, "no nodes"),
        (b'{"nodes": [{"id": 1}, {"id": 1}]}', MalformedFileError, "duplicate node id 1"),
        (b'{"nodes": [{"id": 1}, {"name": 2}]}', MalformedFileError, "node 1 has no 'id'"),
        (b'{"nodes": [{"id": [1]}]}', MalformedFileError, "ids must be strings or numbers"),
        (b'{"nodes": [{"id": 1}], "links": [{"source": 1}]}', MalformedFileError, "edge 0 needs 'source' and 'target'"),
        (b'{"nodes": [{"id": 1}], "links": [{"source": 1, "target": 1, "weight": "x"}]}', MalformedFileError, "not a finite number"),
        (b'{"nodes": [{"id": 1}], "links": 5}', MalformedFileError, "must be a list"),
        (b'{"nodes": [1, 2]', MalformedFileError, "line 1: invalid JSON"),
        (b'{"nodes": [{"id": 0}], "links": [{"source": 0, "target": 0}, {"source": 0, "target": 0}]}', GraphTooLargeError, "limit is 1"),
    ],
)  # fmt: skip
def test_json_errors(text, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace("[", r"\[")):
        read_graph(text, max_edges=1)


def test_matrix_market_general_is_directed_and_one_based():
    text = b"%%MatrixMarket matrix coordinate real general\n% comment\n3 3 2\n1 2 0.5\n3 1 2\n"
    graph = read_graph(text, name="m.mtx")
    assert graph.directed and graph.node_ids == (1, 2, 3)
    assert edge_map(graph) == {(1, 2): 0.5, (3, 1): 2.0}


def test_matrix_market_symmetric_pattern_is_undirected(tmp_path):
    path = tmp_path / "s.mtx"
    path.write_bytes(b"%%MatrixMarket matrix coordinate pattern symmetric\n4 4 3\n2 1\n3 3\n4 2\n")
    graph = read_graph(path)
    assert not graph.directed and not graph.is_weighted
    assert graph.n_nodes == 4 and graph.n_edges == 3 and graph.n_self_loops == 1
    assert edge_map(graph) == {(1, 2): 1.0, (3, 3): 1.0, (2, 4): 1.0}


def test_matrix_market_entry_cap():
    text = b"%%MatrixMarket matrix coordinate pattern general\n3 3 3\n1 2\n2 3\n3 1\n"
    with pytest.raises(GraphTooLargeError, match="3 entries"):
        read_graph(text, max_edges=2)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.csv", b"", "edgelist"),
        ("a.TSV", b"", "edgelist"),
        ("a.graphml.gz", b"", "graphml"),
        ("a.gexf", b"", "gexf"),
        ("a.gml", b"", "gml"),
        ("a.json", b"", "json"),
        ("a.mtx", b"", "mtx"),
        (None, b"<?xml version='1.0'?><graphml>", "graphml"),
        (None, b"<?xml version='1.0'?>\n<gexf version='1.3'>", "gexf"),
        (None, b'  {"nodes": []}', "json"),
        (None, b"%%MatrixMarket matrix coordinate pattern general\n", "mtx"),
        ("m.txt", b"%%MatrixMarket matrix coordinate pattern general\n", "mtx"),
        (None, b'# comment\nCreator "me"\ngraph [\n', "gml"),
        (None, b"graph_a graph_b\n", "edgelist"),
        ("upload", b"1 2\n", "edgelist"),
    ],
)
def test_detect_format(name, data, expected):
    assert detect_format(name, data) == expected


def test_bytes_use_the_name_extension_for_the_format():
    data = write_graphml(Graph.from_edges([0], [1]))
    assert read_graph(data, name="upload.graphml").n_edges == 1
    # The same bytes read as an edge list fail: the name decides the format.
    with pytest.raises(MalformedFileError):
        read_graph(data, name="upload.csv")


def test_shipped_ego_facebook_reads_with_its_size():
    from engine.datasets import load_dataset

    graph = load_dataset("ego_facebook")
    assert (graph.n_nodes, graph.n_edges, graph.n_duplicate_edges) == (4039, 88234, 0)
    assert graph.node_ids[:3] == (0, 1, 2)


# --------------------------------------------------------------- writers
def test_write_edgelist_csv_exact_text():
    graph = Graph.from_edges([0, 1, 2], [1, 2, 2], [2.0, 0.25, 1.0], node_ids=["a", "b,c", "d"])
    assert write_edgelist_csv(graph).decode() == 'source,target,weight\na,"b,c",2.0\n"b,c",d,0.25\nd,d,1.0\n'
    unweighted = Graph.from_edges([0], [1], node_ids=[5, 7])
    assert write_edgelist_csv(unweighted).decode() == "source,target\n5,7\n"


def test_graphml_round_trip_keeps_attributes_and_isolated_nodes():
    graph = read_graph(DIRECTED_GRAPHML)
    graph = Graph.from_edges(*graph.edges(), n_nodes=4, node_ids=(*graph.node_ids, "lonely"), directed=True,
                             attributes=graph.attributes.reindex(range(4)))  # fmt: skip
    back = read_graph(write_graphml(graph))
    assert back.node_ids == ("n0", "n1", "n2", "lonely")
    assert back.directed and edge_map(back) == edge_map(graph)
    assert back.attributes["colour"].tolist()[:2] == ["red", "blue"]


def test_node_link_json_round_trip_keeps_attributes():
    from engine.datasets import load_dataset

    karate = load_dataset("karate_club")
    document = json.loads(write_node_link_json(karate))
    assert set(document) == {"directed", "multigraph", "graph", "nodes", "edges"}
    assert document["nodes"][0] == {"id": 0, "label": "Mr. Hi"}
    back = read_graph(write_node_link_json(karate))
    assert back.fingerprint() == karate.fingerprint()
    assert list(back.labels) == list(karate.labels)
    # networkx reads our JSON with its defaults.
    assert nx.node_link_graph(document).number_of_edges() == 78


# Ids the edge-list CSV writer and reader agree on: integers, or strings that do not look
# like numbers, start a comment (# or %) or carry separators/quotes/surrounding spaces.
_INT_IDS = st.lists(st.integers(-10_000, 10_000), min_size=1, max_size=12, unique=True)
_STR_IDS = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9_.]{0,6}", fullmatch=True), min_size=1, max_size=12, unique=True)
_WEIGHTS = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda w: w != 0)


@st.composite
def graphs(draw, *, directed: bool | None = None, isolated: bool = True) -> Graph:
    """Random small graphs with int or string ids, self-loops, optional weights and isolated nodes."""
    ids = draw(st.one_of(_INT_IDS, _STR_IDS))
    n = len(ids)
    is_directed = draw(st.booleans()) if directed is None else directed
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=30))
    unique = {(u, v) if is_directed else (min(u, v), max(u, v)) for u, v in pairs}
    edges = sorted(unique)
    weights = None
    if draw(st.booleans()):
        weights = draw(st.lists(_WEIGHTS, min_size=len(edges), max_size=len(edges)))
    graph = Graph.from_edges(
        [u for u, _ in edges], [v for _, v in edges], weights, n_nodes=n, node_ids=ids, directed=is_directed
    )
    if not isolated:
        used = np.unique(np.concatenate(graph.edges()[:2]))
        graph = graph.subgraph(used, name="graph")
    return graph


_ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_ROUND_TRIP
@given(graphs(directed=False, isolated=False))
def test_edgelist_csv_round_trip(graph):
    # An edge list cannot carry isolated nodes or direction: the property covers
    # undirected graphs whose every node has an edge.
    back = read_graph(write_edgelist_csv(graph), name="g.csv")
    assert set(back.node_ids) == set(graph.node_ids)
    assert edge_map(back) == edge_map(graph)
    assert back.n_duplicate_edges == 0


@_ROUND_TRIP
@given(graphs())
def test_graphml_round_trip(graph):
    back = read_graph(write_graphml(graph), name="g.graphml")
    assert back.node_ids == graph.node_ids
    assert back.directed == graph.directed
    assert edge_map(back) == edge_map(graph)
    assert back.fingerprint() == graph.fingerprint()


@_ROUND_TRIP
@given(graphs())
def test_node_link_json_round_trip(graph):
    back = read_graph(write_node_link_json(graph), name="g.json")
    assert back.node_ids == graph.node_ids
    assert back.directed == graph.directed
    assert edge_map(back) == edge_map(graph)
    assert back.fingerprint() == graph.fingerprint()


# ------------------------------------------------------------ bad corpus
def test_bad_corpus_lists_every_file():
    listed = {case["file"] for case in BAD_CASES}
    present = {path.name for path in BAD.iterdir() if path.name not in {"README.md", "cases.json"}}
    assert listed == present
    readme = (BAD / "README.md").read_text()
    assert all(f"`{name}`" in readme for name in listed)


@pytest.mark.parametrize("case", BAD_CASES, ids=[case["file"] for case in BAD_CASES])
def test_bad_corpus(case):
    path = BAD / case["file"]
    error = getattr(errors, case["error"])
    limits = {"max_edges": case["max_edges"]} if "max_edges" in case else {}
    with pytest.raises(error) as from_path:
        read_graph(path, **limits)
    assert case["message"] in str(from_path.value)
    # An upload passes bytes and the file name: same error.
    with pytest.raises(error) as from_bytes:
        read_graph(path.read_bytes(), name=path.name, **limits)
    assert str(from_bytes.value) == str(from_path.value)


def test_entities_are_rejected_before_parsing():
    # Without the DOCTYPE check networkx would expand this internal entity into the node attribute.
    text = (BAD / "external_entity.graphml").read_text().replace('SYSTEM "file:///etc/passwd"', '"expanded"')
    with pytest.raises(MalformedFileError, match="not allowed"):
        read_graph(text.encode())


def test_unsupported_matrix_market():
    text = b"%%MatrixMarket matrix coordinate complex general\n2 2 1\n1 2 1.0 2.0\n"
    with pytest.raises(UnsupportedGraphError, match="complex"):
        read_graph(text)
