"""Methods for the grid tests, importable by name on Dask workers (their directory is put on sys.path)."""

from __future__ import annotations

import time

from engine.errors import EmptyGraphError
from engine.methods import Method, Param


class Counted:
    """A result with one metric: the number of nodes."""

    def __init__(self, n_nodes: int) -> None:
        self.n_nodes = n_nodes

    def metrics(self) -> dict:
        return {"n_nodes": self.n_nodes}

    def details(self) -> dict:
        return {}


def fail_on_seed(inputs, *, seed, on_progress, bad_seed: int):
    """Raise EmptyGraphError for ``bad_seed``, count the nodes otherwise."""
    on_progress(0.5, "counting")
    if seed == bad_seed:
        raise EmptyGraphError(f"seed {seed} is the bad seed")
    return Counted(inputs.graph.n_nodes)


def crash(inputs, *, seed, on_progress):
    """Raise an error that is not a GraphLensError (a bug)."""
    raise RuntimeError("boom")


def sleep_silently(inputs, *, seed, on_progress, seconds: float):
    """Sleep without reporting progress (only the client's hard limit can stop it)."""
    time.sleep(seconds)
    return Counted(inputs.graph.n_nodes)


FAIL_ON_SEED = Method("summarization", "fail_on_seed", "Fails on one seed", "graph", fail_on_seed,
                      (Param("bad_seed", 2, low=0, high=100),), paper="test helper")
CRASH = Method("summarization", "crash", "Crashes", "graph", crash, paper="test helper")
SLEEP = Method("summarization", "sleep_silently", "Sleeps", "graph", sleep_silently,
               (Param("seconds", 60.0, low=0.0, high=600.0),), paper="test helper")
