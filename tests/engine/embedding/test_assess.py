"""Hand-checked RESTORE mAP, precision@k and the downstream tasks on tiny graphs."""

from __future__ import annotations

import functools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.datasets import load_dataset
from engine.embedding import fastrp, laplacian_eigenmaps
from engine.embedding.assess import (
    assess,
    compare_neighbourhood,
    link_prediction,
    node_classification,
    project_2d,
    reconstruction_map,
    reconstruction_precision,
)
from engine.errors import EmptyGraphError, ParameterError
from engine.types import Graph


@pytest.fixture
def two_cliques() -> Graph:
    """Triangles 0-1-2 and 3-4-5, no edge between them."""
    return Graph.from_edges([0, 0, 1, 3, 3, 4], [1, 2, 2, 4, 5, 5], name="two cliques")


def test_reconstruction_map_path_worked_example():
    path = Graph.from_edges([0, 1], [1, 2])  # a - b - c
    right = reconstruction_map(path, np.array([[0.0], [1.0], [3.0]]), hops=(1, 2), similarity="euclidean")
    assert right.average_precision[0].tolist() == [1.0, 1.0]
    reversed_order = reconstruction_map(path, np.array([[0.0], [3.0], [1.0]]), hops=(1, 2), similarity="euclidean")
    assert reversed_order.average_precision[0].tolist() == [0.5, 1.0]


def test_reconstruction_map_star_perfect_and_wrong(star_graph):
    perfect = np.vstack([np.full(4, 0.5), np.eye(4)])  # each leaf is closest to the centre
    scores = reconstruction_map(star_graph, perfect, hops=(1, 2))
    assert scores.map == (1.0, 1.0)
    assert scores.n_evaluated == (5, 5)
    wrong = np.array([[10.0], [0.0], [1.0], [2.0], [3.0]])  # the centre is farthest from every leaf
    scores = reconstruction_map(star_graph, wrong, hops=(1,), similarity="euclidean")
    assert scores.average_precision[:, 0].tolist() == [1.0, 0.25, 0.25, 0.25, 0.25]
    assert scores.map[0] == pytest.approx(0.4)


def test_reconstruction_map_two_cliques_perfect_and_wrong(two_cliques):
    perfect = np.array([[1.0, 0]] * 3 + [[0, 1.0]] * 3)
    assert reconstruction_map(two_cliques, perfect).map == (1.0, 1.0, 1.0)
    alternating = np.array([[1.0, 0], [0, 1.0]] * 3)  # nodes 0, 2, 4 together and 1, 3, 5 together
    scores = reconstruction_map(two_cliques, alternating, hops=(1,))
    expected = [5 / 6, 5 / 12, 5 / 6, 0.45, 0.325, 0.45]
    np.testing.assert_allclose(scores.average_precision[:, 0], expected)
    assert scores.map[0] == pytest.approx(np.mean(expected))


def test_reconstruction_map_exact_hops(path_graph):
    # 0-1-2-3 on a line: node 0's only node at exactly 2 hops is 2
    line = np.array([[0.0], [1.0], [2.0], [3.0]])
    scores = reconstruction_map(path_graph, line, hops=(2,), exact=True, similarity="euclidean")
    assert scores.average_precision[0, 0] == 0.5  # 2 is ranked second, after 1
    assert scores.n_evaluated == (4,)  # every node has a node at exactly 2 hops


def test_reconstruction_map_samples_above_max_nodes():
    karate = load_dataset("karate_club")
    scores = reconstruction_map(karate, fastrp(karate, dim=8, seed=0), max_nodes=10, seed=3)
    assert scores.n_sampled == 10 and scores.sampled and scores.n_nodes == 34
    again = reconstruction_map(karate, fastrp(karate, dim=8, seed=0), max_nodes=10, seed=3)
    assert again.map == scores.map and again.nodes.tolist() == scores.nodes.tolist()


def _map_by_full_sort(graph: Graph, vectors: np.ndarray, hops: tuple, exact: bool) -> np.ndarray:
    """AP per node and k by the definition: every node ranked by dot product (stable), hops from networkx."""
    result = np.full((graph.n_nodes, len(hops)), np.nan)
    lengths = dict(nx.all_pairs_shortest_path_length(graph.to_networkx()))
    for v in range(graph.n_nodes):
        scores = vectors @ vectors[v]
        scores[v] = -np.inf
        order = np.argsort(-scores, kind="stable")
        distance = np.array([lengths[v].get(u, -1) for u in order])
        for column, k in enumerate(hops):
            hit = (distance == k) if exact else ((distance >= 1) & (distance <= k))
            if hit.any():
                result[v, column] = np.mean(np.cumsum(hit)[hit] / (np.flatnonzero(hit) + 1))
    return result


@settings(max_examples=40, deadline=None)
@given(n_nodes=st.integers(2, 14), edge_seed=st.integers(0, 10**6), n_values=st.integers(1, 4),
       exact=st.booleans())
def test_reconstruction_map_equals_the_full_stable_sort(n_nodes, edge_seed, n_values, exact):
    # few distinct integer entries: many exactly tied dot products, ranked by position as a stable sort does
    generator = np.random.default_rng(edge_seed)
    pairs = [(i, j) for i in range(n_nodes) for j in range(i + 1, n_nodes) if generator.random() < 0.3]
    graph = Graph.from_edges([i for i, _ in pairs], [j for _, j in pairs], n_nodes=n_nodes)
    vectors = generator.integers(0, n_values, size=(n_nodes, 2)).astype(float)
    hops = (1, 2, 3)
    scores = reconstruction_map(graph, vectors, hops=hops, exact=exact, similarity="dot", max_nodes=None)
    np.testing.assert_allclose(scores.average_precision, _map_by_full_sort(graph, vectors, hops, exact),
                               rtol=1e-12, equal_nan=True)


def test_reconstruction_map_rejects_bad_input(path_graph):
    with pytest.raises(ParameterError, match="shape"):
        reconstruction_map(path_graph, np.zeros((3, 2)))
    with pytest.raises(ParameterError, match="similarity"):
        reconstruction_map(path_graph, np.zeros((4, 2)), similarity="manhattan")
    with pytest.raises(ParameterError, match="hops"):
        reconstruction_map(path_graph, np.zeros((4, 2)), hops=(0,))


def test_reconstruction_precision_two_cliques(two_cliques):
    perfect = np.array([[1.0, 0]] * 3 + [[0, 1.0]] * 3)
    result = reconstruction_precision(two_cliques, perfect, ks=(6, 7))
    assert result.precision == (1.0, 6 / 7)
    assert result.n_edges_used == 6


def test_node_classification_separable_and_errors():
    vectors = np.array([[0.0, 1.0]] * 10 + [[1.0, 0.0]] * 10) + np.linspace(0, 0.01, 20)[:, None]
    labels = np.array(["a"] * 10 + ["b"] * 10, dtype=object)
    scores = node_classification(vectors, labels, train_fractions=(0.5,), n_repeats=2, seed=0)
    assert scores.micro_f1 == (1.0,) and scores.macro_f1 == (1.0,)
    assert scores.n_classes == 2 and scores.n_labelled == 20
    labels[0] = None  # unlabelled nodes are left out
    assert node_classification(vectors, labels, train_fractions=(0.5,), n_repeats=1).n_labelled == 19
    with pytest.raises(ParameterError, match="2 classes"):
        node_classification(vectors, np.zeros(20), train_fractions=(0.5,))
    with pytest.raises(ParameterError, match="train_fraction"):
        node_classification(vectors, labels, train_fractions=(1.0,))


@pytest.mark.parametrize("standardize", [True, False])
def test_node_classification_multilabel_top_k(standardize):
    vectors = np.array([[0.0, 1.0]] * 10 + [[1.0, 0.0]] * 10)
    labels = np.zeros((20, 3), dtype=int)
    labels[:10, 0] = 1
    labels[10:, 1] = 1
    labels[10:, 2] = 1  # the second group carries two labels
    scores = node_classification(vectors, labels, train_fractions=(0.5,), n_repeats=1, standardize=standardize,
                                 seed=0)
    assert scores.multilabel and scores.micro_f1[0] == 1.0


def test_node_classification_standardize_false_feeds_raw_vectors():
    # 8 nodes of class a at x = +1e-6, 4 of class b at x = -1e-6: a stratified 50 % split trains on 4 a + 2 b and
    # tests on 4 a + 2 b. Standardised on the training nodes, x is ±1-ish and separates the classes: F1 1.0.
    # Fed raw, x·w stays ~1e-12 under the C = 1 penalty, the intercept log(4/2) decides, and every test node is
    # predicted a: Micro-F1 = accuracy = 4/6; Macro-F1 = (F1_a + F1_b) / 2 = (2·(4/6)·1 / (4/6 + 1) + 0) / 2 = 0.4.
    vectors = np.array([[1e-6]] * 8 + [[-1e-6]] * 4)
    labels = np.array(["a"] * 8 + ["b"] * 4, dtype=object)
    scaled = node_classification(vectors, labels, train_fractions=(0.5,), n_repeats=2, seed=0)
    raw = node_classification(vectors, labels, train_fractions=(0.5,), n_repeats=2, standardize=False, seed=0)
    assert scaled.micro_f1 == (1.0,) and scaled.macro_f1 == (1.0,)
    assert raw.micro_f1 == pytest.approx((4 / 6,)) and raw.macro_f1 == pytest.approx((0.4,))
    # Raw vectors of a usable scale separate the classes too: the option changes scaling, nothing else.
    unit = node_classification(vectors * 1e6, labels, train_fractions=(0.5,), n_repeats=2, standardize=False, seed=0)
    assert unit.micro_f1 == (1.0,)


def test_link_prediction_holds_out_edges_and_beats_chance():
    karate = load_dataset("karate_club")
    result = link_prediction(karate, functools.partial(laplacian_eigenmaps, dim=4, seed=0), test_fraction=0.2, seed=0)
    assert result.n_held_out == round(0.2 * 78) and result.n_non_edges == result.n_held_out
    assert 0.6 < result.auc <= 1.0


def test_link_prediction_on_a_tree_has_nothing_to_hide(path_graph):
    with pytest.raises(EmptyGraphError):
        link_prediction(path_graph, functools.partial(fastrp, dim=2, seed=0))


def test_compare_neighbourhood_star(star_graph):
    perfect = np.vstack([np.full(4, 0.5), np.eye(4)])
    view = compare_neighbourhood(star_graph, perfect, 1, hops=1)
    assert view.true_neighbours.tolist() == [0] and view.nearest.tolist() == [0]
    assert view.precision == 1.0 and view.average_precision == 1.0
    with pytest.raises(ParameterError):
        compare_neighbourhood(star_graph, perfect, 9)


def test_project_2d_pca_and_tsne():
    vectors = np.random.default_rng(0).normal(size=(30, 5))
    assert project_2d(vectors).shape == (30, 2)
    assert project_2d(vectors, method="tsne", seed=0).shape == (30, 2)
    # a 1-D embedding: centred, the largest |coordinate| made positive, zero second axis
    np.testing.assert_allclose(project_2d(np.array([[0.0], [1], [2], [-6]])),
                               [[-0.75, 0], [-1.75, 0], [-2.75, 0], [5.25, 0]], atol=1e-12)


def test_assess_metrics_are_flat(two_cliques):
    perfect = np.array([[1.0, 0]] * 3 + [[0, 1.0]] * 3)
    metrics = assess(two_cliques, perfect, labels=np.array([0, 0, 0, 1, 1, 1]), train_fractions=(0.5,)).metrics()
    assert metrics["map@1"] == 1.0 and metrics["micro_f1"] == 1.0 and metrics["map_nodes"] == 6


def test_project_2d_tsne_above_the_sample_places_the_rest_by_nearest_neighbours(monkeypatch):
    from engine.embedding import assess as assess_module

    monkeypatch.setattr(assess_module, "TSNE_SAMPLE", 40)
    rng_ = np.random.default_rng(1)
    centres = np.array([[10.0, 0, 0], [0, 10.0, 0]])
    vectors = np.concatenate([centres[0] + rng_.normal(size=(50, 3)), centres[1] + rng_.normal(size=(50, 3))])
    messages = []
    coordinates = project_2d(vectors, method="tsne", seed=0, on_progress=lambda f, m: messages.append(m))
    assert coordinates.shape == (100, 2) and np.isfinite(coordinates).all()
    assert "t-SNE on 40 of 100 nodes" in messages[0]
    # the two clusters stay apart: every point is nearer its own cluster's centre
    a, b = coordinates[:50].mean(axis=0), coordinates[50:].mean(axis=0)
    own = np.linalg.norm(coordinates[:50] - a, axis=1) < np.linalg.norm(coordinates[:50] - b, axis=1)
    assert own.all()


def test_project_2d_tsne_progress_advances_through_the_iterations_and_is_seeded():
    vectors = np.random.default_rng(2).normal(size=(60, 6))
    reports = []
    first = project_2d(vectors, method="tsne", seed=4, on_progress=lambda f, m: reports.append((f, m)))
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and len(set(fractions)) > 20  # moves during the fit, never back
    assert "iteration 25 of 750" in reports[1][1] and "iteration 750 of 750" in reports[-1][1]
    np.testing.assert_array_equal(first, project_2d(vectors, method="tsne", seed=4))
