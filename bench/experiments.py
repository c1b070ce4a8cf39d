"""Grids on Dask: one grid serially in one process, on a LocalCluster of 2 workers, and on a
scheduler + 2 workers started as separate processes on 127.0.0.1 (the remote path).

Reports the speed-up of the local cluster over the serial loop (goal ≥ 1.7× on 2 cores), the
per-task overhead of the Dask path (goal ≤ 0.2 s: worker-seconds not spent inside the
runs, per task), and checks that all three paths give the same metrics for every task.
Writes its section of bench/RESULTS.md.

Usage: ``.venv/bin/python bench/experiments.py [--grid ssumm_size_error] [--workers 2] [--seeds 1,2,3] [--no-write]``
(``--seeds`` replaces the grid's seeds, to measure a smaller grid on a busy machine).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402
from engine.experiments import expand, list_grids, load_grid, local_cluster, resolve_inputs, run_grid  # noqa: E402
from engine.methods import execute, get_method  # noqa: E402
from engine.runs import RunRegistry  # noqa: E402


def _load() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def _serial(grid) -> tuple[float, dict, float]:
    """Every task in this process, inputs loaded once per dataset; (wall seconds, metrics by task, Σ run seconds)."""
    tasks = expand(grid)
    inputs, metrics, inside = {}, {}, 0.0
    start = time.perf_counter()
    for task in tasks:
        kind = get_method(task.method).input_kind
        if task.dataset not in inputs:
            inputs[task.dataset] = resolve_inputs(kind, task.dataset, task.seed)
        run = execute(task.method, inputs[task.dataset], task.params, seed=task.seed, record=False,
                      time_limit=grid.time_limit)
        metrics[run.task_key] = run.metrics
        inside += run.seconds
    return time.perf_counter() - start, metrics, inside


def _on_dask(grid, scheduler: str) -> tuple[float, dict, float]:
    """The grid through run_grid on ``scheduler`` with a fresh registry; (wall, metrics by task, Σ run seconds)."""
    registry = RunRegistry(Path(tempfile.mkdtemp()) / "runs.sqlite")
    start = time.perf_counter()
    result = run_grid(grid, scheduler=scheduler, registry=registry)
    wall = time.perf_counter() - start
    if result.n_done != result.n_tasks:
        raise SystemExit(f"{result.n_tasks - result.n_done} tasks did not finish: "
                         f"{[run.error for run in result.runs if run.status != 'ok'][:3]}")
    return wall, {run.task_key: run.metrics for run in result.runs}, sum(run.seconds for run in result.runs)


def _warm(scheduler: str, n_workers: int) -> None:
    """Import the engine and load numba's cached kernels on every worker (not part of the timed runs)."""
    from distributed import Client

    def touch() -> None:
        from engine.datasets import load_dataset
        from engine.methods import execute as run

        run("ssumm", load_dataset("karate_club"), {"n_iterations": 1}, seed=0, record=False)
        run("slugger", load_dataset("karate_club"), {"n_iterations": 1}, seed=0, record=False)

    with Client(scheduler) as client:
        client.wait_for_workers(n_workers, timeout=300)
        client.run(touch)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", default="ssumm_size_error")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", default=None, help="comma-separated seeds replacing the grid's")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args()
    grid = load_grid(list_grids()[args.grid])
    if args.seeds:
        grid = replace(grid, seeds=tuple(int(seed) for seed in args.seeds.split(",")))
    n = grid.n_tasks
    load_before = _load()
    print(f"{args.grid}: {n} tasks; load {load_before}", flush=True)

    # warm this process too (imports, numba cache) before timing the serial loop
    execute("ssumm", resolve_inputs("graph", "karate_club"), {"n_iterations": 1}, seed=0, record=False)
    serial, serial_metrics, serial_inside = _serial(grid)
    print(f"serial: {serial:.1f} s", flush=True)

    started = time.perf_counter()
    cluster = local_cluster(args.workers)
    cluster_start = time.perf_counter() - started
    try:
        _warm(cluster.scheduler_address, args.workers)
        local, local_metrics, local_inside = _on_dask(grid, cluster.scheduler_address)
    finally:
        cluster.close()
    print(f"LocalCluster({args.workers}): {local:.1f} s (cluster start {cluster_start:.1f} s)", flush=True)

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT, "env": env}
    scheduler = subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                                  str(port), "--no-dashboard"], **quiet)
    workers = subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nworkers", str(args.workers),
                                "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"], **quiet)
    try:
        _warm(address, args.workers)
        remote, remote_metrics, remote_inside = _on_dask(grid, address)
    finally:
        for process in (workers, scheduler):
            process.terminate()
            process.wait(timeout=60)
    print(f"scheduler + workers: {remote:.1f} s", flush=True)
    load_after = _load()

    same_local = local_metrics == serial_metrics
    same_remote = remote_metrics == serial_metrics
    speedup = serial / local
    overhead_local = (args.workers * local - local_inside) / n
    overhead_remote = (args.workers * remote - remote_inside) / n
    lines = [
        f"Command: `.venv/bin/python bench/experiments.py --grid {args.grid} --workers {args.workers}"
        f"{' --seeds ' + args.seeds if args.seeds else ''}`. "
        f"Grid `{args.grid}` ({n} tasks: {', '.join(m for m, _ in grid.methods)} on "
        f"{', '.join(d.title for d in grid.datasets)}, seeds {', '.join(map(str, grid.seeds))}). "
        f"Load average (1/5/15 min) {load_before} before, {load_after} after: the machine's 2 cores were shared "
        "with other engineers' jobs, so the absolute times and the speed-up are pessimistic.",
        "",
        "Overhead per task = (workers × wall − Σ seconds measured inside the runs) / tasks: the worker time not spent "
        "in a method (scheduling, transfers, recording, idle workers at the tail). Workers were warmed (engine "
        "imported, numba kernels loaded) before timing; the local cluster's start is listed apart.",
        "",
        "| path | wall s | Σ run s | speed-up vs serial | overhead per task s | same metrics as serial |",
        "|---|---|---|---|---|---|",
        f"| serial, one process | {serial:.1f} | {serial_inside:.1f} | 1.00 | – | – |",
        f"| LocalCluster, {args.workers} workers (start {cluster_start:.1f} s) | {local:.1f} | {local_inside:.1f} | "
        f"{speedup:.2f} | {overhead_local:.3f} | {'yes' if same_local else 'NO'} |",
        f"| scheduler + {args.workers} workers as processes on 127.0.0.1 | {remote:.1f} | {remote_inside:.1f} | "
        f"{serial / remote:.2f} | {overhead_remote:.3f} | {'yes' if same_remote else 'NO'} |",
        "",
        f"- speed-up {speedup:.2f}× (goal ≥ 1.7×): **{'reached' if speedup >= 1.7 else 'not reached'}**.",
        f"- overhead {overhead_local:.3f} s per task (goal ≤ 0.2 s): "
        f"**{'reached' if overhead_local <= 0.2 else 'not reached'}**.",
        f"- the runs themselves took {local_inside / serial_inside:.2f}× (local cluster) and "
        f"{remote_inside / serial_inside:.2f}× (scheduler + workers) their serial time inside the worker "
        "processes (Σ run s): where this is well above 1, the time went to slower runs, not to scheduling.",
    ]
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        write_section("experiments", "## Grids on Dask (`bench/experiments.py`)\n\n" + table)


if __name__ == "__main__":
    main()
