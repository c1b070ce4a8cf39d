"""Start the GraphLens server (``make run``) with the app's modules and compiled kernels already loaded.

A bare ``streamlit run app.py`` imports nothing of the app until its first visitor arrives: that visitor's
page then waits for numpy, pandas, scipy, networkx, igraph, numba, the engine and Plotly's figure template
to load, and the first large graph drawn waits for numba to load its compiled kernels from disk (several
seconds on a 2-core machine, see the "first paint" rows of bench/RESULTS.md). Here that work is done once,
before the server listens, so the first page costs what every later page costs.

Usage: ``python serve.py [streamlit run options]``, e.g. ``python serve.py --server.port 8501``.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time

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
    from engine.metrics import graph_summary, node_metric
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
    network_figure(tiny, positions, color=node_metric(tiny, "louvain"), size=np.ones(3))
    load_dataset("les_miserables")  # the default page's graph (kept by the engine's own cache)


def main(argv: list[str]) -> None:
    """Warm up, then hand over to ``streamlit run app.py`` with ``argv``."""
    start = time.perf_counter()
    warm_up()
    print(f"GraphLens: modules and kernels loaded in {time.perf_counter() - start:.1f} s", flush=True)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", *argv]
    sys.exit(cli.main())


if __name__ == "__main__":
    main(sys.argv[1:])
