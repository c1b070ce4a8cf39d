"""Exceptions and warnings raised by the GraphLens engine.

Every error a user can cause (a bad file, a bad parameter, a graph that is too
large or empty) is a :class:`GraphLensError`, so callers such as the pages and
the CLI can catch one class and show its message.
"""

from __future__ import annotations

__all__ = [
    "GraphLensError",
    "MalformedFileError",
    "EmptyGraphError",
    "ParameterError",
    "GraphTooLargeError",
    "UnsupportedGraphError",
    "TimeLimitError",
    "RegistryError",
    "NotFittedError",
    "ConvergenceWarning",
    "UndefinedMetricWarning",
]


class GraphLensError(Exception):
    """Base class of every error the engine raises on bad input."""


class MalformedFileError(GraphLensError, ValueError):
    """A file could not be parsed.

    Parameters
    ----------
    message : str
        What was wrong.
    line : int, optional
        The 1-based line number where the problem was found, when known.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


class EmptyGraphError(GraphLensError, ValueError):
    """The input has no nodes or no edges where the method needs some."""


class ParameterError(GraphLensError, ValueError):
    """A parameter is outside its allowed range or of the wrong kind."""


class GraphTooLargeError(GraphLensError, ValueError):
    """The input exceeds a size limit (bytes, nodes or edges)."""


class UnsupportedGraphError(GraphLensError, TypeError):
    """The method does not support this kind of graph (e.g. directed)."""


class TimeLimitError(GraphLensError, TimeoutError):
    """A run passed its wall-clock limit and was stopped."""


class RegistryError(GraphLensError, OSError):
    """The run registry cannot be opened, read or written (the message names its path and the cause)."""


class NotFittedError(GraphLensError, ValueError, AttributeError):
    """A model was used before it was fitted."""


class ConvergenceWarning(UserWarning):
    """An iterative method stopped before converging."""


class UndefinedMetricWarning(UserWarning):
    """A metric is undefined for the input (e.g. no positive examples)."""
