"""GraphLens engine: graph loading, metrics, layouts, methods and Plotly figures.

A plain library (it never imports streamlit), usable from notebooks, scripts,
the ``python -m engine`` CLI and the Streamlit pages.
"""

#: Version of the engine; part of every run's identity, so a new version recomputes grid tasks.
__version__ = "0.9.0"

from engine.errors import (  # noqa: E402
    EmptyGraphError,
    GraphLensError,
    GraphTooLargeError,
    MalformedFileError,
    ParameterError,
    UnsupportedGraphError,
)
from engine.types import Graph  # noqa: E402

__all__ = [
    "__version__",
    "Graph",
    "GraphLensError",
    "MalformedFileError",
    "EmptyGraphError",
    "ParameterError",
    "GraphTooLargeError",
    "UnsupportedGraphError",
]
