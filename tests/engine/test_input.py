"""The guarded way in (engine._input) and the hostile-input corpus for the hypergraph and scene-graph readers.

Big hostile files (gzip bombs, 3,000,000-line files) are generated here, never committed.
"""

from __future__ import annotations

import gzip
import json
import tomllib
from pathlib import Path

import pytest

from engine._input import MAX_JSON_DEPTH, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, decode_text, json_depth, load_json, read_input
from engine.cli import main
from engine.errors import EmptyGraphError, GraphTooLargeError, MalformedFileError, ParameterError
from engine.hypergraph import read_hypergraph
from engine.io import read_graph
from engine.scenegraph import read_scene_graphs

ROOT = Path(__file__).resolve().parents[2]


# ----------------------------------------------------------------------------- the one limit
def test_streamlit_upload_limit_is_the_engine_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert MAX_UPLOAD_BYTES == MAX_UPLOAD_MB * 2**20


def test_pages_use_the_engine_limit():
    from pages import _shared

    assert _shared.MAX_UPLOAD_BYTES is MAX_UPLOAD_BYTES


# ----------------------------------------------------------------------------- read_input
def test_bytes_over_the_cap_are_refused():
    with pytest.raises(GraphTooLargeError, match="has 11 bytes; the limit is 10"):
        read_input(b"x" * 11, max_bytes=10)
    assert read_input(b"x" * 10, max_bytes=10) == (b"x" * 10, None)


def test_gzip_is_decompressed_and_its_name_loses_gz(tmp_path):
    path = tmp_path / "edges.txt.gz"
    path.write_bytes(gzip.compress(b"1 2\n"))
    assert read_input(path) == (b"1 2\n", "edges.txt")
    assert read_input(path.read_bytes(), name="e.TXT.GZ") == (b"1 2\n", "e.TXT")


def test_gzip_bomb_stops_at_the_cap(tmp_path):
    bomb = gzip.compress(bytes(5_000_000))  # ~5 kB that expand to 5 MB
    assert len(bomb) < 10_000
    with pytest.raises(GraphTooLargeError, match="decompressed input exceeds the limit of 100,000 bytes"):
        read_input(bomb, max_bytes=100_000)
    (tmp_path / "bomb.gz").write_bytes(bomb)
    with pytest.raises(GraphTooLargeError, match="decompressed"):
        read_input(tmp_path / "bomb.gz", max_bytes=100_000)


def test_corrupt_gzip_is_malformed():
    with pytest.raises(MalformedFileError, match="corrupt gzip data"):
        read_input(b"\x1f\x8b" + b"garbage" * 10)


def test_path_over_the_cap_names_its_size(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"1 2\n" * 10)
    with pytest.raises(GraphTooLargeError, match="big.txt has 40 bytes; the limit is 39"):
        read_input(tmp_path / "big.txt", max_bytes=39)
    assert read_input(tmp_path / "big.txt", max_bytes=None)[0] == b"1 2\n" * 10


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_bad_cap_is_a_parameter_error(bad):
    with pytest.raises(ParameterError, match="max_bytes"):
        read_input(b"x", max_bytes=bad)


def test_not_a_source():
    with pytest.raises(ParameterError, match="source must be a path or bytes"):
        read_input(12)


# ----------------------------------------------------------------------------- text and JSON
def test_decode_names_the_line_of_a_bad_byte():
    with pytest.raises(MalformedFileError) as info:
        decode_text(b"a\nb\n\xffc")
    assert info.value.line == 3
    with pytest.raises(MalformedFileError, match="NUL byte at offset 2") as info:
        decode_text(b"a\n\x00")
    assert info.value.line == 2


@pytest.mark.parametrize(
    ("text", "depth"),
    [("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4), ('["[[[[", "\\\\", "\\"[["]', 1), ('{"k": "}}}}"}', 1)],
)
def test_json_depth_ignores_brackets_in_strings(text, depth):
    assert json_depth(text) == depth
    assert json_depth(text.encode()) == depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deep_json_is_malformed_not_a_recursion_error(depth):
    with pytest.raises(MalformedFileError, match=f"nests {depth} levels deep; the limit is {MAX_JSON_DEPTH}"):
        load_json("[" * depth + "]" * depth)
    assert load_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None


def test_invalid_json_names_its_line():
    with pytest.raises(MalformedFileError, match="invalid JSON in the file") as info:
        load_json(b'[\n1,\n}')
    assert info.value.line == 3


# ----------------------------------------------------------------------------- hostile hypergraph files
GRAPHML = b'<?xml version="1.0"?><graphml><graph edgedefault="undirected"><node id="a"/></graph></graphml>'
HOSTILE_HYPERGRAPHS = {
    "deep.json": (b"[" * 50_000 + b"]" * 50_000, MalformedFileError, "this is JSON"),
    "deep_object.json": (b'{"a":' * 1000 + b"1" + b"}" * 1000, MalformedFileError, "this is JSON"),
    "node_link.json": (b'{"nodes": [{"id": 1}, {"id": 2}], "links": [{"source": 1, "target": 2}]}',
                       MalformedFileError, "this is JSON"),
    "broken.gml": (b"# made by hand\ngraph [\n  node [ id 0 ]\n  edge [ source 0 target", MalformedFileError,
                   "line 2: this is GML"),
    "gml_no_keyword.txt": (b"node [ id 0 ]\nnode [ id 1 ]\n", MalformedFileError, "invalid node id"),
    "graph.graphml": (GRAPHML, MalformedFileError, "this is XML"),
    "one_node.txt": (b"lonely\n", MalformedFileError, "no hyperedge of 2 or more nodes"),
    "singletons.txt": (b"1\n2\n3\n", MalformedFileError, "no hyperedge of 2 or more nodes"),
    "huge_id.txt": (b"1 " + b"9" * 10_000 + b"\n", MalformedFileError, "node id of 10,000 characters"),
    "huge_hyperedge.txt": (" ".join(map(str, range(5_000))).encode(), GraphTooLargeError, "hyperedge of 5,000 nodes"),
    "binary.bin": (bytes(range(256)) * 4, MalformedFileError, "NUL byte"),
    "latin1.txt": ("é ü\n".encode("latin-1"), MalformedFileError, "invalid UTF-8"),
    "empty.txt": (b"\n# only a comment\n", EmptyGraphError, "holds no hyperedge"),
    "bad_quote.csv": (b'node,hyperedge\n1,"a\n', MalformedFileError, "no hyperedge of 2 or more nodes"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_HYPERGRAPHS))
def test_hostile_hypergraph_files_are_refused(name, tmp_path):
    data, error, fragment = HOSTILE_HYPERGRAPHS[name]
    with pytest.raises(error, match=fragment):
        read_hypergraph(data, name=name)
    (tmp_path / name).write_bytes(data)
    with pytest.raises(error, match=fragment):
        read_hypergraph(tmp_path / name)


def test_hypergraph_gzip_bomb_never_expands_past_the_cap():
    bomb = gzip.compress(b"1 2\n" * 2_000_000)  # 8 MB of text
    with pytest.raises(GraphTooLargeError, match="decompressed input exceeds the limit of 1,000,000 bytes"):
        read_hypergraph(bomb, max_bytes=1_000_000)


def test_three_million_line_hypergraph_file_is_too_large(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes(b"1 2\n" * 3_000_000)
    with pytest.raises(GraphTooLargeError, match="more than 2,000,000 hyperedges"):
        read_hypergraph(path)


def test_node_cap():
    with pytest.raises(GraphTooLargeError, match="has 6 nodes; the limit is 5"):
        read_hypergraph(b"1 2 3\n4 5 6\n", max_nodes=5)


def test_a_real_hypergraph_with_some_singletons_is_read():
    h = read_hypergraph(b"1\n1 2 3\n4\n")
    assert h.n_hyperedges == 3


# ----------------------------------------------------------------------------- hostile scene-graph files
HOSTILE_SCENE_GRAPHS = {
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, MalformedFileError, "levels deep"),
    "deep_strings_ok_but_deep.json": (b'{"a":' * 200 + b'"x"' + b"}" * 200, MalformedFileError, "levels deep"),
    "number.json": (b"42", MalformedFileError, "not a recognised scene-graph file"),
    "hypergraph.txt": (b"1 2 3\n3 4\n", MalformedFileError, "invalid JSON"),
    "graph.graphml": (GRAPHML, MalformedFileError, "invalid JSON"),
    "node_link.json": (b'{"nodes": [], "links": []}', MalformedFileError, "not a recognised scene-graph file"),
    "vg_objects_not_list.json": (b'[{"image_id": 1, "objects": 5, "relationships": []}]', MalformedFileError, "wrong shape"),
    "vg_object_number.json": (b'[{"image_id": 1, "objects": [7], "relationships": []}]', MalformedFileError, "object #0 has no 'object_id'"),
    "sg2im_bad_rel.json": (b'{"objects": ["a", "b"], "relationships": [[0, "on"]]}', MalformedFileError, "relationship"),
    "sg2im_objects_dict.json": (b'{"objects": {"a": 1}, "relationships": [[0, "on", 1]]}', MalformedFileError, "indices must be in"),
    "gqa_bad_relation.json": (b'{"1": {"objects": {"o": {"name": "cat", "relations": 3}}}}', MalformedFileError, "object o has no 'x'"),
    "gqa_names_not_text.json": (b'{"1": {"objects": {"o": {"name": ["cat"], "x": "a"}}}}', MalformedFileError, "non-numeric box"),
    "binary.bin": (bytes(range(256)), MalformedFileError, "NUL byte"),
    "latin1.json": ('["é"]'.encode("latin-1"), MalformedFileError, "invalid UTF-8"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SCENE_GRAPHS))
def test_hostile_scene_graph_files_are_refused(name, tmp_path):
    data, error, fragment = HOSTILE_SCENE_GRAPHS[name]
    with pytest.raises(error, match=fragment):
        read_scene_graphs(data, name=name)
    (tmp_path / name).write_bytes(data)
    with pytest.raises(error, match=fragment):
        read_scene_graphs(tmp_path / name)


def test_scene_graph_gzip_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"[" + b"0," * 3_000_000 + b"0]")
    with pytest.raises(GraphTooLargeError, match="decompressed input exceeds"):
        read_scene_graphs(bomb, max_bytes=1_000_000)


def test_gzip_scene_graph_file_is_read(tmp_path):
    data = json.dumps({"objects": ["cat", "mat"], "relationships": [[0, "on", 1]]}).encode()
    dataset = read_scene_graphs(gzip.compress(data), name="sg")
    assert dataset.graphs[0].labels == ("cat", "mat")


def test_graph_reader_refuses_deep_node_link_json():
    with pytest.raises(MalformedFileError, match="levels deep"):
        read_graph(b'{"nodes": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", name="g.json")


# ----------------------------------------------------------------------------- through the CLI
@pytest.mark.parametrize(
    ("argv_of", "data"),
    [
        (lambda p: ["scenegraph", "stats", str(p)], b"[" * 100_000 + b"]" * 100_000),
        (lambda p: ["scenegraph", "stats", str(p)], b'[{"image_id": 1, "objects": 5, "relationships": []}]'),
        (lambda p: ["hypergraph", "patterns", str(p)], b"[" * 50_000 + b"]" * 50_000),
        (lambda p: ["hypergraph", "patterns", str(p)], b"graph [\n node [ id 0 ]\n"),
        (lambda p: ["hypergraph", "patterns", str(p)], gzip.compress(b"1 2\n" * 14_000_000)),
    ],
)
def test_cli_says_no_with_a_one_line_error(argv_of, data, tmp_path, capsys):
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    status = main(argv_of(path))
    captured = capsys.readouterr()
    assert status == 2, captured.err
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1
    assert "internal error" not in captured.err and "Traceback" not in captured.err

