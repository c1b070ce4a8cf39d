"""Grids: parsing and validation, expansion, inputs, and runs on Dask (local cluster and a remote scheduler)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from engine.experiments import (
    MAX_TASKS,
    DatasetSpec,
    GridError,
    Task,
    expand,
    list_grids,
    load_grid,
    parse_grid,
    resolve_inputs,
    run_grid,
    run_tasks,
)
from engine.methods import GraphInput, HypergraphPair, SceneGraphSplit
from engine.runs import RunRegistry

ROOT = Path(__file__).resolve().parents[2]
HELPERS = Path(__file__).resolve().parent / "grid_helpers"
TINY = {"name": "tiny", "datasets": ["karate_club"], "seeds": [1, 2],
        "methods": {"ssumm": {"ratio": [0.3, 0.6], "n_iterations": 2}, "slugger": {"n_iterations": 2}}}


# --------------------------------------------------------------------------- parsing
def test_parse_grid_toml_and_dict_agree_and_expand():
    text = """
name = "tiny"
datasets = ["karate_club"]
seeds = [1, 2]
[methods.ssumm]
ratio = [0.3, 0.6]
n_iterations = 2
[methods.slugger]
n_iterations = 2
"""
    grid = parse_grid(text)
    assert grid == parse_grid(TINY)
    assert grid.n_tasks == 6 and grid.input_kind == "graph" and grid.time_limit == 600
    tasks = expand(grid)
    assert [(t.method, dict(t.params), t.seed) for t in tasks] == [
        ("ssumm", {"ratio": 0.3, "n_iterations": 2}, 1), ("ssumm", {"ratio": 0.3, "n_iterations": 2}, 2),
        ("ssumm", {"ratio": 0.6, "n_iterations": 2}, 1), ("ssumm", {"ratio": 0.6, "n_iterations": 2}, 2),
        ("slugger", {"n_iterations": 2}, 1), ("slugger", {"n_iterations": 2}, 2),
    ]
    assert [t.index for t in tasks] == list(range(6))
    assert parse_grid(grid.to_toml()) == grid


def test_expand_counts_product_of_values_datasets_seeds():
    grid = parse_grid({"datasets": ["karate_club", "les_miserables", "florentine_families"], "seeds": [0, 1],
                       "methods": {"ssumm": {"ratio": [0.1, 0.2, 0.3], "error": ["re1", "re2"]},
                                   "slugger": {"n_iterations": [5, 10]}}})
    assert grid.n_tasks == len(expand(grid)) == (3 * 2 + 2) * 3 * 2


def test_grid_id_stable_and_changes_with_content():
    grid = parse_grid(TINY)
    assert grid.id == parse_grid(dict(TINY)).id and grid.id.startswith("tiny-")
    assert grid.id != parse_grid({**TINY, "seeds": [1, 2, 3]}).id
    assert grid.id == parse_grid({**TINY, "time_limit": 5}).id  # the limit is not part of what ran


def test_parse_grid_deduplicates_repeated_values():
    grid = parse_grid({**TINY, "seeds": [1, 1, 2], "methods": {"ssumm": {"ratio": [0.3, 0.3]}}})
    assert grid.seeds == (1, 2) and grid.n_tasks == 2


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('name = "x"\ndatasets = ["karate_club"\nseeds = [1]\n', r"malformed grid TOML: .*line 3"),
        ({**TINY, "methods": {"ssum": {}}}, r"^methods\.ssum: method must be one of"),
        ({**TINY, "methods": {"ssumm": {"ratio": [0.3, 2.0]}}}, r"^methods\.ssumm\.ratio: ratio must be in \[0\.001, 0\.99\] \(got 2\.0\)"),
        ({**TINY, "methods": {"ssumm": {"bogus": 1}}}, r"^methods\.ssumm\.bogus: ssumm has no parameter 'bogus'"),
        ({**TINY, "methods": {"ssumm": {"ratio": []}}}, r"^methods\.ssumm\.ratio: must have at least one value"),
        ({**TINY, "methods": {"ssumm": {}, "shyre": {}}}, r"^methods: every method of a grid must take the same kind"),
        ({**TINY, "methods": {}}, r"^methods: must be a table"),
        ({**TINY, "datasets": ["karate_club", "no_such_graph"]}, r"^datasets\[1\]: 'no_such_graph' is neither a shipped graph"),
        ({**TINY, "datasets": []}, r"^datasets: must be a list"),
        ({**TINY, "datasets": [{"name": "karate_club", "n_train": 3}]}, r"^datasets\[0\]\.n_train: unknown key"),
        ({**TINY, "seeds": [1, -1]}, r"^seeds: each seed must be an integer"),
        ({**TINY, "seeds": "one"}, r"^seeds: must be a list of integers"),
        ({**TINY, "time_limit": 0}, r"^time_limit: must be a number of seconds"),
        ({**TINY, "name": "bad name!"}, r"^name: must be 1-60 letters"),
        ({**TINY, "colour": "red"}, r"^colour: unknown key"),
        ({**TINY, "seeds": list(range(1000)), "methods": {"ssumm": {"ratio": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]}},
          "datasets": ["karate_club", "les_miserables"]}, r"^grid: 12,000 tasks .*at most 10,000"),
    ],
)
def test_parse_grid_errors_name_the_key_on_one_line(source, message):
    with pytest.raises(GridError, match=message) as caught:
        parse_grid(source)
    assert "\n" not in str(caught.value)


def test_parse_grid_dataset_kinds_and_files(tmp_path):
    (tmp_path / "a.txt").write_text("0 1 2\n2 3\n")
    (tmp_path / "b.txt").write_text("4 5 6\n")
    grid = parse_grid({"datasets": ["crime", {"train": "a.txt", "test": "b.txt"}], "seeds": [1],
                       "methods": {"maxclique": {}}}, base_dir=tmp_path)
    assert grid.datasets[1].train == str(tmp_path / "a.txt") and grid.datasets[1].title == "a.txt → b.txt"
    with pytest.raises(GridError, match=r"^datasets\[0\]: unknown hypergraph pair 'karate_club'"):
        parse_grid({"datasets": ["karate_club"], "seeds": [1], "methods": {"maxclique": {}}})
    with pytest.raises(GridError, match=r"^datasets\[0\]\.test: no such file"):
        parse_grid({"datasets": [{"train": "a.txt", "test": "zz.txt"}], "seeds": [1], "methods": {"cfinder": {}}},
                   base_dir=tmp_path)
    scenes = parse_grid({"datasets": [{"name": "synthetic", "n_train": 20, "n_test": 5}, "demo"], "seeds": [1],
                         "methods": {"frequency": {}}})
    assert [d.title for d in scenes.datasets] == ["synthetic (20/5)", "demo"]
    with pytest.raises(GridError, match=r"^datasets\[0\]: 'nowhere.json' is neither 'synthetic', 'demo'"):
        parse_grid({"datasets": ["nowhere.json"], "seeds": [1], "methods": {"dnorm": {}}})
    edges = tmp_path / "g.csv"
    edges.write_text("source,target\n0,1\n1,2\n")
    graph_grid = parse_grid({"datasets": ["g.csv"], "seeds": [1], "methods": {"ssumm": {}}}, base_dir=tmp_path)
    assert graph_grid.datasets[0].name == str(edges) and graph_grid.datasets[0].title == "g.csv"


def test_load_grid_bad_file_one_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\nseeds = [1,\n')
    with pytest.raises(GridError, match="malformed grid TOML") as caught:
        load_grid(path)
    assert "\n" not in str(caught.value)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(GridError, match="must be UTF-8"):
        load_grid(path)


def test_shipped_grids_parse_and_stay_small():
    grids = list_grids()
    assert {"ssumm_size_error", "fastrp_vs_node2vec", "shyre_vs_baselines", "dnorm_vs_baseline",
            "tiny_summaries"} <= set(grids)
    for name, path in grids.items():
        grid = load_grid(path)
        assert grid.name == name and 0 < grid.n_tasks <= MAX_TASKS
        assert path.read_text().startswith("# Reproduces") or "SSumM" in path.read_text()
    assert load_grid(grids["ssumm_size_error"]).n_tasks == (7 + 1) * 3 * 3
    assert load_grid(grids["shyre_vs_baselines"]).n_tasks == 4 * 5 * 3


def test_resolve_inputs_each_kind():
    graph = resolve_inputs("graph", "karate_club")
    assert isinstance(graph, GraphInput) and graph.graph.n_nodes == 34
    pair = resolve_inputs("hypergraph_pair", DatasetSpec(name="crime"))
    assert isinstance(pair, HypergraphPair) and pair.train is not pair.test
    one = resolve_inputs("scenegraph_split", DatasetSpec(name="synthetic", n_train=6, n_test=3), seed=1)
    again = resolve_inputs("scenegraph_split", DatasetSpec(name="synthetic", n_train=6, n_test=3), seed=1)
    other = resolve_inputs("scenegraph_split", DatasetSpec(name="synthetic", n_train=6, n_test=3), seed=2)
    assert isinstance(one, SceneGraphSplit) and len(one.train.graphs) == 6 and len(one.test.graphs) == 3
    assert one.fingerprint() == again.fingerprint() != other.fingerprint()
    demo = resolve_inputs("scenegraph_split", "demo", seed=1)
    assert len(demo.train.graphs) + len(demo.test.graphs) == 30
    with pytest.raises(Exception, match="kind must be one of"):
        resolve_inputs("tensor", "karate_club")


# --------------------------------------------------------------------------- on Dask
@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on 127.0.0.1; the test helpers importable on them."""
    from engine.experiments import local_cluster

    if str(HELPERS) not in sys.path:
        sys.path.insert(0, str(HELPERS))  # spawned workers inherit sys.path
    cluster = local_cluster(2)
    yield cluster
    cluster.close()


@pytest.mark.xdist_group("dask")
def test_run_grid_records_each_task_once_and_rerun_skips(cluster, tmp_path):
    registry = RunRegistry(tmp_path / "runs.sqlite")
    grid = parse_grid(TINY)
    seen = []
    result = run_grid(grid, scheduler=cluster.scheduler_address, registry=registry, on_task=seen.append)
    assert (result.n_tasks, result.n_done, result.n_skipped, result.n_failed, result.n_timed_out) == (6, 6, 0, 0, 0)
    stored = registry.list(grid_id=grid.id)
    assert len(stored) == 6 and len({run.task_key for run in stored}) == 6
    assert all(run.status == "ok" and run.grid_id == grid.id and run.metrics for run in stored)
    assert sorted((run.method, run.seed) for run in stored) == sorted(
        [("ssumm", 1), ("ssumm", 2)] * 2 + [("slugger", 1), ("slugger", 2)])
    assert [p.n_done for p in seen] == [1, 2, 3, 4, 5, 6] and seen[-1].fraction == 1.0
    assert seen[-1].row["status"] == "ok"
    # Same seed, same metrics as a direct run in this process.
    from engine.methods import execute

    direct = execute("ssumm", resolve_inputs("graph", "karate_club"), {"ratio": 0.3, "n_iterations": 2}, seed=1,
                     record=False)
    assert result.runs[0].metrics == direct.metrics and result.runs[0].task_key == direct.task_key

    again = run_grid(grid, scheduler=cluster.scheduler_address, registry=registry)
    assert (again.n_done, again.n_skipped) == (0, 6)
    assert [run.id for run in again.runs] == [run.id for run in result.runs]
    assert len(registry.list(grid_id=grid.id)) == 6
    summary = again.summary()
    assert summary["n_skipped"] == 6 and len(summary["rows"]) == 6 and all(r["skipped"] for r in summary["rows"])


@pytest.mark.xdist_group("dask")
def test_run_tasks_failure_recorded_and_rest_finish(cluster, tmp_path):
    import gridtest_methods as helpers

    registry = RunRegistry(tmp_path / "runs.sqlite")
    karate = DatasetSpec(name="karate_club")
    tasks = [Task(0, helpers.FAIL_ON_SEED, karate, {}, 1), Task(1, helpers.FAIL_ON_SEED, karate, {}, 2),
             Task(2, helpers.CRASH, karate, {}, 1), Task(3, helpers.FAIL_ON_SEED, karate, {}, 3)]
    result = run_tasks(tasks, grid_id="failing", scheduler=cluster.scheduler_address, registry=registry)
    assert [run.status for run in result.runs] == ["ok", "failed", "failed", "ok"]
    assert result.runs[1].error == "seed 2 is the bad seed"
    assert result.runs[2].error == "RuntimeError: boom"
    assert result.runs[0].metrics == {"n_nodes": 34}
    assert (result.n_done, result.n_failed) == (2, 2)
    assert len(registry.list(grid_id="failing")) == 4
    rerun = run_tasks(tasks, grid_id="failing", scheduler=cluster.scheduler_address, registry=registry)
    assert (rerun.n_skipped, rerun.n_failed) == (2, 2)  # failed tasks are run again, finished ones skipped


@pytest.mark.xdist_group("dask")
def test_run_grid_time_limits_record_timed_out(cluster, tmp_path):
    import gridtest_methods as helpers

    registry = RunRegistry(tmp_path / "runs.sqlite")
    # Cooperative: SLUGGER reports progress, so execute stops it at its first report past the limit.
    grid = parse_grid({"datasets": ["les_miserables"], "seeds": [1], "methods": {"slugger": {}}})
    result = run_grid(grid, scheduler=cluster.scheduler_address, registry=registry, time_limit=1e-6)
    (run,) = result.runs
    assert run.status == "timed_out" and "time limit" in run.error and result.n_timed_out == 1
    # Hard: a task that never reports progress is abandoned, its worker restarted, the others finish.
    karate = DatasetSpec(name="karate_club")
    tasks = [Task(0, helpers.SLEEP, karate, {"seconds": 120.0}, 1), Task(1, helpers.FAIL_ON_SEED, karate, {}, 1)]
    result = run_tasks(tasks, grid_id="sleepy", scheduler=cluster.scheduler_address, registry=registry,
                       time_limit=1.0)
    assert [run.status for run in result.runs] == ["timed_out", "ok"]
    assert "hard time limit of 6 s" in result.runs[0].error
    assert {run.status for run in registry.list(grid_id="sleepy")} == {"timed_out", "ok"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_workers(address: str, n: int, timeout: float = 120.0) -> None:
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(n, timeout=timeout)


@pytest.mark.xdist_group("dask")
def test_cli_grid_through_a_remote_scheduler_and_export(tmp_path, monkeypatch, capsys):
    from engine.cli import main

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GRAPHLENS_HOME": str(home)}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT, "env": env}
    scheduler = subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                                  str(port), "--no-dashboard"], **quiet)
    worker = None
    try:
        worker = subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nthreads", "1",
                                   "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1"], **quiet)
        _wait_for_workers(address, 1)
        grid_file = tmp_path / "grid.toml"
        grid_file.write_text(parse_grid({**TINY, "methods": {"ssumm": {"ratio": 0.3, "n_iterations": 2}}}).to_toml())
        done = subprocess.run([sys.executable, "-m", "engine", "grid", str(grid_file), "--scheduler", address,
                               "--json"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=400)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert (summary["n_tasks"], summary["n_done"], summary["n_failed"]) == (2, 2, 0)
        assert [(row["method"], row["seed"], row["status"]) for row in summary["rows"]] == [("ssumm", 1, "ok"),
                                                                                          ("ssumm", 2, "ok")]
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
    monkeypatch.setenv("GRAPHLENS_HOME", str(home))
    assert main(["runs", "export", "--grid", summary["grid_id"], "--format", "csv", "--out",
                 str(tmp_path / "runs.csv")]) == 0
    lines = (tmp_path / "runs.csv").read_text().splitlines()
    assert len(lines) == 3 and "method" in lines[0] and "re1" in lines[0]
    capsys.readouterr()
    assert main(["runs", "export", "--grid", summary["grid_id"], "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["seed"] for row in rows] == [1, 2] and all(row["grid_id"] == summary["grid_id"] for row in rows)
    assert main(["runs", "list", "--grids", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["grids"][0]["n_ok"] == 2


def test_cli_grid_errors_are_one_line(tmp_path, capsys):
    from engine.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text('datasets = ["karate_club"]\nseeds = [1]\n[methods.ssumm]\nratio = 3\n')
    assert main(["grid", str(bad), "--json"]) == 2
    assert capsys.readouterr().err == "error: methods.ssumm.ratio: ratio must be in [0.001, 0.99] (got 3.0)\n"
    assert main(["runs", "export", "--grid", "nope", "--format", "json"]) == 2
    assert capsys.readouterr().err.startswith("error: grid must be the id of a recorded grid")
