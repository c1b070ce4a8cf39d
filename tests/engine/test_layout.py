"""engine.layout: shapes, normalisation, determinism, size limits, hand-checked circular and spectral cases."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import EmptyGraphError, ParameterError
from engine.layout import AUTO_IGRAPH_ABOVE, LAYOUT_METHODS, MAX_NODES, layout, stored_layout
from engine.types import Graph

METHODS = [m for m in LAYOUT_METHODS if m != "auto"]


@pytest.fixture
def barbell() -> Graph:
    """Two triangles 0-1-2 and 3-4-5 joined by the edge 2-3."""
    return Graph.from_edges([0, 1, 0, 3, 4, 3, 2], [1, 2, 2, 4, 5, 5, 3], name="barbell")


@pytest.mark.parametrize("method", LAYOUT_METHODS)
def test_layout_shape_and_normalisation(barbell, method):
    positions = layout(barbell, method, seed=0)
    assert positions.shape == (6, 2)
    assert np.all(np.isfinite(positions))
    assert np.abs(positions).max() == pytest.approx(1.0)
    # Centred: the bounding box is symmetric about the origin.
    np.testing.assert_allclose(positions.max(axis=0) + positions.min(axis=0), 0.0, atol=1e-12)


@pytest.mark.parametrize("method", LAYOUT_METHODS)
def test_layout_same_seed_same_positions(barbell, method):
    np.testing.assert_array_equal(layout(barbell, method, seed=7), layout(barbell, method, seed=7))


@pytest.mark.parametrize("method", ["fruchterman_reingold", "spring", "kamada_kawai"])
def test_layout_other_seed_other_start(barbell, method):
    assert not np.allclose(layout(barbell, method, seed=1), layout(barbell, method, seed=2))


def test_layout_fruchterman_reingold_deterministic_on_grid_size():
    """Above 500 nodes igraph uses its grid variant; the seed must still fix the result."""
    rng = np.random.default_rng(0)
    source = np.arange(1, 1200)
    target = rng.integers(0, source)  # a random tree on 1,200 nodes
    tree = Graph.from_edges(source, target)
    np.testing.assert_array_equal(layout(tree, seed=3), layout(tree, seed=3))


def test_layout_circular_hand_checked():
    square = Graph.from_edges([0, 1, 2, 3], [1, 2, 3, 0])
    expected = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    np.testing.assert_allclose(layout(square, "circular"), expected, atol=1e-12)


def test_layout_spectral_path_is_ordered(path_graph):
    """The second eigenvector of a path is monotone along it and antisymmetric, so x orders the nodes."""
    x = layout(path_graph, "spectral")[:, 0]
    assert np.all(np.diff(x) > 0) or np.all(np.diff(x) < 0)
    np.testing.assert_allclose(x, -x[::-1], atol=1e-9)
    np.testing.assert_allclose(np.abs(x[[0, 3]]), 1.0)


def test_layout_spectral_separates_components(two_components_graph):
    """The regularisation joins components weakly, so the second eigenvector tells them apart."""
    positions = layout(two_components_graph, "spectral")
    assert np.all(np.isfinite(positions))
    triangle, edge = positions[:3, 0], positions[3:, 0]
    assert triangle.max() < edge.min() or edge.max() < triangle.min()


def _share_at_centre(positions: np.ndarray) -> float:
    """Share of nodes within 5 % of the drawing's half-width of the median point (1.0: one blob)."""
    return float(np.mean(np.abs(positions - np.median(positions, axis=0)).max(axis=1) < 0.05))


def test_layout_spectral_spreads_a_clustered_graph():
    """ego-Facebook: with D - A, 80 % of the nodes sat on the centre point; regularised, under a quarter."""
    from engine.datasets import load_dataset

    positions = layout(load_dataset("ego_facebook"), "spectral")
    assert _share_at_centre(positions) < 0.25


def test_layout_spectral_sparse_solver_converges_whatever_the_seed():
    """Above 500 nodes the sparse eigensolver runs; the seed only starts it, so the layout does not move."""
    chords = Graph.from_edges(np.r_[np.arange(600), np.arange(0, 600, 7)],
                              np.r_[(np.arange(600) + 1) % 600, (np.arange(0, 600, 7) * 5) % 600])
    np.testing.assert_allclose(layout(chords, "spectral", seed=1), layout(chords, "spectral", seed=2), atol=1e-6)


def test_layout_spring_separates_components(two_components_graph):
    positions = layout(two_components_graph, "spring", seed=0)
    triangle, edge = positions[:3].mean(axis=0), positions[3:].mean(axis=0)
    spread = max(np.ptp(positions[:3], axis=0).max(), np.ptp(positions[3:], axis=0).max())
    assert np.linalg.norm(triangle - edge) > spread / 2


def test_layout_directed_graph_is_laid_out_like_undirected():
    directed = Graph.from_edges([0, 1, 2], [1, 2, 0], directed=True)
    undirected = Graph.from_edges([0, 1, 2], [1, 2, 0])
    np.testing.assert_allclose(layout(directed, "spectral", seed=0), layout(undirected, "spectral", seed=0))


def test_layout_single_node_and_isolated_nodes(empty_graph):
    np.testing.assert_array_equal(layout(Graph.from_edges([], [], n_nodes=1)), [[0.0, 0.0]])
    assert np.all(np.isfinite(layout(empty_graph, "fruchterman_reingold")))


def test_layout_auto_switches_to_igraph_above_threshold(monkeypatch):
    import engine.layout as module

    calls = []
    monkeypatch.setitem(module._LAYOUTS, "fruchterman_reingold", lambda g, s: calls.append("fr") or np.ones((g.n_nodes, 2)))
    monkeypatch.setitem(module._LAYOUTS, "spring", lambda g, s: calls.append("spring") or np.ones((g.n_nodes, 2)))
    small = Graph.from_edges([], [], n_nodes=AUTO_IGRAPH_ABOVE)
    large = Graph.from_edges([], [], n_nodes=AUTO_IGRAPH_ABOVE + 1)
    layout(small)
    layout(large)
    assert calls == ["spring", "fr"]


@pytest.mark.parametrize("method", ["spring", "kamada_kawai"])
def test_layout_refuses_slow_method_above_limit(method):
    limit = MAX_NODES[method]
    big = Graph.from_edges([], [], n_nodes=limit + 1)
    with pytest.raises(ParameterError, match=f"limited to {limit:,} nodes"):
        layout(big, method)


def test_layout_errors():
    with pytest.raises(EmptyGraphError):
        layout(Graph.from_edges([], [], n_nodes=0))
    g = Graph.from_edges([0], [1])
    with pytest.raises(ParameterError, match="method must be one of"):
        layout(g, "force_atlas")
    with pytest.raises(ParameterError, match="seed"):
        layout(g, seed=-1)


def test_layout_pivot_mds_path_is_a_line_in_order(path_graph):
    """Hop distances on a path are Euclidean on a line: classical MDS recovers the line exactly."""
    positions = layout(path_graph, "pivot_mds", seed=0)
    x = positions[:, 0]
    assert np.all(np.diff(x) > 0) or np.all(np.diff(x) < 0)
    np.testing.assert_allclose(np.abs(x), [1.0, 1 / 3, 1 / 3, 1.0], atol=1e-9)
    np.testing.assert_allclose(positions[:, 1], 0.0, atol=1e-9)


def test_layout_pivot_mds_grid_keeps_neighbours_close():
    side = 30
    index = np.arange(side * side).reshape(side, side)
    source = np.concatenate([index[:, :-1].ravel(), index[:-1, :].ravel()])
    target = np.concatenate([index[:, 1:].ravel(), index[1:, :].ravel()])
    grid = Graph.from_edges(source, target)
    positions = layout(grid, "pivot_mds", seed=3)
    edge_length = np.linalg.norm(positions[source] - positions[target], axis=1).mean()
    rng = np.random.default_rng(0)
    pairs = rng.integers(0, side * side, (2, 2000))
    random_length = np.linalg.norm(positions[pairs[0]] - positions[pairs[1]], axis=1).mean()
    assert edge_length < random_length / 10


def test_layout_pivot_mds_places_unreachable_nodes(two_components_graph):
    positions = layout(two_components_graph, "pivot_mds", seed=0)
    assert np.all(np.isfinite(positions))


def test_layout_auto_uses_pivot_mds_for_large_graphs(monkeypatch):
    import engine.layout as module

    calls = []
    monkeypatch.setitem(module._LAYOUTS, "pivot_mds", lambda g, s: calls.append("pivot") or np.ones((g.n_nodes, 2)))
    monkeypatch.setitem(module._LAYOUTS, "fruchterman_reingold", lambda g, s: calls.append("fr") or np.ones((g.n_nodes, 2)))
    layout(Graph.from_edges([], [], n_nodes=module.AUTO_PIVOT_MDS_ABOVE))
    layout(Graph.from_edges([], [], n_nodes=module.AUTO_PIVOT_MDS_ABOVE + 1))
    assert calls == ["fr", "pivot"]


def _reference_pivot_mds(graph: Graph, seed: int, k: int) -> np.ndarray:
    """Pivot MDS written out densely: scipy's hop distances, max-min pivots, eigenvectors of C^T C."""
    from scipy.sparse.csgraph import shortest_path

    from engine._igraph import undirected_simple

    hops = shortest_path(undirected_simple(graph), unweighted=True)
    n = graph.n_nodes
    rows, nearest = [], np.full(n, np.inf)
    pivot = int(np.random.default_rng(seed).integers(n))
    for _ in range(k):
        row = hops[pivot].copy()
        row[~np.isfinite(row)] = row[np.isfinite(row)].max() + 1
        rows.append(row)
        nearest = np.minimum(nearest, row)
        nearest[pivot] = -1
        pivot = int(np.argmax(nearest))
    squared = np.array(rows).T ** 2
    centred = -0.5 * (squared - squared.mean(axis=0) - squared.mean(axis=1, keepdims=True) + squared.mean())
    values, vectors = np.linalg.eigh(centred.T @ centred)
    positions = centred @ vectors[:, np.argsort(values)[::-1][:2]]
    positions *= np.sign(positions[np.abs(positions).argmax(axis=0), [0, 1]])
    positions -= (positions.max(axis=0) + positions.min(axis=0)) / 2
    return positions / np.abs(positions).max()


@pytest.mark.parametrize("seed", [0, 5])
def test_layout_pivot_mds_matches_dense_reference(seed):
    """The sliced, direction-optimising version gives the dense textbook computation's positions, on a
    graph whose searches go bottom-up (a hub) and with an unreachable part (an isolated pair)."""
    rng = np.random.default_rng(seed)
    source = np.concatenate([np.zeros(30, dtype=int), rng.integers(1, 120, 150), [120]])
    target = np.concatenate([np.arange(1, 31), rng.integers(1, 120, 150), [121]])
    graph = Graph.from_edges(source, target)
    np.testing.assert_allclose(layout(graph, "pivot_mds", seed=seed),
                               _reference_pivot_mds(graph, seed, min(50, graph.n_nodes)), atol=1e-9)


def test_stored_layout_saves_once_and_reads_back(barbell, tmp_path, monkeypatch):
    import engine.layout as module

    first = stored_layout(barbell, "auto", seed=4, directory=tmp_path)
    np.testing.assert_array_equal(first, layout(barbell, "auto", seed=4))
    [saved] = tmp_path.iterdir()
    assert saved.name == f"{barbell.fingerprint()}-spring-4-v{module.STORE_VERSION}.npy"
    monkeypatch.setitem(module._LAYOUTS, "spring", lambda g, s: pytest.fail("the stored layout was recomputed"))
    np.testing.assert_array_equal(stored_layout(barbell, "spring", seed=4, directory=tmp_path), first)


def test_stored_layout_defaults_to_graphlens_home(barbell, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHLENS_HOME", str(tmp_path / "home"))
    stored_layout(barbell, "circular", seed=0)
    assert len(list((tmp_path / "home" / "layouts").glob("*-circular-0-v*.npy"))) == 1
    stored_layout(barbell, "spring")  # no seed: a fresh one each call, nothing worth keeping
    assert len(list((tmp_path / "home" / "layouts").iterdir())) == 1


def test_stored_layout_recomputes_a_damaged_file_and_survives_a_read_only_folder(barbell, tmp_path):
    stored_layout(barbell, "circular", seed=0, directory=tmp_path)
    [saved] = tmp_path.iterdir()
    saved.write_bytes(b"not an array")
    expected = layout(barbell, "circular", seed=0)
    np.testing.assert_array_equal(stored_layout(barbell, "circular", seed=0, directory=tmp_path), expected)
    np.save(saved, np.zeros((3, 2)))  # wrong shape for this graph
    np.testing.assert_array_equal(stored_layout(barbell, "circular", seed=0, directory=tmp_path), expected)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    np.testing.assert_array_equal(stored_layout(barbell, "circular", seed=0, directory=blocker / "layouts"), expected)


def test_stored_layout_checks_its_arguments(barbell, tmp_path):
    with pytest.raises(ParameterError, match="method must be one of"):
        stored_layout(barbell, "force_atlas", seed=0, directory=tmp_path)
    with pytest.raises(ParameterError, match="seed"):
        stored_layout(barbell, seed=-1, directory=tmp_path)
    assert not list(tmp_path.iterdir())
