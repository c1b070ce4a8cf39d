"""engine.runs: the SQLite run registry and measure()."""

from __future__ import annotations

import sqlite3
import threading

import numpy as np
import pytest

from engine.errors import ParameterError
from engine.runs import RunRegistry, default_registry_path, measure, runs_frame


def test_default_path_follows_graphlens_home(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHLENS_HOME", str(tmp_path / "home"))
    assert default_registry_path() == tmp_path / "home" / "runs.sqlite"
    registry = RunRegistry()
    assert registry.path == tmp_path / "home" / "runs.sqlite" and registry.path.is_file()


def test_default_path_without_env_is_in_the_user_home(monkeypatch, tmp_path):
    monkeypatch.delenv("GRAPHLENS_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_registry_path() == tmp_path / ".graphlens" / "runs.sqlite"


def test_database_is_in_wal_mode(tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    with sqlite3.connect(registry.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_record_get_list_delete(tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    first = registry.record(
        "ssumm", {"k": np.int64(3), "ratios": (0.1, 0.2)}, dataset="karate", fingerprint="f1",
        metrics={"error": np.float64(0.25), "nan": float("nan")}, seconds=1.5, peak_bytes=1024,
        capability="summarization", details={"curve": np.arange(3)},
    )  # fmt: skip
    second = registry.record(
        "fastrp", {"dim": 8}, dataset="les", fingerprint="f2", metrics={"auc": 0.9}, seconds=0.1,
        peak_bytes=0, capability="embedding",
    )  # fmt: skip
    run = registry.get(first)
    assert (run.method, run.capability, run.dataset, run.fingerprint) == ("ssumm", "summarization", "karate", "f1")
    assert run.params == {"k": 3, "ratios": [0.1, 0.2]}
    assert run.metrics == {"error": 0.25, "nan": None}
    assert run.details == {"curve": [0, 1, 2]}
    assert (run.seconds, run.peak_bytes) == (1.5, 1024)
    assert run.created.endswith("+00:00")
    assert run.label == f"#{first} ssumm on karate"
    assert [r.id for r in registry.list()] == [second, first]
    assert [r.id for r in registry.list(capability="embedding")] == [second]
    assert [r.id for r in registry.list(method="ssumm")] == [first]
    assert registry.list(limit=1)[0].id == second
    registry.delete(first, owner="")
    registry.delete(first, owner="")  # absent: no error
    assert [r.id for r in registry.list()] == [second]
    with pytest.raises(ParameterError, match=f"no run with id {first}"):
        registry.get(first)


def test_runs_frame_flattens_params_and_metrics(tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    registry.record("m", {"k": 2, "grid": [1, 2]}, dataset="d", fingerprint="f", metrics={"score": 0.5},
                    seconds=2.0, peak_bytes=2**20)  # fmt: skip
    frame = runs_frame(registry.list())
    row = frame.iloc[0]
    assert (row["param.k"], row["param.grid"], row["score"], row["peak_mb"]) == (2, "[1, 2]", 0.5, 1.0)


def test_record_writes_to_the_default_registry(isolated_registry):
    with measure() as measurement:
        total = sum(range(10_000))
    run_id = RunRegistry().record("sum", {"n": 10_000}, dataset="none", fingerprint="x", capability="graphs",
                                  metrics={"total": total}, seconds=measurement.seconds, peak_bytes=0)
    run = RunRegistry(isolated_registry / "runs.sqlite").get(run_id)
    assert run.metrics == {"total": 49_995_000} and run.capability == "graphs"
    assert run.seconds == pytest.approx(measurement.seconds)


def test_concurrent_writers(tmp_path):
    path = tmp_path / "runs.sqlite"
    RunRegistry(path)

    def write(worker: int) -> None:
        registry = RunRegistry(path)
        for i in range(10):
            registry.record("m", {"i": i}, dataset=f"w{worker}", fingerprint="f", metrics={}, seconds=0, peak_bytes=0)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(RunRegistry(path).list()) == 40


def test_measure_returns_seconds_and_peak_bytes():
    with measure() as measurement:
        block = np.ones(10_000_000)  # 80 MB, touched
        block.sum()
    assert measurement.seconds > 0
    assert measurement.peak_bytes >= 0
    assert measurement.peak_bytes > 40_000_000
    del block


def test_grids_and_task_lookup_by_owner(tmp_path):
    from dataclasses import replace

    registry = RunRegistry(tmp_path / "runs.sqlite")
    base = registry.get(registry.record("ssumm", {}, dataset="karate", fingerprint="f", metrics={}, seconds=0.1,
                                        peak_bytes=0, owner="a"))
    for owner, grid, key in (("a", "g-1", "k1"), ("a", "g-1", "k2"), ("b", "g-1", "k1"), ("b", "g-2", "k3")):
        registry.add(replace(base, owner=owner, grid_id=grid, task_key=key))
    assert [(g["grid_id"], g["n_runs"]) for g in registry.grids()] == [("g-2", 1), ("g-1", 3)]
    assert [(g["grid_id"], g["n_runs"]) for g in registry.grids(owner="a")] == [("g-1", 2)]
    assert [(g["grid_id"], g["n_runs"]) for g in registry.grids(owner="b")] == [("g-2", 1), ("g-1", 1)]
    assert registry.grids(owner="c") == []
    assert registry.find_task("k3").owner == "b" and registry.find_task("k3", owner="a") is None
    assert registry.find_task("k1", owner="a").owner == "a"
