"""engine.metrics: hand-checked node metrics, summaries and graph views; agreement with networkx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.datasets import load_dataset
from engine.errors import EmptyGraphError, ParameterError
from engine.metrics import (
    NODE_METRICS,
    betweenness,
    clustering,
    core_number,
    degree_filter,
    describe_node_metric,
    ego_graph,
    graph_summary,
    largest_component,
    louvain_communities,
    modularity,
    node_metric,
    pagerank,
)
from engine.types import Graph

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is absent")


# ------------------------------------------------------------------ summary
def test_graph_summary_path(path_graph):
    summary = graph_summary(path_graph)
    assert summary == {
        "n_nodes": 4,
        "n_edges": 3,
        "density": 0.5,
        "n_components": 1,
        "largest_component_share": 1.0,
        "average_clustering": 0.0,
        "clustering_sampled_nodes": 0,
        "clustering_stderr": 0.0,
        "clustering_seed": None,
        "degree_assortativity": pytest.approx(-0.5),
        "n_self_loops": 0,
        "n_duplicate_edges": 0,
        "directed": False,
    }


def test_graph_summary_star(star_graph):
    summary = graph_summary(star_graph)
    assert summary["density"] == pytest.approx(0.4)
    assert summary["degree_assortativity"] == pytest.approx(-1.0)
    assert summary["average_clustering"] == 0.0


def test_graph_summary_triangle_has_undefined_assortativity(triangle_graph):
    summary = graph_summary(triangle_graph)
    assert summary["density"] == 1.0
    assert summary["average_clustering"] == 1.0
    assert summary["degree_assortativity"] is None


def test_graph_summary_two_components(two_components_graph):
    summary = graph_summary(two_components_graph)
    assert summary["n_components"] == 2
    assert summary["largest_component_share"] == pytest.approx(0.6)
    assert summary["density"] == pytest.approx(0.4)
    assert summary["average_clustering"] == pytest.approx(0.6)
    # Degree-2 nodes only meet degree-2 nodes and degree-1 only degree-1: perfectly assortative.
    assert summary["degree_assortativity"] == pytest.approx(1.0)


def test_graph_summary_no_edges(empty_graph):
    summary = graph_summary(empty_graph)
    assert (summary["n_edges"], summary["density"], summary["n_components"]) == (0, 0.0, 3)
    assert summary["largest_component_share"] == pytest.approx(1 / 3)
    assert summary["degree_assortativity"] is None


def test_graph_summary_counts_self_loops_and_duplicates():
    graph = Graph.from_edges([0, 0, 1, 2], [1, 1, 1, 0])
    summary = graph_summary(graph)
    assert (summary["n_self_loops"], summary["n_duplicate_edges"], summary["n_edges"]) == (1, 1, 3)


def test_graph_summary_directed_uses_weak_components():
    graph = Graph.from_edges([0, 2], [1, 1], directed=True)
    summary = graph_summary(graph)
    assert summary["directed"] is True
    assert summary["n_components"] == 1
    assert summary["density"] == pytest.approx(2 / 6)


def test_graph_summary_matches_networkx_on_les_miserables():
    graph = load_dataset("les_miserables")
    nx_graph = graph.to_networkx()
    summary = graph_summary(graph)
    assert summary["density"] == pytest.approx(nx.density(nx_graph))
    assert summary["average_clustering"] == pytest.approx(nx.average_clustering(nx_graph))
    assert summary["degree_assortativity"] == pytest.approx(nx.degree_assortativity_coefficient(nx_graph))


def test_graph_summary_directed_assortativity_matches_networkx():
    nx_graph = nx.gnp_random_graph(40, 0.1, seed=4, directed=True)
    graph = Graph.from_networkx(nx_graph)
    expected = nx.degree_assortativity_coefficient(nx_graph)
    assert graph_summary(graph)["degree_assortativity"] == pytest.approx(expected)


def test_graph_summary_ego_facebook_shipped():
    summary = graph_summary(load_dataset("ego_facebook"))
    assert (summary["n_nodes"], summary["n_edges"], summary["n_components"]) == (4039, 88234, 1)


@needs_shared
def test_cli_stats_ego_facebook_file(capsys):
    from engine.cli import main

    assert main(["stats", str(SHARED_DATA / "graphs" / "ego_facebook.txt"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["n_nodes"], result["n_edges"], result["n_components"]) == (4039, 88234, 1)
    assert result["density"] == pytest.approx(2 * 88234 / (4039 * 4038))


# ------------------------------------------------------------- node metrics
def test_pagerank_star_hand_checked(star_graph):
    # centre c and leaf l solve c = 0.15/5 + 0.85 * 4 l and l = 0.15/5 + 0.85 c / 4.
    centre = 0.88 / 1.85
    ranks = pagerank(star_graph)
    assert ranks.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(ranks, [centre] + [(1 - centre) / 4] * 4, rtol=1e-8)


def test_pagerank_dangling_nodes_sum_to_one():
    chain = Graph.from_edges([0, 1], [1, 2], directed=True)  # node 2 has no out-edge
    ranks = pagerank(chain)
    expected = nx.pagerank(nx.DiGraph([(0, 1), (1, 2)]), tol=1e-12)
    np.testing.assert_allclose(ranks, [expected[i] for i in range(3)], rtol=1e-6)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=30), st.booleans())
def test_pagerank_is_a_distribution(edges, directed):
    source, target = zip(*edges)
    graph = Graph.from_edges(source, target, n_nodes=10, directed=directed)
    ranks = pagerank(graph)
    assert ranks.sum() == pytest.approx(1.0)
    assert np.all(ranks > 0)


def test_betweenness_star_and_path(star_graph, path_graph):
    np.testing.assert_allclose(betweenness(star_graph), [1.0, 0, 0, 0, 0])
    # Path 0-1-2-3: node 1 lies on 2 of the 3 pairs avoiding it.
    np.testing.assert_allclose(betweenness(path_graph), [0, 2 / 3, 2 / 3, 0])


def test_betweenness_sampled_is_seeded_and_exact_when_k_covers_all():
    graph = Graph.from_networkx(nx.barabasi_albert_graph(300, 2, seed=1))
    exact = betweenness(graph)
    np.testing.assert_allclose(betweenness(graph, k=300), exact)
    sampled = betweenness(graph, k=100, seed=5)
    np.testing.assert_array_equal(sampled, betweenness(graph, k=100, seed=5))
    assert not np.allclose(sampled, betweenness(graph, k=100, seed=6))
    # Brandes–Pich: an unbiased estimate, close to the exact values on a hub-dominated graph.
    assert np.corrcoef(sampled, exact)[0, 1] > 0.95


def test_metrics_match_networkx_on_karate():
    graph = load_dataset("karate_club")
    nx_graph = graph.to_networkx()
    order = list(graph.node_ids)
    expected_pr = nx.pagerank(nx_graph, tol=1e-12)
    np.testing.assert_allclose(pagerank(graph), [expected_pr[v] for v in order], atol=1e-8)
    expected_bt = nx.betweenness_centrality(nx_graph)
    np.testing.assert_allclose(betweenness(graph), [expected_bt[v] for v in order])
    expected_cl = nx.clustering(nx_graph)
    np.testing.assert_allclose(clustering(graph), [expected_cl[v] for v in order])
    expected_core = nx.core_number(nx_graph)
    np.testing.assert_array_equal(core_number(graph), [expected_core[v] for v in order])


def test_clustering_and_core_number_hand_checked(two_components_graph, star_graph):
    np.testing.assert_allclose(clustering(two_components_graph), [1, 1, 1, 0, 0])
    np.testing.assert_array_equal(core_number(two_components_graph), [2, 2, 2, 1, 1])
    np.testing.assert_array_equal(core_number(star_graph), [1, 1, 1, 1, 1])


def test_louvain_two_components(two_components_graph):
    communities = louvain_communities(two_components_graph, seed=0)
    np.testing.assert_array_equal(communities, [0, 0, 0, 1, 1])
    # Q = (3/4 - (6/8)^2) + (1/4 - (2/8)^2)
    assert modularity(two_components_graph, communities) == pytest.approx(0.375)


def test_louvain_seeded_and_matches_networkx_modularity():
    graph = load_dataset("les_miserables")
    first = louvain_communities(graph, seed=3)
    np.testing.assert_array_equal(first, louvain_communities(graph, seed=3))
    sizes = np.bincount(first)
    assert np.all(np.diff(sizes) <= 0)  # community 0 is the largest
    nx_graph = graph.to_networkx()
    partition = [{graph.node_ids[i] for i in np.flatnonzero(first == c)} for c in range(sizes.size)]
    assert modularity(graph, first) == pytest.approx(nx.community.modularity(nx_graph, partition))
    assert modularity(graph, first) > 0.5


@pytest.mark.parametrize("name", NODE_METRICS)
def test_node_metric_one_value_per_node(name, two_components_graph):
    values = node_metric(two_components_graph, name)
    assert values.shape == (5,)
    assert np.all(np.isfinite(values))


def test_node_metric_degree_and_unknown_name(star_graph):
    np.testing.assert_array_equal(node_metric(star_graph, "degree"), [4, 1, 1, 1, 1])
    with pytest.raises(ParameterError, match="metric must be one of"):
        node_metric(star_graph, "eigenvector")


def test_describe_node_metric(two_components_graph):
    assert describe_node_metric(two_components_graph, "degree", np.array([2.0, 2, 2, 1, 1])) == {
        "mean": pytest.approx(1.6),
        "max": 2.0,
        "min": 1.0,
    }
    digest = describe_node_metric(two_components_graph, "louvain", np.array([0, 0, 0, 1, 1]))
    assert digest == {"n_communities": 2, "modularity": pytest.approx(0.375)}


# -------------------------------------------------------------------- views
def test_largest_component(two_components_graph):
    component = largest_component(two_components_graph)
    assert component.node_ids == (0, 1, 2)
    assert component.n_edges == 3


@pytest.mark.parametrize(("depth", "expected"), [(1, (0, 1)), (2, (0, 1, 2)), (3, (0, 1, 2, 3))])
def test_ego_graph_depth_on_path(depth, expected):
    path = Graph.from_edges([0, 1, 2, 3], [1, 2, 3, 4], node_ids=list("abcde"))
    ego = ego_graph(path, 0, depth)
    assert ego.node_ids == tuple("abcde"[i] for i in expected)
    assert ego.n_edges == len(expected) - 1


def test_ego_graph_follows_edges_both_ways_when_directed():
    graph = Graph.from_edges([1, 0], [0, 2], directed=True)  # 1 -> 0 -> 2
    assert ego_graph(graph, 0, 1).node_ids == (0, 1, 2)


def test_ego_graph_stays_in_component(two_components_graph):
    assert ego_graph(two_components_graph, 3, 3).node_ids == (3, 4)


def test_ego_graph_rejects_bad_parameters(path_graph):
    with pytest.raises(ParameterError, match="depth must be 1, 2 or 3"):
        ego_graph(path_graph, 0, 4)
    with pytest.raises(ParameterError, match="depth"):
        ego_graph(path_graph, 0, 0)
    with pytest.raises(ParameterError, match="node_position must be < 4"):
        ego_graph(path_graph, 4, 1)


def test_degree_filter(star_graph, path_graph):
    centre = degree_filter(star_graph, 2)
    assert (centre.node_ids, centre.n_edges) == ((0,), 0)
    leaves = degree_filter(star_graph, 0, 1)
    assert (leaves.node_ids, leaves.n_edges) == ((1, 2, 3, 4), 0)
    middle = degree_filter(path_graph, 2, 2)
    assert (middle.node_ids, middle.n_edges) == ((1, 2), 1)


def test_degree_filter_errors(star_graph):
    with pytest.raises(EmptyGraphError, match=r"no node has degree in \[5, 9\] \(degrees range 1..4\)"):
        degree_filter(star_graph, 5, 9)
    with pytest.raises(ParameterError, match="max_degree must be >= min_degree"):
        degree_filter(star_graph, 3, 1)
    with pytest.raises(ParameterError, match="min_degree"):
        degree_filter(star_graph, -1)


# ------------------------------------------- compiled kernels and the sampled clustering
def _random_graph(seed: int, n: int = 60, m: int = 240, directed: bool = False) -> Graph:
    generator = np.random.default_rng(seed)
    source, target = generator.integers(0, n, m), generator.integers(0, n, m)  # self-loops and repeats included
    return Graph.from_edges(source, target, n_nodes=n, directed=directed, name=f"random {seed}")


@pytest.fixture(params=[False, True], ids=["igraph-scipy", "compiled"])
def compiled(request, monkeypatch):
    """Runs a test on both paths: igraph/scipy (small graphs) and the compiled kernels (large graphs)."""
    import engine.metrics as metrics

    if request.param:
        monkeypatch.setattr(metrics, "COMPILED_ABOVE_NODES", 0)
    return request.param


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clustering_matches_networkx_with_loops_and_direction(seed, directed, compiled):
    graph = _random_graph(seed, directed=directed)
    simple = nx.Graph(graph.to_networkx().to_undirected())
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    expected = nx.clustering(simple)
    np.testing.assert_allclose(clustering(graph), [expected[v] for v in graph.node_ids], atol=1e-12)


def test_clustering_of_chosen_nodes_and_a_hub(compiled):
    # a hub joined to a 200-node path: the kernel's "search the long list" branch
    hub = Graph.from_edges([0] * 200 + list(range(1, 200)), list(range(1, 201)) + list(range(2, 201)))
    expected = nx.clustering(hub.to_networkx())
    np.testing.assert_allclose(clustering(hub), [expected[v] for v in hub.node_ids])
    np.testing.assert_allclose(clustering(hub, np.array([5, 0])), [expected[5], expected[0]])
    with pytest.raises(ParameterError, match="nodes must be positions"):
        clustering(hub, np.array([201]))


@pytest.mark.parametrize("directed", [False, True])
def test_components_and_assortativity_match_scipy_and_numpy(directed, compiled):
    from scipy.sparse import csgraph

    for seed in range(3):
        graph = _random_graph(seed, n=80, m=70, directed=directed)
        summary = graph_summary(graph)
        count, labels = csgraph.connected_components(graph.adjacency, directed=directed, connection="weak")
        assert summary["n_components"] == count
        assert summary["largest_component_share"] == pytest.approx(np.bincount(labels).max() / graph.n_nodes)
        entries = graph.adjacency.tocoo()
        if directed:
            x = np.diff(graph.adjacency.indptr)[entries.row]
            y = np.bincount(graph.adjacency.indices, minlength=graph.n_nodes)[entries.col]
        else:
            x, y = graph.degrees()[entries.row], graph.degrees()[entries.col]
        assert summary["degree_assortativity"] == pytest.approx(np.corrcoef(x, y)[0, 1], abs=1e-12)
    # the largest component is found with the same labels (ties: the component of the smallest node)
    tie = Graph.from_edges([0, 2], [1, 3], n_nodes=4)
    assert largest_component(tie).node_ids == (0, 1)
    late = Graph.from_edges([3, 0], [4, 1], n_nodes=6)  # node 2 and 5 alone; sizes 2, 1, 2, 1
    assert largest_component(late).node_ids == (0, 1)


def test_graph_summary_samples_clustering_above_the_limit_seeded_and_labelled(monkeypatch):
    import engine.metrics as metrics

    graph = load_dataset("les_miserables")
    exact = graph_summary(graph)
    assert (exact["clustering_sampled_nodes"], exact["clustering_stderr"], exact["clustering_seed"]) == (0, 0.0, None)
    monkeypatch.setattr(metrics, "CLUSTERING_EXACT_MAX_NODES", 50)
    monkeypatch.setattr(metrics, "CLUSTERING_SAMPLES", 30)
    sampled = graph_summary(graph, seed=3)
    assert (sampled["clustering_sampled_nodes"], sampled["clustering_seed"]) == (30, 3)
    # the estimate is the mean over the seeded sample, and the same seed gives the same sample
    nodes = np.sort(np.random.default_rng(3).choice(graph.n_nodes, size=30, replace=False))
    assert sampled["average_clustering"] == pytest.approx(clustering(graph)[nodes].mean())
    assert graph_summary(graph, seed=3) == sampled
    assert graph_summary(graph, seed=4)["average_clustering"] != sampled["average_clustering"]
    values = clustering(graph)[nodes]
    assert sampled["clustering_stderr"] == pytest.approx(values.std(ddof=1) / np.sqrt(30) * np.sqrt(1 - 30 / 77))
    assert abs(sampled["average_clustering"] - exact["average_clustering"]) < 4 * sampled["clustering_stderr"]
    # a sample as large as the graph is the exact value, and says so
    whole = graph_summary(graph, clustering_sample=graph.n_nodes)
    assert whole["average_clustering"] == pytest.approx(exact["average_clustering"])
    assert whole["clustering_sampled_nodes"] == 0
    with pytest.raises(ParameterError, match="clustering_sample"):
        graph_summary(graph, clustering_sample=0)


def test_load_compiled_kernels_loads_numba_and_both_kernels():
    import sys

    from engine.metrics import load_compiled_kernels

    load_compiled_kernels()
    kernels = sys.modules["engine._graph_kernels"]
    assert kernels.triangles_at.signatures and kernels.component_labels.signatures


def test_stored_node_metric_computes_once_then_reads_back(tmp_path):
    from engine.metrics import stored_node_metric

    graph = Graph.from_edges([0, 0, 1, 2], [1, 2, 2, 3])
    first, computed = stored_node_metric(graph, "pagerank", directory=tmp_path)
    assert computed and first.tolist() == pagerank(graph).tolist()
    (stored,) = tmp_path.iterdir()
    np.save(stored, first * 2)  # what is stored is what is read back (no recomputation)
    again, computed = stored_node_metric(graph, "pagerank", directory=tmp_path)
    assert not computed and again.tolist() == (first * 2).tolist()
    # seeded metrics are stored per seed; degree and an unseeded Louvain are never stored
    stored_node_metric(graph, "louvain", seed=3, directory=tmp_path)
    stored_node_metric(graph, "louvain", directory=tmp_path)
    stored_node_metric(graph, "degree", directory=tmp_path)
    assert sorted(p.name.split("-", 1)[1] for p in tmp_path.iterdir()) == ["louvain-3-v1.npy", "pagerank-v1.npy"]
    # a damaged file is recomputed and replaced
    stored.write_bytes(b"not an array")
    values, computed = stored_node_metric(graph, "pagerank", directory=tmp_path)
    assert computed and values.tolist() == first.tolist()
