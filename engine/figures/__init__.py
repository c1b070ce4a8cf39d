"""Plotly figure builders: each function returns a ``plotly.graph_objects.Figure`` and never displays it.

One module per capability (``engine.figures.graph``, ``engine.figures.compare``, ...);
import the module you need, this package imports nothing.
"""
