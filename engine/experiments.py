"""Grids of runs: methods × datasets × parameter values × seeds, run on Dask distributed.

A :class:`Grid` is read from a small TOML file (or the same dict in Python)::

    name = "ssumm_size_error"
    datasets = ["les_miserables", "ego_facebook"]      # shipped names or files
    seeds = [1, 2, 3]
    time_limit = 600                                   # seconds per task (optional)

    [methods.ssumm]
    ratio = [0.05, 0.1, 0.3]                           # a list is swept, a scalar is fixed
    [methods.slugger]

:func:`expand` turns it into :class:`Task` s (every method × its parameter combinations ×
dataset × seed); :func:`run_grid` runs them on a Dask cluster — a ``LocalCluster`` of
worker processes on this machine, or an existing cluster given by its scheduler address —
through :func:`engine.methods.execute`, and records every run (with the grid's id) in the
registry from the client only. A task whose :func:`~engine.methods.task_key` already has a
finished run is skipped, so a grid is resumable; a failing task is recorded "failed" and the
grid goes on; a task that passes its time limit is recorded "timed_out".

Examples
--------
>>> grid = parse_grid('name = "demo"\\ndatasets = ["karate_club"]\\nseeds = [1, 2]\\n'
...                   '[methods.ssumm]\\nratio = [0.2, 0.5]\\n[methods.slugger]\\n')
>>> len(expand(grid)), grid.id.startswith("demo-")
(6, True)
>>> parse_grid('datasets = ["karate_club"]\\nseeds = [1]\\n[methods.ssumm]\\nratio = [2.0]\\n')
Traceback (most recent call last):
...
engine.experiments.GridError: methods.ssumm.ratio: ratio must be in [0.001, 0.99] (got 2.0)
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import math
import numbers
import os
import re
import sys
import threading
import time
import tomllib
import types
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from engine import __version__
from engine.errors import GraphLensError, ParameterError
from engine.methods import (
    DEFAULT_TIME_LIMIT,
    GraphInput,
    HypergraphPair,
    Method,
    SceneGraphSplit,
    execute,
    get_method,
    task_key,
)
from engine.runs import Run, RunRegistry, jsonable, shared_runs_enabled

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GridError",
    "DatasetSpec",
    "Grid",
    "Task",
    "GridProgress",
    "GridResult",
    "MAX_TASKS",
    "GRIDS_DIR",
    "parse_grid",
    "load_grid",
    "list_grids",
    "expand",
    "resolve_inputs",
    "run_tasks",
    "run_grid",
    "local_cluster",
    "hard_time_limit",
    "runs_table",
    "setting_summary",
    "pareto_front",
]

#: Most tasks a grid may expand to.
MAX_TASKS = 10_000
#: The shipped grids.
GRIDS_DIR = Path(__file__).resolve().parent.parent / "assets" / "grids"
#: Options a dataset table may have, per input kind.
_DATASET_KEYS = {
    "graph": ("name", "label"),
    "hypergraph_pair": ("name", "train", "test", "label"),
    "scenegraph_split": ("name", "n_train", "n_test", "label"),
}
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")
_log = logging.getLogger("graphlens.experiments")


class GridError(GraphLensError, ValueError):
    """A grid (TOML file or dict) is malformed or names an unknown method, dataset or bad value."""


# --------------------------------------------------------------------------- the grid
@dataclass(frozen=True)
class DatasetSpec:
    """One dataset of a grid.

    ``name`` is a shipped dataset (graph, hypergraph pair), ``"synthetic"`` or ``"demo"``
    (scene graphs), or a file path; a hypergraph pair may instead give ``train`` and
    ``test`` files. Synthetic scene graphs have ``n_train`` / ``n_test`` images.
    """

    name: str = ""
    train: str = ""
    test: str = ""
    n_train: int = 2000
    n_test: int = 500
    label: str = ""

    @property
    def title(self) -> str:
        """The name shown in tables and figures."""
        if self.label:
            return self.label
        if self.train:
            return f"{Path(self.train).name} → {Path(self.test).name}"
        if self.name == "synthetic":
            return f"synthetic ({self.n_train}/{self.n_test})"
        return Path(self.name).name if ("/" in self.name or os.sep in self.name) else self.name

    def as_dict(self) -> dict:
        """The spec as a TOML/JSON-able dict (only the fields that matter)."""
        if self.train:
            out = {"train": self.train, "test": self.test}
        elif self.name == "synthetic":
            out = {"name": self.name, "n_train": self.n_train, "n_test": self.n_test}
        else:
            out = {"name": self.name}
        return {**out, "label": self.label} if self.label else out


@dataclass(frozen=True)
class Grid:
    """Methods (each with parameter lists) × datasets × seeds, with a time limit per task.

    ``methods`` holds ``(method name, ((param, (values…)), …))`` pairs; use
    :func:`parse_grid` or :func:`load_grid` to build a validated grid.
    """

    name: str
    methods: tuple[tuple[str, tuple[tuple[str, tuple[Any, ...]], ...]], ...]
    datasets: tuple[DatasetSpec, ...]
    seeds: tuple[int, ...]
    time_limit: float = DEFAULT_TIME_LIMIT
    description: str = ""

    @property
    def input_kind(self) -> str:
        """The kind of input every method of the grid takes."""
        return get_method(self.methods[0][0]).input_kind

    @property
    def id(self) -> str:
        """``name-hash``: the same methods, values, datasets and seeds give the same id (runs resume under it)."""
        text = json.dumps([self.name, jsonable(self.to_dict()["methods"]), [d.as_dict() for d in self.datasets],
                           list(self.seeds)], sort_keys=True)
        return f"{self.name}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"

    @property
    def n_tasks(self) -> int:
        """Number of tasks the grid expands to."""
        per_dataset = sum(math.prod(len(values) for _, values in params) for _, params in self.methods)
        return per_dataset * len(self.datasets) * len(self.seeds)

    def to_dict(self) -> dict:
        """The grid as the dict :func:`parse_grid` reads."""
        return {
            "name": self.name, "description": self.description, "time_limit": self.time_limit,
            "datasets": [d.as_dict() for d in self.datasets], "seeds": list(self.seeds),
            "methods": {m: {p: list(v) if len(v) > 1 else v[0] for p, v in params} for m, params in self.methods},
        }

    def to_toml(self) -> str:
        """The grid as TOML text (``parse_grid(grid.to_toml()) == grid``)."""
        data = self.to_dict()
        lines = [f"name = {json.dumps(self.name)}"]
        if self.description:
            lines.append(f"description = {json.dumps(self.description)}")
        lines.append(f"time_limit = {self.time_limit:g}")
        datasets = ", ".join(_toml_value(d) for d in data["datasets"])
        lines += [f"datasets = [{datasets}]", f"seeds = {_toml_value(list(self.seeds))}"]
        for method, params in data["methods"].items():
            lines += ["", f"[methods.{method}]"] + [f"{p} = {_toml_value(v)}" for p, v in params.items()]
        return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value)


def parse_grid(source: str | bytes | Mapping[str, Any], *, base_dir: str | Path | None = None) -> Grid:
    """Read and validate a grid from TOML text or a dict.

    Parameters
    ----------
    source : str, bytes or mapping
        TOML text, or the same structure as a dict: ``name``, ``description``,
        ``time_limit``, ``datasets`` (names, paths or tables), ``seeds`` (integers) and
        ``methods`` (a table per method of parameter values or lists of values).
    base_dir : path, optional
        Directory that relative dataset paths are taken from (the TOML file's).

    Returns
    -------
    Grid

    Raises
    ------
    GridError
        A one-line message naming the key (or the TOML line) at fault: malformed TOML, an
        unknown key, method, parameter or dataset, a value out of range, methods taking
        different kinds of input, or more than :data:`MAX_TASKS` tasks.
    """
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise GridError(f"grid file must be UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if isinstance(source, str):
        try:
            data: Mapping[str, Any] = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            raise GridError(f"malformed grid TOML: {exc}") from None
    elif isinstance(source, Mapping):
        data = source
    else:
        raise GridError(f"grid must be TOML text or a dict (got {type(source).__name__})")
    unknown = sorted(set(data) - {"name", "description", "time_limit", "datasets", "seeds", "methods"})
    if unknown:
        raise GridError(f"{unknown[0]}: unknown key (grid keys: name, description, time_limit, datasets, seeds, methods)")
    name = data.get("name", "grid")
    if not isinstance(name, str) or not _NAME.match(name):
        raise GridError(f"name: must be 1-60 letters, digits, '_', '-' or '.' (got {name!r})")
    description = data.get("description", "")
    if not isinstance(description, str) or len(description) > 1000:
        raise GridError("description: must be text of at most 1000 characters")
    time_limit = data.get("time_limit", DEFAULT_TIME_LIMIT)
    if isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real) or not 0 < time_limit <= 86_400:
        raise GridError(f"time_limit: must be a number of seconds in (0, 86400] (got {time_limit!r})")
    methods = _parse_methods(data.get("methods"))
    kinds = {get_method(m).input_kind for m, _ in methods}
    if len(kinds) > 1:
        described = ", ".join(f"{m} takes {get_method(m).input_kind}" for m, _ in methods)
        raise GridError(f"methods: every method of a grid must take the same kind of input ({described})")
    datasets = _parse_datasets(data.get("datasets"), kinds.pop(), Path(base_dir) if base_dir else None)
    seeds = _parse_seeds(data.get("seeds"))
    grid = Grid(name=name, methods=methods, datasets=datasets, seeds=seeds, time_limit=float(time_limit),
                description=description)
    if grid.n_tasks > MAX_TASKS:
        raise GridError(f"grid: {grid.n_tasks:,} tasks (methods × values × datasets × seeds); at most {MAX_TASKS:,}")
    return grid


def _parse_methods(raw: Any) -> tuple:
    if not isinstance(raw, Mapping) or not raw:
        raise GridError("methods: must be a table with one [methods.NAME] table per method (got none)")
    methods = []
    for name, params in raw.items():
        try:
            method = get_method(name)
        except ParameterError as exc:
            raise GridError(f"methods.{name}: {exc}") from None
        if params is None:
            params = {}
        if not isinstance(params, Mapping):
            raise GridError(f"methods.{name}: must be a table of parameter values (got {params!r})")
        swept = []
        for param_name, values in params.items():
            where = f"methods.{name}.{param_name}"
            try:
                param = method.param(param_name)
            except ParameterError as exc:
                raise GridError(f"{where}: {exc}") from None
            values = list(values) if isinstance(values, (list, tuple)) else [values]
            if not values:
                raise GridError(f"{where}: must have at least one value (got an empty list)")
            try:
                checked = tuple(dict.fromkeys(param.validate(value) for value in values))
            except ParameterError as exc:
                raise GridError(f"{where}: {exc}") from None
            swept.append((param_name, checked))
        methods.append((method.name, tuple(swept)))
    return tuple(methods)


def _parse_seeds(raw: Any) -> tuple[int, ...]:
    if isinstance(raw, numbers.Integral) and not isinstance(raw, bool):
        raw = [raw]
    if not isinstance(raw, (list, tuple)) or not raw:
        raise GridError(f"seeds: must be a list of integers (got {raw!r})")
    for seed in raw:
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2**32:
            raise GridError(f"seeds: each seed must be an integer in [0, 2**32) (got {seed!r})")
    return tuple(dict.fromkeys(int(seed) for seed in raw))


def _parse_datasets(raw: Any, kind: str, base_dir: Path | None) -> tuple[DatasetSpec, ...]:
    if isinstance(raw, (str, Mapping)):
        raw = [raw]
    if not isinstance(raw, (list, tuple)) or not raw:
        raise GridError(f"datasets: must be a list of dataset names, files or tables (got {raw!r})")
    specs = []
    for i, item in enumerate(raw):
        where = f"datasets[{i}]"
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, Mapping):
            raise GridError(f"{where}: must be a name, a file or a table (got {item!r})")
        unknown = sorted(set(item) - set(_DATASET_KEYS[kind]))
        if unknown:
            raise GridError(f"{where}.{unknown[0]}: unknown key for {kind} datasets "
                            f"(allowed: {', '.join(_DATASET_KEYS[kind])})")
        for key in ("name", "train", "test", "label"):
            if key in item and (not isinstance(item[key], str) or len(item[key]) > 500):
                raise GridError(f"{where}.{key}: must be text of at most 500 characters (got {item[key]!r})")
        for key in ("n_train", "n_test"):
            value = item.get(key, 1)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= value <= 100_000:
                raise GridError(f"{where}.{key}: must be an integer in [1, 100000] (got {value!r})")
        spec = DatasetSpec(**{key: item[key] for key in item})
        specs.append(_check_dataset(spec, kind, where, base_dir))
    return tuple(dict.fromkeys(specs))


def _file(path: str, base_dir: Path | None) -> str:
    candidate = Path(path).expanduser()
    if not candidate.is_absolute() and base_dir is not None and (base_dir / candidate).is_file():
        candidate = base_dir / candidate
    if not candidate.is_file():
        return ""
    return str(candidate.resolve())


def _check_dataset(spec: DatasetSpec, kind: str, where: str, base_dir: Path | None) -> DatasetSpec:
    if kind == "hypergraph_pair":
        from engine.hypergraph.datasets import list_hypergraph_pairs

        if spec.train or spec.test:
            if not (spec.train and spec.test) or spec.name:
                raise GridError(f"{where}: give either a pair name or both train and test files")
            paths = {}
            for key in ("train", "test"):
                paths[key] = _file(getattr(spec, key), base_dir)
                if not paths[key]:
                    raise GridError(f"{where}.{key}: no such file {getattr(spec, key)!r}")
            return replace(spec, **paths)
        known = [info.name for info in list_hypergraph_pairs()]
        if spec.name in known:
            return spec
        raise GridError(f"{where}: unknown hypergraph pair {spec.name!r} (shipped: {', '.join(known)}; "
                        "or a table with train and test files)")
    if kind == "scenegraph_split":
        if spec.name in ("synthetic", "demo"):
            return spec
        path = _file(spec.name, base_dir)
        if path:
            return replace(spec, name=path, label=spec.label or Path(spec.name).name)
        raise GridError(f"{where}: {spec.name!r} is neither 'synthetic', 'demo' nor a scene-graph file")
    from engine.datasets import list_datasets

    known = [info.name for info in list_datasets()]
    if spec.name in known:
        return spec
    path = _file(spec.name, base_dir)
    if path:
        return replace(spec, name=path, label=spec.label or Path(spec.name).name)
    raise GridError(f"{where}: {spec.name!r} is neither a shipped graph nor a file (shipped: {', '.join(known)})")


def load_grid(path: str | Path) -> Grid:
    """Read a grid TOML file (relative dataset paths are taken from its directory).

    Raises
    ------
    GridError
        See :func:`parse_grid`; also when the file is over 1 MB.
    FileNotFoundError
        If there is no such file.
    """
    path = Path(path)
    data = path.read_bytes()
    if len(data) > 1_000_000:
        raise GridError(f"grid file must be at most 1 MB (got {len(data):,} bytes)")
    return parse_grid(data, base_dir=path.parent)


def list_grids() -> dict[str, Path]:
    """The shipped grid files by name (``assets/grids/*.toml``)."""
    return {path.stem: path for path in sorted(GRIDS_DIR.glob("*.toml"))}


# --------------------------------------------------------------------------- tasks
@dataclass(frozen=True)
class Task:
    """One run of a grid: a method (name or record) with parameters, on one dataset, with one seed."""

    index: int
    method: str | Method
    dataset: DatasetSpec
    params: Mapping[str, Any]
    seed: int

    @property
    def method_name(self) -> str:
        """The method's name."""
        return self.method if isinstance(self.method, str) else self.method.name


def expand(grid: Grid) -> list[Task]:
    """Every task of ``grid``: for each method, each combination of its values × dataset × seed.

    Examples
    --------
    >>> grid = parse_grid({"datasets": ["karate_club", "les_miserables"], "seeds": [1, 2, 3],
    ...                    "methods": {"ssumm": {"ratio": [0.1, 0.2], "error": ["re1", "re2"]}}})
    >>> len(expand(grid))
    24
    """
    tasks = []
    for method, params in grid.methods:
        names = [name for name, _ in params]
        for values in itertools.product(*(values for _, values in params)):
            for dataset in grid.datasets:
                for seed in grid.seeds:
                    tasks.append(Task(len(tasks), method, dataset, dict(zip(names, values)), seed))
    return tasks


def resolve_inputs(kind: str, spec: DatasetSpec | str, seed: int | None = None) -> Any:
    """Load a dataset spec as the input a method of ``kind`` takes.

    Parameters
    ----------
    kind : str
        ``"graph"``, ``"hypergraph_pair"`` or ``"scenegraph_split"``.
    spec : DatasetSpec or str
        A shipped name or a file (see :class:`DatasetSpec`).
    seed : int, optional
        Scene graphs only: the seed of the synthetic generator, or of the 80/20 split of the
        demo graphs or a file (the run's seed, as in the CLI).

    Returns
    -------
    GraphInput, HypergraphPair or SceneGraphSplit

    Raises
    ------
    ParameterError
        On an unknown kind, name or file; the readers' errors for a malformed file.
    """
    if isinstance(spec, str):
        spec = DatasetSpec(name=spec)
    if kind == "graph":
        from engine.datasets import resolve_graph

        return GraphInput(resolve_graph(spec.name))
    if kind == "hypergraph_pair":
        from engine.hypergraph.datasets import load_hypergraph_pair, resolve_hypergraph

        if spec.train:
            return HypergraphPair(resolve_hypergraph(spec.train), resolve_hypergraph(spec.test))
        return HypergraphPair(*load_hypergraph_pair(spec.name))
    if kind == "scenegraph_split":
        from engine.scenegraph import generate_synthetic, load_demo_graphs, read_scene_graphs

        if spec.name == "synthetic":
            split = generate_synthetic(spec.n_train, spec.n_test, seed=seed)
            return SceneGraphSplit(split.train, split.test)
        data = load_demo_graphs() if spec.name == "demo" else read_scene_graphs(spec.name)
        return SceneGraphSplit(*data.split(test_fraction=0.2, seed=seed))
    raise ParameterError(f"kind must be one of graph, hypergraph_pair, scenegraph_split (got {kind!r})")


def _input_seed(kind: str, seed: int) -> int | None:
    """The seed an input depends on: scene-graph splits are drawn with the run's seed, other inputs are fixed."""
    return seed if kind == "scenegraph_split" else None


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class GridProgress:
    """Where a running grid stands, passed to ``on_task`` after each finished task."""

    n_tasks: int
    n_done: int
    n_skipped: int
    n_failed: int
    n_timed_out: int
    n_running: int
    row: dict | None = None

    @property
    def fraction(self) -> float:
        """Share of tasks finished (done, skipped, failed or timed out)."""
        finished = self.n_done + self.n_skipped + self.n_failed + self.n_timed_out
        return finished / self.n_tasks if self.n_tasks else 1.0

    @property
    def message(self) -> str:
        """One line: done / skipped / failed / timed out / running of all tasks."""
        return (f"{self.n_done + self.n_skipped}/{self.n_tasks} done ({self.n_skipped} skipped), "
                f"{self.n_failed} failed, {self.n_timed_out} timed out, {self.n_running} running")


@dataclass(frozen=True)
class GridResult:
    """Every task's run (recorded or, for skipped tasks, found in the registry) and the counts."""

    grid_id: str
    runs: tuple[Run, ...]
    skipped: tuple[bool, ...]
    seconds: float

    @property
    def n_tasks(self) -> int:
        """Tasks of the grid."""
        return len(self.runs)

    def _count(self, status: str) -> int:
        return sum(run.status == status and not skip for run, skip in zip(self.runs, self.skipped))

    @property
    def n_done(self) -> int:
        """Tasks run now that finished ("ok")."""
        return self._count("ok")

    @property
    def n_skipped(self) -> int:
        """Tasks skipped because a finished run with their task key was recorded already."""
        return sum(self.skipped)

    @property
    def n_failed(self) -> int:
        """Tasks that raised."""
        return self._count("failed")

    @property
    def n_timed_out(self) -> int:
        """Tasks stopped at their time limit."""
        return self._count("timed_out")

    def rows(self) -> list[dict]:
        """One JSON-able row per task: method, dataset, params, seed, status, seconds, metrics, skipped."""
        return [{**run.row(), "skipped": skip} for run, skip in zip(self.runs, self.skipped)]

    def summary(self) -> dict:
        """The counts, time, grid id and rows (what ``python -m engine grid`` prints)."""
        return {"n_tasks": self.n_tasks, "n_done": self.n_done, "n_skipped": self.n_skipped,
                "n_failed": self.n_failed, "n_timed_out": self.n_timed_out, "seconds": self.seconds,
                "grid_id": self.grid_id, "rows": self.rows()}


# --------------------------------------------------------------------------- running
def hard_time_limit(time_limit: float) -> float:
    """Seconds after its start at which the client gives up on a task that never reported progress.

    ``execute`` stops a run at its first progress report past ``time_limit``; a task still
    running at ``time_limit + max(5 s, time_limit / 4)`` is recorded "timed_out" and its
    worker is restarted.
    """
    return time_limit + max(5.0, time_limit / 4)


def local_cluster(n_workers: int | None = None) -> Any:
    """A ``LocalCluster`` of ``n_workers`` single-threaded worker processes on 127.0.0.1 (default: one per core).

    The caller closes it (``cluster.close()``); :func:`run_grid` makes and closes one
    itself when given no scheduler.

    Workers are spawned processes, and a spawned process first re-runs the parent's
    ``__main__`` file. Under Streamlit that file is the page being run, so while the
    workers start, ``__main__`` is swapped for an empty module (a worker restarted later,
    e.g. after a hard time limit, may still re-run the page once in Streamlit's bare mode,
    which draws nothing).

    Raises
    ------
    ParameterError
        If ``n_workers`` is not a positive integer.
    """
    from distributed import LocalCluster

    if n_workers is None:
        n_workers = os.cpu_count() or 1
    if isinstance(n_workers, bool) or not isinstance(n_workers, numbers.Integral) or not 1 <= n_workers <= 256:
        raise ParameterError(f"n_workers must be an integer in [1, 256] (got {n_workers!r})")
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        return LocalCluster(n_workers=int(n_workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=None, silence_logs=logging.ERROR)
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _execute_task(method: str | Method, inputs: Any, params: dict, seed: int, time_limit: float, grid_id: str,
                  dataset: str, topic: str, index: int) -> Run:
    """Run one task on a worker and return its run without the result object (small and picklable)."""
    try:
        from distributed import get_worker

        worker = get_worker()
        worker.log_event(topic, {"index": index, "worker": worker.address})
    except ValueError:  # not on a worker (serial use): no start event
        pass
    run = execute(method, inputs, params, seed=seed, time_limit=time_limit, record=False, grid_id=grid_id,
                  raise_errors=False)
    return replace(run, dataset=dataset, result=None)


def _lost_run(task: Task, method: Method, params: dict, fingerprint: str, grid_id: str, status: str,
              error: str, seconds: float) -> Run:
    """The run of a task that gave no run back (its worker failed, or it passed the hard limit)."""
    return Run(id=0, capability=method.capability, method=method.name, params=params, dataset=task.dataset.title,
               fingerprint=fingerprint, metrics={}, seconds=seconds, peak_bytes=0, created="", seed=task.seed,
               status=status, error=error, engine_version=__version__,
               task_key=task_key(method.name, params, fingerprint, task.seed), grid_id=grid_id)


def run_tasks(
    tasks: list[Task],
    *,
    grid_id: str,
    scheduler: str | None = None,
    n_workers: int | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    on_task: Callable[[GridProgress], None] | None = None,
    registry: RunRegistry | None = None,
    owner: str = "",
) -> GridResult:
    """Run tasks on Dask, skipping those already done, and record every new run under ``grid_id``.

    See :func:`run_grid`, which expands a :class:`Grid` and calls this.
    """
    from distributed import Client, as_completed

    if isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real) or time_limit <= 0:
        raise ParameterError(f"time_limit must be a positive number of seconds (got {time_limit!r})")
    registry = registry or RunRegistry()
    start = time.perf_counter()
    runs: list[Run | None] = [None] * len(tasks)
    skipped = [False] * len(tasks)
    # The client resolves each input once (it needs the fingerprints for the task keys) and
    # scatters it once; Dask then copies it to each worker that needs it, once.
    inputs: dict[tuple, Any] = {}
    pending: list[tuple[Task, Method, dict, str, tuple]] = []
    for task in tasks:
        method = get_method(task.method)
        params = method.validate(task.params)
        key = (method.input_kind, task.dataset, _input_seed(method.input_kind, task.seed))
        if key not in inputs:
            inputs[key] = resolve_inputs(*key)
        fingerprint = inputs[key].fingerprint()
        # a grid resumes its owner's runs (everyone's when the operator shares runs)
        done = registry.find_task(task_key(method.name, params, fingerprint, task.seed),
                                  owner=owner if owner and not shared_runs_enabled() else None)
        if done is not None:
            runs[task.index], skipped[task.index] = done, True
        else:
            pending.append((task, method, params, fingerprint, key))
    counts = {"ok": 0, "failed": 0, "timed_out": 0}

    def progress(row: dict | None, running: int) -> None:
        if on_task is not None:
            on_task(GridProgress(len(tasks), counts["ok"], sum(skipped), counts["failed"], counts["timed_out"],
                                 running, row))

    if not pending:
        progress(None, 0)
        return GridResult(grid_id, tuple(runs), tuple(skipped), time.perf_counter() - start)

    cluster = local_cluster(n_workers) if scheduler is None else None
    try:
        try:
            client = Client(cluster if cluster is not None else scheduler, set_as_default=False, timeout=15)
        except OSError as exc:
            raise ParameterError(f"scheduler must be the address of a running Dask scheduler (got {scheduler!r}: "
                                 f"{exc})") from None
        with client:
            _run_on(client, pending, runs, counts, grid_id=grid_id, time_limit=float(time_limit), inputs=inputs,
                    registry=registry, owner=owner, progress=progress, as_completed=as_completed)
    finally:
        if cluster is not None:
            cluster.close()
    return GridResult(grid_id, tuple(runs), tuple(skipped), time.perf_counter() - start)


def _run_on(client: Any, pending: list, runs: list, counts: dict, *, grid_id: str, time_limit: float, inputs: dict,
            registry: RunRegistry, owner: str, progress: Callable, as_completed: Callable) -> None:
    """Submit the pending tasks to ``client``, record each as it finishes, and watch the hard limits."""
    needed = {key for *_, key in pending}
    scattered = {key: client.scatter(inputs[key], hash=False) for key in needed}
    topic = f"graphlens-grid-{uuid.uuid4().hex}"
    started: dict[int, tuple[float, str]] = {}
    finished: set[int] = set()
    abandoned: dict[int, float] = {}
    lock = threading.Lock()

    def on_start(event: tuple) -> None:
        _, message = event
        with lock:
            started[int(message["index"])] = (time.monotonic(), str(message["worker"]))

    client.subscribe_topic(topic, on_start)
    futures = {}
    for task, method, params, _, key in pending:
        future = client.submit(_execute_task, task.method, scattered[key], params, task.seed, time_limit, grid_id,
                               task.dataset.title, topic, task.index, key=f"graphlens-{topic[-12:]}-{task.index}",
                               pure=False)
        futures[future] = (task, method, params)
    by_index = {task.index: future for future, (task, _, _) in futures.items()}
    limit = hard_time_limit(time_limit)
    stop = threading.Event()

    def watchdog() -> None:
        while not stop.wait(0.5):
            now = time.monotonic()
            with lock:
                late = [(index, worker, now - begun) for index, (begun, worker) in started.items()
                        if index not in finished and index not in abandoned and now - begun > limit]
                for index, _, elapsed in late:
                    abandoned[index] = elapsed
            for index, worker, _ in late:
                by_index[index].cancel()
                try:
                    client.restart_workers([worker], raise_for_error=False)
                except Exception:  # noqa: BLE001 - a worker that cannot restart is the cluster's problem
                    _log.exception("could not restart worker %s", worker)

    guard = threading.Thread(target=watchdog, name="grid-watchdog", daemon=True)
    guard.start()
    fingerprints = {task.index: fingerprint for task, _, _, fingerprint, _ in pending}
    try:
        for future in as_completed(list(futures), loop=client.loop):
            task, method, params = futures[future]
            with lock:
                finished.add(task.index)
                elapsed = abandoned.get(task.index)
                running = sum(1 for index in started if index not in finished and index not in abandoned)
            if future.status == "finished":
                run = future.result()
            elif elapsed is not None:
                run = _lost_run(task, method, params, fingerprints[task.index], grid_id, "timed_out",
                                f"the task passed its hard time limit of {limit:g} s without reporting progress; "
                                "its worker was restarted", elapsed)
            else:
                exc = future.exception() if future.status == "error" else None
                message = f"{type(exc).__name__}: {exc}" if exc is not None else f"the task was {future.status}"
                run = _lost_run(task, method, params, fingerprints[task.index], grid_id, "failed", message, 0.0)
            future.release()
            run = registry.add(replace(run, owner=owner, grid_id=grid_id, dataset=task.dataset.title))
            runs[task.index] = run
            counts[run.status] = counts.get(run.status, 0) + 1
            progress({**run.row(), "skipped": False}, running)
    finally:
        stop.set()
        guard.join()
        client.unsubscribe_topic(topic)


def run_grid(
    grid: Grid,
    scheduler: str | None = None,
    n_workers: int | None = None,
    time_limit: float | None = None,
    on_task: Callable[[GridProgress], None] | None = None,
    registry: RunRegistry | None = None,
    owner: str = "",
) -> GridResult:
    """Run every task of ``grid`` on Dask distributed and record each run with the grid's id.

    Parameters
    ----------
    grid : Grid
        From :func:`parse_grid` or :func:`load_grid`.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``); its workers need the
        same GraphLens installed. ``None``: a ``LocalCluster`` of ``n_workers`` worker
        processes on 127.0.0.1, closed at the end.
    n_workers : int, optional
        Workers of the local cluster (default: one per core).
    time_limit : float, optional
        Seconds per task (default: the grid's ``time_limit``, 600 unless set). A run stops
        at its first progress report past it; one that reports none is abandoned at
        :func:`hard_time_limit` and its worker restarted. Both are recorded "timed_out".
    on_task : callable, optional
        Called with a :class:`GridProgress` after each finished task (in the calling thread).
    registry : RunRegistry, optional
        Where runs are recorded and looked up for resuming (default: ``$GRAPHLENS_HOME``).
        Only this process writes it; workers return their runs.
    owner : str
        Recorded with every run (a browser session, ``cli``).

    Returns
    -------
    GridResult
        Every task's run in task order (skipped tasks: the run found in the registry).

    Raises
    ------
    ParameterError
        On a bad ``time_limit`` or ``n_workers``, or a dataset that cannot be loaded.
    OSError
        If the scheduler cannot be reached.
    """
    return run_tasks(expand(grid), grid_id=grid.id, scheduler=scheduler, n_workers=n_workers,
                     time_limit=grid.time_limit if time_limit is None else time_limit, on_task=on_task,
                     registry=registry, owner=owner)



# --------------------------------------------------------------------------- tables of results
def runs_table(runs: list[Run]) -> "pd.DataFrame":
    """One row per run (see :func:`engine.runs.runs_frame`) plus ``setting``: the method and its varying parameters.

    A parameter is part of the setting when it takes more than one value among the runs
    of that method (e.g. ``ssumm ratio=0.05``); seeds are not, so the runs of one setting
    on one dataset are its repetitions.
    """
    from engine.runs import runs_frame

    frame = runs_frame(runs)
    if frame.empty:
        return frame.assign(setting=[])
    params = [column for column in frame.columns if column.startswith("param.")]
    settings = []
    varying = {method: [c for c in params if group[c].dropna().astype(str).nunique() > 1]
               for method, group in frame.groupby("method")}
    for _, row in frame.iterrows():
        parts = [f"{c.removeprefix('param.')}={_short(row[c])}" for c in varying[row["method"]]]
        settings.append(" ".join([row["method"], *parts]))
    return frame.assign(setting=settings)


def _short(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def setting_summary(table: "pd.DataFrame", metrics: list[str]) -> "pd.DataFrame":
    """Mean and standard deviation over seeds of ``seconds`` and each metric, per setting and dataset.

    Only finished ("ok") runs count. Columns: ``method``, ``dataset``, ``setting``, ``n``,
    ``<name>_mean`` and ``<name>_sd`` for ``seconds`` and each metric (sd 0 for one run),
    and the setting's ``param.*`` values.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"method": ["a"] * 3, "dataset": ["g"] * 3, "setting": ["a"] * 3,
    ...                       "status": ["ok"] * 3, "seconds": [1.0, 2.0, 3.0], "score": [0.5, 0.7, 0.9]})
    >>> row = setting_summary(table, ["score"]).iloc[0]
    >>> int(row["n"]), float(row["seconds_mean"]), round(float(row["score_sd"]), 3)
    (3, 2.0, 0.2)
    """
    import pandas as pd

    ok = table[table["status"] == "ok"]
    columns = ["seconds", *[m for m in metrics if m != "seconds"]]
    params = [column for column in table.columns if column.startswith("param.")]
    rows = []
    for (method, dataset, setting), group in ok.groupby(["method", "dataset", "setting"], sort=False):
        row: dict[str, Any] = {"method": method, "dataset": dataset, "setting": setting, "n": len(group)}
        for column in columns:
            values = pd.to_numeric(group[column], errors="coerce").dropna() if column in group else pd.Series([])
            row[f"{column}_mean"] = float(values.mean()) if len(values) else float("nan")
            row[f"{column}_sd"] = float(values.std(ddof=1)) if len(values) > 1 else 0.0
        row.update({column: group[column].iloc[0] for column in params})
        rows.append(row)
    return pd.DataFrame(rows)


def pareto_front(times: list[float], qualities: list[float], *, higher_is_better: bool = True) -> list[int]:
    """Indices of the points no other point beats on both time (lower) and quality, fastest first.

    Examples
    --------
    >>> pareto_front([1.0, 2.0, 3.0, 2.5], [0.5, 0.8, 0.9, 0.7])
    [0, 1, 2]
    >>> pareto_front([1.0, 2.0], [0.1, 0.3], higher_is_better=False)
    [0]
    """
    sign = 1.0 if higher_is_better else -1.0
    order = sorted(range(len(times)), key=lambda i: (times[i], -sign * qualities[i]))
    front, best = [], -math.inf
    for i in order:
        if math.isfinite(times[i]) and math.isfinite(qualities[i]) and sign * qualities[i] > best:
            front.append(i)
            best = sign * qualities[i]
    return front

