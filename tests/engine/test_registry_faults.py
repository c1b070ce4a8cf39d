"""The run registry fails soft, moves a damaged file aside, and keeps users apart.

Faults: a garbled file, a truncated file, a read-only file, a directory in its place, and
GRAPHLENS_HOME being a file. In every case a method still runs, the CLI still prints its
result with exit status 0 and one stderr warning naming the registry path and the cause.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

import engine.runs as runs_module
from engine.cli import main
from engine.datasets import load_dataset
from engine.errors import ParameterError, RegistryError
from engine.methods import GraphInput, execute
from engine.runs import RunRegistry, registry_notices, shared_runs_enabled, take_registry_notices


@pytest.fixture(autouse=True)
def _fresh_notices():
    take_registry_notices()
    yield
    take_registry_notices()


def _filled(path, n=30):
    registry = RunRegistry(path)
    for i in range(n):
        registry.record("ssumm", {"i": i}, dataset="karate", fingerprint="f" * 64, metrics={"score": i / n},
                        seconds=0.1, peak_bytes=0, details={"blob": "x" * 2000})
    return registry


def _garble(path):
    path.write_bytes(b"this is not an SQLite database, it is garbage " * 200)


def _truncate(path):
    _filled(path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damage", [_garble, _truncate], ids=["garbled", "truncated"])
def test_damaged_file_is_moved_aside_and_a_new_one_started(tmp_path, damage):
    path = tmp_path / "runs.sqlite"
    damage(path)
    registry = RunRegistry(path)
    aside = [p for p in tmp_path.iterdir()
             if p.name.startswith("runs.sqlite.damaged-") and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].stat().st_size > 0
    assert "was damaged" in registry.notice and aside[0].name in registry.notice and str(path) in registry.notice
    assert registry.notice in registry_notices()
    assert registry.list() == []
    run_id = registry.record("ssumm", {}, dataset="d", fingerprint="f", metrics={}, seconds=0.0, peak_bytes=0)
    assert registry.get(run_id).method == "ssumm"


def _make_read_only(path, monkeypatch):
    _filled(path, 1)
    if os.geteuid() != 0:
        path.chmod(0o444)
        path.parent.chmod(0o555)
        return
    # root ignores file modes: open the file as SQLite does for a read-only file
    connect = sqlite3.connect
    monkeypatch.setattr(runs_module.sqlite3, "connect",
                        lambda database, **kw: connect(f"file:{database}?mode=ro", uri=True, **kw))


def _faults():
    def read_only(home, monkeypatch):
        home.mkdir()
        _make_read_only(home / "runs.sqlite", monkeypatch)

    def directory(home, monkeypatch):
        (home / "runs.sqlite").mkdir(parents=True)

    def home_is_a_file(home, monkeypatch):
        home.write_text("not a directory")

    return {"read-only": read_only, "directory": directory, "home-is-a-file": home_is_a_file}


FAULTS = _faults()


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_registry_problems_are_registry_errors_naming_the_path(fault, tmp_path, monkeypatch):
    home = tmp_path / "home"
    FAULTS[fault](home, monkeypatch)
    with pytest.raises(RegistryError, match=str(home / "runs.sqlite")):
        RunRegistry(home / "runs.sqlite").add(
            runs_module.Run(id=0, capability="c", method="m", params={}, dataset="d", fingerprint="f", metrics={},
                            seconds=0.0, peak_bytes=0, created="")
        )


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_execute_keeps_its_result_when_the_registry_fails(fault, tmp_path, monkeypatch):
    home = tmp_path / "home"
    FAULTS[fault](home, monkeypatch)
    monkeypatch.setenv("GRAPHLENS_HOME", str(home))
    run = execute("ssumm", GraphInput(load_dataset("karate_club")), {"ratio": 0.3}, seed=1)
    assert run.status == "ok" and run.id == 0 and run.metrics
    (notice,) = registry_notices()
    assert str(home / "runs.sqlite") in notice and "the run was not recorded" in notice


@pytest.mark.parametrize("fault", sorted(FAULTS) + ["garbled"])
def test_cli_prints_its_result_and_one_warning(fault, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    if fault == "garbled":
        home.mkdir()
        _garble(home / "runs.sqlite")
    else:
        FAULTS[fault](home, monkeypatch)
    monkeypatch.setenv("GRAPHLENS_HOME", str(home))
    status = main(["summarize", "karate_club", "--ratio", "0.3", "--json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    result = json.loads(captured.out)
    assert result["method"] == "ssumm"
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: the run registry ")
    assert str(home / "runs.sqlite") in lines[0]
    if fault == "garbled":
        assert "moved to runs.sqlite.damaged-" in lines[0] and result["run_id"] == 1
    else:
        assert "cannot be" in lines[0] and result["run_id"] is None


# ----------------------------------------------------------------------------- owners
def _run(registry, owner):
    return registry.add(runs_module.Run(id=0, capability="summarization", method="ssumm", params={}, dataset="d",
                                        fingerprint="f", metrics={"x": 1.0}, seconds=0.0, peak_bytes=0, created="",
                                        owner=owner))


def test_users_see_and_delete_only_their_own_runs(tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    a = _run(registry, "session-a")
    b = _run(registry, "session-b")
    assert [r.id for r in registry.list(owner="session-a")] == [a.id]
    assert [r.id for r in registry.list(owner="session-b")] == [b.id]
    assert {r.id for r in registry.list()} == {a.id, b.id}
    with pytest.raises(ParameterError, match="belongs to another user"):
        registry.delete(a.id, owner="session-b")
    assert registry.get(a.id).owner == "session-a"
    registry.delete(a.id, owner="session-a")
    assert [r.id for r in registry.list()] == [b.id]


@pytest.mark.parametrize(("value", "shared"), [("1", True), ("0", False), ("", False), ("yes", False)])
def test_sharing_is_the_operators_choice(value, shared, monkeypatch):
    monkeypatch.setenv("GRAPHLENS_SHARED_RUNS", value)
    assert shared_runs_enabled() is shared
