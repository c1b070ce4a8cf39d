"""Imports every module the pages use, once, before a page's own imports run.

Each page imports this module first. Streamlit runs every browser session's script in its own
thread, so on a fresh server several sessions import pandas, plotly, torch and the engine at the same
moment; packages with circular imports then fail in all but one thread (``ImportError: cannot import
name ... from partially initialized module`` or ``_DeadlockError``), which the soak test showed as
exception boxes. Python's per-module import lock makes every other thread wait here until one thread
has imported everything, so that no page ever imports a heavy package concurrently.

Not a page itself (``app.py`` lists pages explicitly); imported as ``pages._preload``.
"""

from __future__ import annotations

import importlib

#: Third-party packages, engine modules (with those the methods import lazily) and the shared page modules.
#: Torch is not among them (it takes seconds): the two pages that need it import ``pages._preload_torch``.
MODULES = (
    "numpy", "pandas", "pandas.api.types", "scipy.sparse", "networkx", "plotly.graph_objects", "plotly.subplots",
    "engine.datasets", "engine.demos", "engine.errors", "engine.experiments", "engine.glossary", "engine.io",
    "engine.layout", "engine.methods", "engine.metrics", "engine.overview", "engine.runs", "engine.types",
    "engine.summarization", "engine.hypergraph", "engine.hypergraph.datasets", "engine.hypergraph.evaluate",
    "engine.figures.compare", "engine.figures.experiments", "engine.figures.graph", "engine.figures.hypergraph",
    "engine.figures.summary", "pages._shared", "pages._teaching",
)

for _module in MODULES:
    importlib.import_module(_module)
