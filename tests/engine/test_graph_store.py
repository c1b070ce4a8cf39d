"""engine.graph_store: parsed graph files kept on disk (hit, miss, changed file, damaged store)."""

from __future__ import annotations

import os

import numpy as np
import pytest

import engine.graph_store as graph_store
from engine.errors import GraphTooLargeError
from engine.graph_store import stored_graph, stored_graph_path
from engine.io import read_graph, write_graphml


@pytest.fixture
def reads(monkeypatch):
    """Counts the parses of the source file."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return read_graph(*args, **kwargs)

    monkeypatch.setattr(graph_store, "read_graph", counting)
    return calls


def _same(a, b):
    assert a.fingerprint() == b.fingerprint()
    assert (a.node_ids, a.name, a.directed, a.n_duplicate_edges, a.n_edges) == \
        (b.node_ids, b.name, b.directed, b.n_duplicate_edges, b.n_edges)
    np.testing.assert_array_equal(a.adjacency.toarray(), b.adjacency.toarray())


def test_stored_graph_parses_once_then_reads_the_arrays(tmp_path, reads):
    source = tmp_path / "g.txt"
    source.write_text("10 20\n20 30\n30 10\n10 20\n40 40\n")
    first = stored_graph(source, directory=tmp_path / "store")
    assert len(reads) == 1 and stored_graph_path(source, tmp_path / "store").is_file()
    again = stored_graph(source, directory=tmp_path / "store")
    assert len(reads) == 1  # a hit: not parsed again
    _same(again, read_graph(source))
    _same(again, first)
    assert again.node_ids == (10, 20, 30, 40) and type(again.node_ids[0]) is int
    assert again.n_duplicate_edges == 1 and again.n_self_loops == 1
    assert stored_graph(source, name="other", directory=tmp_path / "store").name == "other"


@pytest.mark.parametrize("text", ["a,b,0.5\nb,c,2\n", "x y\ny z\n"])
def test_stored_graph_keeps_string_ids_and_weights(tmp_path, reads, text):
    source = tmp_path / "g.csv"
    source.write_text(text)
    stored_graph(source, directory=tmp_path)
    again = stored_graph(source, directory=tmp_path)
    assert len(reads) == 1
    _same(again, read_graph(source))
    assert type(again.node_ids[0]) is str


def test_stored_graph_default_directory_is_under_graphlens_home(tmp_path, isolated_registry, reads):
    source = tmp_path / "g.txt"
    source.write_text("1 2\n")
    stored_graph(source)
    assert stored_graph_path(source).parent == isolated_registry / "graphs"
    assert stored_graph_path(source).is_file()


def test_stored_graph_reads_a_changed_file_again(tmp_path, reads):
    source = tmp_path / "g.txt"
    source.write_text("1 2\n")
    stored_graph(source, directory=tmp_path / "store")
    source.write_text("1 2\n2 3\n")
    os.utime(source, ns=(1, 1))  # a different size and modification time
    graph = stored_graph(source, directory=tmp_path / "store")
    assert len(reads) == 2 and graph.n_edges == 2
    assert stored_graph(source, directory=tmp_path / "store").n_edges == 2 and len(reads) == 2


def _damage_truncate(store):
    store.write_bytes(store.read_bytes()[:100])


def _damage_garbage(store):
    store.write_bytes(b"not a zip file at all")


def _damage_indices(store):
    with np.load(store) as stored:
        arrays = {key: stored[key] for key in stored.files}
    arrays["indices"] = arrays["indices"].copy()
    arrays["indices"][0] = arrays["indices"][0] + 1  # same shapes, different graph: only the fingerprint tells
    with open(store, "wb") as handle:
        np.savez(handle, **arrays)


def _damage_missing_member(store):
    with np.load(store) as stored:
        arrays = {key: stored[key] for key in stored.files if key != "node_ids"}
    with open(store, "wb") as handle:
        np.savez(handle, **arrays)


@pytest.mark.parametrize("damage", [_damage_truncate, _damage_garbage, _damage_indices, _damage_missing_member])
def test_stored_graph_reads_the_file_again_when_the_store_is_damaged(tmp_path, reads, damage):
    source = tmp_path / "g.txt"
    source.write_text("1 2\n2 3\n3 4\n4 1\n")
    expected = stored_graph(source, directory=tmp_path)
    store = stored_graph_path(source, tmp_path)
    damage(store)
    _same(stored_graph(source, directory=tmp_path), expected)
    assert len(reads) == 2  # read again ...
    _same(stored_graph(source, directory=tmp_path), expected)
    assert len(reads) == 2  # ... and the store replaced by an intact copy


def test_stored_graph_applies_the_edge_limit_on_a_hit(tmp_path, reads):
    source = tmp_path / "g.txt"
    source.write_text("1 2\n2 3\n3 4\n")
    stored_graph(source, directory=tmp_path)
    with pytest.raises(GraphTooLargeError, match="the limit is 2"):
        stored_graph(source, max_edges=2, directory=tmp_path)
    assert len(reads) == 1


def test_stored_graph_does_not_store_attributes(tmp_path, reads):
    graph = read_graph(b'{"nodes": [{"id": 1, "colour": "red"}, {"id": 2, "colour": "blue"}], '
                       b'"links": [{"source": 1, "target": 2}]}', name="g.json")
    source = tmp_path / "g.graphml"
    source.write_bytes(write_graphml(graph))
    first = stored_graph(source, directory=tmp_path / "store")
    assert first.attributes is not None
    assert not stored_graph_path(source, tmp_path / "store").exists()
    _same(stored_graph(source, directory=tmp_path / "store"), first)
    assert len(reads) == 2


def test_stored_graph_in_an_unwritable_directory_still_reads(tmp_path, reads):
    source = tmp_path / "g.txt"
    source.write_text("1 2\n")
    blocker = tmp_path / "a file"
    blocker.write_text("")
    assert stored_graph(source, directory=blocker / "store").n_edges == 1
    assert stored_graph(source, directory=blocker / "store").n_edges == 1
    assert len(reads) == 2
