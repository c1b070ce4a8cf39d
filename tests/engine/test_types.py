"""engine.types.Graph: construction, counts, subgraphs, fingerprints and converters."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from engine.datasets import load_dataset
from engine.errors import ParameterError
from engine.types import Graph


def labelled_edges(graph: Graph) -> dict:
    src, dst, weight = graph.edges()
    ids = graph.node_ids
    return {(ids[u], ids[v]): w for u, v, w in zip(src.tolist(), dst.tolist(), weight.tolist())}


@pytest.fixture(scope="module")
def karate() -> Graph:
    return load_dataset("karate_club")


def test_from_edges_merges_and_counts_duplicates_keeps_self_loops():
    # 0-1 three times (once reversed), a self-loop on 2 twice, 1-2 once.
    graph = Graph.from_edges([0, 1, 0, 2, 2, 1], [1, 0, 1, 2, 2, 2])
    assert graph.n_nodes == 3
    assert graph.n_duplicate_edges == 3
    assert graph.n_self_loops == 1
    assert graph.n_edges == 3
    assert not graph.is_weighted
    np.testing.assert_array_equal(graph.degrees(), [1, 2, 3])  # the self-loop counts 2
    assert labelled_edges(graph) == {(0, 1): 1.0, (1, 2): 1.0, (2, 2): 1.0}
    assert (graph.adjacency != graph.adjacency.T).nnz == 0


def test_from_edges_sums_duplicate_weights():
    graph = Graph.from_edges([0, 1], [1, 0], [1.5, 2.0])
    assert graph.n_duplicate_edges == 1
    assert labelled_edges(graph) == {(0, 1): 3.5}
    assert graph.is_weighted


def test_directed_graph_keeps_both_directions():
    graph = Graph.from_edges([0, 1, 1], [1, 0, 2], directed=True)
    assert graph.n_edges == 3 and graph.n_duplicate_edges == 0
    np.testing.assert_array_equal(graph.degrees(), [1, 2, 0])
    src, dst, _ = graph.edges()
    assert list(zip(src.tolist(), dst.tolist())) == [(0, 1), (1, 0), (1, 2)]


def test_edges_of_undirected_graph_listed_once_sorted(path_graph, star_graph):
    src, dst, weight = star_graph.edges()
    assert src.tolist() == [0, 0, 0, 0] and dst.tolist() == [1, 2, 3, 4]
    assert weight.tolist() == [1.0] * 4
    assert path_graph.n_edges == 3
    np.testing.assert_array_equal(path_graph.degrees(), [1, 2, 2, 1])


def test_isolated_nodes_and_empty_graph(empty_graph):
    assert empty_graph.n_nodes == 3 and empty_graph.n_edges == 0
    np.testing.assert_array_equal(empty_graph.degrees(), [0, 0, 0])
    assert [a.size for a in empty_graph.edges()] == [0, 0, 0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": [0, 1], "target": [1]}, "differ in length"),
        ({"source": [0], "target": [5], "n_nodes": 3}, "edge positions must lie in 0..2"),
        ({"source": [0], "target": [1], "weight": [1.0, 2.0]}, "weight has 2 values for 1 edges"),
    ],
)
def test_from_edges_rejects_bad_input(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        Graph.from_edges(**kwargs)


def test_constructor_checks_shapes():
    with pytest.raises(ParameterError, match="square"):
        Graph(sp.csr_matrix((2, 3)), (0, 1))
    with pytest.raises(ParameterError, match="node_ids has 1 labels for 2 nodes"):
        Graph(sp.csr_matrix((2, 2)), (0,))
    with pytest.raises(ParameterError, match="sparse"):
        Graph(np.zeros((2, 2)), (0, 1))


def test_subgraph_keeps_labels_and_attributes(two_components_graph):
    graph = Graph.from_edges(
        *two_components_graph.edges()[:2],
        node_ids=list("abcde"),
        attributes=pd.DataFrame({"label": [0, 0, 0, 1, 1]}),
    )
    sub = graph.subgraph([1, 2, 3])
    assert sub.node_ids == ("b", "c", "d")
    assert sub.n_edges == 1 and labelled_edges(sub) == {("b", "c"): 1.0}
    assert sub.labels.tolist() == [0, 0, 1]
    assert sub.name == "graph (subgraph)"


def test_index_of_matches_labels_and_their_text():
    graph = Graph.from_edges([0], [1], node_ids=[10, "x"])
    assert graph.index_of(10) == 0 and graph.index_of("10") == 0 and graph.index_of("x") == 1
    with pytest.raises(ParameterError, match="no node with id 'zz'"):
        graph.index_of("zz")


def test_index_of_an_integer_typed_as_text_without_the_text_index():
    graph = Graph.from_edges([0, 1], [1, 2], node_ids=[5, -7, 1.0])
    assert graph.index_of("-7") == 1 and graph.index_of("5") == 0
    assert "_str_index" not in graph.__dict__  # found through the int index: no text index was built
    with pytest.raises(ParameterError):
        graph.index_of("05")  # not the text of any label (as before)
    assert graph.index_of("1.0") == 2  # the text of a float label still matches
    with pytest.raises(ParameterError):
        graph.index_of("1")  # a float label is not matched by an integer's text


def test_fingerprint_equal_for_equal_content_different_otherwise():
    base = Graph.from_edges([0, 1], [1, 2], name="a")
    same = Graph.from_edges([2, 1], [1, 0], name="another name")
    assert base.fingerprint() == same.fingerprint()
    variants = [
        Graph.from_edges([0, 1], [1, 2], directed=True),
        Graph.from_edges([0, 1], [1, 2], [1.0, 2.0]),
        Graph.from_edges([0, 0], [1, 2]),
        Graph.from_edges([0, 1], [1, 2], n_nodes=4),
        Graph.from_edges([0, 1], [1, 2], node_ids=["0", "1", "2"]),
        Graph.from_edges([0, 1], [1, 2], attributes=pd.DataFrame({"label": [0, 1, 1]})),
    ]
    fingerprints = {base.fingerprint()} | {graph.fingerprint() for graph in variants}
    assert len(fingerprints) == len(variants) + 1
    assert len(base.fingerprint()) == 64


def test_karate_labels(karate):
    assert karate.n_nodes == 34 and karate.n_edges == 78 and karate.is_weighted
    assert set(karate.labels) == {"Mr. Hi", "Officer"}
    assert karate.labels[0] == "Mr. Hi" and karate.labels[33] == "Officer"


def test_networkx_round_trip(karate):
    nx_graph = karate.to_networkx()
    assert isinstance(nx_graph, nx.Graph) and not nx_graph.is_directed()
    assert nx_graph.number_of_nodes() == 34 and nx_graph.number_of_edges() == 78
    assert nx_graph.nodes[0]["label"] == "Mr. Hi"
    assert nx_graph.edges[0, 1]["weight"] == 4.0
    back = Graph.from_networkx(nx_graph)
    assert back.fingerprint() == karate.fingerprint()


def test_networkx_directed_round_trip():
    graph = Graph.from_edges([0, 1, 2], [1, 0, 2], directed=True, node_ids=["a", "b", "c"])
    nx_graph = graph.to_networkx()
    assert isinstance(nx_graph, nx.DiGraph) and set(nx_graph.edges()) == {("a", "b"), ("b", "a"), ("c", "c")}
    assert Graph.from_networkx(nx_graph).fingerprint() == graph.fingerprint()


def test_pyg_round_trip(karate):
    data = karate.to_pyg()
    assert tuple(data.edge_index.shape) == (2, 156)
    assert data.num_nodes == 34 and data.edge_weight.shape[0] == 156
    back = Graph.from_pyg(data, name="karate")
    assert back.node_ids == karate.node_ids
    assert labelled_edges(back) == labelled_edges(karate)


def test_pyg_integer_labels_become_y(path_graph):
    graph = Graph.from_edges(*path_graph.edges()[:2], attributes=pd.DataFrame({"label": [0, 1, 1, 0]}))
    assert graph.to_pyg().y.tolist() == [0, 1, 1, 0]
    edge_index = graph.to_edge_index()
    assert sorted(map(tuple, edge_index.T.tolist())) == [(0, 1), (1, 0), (1, 2), (2, 1), (2, 3), (3, 2)]


def test_igraph_round_trip(karate):
    ig_graph = karate.to_igraph()
    assert ig_graph.vcount() == 34 and ig_graph.ecount() == 78 and not ig_graph.is_directed()
    assert ig_graph.vs["name"][:2] == ["0", "1"]
    back = Graph.from_igraph(ig_graph, name="karate")
    assert back.node_ids == karate.node_ids
    assert labelled_edges(back) == labelled_edges(karate)


def test_igraph_directed_string_ids_round_trip():
    graph = Graph.from_edges([0, 1], [1, 2], directed=True, node_ids=["x", "y", "z"])
    back = Graph.from_igraph(graph.to_igraph())
    assert back.directed and back.node_ids == ("x", "y", "z")
    assert back.fingerprint() == graph.fingerprint()


def test_graph_is_picklable_and_frozen(karate):
    import dataclasses
    import pickle

    assert pickle.loads(pickle.dumps(karate)).fingerprint() == karate.fingerprint()
    with pytest.raises(dataclasses.FrozenInstanceError):
        karate.name = "other"
