"""Shared fixtures: tiny named graphs, an isolated run registry, clean Streamlit caches."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.types import Graph

#: ../shared beside the checkout; tests that need it skip when it is absent (a user's machine).
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SHARED_DATA = SHARED / "data"
needs_shared = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is absent (only developers and CI have it)")


@pytest.fixture(autouse=True)
def isolated_registry(tmp_path, monkeypatch) -> Path:
    """Every test writes runs to its own registry under tmp_path."""
    home = tmp_path / "graphlens-home"
    monkeypatch.setenv("GRAPHLENS_HOME", str(home))
    return home


@pytest.fixture
def clear_streamlit_caches():
    """Clear Streamlit's process-global caches before and after an AppTest."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def path_graph() -> Graph:
    """0 - 1 - 2 - 3."""
    return Graph.from_edges([0, 1, 2], [1, 2, 3], name="path")


@pytest.fixture
def star_graph() -> Graph:
    """Centre 0 joined to 1..4."""
    return Graph.from_edges([0, 0, 0, 0], [1, 2, 3, 4], name="star")


@pytest.fixture
def triangle_graph() -> Graph:
    """The 3-cycle."""
    return Graph.from_edges([0, 1, 0], [1, 2, 2], name="triangle")


@pytest.fixture
def two_components_graph() -> Graph:
    """A triangle 0-1-2 and an edge 3-4."""
    return Graph.from_edges([0, 1, 0, 3], [1, 2, 2, 4], name="two components")


@pytest.fixture
def empty_graph() -> Graph:
    """Three nodes, no edges."""
    return Graph.from_edges([], [], n_nodes=3, name="empty")


#: Small parameters per method so that each runs in about a second on :func:`method_inputs`
#: (FastRP with link prediction on, so that every metric key a method can report appears).
METHOD_TEST_PARAMS = {
    "slugger": {"n_iterations": 3},
    "ssumm": {"n_iterations": 3, "ratio": 0.3},
    "shyre": {"budget": 50},
    "baseline": {"epochs": 1},
    "dnorm": {"epochs": 1},
    "dnorm-fgbg": {"epochs": 1},
    "fastrp": {"dim": 8, "link_prediction": True},
    "hope": {"dim": 8},
    "laplacian": {"dim": 8},
    "deepwalk": {"dim": 8, "walks_per_node": 2, "walk_length": 10},
    "node2vec": {"dim": 8, "walks_per_node": 2, "walk_length": 10},
    "sdne": {"dim": 8, "hidden": 16, "n_epochs": 2},
}


@pytest.fixture
def method_params() -> dict:
    """:data:`METHOD_TEST_PARAMS`: small parameters of each method, by name."""
    return METHOD_TEST_PARAMS


@pytest.fixture(scope="session")
def method_inputs() -> dict:
    """One tiny input of every kind a method takes, by input kind.

    The graph is two labelled 5-cliques joined by one edge; the hypergraphs are small; the scene graphs
    are 24 synthetic training and 8 test images.
    """
    import numpy as np

    from engine.hypergraph import Hypergraph
    from engine.methods import GraphInput, HypergraphPair, SceneGraphSplit
    from engine.scenegraph import generate_synthetic

    sources, targets = [], []
    for offset in (0, 5):
        for u in range(5):
            for v in range(u + 1, 5):
                sources.append(u + offset)
                targets.append(v + offset)
    graph = Graph.from_edges(sources + [4], targets + [5], name="two cliques")
    hyperedges = [[0, 1, 2], [2, 3], [3, 4, 5], [5, 6], [6, 7, 8], [0, 8], [1, 4, 7], [2, 5, 8]]
    train = Hypergraph.from_hyperedges(hyperedges, name="tiny")
    test = Hypergraph.from_hyperedges([[10, 11, 12], [12, 13], [13, 14, 15], [10, 15]], name="tiny")
    split = generate_synthetic(24, 8, seed=0)
    return {
        "graph": GraphInput(graph, labels=np.array([0] * 5 + [1] * 5)),
        "hypergraph_pair": HypergraphPair(train, test),
        "scenegraph_split": SceneGraphSplit(split.train, split.test),
    }
