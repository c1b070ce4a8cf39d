"""Scaling of the reader, SSumM, SLUGGER and FastRP from 0.5M to 20M edges (issue 10).

Run: ``.venv/bin/python bench/scale.py [--sizes 0.5M,2M,5M,20M] [--graphs ba,dcsbm]
[--steps read,ssumm,slugger,fastrp] [--data DIR]``; each measurement is appended to
``DIR/rows.jsonl`` and the ``scale`` section of bench/RESULTS.md is rewritten from all rows
gathered so far, so the sizes can be measured one at a time (the large ones take long).
``--cli-log LOG --graph G --size S --step STEP --code VERSION`` adds instead the row of a literal
``python -m engine summarize`` run under ``/usr/bin/time -v`` (its log: a ``start … load …`` line,
the JSON output, time's report, an ``end … load …`` line): wall s is the run's own ``seconds``, CPU s
and peak the whole process's (interpreter start and reading the file included).

Every (graph, size, step) runs in a fresh process: it reads the edge list with
:func:`engine.io.read_graph` (the ``read`` row is that alone), then runs the step as
``python -m engine summarize FILE --method ssumm --ratio 0.1 --error re1 --seed 1`` and
``--method slugger --seed 1`` do, or FastRP at dim 128. Peak RSS is the process's
``ru_maxrss`` (interpreter and graph included); wall and CPU seconds are the step's own.
Graphs: Barabási–Albert (m = 10, as in the issue's Java figures) and the seeded
degree-corrected SBM of :mod:`engine.generators` (average degree 20, blocks of 200 nodes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402

SIZES = {"0.1M": 100_000, "0.5M": 500_000, "2M": 2_000_000, "5M": 5_000_000, "20M": 20_000_000}
STEPS = ("read", "ssumm", "slugger", "fastrp")
BA_M = 10

#: The issue's measurements on this machine: (ours before, Java) as (seconds, GB) ranges' midpoints.
JAVA = {
    ("ssumm", "0.5M"): (12.6, 1.2), ("ssumm", "2M"): (76.0, 2.6), ("ssumm", "5M"): (198.5, 3.85),
    ("slugger", "0.5M"): (14.7, 0.9), ("slugger", "2M"): (88.0, 2.45), ("slugger", "5M"): (247.5, 5.7),
}
BEFORE = {
    ("ssumm", "0.5M"): (11.1, 0.63), ("ssumm", "2M"): (75.5, 1.2), ("ssumm", "5M"): (196.5, 2.2),
    ("slugger", "0.5M"): (5.2, 0.75), ("slugger", "2M"): (31.0, 1.6), ("slugger", "5M"): (72.0, 3.0),
}


# ----------------------------------------------------------------------------- inputs
def _ba_edges(n_edges: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from numba import njit

    @njit(cache=False)
    def grow(n_nodes, m, seed):
        np.random.seed(seed)
        source = np.empty(m * n_nodes, dtype=np.int64)
        target = np.empty(m * n_nodes, dtype=np.int64)
        ends = np.empty(2 * m * n_nodes, dtype=np.int64)  # every edge end: sampling by degree
        k = 0
        n_ends = 0
        for v in range(1, m + 1):  # a star on m + 1 nodes, as networkx starts
            source[k], target[k] = 0, v
            ends[n_ends], ends[n_ends + 1] = 0, v
            k += 1
            n_ends += 2
        chosen = np.empty(m, dtype=np.int64)
        for v in range(m + 1, n_nodes):
            c = 0
            while c < m:
                t = ends[np.random.randint(0, n_ends)]
                fresh = True
                for j in range(c):
                    if chosen[j] == t:
                        fresh = False
                        break
                if fresh:
                    chosen[c] = t
                    c += 1
            for j in range(m):
                source[k], target[k] = chosen[j], v
                ends[n_ends], ends[n_ends + 1] = chosen[j], v
                k += 1
                n_ends += 2
        return source[:k], target[:k]

    n_nodes = n_edges // BA_M + 1
    return grow(n_nodes, BA_M, seed)


def ensure_input(kind: str, label: str, folder: Path) -> Path:
    """The edge list of ``kind`` at ``label`` edges (written once, then reused)."""
    from engine.generators import degree_corrected_sbm_edges, write_edge_list

    path = folder / f"{kind}_{label}.txt"
    if path.exists():
        return path
    n_edges = SIZES[label]
    if kind == "ba":
        source, target = _ba_edges(n_edges, seed=1)
    else:
        n_nodes = n_edges // 10
        source, target, _ = degree_corrected_sbm_edges(n_nodes, n_edges, n_blocks=n_nodes // 200, seed=1)
    write_edge_list(path, source, target)
    return path


# ----------------------------------------------------------------------------- one measurement
def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure_child(path: str, step: str) -> dict:
    """Run in the child process: read ``path`` and run ``step``; return the figures."""
    from engine.io import read_graph

    start, cpu = time.perf_counter(), time.process_time()
    graph = read_graph(path)
    row = {
        "read_s": time.perf_counter() - start,
        "read_cpu_s": time.process_time() - cpu,
        "n_nodes": graph.n_nodes,
        "n_edges": graph.n_edges,
        "graph_bytes": graph.nbytes,
        "read_peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "rss_after_read": _rss(),
    }
    start, cpu = time.perf_counter(), time.process_time()
    if step == "ssumm":
        from engine.summarization import ssumm

        summary = ssumm(graph, ratio=0.1, error="re1", seed=1)
        row.update(re1=summary.re1, relative_size=summary.size_bits / summary.input_bits,
                   n_supernodes=summary.n_supernodes)
    elif step == "slugger":
        from engine.summarization import slugger

        summary = slugger(graph, seed=1)
        row.update(relative_size=summary.relative_size)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        row["lossless"] = bool(summary.verified(graph).lossless)
        row.update(step_s=seconds, step_cpu_s=cpu_seconds)
    elif step == "fastrp":
        from engine.embedding.fastrp import fastrp

        embedding = fastrp(graph, dim=128, seed=1)
        row["embedding_bytes"] = embedding.vectors.nbytes
    if "step_s" not in row:
        row.update(step_s=time.perf_counter() - start, step_cpu_s=time.process_time() - cpu)
    row["peak_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return row


def engine_version() -> str:
    """The commit measured: ``$SCALE_CODE`` when set (a copy of the tree outside git), else ``git rev-parse``."""
    if os.environ.get("SCALE_CODE"):
        return os.environ["SCALE_CODE"]
    result = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def measure(kind: str, label: str, step: str, folder: Path) -> dict:
    path = ensure_input(kind, label, folder)
    load = os.getloadavg()[0]
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(path), step],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if result.returncode != 0:
        raise RuntimeError(f"{kind} {label} {step} failed: {result.stderr[-2000:]}")
    row = json.loads(result.stdout.strip().splitlines()[-1])
    row.update(graph=kind, size=label, step=step, file_bytes=path.stat().st_size, load_before=load,
               load_after=os.getloadavg()[0], date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               code=engine_version())
    return row


def row_from_cli_log(log: Path, kind: str, label: str, step: str, code: str, folder: Path) -> dict:
    """The row of one ``python -m engine summarize FILE --json`` run logged with ``/usr/bin/time -v``."""
    import re

    text = log.read_text()
    output = json.loads([line for line in text.splitlines() if line.startswith("{")][-1])  # the last: the logged run
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text)[1])
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", text)[1])
    max_rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)[1]) * 1024
    loads = [float(value) for value in re.findall(r"load ([\d.]+)", text)]
    end = re.findall(r"end (\S+)", text)
    path = folder / f"{kind}_{label}.txt"
    row = {"n_nodes": output.get("n_nodes"), "n_edges": output.get("n_edges"),
           "step_s": output["seconds"], "step_cpu_s": user + system, "peak_bytes": max_rss,
           "graph": kind, "size": label, "step": step, "file_bytes": path.stat().st_size if path.exists() else None,
           "load_before": loads[0], "load_after": loads[-1], "date": end[-1] if end else "",
           "code": f"{code} (CLI, /usr/bin/time: CPU and peak of the whole process)"}
    if step == "ssumm":
        row.update(re1=output["re1"], relative_size=output["relative_size"], n_supernodes=output["n_supernodes"])
    else:
        row.update(relative_size=output["relative_size"], lossless=bool(output.get("lossless")))
    return row


# ----------------------------------------------------------------------------- table
def _exponent(rows: list[dict], key: str) -> str:
    points = [(row["n_edges"], row[key]) for row in rows if row.get(key)]
    if len(points) < 2:
        return "–"
    x, y = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    return f"{np.polyfit(x, y, 1)[0]:.2f}"


def table(rows: list[dict]) -> str:
    latest: dict[tuple, dict] = {}
    for row in rows:
        latest[(row["graph"], row["size"], row["step"])] = row
    lines = [
        "Command: `.venv/bin/python bench/scale.py --sizes SIZES --graphs GRAPHS --steps STEPS --data DIR` "
        "(one process per row; `--table-only` rewrites this table from `DIR/rows.jsonl`). Wall s is the step's "
        "elapsed time alone; CPU s its process CPU time, the figure to compare on this shared 2-core machine, whose "
        "load average (1 min, before/after the row) is given per row. Peak is the process's max RSS (Python, "
        "numpy, the graph, the file's parse and the step); B/edge = peak / edges. `read` rows: reading the file "
        "alone (CSR bytes held = graph_bytes). Code: the engine version measured (the newest row of each "
        "graph, size and step is shown).",
        "",
        "| graph | edges | step | wall s | CPU s | peak GB | B/edge | CSR B/edge | result | load | Java s / GB "
        "| before s / GB | code |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (kind, label, step), row in sorted(latest.items(), key=lambda item: (item[0][0], SIZES[item[0][1]],
                                                                             STEPS.index(item[0][2]))):
        seconds = row["read_s"] if step == "read" else row["step_s"]
        cpu = row["read_cpu_s"] if step == "read" else row["step_cpu_s"]
        peak = row["read_peak_bytes"] if step == "read" else row["peak_bytes"]
        if step == "ssumm":
            result = f"RE1 {row['re1']:.3e}, size {row['relative_size']:.3f}"
        elif step == "slugger":
            result = f"rel. size {row['relative_size']:.3f}, lossless {row['lossless']}"
        elif step == "fastrp":
            result = f"CSR+emb {(row['graph_bytes'] + row['embedding_bytes']) / 1e9:.2f} GB"
        else:
            result = f"{row['file_bytes'] / 1e6:.0f} MB file"
        csr = f"{row['graph_bytes'] / row['n_edges']:.1f}" if row.get("graph_bytes") else "–"
        java = JAVA.get((step, label)) if kind == "ba" else None
        before = BEFORE.get((step, label)) if kind == "ba" else None
        lines.append(
            f"| {kind} | {row['n_edges']:,} | {step} | {seconds:.1f} | {cpu:.1f} | {peak / 1e9:.2f} | "
            f"{peak / row['n_edges']:.0f} | {csr} | {result} | "
            f"{row['load_before']:.0f}/{row['load_after']:.0f} | "
            f"{f'{java[0]:.0f} / {java[1]:.2f}' if java else '–'} | {f'{before[0]:.0f} / {before[1]:.2f}' if before else '–'} | "
            f"{row.get('code', '–')} |"
        )
    lines += ["", "Fitted exponents (log-log slope over the sizes measured):", "",
              "| graph | step | time (wall) | time (CPU) | peak memory |", "|---|---|---|---|---|"]
    for kind in sorted({key[0] for key in latest}):
        for step in STEPS:
            group = [row for (k, _, s), row in latest.items() if k == kind and s == step]
            if len(group) < 2:
                continue
            group = [dict(row, wall=row["read_s"] if step == "read" else row["step_s"],
                          cpu=row["read_cpu_s"] if step == "read" else row["step_cpu_s"],
                          peak=row["read_peak_bytes"] if step == "read" else row["peak_bytes"]) for row in group]
            lines.append(f"| {kind} | {step} | {_exponent(group, 'wall')} | {_exponent(group, 'cpu')} | "
                         f"{_exponent(group, 'peak')} |")
    return "## Massive graphs: scaling to 20M edges (`bench/scale.py`, issue 10)\n\n" + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.5M,2M,5M")
    parser.add_argument("--graphs", default="ba,dcsbm")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--data", default="/tmp/graphlens-scale")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "STEP"), help=argparse.SUPPRESS)
    parser.add_argument("--table-only", action="store_true", help="rewrite RESULTS.md from the rows gathered")
    parser.add_argument("--cli-log", metavar="LOG", help="add the row of a `summarize` run logged by /usr/bin/time -v")
    parser.add_argument("--graph", help="with --cli-log: the graph kind (ba or dcsbm)")
    parser.add_argument("--size", help="with --cli-log: the size label (e.g. 20M)")
    parser.add_argument("--step", help="with --cli-log: ssumm or slugger")
    parser.add_argument("--code", help="with --cli-log: the engine version that ran")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_child(*args.child)))
        return
    folder = Path(args.data)
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "rows.jsonl"
    if args.cli_log:
        row = row_from_cli_log(Path(args.cli_log), args.graph, args.size, args.step, args.code, folder)
        earlier = [json.loads(line) for line in log.read_text().splitlines() if line.strip()] if log.exists() else []
        same = [r for r in earlier if (r["graph"], r["size"]) == (args.graph, args.size) and r.get("graph_bytes")]
        row["graph_bytes"] = same[-1]["graph_bytes"] if same else None  # the CSR of that file, from its read row
        with log.open("a") as handle:
            handle.write(json.dumps(row) + "\n")
        print(json.dumps(row))
    elif not args.table_only:
        for label in args.sizes.split(","):
            for kind in args.graphs.split(","):
                for step in args.steps.split(","):
                    row = measure(kind, label, step, folder)
                    with log.open("a") as handle:
                        handle.write(json.dumps(row) + "\n")
                    print(json.dumps(row), flush=True)
    rows = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    write_section("scale", table(rows))


if __name__ == "__main__":
    main()
