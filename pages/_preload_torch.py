"""Imports torch and the engine modules built on it, once, for the pages that need them (Embeddings,
Scene graphs): see :mod:`pages._preload`, which it imports first.

Not a page itself; imported as ``pages._preload_torch``.
"""

from __future__ import annotations

import importlib

import pages._preload  # noqa: F401 - the modules every page needs, first

#: Torch, PyTorch Geometric and the engine modules that import them.
MODULES = ("torch", "torch_geometric.data", "engine.embedding", "engine.embedding.assess", "engine.scenegraph",
           "engine.scenegraph.synthetic", "engine.figures.embedding", "engine.figures.scenegraph")

for _module in MODULES:
    importlib.import_module(_module)
