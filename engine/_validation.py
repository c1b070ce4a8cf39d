"""Parameter checks shared by the engine; each raises :class:`ParameterError`."""

from __future__ import annotations

import numbers

import numpy as np

from engine.errors import ParameterError, UnsupportedGraphError

__all__ = [
    "check_positive_int",
    "check_nonnegative_int",
    "check_in_range",
    "check_choice",
    "check_undirected",
    "rng",
    "seed_value",
    "DEFAULT_SEED",
]


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as an int if it is an integer >= 1, else raise ParameterError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ParameterError(f"{name} must be an integer >= 1 (got {value!r})")
    return int(value)


def check_nonnegative_int(value, name: str) -> int:
    """Return ``value`` as an int if it is an integer >= 0, else raise ParameterError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ParameterError(f"{name} must be an integer >= 0 (got {value!r})")
    return int(value)


def check_in_range(
    value,
    name: str,
    low: float | None = None,
    high: float | None = None,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a float if it lies in the interval, else raise ParameterError.

    Examples
    --------
    >>> check_in_range(0.5, "ratio", 0, 1, low_inclusive=False, high_inclusive=False)
    0.5
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ParameterError(f"{name} must be a finite number (got {value!r})")
    too_low = low is not None and (value < low if low_inclusive else value <= low)
    too_high = high is not None and (value > high if high_inclusive else value >= high)
    if too_low or too_high:
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        raise ParameterError(f"{name} must be in {left}{lo}, {hi}{right} (got {value!r})")
    return float(value)


def check_choice(value, name: str, choices) -> str:
    """Return ``value`` if it is one of ``choices``, else raise ParameterError."""
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise ParameterError(f"{name} must be one of {allowed} (got {value!r})")
    return value


def check_undirected(graph, method: str) -> None:
    """Raise UnsupportedGraphError if ``graph`` is directed."""
    if graph.directed:
        raise UnsupportedGraphError(f"{method} needs an undirected graph (got a directed one)")


#: The seed offered first by every page and used by every CLI command unless ``--seed`` says otherwise.
#: The engine's own functions default to ``seed=None`` (fresh randomness); entry points pass a seed.
DEFAULT_SEED = 1


def seed_value(seed) -> int:
    """An integer seed for libraries that take one (igraph, networkx): ``seed`` itself, checked, or for
    ``None`` a fresh one drawn from :func:`rng`.

    >>> seed_value(7)
    7
    >>> 0 <= seed_value(None) < 2**31
    True
    """
    if seed is None:
        return int(rng(None).integers(2**31))
    return check_nonnegative_int(seed, "seed")


def rng(seed) -> np.random.Generator:
    """Return a numpy Generator for ``seed`` (None, an int, or a Generator)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0):
        raise ParameterError(f"seed must be None or an integer >= 0 (got {seed!r})")
    return np.random.default_rng(seed)
