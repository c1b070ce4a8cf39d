"""The run registry: every method run, stored in SQLite so runs can be compared.

The database lives at ``$GRAPHLENS_HOME/runs.sqlite`` (default
``~/.graphlens/runs.sqlite``) in WAL mode, so the app, the CLI and scripts can
write to it at the same time.

The registry fails soft. Every problem with it is a :class:`~engine.errors.RegistryError`
naming the file and the cause; :func:`engine.methods.execute` keeps a run it could not
record and notes the problem (:func:`registry_notices`), so the CLI still prints its
result and the app keeps every feature except the history. The first open in a process
runs ``PRAGMA integrity_check``; a damaged file is moved aside to
``runs.sqlite.damaged-<time>`` and a new one is started, with a notice.

Each run records its ``owner`` (a browser session id, or ``cli``): a user lists their own
runs, sees others' only when the operator sets ``GRAPHLENS_SHARED_RUNS=1``
(:func:`shared_runs_enabled`), and never deletes another's.

Examples
--------
>>> import tempfile
>>> registry = RunRegistry(tempfile.mkdtemp() + "/runs.sqlite")
>>> run_id = registry.record("demo", {"k": 1}, dataset="karate", fingerprint="abc",
...                          metrics={"score": 0.5}, seconds=0.1, peak_bytes=0)
>>> registry.get(run_id).metrics
{'score': 0.5}
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from engine.errors import ParameterError, RegistryError

if TYPE_CHECKING:  # pragma: no cover - runs_frame imports it (the CLI's start-up: bench/startup.py)
    import pandas as pd

__all__ = [
    "Run", "RunRegistry", "Measurement", "measure", "home_directory", "default_registry_path", "jsonable",
    "RUN_STATUSES",
    "registry_notices", "note_registry_problem", "take_registry_notices", "shared_runs_enabled",
]

#: Notices about the registry (moved aside, not writable) since the process started, oldest first.
_NOTICES: dict[str, None] = {}
_MAX_NOTICES = 20
_NOTICE_LOCK = threading.Lock()
#: Registry files already checked with ``PRAGMA integrity_check`` in this process.
_CHECKED: set[str] = set()
_OPEN_LOCK = threading.Lock()
#: SQLite result codes that mean the file itself is damaged (not merely unreadable).
_DAMAGED = {"SQLITE_NOTADB", "SQLITE_CORRUPT"}

#: What became of a run: it finished, it raised, or it passed its time limit.
RUN_STATUSES = ("ok", "failed", "timed_out")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    capability TEXT NOT NULL,
    method TEXT NOT NULL,
    params TEXT NOT NULL,
    dataset TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    metrics TEXT NOT NULL,
    details TEXT NOT NULL,
    seconds REAL NOT NULL,
    peak_bytes INTEGER NOT NULL,
    created TEXT NOT NULL
)
"""
#: Columns added after the first schema: (name, SQL type and default). Older files gain them on open.
_ADDED_COLUMNS = (
    ("seed", "INTEGER"),
    ("status", "TEXT NOT NULL DEFAULT 'ok'"),
    ("error", "TEXT NOT NULL DEFAULT ''"),
    ("engine_version", "TEXT NOT NULL DEFAULT ''"),
    ("task_key", "TEXT NOT NULL DEFAULT ''"),
    ("grid_id", "TEXT NOT NULL DEFAULT ''"),
    ("owner", "TEXT NOT NULL DEFAULT ''"),
)


@dataclass(frozen=True)
class Run:
    """One run of a method: what ran on what, with which parameters and seed, and what it measured.

    ``id`` is 0 until the run is stored. ``status`` is one of :data:`RUN_STATUSES`; a run that
    did not finish has empty metrics and its ``error``. ``result`` holds the method's result
    object in the process that ran it (it is not stored).
    """

    id: int
    capability: str
    method: str
    params: dict
    dataset: str
    fingerprint: str
    metrics: dict
    seconds: float
    peak_bytes: int
    created: str
    details: dict = field(default_factory=dict, repr=False)
    seed: int | None = None
    status: str = "ok"
    error: str = ""
    engine_version: str = ""
    task_key: str = ""
    grid_id: str = ""
    owner: str = ""
    result: Any = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """Short display label, e.g. ``#3 ssumm on karate``."""
        return f"#{self.id} {self.method} on {self.dataset}"

    def with_result(self, result: Any) -> "Run":
        """This run holding ``result`` (the method's result object)."""
        return replace(self, result=result)

    def row(self) -> dict:
        """The run as one flat JSON-able row: identity, params, seed, status, time, memory and metrics."""
        return jsonable({
            "id": self.id, "method": self.method, "capability": self.capability, "dataset": self.dataset,
            "params": self.params, "seed": self.seed, "status": self.status, "error": self.error,
            "seconds": self.seconds, "peak_bytes": self.peak_bytes, "metrics": self.metrics,
        })


def home_directory() -> Path:
    """Where GraphLens keeps its files: ``$GRAPHLENS_HOME``, or ``~/.graphlens``."""
    return Path(os.environ.get("GRAPHLENS_HOME") or str(Path.home() / ".graphlens"))


def default_registry_path() -> Path:
    """``$GRAPHLENS_HOME/runs.sqlite``, or ``~/.graphlens/runs.sqlite``."""
    return home_directory() / "runs.sqlite"


def jsonable(value: Any) -> Any:
    """Turn numpy scalars/arrays and tuples into JSON-compatible values (NaN becomes None).

    Examples
    --------
    >>> jsonable({"a": np.float32(0.5), "b": (1, float("nan"))})
    {'a': 0.5, 'b': [1, None]}
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class RunRegistry:
    """SQLite store of :class:`Run` records.

    Constructing one never fails: a registry that cannot be opened keeps its reason in
    ``problem`` and raises it (:class:`~engine.errors.RegistryError`) from every operation
    except :meth:`record`, which notes it and returns 0.

    Parameters
    ----------
    path : str or Path, optional
        Database file; defaults to :func:`default_registry_path`.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_registry_path()
        #: What happened at open, e.g. that a damaged file was moved aside ("" when nothing did).
        self.notice = ""
        #: Why the registry cannot be used ("" when it can): every later operation raises it as a RegistryError.
        self.problem = ""
        with _OPEN_LOCK:
            try:
                try:
                    self._open()
                except _Damaged as damaged:
                    self.notice = self._move_aside(damaged.cause)
                    self._open()
            except RegistryError as exc:  # constructing never fails: callers that only record keep working
                self.problem = str(exc)

    def _open(self) -> None:
        """Create the directory, check the file once per process, and bring the schema up to date."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RegistryError(f"the run registry {self.path} cannot be opened: {_cause(exc)}") from None
        key = str(self.path.resolve()) if self.path.parent.is_dir() else str(self.path)
        try:
            connection = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as exc:
            raise RegistryError(f"the run registry {self.path} cannot be opened: {_cause(exc)}") from None
        try:
            if key not in _CHECKED:
                problems = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
                if problems != ["ok"]:
                    raise _Damaged("; ".join(problems[:3]))
            with connection:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(_SCHEMA)
                present = {row[1] for row in connection.execute("PRAGMA table_info(runs)")}
                for name, declaration in _ADDED_COLUMNS:
                    if name not in present:
                        connection.execute(f"ALTER TABLE runs ADD COLUMN {name} {declaration}")
                connection.execute("CREATE INDEX IF NOT EXISTS runs_task_key ON runs (task_key)")
            _CHECKED.add(key)
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "") in _DAMAGED:
                raise _Damaged(str(exc)) from None
            raise RegistryError(f"the run registry {self.path} cannot be opened: {_cause(exc)}") from None
        finally:
            connection.close()

    def _move_aside(self, cause: str) -> str:
        """Rename a damaged file (and its WAL/SHM files) to ``<name>.damaged-<UTC time>``; return the notice."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                extra = self.path.with_name(self.path.name + suffix)
                if extra.exists():
                    extra.rename(aside.with_name(aside.name + suffix))
        except OSError as exc:
            raise RegistryError(
                f"the run registry {self.path} is damaged ({cause}) and cannot be moved aside: {_cause(exc)}"
            ) from None
        notice = f"the run registry {self.path} was damaged ({cause}); it was moved to {aside.name} and a new one started"
        note_registry_problem(notice)
        return notice

    @contextmanager
    def _connect(self, action: str = "read") -> Iterator[sqlite3.Connection]:
        if self.problem:
            raise RegistryError(self.problem)
        try:
            connection = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as exc:
            raise RegistryError(f"the run registry {self.path} cannot be opened: {_cause(exc)}") from None
        try:
            with connection:
                yield connection
        except (sqlite3.Error, OSError) as exc:
            raise RegistryError(f"the run registry {self.path} cannot be {action}: {_cause(exc)}") from None
        finally:
            connection.close()

    def record(
        self,
        method: str,
        params: dict,
        *,
        dataset: str,
        fingerprint: str,
        metrics: dict,
        seconds: float,
        peak_bytes: int,
        capability: str = "",
        details: dict | None = None,
        owner: str = "",
    ) -> int:
        """Store one finished run from its parts and return its id (see :meth:`add`).

        Fails soft, for callers that measure outside :func:`engine.methods.execute`: when the registry
        cannot be written the problem is noted (:func:`registry_notices`) and the id is 0.
        """
        run = Run(id=0, capability=capability, method=method, params=params, dataset=dataset, fingerprint=fingerprint,
                  metrics=metrics, seconds=seconds, peak_bytes=peak_bytes, created="", details=details or {},
                  owner=owner)
        try:
            return self.add(run).id
        except RegistryError as exc:
            note_registry_problem(f"{exc}; the run was not recorded")
            return 0

    def add(self, run: Run) -> Run:
        """Store ``run`` (its ``id`` and ``created`` are ignored); return it with the stored id and time."""
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._connect("written") as connection:
            cursor = connection.execute(
                f"INSERT INTO runs ({_COLUMNS.replace('id, ', '', 1)}) VALUES ({', '.join('?' * 17)})",
                (
                    run.capability, run.method, json.dumps(jsonable(run.params), sort_keys=True), run.dataset,
                    run.fingerprint, json.dumps(jsonable(run.metrics), sort_keys=True), float(run.seconds),
                    int(run.peak_bytes), created, json.dumps(jsonable(run.details or {}), sort_keys=True),
                    run.seed, run.status, run.error, run.engine_version, run.task_key, run.grid_id, run.owner,
                ),
            )
            run_id = int(cursor.lastrowid)
        return replace(run, id=run_id, created=created)

    def find_task(self, task_key: str, *, owner: str | None = None) -> Run | None:
        """The newest finished ("ok") run with this task key, if any (see :func:`engine.methods.task_key`);
        only ``owner``'s runs unless ``owner`` is None."""
        mine = "" if owner is None else " AND owner = ?"
        with self._connect() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM runs WHERE task_key = ? AND status = 'ok'{mine} ORDER BY id DESC LIMIT 1",
                (task_key,) if owner is None else (task_key, owner),
            ).fetchone()
        return None if row is None else _to_run(row)

    def get(self, run_id: int) -> Run:
        """The run with this id.

        Raises
        ------
        ParameterError
            If there is no such run.
        """
        with self._connect() as connection:
            row = connection.execute(f"SELECT {_COLUMNS} FROM runs WHERE id = ?", (int(run_id),)).fetchone()
        if row is None:
            raise ParameterError(f"no run with id {run_id} in {self.path}")
        return _to_run(row)

    def list(self, *, capability: str | None = None, method: str | None = None, grid_id: str | None = None,
             status: str | None = None, owner: str | None = None, limit: int = 500) -> list[Run]:
        """Runs, newest first, optionally filtered by capability, method, grid, status and owner.

        ``owner=None`` lists everyone's runs (scripts, the operator); a page passes its session's id,
        or ``None`` only when :func:`shared_runs_enabled`.
        """
        clauses, values = [], []
        for column, value in (("capability", capability), ("method", method), ("grid_id", grid_id),
                              ("status", status)):
            if value:
                clauses.append(f"{column} = ?")
                values.append(value)
        if owner is not None:
            clauses.append("owner = ?")
            values.append(owner)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._connect() as connection:
            rows = connection.execute(
                f"SELECT {_COLUMNS} FROM runs {where} ORDER BY id DESC LIMIT ?", (*values, int(limit))
            ).fetchall()
        return [_to_run(row) for row in rows]

    def grids(self, limit: int = 200, *, owner: str | None = None) -> list[dict]:
        """The grids with recorded runs, newest first: ``grid_id``, ``n_runs``, ``n_ok``, ``first`` and ``last`` run time.

        ``owner`` counts only that owner's runs (and lists only grids where they have one); None: everyone's.
        """
        mine = "" if owner is None else " AND owner = ?"
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT grid_id, COUNT(*), SUM(status = 'ok'), MIN(created), MAX(created) FROM runs "
                f"WHERE grid_id != ''{mine} GROUP BY grid_id ORDER BY MAX(id) DESC LIMIT ?",
                (int(limit),) if owner is None else (owner, int(limit)),
            ).fetchall()
        return [{"grid_id": row[0], "n_runs": row[1], "n_ok": int(row[2] or 0), "first": row[3], "last": row[4]}
                for row in rows]

    def delete(self, run_id: int, *, owner: str) -> None:
        """Remove one of ``owner``'s runs (no error if it is absent).

        Raises
        ------
        ParameterError
            If the run belongs to someone else: nobody deletes another's run.
        """
        with self._connect("written") as connection:
            row = connection.execute("SELECT owner FROM runs WHERE id = ?", (int(run_id),)).fetchone()
            if row is None:
                return
            if row[0] != owner:
                raise ParameterError(f"run #{int(run_id)} belongs to another user; you can delete only your own runs")
            connection.execute("DELETE FROM runs WHERE id = ? AND owner = ?", (int(run_id), owner))


class _Damaged(Exception):
    """The registry file is not a (sound) SQLite database."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


def _cause(exc: BaseException) -> str:
    """A short cause: the OS error text with its file, or SQLite's message."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return str(exc) or type(exc).__name__


def note_registry_problem(message: str) -> None:
    """Remember a registry problem for :func:`registry_notices` (the app's and the CLI's one warning)."""
    with _NOTICE_LOCK:
        _NOTICES.pop(message, None)
        _NOTICES[message] = None
        while len(_NOTICES) > _MAX_NOTICES:
            del _NOTICES[next(iter(_NOTICES))]


def registry_notices() -> list[str]:
    """Registry problems noted in this process, oldest first (the app shows them once per session)."""
    with _NOTICE_LOCK:
        return list(_NOTICES)


def take_registry_notices() -> list[str]:
    """Registry problems noted in this process, oldest first, forgetting them (the CLI prints each once)."""
    with _NOTICE_LOCK:
        notices = list(_NOTICES)
        _NOTICES.clear()
        return notices


def shared_runs_enabled() -> bool:
    """Whether the operator lets users see each other's runs, read-only (``GRAPHLENS_SHARED_RUNS=1``)."""
    return os.environ.get("GRAPHLENS_SHARED_RUNS", "").strip() == "1"


_COLUMNS = ("id, capability, method, params, dataset, fingerprint, metrics, seconds, peak_bytes, created, details, "
            "seed, status, error, engine_version, task_key, grid_id, owner")


def _to_run(row: tuple) -> Run:
    return Run(
        id=row[0],
        capability=row[1],
        method=row[2],
        params=json.loads(row[3]),
        dataset=row[4],
        fingerprint=row[5],
        metrics=json.loads(row[6]),
        seconds=row[7],
        peak_bytes=row[8],
        created=row[9],
        details=json.loads(row[10]),
        seed=row[11],
        status=row[12],
        error=row[13],
        engine_version=row[14],
        task_key=row[15],
        grid_id=row[16],
        owner=row[17],
    )


def runs_frame(runs: list[Run]) -> pd.DataFrame:
    """One row per run: id, capability, method, dataset, seconds, peak MB, then params and metrics."""
    rows = []
    for run in runs:
        row = {
            "id": run.id,
            "capability": run.capability,
            "method": run.method,
            "dataset": run.dataset,
            "seed": run.seed,
            "status": run.status,
            "created": run.created,
            "seconds": run.seconds,
            "peak_mb": run.peak_bytes / 2**20,
        }
        row.update({f"param.{k}": json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in run.params.items()})
        row.update({k: v for k, v in run.metrics.items() if not isinstance(v, (list, dict))})
        rows.append(row)
    import pandas as pd

    return pd.DataFrame(rows)


__all__.append("runs_frame")


@dataclass(frozen=True)
class Estimate:
    """A predicted run time: seconds, the number of past runs it was fitted on, and whether those
    runs had the same parameters (else they are every past run of the method, whatever its parameters)."""

    seconds: float
    n_runs: int
    same_params: bool = False


def _run_size(run: Run) -> float | None:
    """The input size a past run recorded (``details["input_size"]``; older graph runs: ``metrics["n_edges"]``)."""
    for source, key in ((run.details, "input_size"), (run.metrics, "n_edges")):
        value = (source or {}).get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return float(value)
    return None


def predict_seconds(registry: RunRegistry, method: str, size: int, *, params: dict | None = None,
                    min_runs: int = 2) -> Estimate | None:
    """Run time of ``method`` on an input of ``size`` (edges of a graph, see
    :func:`engine.methods.input_size`), fitted on this registry's past runs.

    A straight line through log(seconds) against log(size) of the method's finished runs
    that recorded their input size (least squares; a constant when all had the same size),
    evaluated at ``size``. With ``params``, only the runs with exactly those parameters are
    used when there are at least ``min_runs`` of them; otherwise every run of the method,
    whatever its parameters, so the estimate is then a rough guide.

    Returns
    -------
    Estimate or None
        None with fewer than ``min_runs`` usable runs, or when the registry cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> registry = RunRegistry(tempfile.mkdtemp() + "/runs.sqlite")
    >>> for edges, seconds in ((100, 1.0), (1000, 10.0)):
    ...     _ = registry.record("m", {}, dataset="g", fingerprint="f", metrics={"n_edges": edges},
    ...                         seconds=seconds, peak_bytes=0)
    >>> round(predict_seconds(registry, "m", 10_000).seconds, 3)
    100.0
    """
    try:
        recorded = registry.list(method=method, status="ok", limit=200)
    except RegistryError:  # no history, no estimate
        return None
    runs = [(run, _run_size(run)) for run in recorded if run.seconds > 0]
    runs = [(run, run_size) for run, run_size in runs if run_size is not None]
    same = [(run, run_size) for run, run_size in runs if params is not None and run.params == jsonable(params)]
    chosen = same if len(same) >= min_runs else runs
    if len(chosen) < min_runs:
        return None
    x = np.log([run_size for _, run_size in chosen])
    y = np.log([run.seconds for run, _ in chosen])
    if np.ptp(x) < 1e-9:
        slope, intercept = 0.0, float(np.mean(y))
    else:
        slope, intercept = np.polyfit(x, y, 1)
    return Estimate(float(np.exp(intercept + slope * np.log(max(size, 1)))), len(chosen), chosen is same)


__all__ += ["Estimate", "predict_seconds"]


@dataclass
class Measurement:
    """Wall time and peak resident-memory growth of a block (filled in on exit)."""

    seconds: float = 0.0
    peak_bytes: int = 0


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - non-Linux fallback
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _release_free_memory() -> None:
    """Hand memory freed by earlier work back to the system (glibc ``malloc_trim``), where possible.

    Without it, a run that reuses memory an earlier run freed adds no resident pages and its
    growth reads as 0 however much it allocated.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


def _reset_high_water_mark() -> bool:
    """Reset the kernel's peak-RSS counter (Linux ``clear_refs`` 5); whether it worked."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:  # pragma: no cover - not Linux, or not permitted
        return False


def _high_water_mark() -> int:
    """The kernel's peak RSS of this process (``VmHWM``) in bytes, or 0 where unknown."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        pass
    return 0


@contextmanager
def measure(interval: float = 0.005) -> Iterator[Measurement]:
    """Measure wall time and peak resident memory above the starting level.

    Memory freed earlier is first handed back to the system, then resident memory (RSS) is
    sampled every ``interval`` seconds by a background thread and, on Linux, also read from
    the kernel's peak-RSS counter (reset at the start), so short peaks between samples count
    and numpy, scipy, numba, torch and other native allocations count alike. The figure is
    process-wide: work done by other threads at the same time is included.

    Examples
    --------
    >>> with measure() as m:
    ...     _ = sum(range(1000))
    >>> m.seconds >= 0 and m.peak_bytes >= 0
    True
    """
    result = Measurement()
    _release_free_memory()
    baseline = _rss_bytes()
    use_hwm = _reset_high_water_mark()
    peak = [baseline]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(interval):
            peak[0] = max(peak[0], _rss_bytes())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    try:
        yield result
    finally:
        result.seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        peak[0] = max(peak[0], _rss_bytes(), _high_water_mark() if use_hwm else 0)
        result.peak_bytes = int(max(peak[0] - baseline, 0))

