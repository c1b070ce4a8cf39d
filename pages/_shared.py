"""Widgets and helpers shared by every page: graph picker, error guard, progress.

Not a page itself: ``app.py`` lists pages explicitly, and this module is
imported as ``pages._shared``.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Callable, Iterator

import streamlit as st

from engine.datasets import dataset_info, list_datasets, load_dataset
from engine.errors import GraphLensError
from engine.io import read_graph
from engine.types import Graph

#: Session-state key of the graph shared between pages ("the current graph").
CURRENT_GRAPH = "current_graph"
#: Largest upload the pages accept, in bytes (matches .streamlit/config.toml).
MAX_UPLOAD_BYTES = 50 * 2**20
#: Extensions offered by the graph uploader.
GRAPH_FILE_TYPES = ["csv", "tsv", "txt", "edges", "edgelist", "graphml", "gexf", "gml", "json", "mtx", "gz"]

_log = logging.getLogger("graphlens")
_LEFT_LEGACY_MODE = "_shared.left_legacy_pages_mode"


@contextmanager
def guard(action: str = "That") -> Iterator[None]:
    """Show engine errors as ``st.error`` and anything else as a short message, never a traceback."""
    try:
        yield
    except GraphLensError as exc:
        st.error(str(exc))
    except Exception as exc:  # noqa: BLE001 - the page must not show a traceback
        _log.exception("unexpected error")
        st.error(f"{action} failed unexpectedly ({type(exc).__name__}: {exc}). The error was logged.")


@st.cache_resource(show_spinner=False)
def cached_dataset(name: str) -> Graph:
    """A shipped dataset, loaded once per process."""
    return load_dataset(name)


@st.cache_data(show_spinner="Reading the file…", max_entries=8)
def parse_upload(data: bytes, filename: str) -> Graph:
    """Parse uploaded bytes into a Graph (cached by content)."""
    return read_graph(data, name=filename)


def set_current_graph(graph: Graph) -> None:
    """Make ``graph`` the current graph, offered by every page's picker."""
    st.session_state[CURRENT_GRAPH] = graph


def current_graph() -> Graph | None:
    """The current graph, if one was chosen on any page."""
    return st.session_state.get(CURRENT_GRAPH)


def graph_picker(key: str, *, default: str = "les_miserables") -> Graph | None:
    """Pick a built-in dataset, an upload or the current graph; return the chosen Graph.

    A failed upload shows its error and keeps the previously picked graph.

    Parameters
    ----------
    key : str
        Widget-key prefix, so the picker can appear on several pages.
    default : str
        Dataset selected first.
    """
    sources = ["Built-in dataset", "Upload a file"]
    if current_graph() is not None:
        sources.insert(0, "Current graph")
    source = st.radio("Graph", sources, key=f"{key}.source", horizontal=True)
    last_key = f"{key}.last_graph"
    if source == "Current graph":
        graph = current_graph()
    elif source == "Built-in dataset":
        names = [info.name for info in list_datasets()]
        name = st.selectbox(
            "Dataset",
            names,
            index=names.index(default) if default in names else 0,
            key=f"{key}.dataset",
            format_func=lambda n: f"{dataset_info(n).title} ({dataset_info(n).n_nodes:,} nodes)",
        )
        graph = cached_dataset(name)
    else:
        upload = st.file_uploader(
            "Graph file (edge list CSV/TSV, GraphML, GEXF, GML, node-link JSON, Matrix Market)",
            type=GRAPH_FILE_TYPES,
            key=f"{key}.upload",
        )
        graph = st.session_state.get(last_key)
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                st.error(f"{upload.name} is {upload.size / 2**20:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 2**20:.0f} MB.")
            else:
                with guard("Reading the file"):
                    graph = parse_upload(upload.getvalue(), upload.name)
        if graph is not None and upload is not None and graph.name != upload.name:
            st.info(f"Still showing the previous graph, {graph.name}.")
    if graph is not None:
        st.session_state[last_key] = graph
    return graph


def page_title(title: str) -> None:
    """Show the page title, first making sure the page runs inside ``app.py``'s navigation.

    A server whose first visitor opens a deep link (``/embeddings``) starts in Streamlit's legacy
    multipage mode, which runs ``pages/<name>.py`` without ``app.py`` and lists every file of
    ``pages/`` (``_shared`` included) in the sidebar. Leaving that mode and rerunning lets
    ``app.py``'s ``st.navigation`` take over, on the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get(_LEFT_LEGACY_MODE):
        # Once per session: the switch is process-wide, so later sessions start in app.py directly.
        st.session_state[_LEFT_LEGACY_MODE] = True
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.title(title)


def progress_callback(bar) -> Callable[[float, str], None]:
    """An ``on_progress(fraction, message)`` callback that drives an ``st.progress`` bar.

    Inside an ``st.cache_data`` function, create the bar in that function too: a cache hit replays the
    function's elements, and a bar made outside it cannot be replayed (``CacheReplayClosureError``).
    """

    def update(fraction: float, message: str = "") -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=message or None)

    return update
