"""Start the GraphLens server (``make run``) with the app's modules and compiled kernels already loaded.

A bare ``streamlit run app.py`` imports nothing of the app until its first visitor arrives: that visitor's
page then waits for numpy, pandas, scipy, networkx, igraph, numba, the engine and Plotly's figure template
to load, and the first large graph drawn waits for numba to load its compiled kernels from disk (several
seconds on a 2-core machine, see the "first paint" rows of bench/RESULTS.md). Here that work is done once,
before the server listens, so the first page costs what every later page costs.

When ``$GRAPHLENS_DATA_DIR`` lists local graph files, a background process (lowest CPU priority, started
after the warm-up, never delaying the server) prepares each of them for the Explore page: it parses the file
once into ``$GRAPHLENS_HOME/graphs`` (:func:`engine.graph_store.stored_graph`) and stores the whole graph's
layout (``auto``, the page's default seed) in ``$GRAPHLENS_HOME/layouts`` and its PageRank in
``$GRAPHLENS_HOME/metrics``, so that the first user to open a 1M-node file reads it back in about a second
instead of parsing it, laying it out and ranking it (bench/RESULTS.md,
"Explore: statistics and reading at 1M nodes"). Set ``GRAPHLENS_PREPARE_LOCAL=0`` to skip it; run it alone
with ``python serve.py --prepare-local-datasets``.

Usage: ``python serve.py [streamlit run options]``, e.g. ``python serve.py --server.port 8501``.
"""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np


def warm_up() -> None:
    """Import what the default page runs and load the numba kernels (compiling them on a first install)."""
    import plotly.io as pio

    # Every module the pages import. Their st.cache_data functions only check their parameters now and find
    # the server's cache when first called; the "no runtime" warning of that check is not for operators.
    caching_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = caching_log.level
    caching_log.setLevel(logging.ERROR)
    try:
        importlib.import_module("pages._preload")
    finally:
        caching_log.setLevel(level)
    from engine.datasets import load_dataset
    from engine.figures.graph import edge_image, network_figure
    from engine.layout import layout
    from engine.metrics import graph_summary, load_compiled_kernels, node_metric
    from engine.overview import node_raster
    from engine.types import Graph

    _ = pio.templates["plotly_white"]  # Plotly builds a named template on its first use
    tiny = Graph.from_edges([0, 1, 2], [1, 2, 0], name="warm-up")
    positions = layout(tiny, "pivot_mds")  # numba: the pivot searches
    edge_image(tiny, positions, image_size=(8, 8))  # numba: the edge raster
    node_raster(positions, np.zeros((3, 4), dtype=np.uint8), width=8, height=8, x_range=(-1, 1), y_range=(-1, 1))
    layout(tiny, "spring")
    layout(tiny, "fruchterman_reingold")
    graph_summary(tiny)
    load_compiled_kernels()  # numba: the statistics of graphs above 200,000 nodes
    network_figure(tiny, positions, color=node_metric(tiny, "louvain"), size=np.ones(3))
    load_dataset("les_miserables")  # the default page's graph (kept by the engine's own cache)


#: Argument that runs :func:`prepare_local_datasets` instead of the server.
PREPARE = "--prepare-local-datasets"
#: Environment variable that turns the background preparation off when set to 0.
PREPARE_ENV = "GRAPHLENS_PREPARE_LOCAL"


def prepare_local_datasets() -> list[str]:
    """Parse and store every local dataset of ``$GRAPHLENS_DATA_DIR`` and store its whole-graph layout and
    PageRank.

    Returns one line per dataset (what was done and how long it took); a file that cannot be read is
    reported in its line and skipped (the page shows the same error when a user picks it).
    """
    from engine.datasets import load_local_dataset, local_datasets
    from engine.errors import GraphLensError
    from engine.layout import stored_layout
    from engine.metrics import stored_node_metric
    from pages._shared import DEFAULT_SEED

    lines = []
    for name in local_datasets():
        start = time.perf_counter()
        try:
            graph = load_local_dataset(name)
            read = time.perf_counter() - start
            stored_layout(graph, "auto", seed=DEFAULT_SEED)
            placed = time.perf_counter() - start - read
            stored_node_metric(graph, "pagerank")  # the page's first metric beyond degree (6-8 CPU s at 1M nodes)
        except (GraphLensError, OSError, MemoryError) as exc:
            lines.append(f"{name}: not prepared ({exc})")
        else:
            lines.append(f"{name}: {graph.n_nodes:,} nodes, {graph.n_edges:,} edges; read {read:.1f} s, "
                         f"layout {placed:.1f} s, pagerank {time.perf_counter() - start - read - placed:.1f} s")
            del graph
        print(f"GraphLens: local dataset {lines[-1]}", flush=True)
    return lines


def start_preparing() -> subprocess.Popen | None:
    """Run :func:`prepare_local_datasets` in a separate process at the lowest CPU priority, or None when
    there is no local dataset or ``$GRAPHLENS_PREPARE_LOCAL`` is 0."""
    from engine.datasets import local_datasets

    if os.environ.get(PREPARE_ENV, "1").strip() == "0" or not local_datasets():
        return None
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), PREPARE],
                            cwd=Path(__file__).resolve().parent, preexec_fn=_low_priority_child)


def _low_priority_child() -> None:
    """In the child before it runs: lowest CPU priority, and (Linux) end when the server ends."""
    os.nice(19)
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the preparation finishes on its own


def main(argv: list[str]) -> None:
    """Warm up, start preparing the local datasets, then hand over to ``streamlit run app.py`` with ``argv``."""
    if argv == [PREPARE]:
        prepare_local_datasets()
        return
    start = time.perf_counter()
    warm_up()
    print(f"GraphLens: modules and kernels loaded in {time.perf_counter() - start:.1f} s", flush=True)
    start_preparing()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", *argv]
    sys.exit(cli.main())


if __name__ == "__main__":
    main(sys.argv[1:])
