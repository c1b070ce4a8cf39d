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
