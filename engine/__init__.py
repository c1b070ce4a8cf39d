"""GraphLens engine: graph loading, metrics, layouts, methods and Plotly figures.

A plain library (it never imports streamlit), usable from notebooks, scripts,
the ``python -m engine`` CLI and the Streamlit pages.
"""

from engine.errors import (
    EmptyGraphError,
    GraphLensError,
    GraphTooLargeError,
    MalformedFileError,
    ParameterError,
    UnsupportedGraphError,
)
from engine.types import Graph

__all__ = [
    "Graph",
    "GraphLensError",
    "MalformedFileError",
    "EmptyGraphError",
    "ParameterError",
    "GraphTooLargeError",
    "UnsupportedGraphError",
]
